/**
 * Resolves a `SpssDataset` into exactly what every writer emits: cleaned
 * names, effective string widths, formats, sanitised labels and validated
 * missing values. The CSV, syntax and .sav writers all go through this one
 * function so the three outputs can never disagree about the dictionary.
 */
import { assertNever } from '../../util/assert-never';
import { cleanMrSetName, cleanVariableNames } from './names';
import { isoDateToSpss } from './spss-date';
import { sanitizeLabel, utf8ByteLength } from './text';
import {
  SpssExportError,
  type SpssCell,
  type SpssDataset,
  type SpssMeasure,
  type SpssVariable,
  type SpssVariableType,
} from './types';

export const MAX_VARIABLE_LABEL_BYTES = 255;
export const MAX_VALUE_LABEL_BYTES = 120;
/** PSPP truncates FILE LABEL to 60 bytes; the .sav header field itself holds 64. */
export const MAX_FILE_LABEL_BYTES = 60;
export const MAX_STRING_WIDTH = 32_767;
/** SPSS keeps only the first 8 bytes of a string missing value (PSPP system-file doc, B.3). */
export const MAX_STRING_MISSING_BYTES = 8;
const MAX_F_WIDTH = 40;
const MAX_DECIMALS = 16;
const DEFAULT_NUMERIC_WIDTH = 8;

export type SpssFormatType = 'F' | 'A' | 'SDATE';

export interface SpssFormat {
  type: SpssFormatType;
  width: number;
  decimals: number;
}

export interface PreparedValueLabel {
  /** number for numeric and date variables (dates in SPSS seconds), string for string variables. */
  value: number | string;
  label: string;
}

export interface PreparedVariable {
  /** Position in `SpssDataset.variables` and in each row. */
  column: number;
  originalName: string;
  name: string;
  kind: SpssVariableType;
  /** 0 for numeric and date variables, else the string width in bytes. */
  width: number;
  /** Print/write format and the display format after reading the CSV. */
  format: SpssFormat;
  label: string;
  valueLabels: PreparedValueLabel[];
  missingValues: (number | string)[];
  /** Numeric missing range; `null` ends are LO / HI. At most one discrete value goes with it. */
  missingRange: { low: number | null; high: number | null } | null;
  attributes: [string, string][];
  measure: SpssMeasure;
}

export interface PreparedMrSet {
  name: string;
  label: string;
  countedValue: number;
  variables: PreparedVariable[];
}

export interface PreparedDataset {
  variables: PreparedVariable[];
  mrSets: PreparedMrSet[];
  fileLabel: string;
  rows: readonly (readonly SpssCell[])[];
}

/** Formats a format spec the way SPSS syntax spells it: F8.2, A20, SDATE10. */
export function formatToString(f: SpssFormat): string {
  switch (f.type) {
    case 'F':
      return `F${f.width}.${f.decimals}`;
    case 'A':
    case 'SDATE':
      return `${f.type}${f.width}`;
    default:
      return assertNever(f.type, 'format type');
  }
}

function fail(message: string): never {
  throw new SpssExportError(message);
}

/** Characters needed to print `v` with `decimals` places in an F format. */
function numericChars(v: number, decimals: number): number {
  const abs = Math.abs(v);
  const intDigits = abs < 1 ? 1 : Math.floor(Math.log10(abs)) + 1;
  return intDigits + (v < 0 ? 1 : 0) + (decimals > 0 ? decimals + 1 : 0);
}

function toNumericValue(v: SpssVariable, value: number | string, what: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`${what} of variable '${v.name}' must be a finite number`);
    return value;
  }
  if (v.type === 'date') {
    const seconds = isoDateToSpss(value);
    if (seconds !== null) return seconds;
  }
  return fail(`${what} '${value}' of ${v.type} variable '${v.name}' is not a number${v.type === 'date' ? ' or ISO date' : ''}`);
}

/** A one-line label cut to `maxBytes` at a word boundary (never mid-word) when it is too long. */
export function wordCut(text: string, maxBytes: number): string {
  const whole = sanitizeLabel(text, Number.MAX_SAFE_INTEGER);
  const cut = sanitizeLabel(whole, maxBytes);
  if (cut === whole) return cut;
  const next = whole.charAt(cut.length);
  if (/\s/.test(next)) return cut;
  const lastSpace = cut.search(/\s\S*$/);
  return lastSpace > 0 ? cut.slice(0, lastSpace).trimEnd() : cut;
}

/** Validates and resolves `dataset`; throws SpssExportError on anything SPSS cannot hold. */
export function prepareDataset(dataset: SpssDataset): PreparedDataset {
  const { variables: vars, rows } = dataset;
  const cleaned = cleanVariableNames(vars.map((v) => v.name)).names;
  const nVars = vars.length;

  // One pass over the data per column to validate cells and size formats.
  const maxBytes = new Array<number>(nVars).fill(0);
  const maxChars = new Array<number>(nVars).fill(0);
  const decimalsOf = vars.map((v) => Math.min(MAX_DECIMALS, Math.max(0, Math.trunc(v.decimals) || 0)));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] ?? [];
    if (row.length > nVars) fail(`row ${r + 1} has ${row.length} cells but there are ${nVars} variables`);
    for (let c = 0; c < nVars; c++) {
      const cell = row[c];
      if (cell === null || cell === undefined) continue;
      const v = vars[c] as SpssVariable;
      switch (v.type) {
        case 'numeric':
          if (typeof cell !== 'number') {
            if (cell === '') continue;
            fail(`row ${r + 1}, variable '${v.name}': numeric cell holds the string '${cell}'`);
          }
          if (!Number.isFinite(cell)) fail(`row ${r + 1}, variable '${v.name}': ${cell} is not a finite number`);
          {
            const chars = numericChars(cell, decimalsOf[c] ?? 0);
            if (chars > (maxChars[c] ?? 0)) maxChars[c] = chars;
          }
          break;
        case 'date':
          if (typeof cell !== 'string' || (cell !== '' && isoDateToSpss(cell) === null)) {
            fail(`row ${r + 1}, variable '${v.name}': '${String(cell)}' is not an ISO date (YYYY-MM-DD, from 1582-10-15)`);
          }
          break;
        case 'string': {
          const bytes = typeof cell === 'string' ? utf8ByteLength(cell) : String(cell).length;
          if (bytes > (maxBytes[c] ?? 0)) maxBytes[c] = bytes;
          break;
        }
        default:
          assertNever(v.type, 'variable type');
      }
    }
  }

  const prepared = vars.map((v, c): PreparedVariable => {
    const name = cleaned[c] ?? v.name;
    const decimals = decimalsOf[c] ?? 0;
    const isString = v.type === 'string';

    // Missing values: discrete only, at most three (variable record, B.3).
    const missing: (number | string)[] = [];
    for (const m of v.missingValues) {
      const value = isString ? String(m) : toNumericValue(v, m, 'missing value');
      if (typeof value === 'string' && utf8ByteLength(value) > MAX_STRING_MISSING_BYTES) {
        fail(`string missing value '${value}' of '${v.name}' is longer than ${MAX_STRING_MISSING_BYTES} bytes`);
      }
      if (!missing.includes(value)) missing.push(value);
    }
    const range = v.missingRange ?? null;
    if (range) {
      if (v.type !== 'numeric') fail(`variable '${v.name}': a missing range needs a numeric variable`);
      for (const end of [range.low, range.high]) if (end !== null && !Number.isFinite(end)) fail(`variable '${v.name}': missing range ends must be finite numbers or null (LO/HI)`);
      if (range.low !== null && range.high !== null && range.low > range.high) fail(`variable '${v.name}': missing range ${range.low} THRU ${range.high} is empty`);
    }
    const maxDiscrete = range ? 1 : 3;
    if (missing.length > maxDiscrete) fail(`variable '${v.name}' has ${missing.length} discrete missing values; SPSS allows at most ${maxDiscrete}${range ? ' beside a range' : ''}`);
    // Readers disagree on the long-string missing-values record (7.22); ReadStat and haven refuse files that have one.
    if (isString && missing.length > 0 && Math.max(Math.trunc(v.width) || 0, maxBytes[c] ?? 0) > MAX_STRING_MISSING_BYTES) {
      fail(`string variable '${v.name}' wider than ${MAX_STRING_MISSING_BYTES} bytes cannot carry missing values that every reader understands; code it numerically`);
    }
    const attributes: [string, string][] = Object.entries(v.attributes ?? {}).map(([key, value]) => [key, value]);
    for (const [key] of attributes) if (!/^[A-Za-z@#$][A-Za-z0-9_.@#$]{0,63}$/.test(key)) fail(`variable '${v.name}': attribute name '${key}' is not a valid SPSS name`);

    const valueLabels: PreparedValueLabel[] = [];
    const seen = new Set<number | string>();
    for (const vl of v.valueLabels) {
      const value = isString ? String(vl.value) : toNumericValue(v, vl.value, 'value label value');
      const label = sanitizeLabel(vl.label, MAX_VALUE_LABEL_BYTES);
      if (seen.has(value) || label === '') continue;
      seen.add(value);
      valueLabels.push({ value, label });
    }

    let width = 0;
    let format: SpssFormat;
    switch (v.type) {
      case 'numeric': {
        let chars = maxChars[c] ?? 0;
        for (const x of [...missing, ...valueLabels.map((l) => l.value), range?.low ?? 0, range?.high ?? 0]) {
          if (typeof x === 'number') chars = Math.max(chars, numericChars(x, decimals));
        }
        const w = Math.min(MAX_F_WIDTH, Math.max(DEFAULT_NUMERIC_WIDTH, chars, decimals + 2));
        format = { type: 'F', width: w, decimals: Math.min(decimals, w - 1) };
        break;
      }
      case 'date':
        format = { type: 'SDATE', width: 10, decimals: 0 };
        break;
      case 'string': {
        let w = Math.max(1, Math.trunc(v.width) || 0, maxBytes[c] ?? 0);
        for (const x of [...missing, ...valueLabels.map((l) => l.value)]) w = Math.max(w, utf8ByteLength(String(x)));
        if (w > MAX_STRING_WIDTH) fail(`string variable '${v.name}' needs ${w} bytes; SPSS allows ${MAX_STRING_WIDTH}`);
        width = w;
        format = { type: 'A', width: w, decimals: 0 };
        break;
      }
      default:
        return assertNever(v.type, 'variable type');
    }

    return {
      column: c,
      originalName: v.name,
      name,
      kind: v.type,
      width,
      format,
      label: sanitizeLabel(v.label, MAX_VARIABLE_LABEL_BYTES),
      valueLabels,
      missingValues: missing,
      missingRange: range,
      attributes,
      // SPSS refuses SCALE for string variables.
      measure: isString && v.measure === 'scale' ? 'nominal' : v.measure,
    };
  });

  const byName = new Map<string, PreparedVariable>();
  for (const p of prepared) byName.set(p.originalName, p);
  for (const p of prepared) if (!byName.has(p.name)) byName.set(p.name, p);
  const byLowerName = new Map(prepared.map((p) => [p.name.toLowerCase(), p] as const));

  const setNames = new Set<string>();
  const mrSets = dataset.multipleResponseSets.map((set, i): PreparedMrSet => {
    let name = cleanMrSetName(set.name, `set${i + 1}`);
    for (let n = 2; setNames.has(name.toLowerCase()); n++) name = `${cleanMrSetName(set.name, `set${i + 1}`).slice(0, 60)}_${n}`;
    setNames.add(name.toLowerCase());
    const members = set.variables.map((ref) => {
      const p = byName.get(ref) ?? byLowerName.get(ref.toLowerCase());
      if (!p) return fail(`multiple response set '${set.name}' refers to unknown variable '${ref}'`);
      if (p.kind !== 'numeric') fail(`multiple response set '${set.name}': '${ref}' must be numeric (0/1 dummies)`);
      return p;
    });
    if (new Set(members).size < 2) fail(`multiple response set '${set.name}' needs at least two distinct variables`);
    const countedValue = set.countedValue ?? 1;
    if (!Number.isInteger(countedValue)) fail(`multiple response set '${set.name}': counted value must be an integer`);
    return { name, label: sanitizeLabel(set.label, MAX_VARIABLE_LABEL_BYTES), countedValue, variables: [...new Set(members)] };
  });

  return {
    variables: prepared,
    mrSets,
    fileLabel: wordCut(dataset.fileLabel ?? '', MAX_FILE_LABEL_BYTES),
    rows,
  };
}
