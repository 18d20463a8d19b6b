/**
 * The rows behind REFI-QDA exchange (electron/team/refi-qda.ts maps the project to and from the
 * format): what an export reads (interviews with their notes and schedule, coded segments with
 * their times, everyone's initials, codes, memos) and the inserts an import makes, inside the
 * caller's transaction.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import type { MemoRecord } from './api-types';
import { codeOf, type CodeRow, type MemoRow, type StoredCode } from './coding-rows';
import { newId } from './ids';
import { nextRespondentNumber, respondentTaken } from './participant-rows';

/** An interview's schedule and notes, for its text. */
export function interviewNotes(db: Database.Database, interviewId: string): { model: string; formId: string; notes: { id: string; question: string; plainText: string }[] } {
  const interview = db.prepare('SELECT i.id, s.model, s.form_id FROM interview i JOIN schedule s ON s.id = i.schedule_id WHERE i.id = ?').get(interviewId) as { id: string; model: string; form_id: string };
  const notes = db.prepare('SELECT id, question, plain_text FROM note WHERE interview_id = ?').all(interviewId) as { id: string; question: string; plain_text: string }[];
  return { model: interview.model, formId: interview.form_id, notes: notes.map((n) => ({ id: n.id, question: n.question, plainText: n.plain_text })) };
}

/** Everyone who made something in the project, by initials: interviewers, coders, memo writers. */
export function everyonesInitials(db: Database.Database): string[] {
  return db.prepare(`SELECT interviewer AS i FROM interview UNION SELECT created_by FROM code UNION SELECT created_by FROM coding UNION SELECT initials FROM memo`).pluck().all() as string[];
}

/** Codes in display order (position, then when made). */
export function codesInOrder(db: Database.Database): StoredCode[] {
  return (db.prepare('SELECT * FROM code ORDER BY position, created_at, id').all() as CodeRow[]).map(codeOf);
}

/** Every code, in the table's own order (the first of two codes with the same name wins a match). */
export function codesAsStored(db: Database.Database): StoredCode[] {
  return (db.prepare('SELECT * FROM code').all() as CodeRow[]).map(codeOf);
}

/** Memos in the order they were written, with the columns naming what they are attached to. */
export function memosInOrder(db: Database.Database): MemoRecord[] {
  return (db.prepare('SELECT * FROM memo ORDER BY created_at, id').all() as MemoRow[]).map((m) => ({
    id: m.id,
    kind: m.kind,
    targetType: m.target_type,
    targetId: m.target_id,
    title: m.title,
    body: m.body,
    initials: m.initials,
    createdAt: m.created_at,
  }));
}

export function interviewsInOrder(db: Database.Database): { id: string; interviewer: string; heldAt: string; createdAt: string }[] {
  return (db.prepare('SELECT id, interviewer, held_at, created_at FROM interview ORDER BY held_at, created_at, id').all() as { id: string; interviewer: string; held_at: string; created_at: string }[]).map((i) => ({
    id: i.id,
    interviewer: i.interviewer,
    heldAt: i.held_at,
    createdAt: i.created_at,
  }));
}

/** An interview's coded segments with who made them and when. */
export function interviewSegments(db: Database.Database, interviewId: string): { id: string; noteId: string; codeId: string; start: number; end: number; createdBy: string; createdAt: string }[] {
  return (
    db.prepare('SELECT id, note_id, code_id, start, "end", created_by, created_at FROM coding WHERE interview_id = ? ORDER BY start, id').all(interviewId) as {
      id: string;
      note_id: string;
      code_id: string;
      start: number;
      end: number;
      created_by: string;
      created_at: string;
    }[]
  ).map((c) => ({ id: c.id, noteId: c.note_id, codeId: c.code_id, start: c.start, end: c.end, createdBy: c.created_by, createdAt: c.created_at }));
}

/** The inserts of a REFI-QDA import: every row stamped with this device. */
export class QdaImportRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly deviceId: string,
    private readonly now: string,
  ) {}

  idFree(table: 'interview' | 'coding' | 'participant' | 'memo', id: string): boolean {
    return this.db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) === undefined;
  }

  /** Adds codes after the others, in the order given. */
  insertCodes(codes: readonly { id: string; parentId: string | null; name: string; color: string; definition: string; position: number }[], initials: string): void {
    const basePosition = ((this.db.prepare('SELECT coalesce(max(position), 0) FROM code').pluck().get() as number) ?? 0) + 1;
    const insert = this.db.prepare(`INSERT INTO code (id, parent_id, name, color, definition, created_by, position, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const c of codes) insert.run(c.id, c.parentId, c.name, c.color, c.definition, initials, basePosition + c.position, this.now, this.now, this.deviceId);
  }

  /** Changes a code's name, colour or definition (null: unchanged). */
  updateCode(id: string, values: { name: string | null; color: string | null; definition: string | null }): void {
    this.db
      .prepare('UPDATE code SET name = coalesce(?, name), color = coalesce(?, color), definition = coalesce(?, definition), updated_at = ?, device_id = ? WHERE id = ?')
      .run(values.name, values.color, values.definition, this.now, this.deviceId, id);
  }

  /** The latest version of a form, if the project has it. */
  scheduleOfForm(formId: string): string | undefined {
    return this.db.prepare('SELECT id FROM schedule WHERE form_id = ? ORDER BY version DESC LIMIT 1').pluck().get(formId) as string | undefined;
  }

  insertSchedule(id: string, formId: string, title: string, model: string): void {
    this.db
      .prepare('INSERT INTO schedule (id, form_id, version, form_version, title, model, created_at, updated_at, device_id) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)')
      .run(id, formId, '1', title, model, this.now, this.now, this.deviceId);
  }

  /** A document as a draft one-on-one interview, finished when imported, with its status change. */
  insertDocument(id: string, scheduleId: string, respondents: number, interviewer: string, heldAt: string, initials: string): void {
    this.db
      .prepare(
        `INSERT INTO interview (id, schedule_id, session_type, answer_mode, participant_count, language, interviewer, held_at, status, finished_at, created_at, updated_at, device_id)
         VALUES (?, ?, 'one-on-one', 'shared', ?, '', ?, ?, 'draft', ?, ?, ?, ?)`,
      )
      .run(id, scheduleId, respondents, interviewer, heldAt, this.now, this.now, this.now, this.deviceId);
    this.db.prepare('INSERT INTO status_change (id, interview_id, status, initials, changed_at, device_id) VALUES (?, ?, ?, ?, ?, ?)').run(newId(), id, 'draft', initials, this.now, this.deviceId);
  }

  /** The document's text as the interview's general note. */
  insertGeneralNote(id: string, interviewId: string, editorState: string, plainText: string): void {
    this.db.prepare("INSERT INTO note (id, interview_id, question, editor_state, plain_text, updated_at, device_id) VALUES (?, ?, '', ?, ?, ?, ?)").run(id, interviewId, editorState, plainText, this.now, this.deviceId);
  }

  setNoteState(noteId: string, editorState: string): void {
    this.db.prepare('UPDATE note SET editor_state = ? WHERE id = ?').run(editorState, noteId);
  }

  insertCoding(c: { id: string; codeId: string; noteId: string; interviewId: string; start: number; end: number; text: string; createdBy: string; createdAt: string }): void {
    this.db
      .prepare(
        `INSERT INTO coding (id, code_id, note_id, interview_id, question, start, "end", text, is_quote, created_by, created_at, updated_at, device_id)
         VALUES (?, ?, ?, ?, '', ?, ?, ?, 0, ?, ?, ?, ?)`,
      )
      .run(c.id, c.codeId, c.noteId, c.interviewId, c.start, c.end, c.text, c.createdBy, c.createdAt, this.now, this.deviceId);
  }

  /** The respondent-ID prefix as stored in the project's settings ('' when none). */
  idPrefix(): string {
    const raw = this.db.prepare("SELECT value FROM meta WHERE key = 'project_settings'").pluck().get();
    return typeof raw === 'string' ? ((JSON.parse(raw) as { idPrefix?: string }).idPrefix ?? '') : '';
  }

  respondentTaken(respondentNumber: number, respondentCode: string): boolean {
    return respondentTaken(this.db, respondentNumber, respondentCode);
  }

  nextRespondentNumber(): number {
    return nextRespondentNumber(this.db) ?? 1;
  }

  /** A case as a respondent: consent is not part of REFI-QDA, so it is recorded as written consent. */
  insertRespondent(p: {
    id: string;
    interviewId: string;
    position: number;
    respondentNumber: number;
    respondentCode: string;
    organisationNumber: string;
    locationNumber: string;
    agencyGroup: string;
    organisationType: string;
    focusOfWork: string;
    quoteConsent: boolean;
  }): void {
    this.db
      .prepare(
        `INSERT INTO participant (id, interview_id, position, respondent_number, respondent_code, organisation_number, location_number, agency_group, organisation_type,
           focus_of_work, consent_given, consent_mode, quote_consent, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'written', ?, ?, ?, ?)`,
      )
      .run(p.id, p.interviewId, p.position, p.respondentNumber, p.respondentCode, p.organisationNumber, p.locationNumber, p.agencyGroup, p.organisationType, p.focusOfWork, p.quoteConsent ? 1 : 0, this.now, this.now, this.deviceId);
  }

  insertMemo(m: { id: string; kind: string; targetType: string; targetId: string; title: string; body: string; initials: string; createdAt: string }): void {
    this.db
      .prepare('INSERT INTO memo (id, kind, target_type, target_id, title, body, initials, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(m.id, m.kind, m.targetType, m.targetId, m.title, m.body, m.initials, m.createdAt, this.now, this.deviceId);
  }
}
