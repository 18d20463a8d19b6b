import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { drainAllSavers, LatestSaver, PAINT_DEADLINE_MS, unsavedWorkRemains } from '../../../renderer/src/editor/latest-saver';

// The saver runs in the renderer: give it a window whose frames come every 16 ms, on fake timers.
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

describe('a saver that sends after the frame that shows the keystroke', () => {
  it('keeps sending while keys come faster than frames (a key never pushes back a send already due)', async () => {
    const sentAt: number[] = [];
    const saver = new LatestSaver<number>(async () => void sentAt.push(Date.now()), 150, () => undefined, 160);
    const start = Date.now();
    for (let t = 0; t < 2000; t += 5) {
      saver.schedule(() => t);
      await vi.advanceTimersByTimeAsync(5);
    }
    // One key every 5 ms for 2 s: a send at least every 160 ms + the wait for a frame.
    const gaps = [sentAt[0]! - start, ...sentAt.slice(1).map((at, i) => at - sentAt[i]!)];
    expect(sentAt.length).toBeGreaterThanOrEqual(9);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(160 + PAINT_DEADLINE_MS);
    await saver.dispose();
  });

  it('sends the latest version once, after the debounce and the next frame', async () => {
    const sent: number[] = [];
    const saver = new LatestSaver<number>(async (v) => void sent.push(v), 150, () => undefined, 160);
    saver.schedule(() => 1);
    saver.schedule(() => 2);
    await vi.advanceTimersByTimeAsync(150);
    expect(sent).toEqual([]); // due, waiting for the frame
    await vi.advanceTimersByTimeAsync(PAINT_DEADLINE_MS);
    expect(sent).toEqual([2]);
    await saver.dispose();
  });
});

describe('a failed save and a stored state shown after it', () => {
  it('says unsaved work remains while a failed version waits, and a discarded version is never sent', async () => {
    const sent: number[] = [];
    let fail = true;
    const saver = new LatestSaver<number>(
      async (v) => {
        if (fail) throw new Error('offline');
        sent.push(v);
      },
      150,
      () => undefined,
      160,
    );
    saver.schedule(() => 1);
    await vi.advanceTimersByTimeAsync(150 + PAINT_DEADLINE_MS);
    expect(unsavedWorkRemains()).toBe(true);
    // The workbench shows what the services stored (after coding): the old version must not follow it.
    saver.discard();
    expect(unsavedWorkRemains()).toBe(false);
    fail = false;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(sent).toEqual([]);
    // New typing after that is saved as usual.
    saver.schedule(() => 2);
    await vi.advanceTimersByTimeAsync(150 + PAINT_DEADLINE_MS);
    expect(sent).toEqual([2]);
    await saver.dispose();
  });
});

// drainAllSavers before a lock: a debounced value that hands itself to another saver when sent
// (a typed answer's commit schedules the answer's save) is sent all the way, in one drain.
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
