/**
 * SPSS syntax (.sps) that reads the companion CSV and applies the dictionary.
 *
 * Layout rules, so the file runs unchanged in SPSS (interactive and batch/
 * INCLUDE syntax rules) and in PSPP:
 * - every command starts in column 1 and ends with '.' on its last line;
 *   continuation lines are indented (batch mode treats a '+' or '-' in column
 *   1 as the start of a new command);
 * - no line is longer than `MAX_SYNTAX_LINE_BYTES` (SPSS's hard limit is 251
 *   bytes per line); long strings are split into '+'-concatenated literals,
 *   cut only between characters;
 * - strings use single quotes with inner quotes doubled; labels are one line.
 * - the file starts with a UTF-8 BOM and "* Encoding: UTF-8." because that is
 *   how SPSS recognises a UTF-8 syntax file (PSPP detects the BOM as well);
 *   without it SPSS in code-page mode would garble Khmer labels.
 * - line ends are LF, like the CSV; SPSS (Windows included) and PSPP accept them.
 * Input formats in GET DATA use 0 decimals (F w.0) so a value written without
 * a decimal point is never scaled by implied decimals; FORMATS then sets the
 * display decimals.
 */
import { assertNever } from '../../util/assert-never';
import { numberToText } from './number-text';
import {
  formatToString,
  prepareDataset,
  type PreparedDataset,
  type PreparedVariable,
  type SpssFormat,
} from './prepare';
import { SpssExportError, type SpssDataset, type SpssMeasure } from './types';
import { encodeUtf8 } from '../../exchange/text/utf8';
import { utf8ByteLength } from './text';
import { FORMULA_START } from './csv-writer';

/**
 * Soft line limit. A line may exceed it by one name (≤64 bytes) when a name
 * must not start a line (see LINE_START_HAZARD), so lines stay < 251 bytes.
 */
export const MAX_SYNTAX_LINE_BYTES = 180;
/**
 * PSPP's segmenter starts a new COMMENT or DOCUMENT command when a line,
 * even an indented one inside another command, begins with COMMENT/DOCUMENT
 * or an abbreviation (COMM…, DOC…). A variable named `comment` at the start
 * of a continuation line would silently end GET DATA. Such tokens are kept on
 * the previous line instead.
 */
const LINE_START_HAZARD = /^(comm(e(nt?)?)?|doc(u(m(e(nt?)?)?)?)?)$/i;
/** Raw bytes per string-literal piece; doubled quotes at most double it. */
const LITERAL_PIECE_BYTES = 80;
const INDENT = '  ';
const LINE_END = '\n';
const BOM = '\uFEFF';

export interface SpsOptions {
  /** File name (or path) of the CSV written by `writeCsv`, as GET DATA should open it. */
  csvFileName: string;
}

/** Splits `s` into pieces of at most `maxBytes` UTF-8 bytes, never inside a code point. */
function splitBytes(s: string, maxBytes: number): string[] {
  if (utf8ByteLength(s) <= maxBytes) return [s];
  const pieces: string[] = [];
  let cur = '';
  let used = 0;
  for (const ch of s) {
    const len = utf8ByteLength(ch);
    if (used + len > maxBytes) {
      pieces.push(cur);
      cur = '';
      used = 0;
    }
    cur += ch;
    used += len;
  }
  if (cur !== '' || pieces.length === 0) pieces.push(cur);
  return pieces;
}

/** A quoted SPSS string literal, as tokens: 'a' + 'b' when it is too long for one line. */
export function stringLiteralTokens(s: string): string[] {
  const tokens: string[] = [];
  splitBytes(s, LITERAL_PIECE_BYTES).forEach((piece, i) => {
    if (i > 0) tokens.push('+');
    tokens.push(`'${piece.replace(/'/g, "''")}'`);
  });
  return tokens;
}

/** Accumulates tokens into indented lines no longer than MAX_SYNTAX_LINE_BYTES. */
class SyntaxBuilder {
  readonly lines: string[] = [];
  private cur = '';
  private curBytes = 0;

  /** Starts a new line (a command in column 1 when `indent` is ''). */
  line(indent: string, ...tokens: string[]): this {
    if (indent !== '' && this.cur.trim() !== '' && LINE_START_HAZARD.test(tokens[0] ?? '')) return this.add(...tokens);
    this.flush();
    this.cur = indent;
    this.curBytes = indent.length;
    return this.add(...tokens);
  }

  add(...tokens: string[]): this {
    for (const t of tokens) {
      const len = utf8ByteLength(t);
      const blank = this.cur.trim() === '';
      if (!blank && this.curBytes + 1 + len > MAX_SYNTAX_LINE_BYTES && !LINE_START_HAZARD.test(t)) {
        this.flush();
        this.cur = INDENT + INDENT;
        this.curBytes = this.cur.length;
      }
      if (this.cur.trim() === '') {
        this.cur += t;
        this.curBytes += len;
      } else {
        this.cur += ` ${t}`;
        this.curBytes += 1 + len;
      }
    }
    return this;
  }

  /** Ends the current command. */
  end(): this {
    this.cur += '.';
    this.curBytes += 1;
    return this.flush();
  }

  flush(): this {
    if (this.cur.trim() !== '') this.lines.push(this.cur);
    this.cur = '';
    this.curBytes = 0;
    return this;
  }
}

function valueTokens(value: number | string): string[] {
  return typeof value === 'number' ? [numberToText(value)] : stringLiteralTokens(value);
}

function measureKeyword(m: SpssMeasure): string {
  switch (m) {
    case 'nominal':
      return 'NOMINAL';
    case 'ordinal':
      return 'ORDINAL';
    case 'scale':
      return 'SCALE';
    default:
      return assertNever(m, 'measure');
  }
}

/** Input format used on GET DATA (see the module comment about implied decimals). */
function inputFormat(v: PreparedVariable): SpssFormat {
  return v.format.type === 'F' ? { ...v.format, decimals: 0 } : v.format;
}

/** Groups variables whose specification text is identical, keeping first-appearance order. */
function groupBy<K>(vars: readonly PreparedVariable[], key: (v: PreparedVariable) => K | null): [K, PreparedVariable[]][] {
  const groups = new Map<string, [K, PreparedVariable[]]>();
  for (const v of vars) {
    const k = key(v);
    if (k === null) continue;
    const id = JSON.stringify(k);
    const g = groups.get(id);
    if (g) g[1].push(v);
    else groups.set(id, [k, [v]]);
  }
  return [...groups.values()];
}

/** Syntax text for an already prepared dataset. */
export function writeSpsTextPrepared(p: PreparedDataset, options: SpsOptions): string {
  if (p.variables.length === 0) throw new SpssExportError('cannot write SPSS syntax for a dataset without variables');
  const b = new SyntaxBuilder();
  b.line('', '* Encoding: UTF-8.');
  b.line('', '* Written by Fieldnote. Reads the CSV below (UTF-8, comma-separated, first line holds the names).');
  b.line('', '* Run it with the folder holding the CSV as the working directory, or put the full path in FILE.');

  // The CSV always uses '.' as decimal point; a session left at SET DECIMAL=COMMA
  // (common in European SPSS installs) would otherwise read 1.5 as 15.
  b.line('', 'SET DECIMAL=DOT').end();
  b.line('', 'GET DATA');
  b.line(INDENT, '/TYPE=TXT');
  b.line(INDENT, '/FILE=', ...stringLiteralTokens(options.csvFileName));
  b.line(INDENT, "/ENCODING='UTF8'");
  b.line(INDENT, '/ARRANGEMENT=DELIMITED');
  b.line(INDENT, '/FIRSTCASE=2');
  b.line(INDENT, '/DELCASE=LINE');
  b.line(INDENT, '/DELIMITERS=","');
  b.line(INDENT, `/QUALIFIER='"'`);
  b.line(INDENT, '/VARIABLES=');
  for (const v of p.variables) b.line(INDENT + INDENT, v.name, formatToString(inputFormat(v)));
  b.end();

  // The CSV writes text that starts like a formula with an apostrophe in front (csv-writer.ts);
  // take it off so the data equal the .sav.
  const startsLikeFormula = (cell: unknown) => typeof cell === 'string' && FORMULA_START.test(cell);
  const protectedText = p.variables.filter((x) => x.kind === 'string' && p.rows.some((row) => startsLikeFormula(row[x.column])));
  for (const v of protectedText) {
    const rest = `SUBSTR(LTRIM(SUBSTR(${v.name}, 2), "'"), 1, 1)`;
    b.line('', `IF (SUBSTR(${v.name}, 1, 1) = "'" AND ANY(${rest}, "=", "+", "-", "@")) ${v.name} = SUBSTR(${v.name}, 2)`).end();
  }

  if (p.fileLabel !== '') {
    // FILE LABEL takes the rest of the line unquoted (PSPP manual 17.12); a
    // trailing period would be read as the terminator.
    const label = p.fileLabel.replace(/[.\s]+$/, '');
    if (label !== '') b.line('', 'FILE LABEL', label).end();
  }

  const labelled = p.variables.filter((v) => v.label !== '');
  if (labelled.length > 0) {
    b.line('', 'VARIABLE LABELS');
    labelled.forEach((v, i) => b.line(INDENT, i === 0 ? v.name : `/${v.name}`, ...stringLiteralTokens(v.label)));
    b.end();
  }

  // Identical label sets are written once for all their variables, which keeps
  // a 400-variable Likert battery readable. String widths must match within a set.
  const labelGroups = groupBy(p.variables, (v) => (v.valueLabels.length > 0 ? [v.width, v.valueLabels] as const : null));
  if (labelGroups.length > 0) {
    b.line('', 'VALUE LABELS');
    labelGroups.forEach(([[, labels], members], i) => {
      b.line(INDENT, ...members.map((m, j) => (i > 0 && j === 0 ? `/${m.name}` : m.name)));
      for (const l of labels) {
        b.line(INDENT + INDENT, ...valueTokens(l.value));
        b.add(...stringLiteralTokens(l.label));
      }
    });
    b.end();
  }

  const missingGroups = groupBy(p.variables, (v) =>
    v.missingValues.length > 0 || v.missingRange ? ([v.width, v.missingValues, v.missingRange] as const) : null);
  if (missingGroups.length > 0) {
    b.line('', 'MISSING VALUES');
    missingGroups.forEach(([[, values, range], members], i) => {
      b.line(INDENT, ...members.map((m, j) => (i > 0 && j === 0 ? `/${m.name}` : m.name)));
      // SPSS idiom: (LO THRU -7, 9) keeps Fieldnote's codes (-7, -8, -10, -11) and Don't know in one declaration.
      const parts: string[][] = [];
      if (range) parts.push([range.low === null ? 'LO' : numberToText(range.low), 'THRU', range.high === null ? 'HI' : numberToText(range.high)]);
      for (const value of values) parts.push(valueTokens(value));
      const tokens: string[] = [];
      parts.forEach((t, k) => {
        const copy = [...t];
        if (k < parts.length - 1) copy[copy.length - 1] += ',';
        tokens.push(...copy);
      });
      const first = tokens[0] ?? '';
      tokens[0] = `(${first}`;
      tokens[tokens.length - 1] += ')';
      b.add(...tokens);
    });
    b.end();
  }

  const formatGroups = groupBy(p.variables, (v) =>
    formatToString(v.format) !== formatToString(inputFormat(v)) ? formatToString(v.format) : null);
  if (formatGroups.length > 0) {
    b.line('', 'FORMATS');
    formatGroups.forEach(([fmt, members], i) => {
      b.line(INDENT, ...members.map((m, j) => (i > 0 && j === 0 ? `/${m.name}` : m.name)), `(${fmt})`);
    });
    b.end();
  }

  b.line('', 'VARIABLE LEVEL');
  groupBy(p.variables, (v) => v.measure).forEach(([measure, members], i) => {
    b.line(INDENT, ...members.map((m, j) => (i > 0 && j === 0 ? `/${m.name}` : m.name)), `(${measureKeyword(measure)})`);
  });
  b.end();

  for (const v of p.variables.filter((x) => x.attributes.length > 0)) {
    b.line('', 'VARIABLE ATTRIBUTE', `VARIABLES=${v.name}`);
    for (const [key, value] of v.attributes) b.line(INDENT, `ATTRIBUTE=${key}(`, ...stringLiteralTokens(value), ')');
    b.end();
  }

  if (p.mrSets.length > 0) {
    b.line('', 'MRSETS');
    for (const set of p.mrSets) {
      b.line(INDENT, '/MDGROUP', `NAME=${set.name}`);
      if (set.label !== '') b.add('LABEL=', ...stringLiteralTokens(set.label));
      b.line(INDENT + INDENT, 'VARIABLES=', ...set.variables.map((v) => v.name));
      b.line(INDENT + INDENT, `VALUE=${set.countedValue}`);
    }
    b.end();
  }

  b.line('', 'EXECUTE').end();
  return BOM + b.lines.join(LINE_END) + LINE_END;
}

/** The .sps syntax as text (starts with a BOM; LF line ends). */
export function writeSpsText(dataset: SpssDataset, options: SpsOptions): string {
  return writeSpsTextPrepared(prepareDataset(dataset), options);
}

/** The .sps syntax as UTF-8 bytes. */
export function writeSps(dataset: SpssDataset, options: SpsOptions): Uint8Array {
  return encodeUtf8(writeSpsText(dataset, options));
}
