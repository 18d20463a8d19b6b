/**
 * Neutral model of a REFI-QDA 1.5 project (section 4.3, figure 2) and codebook (section 4.4,
 * figure 3), limited to what Fieldnote exchanges: users, the code tree, variables, cases, plain-text
 * sources with text selections and codings, notes (memos), sets.
 *
 * Conventions:
 * - GUIDs are canonical lower-case 8-4-4-4-12 without braces (see guid.ts). Import accepts either
 *   case and the braced form of the schema's GUIDType.
 * - Text positions are Unicode code points from 0, end exclusive (section 10.2); use
 *   codePointToUtf16 / utf16ToCodePoint or CodePointIndex to slice JavaScript strings.
 * - Date-times are xsd:dateTime strings as found (e.g. "2024-03-01T09:30:00Z").
 * - `noteRefs` hold GUIDs of notes in `QdaProject.notes`.
 */

export type QdaVariableType = 'Text' | 'Boolean' | 'Integer' | 'Float' | 'Date' | 'DateTime';

export interface QdaUser {
  guid: string;
  name: string;
}

/** A code (section 3.2). isCodable false marks folders (section 11). */
export interface QdaCode {
  guid: string;
  name: string;
  /** '#RRGGBB' (upper case on export; '#RGB' is expanded on import). */
  color?: string;
  description?: string;
  isCodable: boolean;
  noteRefs: string[];
  children: QdaCode[];
}

/** A variable declared on the project (section 13). */
export interface QdaVariable {
  guid: string;
  name: string;
  type: QdaVariableType;
  description?: string;
}

/**
 * A variable's value on a case. Text: string; Boolean: boolean; Integer and Float: number;
 * Date: 'YYYY-MM-DD'; DateTime: xsd:dateTime string; null: no value given.
 */
export interface QdaVariableValue {
  /** Name of a variable in QdaProject.variables (matched by name on export). */
  name: string;
  type: QdaVariableType;
  value: string | number | boolean | null;
}

export interface QdaCase {
  guid: string;
  name: string;
  description?: string;
  variables: QdaVariableValue[];
  sourceGuids: string[];
  /** Optional CodeRef / SelectionRef members of the case (section 13). */
  codeGuids?: string[];
  selectionGuids?: string[];
}

export interface QdaCoding {
  guid: string;
  codeGuid: string;
  creatingUser?: string;
  creationDateTime?: string;
  noteRefs?: string[];
}

/** A PlainTextSelection (section 10.2): [start, end) in code points of the source's plainText. */
export interface QdaSelection {
  guid: string;
  name?: string;
  description?: string;
  start: number;
  end: number;
  creatingUser?: string;
  creationDateTime?: string;
  codings: QdaCoding[];
  noteRefs: string[];
}

/** A plain-text source (section 9.1.2). */
export interface QdaTextSource {
  guid: string;
  name: string;
  description?: string;
  /** The document text. After import: LF line endings, no BOM. */
  plainText: string;
  /**
   * richTextPath as found on import (e.g. 'internal://….docx'). The rich text itself is not carried,
   * so export writes it only for external ('absolute://', 'relative://') paths.
   */
  richTextPath?: string;
  creatingUser?: string;
  creationDateTime?: string;
  selections: QdaSelection[];
  noteRefs: string[];
}

/** A note / memo (section 3.9): a TextSource under <Notes>. */
export interface QdaNote {
  guid: string;
  name: string;
  /** Memo text. After import: LF line endings, no BOM. */
  text: string;
  description?: string;
  creatingUser?: string;
  creationDateTime?: string;
  noteRefs?: string[];
}

/** A set (section 12) of codes, sources and notes. */
export interface QdaSet {
  guid: string;
  name: string;
  description?: string;
  memberCodes: string[];
  memberSources: string[];
  memberNotes: string[];
}

export interface QdaProject {
  name: string;
  origin?: string;
  /** creatingUserGUID of the project. */
  creatingUser?: string;
  creationDateTime?: string;
  description?: string;
  users: QdaUser[];
  codes: QdaCode[];
  variables: QdaVariable[];
  cases: QdaCase[];
  sources: QdaTextSource[];
  notes: QdaNote[];
  sets: QdaSet[];
  /** Notes that apply to the project as a whole. */
  noteRefs: string[];
}

/** A .qdc codebook (section 5.2). Codebook codes carry no noteRefs (the schema has none). */
export interface QdaCodebook {
  origin?: string;
  codes: QdaCode[];
  /** Sets of codes only (memberSources / memberNotes are not part of Codebook.xsd). */
  sets: QdaSet[];
}

/** Where an import problem is. */
export interface QdaLocation {
  /** File inside the .qdpx (e.g. 'project.qde', 'sources/….txt'), or the .qdc / '(zip)'. */
  file?: string;
  /** Element path such as /Project/Sources/TextSource[2]/PlainTextSelection[1]. */
  path?: string;
  line?: number;
  column?: number;
  attribute?: string;
}

/** Import failed: `where` says where, `problem` what, `hint` what to do. */
export class QdaImportError extends Error {
  constructor(
    readonly problem: string,
    readonly where: QdaLocation,
    readonly hint: string,
  ) {
    super(formatProblem(problem, where, hint));
    this.name = 'QdaImportError';
  }
}

/** Export refused because the model would not give a valid, self-consistent file. */
export class QdaExportError extends Error {
  constructor(
    readonly problem: string,
    /** Model path such as sources[0].selections[3].end. */
    readonly path: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'QdaExportError';
  }
}

/** A non-fatal import observation, e.g. data the model cannot carry (section 7, data loss). */
export interface QdaImportWarning {
  message: string;
  where: QdaLocation;
}

export function formatLocation(where: QdaLocation): string {
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(where.file);
  if (where.line !== undefined) parts.push(`line ${where.line}${where.column !== undefined ? `:${where.column}` : ''}`);
  if (where.path !== undefined) parts.push(where.path);
  if (where.attribute !== undefined) parts.push(`attribute ${where.attribute}`);
  return parts.join(', ');
}

function formatProblem(problem: string, where: QdaLocation, hint: string): string {
  const loc = formatLocation(where);
  return `${loc === '' ? '' : `${loc}: `}${problem}${hint === '' ? '' : ` — ${hint}`}`;
}
