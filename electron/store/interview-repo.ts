/**
 * Interviews, their participants (ID numbers, never names), answers and notes. Every write
 * is one small transaction, so the runner can store each answer and keystroke as it comes.
 */
import type { Answer, AnswerCorrection, InterviewDetail, MissingReason, InterviewSummary, Note, Participant, ReviewComment } from '../../shared/api/contract';
import { InvalidInputError, NotFoundError } from '../../shared/api/errors';
import { storedSchedule } from '../../shared/schedule/stored-schedule';
import { answerProblem, questionIndex } from '../../shared/schedule/answer-check';
import { questionsOf, type Question, type Schedule } from '../../shared/schedule/model';
import type { StartInterview } from './api-types';
import { storedBlocksOf, storedBlocksSql } from './note-blocks';
import { participantsOf } from './participant-rows';
import { intakeValue, ProjectSettingsRepo } from './project-settings-repo';

export { DEFAULT_PROJECT_SETTINGS } from './project-settings-repo';

export type { StartInterview } from './api-types';

interface InterviewRow {
  id: string;
  schedule_id: string;
  session_type: InterviewSummary['sessionType'];
  answer_mode: 'shared' | 'per-participant';
  participant_count: number;
  language: string;
  interviewer: string;
  held_at: string;
  status: InterviewSummary['status'];
  primary_only: number;
  current_question: string;
  elapsed_seconds: number;
  ended_early_at_question: string | null;
  end_reason: string | null;
  finished_at: string | null;
}

/** Interviews are recorded against the project's attribute lists, so the repository extends theirs. */
export class InterviewRepo extends ProjectSettingsRepo {
  /** Whether the project holds any interview yet. */
  hasInterviews(): boolean {
    return this.db.prepare('SELECT 1 FROM interview LIMIT 1').get() !== undefined;
  }

  /** Answers to the questions bound to intake attributes, from what intake recorded (inside start's transaction). */
  private fillFromIntake(interviewId: string, scheduleId: string, now: string): void {
    const schedule = storedSchedule(this.db.prepare('SELECT model FROM schedule WHERE id = ?').pluck().get(scheduleId) as string);
    const bound = questionsOf(schedule).filter((q) => q.attribute !== undefined);
    if (bound.length === 0) return;
    const participants = this.participants(interviewId);
    const index = questionIndex(schedule);
    for (const question of bound) {
      for (const p of participants) {
        const value = intakeValue(p, question.attribute!);
        // A code the schedule does not have (lists not taken from it) is left for the interview to ask.
        if (value === '' || answerProblem(schedule, index, { question: question.name, value, state: 'answered' }) !== null) continue;
        this.writeAnswer(interviewId, participants.length === 1 ? '' : p.id, question.name, value, 'answered', '', now);
      }
    }
  }

  start(input: StartInterview): string {
    const schedule = this.db.prepare('SELECT id FROM schedule WHERE id = ?').get(input.scheduleId);
    if (!schedule) throw new NotFoundError('That schedule');
    if (input.sessionType === 'one-on-one' && input.participants.length !== 1) {
      throw new InvalidInputError('A one-on-one interview has exactly one respondent.');
    }
    if (input.sessionType === 'small-group' && (input.participants.length < 2 || input.participants.length > 3)) {
      throw new InvalidInputError('A small-group interview has 2 or 3 respondents, each with their own ID.');
    }
    const now = this.now();
    const id = this.newId();
    const prefix = this.settings().idPrefix;
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO interview (id, schedule_id, session_type, answer_mode, participant_count, language, interviewer, held_at, created_at, updated_at, device_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, input.scheduleId, input.sessionType, input.sessionType === 'one-on-one' ? 'shared' : input.answerMode, input.participants.length, input.language, input.interviewer, input.heldAt, now, now, this.deviceId);
      const next = this.db.prepare('SELECT coalesce(max(respondent_number), 0) + 1 FROM participant').pluck();
      const insert = this.db.prepare(
        `INSERT INTO participant (id, interview_id, position, respondent_number, respondent_code, organisation_number, location_number, agency_group, organisation_type,
           focus_of_work, consent_given, consent_mode, quote_consent, created_at, updated_at, device_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
      );
      input.participants.forEach((p, index) => {
        const number = next.get() as number;
        insert.run(this.newId(), id, index + 1, number, `${prefix}${number}`, p.organisationNumber, p.locationNumber, p.agencyGroup, p.organisationType, p.focusOfWork, p.consentMode, p.quoteConsent ? 1 : 0, now, now, this.deviceId);
      });
      this.recordStatus(id, 'draft', input.interviewer, now);
      this.fillFromIntake(id, input.scheduleId, now);
    })();
    return id;
  }

  private recordStatus(interviewId: string, status: string, initials: string, at: string): void {
    this.db.prepare('INSERT INTO status_change (id, interview_id, status, initials, changed_at, device_id) VALUES (?, ?, ?, ?, ?, ?)').run(this.newId(), interviewId, status, initials, at, this.deviceId);
  }

  private row(id: string): InterviewRow {
    const row = this.db.prepare('SELECT * FROM interview WHERE id = ?').get(id) as InterviewRow | undefined;
    if (!row) throw new NotFoundError('That interview');
    return row;
  }

  private participants(interviewId: string): Participant[] {
    return participantsOf(this.db, interviewId);
  }

  private summarize(row: InterviewRow, participants: Participant[]): InterviewSummary {
    const schedule = this.db.prepare('SELECT title, version FROM schedule WHERE id = ?').get(row.schedule_id) as { title: string; version: number };
    const distinct = (values: string[]) => [...new Set(values.filter((v) => v !== ''))];
    return {
      id: row.id,
      respondentCodes: participants.map((p) => p.respondentCode),
      organisationTypes: distinct(participants.map((p) => p.organisationType)),
      agencyGroups: distinct(participants.map((p) => p.agencyGroup)),
      locationNumbers: distinct(participants.map((p) => p.locationNumber)),
      heldAt: row.held_at,
      status: row.status,
      sessionType: row.session_type,
      interviewer: row.interviewer,
      language: row.language,
      scheduleId: row.schedule_id,
      scheduleTitle: schedule.title,
      scheduleVersion: schedule.version,
      endedEarly: row.ended_early_at_question !== null,
      finished: row.finished_at !== null,
    };
  }

  list(): InterviewSummary[] {
    const rows = this.db.prepare('SELECT * FROM interview ORDER BY held_at, created_at').all() as InterviewRow[];
    const byInterview = new Map<string, Participant[]>();
    for (const row of rows) byInterview.set(row.id, this.participants(row.id));
    return rows.map((row) => this.summarize(row, byInterview.get(row.id) ?? []));
  }

  get(id: string): InterviewDetail {
    const row = this.row(id);
    const participants = this.participants(id);
    const model = this.db.prepare('SELECT model FROM schedule WHERE id = ?').pluck().get(row.schedule_id) as string;
    const answers = (
      this.db.prepare('SELECT participant_id, question, value, state, updated_at, missing_reason FROM answer WHERE interview_id = ? ORDER BY rowid').all(id) as {
        participant_id: string;
        question: string;
        value: string;
        state: Answer['state'];
        updated_at: string;
        missing_reason: MissingReason;
      }[]
    ).map((a): Answer => ({ participantId: a.participant_id, question: a.question, value: a.value, state: a.state, updatedAt: a.updated_at, ...(a.missing_reason !== '' ? { missingReason: a.missing_reason } : {}) }));
    const corrections = (
      this.db
        .prepare(
          `SELECT id, participant_id, question, old_value, old_state, new_value, new_state, reason, initials, corrected_at
           FROM answer_correction WHERE interview_id = ? ORDER BY corrected_at, rowid`,
        )
        .all(id) as { id: string; participant_id: string; question: string; old_value: string; old_state: AnswerCorrection['oldState']; new_value: string; new_state: AnswerCorrection['newState']; reason: string; initials: string; corrected_at: string }[]
    ).map(
      (c): AnswerCorrection => ({
        id: c.id,
        participantId: c.participant_id,
        question: c.question,
        oldValue: c.old_value,
        oldState: c.old_state,
        newValue: c.new_value,
        newState: c.new_state,
        reason: c.reason,
        initials: c.initials,
        correctedAt: c.corrected_at,
      }),
    );
    const notes = (
      this.db.prepare(`SELECT note.id, question, editor_state, plain_text, note.updated_at, ${storedBlocksSql(this.db).columns} FROM note ${storedBlocksSql(this.db).join} WHERE interview_id = ? ORDER BY note.rowid`).all(id) as {
        id: string;
        question: string;
        editor_state: string;
        plain_text: string;
        updated_at: string;
        blocks_version: number | null;
        blocks_order: string | null;
      }[]
    ).map((n): Note => ({ id: n.id, question: n.question, editorState: n.editor_state, plainText: n.plain_text, updatedAt: n.updated_at, blocks: storedBlocksOf(n) }));
    const statusHistory = (
      this.db.prepare('SELECT status, initials, changed_at FROM status_change WHERE interview_id = ? ORDER BY changed_at, rowid').all(id) as {
        status: InterviewSummary['status'];
        initials: string;
        changed_at: string;
      }[]
    ).map((s) => ({ status: s.status, initials: s.initials, changedAt: s.changed_at }));
    const comments = (
      this.db
        .prepare(
          `SELECT c.id, c.note_id, c.anchor_start, c.anchor_end, c.anchor_text, c.body, c.initials, c.resolved, c.created_at
           FROM review_comment c JOIN note n ON n.id = c.note_id WHERE n.interview_id = ? ORDER BY c.created_at, c.rowid`,
        )
        .all(id) as { id: string; note_id: string; anchor_start: number; anchor_end: number; anchor_text: string; body: string; initials: string; resolved: number; created_at: string }[]
    ).map(
      (c): ReviewComment => ({
        id: c.id,
        noteId: c.note_id,
        anchorStart: c.anchor_start,
        anchorEnd: c.anchor_end,
        anchorText: c.anchor_text,
        body: c.body,
        initials: c.initials,
        resolved: c.resolved === 1,
        createdAt: c.created_at,
      }),
    );
    return {
      summary: this.summarize(row, participants),
      comments,
      corrections,
      answerMode: row.answer_mode,
      participantCount: row.participant_count,
      primaryOnly: row.primary_only === 1,
      currentQuestion: row.current_question,
      elapsedSeconds: row.elapsed_seconds,
      endedEarlyAtQuestion: row.ended_early_at_question,
      endReason: row.end_reason,
      participants,
      answers,
      notes,
      statusHistory,
      schedule: storedSchedule(model),
    };
  }

  private touch(id: string, now: string): void {
    const changed = this.db.prepare('UPDATE interview SET updated_at = ?, device_id = ? WHERE id = ?').run(now, this.deviceId, id).changes;
    if (changed === 0) throw new NotFoundError('That interview');
  }

  /** A schedule version used by interviews is never edited, so its parsed model can be kept. */
  private readonly schedules = new Map<string, { schedule: Schedule; questions: ReadonlyMap<string, Question> }>();

  private scheduleOf(interviewId: string): { schedule: Schedule; questions: ReadonlyMap<string, Question> } {
    const scheduleId = this.row(interviewId).schedule_id;
    let entry = this.schedules.get(scheduleId);
    if (!entry) {
      const schedule = storedSchedule(this.db.prepare('SELECT model FROM schedule WHERE id = ?').pluck().get(scheduleId) as string);
      entry = { schedule, questions: questionIndex(schedule) };
      this.schedules.set(scheduleId, entry);
    }
    return entry;
  }

  /**
   * Refuses an answer its schedule cannot hold (a question it lacks, a code that is not a
   * choice) or for someone not in the interview, with the interview and question named.
   */
  checkAnswer(interviewId: string, participantId: string, question: string, value: string, state: Answer['state']): void {
    const { schedule, questions } = this.scheduleOf(interviewId);
    const participants = this.participants(interviewId);
    const where = `Interview ${participants.map((p) => p.respondentCode).join(', ') || interviewId}, question ${question}`;
    if (participantId !== '' && !participants.some((p) => p.id === participantId)) throw new InvalidInputError(`${where}: the answer is for a respondent who is not in this interview.`);
    const problem = answerProblem(schedule, questions, { question, value, state });
    if (problem !== null) throw new InvalidInputError(`${where}: ${problem}`);
  }

  answer(interviewId: string, participantId: string, question: string, value: string, state: Answer['state'], missingReason: MissingReason = ''): string {
    this.checkAnswer(interviewId, participantId, question, value, state);
    if (missingReason !== '' && (state !== 'declined' || value !== '')) throw new InvalidInputError(`Question ${question}: a reason for no answer goes with no answer (state declined, empty value).`);
    const now = this.now();
    this.db.transaction(() => {
      this.touch(interviewId, now);
      this.writeAnswer(interviewId, participantId, question, value, state, missingReason, now);
    })();
    return now;
  }

  private writeAnswer(interviewId: string, participantId: string, question: string, value: string, state: Answer['state'], missingReason: MissingReason, now: string): void {
    this.db
      .prepare(
        `INSERT INTO answer (id, interview_id, participant_id, question, value, state, updated_at, device_id, missing_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (interview_id, participant_id, question) DO UPDATE SET value = excluded.value, state = excluded.state, updated_at = excluded.updated_at,
           device_id = excluded.device_id, missing_reason = excluded.missing_reason`,
      )
      .run(this.newId(), interviewId, participantId, question, value, state, now, this.deviceId, missingReason);
  }

  /**
   * Corrects an answer while cleaning, at any status and after the interview ended: the answer
   * and its audit row (who, when, old and new value, why) are written in one transaction.
   */
  correctAnswer(input: { interviewId: string; participantId: string; question: string; value: string; state: AnswerCorrection['newState']; reason: string; initials: string }): void {
    const { interviewId, participantId, question } = input;
    const value = input.state === 'answered' ? input.value.trim() : '';
    if (input.state === 'answered' && value === '') throw new InvalidInputError(`Question ${question}: type the corrected answer, or choose "no answer".`);
    if (input.state !== 'none') this.checkAnswer(interviewId, participantId, question, value, input.state);
    else this.checkAnswer(interviewId, participantId, question, '', 'declined');
    const now = this.now();
    this.db.transaction(() => {
      this.touch(interviewId, now);
      const old = this.db.prepare('SELECT value, state FROM answer WHERE interview_id = ? AND participant_id = ? AND question = ?').get(interviewId, participantId, question) as
        | { value: string; state: Answer['state'] }
        | undefined;
      const oldState = old?.state ?? 'none';
      const oldValue = old?.value ?? '';
      if (oldState === input.state && oldValue === value) throw new InvalidInputError(`Question ${question}: the corrected answer is the same as the one recorded.`);
      if (input.state === 'none') this.db.prepare('DELETE FROM answer WHERE interview_id = ? AND participant_id = ? AND question = ?').run(interviewId, participantId, question);
      else this.writeAnswer(interviewId, participantId, question, value, input.state, '', now);
      this.db
        .prepare(
          `INSERT INTO answer_correction (id, interview_id, participant_id, question, old_value, old_state, new_value, new_state, reason, initials, corrected_at, device_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(this.newId(), interviewId, participantId, question, oldValue, oldState, value, input.state, input.reason.trim(), input.initials.trim(), now, this.deviceId);
    })();
  }

  clearAnswer(interviewId: string, participantId: string, question: string): void {
    this.db.prepare('DELETE FROM answer WHERE interview_id = ? AND participant_id = ? AND question = ?').run(interviewId, participantId, question);
  }

  update(id: string, patch: { primaryOnly?: boolean; currentQuestion?: string; elapsedSeconds?: number }): void {
    const now = this.now();
    this.db.transaction(() => {
      this.touch(id, now);
      if (patch.primaryOnly !== undefined) this.db.prepare('UPDATE interview SET primary_only = ? WHERE id = ?').run(patch.primaryOnly ? 1 : 0, id);
      if (patch.currentQuestion !== undefined) this.db.prepare('UPDATE interview SET current_question = ? WHERE id = ?').run(patch.currentQuestion, id);
      if (patch.elapsedSeconds !== undefined) this.db.prepare('UPDATE interview SET elapsed_seconds = ? WHERE id = ?').run(patch.elapsedSeconds, id);
    })();
  }

  finish(id: string, early: boolean, atQuestion: string | undefined, reason: string | undefined): void {
    if (early && !reason) throw new InvalidInputError('Say why the interview ended early (for example: respondent had to leave).');
    const now = this.now();
    this.db.transaction(() => {
      this.touch(id, now);
      this.db
        .prepare('UPDATE interview SET finished_at = ?, ended_early_at_question = ?, end_reason = ? WHERE id = ?')
        .run(now, early ? (atQuestion ?? '') : null, early ? (reason ?? '') : null, id);
    })();
  }

  setStatus(id: string, status: InterviewSummary['status'], initials: string): void {
    const now = this.now();
    this.db.transaction(() => {
      this.touch(id, now);
      this.db.prepare('UPDATE interview SET status = ? WHERE id = ?').run(status, id);
      this.recordStatus(id, status, initials, now);
    })();
  }

  addComment(input: { noteId: string; anchorStart: number; anchorEnd: number; anchorText: string; body: string; initials: string }): ReviewComment {
    if (input.anchorEnd < input.anchorStart) throw new InvalidInputError('A comment must cover a span of the note (end after start).');
    const plain = this.db.prepare('SELECT plain_text FROM note WHERE id = ?').pluck().get(input.noteId);
    if (typeof plain !== 'string') throw new NotFoundError('That note');
    if (input.anchorEnd > plain.length) throw new InvalidInputError('The comment points past the end of the note.');
    const id = this.newId();
    const now = this.now();
    this.db
      .prepare('INSERT INTO review_comment (id, note_id, anchor_start, anchor_end, anchor_text, body, initials, created_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, input.noteId, input.anchorStart, input.anchorEnd, input.anchorText, input.body, input.initials, now, this.deviceId);
    return { id, ...input, resolved: false, createdAt: now };
  }

  resolveComment(id: string, resolved: boolean): void {
    const changed = this.db.prepare('UPDATE review_comment SET resolved = ? WHERE id = ?').run(resolved ? 1 : 0, id).changes;
    if (changed === 0) throw new NotFoundError('That comment');
  }
}
