import { defineConfig } from 'vite';

// Electron Forge bundles electron/main/main.ts with this. The SQLite binding is native code
// loaded at run time, so it stays outside the bundle (and outside asar, see forge.config.ts).
export default defineConfig({
  build: {
    rollupOptions: {
      external: ['better-sqlite3-multiple-ciphers'],
    },
  },
});
