// Codebook patches: rows to upsert and ids to delete across the codes, codings, memos and
// relations tables, applied to a state with the exact inverse computed from the rows actually
// replaced (what undo writes). The code tree's operations (code-tree.ts) return these.
import type { Code, Codebook, Coding, Memo, Relation } from './model';

export interface CodebookRows {
  codes: Code[];
  codings: Coding[];
  memos: Memo[];
  relations: Relation[];
}

export interface CodebookIds {
  codes: string[];
  codings: string[];
  memos: string[];
  relations: string[];
}

/** Rows to upsert and ids to delete. An id is never in both. */
export interface CodebookPatch {
  put: CodebookRows;
  remove: CodebookIds;
}

export interface CodebookChange {
  state: Codebook;
  patch: CodebookPatch;
  inverse: CodebookPatch;
}

const TABLES = ['codes', 'codings', 'memos', 'relations'] as const;
type Table = (typeof TABLES)[number];

export function emptyPatch(): CodebookPatch {
  return { put: { codes: [], codings: [], memos: [], relations: [] }, remove: { codes: [], codings: [], memos: [], relations: [] } };
}

export function emptyCodebook(): Codebook {
  return { codes: [], codings: [], memos: [], relations: [] };
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Tables ordered by id. Store ids are UUIDv7, so this is creation order, and it makes undo
 * reproduce the previous arrays exactly (not just the same set of rows).
 */
export function normalizeCodebook(state: Codebook): Codebook {
  return {
    codes: [...state.codes].sort(byId),
    codings: [...state.codings].sort(byId),
    memos: [...state.memos].sort(byId),
    relations: [...state.relations].sort(byId),
  };
}

function applyTable<T extends { id: string }>(rows: readonly T[], put: readonly T[], remove: readonly string[], inversePut: T[], inverseRemove: string[]): T[] {
  const current = new Map(rows.map((row) => [row.id, row]));
  for (const id of remove) {
    const old = current.get(id);
    if (old === undefined) continue;
    inversePut.push(old);
    current.delete(id);
  }
  for (const row of put) {
    const old = current.get(row.id);
    if (old === undefined) inverseRemove.push(row.id);
    else inversePut.push(old);
    current.set(row.id, row);
  }
  return [...current.values()].sort(byId);
}

/** Applies a patch and returns the patch that undoes it. */
export function applyPatch(state: Codebook, patch: CodebookPatch): CodebookChange {
  const inverse = emptyPatch();
  const next: Codebook = {
    codes: applyTable(state.codes, patch.put.codes, patch.remove.codes, inverse.put.codes, inverse.remove.codes),
    codings: applyTable(state.codings, patch.put.codings, patch.remove.codings, inverse.put.codings, inverse.remove.codings),
    memos: applyTable(state.memos, patch.put.memos, patch.remove.memos, inverse.put.memos, inverse.remove.memos),
    relations: applyTable(state.relations, patch.put.relations, patch.remove.relations, inverse.put.relations, inverse.remove.relations),
  };
  return { state: next, patch, inverse };
}

export function isEmptyPatch(patch: CodebookPatch): boolean {
  return TABLES.every((t: Table) => patch.put[t].length === 0 && patch.remove[t].length === 0);
}
