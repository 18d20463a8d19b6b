/**
 * Stata .dta format 118 (Stata 14 and later, UTF-8), little-endian, from the export dataset.
 * Layout after Stata's own "dta" help file (help dta, format 118), which ReadStat, haven and
 * readstata13 follow: tagged sections, a 14-offset map, then the data, strLs and value labels.
 *
 * The idiom Stata users expect: numeric codes with value labels; the missing codes become
 * extended missing values with labels (-8 declined as `.a`, -7 interview ended as `.b`, -10 not
 * applicable as `.n`, -11 out of time as `.t` (export/missing-codes.ts), user-missing choices such
 * as Don't know as `.c`, `.d`, …); dates are Stata dates (days since
 * 1960-01-01, format %td). Strings wider than 2045 bytes (long open answers) are strLs.
 * Hand-written: no maintained JavaScript writer for .dta exists.
 */
import { ByteWriter } from '../spss/byte-writer';
import { isoDateToSpss } from '../spss/spss-date';
import { utf8Encoder } from '../../exchange/text/utf8';
import { utf8ByteLength, utf8Truncate } from '../spss/text';
import { inMissingRangeOf } from './missing';
import { STATA_LETTERS } from '../missing-codes';
import { wordCut } from '../spss/prepare';
import type { SpssCell, SpssDataset, SpssVariable } from '../spss/types';

const TYPE_DOUBLE = 65526;
const TYPE_STRL = 32768;
const MAX_STR = 2045;
/** Days from 1582-10-14 (SPSS's epoch) to 1960-01-01 (Stata's). */
const SPSS_TO_STATA_DAYS = 137_775;
const SECONDS_PER_DAY = 86_400;
/** `.` as a double: 2^1023; `.a` … `.z` follow in steps of 2^(1023-52+40) (help dta, "missing values"). */
const MISSING_DOT = 0x7fe0000000000000n;
const MISSING_STEP = 0x0000010000000000n;
/** Value labels name extended missing values by their int32 codes: `.` is 2147483621, `.a` 2147483622. */
const INT_MISSING_DOT = 2_147_483_621;
const MAX_NAME = 32;
const RESERVED = new Set([
  '_all', '_b', 'byte', '_coef', '_cons', 'double', 'float', 'if', 'in', 'int', 'long', '_n', '_N', '_pi', '_pred', '_rc', '_skip',
  'strL', 'using', 'with', '_se',
]);

export interface DtaOptions {
  createdAt?: Date;
}

export interface StataVariable {
  name: string;
  source: SpssVariable;
  column: number;
  type: number;
  /** Bytes per cell in the data section. */
  width: number;
  format: string;
  /** Missing codes to extended-missing letters: -8 → 'a'. */
  extended: Map<number, string>;
}

const utf8 = (s: string) => utf8Encoder.encode(s);

function doubleBits(bits: bigint): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, bits, true);
  return view.getFloat64(0, true);
}

/** The double Stata stores for `.a` (letter index 1), `.b` (2), … */
export function extendedMissing(letter: string): number {
  return doubleBits(MISSING_DOT + MISSING_STEP * BigInt(letter.charCodeAt(0) - 96));
}
const SYSTEM_MISSING = doubleBits(MISSING_DOT);

/** Stata names: letters, digits and _, not starting with a digit, at most 32 characters, unique. */
export function stataNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((raw, i) => {
    let base = raw.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(base)) base = `v${base}`;
    if (RESERVED.has(base) || /^str\d+$/.test(base)) base = `${base}_`;
    base = base.slice(0, MAX_NAME);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()) || name === ''; n++) name = `${base.slice(0, MAX_NAME - String(n).length - 1)}_${n}`;
    if (name === '') name = `v${i + 1}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/** Declared missing codes of a numeric variable: Fieldnote's own (-8, -7, -10, -11), then the others ascending. */
export function missingCodes(variable: SpssVariable, rows: readonly (readonly SpssCell[])[], column: number): number[] {
  const codes = new Set<number>();
  for (const m of variable.missingValues) if (typeof m === 'number') codes.add(m);
  for (const m of variable.moreMissing ?? []) codes.add(m);
  for (const l of variable.valueLabels) if (typeof l.value === 'number' && inMissingRangeOf(variable, l.value)) codes.add(l.value);
  for (const row of rows) {
    const cell = row[column];
    if (typeof cell === 'number' && inMissingRangeOf(variable, cell)) codes.add(cell);
  }
  const own = [...STATA_LETTERS.keys()];
  const order = (x: number) => (own.includes(x) ? own.indexOf(x) - own.length : 0);
  return [...codes].sort((a, b) => order(a) - order(b) || a - b);
}

/**
 * The extended-missing letter of each declared missing code: Fieldnote's codes keep their fixed
 * letter in every variable; other codes (Don't know) take `.c`, `.d`, … skipping those, `.z` when
 * the alphabet runs out.
 */
export function stataLetters(codes: readonly number[]): Map<number, string> {
  const fixed = new Set(STATA_LETTERS.values());
  const free = [...'abcdefghijklmnopqrstuvwxyz'].filter((l) => !fixed.has(l));
  const letters = new Map<number, string>();
  let next = 0;
  for (const code of codes) letters.set(code, STATA_LETTERS.get(code) ?? free[next++] ?? 'z');
  return letters;
}

function stataFormat(v: SpssVariable, width: number): string {
  switch (v.type) {
    case 'date':
      return '%td';
    case 'string':
      return width === 0 ? '%9s' : `%-${Math.min(width, MAX_STR)}s`;
    case 'numeric':
      return v.decimals > 0 ? `%9.${Math.min(v.decimals, 6)}f` : '%9.0g';
  }
}

/** Text cut to `chars` characters and `bytes` UTF-8 bytes, never inside a character. */
const fit = (s: string, chars: number, bytes: number) => utf8Truncate([...s.replace(/[\r\n\t]+/g, ' ')].slice(0, chars).join(''), bytes);

/** Stata's dataset label: at most 80 characters (and 320 bytes), cut at a word like the .sav label. */
function dataLabel(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  if (chars.length <= 80) return wordCut(chars.join(''), 320);
  const cut = chars.slice(0, 80).join('');
  return wordCut(chars[80] === ' ' ? cut.trimEnd() : cut.replace(/\s+\S*$/, '') || cut, 320);
}

function nulPadded(w: ByteWriter, text: string, size: number): void {
  const b = utf8(text);
  const n = Math.min(b.length, size - 1);
  w.bytes(b.subarray(0, n));
  w.fill(0, size - n);
}

function tag(w: ByteWriter, name: string): void {
  w.bytes(utf8(name));
}

export function planStata(dataset: SpssDataset): StataVariable[] {
  const names = stataNames(dataset.variables.map((v) => v.name));
  return dataset.variables.map((v, column) => {
    if (v.type === 'string') {
      let width = 1;
      for (const row of dataset.rows) {
        const cell = row[column];
        if (typeof cell === 'string') width = Math.max(width, utf8ByteLength(cell));
      }
      const strl = width > MAX_STR;
      return { name: names[column]!, source: v, column, type: strl ? TYPE_STRL : width, width: strl ? 8 : width, format: stataFormat(v, strl ? 0 : width), extended: new Map() };
    }
    const extended = v.type === 'numeric' ? stataLetters(missingCodes(v, dataset.rows, column)) : new Map<number, string>();
    return { name: names[column]!, source: v, column, type: TYPE_DOUBLE, width: 8, format: stataFormat(v, 8), extended };
  });
}

/** The number Stata stores for a numeric or date cell. */
export function stataNumber(sv: StataVariable, cell: SpssCell | undefined): number {
  if (cell === null || cell === undefined || cell === '') return SYSTEM_MISSING;
  if (sv.source.type === 'date') {
    const seconds = typeof cell === 'string' ? isoDateToSpss(cell) : null;
    return seconds === null ? SYSTEM_MISSING : seconds / SECONDS_PER_DAY - SPSS_TO_STATA_DAYS;
  }
  if (typeof cell !== 'number' || !Number.isFinite(cell)) return SYSTEM_MISSING;
  const letter = sv.extended.get(cell);
  return letter ? extendedMissing(letter) : cell;
}

/** A Stata 14+ .dta file (format 118) of the dataset. */
export function writeDta(dataset: SpssDataset, options: DtaOptions = {}): Uint8Array {
  const vars = planStata(dataset);
  const k = vars.length;
  const w = new ByteWriter(64 * 1024);
  const map: number[] = new Array<number>(14).fill(0);

  tag(w, '<stata_dta><header><release>118</release><byteorder>LSF</byteorder><K>');
  w.u16(k);
  tag(w, '</K><N>');
  w.u64(dataset.rows.length);
  tag(w, '</N><label>');
  const label = utf8(dataLabel(dataset.fileLabel ?? ''));
  w.u16(label.length);
  w.bytes(label);
  tag(w, '</label><timestamp>');
  const at = options.createdAt ?? new Date();
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${two(at.getDate())} ${months[at.getMonth()]} ${at.getFullYear()} ${two(at.getHours())}:${two(at.getMinutes())}`;
  w.u8(stamp.length);
  tag(w, stamp);
  tag(w, '</timestamp></header>');

  map[1] = w.pos;
  tag(w, '<map>');
  const mapAt = w.pos;
  for (let i = 0; i < 14; i++) w.u64(0);
  tag(w, '</map>');

  map[2] = w.pos;
  tag(w, '<variable_types>');
  for (const v of vars) w.u16(v.type);
  tag(w, '</variable_types>');

  map[3] = w.pos;
  tag(w, '<varnames>');
  for (const v of vars) nulPadded(w, v.name, 129);
  tag(w, '</varnames>');

  map[4] = w.pos;
  tag(w, '<sortlist>');
  w.fill(0, 2 * (k + 1));
  tag(w, '</sortlist>');

  map[5] = w.pos;
  tag(w, '<formats>');
  for (const v of vars) nulPadded(w, v.format, 57);
  tag(w, '</formats>');

  const labelled = vars.filter((v) => v.source.type === 'numeric' && (v.source.valueLabels.length > 0 || v.extended.size > 0));
  const labelledSet = new Set(labelled);
  map[6] = w.pos;
  tag(w, '<value_label_names>');
  for (const v of vars) nulPadded(w, labelledSet.has(v) ? v.name : '', 129);
  tag(w, '</value_label_names>');

  map[7] = w.pos;
  tag(w, '<variable_labels>');
  for (const v of vars) nulPadded(w, fit(v.source.label, 80, 320), 321);
  tag(w, '</variable_labels>');

  map[8] = w.pos;
  tag(w, '<characteristics></characteristics>');

  map[9] = w.pos;
  tag(w, '<data>');
  const strls: { v: number; o: number; bytes: Uint8Array }[] = [];
  w.ensure(dataset.rows.length * vars.reduce((n, v) => n + v.width, 0));
  dataset.rows.forEach((row, r) => {
    for (let j = 0; j < k; j++) {
      const sv = vars[j]!;
      const cell = row[sv.column];
      if (sv.type === TYPE_DOUBLE) {
        w.f64(stataNumber(sv, cell));
      } else if (sv.type === TYPE_STRL) {
        const text = typeof cell === 'string' ? cell : '';
        if (text === '') {
          w.fill(0, 8); // (0,0): the empty string
        } else {
          // 118: v in 2 bytes, o in 6 bytes (help dta, "strL").
          w.u16(j + 1);
          const o = r + 1;
          w.u16(o & 0xffff);
          w.i32(Math.floor(o / 0x10000));
          strls.push({ v: j + 1, o, bytes: utf8(text) });
        }
      } else {
        const b = utf8(typeof cell === 'string' ? cell : cell === null || cell === undefined ? '' : String(cell));
        w.bytes(b.subarray(0, sv.width));
        w.fill(0, sv.width - Math.min(b.length, sv.width));
      }
    }
  });
  tag(w, '</data>');

  map[10] = w.pos;
  tag(w, '<strls>');
  for (const s of strls) {
    tag(w, 'GSO');
    w.i32(s.v);
    w.u64(s.o);
    w.u8(130); // text, stored with its terminating NUL
    w.i32(s.bytes.length + 1);
    w.bytes(s.bytes);
    w.u8(0);
  }
  tag(w, '</strls>');

  map[11] = w.pos;
  tag(w, '<value_labels>');
  for (const v of labelled) writeValueLabelTable(w, v);
  tag(w, '</value_labels>');

  map[12] = w.pos;
  tag(w, '</stata_dta>');
  map[13] = w.pos;
  map.forEach((offset, i) => w.patchU64(mapAt + 8 * i, offset));
  return w.finish();
}

function writeValueLabelTable(w: ByteWriter, v: StataVariable): void {
  const entries: { value: number; label: string }[] = [];
  const seen = new Set<number>();
  for (const l of v.source.valueLabels) {
    if (typeof l.value !== 'number' || !Number.isInteger(l.value)) continue;
    const letter = v.extended.get(l.value);
    const value = letter ? INT_MISSING_DOT + (letter.charCodeAt(0) - 96) : l.value;
    if (seen.has(value)) continue;
    seen.add(value);
    entries.push({ value, label: utf8Truncate(l.label, 32_000) });
  }
  entries.sort((a, b) => a.value - b.value);
  const texts = entries.map((e) => utf8(e.label));
  const txtlen = texts.reduce((n, t) => n + t.length + 1, 0);
  tag(w, '<lbl>');
  w.i32(8 + 8 * entries.length + txtlen);
  nulPadded(w, v.name, 129);
  w.fill(0, 3);
  w.i32(entries.length);
  w.i32(txtlen);
  let offset = 0;
  for (const t of texts) {
    w.i32(offset);
    offset += t.length + 1;
  }
  for (const e of entries) w.i32(e.value);
  for (const t of texts) {
    w.bytes(t);
    w.u8(0);
  }
  tag(w, '</lbl>');
}
