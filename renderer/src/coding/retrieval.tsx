/**
 * Retrieval of coded segments: a code (with or without its sub-codes), filtered by respondent
 * attributes, each segment in its sentence with respondent ID and attributes. Also the filter
 * editor that the comparison and the matrices share.
 */
import { ErrorMessage } from '../components/form';
import { useEffect, useId, useState } from 'react';
import type { ApiInput } from '../../../shared/api/contract';
import { call } from '../api';
import { ATTRIBUTE_LABELS, ATTRIBUTE_NAMES, messageOf, type AttributeName, type CodeNode, type Segment } from './coding-basics';
import type { NotePlace } from './note-place';

export type Filter = NonNullable<ApiInput<'codings.forCode'>['filter']>;

const FIRST_SEGMENTS = 30;
export type AttributeValues = Record<AttributeName, { value: string | null; label: string }[]>;

/** The values each respondent attribute takes in this project (per respondent, never group mixes), with labels: one call. */
export function useAttributeValues(): AttributeValues | null {
  const [values, setValues] = useState<AttributeValues | null>(null);
  useEffect(() => {
    call('analysis.attributeValues', {})
      .then((r) => setValues(Object.fromEntries(ATTRIBUTE_NAMES.map((a) => [a, r.values[a] ?? []])) as AttributeValues))
      .catch(() => setValues(null));
  }, []);
  return values;
}

export function filterIsEmpty(filter: Filter): boolean {
  return Object.keys(filter.where ?? {}).length === 0 && !filter.dateFrom && !filter.dateTo;
}

export function FilterEditor({ values, filter, onChange, label, dates = true }: { values: AttributeValues | null; filter: Filter; onChange: (f: Filter) => void; label: string; dates?: boolean }) {
  const id = useId();
  if (values === null) return <p className="muted small">Loading attributes…</p>;
  const where = filter.where ?? {};
  const toggle = (attribute: AttributeName, value: string | null, on: boolean) => {
    const current = where[attribute] ?? [];
    const next = on ? [...current, value] : current.filter((v) => v !== value);
    const rest = { ...where };
    if (next.length === 0) delete rest[attribute];
    else rest[attribute] = next;
    onChange({ ...filter, where: rest });
  };
  return (
    <fieldset className="filter-editor">
      <legend>{label}</legend>
      <div className="filter-grid">
        {ATTRIBUTE_NAMES.filter((a) => a !== 'date').map((attribute) => (
          <details key={attribute} open={(where[attribute]?.length ?? 0) > 0}>
            <summary>
              {ATTRIBUTE_LABELS[attribute]}
              {(where[attribute]?.length ?? 0) > 0 ? ` (${where[attribute]?.length})` : ''}
            </summary>
            {values[attribute].map((v) => (
              <label key={v.value ?? '∅'} className="inline-check small">
                <input type="checkbox" checked={(where[attribute] ?? []).includes(v.value)} onChange={(e) => toggle(attribute, v.value, e.target.checked)} /> {v.label}
              </label>
            ))}
          </details>
        ))}
        {dates ? (
        <div className="date-range">
          <label htmlFor={`${id}-from`} className="small">
            From
          </label>
          <input id={`${id}-from`} type="date" value={filter.dateFrom ?? ''} onChange={(e) => onChange(withDate(filter, 'dateFrom', e.target.value))} />
          <label htmlFor={`${id}-to`} className="small">
            To
          </label>
          <input id={`${id}-to`} type="date" value={filter.dateTo ?? ''} onChange={(e) => onChange(withDate(filter, 'dateTo', e.target.value))} />
        </div>
        ) : null}
      </div>
    </fieldset>
  );
}

function withDate(filter: Filter, key: 'dateFrom' | 'dateTo', value: string): Filter {
  const next = { ...filter };
  if (value === '') delete next[key];
  else next[key] = value;
  return next;
}

export function CodeSelect({ codes, value, onChange, label, id, none = 'Choose a code…' }: { codes: readonly CodeNode[]; value: string; onChange: (id: string) => void; label: string; id: string; none?: string }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{none}</option>
        {codes.map((c) => (
          <option key={c.id} value={c.id}>
            {' '.repeat(c.depth * 2)}
            {c.name} ({c.codingsWithDescendants})
          </option>
        ))}
      </select>
    </>
  );
}

export function SegmentList({ segments, values, onOpenPlace, testId = 'segments' }: { segments: readonly Segment[]; values: AttributeValues | null; onOpenPlace: (place: NotePlace) => void; testId?: string }) {
  const labelOf = (attribute: string, value: string | null) => {
    if (value === null) return 'not recorded';
    const known = values?.[attribute as AttributeName]?.find((v) => v.value === value);
    return known?.label ?? value;
  };
  // A large retrieval shows its first segments at once and the rest a frame later, so the view opens fast.
  const [shown, setShown] = useState(FIRST_SEGMENTS);
  useEffect(() => {
    setShown(FIRST_SEGMENTS);
    if (segments.length <= FIRST_SEGMENTS) return;
    const timer = window.setTimeout(() => setShown(segments.length), 0);
    return () => window.clearTimeout(timer);
  }, [segments]);
  if (segments.length === 0) return <p className="muted">No segments.</p>;
  return (
    <ol className="segment-list" data-testid={testId}>
      {segments.slice(0, shown).map((s) => (
        <li key={s.codingId} className="segment" data-testid="segment">
          <p className="segment-context">
            {s.context.text.slice(0, s.highlight.start)}
            <mark className="segment-hit" data-testid="segment-text">
              {s.context.text.slice(s.highlight.start, s.highlight.end)}
            </mark>
            {s.context.text.slice(s.highlight.end)}
          </p>
          <p className="segment-meta small">
            <strong>ID {s.respondentCodes.join(', ')}</strong>
            {s.wholeSession ? (
              <span className="badge" title="A passage of a group session with no speaker: it belongs to the whole session">
                whole session
              </span>
            ) : null}{' '}
            · {s.codePath.join(' › ')} · {s.question || 'general notes'} ·{' '}
            {(['organisationType', 'agencyGroup', 'focusOfWork', 'location', 'language', 'date'] as const)
              .map((a) => (a === 'location' ? `location ${labelOf(a, s.attributes[a] ?? null)}` : labelOf(a, s.attributes[a] ?? null)))
              .join(' · ')}
            {s.isQuote ? <span className="badge">quote</span> : null}{' '}
            <button type="button" className="link" onClick={() => onOpenPlace({ interviewId: s.interviewId, noteId: s.noteId, start: s.start, end: s.end })}>
              Open in the note
            </button>
          </p>
        </li>
      ))}
    </ol>
  );
}

export function RetrievalPanel({ codes, values, onOpenPlace, initialCodeId }: { codes: readonly CodeNode[]; values: AttributeValues | null; onOpenPlace: (place: NotePlace) => void; initialCodeId?: string }) {
  const id = useId();
  const [codeId, setCodeId] = useState(initialCodeId ?? '');
  const [children, setChildren] = useState(true);
  const [filter, setFilter] = useState<Filter>({});
  const [segments, setSegments] = useState<Segment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (codeId === '') return setSegments(null);
    let stale = false;
    call('codings.forCode', { codeId, includeChildren: children, ...(filterIsEmpty(filter) ? {} : { filter }) })
      .then((r) => !stale && (setSegments(r.segments), setError(null)))
      .catch((e: unknown) => !stale && setError(messageOf(e)));
    return () => {
      stale = true;
    };
  }, [codeId, children, filter]);
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
      <FilterEditor values={values} filter={filter} onChange={setFilter} label="Only respondents with" />
      <ErrorMessage message={error} />
      {segments ? (
        <>
          <p className="muted" role="status">
            {segmentCount(segments)}
          </p>
          <SegmentList segments={segments} values={values} onOpenPlace={onOpenPlace} />
        </>
      ) : null}
    </div>
  );
}

/** "12 segments in 5 interviews (3 whole session)". */
export function segmentCount(segments: readonly Segment[]): string {
  const interviews = new Set(segments.map((s) => s.interviewId)).size;
  const whole = segments.filter((s) => s.wholeSession).length;
  return `${segments.length} segment${segments.length === 1 ? '' : 's'} in ${interviews} interview${interviews === 1 ? '' : 's'}${whole > 0 ? ` (${whole} of a whole group session)` : ''}`;
}
