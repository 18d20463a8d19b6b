/**
 * Schemas of the coding workbench's slice of the API (codes, codings, memos, relations,
 * analysis, search, quotes); its methods are in coding.ts. Kept apart from coding.ts because
 * the two together would pass 400 lines.
 */
import { z } from 'zod';
import { RELATION_TYPES } from '../coding/model';
import { TEXT_LIMITS } from './limits';
import { id, initials } from './common';

const longText = z.string().max(100_000);
/** A UTF-16 offset into a note's plain text. */
const offset = z.number().int().min(0).max(100_000_000);

export const codeKind = z.enum(['theme', 'code']);
export const codeColor = z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'a colour is written #RRGGBB');
export const codeName = z.string().trim().min(1).max(TEXT_LIMITS.codeName);

export const codeNode = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  color: z.string(),
  definition: z.string(),
  inclusion: z.string(),
  exclusion: z.string(),
  example: z.string(),
  isCore: z.boolean(),
  kind: codeKind,
  inVivo: z.boolean(),
  createdBy: z.string(),
  position: z.number().int().optional(),
  depth: z.number().int(),
  /** Names from the top of the tree down to this code. */
  path: z.array(z.string()),
  codings: z.number().int(),
  interviews: z.number().int(),
  codingsWithDescendants: z.number().int(),
  interviewsWithDescendants: z.number().int(),
  memos: z.number().int(),
});
export type CodeNode = z.infer<typeof codeNode>;

export const codeRecord = codeNode.pick({ id: true, parentId: true, name: true, color: true, definition: true, inclusion: true, exclusion: true, example: true, isCore: true, kind: true, inVivo: true, createdBy: true });

export const codingRecord = z.object({
  id: z.string(),
  codeId: z.string(),
  interviewId: z.string(),
  noteId: z.string(),
  questionName: z.string().nullable(),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  isQuote: z.boolean().optional(),
  createdBy: z.string().optional(),
  /** The coder who made it (coders.list); absent where a coding is reported without it. */
  coderId: z.string().nullable().optional(),
});

export const undoState = z.object({ canUndo: z.boolean(), canRedo: z.boolean(), undoLabel: z.string().nullable(), redoLabel: z.string().nullable() });
export type UndoState = z.infer<typeof undoState>;

/** What every codebook change returns: what the UI must reload, and the undo menu. */
export const codebookChange = z.object({
  label: z.string(),
  /** Notes whose marks changed: reload them in an open editor. */
  touchedNoteIds: z.array(z.string()),
  /** Codings that no longer exist. */
  removedCodingIds: z.array(z.string()),
  undo: undoState,
});

export const attributeName = z.enum(['agencyGroup', 'organisationType', 'focusOfWork', 'location', 'language', 'date', 'status']);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD');
/** Respondent attributes to keep: an interview passes when one of its respondents has one of the values (null: not recorded). */
export const interviewFilter = z
  .object({
    where: z.partialRecord(attributeName, z.array(z.string().max(200).nullable()).max(200)).optional(),
    dateFrom: isoDay.optional(),
    dateTo: isoDay.optional(),
  })
  .strict();

export const retrievalQuery = z.object({ codeId: id, includeChildren: z.boolean().default(false), filter: interviewFilter.optional() }).strict();

export const segment = z.object({
  codingId: z.string(),
  codeId: z.string(),
  codeName: z.string(),
  codePath: z.array(z.string()),
  interviewId: z.string(),
  noteId: z.string(),
  question: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  isQuote: z.boolean(),
  /** The surrounding sentence(s) and where the coded text sits inside them. */
  context: z.object({ start: z.number().int(), end: z.number().int(), text: z.string() }),
  highlight: z.object({ start: z.number().int(), end: z.number().int() }),
  /** The speaker's ID, or every respondent's for a whole-session passage of a group. */
  respondentCodes: z.array(z.string()),
  /** A passage of a group session with no speaker: it belongs to the whole session. */
  wholeSession: z.boolean(),
  heldAt: z.string(),
  /** The speaker's own attributes; for a whole-session passage, the session's values joined with " + ". */
  attributes: z.record(z.string(), z.string().nullable()),
});

export const relationType = z.enum(RELATION_TYPES);
export const relationRecord = z.object({ id: z.string(), fromCodeId: z.string(), toCodeId: z.string(), type: relationType, label: z.string() });

export const memoKind = z.enum(['code-memo', 'theoretical', 'method']);
export const memoTargetType = z.enum(['project', 'code', 'coding', 'interview']);
/** createdAt: when the memo was written (ISO), '' in the answer to memos.create/update (list them for it). */
export const memoRecord = z.object({
  id: z.string(),
  kind: memoKind,
  targetType: memoTargetType,
  targetId: z.string(),
  title: z.string(),
  body: z.string(),
  initials: z.string(),
  createdAt: z.string(),
  /** What the memo is attached to, in words ("code Trust › Police", "interview ID 35", "segment of ID 35"), in memos.list. */
  targetLabel: z.string().optional(),
  /** Where a memo on an interview or a segment leads: the interview, and for a segment its place in the note. */
  place: z.object({ interviewId: z.string(), noteId: z.string(), start: z.number().int(), end: z.number().int() }).optional(),
});
export type MemoRecord = z.infer<typeof memoRecord>;

export const codingApplyInput = z
  .object({
    noteId: id,
    start: offset,
    end: offset,
    /** The selected text, checked against the note so a stale selection is refused. */
    text: longText.min(1),
    /** Exactly one of: an existing code, a new code, or an in-vivo code named from the selected words. */
    codeId: id.optional(),
    newCode: z.object({ name: codeName, parentId: id.nullable().optional(), color: codeColor.optional() }).strict().optional(),
    inVivo: z.object({ parentId: id.nullable().optional() }).strict().optional(),
    isQuote: z.boolean().optional(),
    initials,
  })
  .strict()
  .refine((x) => [x.codeId, x.newCode, x.inVivo].filter((v) => v !== undefined).length === 1, { message: 'give exactly one of codeId, newCode or inVivo' });

export const searchHit = z.object({
  noteId: z.string(),
  interviewId: z.string(),
  respondentCodes: z.array(z.string()),
  heldAt: z.string(),
  question: z.string(),
  questionLabel: z.string(),
  snippet: z.string(),
  snippetStart: z.number().int(),
  snippetMatches: z.array(z.object({ start: z.number().int(), end: z.number().int() })),
  matches: z.array(z.object({ start: z.number().int(), end: z.number().int() })),
});

export const quoteEntry = z.object({
  codingId: z.string(),
  codeId: z.string(),
  themeId: z.string(),
  interviewId: z.string(),
  noteId: z.string(),
  question: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  respondentCodes: z.array(z.string()),
  attribution: z.string(),
  flagged: z.array(z.object({ start: z.number().int(), end: z.number().int(), term: z.string() })),
  /** Theme › sub-theme › code. */
  codePath: z.array(z.string()),
  questionLabel: z.string(),
  wholeSession: z.boolean(),
});

/** Quotes to keep: codes (with sub-codes), questions ('' for general notes), speakers' attributes. */
export const quoteFilter = z
  .object({
    codeIds: z.array(id).max(1000).optional(),
    questions: z.array(z.string().max(500)).max(1000).optional(),
    where: interviewFilter.shape.where,
  })
  .strict();
export const quoteGrouping = z.enum(['code', 'question']).default('code');

/** "({id}, {organisationType})" gives "(33, Government)"; other placeholders: agencyGroup, focusOfWork, location, language, date. */
export const attributionTemplate = z.string().min(1).max(200).default('({id}, {organisationType})');
export const quoteQuery = z.object({ template: attributionTemplate, groupBy: quoteGrouping, filter: quoteFilter.optional() }).strict();
export const quoteExportInput = z
  .object({
    template: attributionTemplate,
    /** Flagged names and places are replaced by "[…]" in the file unless this is false. */
    redactFlagged: z.boolean().default(true),
    groupBy: quoteGrouping,
    filter: quoteFilter.optional(),
  })
  .strict();

