/**
 * The messages between the Electron main process and the services running in their own
 * process (a `utilityProcess`, as Signal runs its database off the window's thread), so that a
 * long export, import or merge never freezes the window. Calls are `dispatch` requests: a method
 * name and input in, a `Result` out, both plain data. Nothing here imports electron: the same
 * host runs under node:child_process.fork in the tests (test/integration/services/service-host.test.ts).
 */
import { dispatch } from '../../shared/api/dispatch';
import { fail, type Result } from '../../shared/api/result';
import { assertNever } from '../../shared/util/assert-never';
import type { LockReason } from './context';
import type { FieldnoteServices, ServicesOptions } from './fieldnote-services';

/** From the main process to the service host. `init` comes first; messages arrive in order. */
export type HostRequest =
  | { type: 'init'; options: ServicesOptions }
  | { type: 'call'; id: number; method: string; input: unknown }
  /** Suspend, screen lock, or the menu's Lock when the page did not lock itself. */
  | { type: 'lock'; reason: LockReason }
  /** The app is quitting: back up and close the project, then answer `closed`. */
  | { type: 'close' };

/** From the service host to the main process. */
export type HostMessage = { type: 'result'; id: number; result: Result<unknown> } | { type: 'locked'; reason: LockReason } | { type: 'closed' };

/** One end of the channel: Electron's process.parentPort, a forked child's IPC, a worker's port. */
export interface HostPort {
  postMessage(message: HostMessage): void;
  onMessage(listener: (message: HostRequest) => void): void;
}

export type HostedServices = Pick<FieldnoteServices, 'handlers' | 'noteCall' | 'onLock' | 'lock' | 'close'>;

const NOT_STARTED = 'The services are not started yet. Try again.';

/** Answers every request on `port` with the services `create` makes on `init`. */
export function serveServices(port: HostPort, create: (options: ServicesOptions) => HostedServices): void {
  let services: HostedServices | null = null;
  // Calls still running (an import waiting on its worker): a lock or close waits for them, so
  // the project is never closed under a call that is about to write.
  const running = new Set<Promise<void>>();
  const afterRunning = (then: () => void): void => {
    void Promise.allSettled([...running]).then(then);
  };
  port.onMessage((message) => {
    switch (message.type) {
      case 'init':
        if (services !== null) return;
        services = create(message.options);
        services.onLock((reason) => port.postMessage({ type: 'locked', reason }));
        return;
      case 'call': {
        const { id, method, input } = message;
        if (services === null) {
          port.postMessage({ type: 'result', id, result: fail({ code: 'internal', message: NOT_STARTED }) });
          return;
        }
        services.noteCall(method);
        const call = dispatch(services.handlers, method, input, {
          // The error's name only: its message could hold interview content.
          onInternalError: (name, error) => console.error(`internal error in ${name}: ${(error as Error)?.name ?? 'Error'}`),
        }).then((result) => {
          try {
            port.postMessage({ type: 'result', id, result });
          } catch (error) {
            // A value the channel cannot copy is a bug here, not the caller's: answer anyway.
            console.error(`internal error in ${method}: ${(error as Error)?.name ?? 'Error'}`);
            port.postMessage({ type: 'result', id, result: fail({ code: 'internal', message: 'Something went wrong inside Fieldnote. Nothing was changed; try again.' }) });
          }
        });
        running.add(call);
        void call.finally(() => running.delete(call));
        return;
      }
      case 'lock': {
        const { reason } = message;
        afterRunning(() => services?.lock(reason));
        return;
      }
      case 'close':
        afterRunning(() => {
          services?.close();
          port.postMessage({ type: 'closed' });
        });
        return;
      default:
        assertNever(message);
    }
  });
}
