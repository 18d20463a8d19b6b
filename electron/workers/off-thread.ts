/**
 * Runs exchange tasks (exchange-tasks.ts) in one worker thread, started on first use and kept
 * for the process's life (held only while a task is out). The worker file sits beside this module:
 * `exchange-worker.ts` under tsx (browser mode, CLI, tests) and `exchange-worker.cjs` beside the
 * services' bundle in the Electron build (a Forge build entry). When it cannot be found or
 * started, the task runs inline: same result, only not off the thread.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { exchangeTasks, type ExchangeTask, type ExchangeTasks } from './exchange-tasks';
import { reviveError, type SerialisedError } from './off-thread-errors';

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerialisedError };

let worker: Worker | null | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

function workerFile(): string | null {
  try {
    // The CommonJS bundle (.vite/build) has __filename but an empty import.meta.
    const self = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
    return nodePath.join(nodePath.dirname(self), `exchange-worker${nodePath.extname(self)}`);
  } catch {
    return null;
  }
}

function startWorker(): Worker | null {
  const file = workerFile();
  // In the Electron bundle the worker entry is not shipped yet: run inline rather than fail.
  if (file === null || !fs.existsSync(file)) return null;
  try {
    // A .ts worker (development, tests, browser mode) needs the same TypeScript loader as us.
    const w = new Worker(file, file.endsWith('.ts') ? { execArgv: ['--import', 'tsx'] } : {});
    w.unref();
    w.on('message', (reply: Reply) => {
      const pending = waiting.get(reply.id);
      if (!pending) return;
      waiting.delete(reply.id);
      if (waiting.size === 0) w.unref();
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(reviveError(reply.error));
    });
    // A worker that dies (out of memory on a hostile file) fails what it held; the next task starts a new one.
    w.on('error', (error) => failAll(error));
    w.on('exit', () => {
      if (worker === w) worker = undefined;
      failAll(new Error('The worker thread stopped'));
    });
    return w;
  } catch {
    return null;
  }
}

function failAll(error: Error): void {
  for (const [id, pending] of waiting) {
    waiting.delete(id);
    pending.reject(error);
  }
}

type Result<T extends ExchangeTask> = Awaited<ReturnType<ExchangeTasks[T]>>;

export async function runOffThread<T extends ExchangeTask>(task: T, ...args: Parameters<ExchangeTasks[T]>): Promise<Result<T>> {
  if (worker === undefined) worker = startWorker();
  if (worker === null) return (await (exchangeTasks[task] as (...a: unknown[]) => Promise<unknown>)(...args)) as Result<T>;
  const w = worker;
  const id = nextId++;
  return new Promise<Result<T>>((resolve, reject) => {
    waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
    // Held while a task is out (a CLI run must wait for it), let go when idle.
    w.ref();
    w.postMessage({ id, task, args });
  });
}

/** Whether tasks run in a worker here (false in the CommonJS bundle). For tests and diagnostics. */
export function offThreadAvailable(): boolean {
  if (worker === undefined) worker = startWorker();
  return worker !== null;
}
