/**
 * The runner's state outside the UI: the interview logic (answers + relevance), saving
 * each answer at once (one request in flight per answer, always the latest), the current
 * question (saved so a draft resumes where it stopped) and primary-only.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { InterviewDetail } from '../../../shared/api/contract';
import { call } from '../api';
import { LatestSaver, afterNextPaint } from '../editor/latest-saver';
import { SaveStatus } from '../editor/save-status';
import { InterviewLogic, indexSchedule } from './interview-logic';
import type { AnswerChange } from './question-panel';

/** The step after the last question: "end of the schedule, Enter finishes". */
export const END = '#end';

const POSITION_SAVE_DELAY_MS = 400;
/** The clock saver waits this long on its own: in practice it sends on a question change or a drain. */
const CLOCK_WAITS_MS = 60 * 60 * 1000;
/** A move saves the clock if it was last saved this long ago (a drain always saves it). */
const CLOCK_SAVE_GAP_MS = 10_000;

export function useRunner(detail: InterviewDetail) {
  const interviewId = detail.summary.id;
  const index = useMemo(() => indexSchedule(detail.schedule), [detail.schedule]);
  const [logic, setLogic] = useState(() => new InterviewLogic(index, detail, detail.answers, detail.primaryOnly));
  const [version, setVersion] = useState(0);
  const [status] = useState(() => new SaveStatus());
  const savers = useRef(new Map<string, LatestSaver<AnswerChange>>());
  const [current, setCurrent] = useState(() => {
    if (detail.currentQuestion === END || index.byName.has(detail.currentQuestion)) return detail.currentQuestion;
    return logic.first()?.question.name ?? END;
  });

  const answer = useCallback(
    (change: AnswerChange) => {
      const { participantId, question } = change;
      logic.set(participantId, question, change.answer ? { participantId, question, ...change.answer, updatedAt: new Date().toISOString() } : null);
      setVersion((v) => v + 1);
      const key = `answer:${participantId}:${question}`;
      let saver = savers.current.get(key);
      if (!saver) {
        saver = new LatestSaver<AnswerChange>(
          async (c) => {
            if (c.answer) {
              const { value, state, missingReason } = c.answer;
              await call('interview.answer', { interviewId, participantId: c.participantId, question: c.question, value, state, ...(missingReason ? { missingReason } : {}) });
            }
            else await call('interview.clearAnswer', { interviewId, participantId: c.participantId, question: c.question });
          },
          0,
          (state, error) => status.report(key, state, error),
        );
        savers.current.set(key, saver);
      }
      saver.schedule(() => change);
      void saver.flush();
    },
    [logic, interviewId, status],
  );

  const setPrimaryOnly = useCallback(
    (primaryOnly: boolean) => {
      setLogic((l) => l.withPrimaryOnly(primaryOnly));
      void status.track('primary-only', call('interview.update', { id: interviewId, primaryOnly })).catch(() => undefined);
    },
    [interviewId, status],
  );

  // Where the interview stands, so a draft resumes at its current question.
  const [positionSaver] = useState(
    () => new LatestSaver<string>((name) => call('interview.update', { id: interviewId, currentQuestion: name }).then(() => undefined), POSITION_SAVE_DELAY_MS, (s, e) => {
      // Where the interview stands is not the user's data: only a failure is worth showing.
      if (s === 'error' || s === 'saved') status.report('position', s, e);
    }),
  );
  const firstPosition = useRef(true);
  useEffect(() => {
    if (firstPosition.current) {
      firstPosition.current = false;
      return;
    }
    positionSaver.schedule(() => current);
  }, [current, positionSaver]);

  // The clock runs while the runner is open, from the first question; leaving (pause, lock,
  // finish) stops it, and the time so far is stored so a resumed interview carries on from it.
  // It is saved with a move to another question (at most every 10 s) and whenever savers are
  // drained (leaving, Ctrl+L): never on a timer, which would count as activity and keep auto-lock away.
  const [openedAt] = useState(() => Date.now());
  const elapsed = useCallback(() => detail.elapsedSeconds * 1000 + (Date.now() - openedAt), [detail.elapsedSeconds, openedAt]);
  const [clockSaver] = useState(
    () =>
      new LatestSaver<number>(
        (seconds) => call('interview.update', { id: interviewId, elapsedSeconds: seconds }).then(() => undefined),
        CLOCK_WAITS_MS,
        (s, e) => {
          if (s === 'error') status.report('clock', s, e);
        },
        CLOCK_WAITS_MS,
      ),
  );
  // Once the runner is gone the clock is stopped: nothing may send a later time for it.
  const clockRunning = useRef(true);
  const keepClockPending = useCallback(() => {
    if (clockRunning.current) clockSaver.schedule(() => Math.floor(elapsed() / 1000));
  }, [clockSaver, elapsed]);
  useEffect(() => {
    clockRunning.current = true;
    keepClockPending();
    return () => {
      clockRunning.current = false;
      void clockSaver.dispose();
    };
  }, [clockSaver, keepClockPending]);
  // After the frame that shows the new question, and at most every CLOCK_SAVE_GAP_MS: moving
  // through questions quickly sent a request per key (4 ms of the page's time each, under load).
  const lastClockSave = useRef(0);
  useEffect(
    () =>
      afterNextPaint(() => {
        if (Date.now() - lastClockSave.current < CLOCK_SAVE_GAP_MS) return;
        lastClockSave.current = Date.now();
        void clockSaver.flush().then(keepClockPending, keepClockPending);
      }),
    [current, clockSaver, keepClockPending],
  );

  const drain = useCallback(async () => {
    keepClockPending();
    await Promise.all([...savers.current.values(), positionSaver, clockSaver].map((s) => s.drain()));
  }, [positionSaver, clockSaver, keepClockPending]);

  useEffect(() => () => void drain(), [drain]);

  return { index, logic, version, status, current, setCurrent, answer, setPrimaryOnly, drain, elapsed };
}
