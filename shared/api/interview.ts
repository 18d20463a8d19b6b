/**
 * The interview's slice of the API: the project's respondent attributes (projectSettings), the
 * names and places flagged in quotes, running an interview from intake to review, and the
 * activity that postpones auto-lock. It must not import the evaluation slice: the statistics
 * dataset (shared/export/dataset.ts) reads ProjectSettings from here, and the evaluation reads
 * that dataset.
 */
import { z } from 'zod';
import { empty, id, initials, type MethodSpec } from './common';
import { storedBlocks } from './notes';
import { scheduleSchema } from './schedule';

export const sessionType = z.enum(['one-on-one', 'small-group', 'focus-group']);
export const interviewStatus = z.enum(['draft', 'cleaned', 'reviewed']);
const shortText = z.string().max(200);

export const attributeOption = z.object({ code: z.string().trim().min(1).max(50), label: z.string().trim().min(1).max(200) }).strict();
export const projectSettings = z
  .object({
    /** Printed before respondent numbers, e.g. "R" gives R12; empty for plain numbers. */
    idPrefix: z.string().max(10).regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, - and _ only'),
    agencyGroups: z.array(attributeOption).max(100),
    organisationTypes: z.array(attributeOption).max(100),
    focusOfWork: z.array(attributeOption).max(100),
    /** Places by location number (code) so tables print "Phnom Penh" rather than 12. */
    locations: z.array(attributeOption).max(1000).default([]),
  })
  .strict();
export type ProjectSettings = z.infer<typeof projectSettings>;

export const participantInput = z
  .object({
    organisationNumber: shortText,
    locationNumber: shortText,
    agencyGroup: shortText,
    organisationType: shortText,
    focusOfWork: shortText,
    /** Without consent an interview cannot start: only `true` is accepted. */
    consentGiven: z.literal(true),
    consentMode: z.enum(['written', 'verbal']),
    quoteConsent: z.boolean(),
  })
  .strict();

export const participant = z.object({
  id: z.string(),
  position: z.number().int(),
  respondentNumber: z.number().int(),
  respondentCode: z.string(),
  organisationNumber: z.string(),
  locationNumber: z.string(),
  agencyGroup: z.string(),
  organisationType: z.string(),
  focusOfWork: z.string(),
  consentMode: z.enum(['written', 'verbal']),
  quoteConsent: z.boolean(),
});
export type Participant = z.infer<typeof participant>;

export const answerState = z.enum(['answered', 'declined']);
/** Why a required question was left without an answer (stored with state declined); '' otherwise. */
export const MISSING_REASONS = ['declined', 'not-applicable', 'out-of-time'] as const;
export const missingReason = z.enum(['', ...MISSING_REASONS]);
export type MissingReason = z.infer<typeof missingReason>;
export const answer = z.object({ participantId: z.string(), question: z.string(), value: z.string(), state: answerState, updatedAt: z.string(), missingReason: missingReason.optional() });
export type Answer = z.infer<typeof answer>;

/** An answer corrected after the interview: the audit row (state 'none' = no answer). */
export const correctionState = z.enum(['answered', 'declined', 'none']);
export const answerCorrection = z.object({
  id: z.string(),
  participantId: z.string(),
  question: z.string(),
  oldValue: z.string(),
  oldState: correctionState,
  newValue: z.string(),
  newState: correctionState,
  reason: z.string(),
  initials: z.string(),
  correctedAt: z.string(),
});
export type AnswerCorrection = z.infer<typeof answerCorrection>;

/** A note as an editor opens it: `blocks` says which stored blocks its editorState is (notes.ts). */
export const note = z.object({ id: z.string(), question: z.string(), editorState: z.string(), plainText: z.string(), updatedAt: z.string(), blocks: storedBlocks.nullable() });
export type Note = z.infer<typeof note>;

export const reviewComment = z.object({
  id: z.string(),
  noteId: z.string(),
  anchorStart: z.number().int(),
  anchorEnd: z.number().int(),
  anchorText: z.string(),
  body: z.string(),
  initials: z.string(),
  resolved: z.boolean(),
  createdAt: z.string(),
});
export type ReviewComment = z.infer<typeof reviewComment>;

export const interviewSummary = z.object({
  id: z.string(),
  respondentCodes: z.array(z.string()),
  organisationTypes: z.array(z.string()),
  agencyGroups: z.array(z.string()),
  locationNumbers: z.array(z.string()),
  heldAt: z.string(),
  status: interviewStatus,
  sessionType,
  interviewer: z.string(),
  language: z.string(),
  scheduleId: z.string(),
  scheduleTitle: z.string(),
  scheduleVersion: z.number().int(),
  endedEarly: z.boolean(),
  finished: z.boolean(),
});
export type InterviewSummary = z.infer<typeof interviewSummary>;

export const interviewDetail = z.object({
  summary: interviewSummary,
  answerMode: z.enum(['shared', 'per-participant']),
  participantCount: z.number().int(),
  primaryOnly: z.boolean(),
  currentQuestion: z.string(),
  /** Time spent in the runner so far, from the first question, pauses left out. */
  elapsedSeconds: z.number().int(),
  endedEarlyAtQuestion: z.string().nullable(),
  endReason: z.string().nullable(),
  participants: z.array(participant),
  answers: z.array(answer),
  notes: z.array(note),
  statusHistory: z.array(z.object({ status: interviewStatus, initials: z.string(), changedAt: z.string() })),
  comments: z.array(reviewComment),
  corrections: z.array(answerCorrection),
  schedule: scheduleSchema,
});
export type InterviewDetail = z.infer<typeof interviewDetail>;

export const interviewApi = {
  'projectSettings.get': { input: empty, output: projectSettings },
  'projectSettings.set': { input: projectSettings, output: projectSettings },
  /** The attribute lists for an intake with this schedule; its first use makes the lists take the schedule's codes for bound questions. */
  'projectSettings.forSchedule': { input: z.object({ scheduleId: id }).strict(), output: projectSettings },
  'flaggedTerms.list': { input: empty, output: z.object({ terms: z.array(z.object({ id: z.string(), term: z.string() })) }) },
  'flaggedTerms.add': { input: z.object({ term: z.string().trim().min(1).max(200) }).strict(), output: z.object({ id: z.string(), term: z.string() }) },
  'flaggedTerms.remove': { input: z.object({ id }).strict(), output: z.object({}) },
  'interview.list': { input: empty, output: z.object({ interviews: z.array(interviewSummary) }) },
  /** Intake: respondent IDs are assigned here, from the project-wide sequence. */
  'interview.start': {
    input: z
      .object({
        scheduleId: id,
        sessionType,
        answerMode: z.enum(['shared', 'per-participant']),
        language: z.string().min(1).max(50),
        interviewer: initials,
        heldAt: z.string().min(10).max(40),
        /** Focus groups record the number of participants; their attributes may be left empty. */
        participants: z.array(participantInput).min(1).max(40),
      })
      .strict(),
    output: interviewDetail,
  },
  'interview.get': { input: z.object({ id }).strict(), output: interviewDetail },
  /** One answer, stored at once. An empty value with state answered clears the answer. */
  'interview.answer': {
    input: z
      .object({ interviewId: id, participantId: z.string().max(100), question: z.string().min(1).max(500), value: z.string().max(100_000), state: answerState, missingReason: missingReason.optional() })
      .strict(),
    output: z.object({ updatedAt: z.string() }),
  },
  /**
   * Corrects an answer while cleaning (also after the interview ended): the answer changes and
   * an audit row keeps who (initials), when, the old and new value, and why.
   */
  'interview.correctAnswer': {
    input: z
      .object({
        interviewId: id,
        participantId: z.string().max(100),
        question: z.string().min(1).max(500),
        value: z.string().max(100_000),
        state: correctionState,
        reason: z.string().trim().min(1, 'Say why the answer is corrected.').max(2000),
        initials,
      })
      .strict(),
    output: interviewDetail,
  },
  'interview.clearAnswer': {
    input: z.object({ interviewId: id, participantId: z.string().max(100), question: z.string().min(1).max(500) }).strict(),
    output: z.object({}),
  },
  'interview.update': {
    input: z.object({ id, primaryOnly: z.boolean().optional(), currentQuestion: z.string().max(500).optional(), elapsedSeconds: z.number().int().min(0).max(10_000_000).optional() }).strict(),
    output: z.object({}),
  },
  'interview.finish': {
    input: z.object({ id, early: z.boolean(), atQuestion: z.string().max(500).optional(), reason: z.string().trim().max(2000).optional() }).strict(),
    output: interviewDetail,
  },
  /** A reviewer's comment anchored to a span of a note (UTF-16 offsets into its plain text). */
  'interview.addComment': {
    input: z
      .object({ noteId: id, anchorStart: z.number().int().min(0), anchorEnd: z.number().int().min(0), anchorText: z.string().max(100_000), body: z.string().trim().min(1).max(20_000), initials })
      .strict(),
    output: reviewComment,
  },
  'interview.resolveComment': { input: z.object({ id, resolved: z.boolean() }).strict(), output: z.object({}) },
  'interview.setStatus': { input: z.object({ id, status: interviewStatus, initials }).strict(), output: interviewDetail },
  /** The user did something (typed, clicked): postpones auto-lock. */
  'session.activity': { input: empty, output: z.object({ lockInSeconds: z.number().nullable() }) },
} as const satisfies Record<string, MethodSpec>;
