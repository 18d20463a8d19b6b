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
import { SaturationPanel } from './saturation-chart';
import { SearchPanel } from './search-panel';
import { CodeSelect, FilterEditor, filterIsEmpty, RetrievalPanel, segmentCount, SegmentList, useAttributeValues, type AttributeValues, type Filter } from './retrieval';
import type { NotePlace } from './note-place';
import { useOpenPlace } from '../navigation';

const TABS = ['Retrieval', 'Compare', 'Relations', 'Matrix', 'Co-occurrence', 'Saturation', 'Search'] as const;
type Tab = (typeof TABS)[number];

export function AnalysisScreen() {
  const onOpenPlace = useOpenPlace();
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
          <CodingNav current="analysis" />
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
        {tab === 'Saturation' ? <SaturationPanel codes={codes} /> : null}
        {tab === 'Search' ? <SearchPanel codes={codes} mutate={mutate} onOpenPlace={onOpenPlace} /> : null}
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
    call('analysis.compare', { left: q(left), right: q(right) })
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
                <p className="muted" data-testid="compare-count">
                  {segmentCount(side === 0 ? result.left : result.right)}
                </p>
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
  const [count, setCount] = useState<'codings' | 'respondents'>('codings');
  const [matrix, setMatrix] = useState<Matrix | null>(null);
  const [cell, setCell] = useState<{ codeId: string; value: string | null; segments: Segment[]; counted: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setCell(null);
    call('analysis.matrix', { attribute, includeChildren: true })
      .then((m) => (setMatrix(m), setError(null)))
      .catch((e: unknown) => setError(messageOf(e)));
  }, [attribute, codes]);
  const name = (codeId: string) => codes.find((c) => c.id === codeId)?.name ?? '';
  // The drill-down asks for exactly the codings the cell counted, so the list and the number agree.
  const open = async (codeId: string, value: string | null, codingIds: string[]) => {
    try {
      const { segments } = await call('codings.byIds', { codingIds });
      setCell({ codeId, value, segments, counted: codingIds.length });
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const valueLabel = (v: string | null) => (v === null ? 'not recorded' : (matrix?.labels[v] ?? v));
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
            <input type="radio" name={`${id}-count`} checked={count === 'respondents'} onChange={() => setCount('respondents')} /> Respondents
          </label>
        </fieldset>
      </div>
      <ErrorMessage message={error} />
      {matrix ? (
        <div className="table-scroll">
          <table className="data-table matrix" data-testid="matrix">
            <caption className="muted">
              Top-level codes (with their sub-codes) by the respondents’ own {ATTRIBUTE_LABELS[attribute].toLowerCase()} (n = respondents). A passage of a group session with no speaker counts once under each
              value its respondents have, marked “whole session”. Choose a cell to read its segments.
            </caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                {matrix.values.map((v, i) => (
                  <th key={v ?? '∅'} scope="col">
                    {valueLabel(v)}
                    <span className="muted small"> (n={matrix.respondentsPerValue[i]})</span>
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
                        aria-label={`${name(row.codeId)}, ${valueLabel(c.value)}: ${c.codings} segments (${c.wholeSession} whole session) from ${c.respondents} respondents`}
                        onClick={() => void open(row.codeId, c.value, c.codingIds)}
                      >
                        {c[count]}
                        {count === 'codings' && c.wholeSession > 0 ? (
                          <span className="whole-session small" title="of them, passages of a whole group session">
                            {' '}
                            ({c.wholeSession} ws)
                          </span>
                        ) : null}
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
        <section aria-label="Segments in the cell" data-testid="matrix-cell">
          <h3>
            {name(cell.codeId)} · {valueLabel(cell.value)}: {cell.counted} segment{cell.counted === 1 ? '' : 's'}
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
