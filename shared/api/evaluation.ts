/**
 * The evaluation matrix's slice of the API: evaluation questions and their links, the evidence
 * for one question, the report, and the rapid qualitative analysis grid. contract.ts spreads
 * `evaluationApi` into the one contract. It imports shared/evaluation, which reads the
 * statistics dataset, which reads ProjectSettings from the interview slice: so no slice that
 * the dataset needs may import this one.
 */
import { z } from 'zod';
import type { Evidence } from '../evaluation/evidence';
import { LINK_KINDS } from '../evaluation/model';
import { base64File, downloadFile, id, initials, type MethodSpec } from './common';

export const evaluationLink = z.object({ kind: z.enum(LINK_KINDS), target: z.string().min(1).max(500), value: z.string().max(500).default('') }).strict();

export const evaluationQuestionRecord = z.object({
  id: z.string(),
  ref: z.string(),
  parentId: z.string().nullable(),
  criterion: z.string(),
  text: z.string(),
  position: z.number().int(),
  links: z.array(z.object({ kind: z.enum(LINK_KINDS), target: z.string(), value: z.string(), label: z.string(), missing: z.boolean() })),
});
export type EvaluationQuestionRecord = z.infer<typeof evaluationQuestionRecord>;

export const linkTargets = z.object({
  formId: z.string().nullable(),
  questions: z.array(z.object({ name: z.string(), label: z.string(), type: z.string(), section: z.string().nullable(), choices: z.array(z.object({ code: z.string(), label: z.string() })) })),
  sections: z.array(z.object({ name: z.string(), label: z.string(), questions: z.array(z.string()) })),
  codes: z.array(z.object({ id: z.string(), name: z.string(), path: z.array(z.string()) })),
});
export type LinkTargetsOutput = z.infer<typeof linkTargets>;

// Built by shared/evaluation from the statistics dataset and the codebook; the schema asserts its kind.
const evidenceSchema = z.custom<Evidence>((x) => typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'evidence');

export const rqaColumns = z.enum(['sections', 'questions']);
export const rqaRow = z.object({
  participantId: z.string(),
  interviewId: z.string(),
  respondentCode: z.string(),
  respondentNumber: z.number().int(),
  heldAt: z.string(),
  attributes: z.object({ organisationType: z.string().nullable(), agencyGroup: z.string().nullable(), focusOfWork: z.string().nullable(), location: z.string().nullable() }),
  notes: z.array(z.object({ id: z.string(), question: z.string(), label: z.string() })),
  cells: z.record(z.string(), z.object({ summary: z.string(), noteId: z.string().nullable(), initials: z.string(), updatedAt: z.string() })),
});
export type RqaRow = z.infer<typeof rqaRow>;

const questionInput = {
  ref: z.string().trim().min(1).max(40),
  parentId: id.nullable(),
  criterion: z.string().trim().min(1).max(200),
  text: z.string().trim().min(1).max(5000),
  links: z.array(evaluationLink).max(500),
};

export const evaluationApi = {
  /** The matrix: evaluation questions in order with their links named, and what links can point at. */
  'evaluation.matrix': { input: z.object({}).strict(), output: z.object({ questions: z.array(evaluationQuestionRecord), targets: linkTargets }) },
  'evaluation.create': { input: z.object(questionInput).strict(), output: evaluationQuestionRecord },
  'evaluation.update': { input: z.object({ id, ...questionInput }).strict(), output: evaluationQuestionRecord },
  /** Moves an evaluation question before or after its neighbour (main questions among themselves, sub-questions within theirs). */
  'evaluation.move': { input: z.object({ id, direction: z.enum(['up', 'down']) }).strict(), output: z.object({}) },
  /** Deletes an evaluation question with its sub-questions, links and rapid-analysis cells. */
  'evaluation.delete': { input: z.object({ id }).strict(), output: z.object({}) },
  /** A matrix workbook (sheet "Matrix", one row per evaluation question). Any problem stops the import; nothing is changed. */
  'evaluation.importXlsx': {
    input: z.object({ fileName: z.string().min(1).max(500), dataBase64: base64File }).strict(),
    output: z.object({ imported: z.number().int(), problems: z.array(z.string()) }),
  },
  'evaluation.exportXlsx': { input: z.object({}).strict(), output: downloadFile },
  /** Everything linked to one evaluation question, as tables, sentences, quotes and gaps. */
  'evaluation.evidence': { input: z.object({ id }).strict(), output: z.object({ evidence: evidenceSchema }) },
  /** The report: one section per evaluation question (or only the one given). */
  'evaluation.report': { input: z.object({ id: id.optional(), format: z.enum(['docx', 'md']) }).strict(), output: downloadFile },
  /** Rapid qualitative analysis: respondents × sections (or evaluation questions), the evaluator's summaries; each column with the schedule questions behind it. */
  'rqa.grid': {
    input: z.object({ columns: rqaColumns }).strict(),
    output: z.object({ columns: z.array(z.object({ key: z.string(), label: z.string(), questions: z.array(z.string()) })), rows: z.array(rqaRow) }),
  },
  /** One summary; an empty summary removes the cell. */
  'rqa.saveCell': {
    input: z.object({ participantId: id, domain: z.string().min(1).max(200), summary: z.string().max(20_000), noteId: id.nullable(), initials }).strict(),
    output: z.object({ updatedAt: z.string() }),
  },
  /** The grid as .xlsx, rows in the order given (the filtered, sorted view), or all. */
  'rqa.exportXlsx': { input: z.object({ columns: rqaColumns, participantIds: z.array(id).max(100_000).optional() }).strict(), output: downloadFile },
} as const satisfies Record<string, MethodSpec>;
