/**
 * Interviews as cases for analysis: each interview's facts (respondent IDs, attribute values,
 * consent), each respondent's own attributes, the speaker turns of every note, and who a coded
 * passage belongs to (its speaker, the only respondent, or the whole group session). Retrieval,
 * matrices, quotes and search read them from here; so do question labels and order.
 */
import { CodebookError } from './coding-rows';
import { attributePassage, type Attribution, type Coding, type RespondentFacts } from '../../shared/coding';
import { speakerOfRange, type SpeakerSpan } from '../../shared/notes/speaker-tag';
import { defaultText, questionsOf } from '../../shared/schedule/model';
import { storedSchedule } from '../../shared/schedule/stored-schedule';
import type { AttributeName, InterviewFilter, Participant } from './api-types';
import { participantOf, type ParticipantRow } from './participant-rows';
import { Repository } from './repository';

export type { AttributeName, InterviewFilter } from './api-types';

/** The respondent attributes analyses and filters use, by the name the API uses. */
export const ATTRIBUTES = ['agencyGroup', 'organisationType', 'focusOfWork', 'location', 'language', 'date', 'status'] as const satisfies readonly AttributeName[];


/** What analyses need to know about an interview, without its answers. */
export interface InterviewFacts {
  id: string;
  heldAt: string;
  respondentCodes: string[];
  /** Every respondent gave quote consent (a group's quotes cannot be told apart). */
  quoteConsent: boolean;
  /** Per attribute, the distinct values of its respondents (null: not recorded), sorted. */
  values: Record<AttributeName, (string | null)[]>;
  /** One value per attribute for tables: the values joined with " + " (a mixed group), or null. */
  attributes: Record<AttributeName, string | null>;
  scheduleId: string;
}

export class RespondentFactsRepo extends Repository {
  /** Facts about every interview (or the ones given), with attribute values as stored codes. */
  interviewFacts(): Map<string, InterviewFacts> {
    const interviews = this.db.prepare('SELECT id, held_at, status, language, schedule_id FROM interview').all() as { id: string; held_at: string; status: string; language: string; schedule_id: string }[];
    const rows = this.db.prepare('SELECT * FROM participant ORDER BY interview_id, position').all() as ParticipantRow[];
    const byInterview = new Map<string, Participant[]>();
    for (const r of rows) byInterview.set(r.interview_id, [...(byInterview.get(r.interview_id) ?? []), participantOf(r)]);
    const out = new Map<string, InterviewFacts>();
    for (const i of interviews) {
      const ps = byInterview.get(i.id) ?? [];
      const distinct = (values: string[]): (string | null)[] => {
        const set = [...new Set(values.map((v) => (v === '' ? null : v)))];
        return set.sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
      };
      const values: Record<AttributeName, (string | null)[]> = {
        agencyGroup: distinct(ps.map((p) => p.agencyGroup)),
        organisationType: distinct(ps.map((p) => p.organisationType)),
        focusOfWork: distinct(ps.map((p) => p.focusOfWork)),
        location: distinct(ps.map((p) => p.locationNumber)),
        language: distinct([i.language]),
        date: distinct([i.held_at.slice(0, 10)]),
        status: distinct([i.status]),
      };
      const attributes = Object.fromEntries(
        ATTRIBUTES.map((name) => {
          const known = values[name].filter((v): v is string => v !== null);
          return [name, known.length === 0 ? null : known.join(' + ')];
        }),
      ) as Record<AttributeName, string | null>;
      out.set(i.id, {
        id: i.id,
        heldAt: i.held_at,
        respondentCodes: ps.map((p) => p.respondentCode),
        quoteConsent: ps.length > 0 && ps.every((p) => p.quoteConsent),
        values,
        attributes,
        scheduleId: i.schedule_id,
      });
    }
    return out;
  }


  /** Each interview's respondents with their own attributes (and the interview's language, date and status). */
  respondentFacts(): Map<string, RespondentFacts[]> {
    const rows = this.db
      .prepare(
        `SELECT p.*, i.language, i.held_at, i.status
         FROM participant p JOIN interview i ON i.id = p.interview_id ORDER BY p.interview_id, p.position`,
      )
      .all() as (ParticipantRow & { language: string; held_at: string; status: string })[];
    const out = new Map<string, RespondentFacts[]>();
    const value = (v: string) => (v === '' ? null : v);
    for (const r of rows) {
      const list = out.get(r.interview_id) ?? [];
      const p = participantOf(r);
      list.push({
        participantId: p.id,
        respondentCode: p.respondentCode,
        quoteConsent: p.quoteConsent,
        attributes: {
          agencyGroup: value(p.agencyGroup),
          organisationType: value(p.organisationType),
          focusOfWork: value(p.focusOfWork),
          location: value(p.locationNumber),
          language: value(r.language),
          date: value(r.held_at.slice(0, 10)),
          status: value(r.status),
        },
      });
      out.set(r.interview_id, list);
    }
    return out;
  }

  /** Every note's speaker turns (note_speaker, derived on each note save), for attributing many passages at once. */
  speakerSpans(): Map<string, SpeakerSpan[]> {
    const out = new Map<string, SpeakerSpan[]>();
    for (const r of this.db.prepare('SELECT note_id, participant_id, start, "end" FROM note_speaker ORDER BY note_id, start').all() as { note_id: string; participant_id: string; start: number; end: number }[]) {
      const list = out.get(r.note_id) ?? [];
      list.push({ participantId: r.participant_id, start: r.start, end: r.end });
      out.set(r.note_id, list);
    }
    return out;
  }

  /**
   * The participant whose speaker turn holds all of [start, end) of a note, or null (no tag, or
   * the passage crosses speakers): then it is the whole session's. The one place that reads turns.
   */
  speakerAt(noteId: string, start: number, end: number, speakers?: ReadonlyMap<string, readonly SpeakerSpan[]>): string | null {
    const spans = speakers !== undefined ? (speakers.get(noteId) ?? []) : this.speakerSpansOf(noteId);
    return speakerOfRange(spans, start, end);
  }

  private speakerSpansOf(noteId: string): SpeakerSpan[] {
    return (this.db.prepare('SELECT participant_id, start, "end" FROM note_speaker WHERE note_id = ? ORDER BY start').all(noteId) as { participant_id: string; start: number; end: number }[]).map((r) => ({
      participantId: r.participant_id,
      start: r.start,
      end: r.end,
    }));
  }

  /** Who one coded segment belongs to, by its id. */
  passageAttribution(codingId: string): Attribution {
    const row = this.db.prepare('SELECT interview_id, note_id, start, "end" FROM coding WHERE id = ?').get(codingId) as { interview_id: string; note_id: string; start: number; end: number } | undefined;
    if (row === undefined) throw new CodebookError('unknown-coding', 'That coded segment no longer exists. Reload the note.');
    return this.attributionOf({ interviewId: row.interview_id, noteId: row.note_id, start: row.start, end: row.end });
  }

  /** Who a coded passage belongs to: its speaker, the only respondent, or the whole group session. */
  attributionOf(
    coding: Pick<Coding, 'interviewId' | 'noteId' | 'start' | 'end'>,
    respondents: ReadonlyMap<string, readonly RespondentFacts[]> = this.respondentFacts(),
    speakers?: ReadonlyMap<string, readonly SpeakerSpan[]>,
  ): Attribution {
    const participants = respondents.get(coding.interviewId) ?? [];
    return attributePassage(participants, participants.length > 1 ? this.speakerAt(coding.noteId, coding.start, coding.end, speakers) : null);
  }

  /** Every value each attribute takes among the respondents themselves (no group mixes), sorted, null last. */
  attributeValues(): Record<AttributeName, (string | null)[]> {
    const all = [...this.respondentFacts().values()].flat();
    return Object.fromEntries(
      ATTRIBUTES.map((name) => {
        const found = [...new Set(all.map((r) => r.attributes[name] ?? null))];
        return [name, [...found.filter((v): v is string => v !== null).sort((a, b) => a.localeCompare(b)), ...(found.includes(null) ? [null] : [])]];
      }),
    ) as Record<AttributeName, (string | null)[]>;
  }

  /** Each question's label in its schedule (looked up once per schedule). */
  questionLabels(): (scheduleId: string, question: string) => string | undefined {
    const cache = new Map<string, Map<string, string>>();
    return (scheduleId, question) => {
      let labels = cache.get(scheduleId);
      if (labels === undefined) {
        const model = this.db.prepare('SELECT model FROM schedule WHERE id = ?').pluck().get(scheduleId);
        labels = new Map();
        if (typeof model === 'string') {
          const schedule = storedSchedule(model);
          for (const q of questionsOf(schedule)) labels.set(q.name, defaultText(schedule, q.label));
        }
        cache.set(scheduleId, labels);
      }
      return labels.get(question) || undefined;
    };
  }

  /** A question's place in its schedule, for ordering by question. */
  questionOrder(): (scheduleId: string, question: string) => number {
    const cache = new Map<string, Map<string, number>>();
    return (scheduleId, question) => {
      let order = cache.get(scheduleId);
      if (order === undefined) {
        const model = this.db.prepare('SELECT model FROM schedule WHERE id = ?').pluck().get(scheduleId);
        order = new Map(typeof model === 'string' ? questionsOf(storedSchedule(model)).map((q, i) => [q.name, i]) : []);
        cache.set(scheduleId, order);
      }
      return order.get(question) ?? 1e6;
    };
  }
}

export function passesDates(facts: InterviewFacts, filter: InterviewFilter | undefined): boolean {
  if (filter === undefined) return true;
  const day = facts.heldAt.slice(0, 10);
  if (filter.dateFrom !== undefined && day < filter.dateFrom) return false;
  if (filter.dateTo !== undefined && day > filter.dateTo) return false;
  return true;
}

export function respondentPasses(respondent: RespondentFacts, filter: InterviewFilter | undefined): boolean {
  return Object.entries(filter?.where ?? {}).every(([name, allowed]) => (allowed as readonly (string | null)[]).includes(respondent.attributes[name] ?? null));
}
