/**
 * Starts browser mode for one test: its own projects folder and config folder in a temp dir,
 * and the URL read from the single line the host prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import { test as base } from '@playwright/test';

const root = nodePath.resolve(import.meta.dirname, '../../..');

export interface WebApp {
  url: string;
  dir: string;
  stdout: () => string;
}

export async function startWebApp(extraArgs: string[] = []): Promise<{ app: WebApp; stop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'fieldnote-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', nodePath.join(root, 'electron/web-host/main.ts'), '--dir', dir, ...extraArgs], {
    cwd: root,
    env: { ...process.env, FIELDNOTE_CONFIG_DIR: nodePath.join(dir, '.config'), FIELDNOTE_MINUTE_MS: '4000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not start:\n${out}`)), 30_000);
    const check = () => {
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', () => reject(new Error(`browser mode exited:\n${out}`)));
  });
  return {
    app: { url, dir, stdout: () => out },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ webApp: WebApp }>({
  // Playwright requires an object pattern for a fixture with no dependencies.
  // eslint-disable-next-line no-empty-pattern
  webApp: async ({}, use) => {
    const { app, stop } = await startWebApp();
    await use(app);
    await stop();
  },
});

export { expect } from '@playwright/test';
