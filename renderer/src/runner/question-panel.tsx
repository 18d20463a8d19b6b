/**
 * The question being asked: its section, label and hint in the interview language(s), and
 * the answer for the session or for each participant. Keys: digits pick by code, Enter
 * next, Shift+Enter back, ↑↓ change participant row, Delete clears.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { Answer, MissingReason } from '../../../shared/api/contract';
import type { Question, Schedule } from '../../../shared/schedule/model';
import { ChoiceButtons, TypedAnswer, selectedCodes } from './answer-inputs';
import { CodeEntry, choiceKeys, digitOf } from './code-entry';
import { MISSING_REASON_TEXT, STATE_TEXT, type InterviewLogic, type RunnerItem } from './interview-logic';
import { InLanguages } from './question-text';

export interface PanelActions {
  /** Marks the active row declined, or undoes it. */
  toggleDeclined(): void;
}

export interface AnswerChange {
  readonly participantId: string;
  readonly question: string;
  /** null clears the answer. */
  readonly answer: { value: string; state: Answer['state']; missingReason?: MissingReason } | null;
}

export function QuestionPanel({
  schedule,
  item,
  languages,
  logic,
  panelRef,
  actionsRef,
  onAnswer,
  onNext,
  onBack,
}: {
  schedule: Schedule;
  item: RunnerItem;
  languages: readonly string[];
  logic: InterviewLogic;
  panelRef: RefObject<HTMLDivElement | null>;
  /** Filled with actions the runner's global keys call (Ctrl+D works from the notes too). */
  actionsRef: RefObject<PanelActions | null>;
  onAnswer: (change: AnswerChange) => void;
  onNext: () => void;
  onBack: () => void;
}) {
  const q = item.question;
  const targets = logic.targets(q);
  const [activeRow, setActiveRow] = useState(0);
  const [message, setMessage] = useState('');
  const entry = useRef(new CodeEntry());
  const list = q.listName ? schedule.choiceLists.find((l) => l.name === q.listName) : undefined;
  const choices = list?.choices ?? [];
  const keys = choiceKeys(choices.map((c) => c.name));
  const isChoice = (q.type === 'select_one' || q.type === 'select_multiple') && choices.length > 0;
  const row = Math.min(activeRow, Math.max(0, targets.length - 1));

  useEffect(() => {
    setActiveRow(0);
    setMessage('');
    entry.current.reset();
  }, [q.name]);

  const choose = (participantId: string, code: string, replaces: string | null = null) => {
    const current = selectedCodes(logic.answer(participantId, q.name));
    let value: string;
    if (q.type === 'select_multiple') {
      const base = replaces ? current.filter((c) => c !== replaces) : current;
      const next = base.includes(code) ? base.filter((c) => c !== code) : [...base, code];
      value = choices.map((c) => c.name).filter((c) => next.includes(c)).join(' ');
    } else value = code;
    onAnswer({ participantId, question: q.name, answer: value === '' ? null : { value, state: 'answered' } });
  };

  const declineTarget = targets[row];
  useEffect(() => {
    actionsRef.current = {
      toggleDeclined: () => {
        if (!declineTarget) return;
        const declined = logic.answer(declineTarget.participantId, q.name)?.state === 'declined';
        onAnswer({ participantId: declineTarget.participantId, question: q.name, answer: declined ? null : { value: '', state: 'declined' } });
        setMessage(declined ? 'No longer marked declined.' : '');
      },
    };
    return () => {
      actionsRef.current = null;
    };
  });

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      if (e.shiftKey) return onBack();
      if (inField && row < targets.length - 1) {
        setActiveRow(row + 1);
        panelRef.current?.querySelector<HTMLInputElement>(`#answer-${q.name}-${row + 1}`)?.focus();
        return;
      }
      return onNext();
    }
    if (inField) return;
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && targets.length > 1) {
      e.preventDefault();
      setActiveRow(Math.max(0, Math.min(targets.length - 1, row + (e.key === 'ArrowDown' ? 1 : -1))));
      return;
    }
    if ((e.key === 'Delete' || e.key === 'Backspace') && targets[row]) {
      e.preventDefault();
      onAnswer({ participantId: targets[row].participantId, question: q.name, answer: null });
      setMessage('Answer cleared.');
      return;
    }
    const digit = digitOf(e);
    if (digit === null || !isChoice || !targets[row]) return;
    e.preventDefault();
    const result = entry.current.key(digit, keys, Date.now());
    if (result.kind === 'unknown') {
      setMessage(`No choice has the code ${result.typed} here.`);
      return;
    }
    if (result.kind === 'waiting') {
      setMessage(`${result.typed}…`);
      return;
    }
    const code = choices[keys.indexOf(result.code)]!.name;
    const replaced = result.replaces !== null ? (choices[keys.indexOf(result.replaces)]?.name ?? null) : null;
    choose(targets[row].participantId, code, replaced);
    setMessage('');
    // In per-participant mode, move to the next participant once this one has an answer.
    if (q.type === 'select_one' && row < targets.length - 1 && keys.every((k) => k === result.code || !k.startsWith(result.code))) setActiveRow(row + 1);
  };

  const group = item.groups[item.groups.length - 1];
  const asked = logic.isAsked(q);
  const state = logic.state(q);
  return (
    <div className="question-panel" ref={panelRef} tabIndex={-1} onKeyDown={onKeyDown} data-testid="question" data-question={q.name} aria-labelledby="question-label">
      <div className="question-meta">
        {group ? <InLanguages schedule={schedule} labels={group.label} languages={languages} className="question-section" /> : null}
        <span className={`badge ${q.priority}`}>{q.type === 'note' ? 'read out' : q.priority}</span>
        <code className="question-name">{q.name}</code>
      </div>
      <h2 id="question-label" className="question-label">
        <InLanguages schedule={schedule} labels={q.label} languages={languages} className="question-text" />
      </h2>
      <InLanguages schedule={schedule} labels={q.hint} languages={languages} className="question-hint" />
      {!asked ? <p className="notice">The skip logic does not ask this question now ({STATE_TEXT[state]}). Press Enter for the next question.</p> : null}

      {q.type === 'note' ? <p className="muted">Read this out, then press Enter.</p> : null}
      {targets.map((target, i) => {
        const answer = logic.answer(target.participantId, q.name);
        // Per-participant answers always say whose they are, even when logic leaves one row.
        const labelled = target.participantId !== '';
        const rowLabel = labelled ? target.label : 'Answer';
        return (
          <div key={target.participantId} className={`answer-row${labelled ? ' compact' : ''}${targets.length > 1 && i === row ? ' active' : ''}`} data-participant={target.participantId || 'session'}>
            {labelled ? <div className="answer-row-label">{target.label}</div> : null}
            {isChoice ? (
              <ChoiceButtons schedule={schedule} question={q} choices={choices} languages={languages} answer={answer} rowLabel={rowLabel} onChoose={(code) => {
                setActiveRow(i);
                choose(target.participantId, code);
              }} />
            ) : (
              <TypedAnswer
                key={`${q.name}:${target.participantId}:${answer?.state === 'declined' ? 'declined' : 'open'}`}
                schedule={schedule}
                question={q}
                languages={languages}
                answer={answer?.state === 'answered' ? answer : undefined}
                label={labelled ? `Answer for ${target.label}` : 'Answer'}
                inputId={`answer-${q.name}-${i}`}
                valueOf={(name) => logic.answer(target.participantId, name)?.value ?? logic.answer('', name)?.value ?? ''}
                onCommit={(value) => onAnswer({ participantId: target.participantId, question: q.name, answer: value === '' ? null : { value, state: 'answered' } })}
              />
            )}
            {answer?.state === 'declined' ? (
              <p className="declined-mark" data-testid="declined">
                {answer.missingReason ? `No answer: ${MISSING_REASON_TEXT[answer.missingReason]}` : 'Declined to answer'}
                {labelled ? ` (${target.label})` : ''}. Ctrl+D again to undo.
              </p>
            ) : null}
          </div>
        );
      })}
      <p className="entry-message" aria-live="polite">
        {message}
      </p>
    </div>
  );
}

export function focusAnswer(panel: HTMLDivElement | null, question: Question): void {
  if (!panel) return;
  const input = question.type === 'select_one' || question.type === 'select_multiple' ? null : panel.querySelector<HTMLInputElement>('input.answer-input');
  (input ?? panel).focus();
}
