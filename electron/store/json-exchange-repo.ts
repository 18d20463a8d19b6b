/**
 * The rows behind the JSON exchange format (electron/team/json-exchange.ts orchestrates, the
 * format is team/json-format.ts): a project read as the format's records, and the inserts an
 * import makes, each with its own id, time and this device, inside the caller's transaction.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Schedule } from '../../shared/schedule/model';
import type { JsonInterview, JsonManifest } from '../team/json-format';
import { newId } from './ids';
import { nextRespondentNumber, participantsOf, respondentTaken } from './participant-rows';
import { rederiveSpeakers } from './note-repo';

type Row = Record<string, unknown>;
type JsonSchedule = JsonManifest['schedules'][number];
type JsonCode = JsonManifest['codes'][number];
type JsonMemo = JsonManifest['memos'][number];

/** Tables whose ids an import checks before it reuses an incoming id. */
export type ImportedTable = 'schedule' | 'code' | 'interview' | 'participant' | 'answer_correction' | 'note' | 'coding' | 'memo';

export function scheduleModel(db: Database.Database, id: string): Schedule | undefined {
  const model = db.prepare('SELECT model FROM schedule WHERE id = ?').pluck().get(id);
  return typeof model === 'string' ? (JSON.parse(model) as Schedule) : undefined;
}

/**
 * The project as the format's records. Orders use only what the export carries (ids, positions,
 * held_at), never created_at, which an import sets to its own time: so export → import → export
 * gives the same files.
 */
export function jsonRecords(db: Database.Database): { schedules: JsonSchedule[]; codes: JsonCode[]; memos: JsonMemo[]; interviews: JsonInterview[] } {
  const schedules = (db.prepare('SELECT id, form_id, version, title, model FROM schedule ORDER BY form_id, version').all() as Row[]).map((s) => ({
    id: s.id as string,
    formId: s.form_id as string,
    version: s.version as number,
    title: s.title as string,
    model: JSON.parse(s.model as string) as Record<string, unknown>,
  }));
  const codes = (db.prepare('SELECT * FROM code ORDER BY position, created_at, id').all() as Row[]).map((c) => ({
    id: c.id as string,
    parentId: (c.parent_id as string | null) ?? null,
    name: c.name as string,
    color: c.color as string,
    definition: c.definition as string,
    inclusion: c.inclusion as string,
    exclusion: c.exclusion as string,
    example: c.example as string,
    kind: c.kind as 'theme' | 'code',
    isCore: c.is_core === 1,
    inVivo: c.in_vivo === 1,
    createdBy: c.created_by as string,
  }));
  const memos = (db.prepare('SELECT * FROM memo ORDER BY id').all() as Row[]).map((m) => ({
    id: m.id as string,
    kind: m.kind as 'code-memo' | 'theoretical' | 'method',
    targetType: m.target_type as 'project' | 'code' | 'coding' | 'interview',
    targetId: m.target_id as string,
    title: m.title as string,
    body: m.body as string,
    initials: m.initials as string,
  }));
  const interviews = (db.prepare('SELECT * FROM interview ORDER BY held_at, id').all() as Row[]).map(
    (i): JsonInterview => ({
      id: i.id as string,
      scheduleId: i.schedule_id as string,
      sessionType: i.session_type as JsonInterview['sessionType'],
      answerMode: i.answer_mode as JsonInterview['answerMode'],
      language: i.language as string,
      interviewer: i.interviewer as string,
      heldAt: i.held_at as string,
      status: i.status as JsonInterview['status'],
      primaryOnly: i.primary_only === 1,
      endedEarlyAtQuestion: (i.ended_early_at_question as string | null) ?? null,
      endReason: (i.end_reason as string | null) ?? null,
      participants: participantsOf(db, i.id as string),
      answers: (db.prepare('SELECT participant_id, question, value, state, missing_reason FROM answer WHERE interview_id = ? ORDER BY participant_id, question').all(i.id) as Row[]).map((a) => ({
        participantId: a.participant_id as string,
        question: a.question as string,
        value: a.value as string,
        state: a.state as 'answered' | 'declined',
        ...(a.missing_reason !== '' ? { missingReason: a.missing_reason as 'declined' | 'not-applicable' | 'out-of-time' } : {}),
      })),
      corrections: (db.prepare('SELECT * FROM answer_correction WHERE interview_id = ? ORDER BY corrected_at, id').all(i.id) as Row[]).map((c) => ({
        id: c.id as string,
        participantId: c.participant_id as string,
        question: c.question as string,
        oldValue: c.old_value as string,
        oldState: c.old_state as 'answered' | 'declined' | 'none',
        newValue: c.new_value as string,
        newState: c.new_state as 'answered' | 'declined' | 'none',
        reason: c.reason as string,
        initials: c.initials as string,
        correctedAt: c.corrected_at as string,
      })),
      notes: (db.prepare('SELECT id, question, plain_text, editor_state FROM note WHERE interview_id = ? ORDER BY question').all(i.id) as Row[]).map((n) => ({
        id: n.id as string,
        question: n.question as string,
        text: n.plain_text as string,
        editorState: n.editor_state as string,
      })),
      segments: (db.prepare('SELECT * FROM coding WHERE interview_id = ? ORDER BY note_id, start, id').all(i.id) as Row[]).map((c) => ({
        id: c.id as string,
        noteId: c.note_id as string,
        codeId: c.code_id as string,
        start: c.start as number,
        end: c.end as number,
        text: c.text as string,
        isQuote: c.is_quote === 1,
        createdBy: c.created_by as string,
      })),
    }),
  );
  return { schedules, codes, memos, interviews };
}

/** The inserts of a JSON import: every row stamped with the import's time and this device. */
export class JsonImportRepo {
  constructor(
    private readonly db: Database.Database,
    private readonly deviceId: string,
    private readonly now: string,
  ) {}

  idTaken(table: ImportedTable, id: string): boolean {
    return this.db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
  }

  hasInterviews(): boolean {
    return this.db.prepare('SELECT 1 FROM interview LIMIT 1').get() !== undefined;
  }

  /** The respondent-ID prefix as stored in the project's settings ('' when none). */
  idPrefix(): string {
    const raw = this.db.prepare("SELECT value FROM meta WHERE key = 'project_settings'").pluck().get();
    return typeof raw === 'string' ? ((JSON.parse(raw) as { idPrefix?: string }).idPrefix ?? '') : '';
  }

  /** Adds a schedule; a version number taken here becomes the form's next free one. */
  insertSchedule(s: JsonSchedule): void {
    const taken = this.db.prepare('SELECT 1 FROM schedule WHERE form_id = ? AND version = ?').get(s.formId, s.version) !== undefined;
    const version = taken ? ((this.db.prepare('SELECT max(version) FROM schedule WHERE form_id = ?').pluck().get(s.formId) as number) ?? 0) + 1 : s.version;
    this.db
      .prepare('INSERT INTO schedule (id, form_id, version, form_version, title, model, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(s.id, s.formId, version, String(s.model.version ?? ''), s.title, JSON.stringify(s.model), this.now, this.now, this.deviceId);
  }

  /** The code with this name (any case) under the same parent, if there is one. */
  siblingNamed(parentId: string | null, name: string): string | undefined {
    return this.db.prepare("SELECT id FROM code WHERE coalesce(parent_id, '') = coalesce(?, '') AND lower(name) = lower(?)").pluck().get(parentId, name) as string | undefined;
  }

  /** Adds a code after the others; it is the core category only if the project has none yet. */
  insertCode(c: JsonCode, parentId: string | null): void {
    const core = c.isCore && this.db.prepare('SELECT 1 FROM code WHERE is_core = 1').get() === undefined ? 1 : 0;
    this.db
      .prepare(
        `INSERT INTO code (id, parent_id, name, color, definition, inclusion, exclusion, example, is_core, kind, in_vivo, created_by, position, created_at, updated_at, device_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM code), ?, ?, ?)`,
      )
      .run(c.id, parentId, c.name, c.color.toUpperCase(), c.definition, c.inclusion, c.exclusion, c.example, core, c.kind, c.inVivo ? 1 : 0, c.createdBy, this.now, this.now, this.deviceId);
  }

  /** Adds an interview with its first status change. */
  insertInterview(iv: JsonInterview): void {
    this.db
      .prepare(
        `INSERT INTO interview (id, schedule_id, session_type, answer_mode, participant_count, language, interviewer, held_at, status, primary_only,
           ended_early_at_question, end_reason, created_at, updated_at, device_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(iv.id, iv.scheduleId, iv.sessionType, iv.answerMode, Math.max(1, iv.participants.length), iv.language, iv.interviewer, iv.heldAt, iv.status, iv.primaryOnly ? 1 : 0, iv.endedEarlyAtQuestion, iv.endReason, this.now, this.now, this.deviceId);
    this.db.prepare('INSERT INTO status_change (id, interview_id, status, initials, changed_at, device_id) VALUES (?, ?, ?, ?, ?, ?)').run(newId(), iv.id, iv.status, iv.interviewer, this.now, this.deviceId);
  }

  respondentTaken(respondentNumber: number, respondentCode: string): boolean {
    return respondentTaken(this.db, respondentNumber, respondentCode);
  }

  nextRespondentNumber(): number {
    return nextRespondentNumber(this.db);
  }

  insertParticipant(id: string, interviewId: string, p: JsonInterview['participants'][number], respondentNumber: number, respondentCode: string): void {
    this.db
      .prepare(
        `INSERT INTO participant (id, interview_id, position, respondent_number, respondent_code, organisation_number, location_number, agency_group, organisation_type,
           focus_of_work, consent_given, consent_mode, quote_consent, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
      )
      .run(id, interviewId, p.position, respondentNumber, respondentCode, p.organisationNumber, p.locationNumber, p.agencyGroup, p.organisationType, p.focusOfWork, p.consentMode, p.quoteConsent ? 1 : 0, this.now, this.now, this.deviceId);
  }

  insertAnswer(interviewId: string, participantId: string, a: JsonInterview['answers'][number]): void {
    this.db
      .prepare('INSERT INTO answer (id, interview_id, participant_id, question, value, state, updated_at, device_id, missing_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(newId(), interviewId, participantId, a.question, a.value, a.state, this.now, this.deviceId, a.missingReason ?? '');
  }

  /** The audit trail comes across as it was: who corrected what, when and why. */
  insertCorrection(id: string, interviewId: string, participantId: string, c: JsonInterview['corrections'][number]): void {
    this.db
      .prepare(
        `INSERT INTO answer_correction (id, interview_id, participant_id, question, old_value, old_state, new_value, new_state, reason, initials, corrected_at, device_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, interviewId, participantId, c.question, c.oldValue, c.oldState, c.newValue, c.newState, c.reason, c.initials, c.correctedAt, this.deviceId);
  }

  /** Adds a note (its speaker turns derived from its state). */
  insertNote(id: string, interviewId: string, question: string, editorState: string, plainText: string): void {
    this.db.prepare('INSERT INTO note (id, interview_id, question, editor_state, plain_text, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?)').run(id, interviewId, question, editorState, plainText, this.now, this.deviceId);
    rederiveSpeakers(this.db, id);
  }

  insertCoding(id: string, codeId: string | undefined, noteId: string, interviewId: string, question: string, s: JsonInterview['segments'][number]): void {
    this.db
      .prepare(
        `INSERT INTO coding (id, code_id, note_id, interview_id, question, start, "end", text, is_quote, created_by, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, codeId, noteId, interviewId, question, s.start, s.end, s.text, s.isQuote ? 1 : 0, s.createdBy, this.now, this.now, this.deviceId);
  }

  /** Adds a memo; throws SQLite's constraint error when its target is not in the project. */
  insertMemo(m: JsonMemo, targetId: string): void {
    this.db
      .prepare('INSERT INTO memo (id, kind, target_type, target_id, title, body, initials, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(m.id, m.kind, m.targetType, targetId, m.title, m.body, m.initials, this.now, this.now, this.deviceId);
  }
}
