/**
 * The main process's side of the service host (service-protocol.ts): `call` sends a dispatch
 * request and resolves with its `Result`, `lock` and `onLock` make it Lockable for the menu's
 * Lock (lock-request.ts), `close` lets the project back up and close before the app quits.
 * The host is started on first use; if it dies, its calls fail with an `internal` error, the
 * window is told the project locked, and the next call starts a new host. Plain Node: the
 * Electron glue passes in how to start a utilityProcess.
 */
import { fail, type Result } from '../../shared/api/result';
import type { LockReason } from './context';
import type { ServicesOptions } from './fieldnote-services';
import type { Lockable } from './lock-request';
import type { HostMessage, HostRequest } from './service-protocol';

/** A running service host, whatever started it (utilityProcess.fork, child_process.fork). */
export interface HostProcess {
  postMessage(message: HostRequest): void;
  onMessage(listener: (message: HostMessage) => void): void;
  onExit(listener: () => void): void;
  kill(): void;
}

const HOST_STOPPED = 'Fieldnote’s services stopped unexpectedly. Open the project again; everything saved before is in the file.';

export class ServiceClient implements Lockable {
  private host: HostProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private readonly lockListeners = new Set<(reason: LockReason) => void>();
  private closed: (() => void) | null = null;

  constructor(
    private readonly start: () => HostProcess,
    private readonly options: ServicesOptions,
  ) {}

  /** Any string: the host's dispatch rejects unknown methods and invalid input, as in process. */
  call(method: string, input: unknown): Promise<Result<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.connect().postMessage({ type: 'call', id, method, input });
    });
  }

  lock(reason: LockReason): void {
    // No host yet means nothing was ever opened: nothing to lock.
    this.host?.postMessage({ type: 'lock', reason });
  }

  onLock(listener: (reason: LockReason) => void): () => void {
    this.lockListeners.add(listener);
    return () => this.lockListeners.delete(listener);
  }

  /**
   * Backs up and closes the open project, then stops the host. A host still busy after
   * `timeoutMs` (a merge in progress) is stopped anyway: SQLite rolls back what was not committed.
   */
  close(timeoutMs = 10_000): Promise<void> {
    const host = this.host;
    if (host === null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.closed?.(), timeoutMs);
      this.closed = () => {
        clearTimeout(timer);
        this.closed = null;
        if (this.host === host) this.host = null;
        host.kill();
        resolve();
      };
      host.postMessage({ type: 'close' });
    });
  }

  private connect(): HostProcess {
    if (this.host !== null) return this.host;
    const host = this.start();
    host.onMessage((message) => this.receive(message));
    host.onExit(() => this.lost(host));
    host.postMessage({ type: 'init', options: this.options });
    this.host = host;
    return host;
  }

  private receive(message: HostMessage): void {
    switch (message.type) {
      case 'result': {
        const resolve = this.pending.get(message.id);
        this.pending.delete(message.id);
        resolve?.(message.result);
        return;
      }
      case 'locked':
        for (const listener of this.lockListeners) listener(message.reason);
        return;
      case 'closed':
        this.closed?.();
        return;
    }
  }

  /** The host exited: what it held is gone, so its calls fail and the window shows the project as locked. */
  private lost(host: HostProcess): void {
    if (this.host !== host) return;
    this.host = null;
    for (const [id, resolve] of this.pending) {
      this.pending.delete(id);
      resolve(fail({ code: 'internal', message: HOST_STOPPED }));
    }
    if (this.closed !== null) this.closed();
    else for (const listener of this.lockListeners) listener('shutdown');
  }
}
