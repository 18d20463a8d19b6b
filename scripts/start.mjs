// `npm start`: the Electron app, or browser mode where no Electron binary can run
// (machines that cannot download it). Says which in one line.
import './require-node.mjs';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

// Electron 45 downloads its binary on first use. Try that once, quietly, so a laptop with
// internet gets the desktop app and a machine without it gets one clear line.
function electronBinary() {
  const pkgDir = path.join(root, 'node_modules/electron');
  if (!fs.existsSync(pkgDir)) return { ok: false, why: 'the electron package is not installed' };
  const binaryPath = () => {
    const pathFile = path.join(pkgDir, 'path.txt');
    return fs.existsSync(pathFile) ? path.join(pkgDir, 'dist', fs.readFileSync(pathFile, 'utf8')) : null;
  };
  let binary = binaryPath();
  if (!binary || !fs.existsSync(binary)) {
    const install = spawnSync(process.execPath, [path.join(pkgDir, 'install.js')], { stdio: 'ignore', timeout: 300_000 });
    binary = binaryPath();
    if (install.status !== 0 || !binary || !fs.existsSync(binary)) {
      return { ok: false, why: 'its binary is not installed and could not be downloaded' };
    }
  }
  const probe = spawnSync(binary, ['--version'], { timeout: 15_000, stdio: 'ignore', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (probe.status !== 0) return { ok: false, why: 'its binary does not run on this machine' };
  return { ok: true };
}

const electron = electronBinary();
const args = process.argv.slice(2);
let child;
if (electron.ok) {
  child = spawn(process.execPath, [path.join(root, 'node_modules/@electron-forge/cli/dist/electron-forge.js'), 'start', ...(args.length ? ['--', ...args] : [])], { cwd: root, stdio: 'inherit' });
} else {
  console.log(`Electron cannot start: ${electron.why}. Starting browser mode instead.`);
  child = spawn(process.execPath, [path.join(root, 'scripts/web.mjs'), ...args], { cwd: process.cwd(), stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
