/**
 * Small things the coding screens share: the evaluator's initials (kept in memory only, for as
 * long as the app runs), colours of highlights, dates of memos, and the "busy" flag that keeps
 * notes read-only while a codebook change is on its way.
 */
import { useSyncExternalStore } from 'react';
import type { ApiOutput } from '../../../shared/api/contract';
import { errorMessage } from '../use-api';

export type CodeNode = ApiOutput<'codes.list'>['codes'][number];
export type UndoState = ApiOutput<'codes.list'>['undo'];
export type CodingRecord = ApiOutput<'codings.forInterview'>['codings'][number];
export type CodeRecord = ApiOutput<'codings.forInterview'>['codes'][number];
export type Segment = ApiOutput<'codings.forCode'>['segments'][number];
export type MemoRecord = ApiOutput<'memos.list'>['memos'][number];
export type CodebookChange = ApiOutput<'codes.move'>;
export type CoderList = ApiOutput<'coders.list'>;

// ---------------------------------------------------------------- initials

let initials = '';
const listeners = new Set<() => void>();

export function setInitials(value: string): void {
  initials = value;
  for (const listener of listeners) listener();
}

export function currentInitials(): string {
  return initials.trim();
}

/** The evaluator's initials, shared by every coding screen (memory only: never written to disk by the UI). */
export function useInitials(): [string, (value: string) => void] {
  const value = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => initials,
  );
  return [value, setInitials];
}

// ---------------------------------------------------------------- colours

export function rgba(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return `rgba(120, 120, 120, ${alpha})`;
  return `rgba(${parseInt(m[1] ?? '0', 16)}, ${parseInt(m[2] ?? '0', 16)}, ${parseInt(m[3] ?? '0', 16)}, ${alpha})`;
}

// ---------------------------------------------------------------- dates

export function formatDay(date: Date | null): string {
  if (date === null || Number.isNaN(date.getTime())) return '';
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

// ---------------------------------------------------------------- errors

/** The API's message for a failed call (see use-api.ts), under the name the coding screens use. */
export const messageOf = errorMessage;

/** True when a key press belongs to a text field (its own undo, its own typing). */
export function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

export const ATTRIBUTE_NAMES = ['agencyGroup', 'organisationType', 'focusOfWork', 'location', 'language', 'date', 'status'] as const;
export type AttributeName = (typeof ATTRIBUTE_NAMES)[number];

export const ATTRIBUTE_LABELS: Record<AttributeName, string> = {
  agencyGroup: 'Agency group',
  organisationType: 'Organisation type',
  focusOfWork: 'Focus of work',
  location: 'Location',
  language: 'Language',
  date: 'Date',
  status: 'Status',
};
