/**
 * The one API between the UI and the services, declared once. Electron serves it over IPC,
 * browser mode over an authenticated loopback HTTP server; both go through `dispatch`.
 * Inputs are strict objects: unknown keys and wrong types are rejected, never coerced.
 */
import { z } from 'zod';
import { findingSchema, scheduleSchema } from './schedule-schema';

const empty = z.object({}).strict();

export const projectState = z.enum(['none', 'open', 'locked']);

export const projectCounts = z.record(z.string(), z.number().int().nonnegative());

export const projectInfo = z.object({
  title: z.string(),
  fileName: z.string(),
  path: z.string(),
  schemaVersion: z.number().int(),
  createdAt: z.string(),
  readOnly: z.boolean(),
  counts: projectCounts,
});
export type ProjectInfo = z.infer<typeof projectInfo>;

export const projectStatus = z.object({
  state: projectState,
  fileName: z.string().nullable(),
  path: z.string().nullable(),
  title: z.string().nullable(),
  readOnly: z.boolean(),
  autoLockMinutes: z.number(),
});
export type ProjectStatus = z.infer<typeof projectStatus>;

export const projectFile = z.object({ fileName: z.string(), path: z.string() });
export type ProjectFile = z.infer<typeof projectFile>;

export const appSettings = z.object({
  /** Minutes of inactivity before the open project locks itself; 0 turns auto-lock off. */
  autoLockMinutes: z.number().int().min(0).max(240),
});
export type AppSettings = z.infer<typeof appSettings>;

export const scheduleSummary = z.object({
  id: z.string(),
  formId: z.string(),
  title: z.string(),
  version: z.number().int(),
  formVersion: z.string(),
  questionCount: z.number().int(),
  languages: z.array(z.string()),
  updatedAt: z.string(),
  interviewCount: z.number().int(),
  superseded: z.boolean(),
});
export type ScheduleSummary = z.infer<typeof scheduleSummary>;

const scheduleFindings = z.array(findingSchema);
const id = z.string().min(1).max(100);
/** File contents crossing the API (uploads and downloads), base64-encoded; 50 MB at most. */
const base64File = z.string().max(70_000_000);

export const sessionType = z.enum(['one-on-one', 'small-group', 'focus-group']);
export const interviewStatus = z.enum(['draft', 'cleaned', 'reviewed']);
const initials = z.string().trim().min(1).max(10);
const shortText = z.string().max(200);

export const attributeOption = z.object({ code: z.string().trim().min(1).max(50), label: z.string().trim().min(1).max(200) }).strict();
export const projectSettings = z
  .object({
    /** Printed before respondent numbers, e.g. "R" gives R12; empty for plain numbers. */
    idPrefix: z.string().max(10).regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, - and _ only'),
    agencyGroups: z.array(attributeOption).max(100),
    organisationTypes: z.array(attributeOption).max(100),
    focusOfWork: z.array(attributeOption).max(100),
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
export const answer = z.object({ participantId: z.string(), question: z.string(), value: z.string(), state: answerState, updatedAt: z.string() });
export type Answer = z.infer<typeof answer>;

export const note = z.object({ id: z.string(), question: z.string(), editorState: z.string(), plainText: z.string(), updatedAt: z.string() });
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
  endedEarlyAtQuestion: z.string().nullable(),
  endReason: z.string().nullable(),
  participants: z.array(participant),
  answers: z.array(answer),
  notes: z.array(note),
  statusHistory: z.array(z.object({ status: interviewStatus, initials: z.string(), changedAt: z.string() })),
  comments: z.array(reviewComment),
  schedule: scheduleSchema,
});
export type InterviewDetail = z.infer<typeof interviewDetail>;

const path = z.string().min(1).max(4096);
const passphrase = z.string().min(1).max(1024);
const title = z.string().trim().min(1).max(200);

interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
}

export const api = {
  'app.info': {
    input: empty,
    output: z.object({
      mode: z.enum(['electron', 'browser']),
      appVersion: z.string(),
      schemaVersion: z.number().int(),
      projectsDir: z.string(),
    }),
  },
  'projects.recent': { input: empty, output: z.object({ projects: z.array(projectFile) }) },
  'projects.browse': { input: empty, output: z.object({ dir: z.string(), projects: z.array(projectFile) }) },
  'project.create': {
    input: z.object({ path, title, passphrase, passphraseConfirm: passphrase }).strict(),
    output: projectInfo,
  },
  'project.open': { input: z.object({ path, passphrase }).strict(), output: projectInfo },
  'project.unlock': { input: z.object({ passphrase }).strict(), output: projectInfo },
  'project.lock': { input: empty, output: projectStatus },
  'project.close': { input: empty, output: projectStatus },
  'project.status': { input: empty, output: projectStatus },
  'project.info': { input: empty, output: projectInfo },
  'project.setTitle': { input: z.object({ title }).strict(), output: projectInfo },
  'project.changePassphrase': {
    input: z.object({ current: passphrase, next: passphrase, nextConfirm: passphrase }).strict(),
    output: projectInfo,
  },
  'settings.get': { input: empty, output: appSettings },
  'settings.set': { input: appSettings.strict(), output: appSettings },
  'schedule.list': { input: empty, output: z.object({ schedules: z.array(scheduleSummary) }) },
  'schedule.get': {
    input: z.object({ id }).strict(),
    output: z.object({ summary: scheduleSummary, schedule: scheduleSchema, findings: scheduleFindings }),
  },
  /** An XLSForm workbook. Lint errors stop the import (imported is null); warnings are kept. */
  'schedule.import': {
    input: z.object({ fileName: z.string().min(1).max(500), dataBase64: base64File }).strict(),
    output: z.object({ imported: scheduleSummary.nullable(), findings: scheduleFindings }),
  },
  'schedule.importExample': { input: empty, output: z.object({ imported: scheduleSummary.nullable(), findings: scheduleFindings }) },
  /** Saves an edit from the designer; a version used by interviews is kept and a new version made. */
  'schedule.save': {
    input: z.object({ id, schedule: scheduleSchema }).strict(),
    output: z.object({ summary: scheduleSummary, findings: scheduleFindings }),
  },
  'schedule.remove': { input: z.object({ id }).strict(), output: z.object({}) },
  'schedule.exportXlsx': { input: z.object({ id }).strict(), output: z.object({ fileName: z.string(), dataBase64: z.string() }) },
  'schedule.exportXform': { input: z.object({ id }).strict(), output: z.object({ fileName: z.string(), xml: z.string() }) },
  'projectSettings.get': { input: empty, output: projectSettings },
  'projectSettings.set': { input: projectSettings, output: projectSettings },
  'flaggedTerms.list': { input: empty, output: z.object({ terms: z.array(z.object({ id: z.string(), term: z.string() })) }) },
  'flaggedTerms.add': { input: z.object({ term: z.string().trim().min(1).max(200) }).strict(), output: z.object({ id: z.string(), term: z.string() }) },
  'flaggedTerms.remove': { input: z.object({ id }).strict(), output: z.object({}) },
  'interviews.list': { input: empty, output: z.object({ interviews: z.array(interviewSummary) }) },
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
    input: z.object({ interviewId: id, participantId: z.string().max(100), question: z.string().min(1).max(500), value: z.string().max(100_000), state: answerState }).strict(),
    output: z.object({ updatedAt: z.string() }),
  },
  'interview.clearAnswer': {
    input: z.object({ interviewId: id, participantId: z.string().max(100), question: z.string().min(1).max(500) }).strict(),
    output: z.object({}),
  },
  /** A note's Lexical state and its plain text, saved together; question '' is the general notes. */
  'interview.saveNote': {
    input: z.object({ interviewId: id, question: z.string().max(500), editorState: z.string().max(50_000_000), plainText: z.string().max(20_000_000) }).strict(),
    output: z.object({ id: z.string(), updatedAt: z.string() }),
  },
  'interview.update': {
    input: z.object({ id, primaryOnly: z.boolean().optional(), currentQuestion: z.string().max(500).optional() }).strict(),
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

export type Api = typeof api;
export type ApiMethod = keyof Api;
export type ApiInput<M extends ApiMethod> = z.input<Api[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<Api[M]['output']>;

export const apiMethods = Object.keys(api) as ApiMethod[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(api, name);
}
