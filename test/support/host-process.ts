/**
 * The browser-mode host as a process of its own on a folder of projects, for the tests that
 * SIGKILL it and the benchmarks that measure it from outside. Resolves once it has printed its
 * address (token included).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import nodePath from 'node:path';

const root = nodePath.resolve(import.meta.dirname, '../..');

export interface HostProcess {
  child: ChildProcess;
  url: string;
  exited: Promise<unknown>;
}

export async function startHostProcess(dir: string, args: readonly string[] = [], stderr: 'pipe' | 'inherit' = 'inherit'): Promise<HostProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', nodePath.join(root, 'electron/web-host/main.ts'), '--dir', dir, ...args], {
    cwd: root,
    env: { ...process.env, FIELDNOTE_CONFIG_DIR: nodePath.join(dir, '.config') },
    stdio: ['ignore', 'pipe', stderr],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /Open: (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`the host exited before printing its address: ${out}`)));
  });
  return { child, url, exited };
}
