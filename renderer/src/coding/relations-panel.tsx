/**
 * Axial coding: typed relations between codes ("A is a condition of B"), drawn as a network
 * (network-view.tsx: laid out without overlaps, dragged places saved in the project, zoom, pan,
 * SVG and PNG). The core category and everything linked to it are shown apart.
 */
import { ErrorMessage } from '../components/form';
import { useEffect, useId, useMemo, useState } from 'react';
import type { ApiOutput } from '../../../shared/api/contract';
import { RELATION_TYPES } from '../../../shared/coding/model';
import { call } from '../api';
import { messageOf, type CodeNode } from './coding-basics';
import type { Mutate } from './code-details';
import { NetworkView } from './network-view';

type Relations = ApiOutput<'relations.list'>;
type RelationType = (typeof RELATION_TYPES)[number];

const TYPE_LABELS: Record<RelationType, string> = {
  condition: 'is a condition of',
  context: 'is the context of',
  strategy: 'is a strategy for',
  consequence: 'is a consequence of',
  cause: 'causes',
  'part-of': 'is part of',
  custom: 'custom…',
};


export function RelationsPanel({ codes, mutate, version }: { codes: readonly CodeNode[]; mutate: Mutate; version: number }) {
  const id = useId();
  const [data, setData] = useState<Relations | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<{ from: string; type: RelationType; label: string; to: string }>({ from: '', type: 'condition', label: '', to: '' });

  useEffect(() => {
    call('relations.list', {})
      .then((r) => (setData(r), setError(null)))
      .catch((e: unknown) => setError(messageOf(e)));
  }, [version]);

  const byId = useMemo(() => new Map(codes.map((c) => [c.id, c])), [codes]);
  const nodeIds = useMemo(() => {
    const ids = new Set<string>();
    for (const r of data?.relations ?? []) ids.add(r.fromCodeId).add(r.toCodeId);
    if (data?.coreId) ids.add(data.coreId);
    return [...ids].filter((x) => byId.has(x));
  }, [data, byId]);

  const relatedIds = useMemo(() => new Set((data?.relatedToCore ?? []).map((r) => r.codeId)), [data]);
  const create = () =>
    void mutate(() => call('relations.create', { fromCodeId: draft.from, toCodeId: draft.to, type: draft.type, label: draft.label.trim() })).then((ok) => ok && setDraft({ ...draft, label: '' }));

  return (
    <div className="relations">
      <ErrorMessage message={error} />
      <form
        className="relation-form"
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <div>
          <label htmlFor={`${id}-from`}>Code</label>
          <select id={`${id}-from`} value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })}>
            <option value="">Choose…</option>
            {codes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-type`}>Relation</label>
          <select id={`${id}-type`} value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value as RelationType })}>
            {RELATION_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        {draft.type === 'custom' ? (
          <div>
            <label htmlFor={`${id}-label`}>Label</label>
            <input id={`${id}-label`} value={draft.label} onChange={(e) => setDraft({ ...draft, label: e.target.value })} />
          </div>
        ) : null}
        <div>
          <label htmlFor={`${id}-to`}>Other code</label>
          <select id={`${id}-to`} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })}>
            <option value="">Choose…</option>
            {codes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary" disabled={draft.from === '' || draft.to === '' || draft.from === draft.to || (draft.type === 'custom' && draft.label.trim() === '')}>
          Link
        </button>
      </form>

      {nodeIds.length > 0 ? (
        <NetworkView
          nodes={nodeIds.map((nid) => byId.get(nid)).filter((c): c is CodeNode => c !== undefined)}
          relations={(data?.relations ?? []).map((r) => ({ id: r.id, fromCodeId: r.fromCodeId, toCodeId: r.toCodeId, label: r.type === 'custom' ? r.label : TYPE_LABELS[r.type] }))}
          coreId={data?.coreId ?? null}
          related={relatedIds}
          onError={setError}
        />
      ) : (
        <p className="muted">No relations yet. Link two codes above to start the network.</p>
      )}

      <div className="two-columns">
        <section aria-labelledby={`${id}-list`}>
          <h3 id={`${id}-list`}>Relations</h3>
          <ul className="plain-list">
            {(data?.relations ?? []).map((r) => (
              <li key={r.id}>
                {byId.get(r.fromCodeId)?.name} <em>{r.type === 'custom' ? r.label : TYPE_LABELS[r.type]}</em> {byId.get(r.toCodeId)?.name}{' '}
                <button type="button" className="link" onClick={() => void mutate(() => call('relations.delete', { id: r.id }))}>
                  Delete
                </button>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby={`${id}-core`}>
          <h3 id={`${id}-core`}>Core category</h3>
          <label htmlFor={`${id}-core-choice`} className="visually-hidden">
            Core category
          </label>
          <select id={`${id}-core-choice`} value={data?.coreId ?? ''} onChange={(e) => void mutate(() => call('codes.setCore', { id: e.target.value === '' ? null : e.target.value }))}>
            <option value="">None chosen</option>
            {codes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          {data?.coreId ? (
            <ul className="plain-list" data-testid="related-to-core">
              {data.relatedToCore.map((r) => (
                <li key={r.codeId}>
                  {byId.get(r.codeId)?.name} <span className="muted">({r.distance === 1 ? 'directly linked' : `${r.distance} steps`})</span>
                </li>
              ))}
              {data.relatedToCore.length === 0 ? <li className="muted">Nothing is linked to the core category yet.</li> : null}
            </ul>
          ) : null}
        </section>
      </div>
    </div>
  );
}
