/**
 * The one mapping of a `participant` row (a respondent of an interview: ID numbers and coded
 * attributes, never a name) to the API's Participant, and the respondent-number look-ups every
 * writer of participants shares (intake, JSON and REFI-QDA imports).
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Participant } from './api-types';

export interface ParticipantRow {
  id: string;
  interview_id: string;
  position: number;
  respondent_number: number;
  respondent_code: string;
  organisation_number: string;
  location_number: string;
  agency_group: string;
  organisation_type: string;
  focus_of_work: string;
  consent_mode: 'written' | 'verbal';
  quote_consent: number;
}

export function participantOf(p: ParticipantRow): Participant {
  return {
    id: p.id,
    position: p.position,
    respondentNumber: p.respondent_number,
    respondentCode: p.respondent_code,
    organisationNumber: p.organisation_number,
    locationNumber: p.location_number,
    agencyGroup: p.agency_group,
    organisationType: p.organisation_type,
    focusOfWork: p.focus_of_work,
    consentMode: p.consent_mode,
    quoteConsent: p.quote_consent === 1,
  };
}

/** An interview's respondents in their order. */
export function participantsOf(db: Database.Database, interviewId: string): Participant[] {
  return (db.prepare('SELECT * FROM participant WHERE interview_id = ? ORDER BY position').all(interviewId) as ParticipantRow[]).map(participantOf);
}

/** Whether another respondent of the project already has this number or this ID. */
export function respondentTaken(db: Database.Database, respondentNumber: number, respondentCode: string): boolean {
  return db.prepare('SELECT 1 FROM participant WHERE respondent_number = ? OR respondent_code = ?').get(respondentNumber, respondentCode) !== undefined;
}

/** The next free respondent number (one more than the largest used). */
export function nextRespondentNumber(db: Database.Database): number {
  return db.prepare('SELECT coalesce(max(respondent_number), 0) + 1 FROM participant').pluck().get() as number;
}
