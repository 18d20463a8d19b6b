// Keeping codings anchored while the note text changes.
//
// Offsets are UTF-16 code units into the note's plain text, the string Lexical's
// `$getRoot().getTextContent()` returns (paragraphs joined by "\n\n"; see lexical-marks.ts).
// An edit is a deletion followed by an insertion at the same offset. The rules follow what the
// editor's marks do (MarkNode refuses text inserted at its edges):
// - inserting at or before a coding's start shifts it;
// - inserting strictly inside extends it;
// - inserting at its end (or after) leaves it alone;
// - deleting part of it shrinks it, deleting all of it removes it.
// Each coding follows these rules on its own, so nested and overlapping codings need no special case.
//
// Block separators: the "\n\n" Lexical puts between paragraphs is structure, not text, and no
// mark can hold it. A coding may span one but never starts or ends with one; when a deletion
// empties the paragraph at a coding's edge, pass the separators of the new text (from
// $blockSeparators in lexical-marks.ts) and the coding is trimmed back to text, as its marks are.
import { CodingError, type Coding } from './model';

export interface TextEdit {
  /** UTF-16 offset where the deletion starts and the insertion goes. */
  at: number;
  /** How many UTF-16 code units are deleted from `at`. */
  deleted: number;
  /** The text inserted at `at` after the deletion. */
  inserted: string;
}

export interface EditResult<C extends Coding = Coding> {
  /** The codings still anchored, in the order given. */
  codings: C[];
  /** Codings whose text was deleted entirely, as they were before the edit (to restore on undo). */
  removed: C[];
  /** Codings that moved, grew or shrank, as they were before the edit (to restore on undo). */
  changed: C[];
}

/** Where a range [start, end) goes when `edit` is applied; null when all its text is deleted. */
export function mapRange(start: number, end: number, edit: TextEdit): { start: number; end: number } | null {
  const { at, deleted } = edit;
  const deletedEnd = at + deleted;
  const afterDelete = (offset: number): number => (offset <= at ? offset : offset >= deletedEnd ? offset - deleted : at);
  let s = afterDelete(start);
  let e = afterDelete(end);
  if (e <= s) return null;
  const n = edit.inserted.length;
  if (n > 0) {
    if (at <= s) {
      s += n;
      e += n;
    } else if (at < e) {
      e += n;
    }
  }
  return { start: s, end: e };
}

/** Moves a range's ends off block separators ("\n\n" starting at each given offset). */
function trimSeparators(range: { start: number; end: number } | null, separators: ReadonlySet<number>): { start: number; end: number } | null {
  if (range === null || separators.size === 0) return range;
  let { start, end } = range;
  while (start < end && separators.has(start)) start += 2;
  while (end > start && separators.has(end - 2)) end -= 2;
  return end > start ? { start, end } : null;
}

function checkEdit(edit: TextEdit): void {
  if (!Number.isInteger(edit.at) || !Number.isInteger(edit.deleted) || edit.at < 0 || edit.deleted < 0) {
    throw new CodingError('invalid-edit', `An edit needs whole, non-negative offsets (at ${edit.at}, deleted ${edit.deleted}).`);
  }
}

/**
 * Applies one edit of a note to that note's codings (pass only one note's codings). The coded
 * `text` is edited in step, so it stays equal to the note's plainText.slice(start, end).
 */
export function applyEdit<C extends Coding>(codings: readonly C[], edit: TextEdit, blockSeparators: readonly number[] = []): EditResult<C> {
  checkEdit(edit);
  const separators = new Set(blockSeparators);
  const out: C[] = [];
  const removed: C[] = [];
  const changed: C[] = [];
  for (const coding of codings) {
    const range = trimSeparators(mapRange(coding.start, coding.end, edit), separators);
    if (range === null) {
      removed.push(coding);
      continue;
    }
    if (range.start === coding.start && range.end === coding.end && edit.at >= coding.end) {
      out.push(coding);
      continue;
    }
    // Edit the coded text in its own coordinates: cut the deleted part, insert if inside, then
    // drop what trimming took off either end.
    const untrimmed = mapRange(coding.start, coding.end, edit) ?? range;
    const cutFrom = Math.min(Math.max(edit.at - coding.start, 0), coding.text.length);
    const cutTo = Math.min(Math.max(edit.at + edit.deleted - coding.start, 0), coding.text.length);
    let text = coding.text.slice(0, cutFrom) + coding.text.slice(cutTo);
    if (untrimmed.end - untrimmed.start > text.length) {
      const local = edit.at - untrimmed.start;
      text = text.slice(0, local) + edit.inserted + text.slice(local);
    }
    text = text.slice(range.start - untrimmed.start, range.end - untrimmed.start);
    if (range.start === coding.start && range.end === coding.end && text === coding.text) {
      out.push(coding);
      continue;
    }
    changed.push(coding);
    out.push({ ...coding, start: range.start, end: range.end, text });
  }
  return { codings: out, removed, changed };
}

/** Applies edits in order; `removed` and `changed` hold each coding as it was before the first edit that touched it. */
export function applyEdits<C extends Coding>(codings: readonly C[], edits: readonly TextEdit[]): EditResult<C> {
  // Without the editor's structure between edits, separators are not trimmed here.
  let current: C[] = [...codings];
  const removed: C[] = [];
  const changed = new Map<string, C>();
  const original = new Map(codings.map((c) => [c.id, c]));
  for (const edit of edits) {
    const result = applyEdit(current, edit);
    current = result.codings;
    for (const c of result.changed) if (!changed.has(c.id)) changed.set(c.id, original.get(c.id) ?? c);
    for (const c of result.removed) {
      changed.delete(c.id);
      removed.push(original.get(c.id) ?? c);
    }
  }
  return { codings: current, removed, changed: [...changed.values()] };
}

/** Applies an edit to the note text itself, with the same meaning as for codings. */
export function applyEditToText(text: string, edit: TextEdit): string {
  checkEdit(edit);
  if (edit.at + edit.deleted > text.length) {
    throw new CodingError('invalid-edit', `The edit reaches offset ${edit.at + edit.deleted}, past the end of the text (${text.length}).`);
  }
  return text.slice(0, edit.at) + edit.inserted + text.slice(edit.at + edit.deleted);
}

/** Checks that a coding fits its note and its text matches; returns the problems found. */
export function codingProblems(coding: Coding, plainText: string): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(coding.start) || !Number.isInteger(coding.end) || coding.start < 0 || coding.end <= coding.start) {
    problems.push(`coding ${coding.id} has an empty or reversed range ${coding.start}..${coding.end}`);
  } else if (coding.end > plainText.length) {
    problems.push(`coding ${coding.id} ends at ${coding.end}, past the end of its note (${plainText.length})`);
  } else if (plainText.slice(coding.start, coding.end) !== coding.text) {
    problems.push(`coding ${coding.id} no longer matches the text at ${coding.start}..${coding.end}`);
  }
  return problems;
}
