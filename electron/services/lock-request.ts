/**
 * The desktop menu's Lock. Its accelerator (Ctrl+L) takes the key before the page sees it, so the
 * page would not get to send the note typed in the last few hundred milliseconds. Instead the
 * page is asked: it drains its savers and locks itself (renderer/src/app.tsx). If it cannot be
 * asked, or does not lock within LOCK_REQUEST_TIMEOUT_MS, the services lock anyway: a lock the
 * user asked for always happens.
 */
import type { LockReason } from './context';

export const LOCK_REQUEST_TIMEOUT_MS = 3_000;

export interface Lockable {
  lock(reason: LockReason): unknown;
  onLock(listener: (reason: LockReason) => void): () => void;
}

/** `ask` sends the request to the page and says whether there was a page to send it to. */
export function askToLock(services: Lockable, ask: () => boolean, timeoutMs = LOCK_REQUEST_TIMEOUT_MS): void {
  let locked = false;
  const stop = services.onLock(() => {
    locked = true;
  });
  if (!ask()) {
    stop();
    services.lock('user');
    return;
  }
  setTimeout(() => {
    stop();
    if (!locked) services.lock('user');
  }, timeoutMs);
}
