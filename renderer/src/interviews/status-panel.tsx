/**
 * Review status: draft → cleaned → reviewed, each move signed with initials and kept in a
 * history. Reviewed means reviewed: with a review comment still open the move asks first, and
 * the same initials as the cleaner's get a warning (a review is a second pair of eyes). After
 * marking cleaned the initials field is emptied, so the reviewer signs with their own.
 */
import { useState } from 'react';
import type { InterviewDetail, ReviewComment } from '../../../shared/api/contract';
import { call } from '../api';
import { ErrorMessage } from '../components/form';
import { useAction } from '../use-async';
import { formatDateTime, statusText } from './format';

type Status = InterviewDetail['summary']['status'];

const MOVES: Record<Status, readonly { to: Status; label: string }[]> = {
  draft: [{ to: 'cleaned', label: 'Mark as cleaned' }],
  cleaned: [
    { to: 'reviewed', label: 'Mark as reviewed' },
    { to: 'draft', label: 'Back to draft' },
  ],
  reviewed: [{ to: 'cleaned', label: 'Back to cleaned' }],
};

/** Who cleaned the interview last (the initials of its latest move to cleaned), or null. */
export function cleanerOf(detail: InterviewDetail): string | null {
  const cleaned = detail.statusHistory.filter((h) => h.status === 'cleaned').at(-1);
  return cleaned ? cleaned.initials : null;
}

/** What to ask before marking reviewed, or [] when there is nothing to ask. */
export function reviewWarnings(detail: InterviewDetail, comments: readonly ReviewComment[], initials: string): string[] {
  const warnings: string[] = [];
  const open = comments.filter((c) => !c.resolved).length;
  if (open > 0) warnings.push(`${open} review comment${open === 1 ? ' is' : 's are'} not resolved yet.`);
  const cleaner = cleanerOf(detail);
  if (cleaner !== null && cleaner.trim().toUpperCase() === initials.trim().toUpperCase()) {
    warnings.push(`${cleaner} also cleaned this interview; a review is best done by someone else.`);
  }
  return warnings;
}

export function StatusPanel({
  detail,
  comments,
  initials,
  onInitials,
  onChanged,
}: {
  detail: InterviewDetail;
  comments: readonly ReviewComment[];
  initials: string;
  onInitials: (v: string) => void;
  onChanged: (detail: InterviewDetail) => void;
}) {
  const { busy, error, setError, run } = useAction();
  const [asking, setAsking] = useState<string[] | null>(null);
  const status = detail.summary.status;
  const commit = (to: Status) => {
    setAsking(null);
    void run(async () => {
      onChanged(await call('interview.setStatus', { id: detail.summary.id, status: to, initials: initials.trim() }));
      // Cleaned hands the interview to a reviewer: they sign with their own initials, not the cleaner's.
      if (to === 'cleaned') onInitials('');
    });
  };
  const move = (to: Status) => {
    if (initials.trim() === '') return setError('Type your initials first: each status change is signed.');
    const warnings = to === 'reviewed' ? reviewWarnings(detail, comments, initials) : [];
    if (warnings.length > 0) return setAsking(warnings);
    commit(to);
  };
  return (
    <section className="status-panel" aria-labelledby="status-heading">
      <h2 id="status-heading">
        Status: <span data-testid="interview-status">{statusText(status)}</span>
      </h2>
      <div className="row-fields">
        <div className="field">
          <label htmlFor="status-initials">Your initials</label>
          <input
            id="status-initials"
            maxLength={10}
            autoComplete="off"
            value={initials}
            onChange={(e) => {
              setAsking(null);
              onInitials(e.target.value);
            }}
          />
        </div>
        <div className="actions compact">
          {MOVES[status].map((m) => (
            <button key={m.to} type="button" className={m.to === 'draft' || (status === 'reviewed' && m.to === 'cleaned') ? '' : 'primary'} disabled={busy} onClick={() => move(m.to)}>
              {m.label}
            </button>
          ))}
        </div>
      </div>
      {asking ? (
        <div className="notice review-check" role="alertdialog" aria-labelledby="review-check-title" data-testid="review-check">
          <p id="review-check-title">
            <strong>Mark as reviewed?</strong>
          </p>
          <ul>
            {asking.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
          <div className="actions compact">
            <button type="button" onClick={() => commit('reviewed')} disabled={busy}>
              Mark reviewed anyway
            </button>
            <button type="button" className="primary" autoFocus onClick={() => setAsking(null)}>
              Not yet
            </button>
          </div>
        </div>
      ) : null}
      <ErrorMessage message={error} />
      <ol className="status-history" data-testid="status-history">
        {detail.statusHistory.map((h, i) => (
          <li key={i}>
            <strong>{statusText(h.status)}</strong> · {h.initials} · <time dateTime={h.changedAt}>{formatDateTime(h.changedAt)}</time>
          </li>
        ))}
      </ol>
    </section>
  );
}
