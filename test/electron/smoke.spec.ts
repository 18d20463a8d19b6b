/**
 * The real Electron app: start, create, lock, unlock, with the same page objects as the
 * browser suite. Where no Electron binary can run (machines that cannot download it), the
 * test skips and says why.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { FieldnoteApp } from '../e2e/support/pages';

const root = nodePath.resolve(import.meta.dirname, '../..');

function electronBinary(): { path: string | null; why: string } {
  const pkg = nodePath.join(root, 'node_modules/electron');
  const pathFile = nodePath.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) return { path: null, why: 'the Electron binary was never downloaded (node_modules/electron/path.txt is missing)' };
  const binary = nodePath.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8'));
  if (!fs.existsSync(binary)) return { path: null, why: `the Electron binary is missing at ${binary}` };
  const probe = spawnSync(binary, ['--version'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 15_000 });
  if (probe.status !== 0) return { path: null, why: 'the Electron binary does not run on this machine' };
  const built = nodePath.join(root, '.vite/build/main.cjs');
  if (!fs.existsSync(built)) return { path: null, why: 'the app is not built for Electron (run `npm run package` or `npm run electron:start` once)' };
  return { path: binary, why: '' };
}

const binary = electronBinary();
if (!binary.path) console.log(`Skipping the Electron smoke test: ${binary.why}.`);

test('Electron: start, create a project, lock, unlock', async () => {
  test.skip(!binary.path, `Electron cannot run here: ${binary.why}`);
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'fieldnote-electron-'));
  const app = await electron.launch({
    executablePath: binary.path!,
    args: [nodePath.join(root, '.vite/build/main.cjs')],
    env: { ...process.env, FIELDNOTE_CONFIG_DIR: nodePath.join(dir, 'config') },
  });
  try {
    const page = await app.firstWindow();
    const fieldnote = new FieldnoteApp(page);
    await fieldnote.ready();
    // Security claims, in the real window: no Node, no new windows, no navigation away,
    // no camera or microphone, no inline script.
    const security = await page.evaluate(async () => {
      const opened = window.open('https://example.com/');
      let media: string;
      try {
        await navigator.mediaDevices.getUserMedia({ audio: true });
        media = 'granted';
      } catch (error) {
        media = (error as Error).name;
      }
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.body.append(script);
      return {
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        opened: opened === null,
        media,
        inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true,
      };
    });
    expect(security).toEqual({ require: 'undefined', process: 'undefined', opened: true, media: 'NotAllowedError', inlineRan: false });
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    await fieldnote.createProject('Electron smoke', 'correct horse battery staple');
    await fieldnote.lock();
    await fieldnote.unlock('wrong passphrase here');
    await expect(fieldnote.errorMessage()).toContainText('Wrong passphrase');
    await fieldnote.unlock('correct horse battery staple');
    await expect(fieldnote.projectTitle()).toHaveText('Electron smoke');
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
