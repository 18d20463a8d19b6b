/**
 * Saves "the latest version" of something typed live (a note, a text answer) without
 * blocking typing: changes are debounced, at most one request is in flight, and when it
 * returns the newest pending version (if any) is sent next. Intermediate versions are
 * skipped, never queued. The value is taken lazily (a thunk) so serialising a long note
 * happens once per request, not once per keystroke.
 */
export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

const RETRY_MS = 2_000;

/**
 * How long a due save waits at most for the frame that shows the keystroke. A visible window
 * paints within a frame (~16 ms); a hidden one may paint nothing, and the save must still be
 * on disk within 300 ms of the keystroke (NOTE_MAX_WAIT_MS + this + the request).
 */
export const PAINT_DEADLINE_MS = 40;

/**
 * Runs `fn` once the browser has painted the next frame: a requestAnimationFrame callback runs
 * just before the paint, a task queued from it runs after. Serialising and sending a long note
 * then never delays the frame that shows the last keystroke. Returns a cancel function.
 */
export function afterNextPaint(fn: () => void, deadlineMs = PAINT_DEADLINE_MS): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancel();
    fn();
  };
  let task: number | null = null;
  const frame = window.requestAnimationFrame(() => {
    task = window.setTimeout(run, 0);
  });
  const deadline = window.setTimeout(run, deadlineMs);
  const cancel = () => {
    done = true;
    window.cancelAnimationFrame(frame);
    window.clearTimeout(deadline);
    if (task !== null) window.clearTimeout(task);
  };
  return cancel;
}

/** Every saver with work outstanding, so locking can send what was just typed first. */
const live = new Set<LatestSaver<unknown>>();

/**
 * Sends everything typed but not yet saved, in every open editor and field (call before
 * locking). A send may hand its value to another saver (a typed answer's commit schedules the
 * answer's save), so it goes round again until no saver holds anything unsent, a few rounds at most.
 */
export async function drainAllSavers(): Promise<void> {
  // A saver whose send failed stays pending (it retries on its own): it is not tried again here.
  const failed = new Set<LatestSaver<unknown>>();
  for (let round = 0; round < 5; round += 1) {
    const waiting = [...live].filter((saver) => saver.hasPending && !failed.has(saver));
    if (waiting.length === 0) return;
    await Promise.all(waiting.map((saver) => saver.drain().catch(() => undefined)));
    for (const saver of waiting) if (saver.hasPending) failed.add(saver);
  }
}

/**
 * True while some editor holds a version that is not stored (a send failed and waits to be
 * tried again). Coding must not run then: the stored note it reloads would be overwritten by
 * that older version, and the coding it made would be lost with its mark.
 */
export function unsavedWorkRemains(): boolean {
  return [...live].some((saver) => saver.hasPending);
}

export class LatestSaver<T> {
  private latest: (() => T) | null = null;
  /** Cancels the scheduled send (a debounce timer, then the wait for the next painted frame). */
  private timer: (() => void) | null = null;
  /** The debounce is over and the send waits for the next painted frame. */
  private due = false;
  private inFlight: Promise<void> | null = null;
  private disposed = false;
  /** When the oldest unsent change was made; typing without a pause still saves every maxWaitMs. */
  private pendingSince: number | null = null;

  constructor(
    private readonly send: (value: T) => Promise<void>,
    private readonly delayMs: number,
    private readonly onState: (state: SaveState, error?: unknown) => void = () => undefined,
    private readonly maxWaitMs = 1_500,
  ) {}

  /** A new version exists; it is sent `delayMs` after the last call (or after the request in flight). */
  schedule(take: () => T): void {
    live.add(this as LatestSaver<unknown>);
    this.latest = take;
    this.onState('pending');
    // A send already due waits only for the next frame: a keystroke must not push it back, or
    // keys typed faster than frames are drawn would put it off for as long as typing lasts.
    if (this.due) return;
    this.clearTimer();
    const now = Date.now();
    this.pendingSince ??= now;
    const overdue = now - this.pendingSince >= this.maxWaitMs;
    this.timer = this.later(overdue ? 0 : this.delayMs, () => this.afterPaint());
  }

  /** Sends the latest version now (or right after the request in flight). */
  flush(): Promise<void> {
    this.clearTimer();
    if (this.inFlight) return this.inFlight;
    const take = this.latest;
    if (!take) return Promise.resolve();
    this.latest = null;
    this.pendingSince = null;
    const value = take();
    this.onState('saving');
    const request = this.send(value).then(
      () => {
        if (!this.latest) this.onState('saved');
      },
      (error: unknown) => {
        // Keep the failed version unless a newer one arrived; try again shortly.
        if (!this.latest) this.latest = () => value;
        this.onState('error', error);
        if (!this.disposed && this.timer === null) this.timer = this.later(RETRY_MS, () => void this.flush());
      },
    );
    this.inFlight = request.finally(() => {
      this.inFlight = null;
      if (!this.latest) live.delete(this as LatestSaver<unknown>);
      if (this.latest && !this.disposed && this.timer === null) void this.flush();
    });
    return this.inFlight;
  }

  /** Resolves when everything typed so far was sent (or a send failed). */
  async drain(): Promise<void> {
    for (let round = 0; round < 5 && (this.inFlight || this.latest); round += 1) {
      if (this.inFlight) await this.inFlight;
      else await this.flush();
    }
  }

  get hasPending(): boolean {
    return this.latest !== null || this.inFlight !== null;
  }

  /**
   * Forgets the unsent version: the editor now shows a state the services stored (after coding,
   * a codebook undo or a merge), and an older version sent after it would undo that work.
   */
  discard(): void {
    this.clearTimer();
    this.latest = null;
    this.pendingSince = null;
    if (!this.inFlight) live.delete(this as LatestSaver<unknown>);
  }

  /** Sends what is pending and stops timers (the editor is going away). */
  dispose(): Promise<void> {
    const done = this.drain().finally(() => live.delete(this as LatestSaver<unknown>));
    this.disposed = true;
    return done;
  }

  private clearTimer(): void {
    this.timer?.();
    this.timer = null;
    this.due = false;
  }

  private later(ms: number, fn: () => void): () => void {
    const id = window.setTimeout(fn, ms);
    return () => window.clearTimeout(id);
  }

  /** The debounce is over: send once the keystroke's frame is on screen. */
  private afterPaint(): void {
    this.due = true;
    this.timer = afterNextPaint(() => {
      this.timer = null;
      this.due = false;
      void this.flush();
    });
  }
}
