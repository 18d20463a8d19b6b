/**
 * Every question with its state, in schedule order, grouped by section. Ctrl+O focuses it;
 * ↑↓ move, Enter (or a click) jumps there, Escape goes back to the question.
 *
 * Moving to the next question must show it within a frame on a 500-question schedule: a row
 * re-renders only when what it shows changes (memo rows of plain values, one click handler on
 * the list), states are worked out once per change of answers, and scrolling the current row
 * into view waits for the frame, where the layout it reads is due anyway. Rows come in chunks
 * of CHUNK: a move re-renders the one or two chunks holding the old and new current row (an
 * answer re-renders every chunk, whose rows then skip all but the changed one), and a
 * chunk out of the list's view is neither laid out nor painted (`content-visibility: auto`;
 * on each row, 500 visibility checks a frame cost more than the paint they saved).
 */
import { memo, useEffect, useMemo, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import type { Schedule } from '../../../shared/schedule/model';
import { STATE_TEXT, type InterviewLogic, type QuestionState, type RunnerItem } from './interview-logic';
import { textIn } from './language';

const CHUNK = 25;

type RowView = { name: string; heading: { name: string; text: string } | null; state: QuestionState; partly: boolean; label: string; probe: boolean };

/** Where a row sits in the list's scrolled content (each chunk is a containing block, so not offsetTop). */
function placeOf(list: HTMLElement, row: HTMLElement): { top: number; bottom: number } {
  const top = row.getBoundingClientRect().top - list.getBoundingClientRect().top - list.clientTop + list.scrollTop;
  return { top, bottom: top + row.offsetHeight };
}

const MARGIN = 24;

/** Scrolls just enough to show the row (keyboard moves in the outline). */
function scrollWithin(list: HTMLElement, row: HTMLElement): void {
  const { top, bottom } = placeOf(list, row);
  if (top < list.scrollTop + MARGIN) list.scrollTop = Math.max(0, top - MARGIN);
  else if (bottom > list.scrollTop + list.clientHeight - MARGIN) list.scrollTop = bottom - list.clientHeight + MARGIN;
}

/**
 * Brings the current question back into view when it has left it, a third of the way down:
 * the questions ahead show, and the list scrolls once every few moves rather than on each.
 */
function follow(list: HTMLElement, row: HTMLElement): void {
  const { top, bottom } = placeOf(list, row);
  if (top < list.scrollTop + MARGIN || bottom > list.scrollTop + list.clientHeight - MARGIN) list.scrollTop = Math.max(0, top - Math.round(list.clientHeight / 3));
}

function focusRow(list: HTMLElement | null | undefined, row: HTMLElement): void {
  row.focus({ preventScroll: true });
  if (list) scrollWithin(list, row);
}

export const OutlinePanel = memo(function OutlinePanel({
  schedule,
  logic,
  language,
  current,
  focusRequest,
  version,
  onJump,
  onEscape,
}: {
  schedule: Schedule;
  logic: InterviewLogic;
  /** Only the first interview language: the outline is for finding your place, not reading out. */
  language: string;
  current: string;
  /** Bumped to move keyboard focus into the outline. */
  focusRequest: number;
  /** Changes whenever answers change so the memo re-renders. */
  version: number;
  onJump: (name: string) => void;
  onEscape: () => void;
}) {
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (focusRequest === 0) return;
    const list = listRef.current;
    const row = list?.querySelector<HTMLElement>(`[data-question="${CSS.escape(current)}"]`) ?? list?.querySelector<HTMLElement>('[data-question]');
    if (row) focusRow(list, row);
    // Only a new request moves focus; `current` is read, not watched.
  }, [focusRequest]);

  // Keep the current question in view as the interview moves on (the list scrolls, not the page).
  useEffect(() => {
    const frame = window.requestAnimationFrame(() => {
      const list = listRef.current;
      const row = list?.querySelector<HTMLElement>(`[data-question="${CSS.escape(current)}"]`);
      if (list && row) follow(list, row);
    });
    return () => window.cancelAnimationFrame(frame);
  }, [current]);

  // What each row shows, worked out again only when answers or primary-only change (`version`, `logic`).
  const chunks = useMemo(() => {
    let lastGroup = '';
    const rows = logic.index.items.map((item: RunnerItem): RowView => {
      const q = item.question;
      const group = item.groups[item.groups.length - 1];
      const heading = group && group.name !== lastGroup ? { name: group.name, text: textIn(schedule, group.label, language) } : null;
      lastGroup = group?.name ?? '';
      return { name: q.name, heading, state: logic.state(q), partly: logic.partlyHidden(q), label: textIn(schedule, q.label, language) || q.name, probe: q.priority === 'probe' };
    });
    const out: RowView[][] = [];
    for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
    return out;
    // `version` changes with every answer, which `logic` (changed in place) does not show.
  }, [logic, schedule, language, version]);

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const name = (e.target as Element).closest<HTMLElement>('[data-question]')?.dataset.question;
    if (name) onJump(name);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const rows = [...(listRef.current?.querySelectorAll<HTMLElement>('[data-question]') ?? [])];
    const at = rows.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      e.preventDefault();
      const row = rows[Math.max(0, Math.min(rows.length - 1, to))];
      if (row) focusRow(listRef.current, row);
    };
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(rows.length - 1);
    else if (e.key === 'PageDown') move(at + 10);
    else if (e.key === 'PageUp') move(at - 10);
    else if (e.key === 'Enter' && at >= 0) {
      e.preventDefault();
      const name = rows[at]!.dataset.question;
      if (name) onJump(name);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onEscape();
    }
  };

  return (
    <nav className="runner-outline" aria-label="Outline">
      <h2 className="panel-title">Outline</h2>
      <div role="list" className="runner-outline-list" ref={listRef} onKeyDown={onKeyDown} onClick={onClick} data-testid="runner-outline">
        {chunks.map((rows) => (
          <OutlineChunk key={rows[0]!.name} rows={rows} current={rows.some((r) => r.name === current) ? current : null} />
        ))}
      </div>
    </nav>
  );
});

const OutlineChunk = memo(function OutlineChunk({ rows, current }: { rows: readonly RowView[]; current: string | null }) {
  return (
    <div role="none" className="runner-outline-chunk">
      {rows.map((row) => [
        row.heading ? (
          <div key={`group:${row.heading.name}`} className="runner-outline-group" aria-hidden="true">
            {row.heading.text}
          </div>
        ) : null,
        <OutlineRow key={row.name} name={row.name} label={row.label} state={row.state} partly={row.partly} probe={row.probe} current={row.name === current} />,
      ])}
    </div>
  );
});

const OutlineRow = memo(function OutlineRow({ name, label, state, partly, probe, current }: { name: string; label: string; state: QuestionState; partly: boolean; probe: boolean; current: boolean }) {
  return (
    <div
      role="listitem"
      tabIndex={-1}
      className={`runner-outline-row state-${state}${current ? ' current' : ''}${partly ? ' flagged' : ''}`}
      data-question={name}
      data-state={state}
      aria-current={current ? 'step' : undefined}
    >
      <span className="outline-state-dot" aria-hidden="true" />
      <span className="outline-text">
        {label}
        {probe ? <span className="badge probe">probe</span> : null}
      </span>
      <span className="outline-state">
        {STATE_TEXT[state]}
        {partly ? ' · an answer is now skipped by logic' : ''}
      </span>
    </div>
  );
});
