// The desktop menu's Lock asks the page first (it sends its last keystrokes, then locks), and
// locks anyway when the page does not.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { askToLock, LOCK_REQUEST_TIMEOUT_MS, type Lockable } from '../../../electron/services/lock-request';
import type { LockReason } from '../../../electron/services/fieldnote-services';

function fakeServices() {
  const listeners = new Set<(reason: LockReason) => void>();
  const locks: LockReason[] = [];
  const services: Lockable = {
    lock: (reason) => {
      locks.push(reason);
      for (const l of listeners) l(reason);
    },
    onLock: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { services, locks, listeners };
}

describe('the menu’s Lock', () => {
  afterEach(() => vi.useRealTimers());

  it('lets the page lock (after saving what it was sending) and does not lock a second time', () => {
    vi.useFakeTimers();
    const { services, locks, listeners } = fakeServices();
    askToLock(services, () => {
      setTimeout(() => services.lock('user'), 200); // the page drains its savers, then locks
      return true;
    });
    expect(locks).toEqual([]); // nothing locked before the page had its turn
    vi.advanceTimersByTime(LOCK_REQUEST_TIMEOUT_MS + 10);
    expect(locks).toEqual(['user']);
    expect(listeners.size).toBe(0);
  });

  it('locks anyway when the page does not answer, or there is no page', () => {
    vi.useFakeTimers();
    const silent = fakeServices();
    askToLock(silent.services, () => true);
    vi.advanceTimersByTime(LOCK_REQUEST_TIMEOUT_MS - 1);
    expect(silent.locks).toEqual([]);
    vi.advanceTimersByTime(2);
    expect(silent.locks).toEqual(['user']);
    const none = fakeServices();
    askToLock(none.services, () => false);
    expect(none.locks).toEqual(['user']);
  });
});
