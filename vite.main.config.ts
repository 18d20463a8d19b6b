import { defineConfig } from 'vite';

// Electron Forge bundles electron/main/main.ts, the services' utilityProcess entry
// (electron/services/service-host.ts) and the exchange worker with this. The SQLite binding is native code
// loaded at run time, so it stays outside the bundle (and outside asar, see forge.config.ts).
export default defineConfig({
  build: {
    rollupOptions: {
      external: ['better-sqlite3-multiple-ciphers'],
    },
  },
});
