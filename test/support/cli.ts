/**
 * The `fieldnote` command for tests. `fieldnote(args, env)` calls `main(argv, io)` in-process
 * with captured output: no tsx start-up, no child process. `fieldnoteProcess` and
 * `spawnFieldnote` run the real bin/fieldnote.mjs, for the few tests of the process boundary
 * (exit status of the binary, stdin, a kill in the middle of a command).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import { main } from '../../electron/cli/main';

export const root = nodePath.resolve(import.meta.dirname, '../..');
export const bin = nodePath.join(root, 'bin/fieldnote.mjs');

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

let defaultConfigDir: string | null = null;
/** One settings folder per test worker (device id, recent projects), never the user's own. */
function testConfigDir(): string {
  if (defaultConfigDir === null) {
    const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'fieldnote-cli-config-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    defaultConfigDir = dir;
  }
  return defaultConfigDir;
}

/**
 * Runs `fieldnote ARGS` in-process. `env` is the whole environment the command sees (passphrases,
 * FIELDNOTE_CONFIG_DIR), as for a process started with `input: ''`: no terminal, so no prompt.
 */
export async function fieldnote(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await main(args, {
    out: (text) => (stdout += `${text}\n`),
    err: (text) => (stderr += `${text}\n`),
    env: { FIELDNOTE_CONFIG_DIR: testConfigDir(), ...env },
    prompt: null,
  });
  return { status, stdout, stderr };
}

/** Runs bin/fieldnote.mjs as a process and waits for it (stdin empty unless `input`). */
export function fieldnoteProcess(args: readonly string[], options: { env?: Record<string, string>; input?: string; cwd?: string; timeout?: number } = {}): CliRun {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? root,
    env: { ...process.env, FIELDNOTE_CONFIG_DIR: testConfigDir(), ...options.env },
    encoding: 'utf8',
    input: options.input ?? '',
    ...(options.timeout ? { timeout: options.timeout } : {}),
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Starts bin/fieldnote.mjs without waiting, for tests that kill it part-way. */
export function spawnFieldnote(args: readonly string[], env: Record<string, string> = {}, stdio: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, FIELDNOTE_CONFIG_DIR: testConfigDir(), ...env }, stdio });
}
