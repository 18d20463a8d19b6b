/**
 * One code's details and what can be done to it: definition, inclusion and exclusion criteria,
 * example, colour, kind, core category; move, merge into another code, split chosen segments
 * off into a new code, delete (asking what happens to its sub-codes).
 */
import { ErrorMessage } from '../components/form';
import { useId, useState } from 'react';
import { call } from '../api';
import { currentInitials, messageOf, type CodeNode, type CodebookChange, type Segment } from './coding-basics';

export type Mutate = (action: () => Promise<CodebookChange | null>) => Promise<boolean>;

export function CodeDetails({ code, codes, mutate, onSelect, agreement }: { code: CodeNode; codes: readonly CodeNode[]; mutate: Mutate; onSelect: (id: string | null) => void; agreement?: string | undefined }) {
  const id = useId();
  const [draft, setDraft] = useState({ name: code.name, color: code.color, kind: code.kind, definition: code.definition, inclusion: code.inclusion, exclusion: code.exclusion, example: code.example });
  const [moveTo, setMoveTo] = useState(code.parentId ?? '');
  const [mergeInto, setMergeInto] = useState('');
  const [split, setSplit] = useState<{ segments: Segment[]; chosen: Set<string>; name: string } | null>(null);
  const [deleting, setDeleting] = useState<{ children: number; codings: number; codingsWithDescendants: number; policy: 'move-up' | 'delete' } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const own = new Set([code.id]);
  for (const c of codes) if (c.parentId !== null && own.has(c.parentId)) own.add(c.id);
  const changed = (Object.keys(draft) as (keyof typeof draft)[]).some((k) => draft[k] !== code[k]);

  const save = () =>
    void mutate(() => {
      const changes = Object.fromEntries((Object.keys(draft) as (keyof typeof draft)[]).filter((k) => draft[k] !== code[k]).map((k) => [k, k === 'name' ? draft[k].trim() : draft[k]]));
      return call('codes.update', { id: code.id, ...changes });
    });

  const startSplit = async () => {
    setError(null);
    try {
      const { segments } = await call('codings.forCode', { codeId: code.id, includeChildren: false });
      setSplit({ segments, chosen: new Set(), name: '' });
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const startDelete = async () => {
    setError(null);
    try {
      const impact = await call('codes.impact', { id: code.id });
      setDeleting({ ...impact, policy: 'move-up' });
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <section className="code-details" aria-labelledby={`${id}-h`} data-testid="code-details">
      <h2 id={`${id}-h`}>
        <span className="swatch" style={{ background: code.color }} aria-hidden="true" /> {code.name}
      </h2>
      <p className="muted small">
        {code.path.length > 1 ? `In ${code.path.slice(0, -1).join(' › ')} · ` : ''}
        {code.codings} segment{code.codings === 1 ? '' : 's'} in {code.interviews} interview{code.interviews === 1 ? '' : 's'}
        {code.codingsWithDescendants !== code.codings ? ` (${code.codingsWithDescendants} with sub-codes)` : ''} · created by {code.createdBy}
      </p>
      <form
        className="details-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        <div className="two">
          <div>
            <label htmlFor={`${id}-color`}>Colour</label>
            <input id={`${id}-color`} type="color" value={draft.color.toLowerCase()} onChange={(e) => setDraft({ ...draft, color: e.target.value.toUpperCase() })} />
          </div>
          <div>
            <label htmlFor={`${id}-kind`}>Kind</label>
            <select id={`${id}-kind`} value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value === 'theme' ? 'theme' : 'code' })}>
              <option value="code">Code</option>
              <option value="theme">Theme</option>
            </select>
          </div>
        </div>
        {(['definition', 'inclusion', 'exclusion', 'example'] as const).map((field) => (
          <div key={field}>
            <label htmlFor={`${id}-${field}`}>{FIELD_LABELS[field]}</label>
            <textarea id={`${id}-${field}`} rows={2} value={draft[field]} onChange={(e) => setDraft({ ...draft, [field]: e.target.value })} />
          </div>
        ))}
        {agreement !== undefined ? (
          <p className="small" data-testid="code-agreement">
            <strong>Inter-coder agreement:</strong> {agreement}
          </p>
        ) : null}
        <div className="actions compact">
          <button type="submit" className="primary" disabled={!changed || draft.name.trim() === ''}>
            Save changes
          </button>
        </div>
      </form>
      <label className="inline-check">
        <input type="checkbox" checked={code.isCore} onChange={(e) => void mutate(() => call('codes.setCore', { id: e.target.checked ? code.id : null }))} /> Core category
      </label>

      <div className="details-row">
        <label htmlFor={`${id}-move`}>Move under</label>
        <select id={`${id}-move`} value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
          <option value="">Top level</option>
          {codes
            .filter((c) => !own.has(c.id))
            .map((c) => (
              <option key={c.id} value={c.id}>
                {'  '.repeat(c.depth)}
                {c.name}
              </option>
            ))}
        </select>
        <button type="button" disabled={moveTo === (code.parentId ?? '')} onClick={() => void mutate(() => call('codes.move', { id: code.id, parentId: moveTo === '' ? null : moveTo }))}>
          Move
        </button>
      </div>
      <div className="details-row">
        <label htmlFor={`${id}-merge`}>Merge into</label>
        <select id={`${id}-merge`} value={mergeInto} onChange={(e) => setMergeInto(e.target.value)}>
          <option value="">Choose a code…</option>
          {codes
            .filter((c) => c.id !== code.id)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {'  '.repeat(c.depth)}
                {c.name}
              </option>
            ))}
        </select>
        <button
          type="button"
          disabled={mergeInto === ''}
          onClick={() =>
            void mutate(() => call('codes.merge', { sourceId: code.id, targetId: mergeInto })).then((ok) => {
              if (ok) onSelect(mergeInto);
            })
          }
        >
          Merge
        </button>
      </div>
      <div className="actions compact">
        <button type="button" onClick={() => void startSplit()} disabled={code.codings === 0}>
          Split…
        </button>
        <button type="button" onClick={() => void startDelete()}>
          Delete…
        </button>
      </div>
      <ErrorMessage message={error} />

      {split ? (
        <form
          className="sub-panel"
          aria-label="Split segments off into a new code"
          onSubmit={(e) => {
            e.preventDefault();
            void mutate(() => call('codes.split', { sourceId: code.id, codingIds: [...split.chosen], name: split.name.trim(), parentId: code.parentId, initials: currentInitials() || '-' })).then((ok) => {
              if (ok) setSplit(null);
            });
          }}
        >
          <h3>Split segments off into a new code</h3>
          <fieldset>
            <legend>Segments that go to the new code</legend>
            <ul className="plain-list">
              {split.segments.map((s) => (
                <li key={s.codingId}>
                  <label className="inline-check">
                    <input
                      type="checkbox"
                      checked={split.chosen.has(s.codingId)}
                      onChange={(e) => {
                        const chosen = new Set(split.chosen);
                        if (e.target.checked) chosen.add(s.codingId);
                        else chosen.delete(s.codingId);
                        setSplit({ ...split, chosen });
                      }}
                    />
                    “{s.text}” <span className="muted">({s.respondentCodes.join(', ')})</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <label htmlFor={`${id}-split-name`}>Name of the new code</label>
          <input id={`${id}-split-name`} value={split.name} onChange={(e) => setSplit({ ...split, name: e.target.value })} />
          <div className="actions compact">
            <button type="submit" className="primary" disabled={split.chosen.size === 0 || split.name.trim() === ''}>
              Split off
            </button>
            <button type="button" onClick={() => setSplit(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}

      {deleting ? (
        <div role="alertdialog" aria-labelledby={`${id}-del`} className="sub-panel">
          <h3 id={`${id}-del`}>Delete “{code.name}”?</h3>
          <p>
            Its {deleting.codings} coded segment{deleting.codings === 1 ? '' : 's'} and its memos go with it. You can undo this while the project stays open.
          </p>
          {deleting.children > 0 ? (
            <fieldset>
              <legend>
                It has {deleting.children} sub-code{deleting.children === 1 ? '' : 's'} ({deleting.codingsWithDescendants - deleting.codings} segments)
              </legend>
              <label className="inline-check">
                <input type="radio" name={`${id}-policy`} checked={deleting.policy === 'move-up'} onChange={() => setDeleting({ ...deleting, policy: 'move-up' })} /> Move them up a level
              </label>
              <label className="inline-check">
                <input type="radio" name={`${id}-policy`} checked={deleting.policy === 'delete'} onChange={() => setDeleting({ ...deleting, policy: 'delete' })} /> Delete them too
              </label>
            </fieldset>
          ) : null}
          <div className="actions compact">
            <button
              type="button"
              className="danger"
              autoFocus
              onClick={() =>
                void mutate(() => call('codes.delete', { id: code.id, ...(deleting.children > 0 ? { children: deleting.policy } : {}) })).then((ok) => {
                  if (ok) onSelect(null);
                })
              }
            >
              Delete
            </button>
            <button type="button" onClick={() => setDeleting(null)}>
              Keep it
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}

const FIELD_LABELS = { definition: 'Definition', inclusion: 'Include when', exclusion: 'Exclude when', example: 'Example' } as const;
