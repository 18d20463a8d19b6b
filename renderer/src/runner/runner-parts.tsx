/** Small pieces of the runner: the clock, the key legend, the end-early and required-reason dialogs. */
import { useEffect, useRef, useState } from 'react';
import type { MissingReason } from '../../../shared/api/contract';
import type { KeyHelp } from './runner-keys';

function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/**
 * The interview clock: time in the runner from the first question, with pauses left out.
 * `elapsed` gives the milliseconds so far (stored time plus this sitting).
 */
export function Clock({ elapsed, primaryLeft }: { elapsed: () => number; primaryLeft: number }) {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setTick((n) => n + 1), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <span className="clock" data-testid="clock">
      <span title="Time in the interview since the first question, pauses left out">
        Elapsed <strong data-testid="elapsed">{formatElapsed(elapsed())}</strong>
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

/** The reasons a required question may be left without an answer, each with its one key. */
export const REQUIRED_REASONS: readonly { reason: Exclude<MissingReason, ''>; key: string; label: string }[] = [
  { reason: 'declined', key: 'D', label: 'Declined to answer' },
  { reason: 'not-applicable', key: 'N', label: 'Not applicable' },
  { reason: 'out-of-time', key: 'T', label: 'Ran out of time' },
];

/**
 * A required question is being left without an answer: one key says why (as CAPI soft
 * checks ask), Esc goes back to answer it.
 */
export function RequiredReasonDialog({ question, onReason, onCancel }: { question: string; onReason: (reason: Exclude<MissingReason, ''>) => void; onCancel: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // Enter must not record a reason by accident: it goes back to the question.
    dialog?.querySelector<HTMLButtonElement>('button[data-action="answer"]')?.focus();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="end-dialog required-dialog"
      aria-labelledby="required-title"
      data-testid="required-reason"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      onKeyDown={(e) => {
        if (e.ctrlKey || e.metaKey || e.altKey) return;
        const pressed = REQUIRED_REASONS.find((r) => e.code === `Key${r.key}` || e.key.toUpperCase() === r.key);
        if (!pressed) return;
        e.preventDefault();
        e.stopPropagation();
        onReason(pressed.reason);
      }}
    >
      <h2 id="required-title">{question} is required: why is there no answer?</h2>
      <p className="muted">Press a key; the reason is recorded with the question. Esc goes back to answer it.</p>
      <div className="actions">
        {REQUIRED_REASONS.map((r) => (
          <button key={r.reason} type="button" onClick={() => onReason(r.reason)} aria-keyshortcuts={r.key}>
            <kbd>{r.key}</kbd> {r.label}
          </button>
        ))}
        <button type="button" data-action="answer" onClick={onCancel}>
          Answer it (Esc)
        </button>
      </div>
    </dialog>
  );
}
