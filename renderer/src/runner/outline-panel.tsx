/**
 * Every question with its state, in schedule order, grouped by section. Ctrl+O focuses it;
 * ↑↓ move, Enter (or a click) jumps there, Escape goes back to the question.
 */
import { memo, useEffect, useRef, type KeyboardEvent } from 'react';
import type { Schedule } from '../../../shared/schedule/model';
import { STATE_TEXT, type InterviewLogic, type RunnerItem } from './interview-logic';
import { textIn } from './language';

function scrollWithin(list: HTMLElement, row: HTMLElement): void {
  const margin = 24;
  if (row.offsetTop < list.scrollTop + margin) list.scrollTop = Math.max(0, row.offsetTop - margin);
  else if (row.offsetTop + row.offsetHeight > list.scrollTop + list.clientHeight - margin) list.scrollTop = row.offsetTop + row.offsetHeight - list.clientHeight + margin;
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
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (focusRequest === 0) return;
    const list = listRef.current;
    const row = list?.querySelector<HTMLElement>(`[data-question="${CSS.escape(current)}"]`) ?? list?.querySelector<HTMLElement>('[data-question]');
    if (row) focusRow(list, row);
    // Only a new request moves focus; `current` is read, not watched.
  }, [focusRequest]);

  // Keep the current question in view as the interview moves on (the list scrolls, not the page).
  useEffect(() => {
    const list = listRef.current;
    const row = list?.querySelector<HTMLElement>(`[data-question="${CSS.escape(current)}"]`);
    if (list && row) scrollWithin(list, row);
  }, [current]);

  const onKeyDown = (e: KeyboardEvent<HTMLOListElement>) => {
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

  let lastGroup = '';
  return (
    <nav className="runner-outline" aria-label="Outline">
      <h2 className="panel-title">Outline</h2>
      <ol className="runner-outline-list" ref={listRef} onKeyDown={onKeyDown} data-testid="runner-outline">
        {logic.index.items.map((item: RunnerItem) => {
          const q = item.question;
          const group = item.groups[item.groups.length - 1];
          const heading = group && group.name !== lastGroup ? textIn(schedule, group.label, language) : null;
          lastGroup = group?.name ?? '';
          const state = logic.state(q);
          const partly = logic.partlyHidden(q);
          const label = textIn(schedule, q.label, language) || q.name;
          return [
            heading ? (
              <li key={`group:${group!.name}`} className="runner-outline-group" aria-hidden="true">
                {heading}
              </li>
            ) : null,
            <li
              key={q.name}
              tabIndex={-1}
              className={`runner-outline-row state-${state}${q.name === current ? ' current' : ''}${partly ? ' flagged' : ''}`}
              data-question={q.name}
              data-state={state}
              aria-current={q.name === current ? 'step' : undefined}
              onClick={() => onJump(q.name)}
            >
              <span className="outline-state-dot" aria-hidden="true" />
              <span className="outline-text">
                {label}
                {q.priority === 'probe' ? <span className="badge probe">probe</span> : null}
              </span>
              <span className="outline-state">
                {STATE_TEXT[state]}
                {partly ? ' · an answer is now skipped by logic' : ''}
              </span>
            </li>,
          ];
        })}
      </ol>
    </nav>
  );
});
