import { useCallback, useEffect, useState } from 'react';
import type { ScheduleSummary } from '../../../shared/api/contract';
import { FINDING_GROUP_TITLES, groupFindings, type Finding } from '../../../shared/schedule/findings';
import { countText } from '../../../shared/schedule/lint-report';
import { call } from '../api';
import { ErrorMessage } from '../components/form';
import { fileToBase64 } from '../download';
import { useAction } from '../use-async';

/** The import's findings in the lint's groups (errors first), each group collapsed to its count except errors. */
export function FindingList({ fileName, findings }: { fileName: string; findings: readonly Finding[] }) {
  if (findings.length === 0) return null;
  return (
    <div className="finding-groups" data-testid="import-findings">
      {groupFindings(findings).map(({ group, findings: inGroup }) => (
        <details key={group} open={group === 'error'} data-group={group}>
          <summary>
            {FINDING_GROUP_TITLES[group]} ({inGroup.length})
          </summary>
          <ul className="findings">
            {inGroup.map((f, i) => (
              <li key={i} className={f.severity}>
                <code>
                  {fileName}:{f.sheet}:{f.row !== undefined ? `${f.row}:` : ''}
                  {f.row !== undefined && f.column ? `${f.column}:` : ''}
                </code>{' '}
                <strong>{f.severity}</strong>: {f.message}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}

export function SchedulesSection({ onOpen, onChanged }: { onOpen: (id: string) => void; onChanged: () => void }) {
  const [schedules, setSchedules] = useState<ScheduleSummary[]>([]);
  const [report, setReport] = useState<{ fileName: string; findings: Finding[]; imported: boolean } | null>(null);
  const { busy, error, run } = useAction();

  const reload = useCallback(() => run(async () => setSchedules((await call('schedule.list', {})).schedules)), [run]);
  useEffect(() => void reload(), [reload]);

  const afterImport = async (fileName: string, result: { imported: ScheduleSummary | null; findings: Finding[] }) => {
    setReport({ fileName, findings: result.findings, imported: result.imported !== null });
    await reload();
    onChanged();
  };

  return (
    <section aria-labelledby="schedules-heading">
      <h2 id="schedules-heading">Interview schedules</h2>
      {schedules.length === 0 ? <p className="muted">No schedules yet. Import an XLSForm workbook or start from the example.</p> : null}
      {schedules.length > 0 ? (
        <table className="data-table" data-testid="schedule-list">
          <thead>
            <tr>
              <th scope="col">Schedule</th>
              <th scope="col">Version</th>
              <th scope="col">Questions</th>
              <th scope="col">Languages</th>
              <th scope="col">Interviews</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {schedules.map((s) => (
              <tr key={s.id}>
                <td>{s.title}</td>
                <td>
                  {s.version}
                  {s.superseded ? ' (older)' : ''}
                </td>
                <td>{s.questionCount}</td>
                <td>{s.languages.join(', ')}</td>
                <td>{s.interviewCount}</td>
                <td>
                  <button type="button" onClick={() => onOpen(s.id)} aria-label={`Open in designer: ${s.title}, version ${s.version}`}>
                    Open in designer
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="actions">
        <label className="button-like" htmlFor="import-xlsx">
          Import XLSForm (.xlsx)…
        </label>
        <input
          id="import-xlsx"
          className="visually-hidden"
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            void run(async () => afterImport(file.name, await call('schedule.import', { fileName: file.name, dataBase64: await fileToBase64(file) })));
          }}
        />
        <button type="button" disabled={busy} onClick={() => void run(async () => afterImport('example-evaluation.xlsx', await call('schedule.importExample', {})))}>
          Start from the example schedule
        </button>
      </div>
      <ErrorMessage message={error} />
      {report ? (
        <div className={report.imported ? 'notice' : 'error'} role="status" data-testid="import-report">
          {report.imported
            ? `Imported ${report.fileName}${report.findings.length ? ` with ${countText(report.findings)}:` : '.'}`
            : `${report.fileName} was not imported: fix the errors below in the workbook and import it again.`}
          <FindingList fileName={report.fileName} findings={report.findings} />
        </div>
      ) : null}
    </section>
  );
}
