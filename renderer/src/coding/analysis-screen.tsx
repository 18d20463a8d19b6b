/**
 * Analysis of the coded notes: retrieval, constant comparison (two filtered retrievals side by
 * side), axial coding (relations network, core category), code-by-attribute matrix and code
 * co-occurrence, the saturation chart, and full-text search that opens the note where found.
 */
import { CodingNav } from './coding-nav';
import { ErrorMessage } from '../components/form';
import { useCallback, useEffect, useId, useState } from 'react';
import type { ApiOutput } from '../../../shared/api/contract';
import { call } from '../api';
import { ATTRIBUTE_LABELS, ATTRIBUTE_NAMES, messageOf, type AttributeName, type CodeNode, type CodebookChange, type Segment } from './coding-basics';
import type { Mutate } from './code-details';
import { RelationsPanel } from './relations-panel';
import { CodeSelect, FilterEditor, filterIsEmpty, RetrievalPanel, SegmentList, useAttributeValues, type AttributeValues, type Filter } from './retrieval';
import type { NotePlace } from './workbench-screen';

const TABS = ['Retrieval', 'Compare', 'Relations', 'Matrix', 'Co-occurrence', 'Saturation', 'Search'] as const;
type Tab = (typeof TABS)[number];

export function AnalysisScreen({ onOpenPlace, onWorkbench, onQuotes, onAgreement, onHome }: { onOpenPlace: (place: NotePlace) => void; onWorkbench: () => void; onQuotes: () => void; onAgreement?: () => void; onHome: () => void }) {
  const id = useId();
  const [tab, setTab] = useState<Tab>('Retrieval');
  const [codes, setCodes] = useState<CodeNode[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const values = useAttributeValues();

  const loadCodes = useCallback(async () => setCodes((await call('codes.list', {})).codes), []);
  useEffect(() => {
    loadCodes().catch((e: unknown) => setError(messageOf(e)));
  }, [loadCodes]);
  const mutate: Mutate = useCallback(
    async (action: () => Promise<CodebookChange | null>) => {
      setError(null);
      try {
        const change = await action();
        if (change === null) return false;
        await loadCodes();
        setVersion((v) => v + 1);
        return true;
      } catch (e) {
        setError(messageOf(e));
        return false;
      }
    },
    [loadCodes],
  );

  return (
    <main className="screen wide analysis" data-screen="analysis">
      <div className="screen-head">
        <h1>Analysis</h1>
        <div className="actions compact">
          <CodingNav current="analysis" onWorkbench={onWorkbench} onQuotes={onQuotes} {...(onAgreement ? { onAgreement } : {})} onHome={onHome} />
        </div>
      </div>
      <ErrorMessage message={error} />
      <div role="tablist" aria-label="Analyses" className="tabs">
        {TABS.map((t, i) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`${id}-tab-${i}`}
            aria-selected={tab === t}
            aria-controls={`${id}-panel`}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => setTab(t)}
            onKeyDown={(e) => {
              const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i - 1 + TABS.length) % TABS.length : null;
              if (next === null) return;
              e.preventDefault();
              setTab(TABS[next] ?? 'Retrieval');
              document.getElementById(`${id}-tab-${next}`)?.focus();
            }}
          >
            {t}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${TABS.indexOf(tab)}`} className="panel tab-panel" data-tab={tab}>
        {tab === 'Retrieval' ? <RetrievalPanel codes={codes} values={values} onOpenPlace={onOpenPlace} /> : null}
        {tab === 'Compare' ? <ComparePanel codes={codes} values={values} onOpenPlace={onOpenPlace} /> : null}
        {tab === 'Relations' ? <RelationsPanel codes={codes} mutate={mutate} version={version} /> : null}
        {tab === 'Matrix' ? <MatrixPanel codes={codes} values={values} onOpenPlace={onOpenPlace} /> : null}
        {tab === 'Co-occurrence' ? <CooccurrencePanel codes={codes} /> : null}
        {tab === 'Saturation' ? <SaturationPanel /> : null}
        {tab === 'Search' ? <SearchPanel onOpenPlace={onOpenPlace} /> : null}
      </section>
    </main>
  );
}

// ---------------------------------------------------------------- constant comparison

function governmentSplit(values: AttributeValues | null): [Filter, Filter] {
  const types = values?.organisationType ?? [];
  const gov = types.filter((t) => t.label.toLowerCase().startsWith('gov')).map((t) => t.value);
  const other = types.filter((t) => !gov.includes(t.value)).map((t) => t.value);
  return gov.length > 0 && other.length > 0 ? [{ where: { organisationType: gov } }, { where: { organisationType: other } }] : [{}, {}];
}

function ComparePanel({ codes, values, onOpenPlace }: { codes: readonly CodeNode[]; values: AttributeValues | null; onOpenPlace: (place: NotePlace) => void }) {
  const id = useId();
  const [codeId, setCodeId] = useState('');
  const [children, setChildren] = useState(true);
  const [filters, setFilters] = useState<[Filter, Filter] | null>(null);
  const [result, setResult] = useState<{ left: Segment[]; right: Segment[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [left, right] = filters ?? governmentSplit(values);
  useEffect(() => {
    if (codeId === '') return;
    let stale = false;
    const q = (f: Filter) => ({ codeId, includeChildren: children, ...(filterIsEmpty(f) ? {} : { filter: f }) });
    call('compare', { left: q(left), right: q(right) })
      .then((r) => !stale && (setResult(r), setError(null)))
      .catch((e: unknown) => !stale && setError(messageOf(e)));
    return () => {
      stale = true;
    };
  }, [codeId, children, left, right]);
  return (
    <div>
      <div className="retrieval-head">
        <div>
          <CodeSelect id={`${id}-code`} codes={codes} value={codeId} onChange={setCodeId} label="Code" />
        </div>
        <label className="inline-check">
          <input type="checkbox" checked={children} onChange={(e) => setChildren(e.target.checked)} /> Include sub-codes
        </label>
      </div>
      <ErrorMessage message={error} />
      <div className="two-columns">
        {([left, right] as const).map((f, side) => (
          <div key={side} data-testid={side === 0 ? 'compare-left' : 'compare-right'}>
            <FilterEditor values={values} filter={f} label={side === 0 ? 'Left: respondents with' : 'Right: respondents with'} onChange={(next) => setFilters(side === 0 ? [next, right] : [left, next])} />
            {codeId !== '' && result ? (
              <>
                <p className="muted">{(side === 0 ? result.left : result.right).length} segments</p>
                <SegmentList segments={side === 0 ? result.left : result.right} values={values} onOpenPlace={onOpenPlace} />
              </>
            ) : null}
          </div>
        ))}
      </div>
    </div>
  );
}

// ---------------------------------------------------------------- matrices

type Matrix = ApiOutput<'analysis.matrix'>;

function MatrixPanel({ codes, values, onOpenPlace }: { codes: readonly CodeNode[]; values: AttributeValues | null; onOpenPlace: (place: NotePlace) => void }) {
  const id = useId();
  const [attribute, setAttribute] = useState<AttributeName>('organisationType');
  const [count, setCount] = useState<'codings' | 'interviews'>('codings');
  const [matrix, setMatrix] = useState<Matrix | null>(null);
  const [cell, setCell] = useState<{ codeId: string; value: string | null; segments: Segment[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setCell(null);
    call('analysis.matrix', { attribute, includeChildren: true })
      .then((m) => (setMatrix(m), setError(null)))
      .catch((e: unknown) => setError(messageOf(e)));
  }, [attribute, codes]);
  const name = (codeId: string) => codes.find((c) => c.id === codeId)?.name ?? '';
  const open = async (codeId: string, value: string | null) => {
    try {
      const { segments } = await call('codings.forCode', { codeId, includeChildren: true, filter: { where: { [attribute]: [value] } } });
      setCell({ codeId, value, segments });
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const max = Math.max(1, ...(matrix?.rows.flatMap((r) => r.cells.map((c) => c[count])) ?? [1]));
  return (
    <div>
      <div className="retrieval-head">
        <div>
          <label htmlFor={`${id}-attr`}>Codes by</label>
          <select id={`${id}-attr`} value={attribute} onChange={(e) => setAttribute(e.target.value as AttributeName)}>
            {ATTRIBUTE_NAMES.map((a) => (
              <option key={a} value={a}>
                {ATTRIBUTE_LABELS[a]}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="inline-fieldset">
          <legend>Count</legend>
          <label className="inline-check">
            <input type="radio" name={`${id}-count`} checked={count === 'codings'} onChange={() => setCount('codings')} /> Segments
          </label>
          <label className="inline-check">
            <input type="radio" name={`${id}-count`} checked={count === 'interviews'} onChange={() => setCount('interviews')} /> Interviews
          </label>
        </fieldset>
      </div>
      <ErrorMessage message={error} />
      {matrix ? (
        <div className="table-scroll">
          <table className="data-table matrix" data-testid="matrix">
            <caption className="muted">Top-level codes (with their sub-codes) by {ATTRIBUTE_LABELS[attribute].toLowerCase()}; choose a cell to read its segments.</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                {matrix.values.map((v, i) => (
                  <th key={v ?? '∅'} scope="col">
                    {v === null ? 'not recorded' : (matrix.labels[v] ?? v)}
                    <span className="muted small"> (n={matrix.interviewsPerValue[i]})</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.rows.map((row) => (
                <tr key={row.codeId}>
                  <th scope="row">{name(row.codeId)}</th>
                  {row.cells.map((c) => (
                    <td key={c.value ?? '∅'} style={{ background: c[count] > 0 ? `rgba(31, 95, 139, ${0.08 + (0.42 * c[count]) / max})` : undefined }}>
                      <button
                        type="button"
                        className="cell-button"
                        disabled={c.codings === 0}
                        aria-label={`${name(row.codeId)}, ${c.value === null ? 'not recorded' : (matrix.labels[c.value] ?? c.value)}: ${c.codings} segments in ${c.interviews} interviews`}
                        onClick={() => void open(row.codeId, c.value)}
                      >
                        {c[count]}
                      </button>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {cell ? (
        <section aria-label="Segments in the cell">
          <h3>
            {name(cell.codeId)} · {cell.value === null ? 'not recorded' : (matrix?.labels[cell.value] ?? cell.value)}
          </h3>
          <SegmentList segments={cell.segments} values={values} onOpenPlace={onOpenPlace} />
        </section>
      ) : null}
    </div>
  );
}

function CooccurrencePanel({ codes }: { codes: readonly CodeNode[] }) {
  const [pairs, setPairs] = useState<ApiOutput<'analysis.cooccurrence'>['pairs'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('analysis.cooccurrence', {})
      .then((r) => setPairs([...r.pairs].sort((a, b) => b.count - a.count)))
      .catch((e: unknown) => setError(messageOf(e)));
  }, [codes]);
  const name = (codeId: string) => codes.find((c) => c.id === codeId)?.name ?? '';
  return (
    <div>
      <ErrorMessage message={error} />
      {pairs && pairs.length === 0 ? <p className="muted">No two codes overlap yet.</p> : null}
      {pairs && pairs.length > 0 ? (
        <table className="data-table" data-testid="cooccurrence">
          <caption className="muted">Codes on overlapping text or on answers to the same question.</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">With</th>
              <th scope="col">Times</th>
              <th scope="col">Interviews</th>
            </tr>
          </thead>
          <tbody>
            {pairs.map((p) => (
              <tr key={`${p.codeA}-${p.codeB}`}>
                <td>{name(p.codeA)}</td>
                <td>{name(p.codeB)}</td>
                <td>{p.count}</td>
                <td>{p.interviews}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

// ---------------------------------------------------------------- saturation

function SaturationPanel() {
  const [points, setPoints] = useState<ApiOutput<'analysis.saturation'>['points'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('analysis.saturation', {})
      .then((r) => setPoints(r.points))
      .catch((e: unknown) => setError(messageOf(e)));
  }, []);
  if (error) {
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  }
  if (!points) return null;
  if (points.length === 0) return <p className="muted">No interviews yet.</p>;
  const W = 760;
  const H = 260;
  const pad = { l: 40, r: 40, t: 16, b: 36 };
  const maxNew = Math.max(1, ...points.map((p) => p.newCodes));
  const maxCum = Math.max(1, ...points.map((p) => p.cumulative));
  const bw = (W - pad.l - pad.r) / points.length;
  const y = (v: number, max: number) => H - pad.b - ((H - pad.t - pad.b) * v) / max;
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${pad.l + bw * (i + 0.5)} ${y(p.cumulative, maxCum)}`).join(' ');
  return (
    <figure className="saturation">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`New codes per interview, in the order held: ${points.map((p) => p.newCodes).join(', ')}; ${points.at(-1)?.cumulative ?? 0} codes in all.`} data-testid="saturation-chart">
        <line x1={pad.l} y1={H - pad.b} x2={W - pad.r} y2={H - pad.b} stroke="#8c8f94" />
        {points.map((p, i) => (
          <g key={p.interviewId}>
            <rect x={pad.l + bw * i + bw * 0.15} y={y(p.newCodes, maxNew)} width={bw * 0.7} height={H - pad.b - y(p.newCodes, maxNew)} fill="#9dbbd2">
              <title>
                {p.heldOn}: {p.newCodes} new codes, {p.cumulative} in all
              </title>
            </rect>
          </g>
        ))}
        <path d={line} fill="none" stroke="#1f5f8b" strokeWidth="2" />
        <text x={pad.l - 6} y={pad.t + 8} textAnchor="end" className="axis-label">
          {maxNew}
        </text>
        <text x={W - pad.r + 6} y={pad.t + 8} className="axis-label">
          {maxCum}
        </text>
        <text x={pad.l} y={H - 12} className="axis-label">
          {points[0]?.heldOn.slice(0, 10)}
        </text>
        <text x={W - pad.r} y={H - 12} textAnchor="end" className="axis-label">
          {points.at(-1)?.heldOn.slice(0, 10)}
        </text>
      </svg>
      <figcaption className="muted small">Bars: new codes in each interview, in the order held (left axis). Line: codes so far (right axis). A flattening line suggests saturation.</figcaption>
    </figure>
  );
}

// ---------------------------------------------------------------- search

function SearchPanel({ onOpenPlace }: { onOpenPlace: (place: NotePlace) => void }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<ApiOutput<'search.notes'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (query.trim() === '') return setResult(null);
    let stale = false;
    const timer = window.setTimeout(() => {
      call('search.notes', { query: query.trim(), limit: 100 })
        .then((r) => !stale && (setResult(r), setError(null)))
        .catch((e: unknown) => !stale && setError(messageOf(e)));
    }, 200);
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
  }, [query]);
  return (
    <div>
      <label htmlFor={`${id}-q`}>Search the notes (English or Khmer)</label>
      <input id={`${id}-q`} type="search" className="wide-input" value={query} onChange={(e) => setQuery(e.target.value)} />
      <ErrorMessage message={error} />
      {result ? (
        <>
          <p className="muted" role="status">
            {result.total} place{result.total === 1 ? '' : 's'} found{result.hits.length < result.total ? `, first ${result.hits.length} shown` : ''}
          </p>
          <ol className="search-hits" data-testid="search-hits">
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
                <li key={`${h.noteId}-${i}`}>
                  <button type="button" className="search-hit" onClick={() => onOpenPlace({ interviewId: h.interviewId, noteId: h.noteId, start: first?.start ?? 0, end: first?.end ?? 0 })}>
                    <span className="small">
                      <strong>ID {h.respondentCodes.join(', ')}</strong> · {h.heldAt.slice(0, 10)} · {h.questionLabel || h.question || 'general notes'}
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
