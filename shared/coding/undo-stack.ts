// Undo and redo for codebook operations. Entries keep both patches so that the store can be
// told exactly which rows to write; the state itself is never copied into the stack.
import { applyPatch, type CodebookChange, type CodebookPatch } from './code-tree';
import type { Codebook } from './model';

export interface UndoEntry {
  /** What the user did, for the menu: "Merge “Cost” into “Money”". */
  label: string;
  patch: CodebookPatch;
  inverse: CodebookPatch;
}

export interface UndoStack {
  past: readonly UndoEntry[];
  future: readonly UndoEntry[];
  /** Oldest entries are forgotten beyond this many. */
  limit: number;
}

export interface UndoStep {
  stack: UndoStack;
  state: Codebook;
  /** The rows the store must write to follow the state. */
  patch: CodebookPatch;
  label: string;
}

export function emptyUndoStack(limit = 100): UndoStack {
  return { past: [], future: [], limit };
}

/** Records a change just made; a new change forgets what could be redone. */
export function recordChange(stack: UndoStack, label: string, change: Pick<CodebookChange, 'patch' | 'inverse'>): UndoStack {
  const past = [...stack.past, { label, patch: change.patch, inverse: change.inverse }];
  return { past: past.slice(Math.max(0, past.length - stack.limit)), future: [], limit: stack.limit };
}

export function canUndo(stack: UndoStack): boolean {
  return stack.past.length > 0;
}

export function canRedo(stack: UndoStack): boolean {
  return stack.future.length > 0;
}

/** Undoes the last change, or returns null when there is nothing to undo. */
export function undo(stack: UndoStack, state: Codebook): UndoStep | null {
  const entry = stack.past.at(-1);
  if (entry === undefined) return null;
  const applied = applyPatch(state, entry.inverse);
  return {
    stack: { past: stack.past.slice(0, -1), future: [...stack.future, entry], limit: stack.limit },
    state: applied.state,
    patch: entry.inverse,
    label: entry.label,
  };
}

/** Redoes the last undone change, or returns null when there is nothing to redo. */
export function redo(stack: UndoStack, state: Codebook): UndoStep | null {
  const entry = stack.future.at(-1);
  if (entry === undefined) return null;
  const applied = applyPatch(state, entry.patch);
  return {
    stack: { past: [...stack.past, entry], future: stack.future.slice(0, -1), limit: stack.limit },
    state: applied.state,
    patch: entry.patch,
    label: entry.label,
  };
}
