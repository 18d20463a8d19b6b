import type { ForgeConfig } from '@electron-forge/shared-types';
import { MakerDeb } from '@electron-forge/maker-deb';
import { MakerZIP } from '@electron-forge/maker-zip';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import { FuseV1Options, FuseVersion } from '@electron/fuses';

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Fieldnote',
    executableName: 'fieldnote',
    appBundleId: 'org.fieldnote.desktop',
    // One source image (resources/icon.svg) → scripts/make-icons.mjs → these files.
    icon: 'resources/build/icon',
    extraResource: ['resources/schedules/example-evaluation.xlsx'],
    // Native SQLite binding must live outside the asar archive to be loaded.
    asar: { unpack: '**/*.node' },
    protocols: [],
  },
  rebuildConfig: {},
  makers: [
    new MakerZIP({}, ['darwin', 'linux', 'win32']),
    new MakerDeb({ options: { name: 'fieldnote', productName: 'Fieldnote', mimeType: ['application/x-fieldnote'], categories: ['Office'] } }),
  ],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'electron/main/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'electron/preload/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
        // The services' own process (a utilityProcess), beside main.cjs where electron/main/main.ts starts it.
        { entry: 'electron/services/service-host.ts', config: 'vite.main.config.ts', target: 'main' },
        // Beside main.cjs and service-host.cjs, where electron/workers/off-thread.ts looks for it (else tasks run inline).
        { entry: 'electron/workers/exchange-worker.ts', config: 'vite.main.config.ts', target: 'main' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
    // Fuses are flipped in the packaged binary: no running as plain Node, no NODE_OPTIONS or
    // inspector flags, the app only from its integrity-checked asar.
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    }),
  ],
};

export default config;
