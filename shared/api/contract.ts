/**
 * The one API between the UI and the services, declared once. Electron serves it over IPC,
 * browser mode over an authenticated loopback HTTP server; both go through `dispatch`.
 * Inputs are strict objects: unknown keys and wrong types are rejected, never coerced.
 */
import { z } from 'zod';
import { TEXT_LIMITS } from './limits';
import { findingSchema, scheduleSchema } from './schedule-schema';
import { BREAKDOWNS, type Crosstab, type FrequencyTable, type SampleDescription } from '../stats';
import {
  attributeName,
  codebookChange,
  codeColor,
  codeKind,
  codeName,
  codeNode,
  codeRecord,
  codingApplyInput,
  codingRecord,
  downloadFile,
  interviewFilter,
  memoKind,
  memoRecord,
  memoTargetType,
  quoteEntry,
  quoteExportInput,
  quoteQuery,
  relationRecord,
  relationType,
  retrievalQuery,
  searchHit,
  segment,
  undoState,
} from './coding-schema';
import { adjudicateInput, adjudicationRecord, agreementOutput, agreementQuery, coder, coderList, interviewChoice, recordedAgreement, secondCoderCopy } from './agreement-schema';
import { backupEntry, backupSettings, codebookPreview, jsonImportSummary, mergeConflict, mergeReport, qdpxImportSummary } from './team-schema';
import { evaluationApi } from './evaluation';

const empty = z.object({}).strict();
const networkPoint = z.object({ x: z.number().finite().min(-1e6).max(1e6), y: z.number().finite().min(-1e6).max(1e6) }).strict();

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

/** Statistics export formats: SPSS set, Stata .dta, R script, DDI Codebook XML, Excel workbook, plain CSV. */
export const exportFormat = z.enum(['spss', 'stata', 'r', 'ddi', 'excel', 'csv']);
export type ExportFormat = z.infer<typeof exportFormat>;

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

/** Rows of the statistics dataset: one per respondent, or one per interview session. */
export const unitOfAnalysis = z.enum(['respondent', 'interview']);
export type UnitOfAnalysis = z.infer<typeof unitOfAnalysis>;
export const statsBreakdown = z.enum(BREAKDOWNS);
const variableName = z.string().min(1).max(200);
/** Which schedule form to analyse; optional when the project has one. */
const formSelector = z.string().min(1).max(200).optional();
export const statsVariable = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(['numeric', 'string', 'date']),
  measure: z.enum(['nominal', 'ordinal', 'scale']),
  /** A variable with categories worth a frequency table (not an ID, a scale or open text). */
  categorical: z.boolean(),
  /** The schedule question it comes from, when it comes from one. */
  question: z.string().optional(),
});
export type StatsVariable = z.infer<typeof statsVariable>;
// The tables are built by shared/stats and checked against PSPP there; the schema only asserts their kind.
const frequencyTableSchema = z.custom<FrequencyTable>((x) => typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'frequency');
const crosstabSchema = z.custom<Crosstab>((x) => typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'crosstab');
const sampleSchema = z.custom<SampleDescription>((x) => typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'sample-description');
const tableQuery = { unit: unitOfAnalysis, formId: formSelector };
export const statsTableKind = z.enum(['frequency', 'crosstab', 'sample']);
/** Percentages under each crosstab count: column (default), row, or both. */
export const crosstabPercentages = z.enum(['column', 'row', 'both']);
/** Attributes or questions added to the sample table (Table 1) after the standard ones. */
const sampleVariables = z.array(z.string().min(1).max(64)).max(20);

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
  'project.recent': { input: empty, output: z.object({ projects: z.array(projectFile) }) },
  'project.browse': { input: empty, output: z.object({ dir: z.string(), projects: z.array(projectFile) }) },
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
  /**
   * Backups made under the old passphrase are re-encrypted with the new one or deleted
   * (`oldBackups`), then a new-key backup is made at once: none still opens with the old one.
   */
  'project.changePassphrase': {
    input: z.object({ current: passphrase, next: passphrase, nextConfirm: passphrase, oldBackups: z.enum(['reencrypt', 'delete']).default('reencrypt') }).strict(),
    output: projectInfo.extend({
      oldBackups: z.object({ choice: z.enum(['reencrypt', 'delete']), reencrypted: z.number().int(), deleted: z.number().int(), newBackup: z.string() }),
    }),
  },
  /** A complete encrypted copy elsewhere (same passphrase): for a full or read-only disk. */
  'project.saveCopy': { input: z.object({ path }).strict(), output: z.object({ fileName: z.string(), path: z.string() }) },
  /**
   * Deletes the open project's file and its backups, after the user typed the project's title.
   * Deleting cannot reliably erase data from SSDs (see docs/security.md); the UI says so.
   */
  'project.destroy': { input: z.object({ confirmTitle: z.string().max(200) }).strict(), output: z.object({ deleted: z.array(z.string()) }) },
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
  /** The variables of the statistics dataset (the same dataset the SPSS export writes). */
  'stats.variables': {
    input: z.object(tableQuery).strict(),
    output: z.object({
      formId: z.string(),
      forms: z.array(z.object({ formId: z.string(), title: z.string() })),
      unit: unitOfAnalysis,
      /** Rows in the dataset: respondents or interviews. */
      rows: z.number().int(),
      variables: z.array(statsVariable),
      breakdowns: z.array(z.object({ name: statsBreakdown, label: z.string() })),
      /** Label languages the schedule has (code '' is a workbook's plain label column). */
      languages: z.array(z.object({ code: z.string(), name: z.string() })),
      projectFileName: z.string(),
    }),
  },
  /** FREQUENCIES for one variable, with the table as tab-separated text for the clipboard. */
  'stats.frequency': { input: z.object({ variable: variableName, ...tableQuery }).strict(), output: z.object({ table: frequencyTableSchema, tsv: z.string(), html: z.string() }) },
  /** CROSSTABS of a variable by a respondent attribute: counts, column %, Pearson chi-square. */
  'stats.crosstab': {
    input: z.object({ variable: variableName, by: statsBreakdown, percentages: crosstabPercentages.optional(), ...tableQuery }).strict(),
    output: z.object({ table: crosstabSchema, tsv: z.string(), html: z.string() }),
  },
  /** The report's Table 1: the sample by organisation type, focus of work, location and agency group. */
  'stats.sample': {
    input: z.object({ variables: sampleVariables.optional(), ...tableQuery }).strict(),
    output: z.object({ table: sampleSchema, tsv: z.string(), html: z.string() }),
  },
  /** One of the tables above as an .xlsx workbook. */
  'stats.exportXlsx': {
    input: z
      .object({
        kind: statsTableKind,
        variable: variableName.optional(),
        by: statsBreakdown.optional(),
        percentages: crosstabPercentages.optional(),
        variables: sampleVariables.optional(),
        ...tableQuery,
      })
      .strict()
      .refine((x) => x.kind === 'sample' || x.variable !== undefined, { message: 'a frequency table or crosstab needs a variable', path: ['variable'] })
      .refine((x) => x.kind !== 'crosstab' || x.by !== undefined, { message: 'a crosstab needs a breakdown', path: ['by'] }),
    output: z.object({ fileName: z.string(), dataBase64: z.string() }),
  },
  /** The statistics files of the chosen formats (NAME from the project file), for download. */
  'export.spss': {
    input: z
      .object({
        unit: unitOfAnalysis,
        language: z.string().min(1).max(50).optional(),
        includeText: z.boolean(),
        formId: formSelector,
        formats: z.array(exportFormat).min(1).max(6).default(['spss']),
        dontKnow: z.enum(['missing', 'valid']).optional(),
        bom: z.boolean().optional(),
      })
      .strict(),
    output: z.object({
      files: z.array(z.object({ name: z.string(), mediaType: z.string(), dataBase64: z.string() })),
      rows: z.number().int(),
      variables: z.number().int(),
    }),
  },
  // ---------------------------------------------------------------- coding workbench
  /** The code tree in display order (depth first), each code with its counts, and the undo menu. */
  /** agreement: the figures last recorded in the codebook (agreement.recordInCodebook), by code id. */
  'codes.list': { input: empty, output: z.object({ codes: z.array(codeNode), undo: undoState, agreement: recordedAgreement.nullable().optional() }) },
  'codes.create': {
    input: z
      .object({
        name: codeName,
        parentId: id.nullable().optional(),
        color: codeColor.optional(),
        definition: z.string().max(TEXT_LIMITS.codeDescription).optional(),
        inclusion: z.string().max(TEXT_LIMITS.codeDescription).optional(),
        exclusion: z.string().max(TEXT_LIMITS.codeDescription).optional(),
        example: z.string().max(TEXT_LIMITS.codeDescription).optional(),
        kind: codeKind.optional(),
        inVivo: z.boolean().optional(),
        isCore: z.boolean().optional(),
        initials,
      })
      .strict(),
    output: codebookChange.extend({ code: codeRecord }),
  },
  /** Rename, recolour, or edit the definition, inclusion and exclusion criteria, example, kind. */
  'codes.update': {
    input: z
      .object({
        id,
        name: codeName.optional(),
        color: codeColor.optional(),
        definition: z.string().max(TEXT_LIMITS.codeDescription).optional(),
        inclusion: z.string().max(TEXT_LIMITS.codeDescription).optional(),
        exclusion: z.string().max(TEXT_LIMITS.codeDescription).optional(),
        example: z.string().max(TEXT_LIMITS.codeDescription).optional(),
        kind: codeKind.optional(),
        inVivo: z.boolean().optional(),
      })
      .strict(),
    output: codebookChange,
  },
  /** Moves a code with its sub-codes; parentId null moves it to the top level. */
  'codes.move': { input: z.object({ id, parentId: id.nullable() }).strict(), output: codebookChange },
  /** Source's codings, memos, relations and sub-codes go to the target; the source is removed. */
  'codes.merge': { input: z.object({ sourceId: id, targetId: id }).strict(), output: codebookChange.extend({ droppedCodingIds: z.array(z.string()) }) },
  /** Moves the chosen codings of a code to a new code (a sibling unless parentId is given). */
  'codes.split': {
    input: z.object({ sourceId: id, codingIds: z.array(id).min(1).max(100_000), name: codeName, parentId: id.nullable().optional(), initials }).strict(),
    output: codebookChange.extend({ code: codeRecord }),
  },
  /** What deleting a code would remove, for the confirmation. */
  'codes.impact': {
    input: z.object({ id }).strict(),
    output: z.object({ children: z.number().int(), descendants: z.number().int(), codings: z.number().int(), codingsWithDescendants: z.number().int() }),
  },
  /** Deletes a code, its codings and memos; sub-codes move up or are deleted too ("children" is required when it has any). */
  'codes.delete': { input: z.object({ id, children: z.enum(['move-up', 'delete']).optional() }).strict(), output: codebookChange },
  /** Moves a code one place up or down among its siblings (display order; not on the undo stack). */
  'codes.reorder': { input: z.object({ id, direction: z.enum(['up', 'down']) }).strict(), output: z.object({ moved: z.boolean() }) },
  /** The core category (at most one); null clears it. */
  'codes.setCore': { input: z.object({ id: id.nullable() }).strict(), output: codebookChange },
  /** Undo and redo of codebook changes made since the project was opened (codes, codings, memos, relations). */
  'codes.undo': { input: empty, output: codebookChange.extend({ done: z.boolean() }) },
  'codes.redo': { input: empty, output: codebookChange.extend({ done: z.boolean() }) },
  /** Codes a range of a note; the note's marks are updated in the same transaction. */
  'codings.apply': {
    input: codingApplyInput,
    output: codebookChange.extend({ coding: codingRecord, code: codeRecord, createdCode: z.boolean(), editorState: z.string() }),
  },
  'codings.remove': { input: z.object({ id }).strict(), output: codebookChange },
  /** Marks a coded segment as a quote for the report, or unmarks it. */
  'codings.setQuote': { input: z.object({ id, isQuote: z.boolean() }).strict(), output: codebookChange },
  /** Retrieval: the segments of a code (with its sub-codes if asked) in their sentences, with respondent IDs and attributes. */
  'codings.forCode': { input: retrievalQuery, output: z.object({ segments: z.array(segment) }) },
  /** An interview's notes with their codings and the codes used, for the coding screen. */
  'codings.forInterview': {
    input: z.object({ interviewId: id }).strict(),
    output: z.object({
      notes: z.array(z.object({ id: z.string(), question: z.string(), editorState: z.string(), plainText: z.string() })),
      codings: z.array(codingRecord),
      codes: z.array(codeRecord),
    }),
  },
  /**
   * The only way a note is written ('' is the general notes): its Lexical editor state. The
   * services derive the plain text, the coded segments' ranges (they follow their marks; a
   * segment whose mark is gone is removed), the speaker turns and the search index from it, in
   * one transaction. A mark whose segment no longer exists (deleted with its text, then brought
   * back by the editor's undo) is dropped; its id comes back in `droppedCodingIds` and the editor
   * removes that mark too.
   */
  'notes.save': {
    input: z.object({ interviewId: id, question: z.string().max(500), editorState: z.string().max(50_000_000) }).strict(),
    output: z.object({ id: z.string(), updatedAt: z.string(), droppedCodingIds: z.array(z.string()) }),
  },
  /** Two retrievals side by side (e.g. one code for government and for NGO respondents). */
  'analysis.compare': { input: z.object({ left: retrievalQuery, right: retrievalQuery }).strict(), output: z.object({ left: z.array(segment), right: z.array(segment) }) },
  'relations.list': {
    input: empty,
    output: z.object({
      relations: z.array(relationRecord),
      coreId: z.string().nullable(),
      /** Codes linked to the core category, with a shortest path of relations. */
      relatedToCore: z.array(z.object({ codeId: z.string(), distance: z.number().int(), path: z.array(z.object({ relationId: z.string(), direction: z.enum(['outgoing', 'incoming']), codeId: z.string() })) })),
    }),
  },
  'relations.create': {
    input: z.object({ fromCodeId: id, toCodeId: id, type: relationType, label: z.string().max(200).default('') }).strict(),
    output: codebookChange.extend({ relation: relationRecord }),
  },
  'relations.delete': { input: z.object({ id }).strict(), output: codebookChange },
  /** Where the user placed codes in the relations network (saved in the project). */
  'relations.positions': { input: empty, output: z.object({ positions: z.record(z.string(), networkPoint) }) },
  'relations.savePositions': { input: z.object({ positions: z.record(id, networkPoint) }).strict(), output: z.object({ saved: z.number().int() }) },
  'memos.list': {
    input: z.object({ targetType: memoTargetType.optional(), targetId: z.string().max(100).optional(), kind: memoKind.optional() }).strict(),
    output: z.object({ memos: z.array(memoRecord) }),
  },
  'memos.create': {
    input: z
      .object({ kind: memoKind, targetType: memoTargetType, targetId: z.string().max(100).default(''), title: z.string().max(TEXT_LIMITS.memoTitle).default(''), body: z.string().max(TEXT_LIMITS.memoBody), initials })
      .strict()
      .refine((x) => (x.targetType === 'project') === (x.targetId === ''), { message: 'a memo on the project has no targetId; any other memo needs one', path: ['targetId'] }),
    output: codebookChange.extend({ memo: memoRecord }),
  },
  'memos.update': {
    input: z.object({ id, kind: memoKind.optional(), title: z.string().max(TEXT_LIMITS.memoTitle).optional(), body: z.string().max(TEXT_LIMITS.memoBody).optional() }).strict(),
    output: codebookChange.extend({ memo: memoRecord }),
  },
  'memos.delete': { input: z.object({ id }).strict(), output: codebookChange },
  'memos.search': { input: z.object({ query: z.string().trim().min(1).max(500) }).strict(), output: z.object({ memos: z.array(memoRecord) }) },
  /**
   * Codes by an attribute of the respondents themselves (codeIds default to the top-level codes): a
   * passage counts under its speaker's value; a group's whole-session passage once under each value
   * its respondents have, also counted in `wholeSession`. Never a column of group mixes.
   */
  'analysis.matrix': {
    input: z.object({ attribute: attributeName, codeIds: z.array(id).max(1000).optional(), includeChildren: z.boolean().default(true), filter: interviewFilter.optional() }).strict(),
    output: z.object({
      attribute: z.string(),
      values: z.array(z.string().nullable()),
      /** Display labels of the values (organisation type "government" is "Government"). */
      labels: z.record(z.string(), z.string()),
      /** Respondents with each value: the column base. */
      respondentsPerValue: z.array(z.number().int()),
      interviewsPerValue: z.array(z.number().int()),
      rows: z.array(
        z.object({
          codeId: z.string(),
          interviews: z.number().int(),
          codings: z.number().int(),
          cells: z.array(
            z.object({
              value: z.string().nullable(),
              codings: z.number().int(),
              wholeSession: z.number().int(),
              respondents: z.number().int(),
              interviews: z.number().int(),
              codingIds: z.array(z.string()),
              interviewIds: z.array(z.string()),
            }),
          ),
        }),
      ),
    }),
  },
  /** Every value each respondent attribute takes (per respondent, no group mixes), with labels, for filters. */
  'analysis.attributeValues': {
    input: empty,
    output: z.object({ values: z.record(attributeName, z.array(z.object({ value: z.string().nullable(), label: z.string() }))) }),
  },
  /** Who a coded passage belongs to (its speaker, the only respondent, or the whole group session) and who of them refused quoting. */
  'codings.attribution': {
    input: z.object({ id }).strict(),
    output: z.object({ respondentCodes: z.array(z.string()), wholeSession: z.boolean(), refusedQuoting: z.array(z.string()) }),
  },
  /** The segments of the codings given (a matrix cell's drill-down lists exactly what the cell counts). */
  'codings.byIds': { input: z.object({ codingIds: z.array(id).max(100_000) }).strict(), output: z.object({ segments: z.array(segment) }) },
  /** Pairs of codes coding overlapping text or answers to the same question. */
  'analysis.cooccurrence': {
    input: z.object({ codeIds: z.array(id).max(1000).optional() }).strict(),
    output: z.object({ pairs: z.array(z.object({ codeA: z.string(), codeB: z.string(), count: z.number().int(), interviews: z.number().int(), pairs: z.array(z.tuple([z.string(), z.string()])) })) }),
  },
  /** New codes per interview in the order they were held: a flattening curve suggests saturation. */
  'analysis.saturation': {
    input: empty,
    output: z.object({
      points: z.array(
        z.object({ interviewId: z.string(), heldOn: z.string(), respondentCodes: z.array(z.string()), newCodeIds: z.array(z.string()), newCodes: z.number().int(), cumulative: z.number().int() }),
      ),
    }),
  },
  /** Full-text search of notes (trigram index: substrings match, Khmer too). */
  'search.notes': {
    input: z.object({ query: z.string().trim().min(1).max(500), limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).max(10_000_000).default(0) }).strict(),
    output: z.object({ method: z.enum(['fts', 'like']), total: z.number().int(), hits: z.array(searchHit) }),
  },
  /** Codes every place a search finds (the words, or their sentences), in every matching note or the ones given: one step, one undo. */
  'search.codeHits': {
    input: z
      .object({
        query: z.string().trim().min(1).max(500),
        noteIds: z.array(id).max(100_000).optional(),
        codeId: id.optional(),
        newCode: z.object({ name: codeName, parentId: id.nullable().optional() }).strict().optional(),
        scope: z.enum(['words', 'sentence']).default('sentence'),
        initials,
      })
      .strict()
      .refine((x) => (x.codeId === undefined) !== (x.newCode === undefined), { message: 'give exactly one of codeId or newCode' }),
    output: codebookChange.extend({ applied: z.number().int(), code: codeRecord }),
  },
  /** Segments marked as quotes by theme; respondents without quote consent never appear (only their count). */
  'quotes.list': {
    input: quoteQuery,
    output: z.object({
      themes: z.array(z.object({ codeId: z.string(), name: z.string(), quotes: z.array(quoteEntry) })),
      /** By full code path or by question (groupBy), with the filter applied. */
      groups: z.array(z.object({ key: z.string(), path: z.array(z.string()), quotes: z.array(quoteEntry) })),
      excluded: z.number().int(),
    }),
  },
  /** Quotes containing a flagged name or place, for the evaluator to confirm or edit. */
  'quotes.flagged': { input: quoteQuery, output: z.object({ quotes: z.array(quoteEntry) }) },
  'quotes.exportDocx': { input: quoteExportInput, output: downloadFile },
  'quotes.exportMarkdown': { input: quoteExportInput, output: downloadFile },
  /** The codebook: codes, definitions, inclusion and exclusion criteria, examples, counts and memos. */
  'codebook.exportDocx': { input: empty, output: downloadFile },
  'codebook.exportMarkdown': { input: empty, output: downloadFile },
  // ---------------------------------------------------------------- team work and other tools
  /** The project as REFI-QDA 1.5 (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder. */
  'exchange.exportQdpx': { input: empty, output: z.object({ fileName: z.string(), dataBase64: z.string(), summary: z.string() }) },
  /** The codebook alone as REFI-QDA (.qdc). */
  'exchange.exportQdc': { input: empty, output: z.object({ fileName: z.string(), dataBase64: z.string(), summary: z.string() }) },
  /** What importing a .qdc would add and change (codes matched by GUID, then by name); nothing is written. */
  'exchange.previewQdc': { input: z.object({ fileName: z.string().min(1).max(500), dataBase64: base64File }).strict(), output: codebookPreview },
  'exchange.importQdc': { input: z.object({ fileName: z.string().min(1).max(500), dataBase64: base64File, initials }).strict(), output: codebookPreview },
  /** Another tool's project: its text sources become imported documents with their codes, segments, memos and cases. */
  'exchange.importQdpx': { input: z.object({ fileName: z.string().min(1).max(500), dataBase64: base64File, initials }).strict(), output: qdpxImportSummary },
  /** The JSON export (docs/json-schema.md) as one .zip of the export folder. */
  'exchange.exportJson': { input: empty, output: z.object({ fileName: z.string(), dataBase64: z.string(), interviews: z.number().int() }) },
  'exchange.importJson': { input: z.object({ fileName: z.string().min(1).max(500), dataBase64: base64File }).strict(), output: jsonImportSummary },
  /** What merging another project would add, update and put in conflict; nothing is written. */
  'merge.preview': { input: z.object({ path, passphrase }).strict(), output: mergeReport },
  /** Merges another project in one transaction, after an automatic backup. ID clashes need respondentClashes. */
  'merge.apply': {
    input: z.object({ path, passphrase, respondentClashes: z.enum(['renumber-incoming']).optional() }).strict(),
    output: mergeReport.extend({ backup: z.string() }),
  },
  'merge.conflicts': { input: z.object({ all: z.boolean().optional() }).strict(), output: z.object({ conflicts: z.array(mergeConflict) }) },
  'merge.resolve': { input: z.object({ id, choice: z.enum(['keep-local', 'take-incoming']) }).strict(), output: z.object({ placed: z.number().int(), unplaced: z.number().int() }) },
  // ---------------------------------------------------------------- double coding
  /** The coders of this project and the one this file belongs to (null: codings take the typed initials' coder). */
  'coders.list': { input: empty, output: coderList },
  'coders.create': { input: z.object({ initials, name: z.string().trim().max(200).optional() }).strict(), output: coder },
  /** Which coder this file belongs to: every coding made in it records that coder. */
  'coders.setCopyCoder': { input: z.object({ coderId: id.nullable() }).strict(), output: coderList },
  /** A .fieldnote copy for a second coder: chosen interviews, own passphrase, blind or not. */
  'secondCoder.prepare': {
    input: z.object({ path, passphrase, passphraseConfirm: passphrase, coderId: id, interviews: interviewChoice, blind: z.boolean() }).strict(),
    output: secondCoderCopy,
  },
  /** Agreement per code and overall, before and after adjudication, with the disagreements to settle. */
  'agreement.compute': { input: agreementQuery, output: agreementOutput },
  'agreement.exportXlsx': { input: agreementQuery, output: downloadFile },
  'agreement.exportMarkdown': { input: agreementQuery, output: downloadFile },
  /** Writes each code's figures into the codebook (shown with its definition, exported with it). */
  'agreement.recordInCodebook': { input: agreementQuery, output: recordedAgreement },
  'agreement.adjudicate': { input: adjudicateInput, output: adjudicationRecord },
  'agreement.undoDecision': { input: z.object({ id }).strict(), output: z.object({ record: adjudicationRecord, restored: z.number().int(), notRestored: z.number().int() }) },
  'agreement.decisions': { input: empty, output: z.object({ decisions: z.array(adjudicationRecord) }) },
  'backups.list': {
    input: empty,
    output: z.object({ folder: z.string(), settings: backupSettings, backups: z.array(backupEntry), lastError: z.string().nullable() }),
  },
  'backups.make': { input: empty, output: backupEntry },
  'backups.setSettings': { input: backupSettings, output: backupSettings },
  /** Replaces the open project with a backup, after keeping the current state as a backup too. */
  'backups.restore': {
    input: z.object({ fileName: z.string().min(1).max(500), passphrase }).strict(),
    output: z.object({ info: projectInfo, restoredFrom: z.string(), savedCurrentAs: z.string().nullable() }),
  },
  /** A project that no longer opens (damaged_project): the newest backup that opens takes its place; the damaged file is renamed aside. */
  'backups.restoreDamaged': {
    input: z.object({ path: path.optional(), passphrase }).strict(),
    output: z.object({ info: projectInfo, restoredFrom: z.string(), damagedKeptAs: z.string().nullable() }),
  },
  ...evaluationApi,
} as const satisfies Record<string, MethodSpec>;

export type Api = typeof api;
export type ApiMethod = keyof Api;
export type ApiInput<M extends ApiMethod> = z.input<Api[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<Api[M]['output']>;

export const apiMethods = Object.keys(api) as ApiMethod[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(api, name);
}
