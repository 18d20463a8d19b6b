/**
 * Answer controls for one participant row (or the session): choice buttons with their
 * codes, or a typed value. Choices are picked by digit keys in QuestionPanel; the buttons
 * are there for the mouse and to show what is picked.
 */
import { useEffect, useRef, useState } from 'react';
import type { Answer } from '../../../shared/api/contract';
import { defaultLanguageKey, type Choice, type Question, type Schedule } from '../../../shared/schedule/model';
import { evaluateBoolean, parseExpression } from '../../../shared/schedule/xpath';
import { choiceKeys } from './code-entry';
import { InLanguages } from './question-text';
import { textIn } from './language';
import { LatestSaver } from '../editor/latest-saver';

export function selectedCodes(answer: Answer | undefined): string[] {
  return answer && answer.state === 'answered' && answer.value !== '' ? answer.value.split(' ') : [];
}

export function ChoiceButtons({
  schedule,
  question,
  choices,
  languages,
  answer,
  onChoose,
  rowLabel,
}: {
  schedule: Schedule;
  question: Question;
  choices: readonly Choice[];
  languages: readonly string[];
  answer: Answer | undefined;
  onChoose: (code: string) => void;
  rowLabel: string;
}) {
  const keys = choiceKeys(choices.map((c) => c.name));
  const chosen = selectedCodes(answer);
  const multiple = question.type === 'select_multiple';
  return (
    <div className="choices" role="group" aria-label={rowLabel}>
      {choices.map((choice, i) => {
        const on = chosen.includes(choice.name);
        return (
          <button
            key={choice.name}
            type="button"
            tabIndex={-1}
            className={`choice${on ? ' chosen' : ''}${choice.missing ? ' missing' : ''}`}
            aria-pressed={on}
            data-code={choice.name}
            onClick={() => onChoose(choice.name)}
          >
            <kbd className="choice-key">{keys[i]}</kbd>
            <InLanguages schedule={schedule} labels={choice.label} languages={languages} className="choice-label" as="span" />
            {multiple && on ? <span className="visually-hidden"> (chosen)</span> : null}
          </button>
        );
      })}
    </div>
  );
}

const COMMIT_DELAY_MS = 300;

function typeProblem(question: Question, value: string): string | null {
  if (value === '') return null;
  if (question.type === 'integer' && !/^-?\d+$/.test(value)) return 'A whole number, please.';
  if (question.type === 'decimal' && !/^-?\d+(\.\d+)?$/.test(value)) return 'A number, please (use . for decimals).';
  return null;
}

function constraintProblem(schedule: Schedule, question: Question, value: string, languages: readonly string[], valueOf: (name: string) => string): string | null {
  if (value === '' || question.constraint.trim() === '') return null;
  try {
    const ok = evaluateBoolean(parseExpression(question.constraint), { current: value, value: valueOf });
    if (ok) return null;
  } catch {
    return null; // lint reports broken constraints; never block typing on them
  }
  return textIn(schedule, question.constraintMessage, languages[0] ?? defaultLanguageKey(schedule)) || 'This value is outside what the schedule expects.';
}

/** A typed answer: committed (saved) shortly after typing stops, on Enter and on leaving the field. */
export function TypedAnswer({
  schedule,
  question,
  languages,
  answer,
  label,
  inputId,
  onCommit,
  valueOf,
}: {
  schedule: Schedule;
  question: Question;
  languages: readonly string[];
  answer: Answer | undefined;
  label: string;
  inputId: string;
  onCommit: (value: string) => void;
  valueOf: (name: string) => string;
}) {
  const stored = answer && answer.state === 'answered' ? answer.value : '';
  const [value, setValue] = useState(stored);
  const commitRef = useRef(onCommit);
  commitRef.current = onCommit;
  // A LatestSaver debounces the commit, so locking (which drains every saver) commits what was
  // just typed before the key is dropped; a lone timer here would fire after the lock.
  const [saver] = useState(() => new LatestSaver<string>(async (next) => commitRef.current(next), COMMIT_DELAY_MS, undefined, Number.POSITIVE_INFINITY));
  useEffect(() => () => void saver.dispose(), [saver]);
  const commit = () => void saver.flush();

  const problem = typeProblem(question, value) ?? constraintProblem(schedule, question, value, languages, valueOf);
  return (
    <div className="typed-answer">
      <input
        id={inputId}
        className="answer-input"
        aria-label={label}
        type={question.type === 'date' ? 'date' : 'text'}
        inputMode={question.type === 'integer' || question.type === 'decimal' ? 'decimal' : undefined}
        value={value}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={problem !== null}
        onChange={(e) => {
          setValue(e.target.value);
          const typed = e.target.value.trim();
          saver.schedule(() => typed);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {problem ? <p className="answer-problem">{problem} The answer is kept; check it with the respondent.</p> : null}
    </div>
  );
}
