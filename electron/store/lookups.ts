/**
 * Small reads the API handlers need that belong to no one repository: a note's editor state
 * after a coding changed its marks, the number of interviews, code names with their parents,
 * and the respondent codes that label an interview. Kept here so that only electron/store
 * knows table and column names (the handlers in electron/services call these).
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import { NotFoundError } from '../../shared/api/errors';

/** A note's Lexical state as stored (JSON). */
export function noteEditorState(db: Database.Database, noteId: string): string {
  const state = db.prepare('SELECT editor_state FROM note WHERE id = ?').pluck().get(noteId) as string | undefined;
  if (state === undefined) throw new NotFoundError('That note');
  return state;
}

export function interviewCount(db: Database.Database): number {
  return db.prepare('SELECT count(*) FROM interview').pluck().get() as number;
}

export interface CodeName {
  id: string;
  parentId: string | null;
  name: string;
}

/** Every code's name and parent, for paths such as "Barriers › Funding". */
export function codeNames(db: Database.Database): CodeName[] {
  return db.prepare('SELECT id, parent_id AS parentId, name FROM code').all() as CodeName[];
}

/** Each interview's respondent codes in participant order, joined by ", " (a group session has several). */
export function respondentCodesByInterview(db: Database.Database): Map<string, string> {
  const rows = db
    .prepare("SELECT interview_id AS interviewId, group_concat(respondent_code, ', ') AS codes FROM (SELECT interview_id, respondent_code FROM participant ORDER BY position) GROUP BY interview_id")
    .all() as { interviewId: string; codes: string }[];
  return new Map(rows.map((r) => [r.interviewId, r.codes]));
}
