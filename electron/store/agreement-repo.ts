/**
 * Coders, the data agreement is computed on, and adjudication of two coders' disagreements.
 * Only this file (with coding-repo.ts and the migration) knows the coder and adjudication columns.
 *
 * Adjudication removes codings (accept A removes B's codings of that code in that unit, and so
 * on); the removed rows and their memos are kept in the adjudication record, so that an undo puts
 * them back exactly and the "before" figures are always computed on what the coders did.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import { InvalidInputError, NotFoundError } from '../../shared/api/errors';
import { decisionKey, type AdjudicationDecision, type AgreementCoding, type AgreementNote, type AgreementUnit } from '../../shared/coding/agreement';
import { newId } from './ids';
import { changeNoteMarks } from './note-marks';
import type { Coder, RecordedAgreement } from './api-types';
import type { z } from 'zod';
import type { adjudicateInput, adjudicationRecord } from '../../shared/api/agreement';

type Row = Record<string, unknown>;

export type { Coder, RecordedAgreement } from './api-types';

export class CoderError extends InvalidInputError {}

export function listCoders(db: Database.Database): { coders: Coder[]; copyCoderId: string | null } {
  const coders = db
    .prepare('SELECT c.id, c.initials, c.name, (SELECT count(*) FROM coding WHERE coder_id = c.id) AS codings FROM coder c ORDER BY lower(c.initials)')
    .all() as Coder[];
  const copy = db.prepare("SELECT value FROM meta WHERE key = 'coder_id'").pluck().get() as string | undefined;
  return { coders, copyCoderId: copy !== undefined && coders.some((c) => c.id === copy) ? copy : null };
}

export function createCoder(db: Database.Database, input: { initials: string; name?: string }, deviceId: string): Coder {
  const initials = input.initials.trim();
  if (initials === '' || initials.length > 10) throw new CoderError('A coder needs initials of 1 to 10 characters.');
  const taken = db.prepare('SELECT initials FROM coder WHERE lower(trim(initials)) = lower(?)').pluck().get(initials) as string | undefined;
  if (taken !== undefined) throw new CoderError(`The initials ${taken} belong to a coder already. Choose that coder, or give the new coder other initials.`);
  const id = newId();
  const now = new Date().toISOString();
  db.prepare('INSERT INTO coder (id, initials, name, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?)').run(id, initials, (input.name ?? '').trim(), now, now, deviceId);
  return { id, initials, name: (input.name ?? '').trim(), codings: 0 };
}

/** Adds a coder with a chosen id (synthetic data: the same seed gives the same rows) unless one has these initials. */
export function addCoderUnlessKnown(db: Database.Database, coder: { id: string; initials: string; name: string }, at: string, deviceId: string): void {
  db.prepare('INSERT INTO coder (id, initials, name, created_at, updated_at, device_id) SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM coder WHERE lower(initials) = lower(?))').run(
    coder.id,
    coder.initials,
    coder.name,
    at,
    at,
    deviceId,
    coder.initials,
  );
}

export function findCoder(db: Database.Database, idOrInitials: string): Coder {
  const row = db
    .prepare('SELECT c.id, c.initials, c.name, (SELECT count(*) FROM coding WHERE coder_id = c.id) AS codings FROM coder c WHERE c.id = ? OR lower(trim(c.initials)) = lower(trim(?))')
    .get(idOrInitials, idOrInitials) as Coder | undefined;
  if (row === undefined) {
    const known = listCoders(db)
      .coders.map((c) => c.initials)
      .join(', ');
    throw new NotFoundError(`The coder “${idOrInitials}” (coders in this project: ${known === '' ? 'none yet' : known})`);
  }
  return row;
}

/** Which coder this file belongs to: every coding made in it records that coder (null: by initials). */
export function setCopyCoder(db: Database.Database, coderId: string | null): void {
  if (coderId === null) {
    db.prepare("DELETE FROM meta WHERE key = 'coder_id'").run();
    return;
  }
  findCoder(db, coderId);
  db.prepare("INSERT INTO meta (key, value) VALUES ('coder_id', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(coderId);
}

/** Coder id of each coding of an interview (for the workbench's per-coder view). */
export function codersOfInterview(db: Database.Database, interviewId: string): Record<string, string | null> {
  const rows = db.prepare('SELECT id, coder_id FROM coding WHERE interview_id = ?').all(interviewId) as { id: string; coder_id: string | null }[];
  return Object.fromEntries(rows.map((r) => [r.id, r.coder_id]));
}

// ---------------------------------------------------------------- agreement input

interface Removed {
  codings: Row[];
  memos: Row[];
}

interface AdjudicationRow {
  id: string;
  unit: AgreementUnit;
  note_id: string;
  unit_start: number;
  unit_end: number;
  code_id: string;
  coder_a: string;
  coder_b: string;
  decision: AdjudicationDecision;
  comment: string;
  comment_id: string;
  removed: string;
  initials: string;
  decided_at: string;
  undone_at: string | null;
}

/** Decisions in force between two coders (either way round), of one unit kind or of both. */
function activeDecisions(db: Database.Database, unit: AgreementUnit | 'any', coderA: string, coderB: string): AdjudicationRow[] {
  return (
    db
      .prepare('SELECT * FROM adjudication WHERE undone_at IS NULL AND ((coder_a = ? AND coder_b = ?) OR (coder_a = ? AND coder_b = ?)) ORDER BY decided_at, rowid')
      .all(coderA, coderB, coderB, coderA) as AdjudicationRow[]
  ).filter((d) => unit === 'any' || d.unit === unit);
}

/** Swaps a decision's A and B when it was recorded with the coders the other way round. */
function oriented(row: AdjudicationRow, coderA: string): AdjudicationDecision {
  if (row.coder_a === coderA) return row.decision;
  return row.decision === 'accept-a' ? 'accept-b' : row.decision === 'accept-b' ? 'accept-a' : row.decision;
}

export interface AgreementData {
  notes: AgreementNote[];
  codings: AgreementCoding[];
  decisions: Map<string, AdjudicationDecision>;
  interviewIds: string[];
}

/**
 * What two coders did on the chosen interviews (default: every interview both coded something
 * in), including codings an adjudication removed since: agreement is about the coders' work.
 */
export function agreementData(db: Database.Database, coderA: string, coderB: string, unit: AgreementUnit, interviewIds?: readonly string[]): AgreementData {
  const decided = activeDecisions(db, unit, coderA, coderB);
  // Segments any decision removed (sentence decisions remove segments answers count too) are the coders' work.
  const removed = activeDecisions(db, 'any', coderA, coderB)
    .flatMap((d) => (JSON.parse(d.removed) as Removed).codings)
    .filter((c) => c.coder_id === coderA || c.coder_id === coderB);
  const current = db.prepare('SELECT id, note_id, interview_id, code_id, coder_id, start, "end", text FROM coding WHERE coder_id IN (?, ?)').all(coderA, coderB) as Row[];
  const all = [...current, ...removed];
  let chosen: string[];
  if (interviewIds !== undefined && interviewIds.length > 0) {
    chosen = [...interviewIds];
  } else {
    const byA = new Set(all.filter((c) => c.coder_id === coderA).map((c) => c.interview_id as string));
    chosen = [...new Set(all.filter((c) => c.coder_id === coderB && byA.has(c.interview_id as string)).map((c) => c.interview_id as string))];
  }
  const wanted = new Set(chosen);
  const notes = (db.prepare('SELECT id, interview_id, question, plain_text FROM note WHERE interview_id IN (SELECT value FROM json_each(?)) ORDER BY interview_id, rowid').all(JSON.stringify(chosen)) as Row[]).map(
    (n): AgreementNote => ({ id: n.id as string, interviewId: n.interview_id as string, question: n.question as string, text: n.plain_text as string }),
  );
  const codings = all
    .filter((c) => wanted.has(c.interview_id as string))
    .map((c): AgreementCoding => ({ id: c.id as string, noteId: c.note_id as string, codeId: c.code_id as string, coder: c.coder_id === coderA ? 'A' : 'B', start: c.start as number, end: c.end as number, text: c.text as string }));
  const decisions = new Map(decided.map((d) => [decisionKey(d.note_id, d.unit_start, d.code_id), oriented(d, coderA)]));
  return { notes, codings, decisions, interviewIds: chosen };
}

// ---------------------------------------------------------------- adjudication

/** The API's shapes (shared/api/agreement.ts), not copies of them. */
export type AdjudicationInput = z.output<typeof adjudicateInput>;
export type AdjudicationRecord = z.output<typeof adjudicationRecord>;

function recordOf(row: AdjudicationRow): AdjudicationRecord {
  return {
    id: row.id,
    unit: row.unit,
    noteId: row.note_id,
    unitStart: row.unit_start,
    unitEnd: row.unit_end,
    codeId: row.code_id,
    coderA: row.coder_a,
    coderB: row.coder_b,
    decision: row.decision,
    comment: row.comment,
    removedCodings: (JSON.parse(row.removed) as Removed).codings.length,
    initials: row.initials,
    decidedAt: row.decided_at,
    undoneAt: row.undone_at,
  };
}

export function listAdjudications(db: Database.Database): AdjudicationRecord[] {
  return (db.prepare('SELECT * FROM adjudication ORDER BY decided_at DESC, rowid DESC').all() as AdjudicationRow[]).map((r) => recordOf(r));
}

function saveMarks(db: Database.Database, noteId: string, change: { remove: string[]; put: { id: string; start: number; end: number }[] }, now: string, deviceId: string): void {
  const editorState = db.prepare('SELECT editor_state FROM note WHERE id = ?').pluck().get(noteId) as string;
  const changed = changeNoteMarks(editorState, change);
  db.prepare('UPDATE note SET editor_state = ?, updated_at = ?, device_id = ? WHERE id = ?').run(changed.editorState, now, deviceId, noteId);
}

/** Settles one disagreement in one transaction: the codings it rejects go (kept for undo), an anchored comment is written. */
export function adjudicate(db: Database.Database, input: AdjudicationInput, deviceId: string): AdjudicationRecord {
  return db.transaction(() => {
    const note = db.prepare('SELECT id, plain_text FROM note WHERE id = ?').get(input.noteId) as { id: string; plain_text: string } | undefined;
    if (note === undefined) throw new NotFoundError('That note');
    if (input.unitStart < 0 || input.unitEnd > note.plain_text.length || input.unitEnd <= input.unitStart) throw new InvalidInputError('The unit does not fall on the note’s text any more. Recompute agreement and try again.');
    if (input.coderA === input.coderB) throw new InvalidInputError('Choose two different coders.');
    const key = decisionKey(input.noteId, input.unitStart, input.codeId);
    if (activeDecisions(db, input.unit, input.coderA, input.coderB).some((d) => decisionKey(d.note_id, d.unit_start, d.code_id) === key)) {
      throw new InvalidInputError('This disagreement is settled already. Undo that decision first to change it.');
    }
    const inUnit = db
      .prepare('SELECT * FROM coding WHERE note_id = ? AND code_id = ? AND coder_id IN (?, ?) AND start < ? AND ? < "end"')
      .all(input.noteId, input.codeId, input.coderA, input.coderB, input.unitEnd, input.unitStart) as Row[];
    const drop = (coder: string) => inUnit.filter((c) => c.coder_id === coder);
    const removedCodings = input.decision === 'accept-a' ? drop(input.coderB) : input.decision === 'accept-b' ? drop(input.coderA) : input.decision === 'neither' ? inUnit : [];
    const ids = removedCodings.map((c) => c.id as string);
    const memos = db.prepare("SELECT * FROM memo WHERE target_type = 'coding' AND target_id IN (SELECT value FROM json_each(?))").all(JSON.stringify(ids)) as Row[];
    const now = new Date().toISOString();
    if (ids.length > 0) {
      db.prepare('DELETE FROM coding WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
      saveMarks(db, input.noteId, { remove: ids, put: [] }, now, deviceId);
    }
    let commentId = '';
    if (input.comment.trim() !== '') {
      commentId = newId();
      db.prepare('INSERT INTO review_comment (id, note_id, anchor_start, anchor_end, anchor_text, body, initials, resolved, created_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)').run(
        commentId,
        input.noteId,
        input.unitStart,
        input.unitEnd,
        note.plain_text.slice(input.unitStart, input.unitEnd),
        input.comment.trim(),
        input.initials,
        now,
        deviceId,
      );
    }
    const id = newId();
    db.prepare(
      `INSERT INTO adjudication (id, unit, note_id, unit_start, unit_end, code_id, coder_a, coder_b, decision, comment, comment_id, removed, initials, decided_at, device_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, input.unit, input.noteId, input.unitStart, input.unitEnd, input.codeId, input.coderA, input.coderB, input.decision, input.comment.trim(), commentId, JSON.stringify({ codings: removedCodings, memos } satisfies Removed), input.initials, now, deviceId);
    return recordOf(db.prepare('SELECT * FROM adjudication WHERE id = ?').get(id) as AdjudicationRow);
  })();
}

/** Undoes a decision: its codings (and their memos) come back where their text still is, its comment goes. */
export function undoAdjudication(db: Database.Database, id: string, deviceId: string): { record: AdjudicationRecord; restored: number; notRestored: number } {
  return db.transaction(() => {
    const row = db.prepare('SELECT * FROM adjudication WHERE id = ?').get(id) as AdjudicationRow | undefined;
    if (row === undefined) throw new NotFoundError('That decision');
    if (row.undone_at !== null) throw new InvalidInputError('That decision was undone already.');
    const removed = JSON.parse(row.removed) as Removed;
    const now = new Date().toISOString();
    const plain = db.prepare('SELECT plain_text FROM note WHERE id = ?').pluck().get(row.note_id) as string;
    const back: { id: string; start: number; end: number }[] = [];
    let notRestored = 0;
    for (const coding of removed.codings) {
      const fits = plain.slice(coding.start as number, coding.end as number) === coding.text && db.prepare('SELECT 1 FROM code WHERE id = ?').get(coding.code_id) !== undefined;
      if (!fits || db.prepare('SELECT 1 FROM coding WHERE id = ?').get(coding.id) !== undefined) {
        notRestored++;
        continue;
      }
      const cols = Object.keys(coding);
      db.prepare(`INSERT INTO coding (${cols.map((c) => `"${c.replace(/"/g, '')}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => coding[c]));
      back.push({ id: coding.id as string, start: coding.start as number, end: coding.end as number });
    }
    for (const memo of removed.memos) {
      if (!back.some((b) => b.id === memo.target_id)) continue;
      const cols = Object.keys(memo);
      db.prepare(`INSERT OR IGNORE INTO memo (${cols.map((c) => `"${c.replace(/"/g, '')}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => memo[c]));
    }
    if (back.length > 0) saveMarks(db, row.note_id, { remove: [], put: back }, now, deviceId);
    if (row.comment_id !== '') db.prepare('DELETE FROM review_comment WHERE id = ?').run(row.comment_id);
    db.prepare('UPDATE adjudication SET undone_at = ? WHERE id = ?').run(now, id);
    return { record: recordOf(db.prepare('SELECT * FROM adjudication WHERE id = ?').get(id) as AdjudicationRow), restored: back.length, notRestored };
  })();
}

// ---------------------------------------------------------------- the codebook's agreement figures


/** The figures last recorded in the codebook (meta), or null. */
export function recordedAgreement(db: Database.Database): RecordedAgreement | null {
  const raw = db.prepare("SELECT value FROM meta WHERE key = 'codebook_agreement'").pluck().get() as string | undefined;
  if (raw === undefined) return null;
  try {
    return JSON.parse(raw) as RecordedAgreement;
  } catch {
    return null;
  }
}

export function recordAgreement(db: Database.Database, figures: RecordedAgreement): void {
  db.prepare("INSERT INTO meta (key, value) VALUES ('codebook_agreement', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(figures));
}

/** One code's recorded figures as the codebook prints them next to its definition. */
export function agreementLine(recorded: RecordedAgreement, figures: RecordedAgreement['codes'][string]): string {
  const f = (v: number | null) => (v === null ? '–' : v.toFixed(3));
  const p = figures.percent === null ? '–' : `${(figures.percent * 100).toFixed(1)} %`;
  return `Cohen's kappa ${f(figures.kappa)}, Krippendorff's alpha ${f(figures.alpha)}, agreement ${p} over ${figures.units} ${recorded.unit === 'answer' ? "question's notes" : 'sentences'} (${recorded.coderA} and ${recorded.coderB}, ${recorded.interviews} interviews, ${recorded.computedAt.slice(0, 10)})`;
}
