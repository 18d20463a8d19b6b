/**
 * Axial coding: typed relations between codes ("A is a condition of B"), drawn as a network
 * whose nodes can be dragged (or moved with the arrow keys when focused). Positions live in
 * this component only. The core category and everything linked to it are shown apart.
 */
import { ErrorMessage } from '../components/form';
import { useEffect, useId, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { ApiOutput } from '../../../shared/api/contract';
import { RELATION_TYPES } from '../../../shared/coding/model';
import { call } from '../api';
import { messageOf, type CodeNode } from './coding-basics';
import type { Mutate } from './code-details';

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

const WIDTH = 760;
const HEIGHT = 420;

export function RelationsPanel({ codes, mutate, version }: { codes: readonly CodeNode[]; mutate: Mutate; version: number }) {
  const id = useId();
  const [data, setData] = useState<Relations | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<{ from: string; type: RelationType; label: string; to: string }>({ from: '', type: 'condition', label: '', to: '' });
  const [positions, setPositions] = useState<Record<string, { x: number; y: number }>>({});
  const drag = useRef<{ codeId: string; dx: number; dy: number } | null>(null);
  const svg = useRef<SVGSVGElement>(null);

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

  // New nodes get a place on a circle; nodes the user moved keep theirs.
  useEffect(() => {
    setPositions((current) => {
      const next = { ...current };
      nodeIds.forEach((nid, i) => {
        if (next[nid]) return;
        const angle = (2 * Math.PI * i) / Math.max(nodeIds.length, 1) - Math.PI / 2;
        next[nid] = nid === data?.coreId ? { x: WIDTH / 2, y: HEIGHT / 2 } : { x: WIDTH / 2 + Math.cos(angle) * 280, y: HEIGHT / 2 + Math.sin(angle) * 160 };
      });
      return next;
    });
  }, [nodeIds, data]);

  const toSvg = (e: ReactPointerEvent) => {
    const box = svg.current?.getBoundingClientRect();
    if (!box) return { x: 0, y: 0 };
    return { x: ((e.clientX - box.left) / box.width) * WIDTH, y: ((e.clientY - box.top) / box.height) * HEIGHT };
  };
  const move = (codeId: string, x: number, y: number) =>
    setPositions((p) => ({ ...p, [codeId]: { x: Math.max(40, Math.min(WIDTH - 40, x)), y: Math.max(20, Math.min(HEIGHT - 20, y)) } }));

  const related = new Map((data?.relatedToCore ?? []).map((r) => [r.codeId, r]));
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
        <svg ref={svg} className="network" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label="Network of code relations (drag codes, or focus one and use the arrow keys)">
          <defs>
            <marker id={`${id}-arrow`} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" fill="#5b6470" />
            </marker>
          </defs>
          {(data?.relations ?? []).map((r) => {
            const a = positions[r.fromCodeId];
            const b = positions[r.toCodeId];
            if (!a || !b) return null;
            const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
            const end = { x: b.x - ((b.x - a.x) / len) * 26, y: b.y - ((b.y - a.y) / len) * 26 };
            return (
              <g key={r.id}>
                <line x1={a.x} y1={a.y} x2={end.x} y2={end.y} stroke="#8c8f94" strokeWidth="1.5" markerEnd={`url(#${id}-arrow)`} />
                <text x={(a.x + b.x) / 2} y={(a.y + b.y) / 2 - 4} className="edge-label" textAnchor="middle">
                  {r.type === 'custom' ? r.label : r.type}
                </text>
              </g>
            );
          })}
          {nodeIds.map((nid) => {
            const p = positions[nid];
            const code = byId.get(nid);
            if (!p || !code) return null;
            const core = nid === data?.coreId;
            return (
              <g
                key={nid}
                transform={`translate(${p.x} ${p.y})`}
                className={`node${core ? ' core' : ''}${related.has(nid) ? ' related' : ''}`}
                tabIndex={0}
                role="button"
                aria-label={`${code.name}${core ? ', core category' : ''}; arrow keys move it`}
                onPointerDown={(e) => {
                  const at = toSvg(e);
                  drag.current = { codeId: nid, dx: at.x - p.x, dy: at.y - p.y };
                  (e.currentTarget as Element).setPointerCapture(e.pointerId);
                }}
                onPointerMove={(e) => {
                  if (drag.current?.codeId !== nid) return;
                  const at = toSvg(e);
                  move(nid, at.x - drag.current.dx, at.y - drag.current.dy);
                }}
                onPointerUp={() => (drag.current = null)}
                onKeyDown={(e) => {
                  const step = e.shiftKey ? 40 : 10;
                  const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
                  if (!d) return;
                  e.preventDefault();
                  move(nid, p.x + (d[0] ?? 0), p.y + (d[1] ?? 0));
                }}
              >
                <rect x={-70} y={-16} width={140} height={32} rx={6} fill="#fff" stroke={code.color} strokeWidth={core ? 4 : 2} />
                <text textAnchor="middle" y={5} className="node-label">
                  {code.name.length > 20 ? `${code.name.slice(0, 19)}…` : code.name}
                </text>
              </g>
            );
          })}
        </svg>
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
