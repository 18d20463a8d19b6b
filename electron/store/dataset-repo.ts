/**
 * What a statistics export reads from a project, in a few queries (no per-interview round trips):
 * the schedule forms, the latest version's model, and a form's interviews with their respondents
 * and answers as shared/export's dataset builder takes them.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import type { MissingReason } from '../../shared/api/interview';
import type { ExportInterview } from '../../shared/export/dataset';
import { participantOf, type ParticipantRow } from './participant-rows';

/** The schedule forms (by form id) of the project, sorted. */
export function formIds(db: Database.Database): string[] {
  return db.prepare('SELECT DISTINCT form_id FROM schedule ORDER BY form_id').pluck().all() as string[];
}

/** The stored model (JSON) of a form's latest version. */
export function latestScheduleModel(db: Database.Database, formId: string): string {
  return db.prepare('SELECT model FROM schedule WHERE form_id = ? ORDER BY version DESC LIMIT 1').pluck().get(formId) as string;
}

/** The interviews of one form (all its versions) in the order they were held, with respondents and answers. */
export function formInterviews(db: Database.Database, formId: string): ExportInterview[] {
  const interviewRows = db
    .prepare(
      `SELECT i.id, i.session_type, i.language, i.interviewer, i.held_at, s.version, i.status, i.primary_only, i.ended_early_at_question
       FROM interview i JOIN schedule s ON s.id = i.schedule_id WHERE s.form_id = ? ORDER BY i.held_at, i.created_at`,
    )
    .all(formId) as {
    id: string;
    session_type: ExportInterview['sessionType'];
    language: string;
    interviewer: string;
    held_at: string;
    version: number;
    status: ExportInterview['status'];
    primary_only: number;
    ended_early_at_question: string | null;
  }[];
  const byId = new Map<string, ExportInterview>();
  for (const r of interviewRows) {
    byId.set(r.id, {
      id: r.id,
      sessionType: r.session_type,
      language: r.language,
      interviewer: r.interviewer,
      heldAt: r.held_at,
      scheduleVersion: r.version,
      status: r.status,
      primaryOnly: r.primary_only === 1,
      endedEarlyAtQuestion: r.ended_early_at_question,
      participants: [],
      answers: [],
    });
  }
  const participants = db
    .prepare('SELECT p.* FROM participant p JOIN interview i ON i.id = p.interview_id JOIN schedule s ON s.id = i.schedule_id WHERE s.form_id = ? ORDER BY p.position')
    .all(formId) as ParticipantRow[];
  for (const p of participants) byId.get(p.interview_id)?.participants.push(participantOf(p));
  const answers = db
    .prepare(
      `SELECT a.interview_id, a.participant_id, a.question, a.value, a.state, a.missing_reason FROM answer a
       JOIN interview i ON i.id = a.interview_id JOIN schedule s ON s.id = i.schedule_id WHERE s.form_id = ?`,
    )
    .all(formId) as { interview_id: string; participant_id: string; question: string; value: string; state: 'answered' | 'declined'; missing_reason: MissingReason }[];
  for (const a of answers) byId.get(a.interview_id)?.answers.push({ participantId: a.participant_id, question: a.question, value: a.value, state: a.state, missingReason: a.missing_reason });
  return [...byId.values()];
}

/** The schedule forms of a project (latest title of each) with how many interviews used them, by form id. */
export function formsWithCounts(db: Database.Database): { formId: string; title: string; interviews: number }[] {
  return db
    .prepare(
      `SELECT s.form_id AS formId,
              (SELECT title FROM schedule l WHERE l.form_id = s.form_id ORDER BY version DESC LIMIT 1) AS title,
              (SELECT count(*) FROM interview i JOIN schedule v ON v.id = i.schedule_id WHERE v.form_id = s.form_id) AS interviews
       FROM schedule s GROUP BY s.form_id ORDER BY s.form_id`,
    )
    .all() as { formId: string; title: string; interviews: number }[];
}
