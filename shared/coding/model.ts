// Records of the grounded-theory coding domain. They mirror the `code`, `coding`, `memo` and
// `relation` tables (docs/architecture.md); every id is chosen by the caller (UUIDv7 in the
// store) because shared/ has no random source and merged projects need stable ids.

export type CodeKind = 'theme' | 'code';

export interface Code {
  id: string;
  parentId: string | null;
  name: string;
  /** '#RRGGBB', the highlight colour in the editor. */
  color: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  /** The core category of the emerging theory; at most one code has it. */
  isCore: boolean;
  /** 'theme' or 'code' at any depth: the tree does not tie kind to level. */
  kind: CodeKind;
  /** Initials of the evaluator who created it. */
  createdBy: string;
  /** The name is the respondent's own words. */
  inVivo: boolean;
}

/**
 * One code applied to one range of one note. Overlapping and nested codings are separate rows;
 * the editor's marks hold only these ids (see lexical-marks.ts).
 */
export interface Coding {
  id: string;
  codeId: string;
  interviewId: string;
  noteId: string;
  /** The question the note answers, or null for a free note on the interview. */
  questionName: string | null;
  /** UTF-16 offset into the note's plain text (`$getRoot().getTextContent()`), inclusive. */
  start: number;
  /** UTF-16 offset, exclusive. */
  end: number;
  /** The coded text, kept equal to plainText.slice(start, end) by applyEdit. */
  text: string;
}

export type MemoTarget =
  | { kind: 'code'; codeId: string }
  | { kind: 'coding'; codingId: string }
  | { kind: 'interview'; interviewId: string }
  | { kind: 'project' };

export interface Memo {
  id: string;
  target: MemoTarget;
  title: string;
  body: string;
  createdBy: string;
}

export const RELATION_TYPES = ['condition', 'context', 'strategy', 'consequence', 'cause', 'part-of', 'custom'] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

/** An axial-coding link: "fromCode is a <type> of toCode", with the evaluator's label. */
export interface Relation {
  id: string;
  fromCodeId: string;
  toCodeId: string;
  type: RelationType;
  label: string;
}

/** Everything the code-tree operations may touch, so that merge and delete stay consistent. */
export interface Codebook {
  codes: readonly Code[];
  codings: readonly Coding[];
  memos: readonly Memo[];
  relations: readonly Relation[];
}

export type CodingErrorCode =
  | 'unknown-code'
  | 'unknown-coding'
  | 'duplicate-id'
  | 'empty-name'
  | 'duplicate-name'
  | 'invalid-color'
  | 'cycle'
  | 'merge-into-self'
  | 'has-children'
  | 'coding-not-in-code'
  | 'invalid-range'
  | 'invalid-edit'
  | 'invalid-relation'
  | 'unknown-placeholder';

/** What a user can hit while coding (a duplicate name, a move that would make a cycle...). */
export class CodingError extends Error {
  override readonly name = 'CodingError';
  constructor(readonly code: CodingErrorCode, message: string) {
    super(message);
  }
}
