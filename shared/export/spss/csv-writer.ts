/**
 * CSV companion of the .sps syntax file.
 *
 * Choices (documented for the evaluator-facing help as well):
 * - UTF-8 without a BOM by default: the syntax declares /ENCODING='UTF8', and a BOM
 *   would end up glued to the first header name in tools that do not strip it. `bom: true`
 *   adds one so that Excel, which reads a BOM-less CSV in the ANSI code page, shows Khmer.
 * - Formula injection (OWASP "CSV injection"): a text cell starting with =, +, -, @, tab or
 *   CR is written with a leading apostrophe, so Excel and LibreOffice show it as text instead
 *   of running it. Numbers (the missing codes -7, -8, -10, -11) are never touched. The .sps and the R script
 *   take the apostrophe off again.
 * - LF line ends, not RFC 4180's CRLF: PSPP's GET DATA keeps the CR as data
 *   ("Record ends in data not part of any field" on every case, and a stray
 *   CR in a last string column); SPSS on every platform, R and Excel read LF.
 * - RFC 4180 quoting: a field is quoted when it contains a comma, a double
 *   quote, CR or LF (and, defensively, when it has leading/trailing blanks,
 *   which some readers would trim); inner quotes are doubled.
 * - System-missing is an empty cell; numbers are shortest round-trip text in
 *   plain notation with '.' as the decimal point; dates stay ISO YYYY-MM-DD.
 * - Line breaks inside string values are replaced by a space by default,
 *   because GET DATA /ARRANGEMENT=DELIMITED reads one case per line and would
 *   split a quoted multi-line field. The .sav keeps them verbatim.
 */
import { assertNever } from '../../util/assert-never';
import { numberToText } from './number-text';
import { encodeUtf8 } from '../../exchange/text/utf8';
import { prepareDataset, type PreparedDataset } from './prepare';
import type { SpssCell, SpssDataset } from './types';

export interface CsvOptions {
  /** 'space' (default) keeps the CSV readable by GET DATA; 'keep' writes them quoted, per RFC 4180. */
  lineBreaksInValues?: 'space' | 'keep';
  /** Start with a UTF-8 byte order mark (for Excel). */
  bom?: boolean;
  /** Prefix text that a spreadsheet would read as a formula with an apostrophe (default true). */
  protectFormulas?: boolean;
}

/**
 * Text a spreadsheet would take for a formula or command (OWASP CSV injection), and text that
 * already starts with apostrophes before such a character: it gets one more, so that taking one
 * off again (the .sps and the R script do) always gives back the answer as it was.
 */
export const FORMULA_START = /^'*[=+\-@\t\r]/;

/** The text as a spreadsheet should show it: an apostrophe before a would-be formula. */
export function protectFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export const CSV_LINE_END = '\n';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const LINE_BREAKS = /\r\n|[\r\n]/g;

/** RFC 4180 field quoting. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cellText(cell: SpssCell | undefined, isNumeric: boolean, keepBreaks: boolean, protect: boolean): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? numberToText(cell) : '';
  if (isNumeric) return ''; // '' in a numeric column is system-missing; prepare rejects anything else.
  const text = keepBreaks ? cell : cell.replace(LINE_BREAKS, ' ');
  return csvField(protect ? protectFormula(text) : text);
}

/** Writes the CSV for an already prepared dataset (shared with the syntax writer). */
export function writeCsvPrepared(p: PreparedDataset, options: CsvOptions = {}): Uint8Array {
  const mode = options.lineBreaksInValues ?? 'space';
  let keepBreaks: boolean;
  switch (mode) {
    case 'space':
      keepBreaks = false;
      break;
    case 'keep':
      keepBreaks = true;
      break;
    default:
      return assertNever(mode, 'lineBreaksInValues');
  }
  const vars = p.variables;
  const numeric = vars.map((v) => v.kind === 'numeric');
  const text = vars.map((v) => v.kind === 'string' && options.protectFormulas !== false);
  const lines: string[] = new Array<string>(p.rows.length + 1);
  lines[0] = vars.map((v) => v.name).join(',');
  const fields: string[] = new Array<string>(vars.length);
  for (let r = 0; r < p.rows.length; r++) {
    const row = p.rows[r] ?? [];
    for (let c = 0; c < vars.length; c++) fields[c] = cellText(row[c], numeric[c] === true, keepBreaks, text[c] === true);
    lines[r + 1] = fields.join(',');
  }
  return encodeUtf8((options.bom ? '\uFEFF' : '') + lines.join(CSV_LINE_END) + CSV_LINE_END);
}

/** CSV bytes (UTF-8, no BOM, LF) with a header row of cleaned variable names. */
export function writeCsv(dataset: SpssDataset, options: CsvOptions = {}): Uint8Array {
  return writeCsvPrepared(prepareDataset(dataset), options);
}
