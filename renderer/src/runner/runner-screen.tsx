/**
 * The interview runner: one question at a time with live skip logic, keyboard-first
 * answering, a note per question and general notes typed live, an outline of every
 * question's state, and a clock. Everything saves itself as it is typed.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { InterviewDetail } from '../../../shared/api/contract';
import { ApiCallError, call } from '../api';
import { ErrorMessage } from '../components/form';
import { afterNextPaint, type LatestSaver } from '../editor/latest-saver';
import { NoteEditor } from '../editor/note-editor';
import type { NoteVersion } from '../editor/note-plugins';
import { SaveIndicator, SaveStatusContext } from '../editor/save-status';
import { sessionTypeText } from '../interviews/format';
import { interviewLanguages, languageName } from './language';
import { OutlinePanel } from './outline-panel';
import { QuestionPanel, focusAnswer, type PanelActions } from './question-panel';
import { runnerCommand, keyLegend } from './runner-keys';
import { isRequired } from './interview-logic';
import { Clock, EndEarlyDialog, KeyLegend, RequiredReasonDialog } from './runner-parts';
import { END, useRunner } from './use-runner';
import { useNavigation } from '../navigation';
import { useLoad } from '../use-api';

export function RunnerScreen({ interviewId }: { interviewId: string }) {
  const { open } = useNavigation();
  const { data: loaded, error } = useLoad(async () => {
    const [detail, flagged] = await Promise.all([call('interview.get', { id: interviewId }), call('flaggedTerms.list', {})]);
    return { detail, terms: flagged.terms.map((t) => t.term) };
  }, [interviewId]);
  if (!loaded) {
    return (
      <main className="screen" data-screen="runner" aria-busy="true">
        <ErrorMessage message={error} />
      </main>
    );
  }
  return <Runner detail={loaded.detail} flaggedTerms={loaded.terms} onFinished={(id) => open({ name: 'interview', interviewId: id })} onLeave={() => open({ name: 'interviews' })} />;
}

function Runner({ detail, flaggedTerms, onFinished, onLeave }: { detail: InterviewDetail; flaggedTerms: string[]; onFinished: (id: string) => void; onLeave: () => void }) {
  const { schedule, summary } = detail;
  const runner = useRunner(detail);
  const { logic, current, setCurrent, version } = runner;
  const languages = interviewLanguages(schedule, summary.language);
  const speakers = Math.min(detail.participantCount, 9);
  const panelRef = useRef<HTMLDivElement>(null);
  const actionsRef = useRef<PanelActions | null>(null);
  const generalRef = useRef<HTMLDivElement>(null);
  const noteSaver = useRef<LatestSaver<NoteVersion> | null>(null);
  const generalSaver = useRef<LatestSaver<NoteVersion> | null>(null);
  const notes = useRef(new Map(detail.notes.map((n) => [n.question, n.editorState])));
  // Which stored blocks a note's state is, while it is still the state interview.get sent (block-saves.ts).
  const storedBlocks = useRef(new Map(detail.notes.map((n) => [n.question, n.blocks])));
  const [outlineFocus, setOutlineFocus] = useState(0);
  const [ending, setEnding] = useState(false);
  /** The required question being left without an answer, while the runner asks why. */
  const [askingWhy, setAskingWhy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const item = current === END ? undefined : logic.index.byName.get(current);

  const focusQuestion = useCallback(() => {
    if (item) focusAnswer(panelRef.current, item.question);
    else panelRef.current?.focus();
  }, [item]);

  // Each new question takes the keyboard.
  // A layout effect, so a key pressed right after the question appears already lands on it.
  useLayoutEffect(() => focusQuestion(), [focusQuestion]);
  // The notes' Esc, the same function for every question, so the general notes need not re-render on a move.
  const focusQuestionRef = useRef(focusQuestion);
  focusQuestionRef.current = focusQuestion;
  const backToQuestion = useCallback(() => focusQuestionRef.current(), []);

  // The question's note editor is made after the frame that shows the question: a new Lexical
  // editor (and laying out the note it holds) is the largest part of moving on, and the
  // interviewer reads the question before typing under it. Until then the notes box is a
  // stand-in that makes the editor at once when it gets focus (Tab, a click), so keys pressed
  // faster than a frame still land in the note.
  const [notesFor, showNotesNow] = useAfterPaint(item?.question.name ?? null);
  const primaryLeft = useMemo(() => logic.primaryRemaining(), [logic, version]);

  const saveEverything = useCallback(async () => {
    await Promise.all([runner.drain(), noteSaver.current?.drain(), generalSaver.current?.drain()]);
  }, [runner]);

  const finish = useCallback(
    async (early: boolean, reason?: string) => {
      setError(null);
      try {
        await saveEverything();
        await call('interview.finish', { id: summary.id, early, ...(early ? { atQuestion: current === END ? '' : current, reason: reason ?? '' } : {}) });
        onFinished(summary.id);
      } catch (e) {
        setError(e instanceof ApiCallError ? e.message : 'The interview could not be finished. Everything typed is kept; try again.');
      }
    },
    [saveEverything, summary.id, current, onFinished],
  );

  const moveOn = useCallback(() => setCurrent(logic.next(current)?.question.name ?? END), [current, logic, setCurrent]);
  const next = useCallback(() => {
    if (current === END) return void finish(false);
    // Leaving a required question without an answer: ask why first (one key records it).
    if (item && isRequired(item.question) && logic.unanswered(item.question).length > 0) return setAskingWhy(item.question.name);
    moveOn();
  }, [current, item, logic, moveOn, finish]);
  const back = useCallback(() => {
    const previous = logic.previous(current);
    if (previous) setCurrent(previous.question.name);
  }, [current, logic, setCurrent]);
  const jump = useCallback(
    (name: string) => {
      setCurrent(name);
      // Same question: the effect above does not run, so take focus back here.
      window.requestAnimationFrame(() => focusQuestion());
    },
    [setCurrent, focusQuestion],
  );

  // Keys that work anywhere in the runner, including inside the notes.
  const togglePrimaryOnly = () => runner.setPrimaryOnly(!logic.primaryOnly);
  const commands = useRef({ next, back, busy: ending || askingWhy !== null, focusQuestion, togglePrimaryOnly });
  commands.current = { next, back, busy: ending || askingWhy !== null, focusQuestion, togglePrimaryOnly };
  // A layout effect, like the question's focus: registered in the commit that shows the runner,
  // so a key pressed as soon as the first question shows (Ctrl+G at once) is not lost. A passive
  // effect ran after the first paint, and a key in between went nowhere.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (commands.current.busy) return;
      const command = runnerCommand(e);
      if (!command) return;
      e.preventDefault();
      e.stopPropagation();
      // A typed answer is committed when its field loses focus: do that before moving on.
      if ((command === 'next' || command === 'back') && document.activeElement instanceof HTMLInputElement) document.activeElement.blur();
      switch (command) {
        case 'next':
          return commands.current.next();
        case 'back':
          return commands.current.back();
        case 'declined': {
          // Declining re-draws a typed answer's field: keep the keyboard on the question, where Enter and digits work.
          const onQuestion = panelRef.current?.contains(document.activeElement) ?? false;
          actionsRef.current?.toggleDeclined();
          if (onQuestion) {
            window.requestAnimationFrame(() => {
              if (!panelRef.current?.contains(document.activeElement)) commands.current.focusQuestion();
            });
          }
          return;
        }
        case 'primary-only':
          return commands.current.togglePrimaryOnly();
        case 'outline':
          return setOutlineFocus((n) => n + 1);
        case 'general-notes':
          return generalRef.current?.querySelector<HTMLElement>('[contenteditable="true"]')?.focus();
        case 'end-early':
          return setEnding(true);
      }
    };
    // Esc always comes back to the question: from the outline, the notes, the bar, the legend.
    // Bubbling, after the notes and the outline had their own say.
    const onEscape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || commands.current.busy || e.ctrlKey || e.altKey || e.metaKey) return;
      e.preventDefault();
      commands.current.focusQuestion();
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('keydown', onEscape);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('keydown', onEscape);
    };
  }, []);

  const codes = detail.participants.map((p) => p.respondentCode).join(', ');
  const cacheNote = useMemo(() => (notesFor === null ? undefined : (version: NoteVersion) => void (notes.current.set(notesFor, version.editorState), storedBlocks.current.delete(notesFor))), [notesFor]);

  return (
    <SaveStatusContext.Provider value={runner.status}>
      <main className="runner" data-screen="runner">
        <header className="runner-bar">
          <div className="runner-who">
            <strong>
              {detail.participants.length > 1 ? 'IDs' : 'ID'} <span data-testid="respondent-ids">{codes}</span>
            </strong>
            <span className="muted">
              {sessionTypeText(summary.sessionType, detail.participantCount)} · {languages.map((l) => languageName(schedule, l)).join(' + ')} · {summary.interviewer}
            </span>
          </div>
          <Clock elapsed={runner.elapsed} primaryLeft={primaryLeft} />
          <label className="inline-check primary-toggle">
            <input type="checkbox" checked={logic.primaryOnly} onChange={(e) => runner.setPrimaryOnly(e.target.checked)} aria-keyshortcuts="Control+P" /> Primary questions only (Ctrl+P)
          </label>
          <SaveIndicator status={runner.status} />
          <div className="runner-bar-actions">
            <button type="button" onClick={() => setEnding(true)} aria-keyshortcuts="Control+E">
              End early…
            </button>
            <button type="button" onClick={() => void saveEverything().then(onLeave)}>
              Pause and leave
            </button>
          </div>
        </header>
        <ErrorMessage message={error} />
        <div className="runner-grid">
          <OutlinePanel schedule={schedule} logic={logic} language={languages[0] ?? ''} current={current} focusRequest={outlineFocus} version={version} onJump={jump} onEscape={focusQuestion} />
          <section className="runner-main" aria-label="Question">
            {item ? (
              <QuestionPanel schedule={schedule} item={item} languages={languages} logic={logic} panelRef={panelRef} actionsRef={actionsRef} onAnswer={runner.answer} onNext={next} onBack={back} />
            ) : (
              <EndOfSchedule panelRef={panelRef} onFinish={() => void finish(false)} onBack={back} />
            )}
            {item ? (
              <div className="question-notes">
                <label htmlFor={`note-${item.question.name}`} className="panel-title">
                  Notes on this question
                </label>
                {notesFor === item.question.name ? (
                  <NoteEditor
                    key={item.question.name}
                    id={`note-${item.question.name}`}
                    interviewId={summary.id}
                    question={item.question.name}
                    initialState={notes.current.get(item.question.name) ?? null}
                    storedBlocks={storedBlocks.current.get(item.question.name) ?? null}
                    label={`Notes on ${item.question.name}`}
                    placeholder="Type what is said…"
                    speakers={detail.participants}
                    flaggedTerms={flaggedTerms}
                    onSending={cacheNote}
                    onEscape={backToQuestion}
                    saverRef={noteSaver}
                  />
                ) : (
                  <div className="note">
                    <div
                      id={`note-${item.question.name}`}
                      className="note-input note-pending"
                      role="textbox"
                      aria-multiline="true"
                      aria-label={`Notes on ${item.question.name}`}
                      tabIndex={0}
                      onFocus={() => {
                        flushSync(showNotesNow);
                        document.getElementById(`note-${item.question.name}`)?.focus();
                      }}
                    />
                  </div>
                )}
              </div>
            ) : null}
          </section>
          <aside className="runner-side">
            <div className="general-notes" ref={generalRef}>
              <label htmlFor="note-general" className="panel-title">
                General notes
              </label>
              <NoteEditor
                id="note-general"
                interviewId={summary.id}
                question=""
                initialState={notes.current.get('') ?? null}
                storedBlocks={storedBlocks.current.get('') ?? null}
                label="General notes"
                placeholder="Setting, interruptions, impressions… (Ctrl+G)"
                speakers={detail.participants}
                flaggedTerms={flaggedTerms}
                onEscape={backToQuestion}
                saverRef={generalSaver}
              />
            </div>
            {speakers > 1 ? (
              <p className="hint">
                Speakers: {detail.participants.map((p) => `P${p.position} = ${p.respondentCode}`).join(', ') || `P1 … P${speakers}`}
              </p>
            ) : null}
            <KeyLegend keys={keyLegend(speakers, logic.perParticipant)} />
          </aside>
        </div>
        {askingWhy !== null && item ? (
          <RequiredReasonDialog
            question={askingWhy}
            onReason={(missingReason) => {
              for (const t of logic.unanswered(item.question)) runner.answer({ participantId: t.participantId, question: item.question.name, answer: { value: '', state: 'declined', missingReason } });
              setAskingWhy(null);
              moveOn();
            }}
            onCancel={() => {
              setAskingWhy(null);
              window.requestAnimationFrame(() => focusQuestion());
            }}
          />
        ) : null}
        {ending ? (
          <EndEarlyDialog
            error={error}
            onCancel={() => {
              setEnding(false);
              window.requestAnimationFrame(() => focusQuestion());
            }}
            onEnd={(reason) => void finish(true, reason)}
          />
        ) : null}
      </main>
    </SaveStatusContext.Provider>
  );
}

/** `value` as it was until the next frame is painted (or `showNow` is called), then `value`. */
function useAfterPaint<T>(value: T): [shown: T, showNow: () => void] {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    return afterNextPaint(() => setShown(value));
  }, [value, shown]);
  const latest = useRef(value);
  latest.current = value;
  const showNow = useCallback(() => setShown(latest.current), []);
  return [shown, showNow];
}

function EndOfSchedule({ panelRef, onFinish, onBack }: { panelRef: React.RefObject<HTMLDivElement | null>; onFinish: () => void; onBack: () => void }) {
  return (
    <div
      className="question-panel end-of-schedule"
      ref={panelRef}
      tabIndex={-1}
      data-testid="end-of-schedule"
      onKeyDown={(e) => {
        if (e.key !== 'Enter' || e.ctrlKey || e.metaKey) return;
        e.preventDefault();
        if (e.shiftKey) onBack();
        else onFinish();
      }}
    >
      <h2 className="question-label">End of the schedule</h2>
      <p>Every question the skip logic asks has been reached. Check the outline for anything left unanswered.</p>
      <div className="actions">
        <button type="button" className="primary" onClick={onFinish}>
          Finish interview (Enter)
        </button>
        <button type="button" onClick={onBack}>
          Back (Shift+Enter)
        </button>
      </div>
    </div>
  );
}
