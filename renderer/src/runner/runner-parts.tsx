/** Small pieces of the runner: the clock, the key legend and the end-early dialog. */
import { useEffect, useRef, useState } from 'react';
import type { KeyHelp } from './runner-keys';

const STARTED_RECENTLY_MS = 12 * 60 * 60 * 1000;

/** When the clock starts: the interview's time if it began within the last hours, else now. */
export function clockStart(heldAt: string, now: number): number {
  const held = Date.parse(heldAt);
  return Number.isFinite(held) && held <= now && now - held < STARTED_RECENTLY_MS ? held : now;
}

function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

export function Clock({ since, primaryLeft }: { since: number; primaryLeft: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <span className="clock" data-testid="clock">
      <span title="Time since the interview started">
        Elapsed <strong>{formatElapsed(now - since)}</strong>
      </span>
      <span data-testid="primary-left">
        {primaryLeft} primary question{primaryLeft === 1 ? '' : 's'} left
      </span>
    </span>
  );
}

export function KeyLegend({ keys }: { keys: readonly KeyHelp[] }) {
  return (
    <section className="key-legend" aria-labelledby="key-legend-title">
      <h2 id="key-legend-title" className="panel-title">
        Keys
      </h2>
      <dl>
        {keys.map((k) => (
          <div key={k.keys}>
            <dt>
              <kbd>{k.keys}</kbd>
            </dt>
            <dd>{k.does}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function EndEarlyDialog({ onEnd, onCancel, error }: { onEnd: (reason: string) => void; onCancel: () => void; error: string | null }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="end-dialog"
      aria-labelledby="end-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim() !== '') onEnd(reason.trim());
        }}
      >
        <h2 id="end-title">End the interview early?</h2>
        <p className="muted">Everything so far is saved. Say why it ended here; it goes with the interview into the review.</p>
        <div className="field">
          <label htmlFor="end-reason">Reason for ending early</label>
          <input id="end-reason" autoFocus value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. respondent was called away" />
        </div>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={reason.trim() === ''}>
            End interview
          </button>
          <button type="button" onClick={onCancel}>
            Keep going (Esc)
          </button>
        </div>
      </form>
    </dialog>
  );
}
