/**
 * The coding workbench's slice of the API: codes, codings, relations, memos, analysis, search,
 * quotes and the codebook. Its schemas are in coding-schema.ts: together with these methods
 * they would pass 400 lines.
 */
import { z } from 'zod';
import { TEXT_LIMITS } from './limits';
import { downloadFile, empty, id, initials, type MethodSpec } from './common';
import { recordedAgreement } from './agreement';
import { storedBlocks } from './notes';
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

const networkPoint = z.object({ x: z.number().finite().min(-1e6).max(1e6), y: z.number().finite().min(-1e6).max(1e6) }).strict();

export const codingApi = {
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
      notes: z.array(z.object({ id: z.string(), question: z.string(), editorState: z.string(), plainText: z.string(), blocks: storedBlocks.nullable() })),
      codings: z.array(codingRecord),
      codes: z.array(codeRecord),
    }),
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
    input: z.object({ targetType: memoTargetType.optional(), targetId: z.string().max(100).default(''), kind: memoKind.optional() }).strict(),
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
        newCode: z.object({ name: codeName, parentId: id.nullable().default(null) }).strict().optional(),
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
} as const satisfies Record<string, MethodSpec>;
