// Closing the desktop window asks the page to send what it holds first (its last keystrokes),
// and closes anyway when the page does not answer or there is none.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { askToSave, CLOSE_REQUEST_TIMEOUT_MS } from '../../../electron/services/close-request';

describe('closing the window', () => {
  afterEach(() => vi.useRealTimers());

  it('waits for the page to save, then closes at once', async () => {
    vi.useFakeTimers();
    const steps: string[] = [];
    void askToSave((saved) => {
      setTimeout(() => {
        steps.push('page saved');
        saved();
      }, 250); // the page drains its savers
      return () => steps.push('stops listening');
    }).then(() => steps.push('window closes'));
    await vi.advanceTimersByTimeAsync(249);
    expect(steps).toEqual([]); // nothing closes while the page is still sending
    await vi.advanceTimersByTimeAsync(1);
    expect(steps).toEqual(['page saved', 'stops listening', 'window closes']);
  });

  it('closes anyway when the page does not answer, or there is no page', async () => {
    vi.useFakeTimers();
    let closed = false;
    let listening = false;
    void askToSave(() => {
      listening = true;
      return () => (listening = false);
    }).then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(CLOSE_REQUEST_TIMEOUT_MS - 1);
    expect(closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(closed).toBe(true);
    expect(listening).toBe(false); // a page that answers late is no longer listened for
    await expect(askToSave(() => null)).resolves.toBeUndefined();
  });
});
