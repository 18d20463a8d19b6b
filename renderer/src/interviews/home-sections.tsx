/** Project-home sections for interviews: start one, list them, and the flagged names list. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { call } from '../api';
import { ErrorMessage } from '../components/form';
import { useAction } from '../use-async';

export function InterviewsSection({ count, onNew, onList }: { count: number; onNew: () => void; onList: () => void }) {
  return (
    <section aria-labelledby="interviews-heading">
      <h2 id="interviews-heading">Interviews</h2>
      <p className="muted">{count === 0 ? 'No interviews yet.' : `${count} interview${count === 1 ? '' : 's'} in this project.`}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={onNew}>
          New interview
        </button>
        <button type="button" onClick={onList}>
          All interviews
        </button>
      </div>
    </section>
  );
}

/**
 * Words to watch for in notes (names of people or places that identify someone). They are
 * highlighted wherever notes are shown so they can be replaced by an ID.
 */
export function FlaggedTermsSection() {
  const [terms, setTerms] = useState<{ id: string; term: string }[]>([]);
  const [term, setTerm] = useState('');
  const { busy, error, run } = useAction();
  const reload = useCallback(() => run(async () => setTerms((await call('flaggedTerms.list', {})).terms)), [run]);
  useEffect(() => void reload(), [reload]);

  const add = (e: FormEvent) => {
    e.preventDefault();
    if (term.trim() === '') return;
    void run(async () => {
      await call('flaggedTerms.add', { term: term.trim() });
      setTerm('');
      setTerms((await call('flaggedTerms.list', {})).terms);
    });
  };

  return (
    <section aria-labelledby="flagged-heading">
      <h2 id="flagged-heading">Flagged names</h2>
      <p className="muted">Names that must not stay in notes. They are highlighted in every note so you can replace them with an ID.</p>
      <form className="inline-form narrow-form" onSubmit={add}>
        <label htmlFor="flagged-term" className="visually-hidden">
          Name to flag
        </label>
        <input id="flagged-term" autoComplete="off" placeholder="A name to flag" value={term} onChange={(e) => setTerm(e.target.value)} />
        <button type="submit" disabled={busy || term.trim() === ''}>
          Add to list
        </button>
      </form>
      <ErrorMessage message={error} />
      {terms.length > 0 ? (
        <ul className="term-list" data-testid="flagged-terms">
          {terms.map((t) => (
            <li key={t.id}>
              <span>{t.term}</span>
              <button type="button" className="link" aria-label={`Remove ${t.term} from the flagged names`} onClick={() => void run(async () => {
                await call('flaggedTerms.remove', { id: t.id });
                setTerms((await call('flaggedTerms.list', {})).terms);
              })}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
