import type { UnitOfAnalysis } from '../../../shared/api/contract';

/** What a row stands for, in the words an evaluator would use in a methods section. */
export function unitSentence(unit: UnitOfAnalysis, rows?: number): string {
  const n = rows === undefined ? '' : ` N = ${rows}.`;
  return unit === 'respondent'
    ? `Each respondent is one case: in a small-group or focus-group session every respondent counts, with the session’s shared answers repeated for each.${n}`
    : `Each interview session is one case: a group session counts once, described by its first respondent’s attributes.${n}`;
}

export function UnitChoice({ name, legend, unit, onChange, rows }: { name: string; legend: string; unit: UnitOfAnalysis; onChange: (unit: UnitOfAnalysis) => void; rows?: number }) {
  return (
    <fieldset className="radio-row unit-choice">
      <legend>{legend}</legend>
      {(['respondent', 'interview'] as const).map((u) => (
        <label className="inline-check" key={u}>
          <input type="radio" name={name} value={u} checked={unit === u} onChange={() => onChange(u)} />
          {u === 'respondent' ? 'Respondent' : 'Interview'}
        </label>
      ))}
      <p className="hint unit-sentence" data-testid={`${name}-sentence`}>
        {unitSentence(unit, rows)}
      </p>
    </fieldset>
  );
}
