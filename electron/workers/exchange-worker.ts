/** The worker thread's side of off-thread.ts: runs one exchange task per message and posts the result or the error back. */
import { parentPort } from 'node:worker_threads';
import { exchangeTasks, type ExchangeTask } from './exchange-tasks';
import { serialiseError } from './off-thread-errors';

parentPort?.on('message', (message: { id: number; task: ExchangeTask; args: unknown[] }) => {
  const run = exchangeTasks[message.task] as (...args: unknown[]) => Promise<unknown>;
  run(...message.args).then(
    (value) => parentPort?.postMessage({ id: message.id, ok: true, value }),
    (error: unknown) => parentPort?.postMessage({ id: message.id, ok: false, error: serialiseError(error) }),
  );
});
