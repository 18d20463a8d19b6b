// Builds the renderer into dist/renderer when any source is newer than the last build,
// so `npm run web` and `npm start` always serve the current UI without a manual step.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'dist/renderer/index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

export function buildRendererIfStale() {
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  const sourcesAt = Math.max(newest(path.join(root, 'renderer')), newest(path.join(root, 'shared')));
  if (builtAt >= sourcesAt) return;
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('Building the user interface failed; see the messages above.');
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) buildRendererIfStale();
