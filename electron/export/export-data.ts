/** Reads what an export needs from a project in a few queries (no per-interview round trips). */
import type Database from 'better-sqlite3-multiple-ciphers';
import type { MissingReason } from '../../shared/api/interview';
import { NotFoundError } from '../../shared/api/errors';
import type { ExportInterview } from '../../shared/export/dataset';
import type { Schedule } from '../../shared/schedule/model';
import { InterviewRepo } from '../store/interview-repo';

export interface ExportSource {
  schedule: Schedule;
  formId: string;
  interviews: ExportInterview[];
}

/** The interviews of one form (all its versions), with the latest version's dictionary. */
export function loadExportSource(db: Database.Database, formId?: string): ExportSource {
  const forms = db.prepare('SELECT DISTINCT form_id FROM schedule ORDER BY form_id').pluck().all() as string[];
  const form = formId ?? (forms.length === 1 ? forms[0] : undefined);
  if (form === undefined || !forms.includes(form)) {
    throw new NotFoundError(forms.length === 0 ? 'A schedule in this project' : `The schedule form "${formId ?? ''}" (this project has: ${forms.join(', ')})`);
  }
  const latest = db.prepare('SELECT model FROM schedule WHERE form_id = ? ORDER BY version DESC LIMIT 1').pluck().get(form) as string;
  const interviewRows = db
    .prepare(
      `SELECT i.id, i.session_type, i.language, i.interviewer, i.held_at, s.version, i.status, i.primary_only, i.ended_early_at_question
       FROM interview i JOIN schedule s ON s.id = i.schedule_id WHERE s.form_id = ? ORDER BY i.held_at, i.created_at`,
    )
    .all(form) as {
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
    .prepare(
      `SELECT p.id, p.interview_id, p.respondent_number, p.respondent_code, p.organisation_number, p.location_number, p.agency_group, p.organisation_type, p.focus_of_work
       FROM participant p JOIN interview i ON i.id = p.interview_id JOIN schedule s ON s.id = i.schedule_id WHERE s.form_id = ? ORDER BY p.position`,
    )
    .all(form) as Record<string, string | number>[];
  for (const p of participants) {
    byId.get(p.interview_id as string)?.participants.push({
      id: p.id as string,
      respondentNumber: p.respondent_number as number,
      respondentCode: p.respondent_code as string,
      organisationNumber: p.organisation_number as string,
      locationNumber: p.location_number as string,
      agencyGroup: p.agency_group as string,
      organisationType: p.organisation_type as string,
      focusOfWork: p.focus_of_work as string,
    });
  }
  const answers = db
    .prepare(
      `SELECT a.interview_id, a.participant_id, a.question, a.value, a.state, a.missing_reason FROM answer a
       JOIN interview i ON i.id = a.interview_id JOIN schedule s ON s.id = i.schedule_id WHERE s.form_id = ?`,
    )
    .all(form) as { interview_id: string; participant_id: string; question: string; value: string; state: 'answered' | 'declined'; missing_reason: MissingReason }[];
  for (const a of answers) byId.get(a.interview_id)?.answers.push({ participantId: a.participant_id, question: a.question, value: a.value, state: a.state, missingReason: a.missing_reason });
  return { schedule: JSON.parse(latest) as Schedule, formId: form, interviews: [...byId.values()] };
}

export function projectSettingsOf(db: Database.Database, deviceId: string) {
  return new InterviewRepo(db, deviceId).settings();
}

/** The schedule forms of a project (latest title of each) with how many interviews used them, by form id. */
export function listForms(db: Database.Database): { formId: string; title: string; interviews: number }[] {
  return db
    .prepare(
      `SELECT s.form_id AS formId,
              (SELECT title FROM schedule l WHERE l.form_id = s.form_id ORDER BY version DESC LIMIT 1) AS title,
              (SELECT count(*) FROM interview i JOIN schedule v ON v.id = i.schedule_id WHERE v.form_id = s.form_id) AS interviews
       FROM schedule s GROUP BY s.form_id ORDER BY s.form_id`,
    )
    .all() as { formId: string; title: string; interviews: number }[];
}
