/** Review status: draft → cleaned → reviewed, each move signed with initials and kept in a history. */
import type { InterviewDetail } from '../../../shared/api/contract';
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

export function StatusPanel({ detail, initials, onInitials, onChanged }: { detail: InterviewDetail; initials: string; onInitials: (v: string) => void; onChanged: (detail: InterviewDetail) => void }) {
  const { busy, error, setError, run } = useAction();
  const status = detail.summary.status;
  const move = (to: Status) => {
    if (initials.trim() === '') return setError('Type your initials first: each status change is signed.');
    void run(async () => onChanged(await call('interview.setStatus', { id: detail.summary.id, status: to, initials: initials.trim() })));
  };
  return (
    <section className="status-panel" aria-labelledby="status-heading">
      <h2 id="status-heading">
        Status: <span data-testid="interview-status">{statusText(status)}</span>
      </h2>
      <div className="row-fields">
        <div className="field">
          <label htmlFor="status-initials">Your initials</label>
          <input id="status-initials" maxLength={10} autoComplete="off" value={initials} onChange={(e) => onInitials(e.target.value)} />
        </div>
        <div className="actions compact">
          {MOVES[status].map((m) => (
            <button key={m.to} type="button" className={m.to === 'draft' || (status === 'reviewed' && m.to === 'cleaned') ? '' : 'primary'} disabled={busy} onClick={() => move(m.to)}>
              {m.label}
            </button>
          ))}
        </div>
      </div>
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
