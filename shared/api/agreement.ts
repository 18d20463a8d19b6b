/**
 * The double-coding slice of the API: coders, the copy for a second coder, agreement figures
 * and adjudication of the disagreements.
 */
import { z } from 'zod';
import { ADJUDICATION_DECISIONS, AGREEMENT_UNITS } from '../coding/agreement';
import { downloadFile, empty, id, initials, passphrase, path, type MethodSpec } from './common';

export const coder = z.object({ id: z.string(), initials: z.string(), name: z.string(), codings: z.number().int() });
export type CoderRecord = z.infer<typeof coder>;
export const coderList = z.object({ coders: z.array(coder), copyCoderId: z.string().nullable() });

export const interviewChoice = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('all') }).strict(),
  z.object({ mode: z.literal('sample'), size: z.number().int().min(1).max(100_000), seed: z.number().int().min(0).max(4_294_967_295) }).strict(),
  z.object({ mode: z.literal('picked'), ids: z.array(id).min(1).max(100_000) }).strict(),
]);
export type InterviewChoiceInput = z.infer<typeof interviewChoice>;

export const secondCoderCopy = z.object({
  fileName: z.string(),
  path: z.string(),
  coder: z.object({ id: z.string(), initials: z.string() }),
  blind: z.boolean(),
  interviewIds: z.array(z.string()),
  hiddenCodings: z.number().int(),
});

export const agreementUnit = z.enum(AGREEMENT_UNITS as ['answer', 'sentence']);
export const adjudicationDecision = z.enum(ADJUDICATION_DECISIONS as ['accept-a', 'accept-b', 'keep-both', 'neither']);

export const agreementQuery = z
  .object({
    /** Two coders by id or initials; default: the two with the most codings. */
    coders: z.tuple([z.string().trim().min(1).max(100), z.string().trim().min(1).max(100)]).optional(),
    unit: agreementUnit.default('answer'),
    /** Interviews to compute on; default: those given to a second coder, else those both coded in. */
    interviewIds: z.array(id).max(100_000).optional(),
  })
  .strict();
export type AgreementQuery = z.input<typeof agreementQuery>;

const figuresShape = {
  both: z.number().int(),
  onlyA: z.number().int(),
  onlyB: z.number().int(),
  neither: z.number().int(),
  units: z.number().int(),
  percent: z.number().nullable(),
  kappa: z.number().nullable(),
  alpha: z.number().nullable(),
};
export const agreementFigures = z.object(figuresShape);
export type AgreementFiguresOutput = z.infer<typeof agreementFigures>;

export const codeAgreement = z.object({ ...figuresShape, codeId: z.string(), codeName: z.string(), codePath: z.array(z.string()), after: agreementFigures });
export type CodeAgreementOutput = z.infer<typeof codeAgreement>;

export const disagreement = z.object({
  /** Stable within one unit kind: note, unit start, code. */
  key: z.string(),
  noteId: z.string(),
  interviewId: z.string(),
  interviewLabel: z.string(),
  question: z.string(),
  unitStart: z.number().int(),
  unitEnd: z.number().int(),
  unitText: z.string(),
  codeId: z.string(),
  codeName: z.string(),
  a: z.array(z.object({ codingId: z.string(), text: z.string() })),
  b: z.array(z.object({ codingId: z.string(), text: z.string() })),
  decision: adjudicationDecision.nullable(),
  adjudicationId: z.string().nullable(),
});
export type DisagreementOutput = z.infer<typeof disagreement>;

const coderRef = z.object({ id: z.string(), initials: z.string() });

export const agreementOutput = z.object({
  unit: agreementUnit,
  unitDescription: z.string(),
  coderA: coderRef,
  coderB: coderRef,
  interviews: z.array(z.object({ id: z.string(), label: z.string() })),
  unitCount: z.number().int(),
  /** Weakest first. */
  codes: z.array(codeAgreement),
  overall: agreementFigures,
  overallAfter: agreementFigures,
  decisions: z.number().int(),
  disagreements: z.array(disagreement),
});
export type AgreementOutput = z.infer<typeof agreementOutput>;

export const adjudicationRecord = z.object({
  id: z.string(),
  unit: agreementUnit,
  noteId: z.string(),
  unitStart: z.number().int(),
  unitEnd: z.number().int(),
  codeId: z.string(),
  coderA: z.string(),
  coderB: z.string(),
  decision: adjudicationDecision,
  comment: z.string(),
  removedCodings: z.number().int(),
  initials: z.string(),
  decidedAt: z.string(),
  undoneAt: z.string().nullable(),
});

export const adjudicateInput = z
  .object({
    unit: agreementUnit,
    noteId: id,
    unitStart: z.number().int().min(0),
    unitEnd: z.number().int().min(1),
    codeId: id,
    coderA: id,
    coderB: id,
    decision: adjudicationDecision,
    /** Anchored to the unit's text as a review comment on the note. */
    comment: z.string().max(10_000).default(''),
    initials,
  })
  .strict();

export const recordedAgreement = z.object({
  computedAt: z.string(),
  unit: agreementUnit,
  coderA: z.string(),
  coderB: z.string(),
  interviews: z.number().int(),
  codes: z.record(z.string(), z.object({ kappa: z.number().nullable(), alpha: z.number().nullable(), percent: z.number().nullable(), units: z.number().int() })),
});

export const agreementApi = {
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
} as const satisfies Record<string, MethodSpec>;
