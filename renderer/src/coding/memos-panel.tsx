/**
 * Memos beside the notes: on the project, a code, a coded segment or an interview; typed as
 * code memo, theoretical memo or method note; each with initials and date; listed and searched.
 */
import { ErrorMessage } from '../components/form';
import { useEffect, useId, useState } from 'react';
import { call } from '../api';
import { currentInitials, formatDay, messageOf, type CodeNode, type MemoRecord } from './coding-basics';
import type { Mutate } from './code-details';

type Kind = MemoRecord['kind'];
type TargetType = MemoRecord['targetType'];

export const MEMO_KINDS: Record<Kind, string> = { 'code-memo': 'Code memo', theoretical: 'Theoretical memo', method: 'Method note' };

export interface MemoTargets {
  code: CodeNode | null;
  interview: { id: string; label: string } | null;
  segment: { id: string; text: string } | null;
}

export function MemosPanel({ targets, codes, mutate, version }: { targets: MemoTargets; codes: readonly CodeNode[]; mutate: Mutate; version: number }) {
  const id = useId();
  const [show, setShow] = useState<'all' | TargetType>('all');
  const [query, setQuery] = useState('');
  const [memos, setMemos] = useState<MemoRecord[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<{ kind: Kind; about: TargetType; title: string; body: string } | null>(null);
  const [editing, setEditing] = useState<{ id: string; body: string } | null>(null);

  const targetId = (type: TargetType): string | null =>
    type === 'project' ? '' : type === 'code' ? (targets.code?.id ?? null) : type === 'interview' ? (targets.interview?.id ?? null) : (targets.segment?.id ?? null);
  const filterId = show === 'all' ? '' : targetId(show);

  useEffect(() => {
    let stale = false;
    const load = async () => {
      try {
        const found =
          query.trim() !== ''
            ? await call('memos.search', { query: query.trim() })
            : show === 'all' || filterId === null
              ? await call('memos.list', {})
              : await call('memos.list', { targetType: show, ...(show === 'project' ? {} : { targetId: filterId }) });
        if (!stale) {
          setMemos([...found.memos].reverse());
          setError(null);
        }
      } catch (e) {
        if (!stale) setError(messageOf(e));
      }
    };
    const timer = window.setTimeout(() => void load(), query.trim() === '' ? 0 : 200);
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
  }, [show, filterId, query, version]);

  const about = (m: MemoRecord): string => {
    switch (m.targetType) {
      case 'project':
        return 'the project';
      case 'code':
        return `code “${codes.find((c) => c.id === m.targetId)?.name ?? '?'}”`;
      case 'interview':
        return m.targetId === targets.interview?.id ? `interview ${targets.interview.label}` : 'an interview';
      case 'coding':
        return 'a segment';
    }
  };

  const submit = () => {
    if (!draft) return;
    const tid = targetId(draft.about);
    if (tid === null) return;
    void mutate(() => call('memos.create', { kind: draft.kind, targetType: draft.about, targetId: tid, title: draft.title.trim(), body: draft.body, initials: currentInitials() })).then((ok) => {
      if (ok) setDraft(null);
    });
  };

  return (
    <section className="memos-panel" aria-labelledby={`${id}-h`} data-testid="memos">
      <div className="panel-head">
        <h2 id={`${id}-h`}>Memos</h2>
        <button type="button" onClick={() => setDraft({ kind: targets.code ? 'code-memo' : 'theoretical', about: targets.segment ? 'coding' : targets.code ? 'code' : 'project', title: '', body: '' })}>
          New memo
        </button>
      </div>
      {draft ? (
        <form
          className="sub-panel memo-form"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Kind })}>
            {(Object.keys(MEMO_KINDS) as Kind[]).map((k) => (
              <option key={k} value={k}>
                {MEMO_KINDS[k]}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-about`}>About</label>
          <select id={`${id}-about`} value={draft.about} onChange={(e) => setDraft({ ...draft, about: e.target.value as TargetType })}>
            <option value="project">The project</option>
            {targets.code ? <option value="code">Code “{targets.code.name}”</option> : null}
            {targets.segment ? <option value="coding">The selected segment</option> : null}
            {targets.interview ? <option value="interview">Interview {targets.interview.label}</option> : null}
          </select>
          <label htmlFor={`${id}-title`}>Title</label>
          <input id={`${id}-title`} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
          <label htmlFor={`${id}-body`}>Memo</label>
          <textarea id={`${id}-body`} rows={5} value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} />
          {currentInitials() === '' ? <p className="hint">Type your initials at the top of the screen first.</p> : null}
          <div className="actions compact">
            <button type="submit" className="primary" disabled={draft.body.trim() === '' || currentInitials() === '' || targetId(draft.about) === null}>
              Save memo
            </button>
            <button type="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <div className="memo-filters">
        <label htmlFor={`${id}-search`}>Search memos</label>
        <input id={`${id}-search`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        <label htmlFor={`${id}-show`}>Show</label>
        <select id={`${id}-show`} value={show} onChange={(e) => setShow(e.target.value as typeof show)} disabled={query.trim() !== ''}>
          <option value="all">All memos</option>
          <option value="project">On the project</option>
          <option value="code">On the selected code</option>
          <option value="coding">On the selected segment</option>
          <option value="interview">On this interview</option>
        </select>
      </div>
      <ErrorMessage message={error} />
      {show !== 'all' && filterId === null && query.trim() === '' ? <p className="muted">Choose a {show === 'coding' ? 'segment' : show} first.</p> : null}
      <ul className="memo-list">
        {memos.map((m) => (
          <li key={m.id} className="memo" data-testid="memo">
            <p className="memo-meta">
              <span className="badge">{MEMO_KINDS[m.kind]}</span> on {about(m)} · {m.initials} · {formatDay(m.createdAt ? new Date(m.createdAt) : null)}
            </p>
            {m.title ? <h3 className="memo-title">{m.title}</h3> : null}
            {editing?.id === m.id ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void mutate(() => call('memos.update', { id: m.id, body: editing.body })).then((ok) => ok && setEditing(null));
                }}
              >
                <label htmlFor={`${id}-edit-${m.id}`} className="visually-hidden">
                  Memo text
                </label>
                <textarea id={`${id}-edit-${m.id}`} rows={4} value={editing.body} onChange={(e) => setEditing({ id: m.id, body: e.target.value })} />
                <div className="actions compact">
                  <button type="submit" className="primary">
                    Save
                  </button>
                  <button type="button" onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                </div>
              </form>
            ) : (
              <p className="memo-body">{m.body}</p>
            )}
            {editing?.id === m.id ? null : (
              <div className="actions compact">
                <button type="button" className="link" onClick={() => setEditing({ id: m.id, body: m.body })}>
                  Edit
                </button>
                <button type="button" className="link" onClick={() => void mutate(() => call('memos.delete', { id: m.id }))}>
                  Delete
                </button>
              </div>
            )}
          </li>
        ))}
        {memos.length === 0 && error === null ? <li className="muted">No memos here yet.</li> : null}
      </ul>
    </section>
  );
}
