/**
 * Lint findings in the designer, grouped as `schedule check` prints them (errors first,
 * then what would change the data, logic, privacy, other warnings, translations,
 * information), each group a collapsed count that opens to its findings. Errors start open.
 */
import { FINDING_GROUP_TITLES, groupFindings, type Finding } from '../../../shared/schedule/findings';
import { formatCoverage, translationCoverage } from '../../../shared/schedule/lint';
import type { Schedule } from '../../../shared/schedule/model';

export function FindingsPanel({ schedule, findings, onOpen }: { schedule: Schedule; findings: readonly Finding[]; onOpen: (finding: Finding) => void }) {
  const groups = groupFindings(findings);
  if (groups.length === 0) {
    return (
      <p className="muted" data-testid="findings">
        No problems found.
      </p>
    );
  }
  const coverage = translationCoverage(schedule);
  return (
    <div className="finding-groups" data-testid="findings">
      {groups.map(({ group, findings: inGroup }) => (
        <details key={group} open={group === 'error'} data-group={group}>
          <summary>
            {FINDING_GROUP_TITLES[group]} ({inGroup.length})
          </summary>
          {group === 'translation' ? (
            <ul className="coverage">
              {coverage.map((line) => (
                <li key={`${line.language.name}-${line.kind}`}>{formatCoverage(line)}</li>
              ))}
            </ul>
          ) : null}
          <ul className="findings">
            {inGroup.map((f, i) => (
              <li key={i} className={f.severity}>
                <button type="button" className="link" onClick={() => onOpen(f)}>
                  {f.sheet}:{f.row ?? ''}
                  {f.column ? `:${f.column}` : ''}
                </button>{' '}
                {f.severity === 'error' ? <strong>error: </strong> : null}
                {f.message}
              </li>
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}
