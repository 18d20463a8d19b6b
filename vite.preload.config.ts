import { defineConfig } from 'vite';

// The preload script runs in a sandbox: it is bundled to one file with nothing external but electron.
export default defineConfig({});
