/**
 * Full-text search of the notes, page by page through every hit, opening the note where found;
 * every hit (or the ones ticked) can be coded in one step, the words found or their sentences,
 * with an existing code or a new one. One undo step takes it back.
 */
import { useEffect, useId, useState } from 'react';
import type { ApiOutput } from '../../../shared/api/contract';
import { ErrorMessage } from '../components/form';
import { call } from '../api';
import { currentInitials, messageOf, type CodeNode } from './coding-basics';
import type { Mutate } from './code-details';
import type { NotePlace } from './note-place';

const PAGE = 25;

export function SearchPanel({ codes, mutate, onOpenPlace }: { codes: readonly CodeNode[]; mutate: Mutate; onOpenPlace: (place: NotePlace) => void }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(0);
  const [result, setResult] = useState<ApiOutput<'search.notes'> | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [codeId, setCodeId] = useState('');
  const [newName, setNewName] = useState('');
  const [scope, setScope] = useState<'sentence' | 'words'>('sentence');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setPage(0);
    setChosen(new Set());
    setDone(null);
  }, [query]);
  useEffect(() => {
    if (query.trim() === '') return setResult(null);
    let stale = false;
    const timer = window.setTimeout(() => {
      call('search.notes', { query: query.trim(), limit: PAGE, offset: page * PAGE })
        .then((r) => !stale && (setResult(r), setError(null)))
        .catch((e: unknown) => !stale && setError(messageOf(e)));
    }, 200);
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
  }, [query, page]);

  const codeHits = (noteIds: string[] | null) => {
    if (currentInitials() === '') return setError('Type your initials first (on the coding screen): every coded segment records who coded it.');
    const target = codeId !== '' ? { codeId } : { newCode: { name: newName.trim() } };
    void mutate(async () => {
      const r = await call('search.codeHits', { query: query.trim(), scope, initials: currentInitials(), ...target, ...(noteIds ? { noteIds } : {}) });
      setDone(`Coded ${r.applied} place${r.applied === 1 ? '' : 's'} with “${r.code.name}”.`);
      setChosen(new Set());
      if (codeId === '') setCodeId(r.code.id);
      setNewName('');
      return r;
    });
  };
  const total = result?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const canCode = codeId !== '' || newName.trim() !== '';
  return (
    <div>
      <label htmlFor={`${id}-q`}>Search the notes (English or Khmer)</label>
      <input id={`${id}-q`} type="search" className="wide-input" value={query} onChange={(e) => setQuery(e.target.value)} />
      <ErrorMessage message={error} />
      {result ? (
        <>
          <div className="search-bar">
            <p className="muted" role="status" data-testid="search-status">
              {total} note{total === 1 ? '' : 's'} found{total > 0 ? `; showing ${page * PAGE + 1}–${Math.min(total, (page + 1) * PAGE)}` : ''}
            </p>
            <div className="actions compact">
              <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
                Previous
              </button>
              <span className="small">
                Page {page + 1} of {pages}
              </span>
              <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
                Next
              </button>
            </div>
          </div>
          {total > 0 ? (
            <fieldset className="code-hits">
              <legend>Code the hits</legend>
              <label htmlFor={`${id}-code`}>With</label>
              <select id={`${id}-code`} value={codeId} onChange={(e) => setCodeId(e.target.value)}>
                <option value="">a new code…</option>
                {codes.map((c) => (
                  <option key={c.id} value={c.id}>
                    {' '.repeat(c.depth * 2)}
                    {c.name}
                  </option>
                ))}
              </select>
              {codeId === '' ? (
                <>
                  <label htmlFor={`${id}-new`} className="visually-hidden">
                    Name of the new code
                  </label>
                  <input id={`${id}-new`} placeholder="Name of the new code" value={newName} onChange={(e) => setNewName(e.target.value)} />
                </>
              ) : null}
              <label htmlFor={`${id}-scope`}>Code</label>
              <select id={`${id}-scope`} value={scope} onChange={(e) => setScope(e.target.value as 'sentence' | 'words')}>
                <option value="sentence">the sentence around each hit</option>
                <option value="words">the words found</option>
              </select>
              <button type="button" disabled={!canCode || chosen.size === 0} onClick={() => codeHits([...chosen])}>
                Code the {chosen.size} ticked
              </button>
              <button type="button" className="primary" disabled={!canCode} onClick={() => codeHits(null)}>
                Code all {total} notes’ hits
              </button>
            </fieldset>
          ) : null}
          {done ? (
            <p className="notice" role="status">
              {done}
            </p>
          ) : null}
          <ol className="search-hits" data-testid="search-hits" start={page * PAGE + 1}>
            {result.hits.map((h, i) => {
              let at = 0;
              const parts: { text: string; hit: boolean }[] = [];
              for (const m of h.snippetMatches) {
                parts.push({ text: h.snippet.slice(at, m.start), hit: false }, { text: h.snippet.slice(m.start, m.end), hit: true });
                at = m.end;
              }
              parts.push({ text: h.snippet.slice(at), hit: false });
              const first = h.matches[0];
              return (
                <li key={`${h.noteId}-${i}`} className="search-row">
                  <label className="visually-hidden" htmlFor={`${id}-tick-${h.noteId}`}>
                    Choose this hit
                  </label>
                  <input
                    id={`${id}-tick-${h.noteId}`}
                    type="checkbox"
                    checked={chosen.has(h.noteId)}
                    onChange={(e) => {
                      const next = new Set(chosen);
                      if (e.target.checked) next.add(h.noteId);
                      else next.delete(h.noteId);
                      setChosen(next);
                    }}
                  />
                  <button type="button" className="search-hit" onClick={() => onOpenPlace({ interviewId: h.interviewId, noteId: h.noteId, start: first?.start ?? 0, end: first?.end ?? 0 })}>
                    <span className="small">
                      <strong>ID {h.respondentCodes.join(', ')}</strong> · {h.heldAt.slice(0, 10)} · {h.questionLabel || h.question || 'general notes'} · {h.matches.length}
                      {h.matches.length >= 20 ? '+' : ''} place{h.matches.length === 1 ? '' : 's'}
                    </span>
                    <span className="snippet">{parts.map((p, j) => (p.hit ? <mark key={j}>{p.text}</mark> : <span key={j}>{p.text}</span>))}</span>
                  </button>
                </li>
              );
            })}
          </ol>
        </>
      ) : null}
    </div>
  );
}
