/**
 * Rows of any merged table as the merge sees them (merge-repo.ts): compared, hashed, inserted and
 * overwritten column by column, each in a savepoint so one refused row does not end the merge,
 * and labelled in words a user recognises for the list of conflicts.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import { changeNoteMarks, readNoteMarks } from './note-marks';

export type Row = Record<string, unknown>;

/** Tables merged, parents first. */
export const MERGED_TABLES = [
  'schedule',
  'interview',
  'participant',
  'answer',
  'answer_correction',
  'note',
  'status_change',
  'review_comment',
  'flagged_term',
  'coder',
  'code',
  'coding',
  'memo',
  'relation',
  'evaluation_question',
  'evaluation_link',
  'rqa_cell',
] as const;
export type MergedTable = (typeof MERGED_TABLES)[number];

const VOLATILE = new Set(['updated_at', 'device_id']);

export function hashRow(table: string, row: Row): string {
  const keys = Object.keys(row).sort();
  return crypto.createHash('sha256').update(table).update(JSON.stringify(keys.map((k) => [k, row[k]]))).digest('hex');
}

export function sameContent(a: Row, b: Row): boolean {
  for (const key of Object.keys(a)) if (!VOLATILE.has(key) && a[key] !== b[key]) return false;
  return true;
}

export function differingFields(local: Row, incoming: Row): { name: string; local: string; incoming: string }[] {
  const out: { name: string; local: string; incoming: string }[] = [];
  for (const key of Object.keys(local)) {
    if (VOLATILE.has(key) || local[key] === incoming[key]) continue;
    out.push({ name: key, local: String(local[key] ?? ''), incoming: String(incoming[key] ?? '') });
  }
  return out;
}

export function quoteId(column: string): string {
  if (!/^[a-z_]+$/.test(column)) throw new Error(`unexpected column ${column}`);
  return `"${column}"`;
}

export function insertRow(db: Database.Database, table: string, row: Row): void {
  const cols = Object.keys(row);
  db.prepare(`INSERT INTO ${quoteId(table)} (${cols.map(quoteId).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => row[c]));
}

/** Sets every column of the local record `id` to the incoming values (its id stays). */
export function overwriteRow(db: Database.Database, table: string, id: string, row: Row): void {
  const cols = Object.keys(row).filter((c) => c !== 'id');
  db.prepare(`UPDATE ${quoteId(table)} SET ${cols.map((c) => `${quoteId(c)} = ?`).join(', ')} WHERE id = ?`).run(...cols.map((c) => row[c]), id);
}

export function withSavepoint<T>(db: Database.Database, work: () => T): { ok: true; value: T } | { ok: false; error: Error } {
  db.exec('SAVEPOINT merge_row');
  try {
    const value = work();
    db.exec('RELEASE merge_row');
    return { ok: true, value };
  } catch (error) {
    db.exec('ROLLBACK TO merge_row');
    db.exec('RELEASE merge_row');
    const code = (error as { code?: string }).code ?? '';
    if (!code.startsWith('SQLITE_CONSTRAINT')) throw error;
    return { ok: false, error: error as Error };
  }
}

/** A short label a user recognises for a record (never more than a few words of content). */
export function labelOf(db: Database.Database, table: string, row: Row): string {
  const clip = (s: unknown) => {
    const text = String(s ?? '');
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  };
  const respondents = (interviewId: unknown) =>
    (db.prepare('SELECT group_concat(respondent_code, \', \') FROM (SELECT respondent_code FROM participant WHERE interview_id = ? ORDER BY position)').pluck().get(interviewId) as string | null) ?? 'interview';
  switch (table) {
    case 'code':
      return `Code “${clip(row.name)}”`;
    case 'note':
      return `Note${row.question === '' ? ' (general)' : ` on ${String(row.question)}`}, ${respondents(row.interview_id)}`;
    case 'answer':
      return `Answer to ${String(row.question)}, ${respondents(row.interview_id)}`;
    case 'interview':
      return `Interview ${respondents(row.id)} (${clip(row.held_at)})`;
    case 'participant':
      return `Respondent ${String(row.respondent_code)}`;
    case 'memo':
      return `Memo “${clip(row.title === '' ? row.kind : row.title)}”`;
    case 'coding':
      return `Coded segment “${clip(row.text)}”`;
    case 'schedule':
      return `Schedule ${clip(row.title)} v${String(row.version)}`;
    case 'evaluation_question':
      return `Evaluation question ${String(row.ref)} “${clip(row.text)}”`;
    case 'evaluation_link':
      return `Link of an evaluation question to ${String(row.kind)} ${clip(row.target)}`;
    case 'rqa_cell':
      return `Rapid-analysis summary “${clip(row.summary)}”`;
    default:
      return `${table} ${String(row.id)}`;
  }
}


/**
 * Two versions of a note with the same text whose editor states differ only in coding marks (one
 * laptop coded it, or both did). Compared with every mark unwrapped, so formatting or paragraph
 * changes still count as a change.
 */
export function sameNoteApartFromMarks(local: Row, incoming: Row): boolean {
  if (local.plain_text !== incoming.plain_text) return false;
  if (local.editor_state === incoming.editor_state) return true;
  try {
    const bare = (state: string) => {
      const ids = readNoteMarks(state).marks.map((m) => m.codingId);
      return changeNoteMarks(state, { remove: ids, put: [] }).editorState;
    };
    return bare(String(local.editor_state)) === bare(String(incoming.editor_state));
  } catch {
    return false; // a state the headless editor cannot read is compared as it is
  }
}

export function parentsFirst(rows: Row[]): Row[] {
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  const out: Row[] = [];
  const seen = new Set<string>();
  const visit = (row: Row, depth: number) => {
    if (seen.has(row.id as string) || depth > 500) return;
    const parent = typeof row.parent_id === 'string' ? byId.get(row.parent_id) : undefined;
    if (parent) visit(parent, depth + 1);
    seen.add(row.id as string);
    out.push(row);
  };
  for (const row of rows) visit(row, 0);
  return out;
}
