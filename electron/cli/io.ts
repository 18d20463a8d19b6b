/** Terminal input and output for the CLI: the process's streams, passphrases from the environment or a hidden prompt. */
import readline from 'node:readline';
import { Writable } from 'node:stream';
import type { CliIo } from './command';
import { UsageError, UserError } from './errors';

/** The real process: stdout, stderr, its environment, and a prompt when stdin is a terminal. */
export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
    prompt: process.stdin.isTTY ? hiddenPrompt : null,
  };
}

export async function readPassphrase(io: CliIo, envName: string, prompt: string, options: { confirm?: boolean } = {}): Promise<string> {
  const fromEnv = io.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (io.prompt === null) {
    throw new UserError(`No passphrase: set ${envName} or run the command in a terminal to be asked for it.`);
  }
  const first = await io.prompt(prompt);
  if (options.confirm) {
    const second = await io.prompt('Type it again: ');
    if (first !== second) throw new UserError('The two passphrases differ. Nothing was changed.');
  }
  return first;
}

function hiddenPrompt(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stderr.write(chunk);
      callback();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

export function requireArg(value: string | undefined, what: string, usage: string): string {
  if (value === undefined || value === '') throw new UsageError(`Missing ${what}.\nUsage: ${usage}`);
  return value;
}
