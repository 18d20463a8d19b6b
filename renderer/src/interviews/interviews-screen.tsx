/** Every interview in the project: IDs and attributes (never names), filtered and sorted. */
import { useMemo, useState } from 'react';
import type { InterviewSummary, ProjectSettings } from '../../../shared/api/contract';
import { ErrorMessage } from '../components/form';
import { attributeLabel, formatDateTime, sessionTypeText, statusText } from './format';
import { useNavigation } from '../navigation';
import { useQuery } from '../use-api';

type Column = 'ids' | 'organisationType' | 'agencyGroup' | 'location' | 'date' | 'status' | 'session';

const COLUMNS: readonly { key: Column; title: string }[] = [
  { key: 'ids', title: 'ID(s)' },
  { key: 'organisationType', title: 'Organisation type' },
  { key: 'agencyGroup', title: 'Agency group' },
  { key: 'location', title: 'Location' },
  { key: 'date', title: 'Date' },
  { key: 'status', title: 'Status' },
  { key: 'session', title: 'Session' },
];

const STATUS_ORDER = { draft: 0, cleaned: 1, reviewed: 2 } as const;

function sortValue(i: InterviewSummary, column: Column, settings: ProjectSettings | null): string | number {
  switch (column) {
    case 'ids':
      return i.respondentCodes.join(',');
    case 'organisationType':
      return i.organisationTypes.map((c) => attributeLabel(settings?.organisationTypes, c)).join(', ');
    case 'agencyGroup':
      return i.agencyGroups.map((c) => attributeLabel(settings?.agencyGroups, c)).join(', ');
    case 'location':
      return i.locationNumbers.join(', ');
    case 'date':
      return i.heldAt;
    case 'status':
      return STATUS_ORDER[i.status];
    case 'session':
      return i.sessionType;
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function InterviewsScreen() {
  const { open } = useNavigation();
  const onOpen = (interviewId: string) => open({ name: 'interview', interviewId });
  const onResume = (interviewId: string) => open({ name: 'runner', interviewId });
  const listed = useQuery('interview.list', {});
  const project = useQuery('projectSettings.get', {});
  const interviews = useMemo(() => listed.data?.interviews ?? [], [listed.data]);
  const settings = project.data;
  const [status, setStatus] = useState('');
  const [session, setSession] = useState('');
  const [agency, setAgency] = useState('');
  const [sort, setSort] = useState<{ column: Column; ascending: boolean }>({ column: 'date', ascending: false });
  const error = listed.error ?? project.error;

  const shown = useMemo(() => {
    const kept = interviews.filter((i) => (!status || i.status === status) && (!session || i.sessionType === session) && (!agency || i.agencyGroups.includes(agency)));
    const dir = sort.ascending ? 1 : -1;
    return [...kept].sort((a, b) => {
      const x = sortValue(a, sort.column, settings);
      const y = sortValue(b, sort.column, settings);
      return dir * (typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y)));
    });
  }, [interviews, status, session, agency, sort, settings]);

  const agencies = [...new Set(interviews.flatMap((i) => i.agencyGroups))];

  return (
    <main className="screen wide-list" data-screen="interviews">
      <div className="screen-head">
        <h1>Interviews</h1>
        <div className="actions compact">
          <button type="button" className="primary" onClick={() => open({ name: 'intake' })}>
            New interview
          </button>
          <button type="button" onClick={() => open({ name: 'home' })}>
            Back to project
          </button>
        </div>
      </div>
      <div className="row-fields filters">
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All</option>
            {(['draft', 'cleaned', 'reviewed'] as const).map((s) => (
              <option key={s} value={s}>
                {statusText(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-session">Session</label>
          <select id="filter-session" value={session} onChange={(e) => setSession(e.target.value)}>
            <option value="">All</option>
            {(['one-on-one', 'small-group', 'focus-group'] as const).map((s) => (
              <option key={s} value={s}>
                {sessionTypeText(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-agency">Agency group</label>
          <select id="filter-agency" value={agency} onChange={(e) => setAgency(e.target.value)}>
            <option value="">All</option>
            {agencies.map((a) => (
              <option key={a} value={a}>
                {attributeLabel(settings?.agencyGroups, a)}
              </option>
            ))}
          </select>
        </div>
        <p className="muted filter-count">
          {shown.length} of {interviews.length}
        </p>
      </div>
      <ErrorMessage message={error} />
      {interviews.length === 0 ? <p className="muted">No interviews yet.</p> : null}
      {interviews.length > 0 ? (
        <table className="data-table interviews-table" data-testid="interview-list">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" aria-sort={sort.column === c.key ? (sort.ascending ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" className="sort" onClick={() => setSort((s) => ({ column: c.key, ascending: s.column === c.key ? !s.ascending : true }))}>
                    {c.title}
                    <span aria-hidden="true">{sort.column === c.key ? (sort.ascending ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((i) => (
              <tr key={i.id} data-interview={i.id}>
                <td>
                  <strong>{i.respondentCodes.join(', ')}</strong>
                </td>
                <td>{i.organisationTypes.map((c) => attributeLabel(settings?.organisationTypes, c)).join(', ')}</td>
                <td>{i.agencyGroups.map((c) => attributeLabel(settings?.agencyGroups, c)).join(', ')}</td>
                <td>{i.locationNumbers.join(', ')}</td>
                <td>{formatDateTime(i.heldAt)}</td>
                <td>
                  <span className={`status status-${i.status}`}>{statusText(i.status)}</span>
                  {i.endedEarly ? <span className="badge">ended early</span> : !i.finished ? <span className="badge">in progress</span> : null}
                </td>
                <td>{sessionTypeText(i.sessionType)}</td>
                <td className="row-actions">
                  <button type="button" onClick={() => onOpen(i.id)} aria-label={`Open interview ${i.respondentCodes.join(', ')}`}>
                    Open
                  </button>
                  {i.status === 'draft' && !i.finished ? (
                    <button type="button" onClick={() => onResume(i.id)} aria-label={`Resume interview ${i.respondentCodes.join(', ')}`}>
                      Resume
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </main>
  );
}
