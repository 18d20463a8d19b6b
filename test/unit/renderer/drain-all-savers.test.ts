/**
 * drainAllSavers before a lock: a debounced value that hands itself to another saver when sent
 * (a typed answer's commit schedules the answer's save) is sent all the way, in one drain.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatestSaver, drainAllSavers } from '../../../renderer/src/editor/latest-saver';

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('window', {
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (id: ReturnType<typeof setTimeout>) => clearTimeout(id),
    requestAnimationFrame: (fn: () => void) => setTimeout(fn, 16),
    cancelAnimationFrame: (id: ReturnType<typeof setTimeout>) => clearTimeout(id),
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('drainAllSavers', () => {
  it('sends a value that a drained saver handed to a saver with nothing pending when the drain began', async () => {
    const stored: string[] = [];
    const answerSaver = new LatestSaver<string>(async (v) => void stored.push(v), 0);
    // The typed field: its send hands the value to the answer's saver, as the runner does.
    const field = new LatestSaver<string>(async (v) => {
      answerSaver.schedule(() => v);
    }, 300);
    field.schedule(() => 'Joint case reviews');
    // Locking 50 ms later, long before the 300 ms debounce.
    await vi.advanceTimersByTimeAsync(50);
    const drained = drainAllSavers();
    await vi.advanceTimersByTimeAsync(0);
    await drained;
    expect(stored).toEqual(['Joint case reviews']);
    expect(answerSaver.hasPending || field.hasPending).toBe(false);
  });

  it('does not send a failed version again and again: the drain ends', async () => {
    let tries = 0;
    const failing = new LatestSaver<string>(async () => {
      tries += 1;
      throw new Error('offline');
    }, 100);
    failing.schedule(() => 'x');
    await drainAllSavers();
    expect(tries).toBeLessThanOrEqual(5);
    expect(failing.hasPending).toBe(true);
    failing.discard();
  });
});
