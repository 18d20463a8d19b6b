/**
 * The coding workbench's rows and how they map to shared/coding's records: one place that knows
 * the columns of `code`, `coding`, `memo` and `relation`. Also the errors a coding action
 * gives the user, shared by the repositories of the codebook (codebook-repo.ts), codings
 * (codings-repo.ts), memos and relations (memo-repo.ts), analysis and search.
 */
import { InvalidInputError } from '../../shared/api/errors';
import { CodingError, type Code, type CodebookChange, type Coding, type CodingErrorCode, type Memo, type MemoTarget, type Relation, type RelationType } from '../../shared/coding';
import type { MemoKind } from './api-types';

export type { MemoKind } from './api-types';

/** A code row: the domain's Code and its place among its siblings. */
export interface StoredCode extends Code {
  position?: number;
}

/** A coding row: the domain's Coding, whether it is marked as a quote, and who coded it. */
export interface StoredCoding extends Coding {
  isQuote?: boolean;
  createdBy?: string;
}

export interface StoredMemo extends Memo {
  kind?: MemoKind;
  /** When it was written (ISO); absent on a memo not yet read back from the table. */
  createdAt?: string;
}

export type CodebookErrorReason = CodingErrorCode | 'stale-undo' | 'note-mismatch' | 'past-end' | 'text-mismatch' | 'unknown-note';

/** A coding action the user can correct: the message says what happened and what to do. */
export class CodebookError extends InvalidInputError {
  constructor(
    readonly reason: CodebookErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export interface ChangeOutcome {
  change: CodebookChange;
  /** Notes whose editor state changed (marks added, moved or removed). */
  touchedNoteIds: string[];
}

export interface CodeRow {
  id: string;
  parent_id: string | null;
  name: string;
  color: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  is_core: number;
  kind: 'theme' | 'code';
  in_vivo: number;
  created_by: string;
  position: number;
}

export interface CodingRow {
  id: string;
  code_id: string;
  note_id: string;
  interview_id: string;
  question: string;
  start: number;
  end: number;
  text: string;
  is_quote: number;
  created_by: string;
}

export interface MemoRow {
  id: string;
  kind: MemoKind;
  target_type: 'project' | 'code' | 'coding' | 'interview';
  target_id: string;
  title: string;
  body: string;
  initials: string;
  created_at: string;
}

export interface RelationRow {
  id: string;
  from_code: string;
  to_code: string;
  type: RelationType;
  label: string;
}


export const CODING_COLUMNS = 'id, code_id, note_id, interview_id, question, start, "end", text, is_quote, created_by';

export function codeOf(row: CodeRow): StoredCode {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    color: row.color,
    definition: row.definition,
    inclusion: row.inclusion,
    exclusion: row.exclusion,
    example: row.example,
    isCore: row.is_core === 1,
    kind: row.kind,
    createdBy: row.created_by,
    inVivo: row.in_vivo === 1,
    position: row.position,
  };
}

export function codingOf(row: CodingRow): StoredCoding {
  return {
    id: row.id,
    codeId: row.code_id,
    interviewId: row.interview_id,
    noteId: row.note_id,
    questionName: row.question === '' ? null : row.question,
    start: row.start,
    end: row.end,
    text: row.text,
    isQuote: row.is_quote === 1,
    createdBy: row.created_by,
  };
}

function targetOf(row: MemoRow): MemoTarget {
  switch (row.target_type) {
    case 'project':
      return { kind: 'project' };
    case 'code':
      return { kind: 'code', codeId: row.target_id };
    case 'coding':
      return { kind: 'coding', codingId: row.target_id };
    case 'interview':
      return { kind: 'interview', interviewId: row.target_id };
  }
}

export function memoTargetColumns(target: MemoTarget): { type: MemoRow['target_type']; id: string } {
  switch (target.kind) {
    case 'project':
      return { type: 'project', id: '' };
    case 'code':
      return { type: 'code', id: target.codeId };
    case 'coding':
      return { type: 'coding', id: target.codingId };
    case 'interview':
      return { type: 'interview', id: target.interviewId };
  }
}

export function memoOf(row: MemoRow): StoredMemo {
  return { id: row.id, kind: row.kind, target: targetOf(row), title: row.title, body: row.body, createdBy: row.initials, createdAt: row.created_at };
}

export function relationOf(row: RelationRow): Relation {
  return { id: row.id, fromCodeId: row.from_code, toCodeId: row.to_code, type: row.type, label: row.label };
}

/** Runs a domain operation and turns its CodingError into a CodebookError for the user. */
export function domain<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    if (error instanceof CodingError) throw new CodebookError(error.code, error.message);
    throw error;
  }
}

/** SQLite refusing a row (a foreign key, a unique name): the user's mistake or a stale view; never interview content in the message. */
export function constraintError(error: unknown, what: string): unknown {
  const code = (error as { code?: string }).code ?? '';
  if (!code.startsWith('SQLITE_CONSTRAINT')) return error;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return new CodebookError('duplicate-name', `${what}: a code with that name already exists at that place in the tree. Choose another name.`);
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || /FOREIGN KEY/.test((error as Error).message)) {
    return new CodebookError('unknown-code', `${what}: it refers to a code, note or coding that no longer exists. Reload the codebook and try again.`);
  }
  return new CodebookError('invalid-range', `${what}: the project refused the change (${code}). Reload and try again.`);
}
