/**
 * Memos beside the notes: on the project, a code, a coded segment or an interview; typed as
 * code memo, theoretical memo or method note; each with initials and date; listed and searched.
 * Each says what it is attached to and links there; writing and editing happen in a full-size
 * editor (a memo is often pages long).
 */
import { ErrorMessage } from '../components/form';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { call } from '../api';
import { currentInitials, formatDay, messageOf, type CodeNode, type MemoRecord } from './coding-basics';
import type { Mutate } from './code-details';
import type { NotePlace } from './note-place';

type Kind = MemoRecord['kind'];
type TargetType = MemoRecord['targetType'];

export const MEMO_KINDS: Record<Kind, string> = { 'code-memo': 'Code memo', theoretical: 'Theoretical memo', method: 'Method note' };

export interface MemoTargets {
  code: CodeNode | null;
  interview: { id: string; label: string } | null;
  segment: { id: string; text: string } | null;
}

export function MemosPanel({
  targets,
  codes,
  mutate,
  version,
  onOpenPlace,
  onSelectCode,
  onOpenInterview,
}: {
  targets: MemoTargets;
  codes: readonly CodeNode[];
  mutate: Mutate;
  version: number;
  onOpenPlace: (place: NotePlace) => void;
  onSelectCode: (codeId: string) => void;
  onOpenInterview: (interviewId: string) => void;
}) {
  const id = useId();
  const [show, setShow] = useState<'all' | TargetType>('all');
  const [query, setQuery] = useState('');
  const [memos, setMemos] = useState<MemoRecord[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<{ kind: Kind; about: TargetType; title: string; body: string } | null>(null);
  const [editing, setEditing] = useState<{ id: string; title: string; body: string; kind: Kind; about: string } | null>(null);

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

  const about = (m: MemoRecord) => {
    const label = m.targetLabel ?? (m.targetType === 'code' ? `code ${codes.find((c) => c.id === m.targetId)?.name ?? '?'}` : m.targetType === 'project' ? 'the project' : m.targetType);
    if (m.targetType === 'code' && codes.some((c) => c.id === m.targetId)) {
      return (
        <button type="button" className="link" onClick={() => onSelectCode(m.targetId)}>
          {label}
        </button>
      );
    }
    if (m.targetType === 'coding' && m.place) {
      const place = m.place;
      return (
        <button type="button" className="link" onClick={() => onOpenPlace(place)}>
          {label}
        </button>
      );
    }
    if (m.targetType === 'interview') {
      return (
        <button type="button" className="link" onClick={() => onOpenInterview(m.targetId)}>
          {label}
        </button>
      );
    }
    return <span>{label}</span>;
  };

  const submit = () => {
    if (!draft) return;
    const tid = targetId(draft.about);
    if (tid === null) return;
    void mutate(() => call('memos.create', { kind: draft.kind, targetType: draft.about, targetId: tid, title: draft.title.trim(), body: draft.body, initials: currentInitials() })).then((ok) => {
      if (ok) setDraft(null);
    });
  };

  const aboutLabel = (type: TargetType) =>
    type === 'project' ? 'The project' : type === 'code' ? `Code “${targets.code?.name ?? ''}”` : type === 'coding' ? 'The selected segment' : `Interview ${targets.interview?.label ?? ''}`;

  return (
    <section className="memos-panel" aria-labelledby={`${id}-h`} data-testid="memos">
      <div className="panel-head">
        <h2 id={`${id}-h`}>Memos</h2>
        <button type="button" onClick={() => setDraft({ kind: targets.code ? 'code-memo' : 'theoretical', about: targets.segment ? 'coding' : targets.code ? 'code' : 'project', title: '', body: '' })}>
          New memo
        </button>
      </div>
      {draft ? (
        <MemoEditor
          heading="New memo"
          kind={draft.kind}
          title={draft.title}
          body={draft.body}
          about={
            <>
              <label htmlFor={`${id}-about`}>About</label>
              <select id={`${id}-about`} value={draft.about} onChange={(e) => setDraft({ ...draft, about: e.target.value as TargetType })}>
                {(['project', 'code', 'coding', 'interview'] as const)
                  .filter((t) => targetId(t) !== null)
                  .map((t) => (
                    <option key={t} value={t}>
                      {aboutLabel(t)}
                    </option>
                  ))}
              </select>
            </>
          }
          canSave={draft.body.trim() !== '' && currentInitials() !== '' && targetId(draft.about) !== null}
          hint={currentInitials() === '' ? 'Type your initials at the top of the screen first.' : null}
          onChange={(next) => setDraft({ ...draft, ...next })}
          onSave={submit}
          onCancel={() => setDraft(null)}
        />
      ) : null}
      {editing ? (
        <MemoEditor
          heading="Edit memo"
          kind={editing.kind}
          title={editing.title}
          body={editing.body}
          about={<p className="muted">About {editing.about}</p>}
          canSave={editing.body.trim() !== ''}
          hint={null}
          onChange={(next) => setEditing({ ...editing, ...next })}
          onSave={() => void mutate(() => call('memos.update', { id: editing.id, kind: editing.kind, title: editing.title.trim(), body: editing.body })).then((ok) => ok && setEditing(null))}
          onCancel={() => setEditing(null)}
        />
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
            <p className="memo-body">{m.body.length > 400 ? `${m.body.slice(0, 400)}…` : m.body}</p>
            <div className="actions compact">
              <button type="button" className="link" onClick={() => setEditing({ id: m.id, title: m.title, body: m.body, kind: m.kind, about: m.targetLabel ?? m.targetType })}>
                {m.body.length > 400 ? 'Open and edit' : 'Edit'}
              </button>
              <button type="button" className="link" onClick={() => void mutate(() => call('memos.delete', { id: m.id }))}>
                Delete
              </button>
            </div>
          </li>
        ))}
        {memos.length === 0 && error === null ? <li className="muted">No memos here yet.</li> : null}
      </ul>
    </section>
  );
}

/** A memo in a dialog that fills most of the window: title, kind, what it is about, and the text. Escape cancels, Ctrl+Enter saves. */
function MemoEditor({
  heading,
  kind,
  title,
  body,
  about,
  canSave,
  hint,
  onChange,
  onSave,
  onCancel,
}: {
  heading: string;
  kind: Kind;
  title: string;
  body: string;
  about: ReactNode;
  canSave: boolean;
  hint: string | null;
  onChange: (next: { kind?: Kind; title?: string; body?: string }) => void;
  onSave: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  return (
    <div className="dialog-backdrop memo-backdrop" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <form
        className="dialog memo-editor memo-form"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-h`}
        data-testid="memo-editor"
        onSubmit={(e) => {
          e.preventDefault();
          if (canSave) onSave();
        }}
      >
        <h2 id={`${id}-h`}>{heading}</h2>
        <div className="memo-editor-fields">
          <div>
            <label htmlFor={`${id}-kind`}>Kind</label>
            <select id={`${id}-kind`} value={kind} onChange={(e) => onChange({ kind: e.target.value as Kind })}>
              {(Object.keys(MEMO_KINDS) as Kind[]).map((k) => (
                <option key={k} value={k}>
                  {MEMO_KINDS[k]}
                </option>
              ))}
            </select>
          </div>
          <div>{about}</div>
          <div className="grow">
            <label htmlFor={`${id}-title`}>Title</label>
            <input id={`${id}-title`} value={title} onChange={(e) => onChange({ title: e.target.value })} />
          </div>
        </div>
        <label htmlFor={`${id}-body`}>Memo</label>
        <textarea
          id={`${id}-body`}
          className="memo-editor-body"
          value={body}
          autoFocus
          onChange={(e) => onChange({ body: e.target.value })}
          onKeyDown={(e) => {
            if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && canSave) {
              e.preventDefault();
              onSave();
            }
          }}
        />
        {hint ? <p className="hint">{hint}</p> : null}
        <div className="actions compact">
          <button type="submit" className="primary" disabled={!canSave} aria-keyshortcuts="Control+Enter">
            Save memo
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
