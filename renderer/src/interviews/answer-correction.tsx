/**
 * Correcting an answer while cleaning, as ODK's audit log and CSPro's notes allow: the new
 * answer, why, and the corrector's initials. The services keep the old and new value with the
 * time; the trail is shown under the question and travels in the JSON export.
 */
import { useState } from 'react';
import type { AnswerCorrection, InterviewDetail } from '../../../shared/api/contract';
import type { Question, Schedule } from '../../../shared/schedule/model';
import { call } from '../api';
import { ErrorMessage } from '../components/form';
import { textIn } from '../runner/language';
import { useAction } from '../use-async';
import { formatDateTime } from './format';

type NewState = AnswerCorrection['newState'];

export interface CorrectionTarget {
  /** '' for the session's answer. */
  readonly participantId: string;
  readonly label: string;
}

/** A value as the cleaner reads it: the code with its label, "Declined" or "no answer". */
export function correctionValueText(schedule: Schedule, question: Question, state: NewState, value: string, language: string): string {
  if (state === 'none') return 'no answer';
  if (state === 'declined') return 'Declined';
  if (question.type !== 'select_one' && question.type !== 'select_multiple') return value;
  const list = schedule.choiceLists.find((l) => l.name === question.listName);
  return value
    .split(' ')
    .map((code) => {
      const choice = list?.choices.find((c) => c.name === code);
      return choice ? `${code} ${textIn(schedule, choice.label, language)}` : code;
    })
    .join('; ');
}

export function CorrectionTrail({ schedule, question, corrections, language, who }: { schedule: Schedule; question: Question; corrections: readonly AnswerCorrection[]; language: string; who: (participantId: string) => string }) {
  if (corrections.length === 0) return null;
  return (
    <ol className="correction-trail" aria-label={`Corrections of ${question.name}`}>
      {corrections.map((c) => (
        <li key={c.id} data-testid="correction">
          Corrected by <strong>{c.initials}</strong>, <time dateTime={c.correctedAt}>{formatDateTime(c.correctedAt)}</time>
          {c.participantId ? ` (${who(c.participantId)})` : ''}: <span className="old-value">{correctionValueText(schedule, question, c.oldState, c.oldValue, language)}</span> →{' '}
          <span className="new-value">{correctionValueText(schedule, question, c.newState, c.newValue, language)}</span>. Reason: {c.reason}
        </li>
      ))}
    </ol>
  );
}

export function CorrectAnswerForm({
  detail,
  question,
  targets,
  language,
  initials,
  onInitials,
  onDone,
  onCancel,
}: {
  detail: InterviewDetail;
  question: Question;
  targets: readonly CorrectionTarget[];
  language: string;
  initials: string;
  onInitials: (v: string) => void;
  onDone: (detail: InterviewDetail) => void;
  onCancel: () => void;
}) {
  const { schedule } = detail;
  const [target, setTarget] = useState(targets[0]?.participantId ?? '');
  const current = detail.answers.find((a) => a.question === question.name && a.participantId === target);
  const [state, setState] = useState<NewState>(current ? current.state : 'answered');
  const [value, setValue] = useState(current?.state === 'answered' ? current.value : '');
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useAction();
  const choices = schedule.choiceLists.find((l) => l.name === question.listName)?.choices ?? [];
  const id = (part: string) => `correct-${question.name}-${part}`;
  const chosen = value.split(' ').filter((c) => c !== '');

  const submit = () => {
    if (reason.trim() === '') return setError('Say why the answer is corrected; the reason goes into the audit trail.');
    if (initials.trim() === '') return setError('Type your initials: each correction is signed.');
    void run(async () => onDone(await call('interview.correctAnswer', { interviewId: detail.summary.id, participantId: target, question: question.name, value: state === 'answered' ? value : '', state, reason: reason.trim(), initials: initials.trim() })));
  };

  return (
    <form
      className="correct-answer"
      aria-label={`Correct the answer to ${question.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      {targets.length > 1 ? (
        <div className="field">
          <label htmlFor={id('who')}>Whose answer</label>
          <select
            id={id('who')}
            value={target}
            onChange={(e) => {
              const next = detail.answers.find((a) => a.question === question.name && a.participantId === e.target.value);
              setTarget(e.target.value);
              setState(next ? next.state : 'answered');
              setValue(next?.state === 'answered' ? next.value : '');
            }}
          >
            {targets.map((t) => (
              <option key={t.participantId} value={t.participantId}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <fieldset className="field">
        <legend>Corrected answer</legend>
        {(['answered', 'declined', 'none'] as const).map((s) => (
          <label key={s} className="inline-check">
            <input type="radio" name={id('state')} checked={state === s} onChange={() => setState(s)} /> {s === 'answered' ? 'An answer' : s === 'declined' ? 'Declined' : 'No answer'}
          </label>
        ))}
      </fieldset>
      {state === 'answered' ? (
        question.type === 'select_one' ? (
          <div className="field">
            <label htmlFor={id('value')}>Answer</label>
            <select id={id('value')} value={value} onChange={(e) => setValue(e.target.value)} autoFocus>
              <option value="">Choose…</option>
              {choices.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name} {textIn(schedule, c.label, language)}
                </option>
              ))}
            </select>
          </div>
        ) : question.type === 'select_multiple' ? (
          <fieldset className="field">
            <legend>Answer (all that apply)</legend>
            {choices.map((c) => (
              <label key={c.name} className="inline-check">
                <input
                  type="checkbox"
                  checked={chosen.includes(c.name)}
                  onChange={(e) => {
                    const next = e.target.checked ? [...chosen, c.name] : chosen.filter((x) => x !== c.name);
                    setValue(choices.map((x) => x.name).filter((x) => next.includes(x)).join(' '));
                  }}
                />{' '}
                {c.name} {textIn(schedule, c.label, language)}
              </label>
            ))}
          </fieldset>
        ) : (
          <div className="field">
            <label htmlFor={id('value')}>Answer</label>
            <input id={id('value')} type={question.type === 'date' ? 'date' : 'text'} value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" autoFocus />
          </div>
        )
      ) : null}
      <div className="row-fields">
        <div className="field">
          <label htmlFor={id('reason')}>Reason for the correction</label>
          <input id={id('reason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} placeholder="e.g. interviewer keyed 2; the notes say yes" />
        </div>
        <div className="field">
          <label htmlFor={id('initials')}>Your initials</label>
          <input id={id('initials')} maxLength={10} autoComplete="off" value={initials} onChange={(e) => onInitials(e.target.value)} />
        </div>
      </div>
      <ErrorMessage message={error} />
      <div className="actions compact">
        <button type="submit" className="primary" disabled={busy}>
          Save correction
        </button>
        <button type="button" onClick={onCancel}>
          Cancel (Esc)
        </button>
      </div>
    </form>
  );
}
