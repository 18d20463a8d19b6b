/**
 * What the XLSForm reader and writer share: the sheet-rows shape, cell text, the column
 * names Fieldnote knows and pyxform's header conventions (https://xlsform.org/en/,
 * pyxform/aliases.py, pyxform/parsing/sheet_headers.py).
 */
import type { Language } from './model';

/** A cell value as a spreadsheet library hands it over (dates already turned into text). */
export type Cell = string | number | boolean | null | undefined;
export interface SheetRows {
  readonly name: string;
  /** rows[0] is the header row (spreadsheet row 1); a missing row is an empty row. */
  readonly rows: readonly (readonly Cell[] | undefined)[];
}
export interface WorkbookRows {
  readonly sheets: readonly SheetRows[];
}

export const TRANSLATABLE_SURVEY = ['label', 'hint', 'constraint_message'] as const;
export type TranslatableSurveyColumn = (typeof TRANSLATABLE_SURVEY)[number];
export const PLAIN_SURVEY = ['type', 'name', 'relevant', 'required', 'constraint', 'appearance', 'priority', 'fieldnote_attribute'] as const;
export type PlainSurveyColumn = (typeof PLAIN_SURVEY)[number];
export const KNOWN_SETTINGS = new Set(['form_title', 'form_id', 'version', 'default_language']);

/** pyxform's header aliases (pyxform/aliases.py survey_header) that we accept on import. */
export const SURVEY_ALIASES: Readonly<Record<string, PlainSurveyColumn | TranslatableSurveyColumn>> = {
  relevance: 'relevant',
  'jr:constraintMsg': 'constraint_message',
  constraining_message: 'constraint_message',
};
export const CHOICE_ALIASES: Readonly<Record<string, 'list_name' | 'name'>> = { 'list name': 'list_name', value: 'name' };

// pyxform reads `label::English (en)`: name, then an optional IANA-style code in brackets.
const LANGUAGE_SUFFIX = /^(.*?)\s*\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\)$/;

// An XML name as pyxform requires for `name` and `list_name` (letters, digits, _ - .).
export const XML_NAME = /^[\p{L}_][\p{L}\p{N}\p{M}_.-]*$/u;

const YES = new Set(['yes', 'true', 'true()']);
const NO = new Set(['no', 'false', 'false()']);

export function isYes(text: string): boolean {
  return YES.has(text.trim().toLowerCase());
}
export function isNo(text: string): boolean {
  return NO.has(text.trim().toLowerCase());
}

export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  return String(cell);
}

export function isEmptyRow(cells: readonly Cell[] | undefined): cells is undefined {
  return cells === undefined || cells.every((cell) => cellText(cell) === '');
}

/** `English (en)` → { name: 'English', code: 'en' }; a suffix without a code is all name. */
export function parseLanguage(suffix: string): Language {
  const match = LANGUAGE_SUFFIX.exec(suffix.trim());
  if (match) return { name: match[1]!.trim(), code: match[2]! };
  return { name: suffix.trim(), code: '' };
}

/** `label::Khmer (km)` → ['label', 'Khmer (km)']; `label` → ['label', undefined]. */
export function splitHeader(header: string): [string, string | undefined] {
  const at = header.indexOf('::');
  if (at === -1) return [header.trim(), undefined];
  return [header.slice(0, at).trim(), header.slice(at + 2).trim()];
}

export function abbreviate(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}
