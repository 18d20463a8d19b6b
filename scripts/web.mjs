// `npm run web -- [--port N] [--project FILE] [--dir FOLDER]`: browser mode on 127.0.0.1.
import './require-node.mjs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildRendererIfStale } from './build-renderer-if-stale.mjs';

const root = path.resolve(import.meta.dirname, '..');
buildRendererIfStale();
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron/web-host/main.ts'), ...process.argv.slice(2)], {
  cwd: process.cwd(),
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
