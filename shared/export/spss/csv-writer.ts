/**
 * CSV companion of the .sps syntax file.
 *
 * Choices (documented for the evaluator-facing help as well):
 * - UTF-8 **without** a BOM: the syntax declares /ENCODING='UTF8', and a BOM
 *   would end up glued to the first header name in tools that do not strip it.
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
import { encodeUtf8 } from './text';
import { prepareDataset, type PreparedDataset } from './prepare';
import type { SpssCell, SpssDataset } from './types';

export interface CsvOptions {
  /** 'space' (default) keeps the CSV readable by GET DATA; 'keep' writes them quoted, per RFC 4180. */
  lineBreaksInValues?: 'space' | 'keep';
}

export const CSV_LINE_END = '\n';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const LINE_BREAKS = /\r\n|[\r\n]/g;

/** RFC 4180 field quoting. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cellText(cell: SpssCell | undefined, isNumeric: boolean, keepBreaks: boolean): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? numberToText(cell) : '';
  if (isNumeric) return ''; // '' in a numeric column is system-missing; prepare rejects anything else.
  return csvField(keepBreaks ? cell : cell.replace(LINE_BREAKS, ' '));
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
  const lines: string[] = new Array<string>(p.rows.length + 1);
  lines[0] = vars.map((v) => v.name).join(',');
  const fields: string[] = new Array<string>(vars.length);
  for (let r = 0; r < p.rows.length; r++) {
    const row = p.rows[r] ?? [];
    for (let c = 0; c < vars.length; c++) fields[c] = cellText(row[c], numeric[c] === true, keepBreaks);
    lines[r + 1] = fields.join(',');
  }
  return encodeUtf8(lines.join(CSV_LINE_END) + CSV_LINE_END);
}

/** CSV bytes (UTF-8, no BOM, LF) with a header row of cleaned variable names. */
export function writeCsv(dataset: SpssDataset, options: CsvOptions = {}): Uint8Array {
  return writeCsvPrepared(prepareDataset(dataset), options);
}
