/**
 * Rapid qualitative analysis (Hamilton's method): one row per respondent, one column per
 * section of the schedule (or per evaluation question), each cell the evaluator's short
 * summary, linked to the note it was written from. Rows filter and sort by attribute; the
 * grid, as shown, exports to .xlsx. Cells save when the field is left.
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { ApiOutput } from '../../../shared/api/contract';
import type { RqaRow } from '../../../shared/api/evaluation';
import { call } from '../api';
import { ErrorMessage, StatusMessage } from '../components/form';
import { base64ToBytes, downloadFile } from '../download';
import { messageOf, useInitials } from '../coding/coding-basics';
import type { NotePlace } from '../coding/note-place';

type Grid = ApiOutput<'rqa.grid'>;
type Attribute = keyof RqaRow['attributes'];
const ATTRIBUTES: { name: Attribute; label: string }[] = [
  { name: 'organisationType', label: 'Organisation type' },
  { name: 'agencyGroup', label: 'Agency group' },
  { name: 'focusOfWork', label: 'Focus of work' },
  { name: 'location', label: 'Location' },
];
type SortKey = 'respondent' | 'date' | Attribute;

function Cell({ row, column, onSaved, onOpenPlace }: { row: RqaRow; column: { key: string; label: string; questions: string[] }; onSaved: (participantId: string, key: string, summary: string, noteId: string | null) => void; onOpenPlace: (place: NotePlace) => void }) {
  const saved = row.cells[column.key];
  // A new summary is linked to the respondent's note on the column's first question, which the user can change.
  const [summary, setSummary] = useState(saved?.summary ?? '');
  const [noteId, setNoteId] = useState<string | null>(saved ? saved.noteId : (row.notes.find((n) => column.questions.includes(n.question))?.id ?? null));
  const [initials] = useInitials();
  const [error, setError] = useState<string | null>(null);
  const save = async (nextSummary: string, nextNote: string | null) => {
    if (saved === undefined ? nextSummary.trim() === '' : nextSummary === saved.summary && nextNote === saved.noteId) return;
    try {
      await call('rqa.saveCell', { participantId: row.participantId, domain: column.key, summary: nextSummary, noteId: nextNote, initials: initials.trim() || '?' });
      onSaved(row.participantId, column.key, nextSummary, nextNote);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const label = `${row.respondentCode}, ${column.label}`;
  return (
    <td className="rqa-cell">
      <textarea aria-label={`Summary: ${label}`} rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} onBlur={() => void save(summary, noteId)} />
      <div className="rqa-note">
        <select aria-label={`Written from the note: ${label}`} value={noteId ?? ''} onChange={(e) => { const next = e.target.value === '' ? null : e.target.value; setNoteId(next); void save(summary, next); }}>
          <option value="">(no note linked)</option>
          {row.notes.map((n) => (
            <option key={n.id} value={n.id}>
              {n.label.slice(0, 50)}
            </option>
          ))}
        </select>
        {noteId !== null ? (
          <button type="button" className="link" onClick={() => onOpenPlace({ interviewId: row.interviewId, noteId, start: 0, end: 0 })}>
            Open
          </button>
        ) : null}
      </div>
      {error ? <span className="error-text">{error}</span> : null}
    </td>
  );
}

export function RqaGrid({ onOpenPlace }: { onOpenPlace: (place: NotePlace) => void }) {
  const id = useId();
  const [columns, setColumns] = useState<'sections' | 'questions'>('sections');
  const [grid, setGrid] = useState<Grid | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [filterBy, setFilterBy] = useState<Attribute>('organisationType');
  const [filterValue, setFilterValue] = useState('');
  const [sortBy, setSortBy] = useState<SortKey>('respondent');
  const [initials, setInitials] = useInitials();

  const load = useCallback(async () => {
    try {
      setGrid(await call('rqa.grid', { columns }));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [columns]);
  useEffect(() => void load(), [load]);

  const values = useMemo(() => [...new Set((grid?.rows ?? []).map((r) => r.attributes[filterBy] ?? 'Not recorded'))].sort(), [grid, filterBy]);
  const rows = useMemo(() => {
    const shown = (grid?.rows ?? []).filter((r) => filterValue === '' || (r.attributes[filterBy] ?? 'Not recorded') === filterValue);
    const key = (r: RqaRow): string | number => (sortBy === 'respondent' ? r.respondentNumber : sortBy === 'date' ? r.heldAt : (r.attributes[sortBy] ?? '\uffff'));
    return [...shown].sort((a, b) => {
      const x = key(a);
      const y = key(b);
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) || a.respondentNumber - b.respondentNumber;
    });
  }, [grid, filterBy, filterValue, sortBy]);

  const onSaved = (participantId: string, key: string, summary: string, noteId: string | null) =>
    setGrid((g) =>
      g === null
        ? g
        : {
            ...g,
            rows: g.rows.map((r) => {
              if (r.participantId !== participantId) return r;
              const cells = { ...r.cells };
              if (summary.trim() === '') delete cells[key];
              else cells[key] = { summary, noteId, initials, updatedAt: new Date().toISOString() };
              return { ...r, cells };
            }),
          },
    );
  const exportGrid = async () => {
    try {
      const file = await call('rqa.exportXlsx', { columns, participantIds: rows.map((r) => r.participantId) });
      downloadFile(file.fileName, base64ToBytes(file.dataBase64), file.mediaType);
      setStatus(`Saved ${file.fileName} (${rows.length} respondent${rows.length === 1 ? '' : 's'}) to your downloads.`);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <div className="rqa" data-testid="rqa-grid">
      <p className="muted">Summarise each interview by domain instead of coding it line by line; the summaries appear in the evidence for the evaluation questions they belong to.</p>
      <div className="row-fields filters">
        <fieldset className="radio-row">
          <legend>Columns</legend>
          <label className="inline-check">
            <input type="radio" name={`${id}-cols`} checked={columns === 'sections'} onChange={() => setColumns('sections')} /> Sections of the schedule
          </label>
          <label className="inline-check">
            <input type="radio" name={`${id}-cols`} checked={columns === 'questions'} onChange={() => setColumns('questions')} /> Evaluation questions
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-filter-by`}>Show respondents by</label>
          <select id={`${id}-filter-by`} value={filterBy} onChange={(e) => { setFilterBy(e.target.value as Attribute); setFilterValue(''); }}>
            {ATTRIBUTES.map((a) => (
              <option key={a.name} value={a.name}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-filter`}>Value</label>
          <select id={`${id}-filter`} value={filterValue} onChange={(e) => setFilterValue(e.target.value)}>
            <option value="">All</option>
            {values.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-sort`}>Sort by</label>
          <select id={`${id}-sort`} value={sortBy} onChange={(e) => setSortBy(e.target.value as SortKey)}>
            <option value="respondent">Respondent ID</option>
            <option value="date">Date of interview</option>
            {ATTRIBUTES.map((a) => (
              <option key={a.name} value={a.name}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field narrow-field">
          <label htmlFor={`${id}-initials`}>Your initials</label>
          <input id={`${id}-initials`} value={initials} maxLength={10} onChange={(e) => setInitials(e.target.value)} />
        </div>
        <div className="field">
          <button type="button" onClick={() => void exportGrid()} disabled={rows.length === 0}>
            Export .xlsx
          </button>
        </div>
      </div>
      <ErrorMessage message={error} />
      <StatusMessage message={status} />
      {grid !== null && grid.columns.length === 0 ? <p className="muted">{columns === 'sections' ? 'The schedule has no sections.' : 'The matrix has no evaluation questions yet.'}</p> : null}
      {grid !== null && grid.columns.length > 0 ? (
        <div className="rqa-scroll">
          <table className="data-table rqa-table">
            <caption className="visually-hidden">Rapid analysis: {rows.length} respondents</caption>
            <thead>
              <tr>
                <th scope="col">Respondent</th>
                {grid.columns.map((c) => (
                  <th key={c.key} scope="col">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.participantId}>
                  <th scope="row">
                    {r.respondentCode}
                    <div className="muted rqa-attributes">
                      {[r.attributes.organisationType, r.attributes.agencyGroup, r.attributes.location ? `location ${r.attributes.location}` : null, r.heldAt.slice(0, 10)].filter((x) => x !== null).join(' · ')}
                    </div>
                  </th>
                  {grid.columns.map((c) => (
                    <Cell key={`${columns}:${c.key}`} row={r} column={c} onSaved={onSaved} onOpenPlace={onOpenPlace} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
