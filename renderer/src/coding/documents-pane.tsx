/**
 * The documents pane of the workbench: every interview with its respondents' attributes, filtered
 * by words (ID, organisation type, agency group, location, interviewer) and sorted by date, ID or
 * organisation type, as a listbox (↑ ↓ to move, Enter or click to open).
 */
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { InterviewSummary, ProjectSettings } from '../../../shared/api/contract';
import { attributeLabel } from '../interviews/format';

type Sort = 'date' | 'id' | 'type';

export interface DocumentRow {
  summary: InterviewSummary;
  ids: string;
  types: string;
  groups: string;
  locations: string;
}

export function documentRows(interviews: readonly InterviewSummary[], settings: ProjectSettings | null): DocumentRow[] {
  const join = (values: string[]) => [...new Set(values.filter((v) => v !== ''))].join(', ');
  return interviews.map((s) => ({
    summary: s,
    ids: s.respondentCodes.join(', '),
    types: join(s.organisationTypes.map((t) => attributeLabel(settings?.organisationTypes, t))),
    groups: join(s.agencyGroups.map((g) => attributeLabel(settings?.agencyGroups, g))),
    locations: join(s.locationNumbers),
  }));
}

function firstNumber(ids: string): number {
  const n = Number.parseInt(ids, 10);
  return Number.isNaN(n) ? Number.MAX_SAFE_INTEGER : n;
}

export function DocumentsPane({
  interviews,
  settings,
  selectedId,
  onOpen,
}: {
  interviews: readonly InterviewSummary[] | null;
  settings: ProjectSettings | null;
  selectedId: string | null;
  onOpen: (id: string) => void;
}) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<Sort>('date');
  const rows = useMemo(() => {
    const words = query.trim().toLocaleLowerCase().split(/\s+/u).filter((w) => w !== '');
    const all = documentRows(interviews ?? [], settings).filter((r) => {
      const text = `id ${r.ids} ${r.types} ${r.groups} ${r.locations} ${r.summary.interviewer} ${r.summary.heldAt.slice(0, 10)} ${r.summary.status} ${r.summary.sessionType}`.toLocaleLowerCase();
      return words.every((w) => text.includes(w));
    });
    const byDate = (a: DocumentRow, b: DocumentRow) => a.summary.heldAt.localeCompare(b.summary.heldAt);
    return all.sort(sort === 'date' ? byDate : sort === 'id' ? (a, b) => firstNumber(a.ids) - firstNumber(b.ids) || byDate(a, b) : (a, b) => a.types.localeCompare(b.types) || byDate(a, b));
  }, [interviews, settings, query, sort]);

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const at = rows.findIndex((r) => r.summary.id === selectedId);
    const next = e.key === 'ArrowDown' ? rows[at + 1] : e.key === 'ArrowUp' ? rows[Math.max(0, at - 1)] : e.key === 'Home' ? rows[0] : e.key === 'End' ? rows.at(-1) : undefined;
    if (!next) return;
    e.preventDefault();
    onOpen(next.summary.id);
    document.getElementById(`${id}-doc-${next.summary.id}`)?.scrollIntoView({ block: 'nearest' });
  };

  return (
    <section className="pane documents-pane" aria-labelledby={`${id}-h`} data-testid="documents-pane">
      <div className="pane-head">
        <h2 id={`${id}-h`}>Interviews</h2>
        <span className="muted small" data-testid="documents-count">
          {rows.length}
          {interviews && rows.length !== interviews.length ? ` of ${interviews.length}` : ''}
        </span>
      </div>
      <div className="pane-tools">
        <label htmlFor={`${id}-filter`} className="visually-hidden">
          Filter interviews
        </label>
        <input id={`${id}-filter`} type="search" placeholder="Filter: ID, type, place…" value={query} onChange={(e) => setQuery(e.target.value)} />
        <label htmlFor={`${id}-sort`} className="visually-hidden">
          Sort interviews
        </label>
        <select id={`${id}-sort`} value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
          <option value="date">By date</option>
          <option value="id">By respondent ID</option>
          <option value="type">By organisation type</option>
        </select>
      </div>
      {interviews?.length === 0 ? <p className="muted">No interviews yet: run one first, then code its notes here.</p> : null}
      <ul
        className="document-list pane-scroll"
        role="listbox"
        aria-label="Interviews"
        tabIndex={0}
        aria-activedescendant={selectedId ? `${id}-doc-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
        data-testid="document-list"
      >
        {rows.map((r) => (
          <li
            key={r.summary.id}
            id={`${id}-doc-${r.summary.id}`}
            role="option"
            aria-selected={r.summary.id === selectedId}
            className={`document-row${r.summary.id === selectedId ? ' selected' : ''}`}
            data-ids={r.ids}
            onClick={() => onOpen(r.summary.id)}
          >
            <span className="document-id">
              ID {r.ids}
              {r.summary.sessionType !== 'one-on-one' ? <span className="badge">{r.summary.sessionType === 'focus-group' ? 'focus group' : 'group'}</span> : null}
            </span>
            <span className="document-attrs small">{[r.types, r.groups, r.locations ? `location ${r.locations}` : ''].filter((x) => x !== '').join(' · ')}</span>
            <span className="document-meta small muted">
              {r.summary.heldAt.slice(0, 10)} · {r.summary.status}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
