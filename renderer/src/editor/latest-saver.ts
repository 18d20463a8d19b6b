/**
 * Saves "the latest version" of something typed live (a note, a text answer) without
 * blocking typing: changes are debounced, at most one request is in flight, and when it
 * returns the newest pending version (if any) is sent next. Intermediate versions are
 * skipped, never queued. The value is taken lazily (a thunk) so serialising a long note
 * happens once per request, not once per keystroke.
 */
export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

const RETRY_MS = 2_000;

/** Every saver with work outstanding, so locking can send what was just typed first. */
const live = new Set<LatestSaver<unknown>>();

/** Sends everything typed but not yet saved, in every open editor (call before locking). */
export async function drainAllSavers(): Promise<void> {
  await Promise.all([...live].map((saver) => saver.drain().catch(() => undefined)));
}

export class LatestSaver<T> {
  private latest: (() => T) | null = null;
  private timer: number | null = null;
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
    this.clearTimer();
    const now = Date.now();
    this.pendingSince ??= now;
    const overdue = now - this.pendingSince >= this.maxWaitMs;
    this.timer = window.setTimeout(() => void this.flush(), overdue ? 0 : this.delayMs);
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
        if (!this.disposed && this.timer === null) this.timer = window.setTimeout(() => void this.flush(), RETRY_MS);
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

  /** Sends what is pending and stops timers (the editor is going away). */
  dispose(): Promise<void> {
    const done = this.drain().finally(() => live.delete(this as LatestSaver<unknown>));
    this.disposed = true;
    return done;
  }

  private clearTimer(): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
  }
}
