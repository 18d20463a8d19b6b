/**
 * Installer configuration, checked without building installers (that needs the Electron
 * binary): targets, fuses, asar, file association, icons from one source, nothing from
 * development packaged.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import forgeConfig from '../../forge.config';

const root = nodePath.resolve(import.meta.dirname, '../..');
const builderYaml = fs.readFileSync(nodePath.join(root, 'electron-builder.yml'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(nodePath.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

/** The few keys we read from the YAML, without a YAML parser: `key: value` and `key: [a, b]` lines. */
function yamlValue(key: string): string | undefined {
  return new RegExp(`^\\s*${key}:\\s*(.+)$`, 'm').exec(builderYaml)?.[1]?.trim();
}

describe('Electron Forge', () => {
  it("uses the Vite plugin for main, preload, the services' process, the exchange worker and renderer", () => {
    const vite = forgeConfig.plugins?.find((p) => (p as { name?: string }).name === 'vite') as unknown as { config: { build: { entry: string }[]; renderer: { name: string }[] } };
    expect(vite).toBeDefined();
    expect(vite.config.build.map((b) => b.entry)).toEqual(['electron/main/main.ts', 'electron/preload/preload.ts', 'electron/services/service-host.ts', 'electron/workers/exchange-worker.ts']);
    expect(vite.config.renderer.map((r) => r.name)).toEqual(['main_window']);
  });

  it('starts Electron at the bundle the Vite plugin writes (main.cjs since plugin-vite 8), so the packaged app can start', () => {
    const mainConfig = fs.readFileSync(nodePath.join(root, 'node_modules/@electron-forge/plugin-vite/dist/config/vite.main.config.js'), 'utf8');
    const emitted = /fileName: \(\) => '\[name\](\.[a-z]+)'/.exec(mainConfig)?.[1];
    expect(emitted).toBeDefined();
    const main = (JSON.parse(fs.readFileSync(nodePath.join(root, 'package.json'), 'utf8')) as { main: string }).main;
    expect(main).toBe(`.vite/build/main${emitted!}`);
  });

  it('flips the fuses: no run-as-node, no NODE_OPTIONS or inspector, only the integrity-checked asar', () => {
    const fuses = forgeConfig.plugins?.find((p) => (p as { name?: string }).name === 'fuses') as unknown as { fusesConfig: Record<number, boolean> };
    expect(fuses).toBeDefined();
    expect(fuses.fusesConfig[FuseV1Options.RunAsNode]).toBe(false);
    expect(fuses.fusesConfig[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(fuses.fusesConfig[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(fuses.fusesConfig[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuses.fusesConfig[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
  });

  it('packs into asar with the native binding unpacked, and makes zip and deb', () => {
    expect(forgeConfig.packagerConfig?.asar).toEqual({ unpack: '**/*.node' });
    const makers = (forgeConfig.makers ?? []).map((m) => (m as { name?: string }).name);
    expect(makers).toEqual(expect.arrayContaining(['zip', 'deb']));
  });
});

describe('electron-builder', () => {
  it('builds AppImage, deb and rpm, NSIS and dmg', () => {
    expect(yamlValue('appId')).toBe('org.fieldnote.desktop');
    expect(yamlValue('productName')).toBe('Fieldnote');
    expect(builderYaml).toMatch(/linux:\s*\n\s*target: \[AppImage, deb, rpm\]/);
    expect(builderYaml).toMatch(/win:\s*\n\s*target: \[nsis\]/);
    expect(builderYaml).toMatch(/mac:\s*\n\s*target: \[dmg\]/);
  });

  it('associates .fieldnote files and sets the same fuses', () => {
    expect(builderYaml).toMatch(/fileAssociations:\s*\n\s*- ext: fieldnote/);
    for (const fuse of ['runAsNode: false', 'enableNodeOptionsEnvironmentVariable: false', 'enableNodeCliInspectArguments: false', 'onlyLoadAppFromAsar: true', 'enableEmbeddedAsarIntegrityValidation: true']) {
      expect(builderYaml).toContain(fuse);
    }
    expect(yamlValue('asar')).toBe('true');
  });

  it('packages only the built app: no sources, tests, benchmarks or dev dependencies', () => {
    const patterns = builderYaml
      .split('\nfiles:')[1]!
      .split('\nasar')[0]!
      .split('\n')
      .map((line) => /^\s*-\s*"?([^"]+)"?$/.exec(line)?.[1])
      .filter((p): p is string => p !== undefined);
    expect(patterns).toContain('.vite/build/**');
    for (const pattern of patterns) expect(pattern, pattern).toMatch(/^(\.vite\/|resources\/schedules\/|package\.json$|!)/);
    // Build tools and test tools are development dependencies, so electron-builder leaves them out.
    for (const tool of ['electron', 'electron-builder', 'vitest', '@playwright/test', 'typescript', 'vite', 'eslint']) {
      expect(pkg.devDependencies[tool], tool).toBeDefined();
      expect(pkg.dependencies[tool], tool).toBeUndefined();
    }
  });

  it('has every icon, generated from one source image', () => {
    expect(fs.existsSync(nodePath.join(root, 'resources/icon.svg'))).toBe(true);
    for (const file of ['icon.png', 'icon.ico', 'icon.icns', 'icons/256x256.png', 'icons/16x16.png']) {
      const bytes = fs.readFileSync(nodePath.join(root, 'resources/build', file));
      expect(bytes.length, file).toBeGreaterThan(100);
    }
    // PNG, ICO and ICNS signatures.
    expect(fs.readFileSync(nodePath.join(root, 'resources/build/icon.png')).subarray(1, 4).toString()).toBe('PNG');
    expect([...fs.readFileSync(nodePath.join(root, 'resources/build/icon.ico')).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    expect(fs.readFileSync(nodePath.join(root, 'resources/build/icon.icns')).subarray(0, 4).toString()).toBe('icns');
    expect(pkg.scripts.icons).toContain('make-icons');
    expect(pkg.scripts.dist).toContain('electron-builder');
  });
});
