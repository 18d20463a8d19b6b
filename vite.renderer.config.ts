import { defineConfig, type ConfigEnv, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY } from './electron/web-host/security-headers';

/**
 * The renderer: a plain Vite + React app. `npm run build:renderer` writes dist/renderer for
 * browser mode; Electron Forge's Vite plugin calls this config too (its env carries
 * `forgeConfigSelf`) and gets its own output folder under .vite/renderer/.
 */
const cspMeta = (): Plugin => ({
  name: 'fieldnote-csp-meta',
  apply: 'build',
  // Built pages carry the CSP themselves (file:// in Electron has no response headers).
  transformIndexHtml: (html) =>
    html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY.replace(/; frame-ancestors 'none'/, '')}" />`),
});

export default defineConfig((env: ConfigEnv & { forgeConfigSelf?: { name?: string } }) => {
  const forgeName = env.forgeConfigSelf?.name;
  return {
    root: fileURLToPath(new URL('./renderer', import.meta.url)),
    base: './',
    plugins: [react(), cspMeta()],
    build: {
      outDir: fileURLToPath(new URL(forgeName ? `./.vite/renderer/${forgeName}` : './dist/renderer', import.meta.url)),
      emptyOutDir: true,
      // No inline scripts or data: modules: the CSP forbids them.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      sourcemap: false,
    },
  };
});
