import { useMemo, useState } from 'react';
import { walkSchedule, type AnswerValue } from '../../../shared/schedule/walk';
import { defaultText, questionsOf, type Schedule } from '../../../shared/schedule/model';

/** Walks the schedule as a respondent would, with test answers typed here. */
export function Preview({ schedule }: { schedule: Schedule }) {
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const [primaryOnly, setPrimaryOnly] = useState(false);
  const questions = useMemo(() => new Map(questionsOf(schedule).map((q) => [q.name, q])), [schedule]);
  const walk = useMemo(() => {
    try {
      return { asked: walkSchedule(schedule, answers, { primaryOnly }), error: null };
    } catch (error) {
      return { asked: [], error: (error as Error).message };
    }
  }, [schedule, answers, primaryOnly]);

  return (
    <section aria-label="Preview" className="preview" data-testid="preview">
      <div className="field checkbox">
        <input id="preview-primary" type="checkbox" checked={primaryOnly} onChange={(e) => setPrimaryOnly(e.target.checked)} />
        <label htmlFor="preview-primary">Primary questions only</label>
      </div>
      <button type="button" onClick={() => setAnswers({})}>
        Clear test answers
      </button>
      {walk.error ? <p className="error">{walk.error}</p> : null}
      <ol className="preview-list">
        {walk.asked.map((name) => {
          const q = questions.get(name);
          if (!q) return null;
          const list = schedule.choiceLists.find((l) => l.name === q.listName);
          const label = defaultText(schedule, q.label) || name;
          const value = answers[name];
          return (
            <li key={name} data-question={name}>
              <div className="preview-label">
                <code>{name}</code> {label} {q.priority === 'probe' ? <span className="badge">probe</span> : null}
              </div>
              {q.type === 'select_one' && list ? (
                <select aria-label={`Test answer for ${name}`} value={typeof value === 'string' ? value : ''} onChange={(e) => setAnswers({ ...answers, [name]: e.target.value })}>
                  <option value="">(no answer)</option>
                  {list.choices.map((c) => (
                    <option key={c.name} value={c.name}>
                      {c.name} {defaultText(schedule, c.label)}
                    </option>
                  ))}
                </select>
              ) : q.type === 'select_multiple' && list ? (
                <div role="group" aria-label={`Test answer for ${name}`}>
                  {list.choices.map((c) => {
                    const chosen = Array.isArray(value) ? value : [];
                    return (
                      <label key={c.name} className="inline-check">
                        <input
                          type="checkbox"
                          checked={chosen.includes(c.name)}
                          onChange={(e) => setAnswers({ ...answers, [name]: e.target.checked ? [...chosen, c.name] : chosen.filter((x) => x !== c.name) })}
                        />
                        {c.name} {defaultText(schedule, c.label)}
                      </label>
                    );
                  })}
                </div>
              ) : (
                <input aria-label={`Test answer for ${name}`} value={typeof value === 'string' ? value : ''} onChange={(e) => setAnswers({ ...answers, [name]: e.target.value })} />
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
