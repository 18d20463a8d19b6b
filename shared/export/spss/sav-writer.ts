/**
 * SPSS system file (.sav) writer. Section references ("B.3" etc.) are to the
 * "System File Format" appendix of the PSPP developers' guide, which is the
 * de facto specification; record layout and the segment arithmetic for very
 * long strings follow PSPP's sys-file-writer so PSPP, SPSS, ReadStat and
 * haven agree on what they read.
 *
 * What is written: header ($FL2, layout 2, bias 100), one variable record per
 * 8-byte slot (B.3), value labels (B.4, types 3/4) for numeric and ≤8-byte
 * strings, then extension records 7.3 (UTF-8 = 65001), 7.4, 7.7 (multiple
 * dichotomy sets), 7.11, 7.13, 7.14, 7.18 (variable attributes), 7.20 ("UTF-8") and 7.21 for long
 * strings (never 7.22: strings carry no missing values), the 999 terminator and the cases, uncompressed or bytecode
 * compressed (B.20).
 *
 * Hand-written: no maintained JavaScript library writes .sav files (ReadStat's writer is C, and
 * the npm packages that read .sav do not write one). The file is longer than 400 lines on
 * purpose: it is the record layout of one specification appendix, each record a short function
 * in the order the file holds them, read side by side with B.1–B.20; the data model and the
 * byte limits live in prepare.ts and byte-writer.ts.
 */
import { assertNever } from '../../util/assert-never';
import { ByteWriter } from './byte-writer';
import { SPSS_RESERVED_WORDS } from './names';
import { prepareDataset, type PreparedDataset, type PreparedVariable, type SpssFormat } from './prepare';
import { isoDateToSpss } from './spss-date';
import { utf8Encoder } from '../../exchange/text/utf8';
import { utf8Truncate } from './text';
import { SpssExportError, type SpssCell, type SpssDataset, type SpssMeasure } from './types';

export interface SavOptions {
  /** 'bytecode' (default): SPSS's simple compression, a fraction of the size for survey codes. */
  compression?: 'none' | 'bytecode';
  /** Creation timestamp for the header; defaults to now. Pass a fixed date for reproducible bytes. */
  createdAt?: Date;
}

const SYSMIS = -Number.MAX_VALUE; // B: "the largest possible negative number"
const HIGHEST = Number.MAX_VALUE;
/**
 * LOWEST is the double just above -DBL_MAX (0xffeffffffffffffe), as PSPP writes it: then it
 * differs from SYSMIS, so a `LO THRU -7` range reads as -Inf in haven (not NaN) and R's foreign
 * finds the system values it expects.
 */
const LOWEST = (() => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, 0xffeffffffffffffen, true);
  return view.getFloat64(0, true);
})();
const BIAS = 100;
const SPACE = 0x20;
const SHORT_NAME_BYTES = 8;
const MAX_SHORT_STRING = 8;
/** Very long strings: 255 data bytes stored per segment, 252 of width per segment (B.12). */
const REAL_VLS_CHUNK = 255;
const EFFECTIVE_VLS_CHUNK = 252;
const PRODUCT = '@(#) SPSS DATA FILE Fieldnote';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Format type codes (B.3 table). */
const FORMAT_CODE = { A: 1, F: 5, SDATE: 39 } as const;

interface Segment {
  /** Width to declare in the variable record: 0 numeric, else 1..255. */
  allocWidth: number;
  /** Bytes the segment occupies in each case (multiple of 8). */
  allocBytes: number;
  /** Offset into the string value of the bytes this segment stores. */
  offset: number;
  /** How many bytes of the value this segment stores. */
  usedBytes: number;
  shortName: string;
}

interface SavVariable {
  p: PreparedVariable;
  segments: Segment[];
  /** 1-based index of the variable's first variable record (B.3 "dictionary index"). */
  dictIndex: number;
}

const encoder = utf8Encoder;
const utf8 = (s: string): Uint8Array => encoder.encode(s);
const roundUp8 = (n: number): number => Math.ceil(n / 8) * 8;

function segmentsFor(width: number): Omit<Segment, 'shortName'>[] {
  if (width === 0) return [{ allocWidth: 0, allocBytes: 8, offset: 0, usedBytes: 8 }];
  if (width < 256) return [{ allocWidth: width, allocBytes: roundUp8(width), offset: 0, usedBytes: width }];
  const n = Math.ceil(width / EFFECTIVE_VLS_CHUNK);
  const out: Omit<Segment, 'shortName'>[] = [];
  for (let j = 0; j < n; j++) {
    const allocWidth = j < n - 1 ? REAL_VLS_CHUNK : width - j * EFFECTIVE_VLS_CHUNK;
    out.push({
      allocWidth,
      allocBytes: roundUp8(allocWidth),
      offset: Math.min(REAL_VLS_CHUNK * j, width),
      usedBytes: Math.max(0, Math.min(width - REAL_VLS_CHUNK * j, REAL_VLS_CHUNK)),
    });
  }
  return out;
}

/** Bijective base-26 (1 → A, 26 → Z, 27 → AA), PSPP's str_format_26adic. */
function base26(n: number): string {
  let s = '';
  while (n > 0) {
    n--;
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26);
  }
  return s;
}

/**
 * 8-byte short names the way SPSS/PSPP derive them (PSPP short-names.c):
 * names of ≤8 bytes keep themselves; longer names are truncated; clashes get
 * _A, _B, … with the stem shortened to stay within 8 bytes. Extra segments of
 * very long strings are named last, the same way. Comparison ignores case.
 */
function assignShortNames(vars: readonly PreparedVariable[]): string[][] {
  const taken = new Set<string>();
  const result = vars.map((v) => segmentsFor(v.width).map((): string | null => null));
  const isValid = (s: string): boolean => s !== '' && !s.endsWith('.') && !SPSS_RESERVED_WORDS.has(s);
  vars.forEach((v, i) => {
    const upper = v.name.toUpperCase();
    if (upper.length <= SHORT_NAME_BYTES && !taken.has(upper)) {
      taken.add(upper);
      (result[i] as (string | null)[])[0] = upper;
    }
  });
  // Candidates depend only on the first 8 bytes of the name and every earlier
  // trial for that stem is known to be taken, so resuming from the last trial
  // gives PSPP's result without its quadratic rescans (likert_100…likert_199).
  const nextTrial = new Map<string, number>();
  const assign = (i: number, j: number): void => {
    const names = result[i] as (string | null)[];
    if (names[j] !== null) return;
    const upper = (vars[i] as PreparedVariable).name.toUpperCase();
    const stem = utf8Truncate(upper, SHORT_NAME_BYTES);
    for (let trial = nextTrial.get(stem) ?? 0; ; trial++) {
      const suffix = trial === 0 ? '' : `_${base26(trial)}`;
      const candidate = utf8Truncate(upper, SHORT_NAME_BYTES - suffix.length).replace(/\.+$/, '') + suffix;
      if (isValid(candidate) && !taken.has(candidate)) {
        taken.add(candidate);
        nextTrial.set(stem, trial + 1);
        names[j] = candidate;
        return;
      }
    }
  };
  vars.forEach((_, i) => assign(i, 0));
  vars.forEach((_, i) => {
    for (let j = 1; j < (result[i] as unknown[]).length; j++) assign(i, j);
  });
  return result.map((names) => names.map((n) => n ?? ''));
}

function formatCode(f: SpssFormat, width: number): number {
  // An A format must match the (segment) width it is attached to.
  const w = f.type === 'A' ? Math.max(1, width) : f.width;
  return (FORMAT_CODE[f.type] << 16) | (w << 8) | f.decimals;
}

function measureCode(m: SpssMeasure): number {
  switch (m) {
    case 'nominal':
      return 1;
    case 'ordinal':
      return 2;
    case 'scale':
      return 3;
    default:
      return assertNever(m, 'measure');
  }
}

/** PSPP's var_default_display_width: 8 for numbers, min(width, 32) for strings. */
const displayWidth = (width: number): number => (width === 0 ? 8 : Math.min(width, 32));

function writeHeader(w: ByteWriter, p: PreparedDataset, caseOcts: number, compressed: boolean, createdAt: Date): void {
  w.bytes(utf8('$FL2'));
  w.padded(utf8(PRODUCT), 60);
  w.i32(2); // layout_code: 2 = our (little-endian) integer order
  w.i32(caseOcts); // nominal_case_size in 8-byte units
  w.i32(compressed ? 1 : 0);
  w.i32(0); // no weight variable
  w.i32(p.rows.length);
  w.f64(BIAS);
  const two = (n: number): string => String(n % 100).padStart(2, '0');
  w.padded(utf8(`${two(createdAt.getDate())} ${MONTHS[createdAt.getMonth()] ?? 'Jan'} ${two(createdAt.getFullYear())}`), 9);
  w.padded(utf8(`${two(createdAt.getHours())}:${two(createdAt.getMinutes())}:${two(createdAt.getSeconds())}`), 8);
  w.padded(utf8(utf8Truncate(p.fileLabel, 64)), 64);
  w.fill(0, 3);
}

/** A missing or labelled value in its 8-byte slot: a double, or a space-padded short string. */
function writeValue8(w: ByteWriter, value: number | string): void {
  if (typeof value === 'number') w.f64(value);
  else w.padded(utf8(value), 8);
}

function writeVariableRecords(w: ByteWriter, sv: SavVariable): void {
  const { p } = sv;
  sv.segments.forEach((seg, j) => {
    const first = j === 0;
    const hasLabel = first && p.label !== '';
    const missing = first && p.width <= MAX_SHORT_STRING ? p.missingValues : [];
    const range = first ? p.missingRange : null;
    const fmt = first ? formatCode(p.format, seg.allocWidth) : formatCode({ type: 'A', width: seg.allocWidth, decimals: 0 }, seg.allocWidth);
    w.i32(2);
    w.i32(seg.allocWidth);
    w.i32(hasLabel ? 1 : 0);
    // 1..3 discrete values, or -2 for a range and -3 for a range plus one discrete value (B.3).
    w.i32(range ? -2 - Math.min(1, missing.length) : missing.length);
    w.i32(fmt);
    w.i32(fmt);
    w.padded(utf8(seg.shortName), 8);
    if (hasLabel) {
      const label = utf8(p.label);
      w.i32(label.length);
      w.padded(label, Math.ceil(label.length / 4) * 4); // label padded to a multiple of 4 bytes
    }
    if (range) {
      w.f64(range.low ?? LOWEST);
      w.f64(range.high ?? HIGHEST);
    }
    for (const m of missing.slice(0, range ? 1 : 3)) writeValue8(w, m);
    // One dummy record (type -1) for every further 8 bytes of this segment.
    for (let pos = 8; pos < seg.allocWidth; pos += 8) {
      w.i32(2);
      w.i32(-1);
      w.i32(0);
      w.i32(0);
      w.i32(0);
      w.i32(0);
      w.fill(0, 8);
    }
  });
}

function writeValueLabels(w: ByteWriter, vars: readonly SavVariable[]): void {
  for (const sv of vars) {
    const { p } = sv;
    if (p.valueLabels.length === 0 || p.width > MAX_SHORT_STRING) continue;
    w.i32(3);
    w.i32(p.valueLabels.length);
    for (const vl of p.valueLabels) {
      writeValue8(w, vl.value);
      const label = utf8(vl.label); // ≤120 bytes (prepare), so it fits the 1-byte length
      w.u8(label.length);
      w.bytes(label);
      w.fill(SPACE, roundUp8(label.length + 1) - (label.length + 1)); // label_len + label padded to 8 (B.4)
    }
    w.i32(4);
    w.i32(1);
    w.i32(sv.dictIndex);
  }
}

/** Extension record header (B.1): type 7, subtype, element size, element count. */
function extHeader(w: ByteWriter, subtype: number, size: number, count: number): void {
  w.i32(7);
  w.i32(subtype);
  w.i32(size);
  w.i32(count);
}

function textRecord(w: ByteWriter, subtype: number, text: string | Uint8Array): void {
  const bytes = typeof text === 'string' ? utf8(text) : text;
  extHeader(w, subtype, 1, bytes.length);
  w.bytes(bytes);
}

/** Record 7.21/7.22 share a layout: count is bytes, patched once the body is written. */
function byteCountedRecord(w: ByteWriter, subtype: number, body: () => void): void {
  extHeader(w, subtype, 1, 0);
  const countAt = w.pos - 4;
  const start = w.pos;
  body();
  if (w.pos === start) {
    w.pos -= 16; // nothing to say: drop the header again
    return;
  }
  w.patchI32(countAt, w.pos - start);
}

function writeExtensionRecords(w: ByteWriter, p: PreparedDataset, vars: readonly SavVariable[]): void {
  // 7.3 machine integer info (B.6).
  extHeader(w, 3, 4, 8);
  for (const v of [1, 0, 0, -1, 1, 1, 2, 65001]) w.i32(v); // version 1.0.0, machine -1, IEEE, compression 1, little-endian, UTF-8
  // 7.4 machine floating-point info (B.7).
  extHeader(w, 4, 8, 3);
  w.f64(SYSMIS);
  w.f64(HIGHEST);
  w.f64(LOWEST);

  // 7.7 multiple response sets (B.8): "$name=D<len> <counted> <len> <label> <short names…>\n".
  if (p.mrSets.length > 0) {
    const shortOf = new Map(vars.map((sv) => [sv.p, sv.segments[0]?.shortName ?? ''] as const));
    let text = '';
    for (const set of p.mrSets) {
      const counted = String(set.countedValue);
      const labelPart = set.label === '' ? '0 ' : `${utf8(set.label).length} ${set.label}`;
      const names = set.variables.map((v) => ` ${(shortOf.get(v) ?? '').toLowerCase()}`).join('');
      text += `${set.name}=D${counted.length} ${counted} ${labelPart}${names}\n`;
    }
    textRecord(w, 7, text);
  }

  // 7.11 variable display parameters (B.10): measure, width, alignment per segment.
  const nSegments = vars.reduce((n, sv) => n + sv.segments.length, 0);
  extHeader(w, 11, 4, nSegments * 3);
  for (const sv of vars) {
    sv.segments.forEach((_, j) => {
      w.i32(measureCode(sv.p.measure));
      w.i32(j === 0 ? displayWidth(sv.p.width) : displayWidth(sv.p.width - EFFECTIVE_VLS_CHUNK * j));
      w.i32(sv.p.width === 0 ? 1 : 0); // numbers right-aligned, strings left
    });
  }

  // 7.13 long variable names (B.11): SHORT=Long pairs separated by tabs.
  textRecord(w, 13, vars.map((sv) => `${sv.segments[0]?.shortName ?? ''}=${sv.p.name}`).join('\t'));

  // 7.14 very long strings (B.12): SHORT=nnnnn\0 then tab, per string wider than 255.
  const vls = vars.filter((sv) => sv.segments.length > 1);
  if (vls.length > 0) {
    textRecord(w, 14, vls.map((sv) => `${sv.segments[0]?.shortName ?? ''}=${String(sv.p.width).padStart(5, '0')}\0\t`).join(''));
  }

  // 7.20 character encoding (B.13).
  textRecord(w, 20, 'UTF-8');

  // 7.21 value labels for strings wider than 8 bytes (B.14).
  byteCountedRecord(w, 21, () => {
    for (const sv of vars) {
      const { p } = sv;
      if (p.valueLabels.length === 0 || p.width <= MAX_SHORT_STRING) continue;
      const name = utf8(p.name);
      w.i32(name.length);
      w.bytes(name);
      w.i32(p.width);
      w.i32(p.valueLabels.length);
      for (const vl of p.valueLabels) {
        w.i32(p.width);
        w.padded(utf8(String(vl.value)), p.width);
        const label = utf8(vl.label);
        w.i32(label.length);
        w.bytes(label);
      }
    }
  });

  // No 7.22 (long-string missing values): prepare refuses them, because ReadStat and haven
  // reject the record as PSPP writes it. Strings carry no missing values in our files.

  // 7.18 variable attributes (B.17): "name:attr('value'\n)attr2('value'\n)/name2:…".
  const withAttributes = vars.filter((sv) => sv.p.attributes.length > 0);
  if (withAttributes.length > 0) {
    const text = withAttributes
      .map((sv) => `${sv.p.name}:${sv.p.attributes.map(([key, value]) => `${key}('${value.replace(/'/g, "''").replace(/\n/g, ' ')}'\n)`).join('')}`)
      .join('/');
    textRecord(w, 18, text);
  }
}

/** The number a numeric/date cell stores; SYSMIS for null and empty. */
function numericCell(cell: SpssCell | undefined, isDate: boolean): number {
  if (cell === null || cell === undefined || cell === '') return SYSMIS;
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : SYSMIS;
  return isDate ? (isoDateToSpss(cell) ?? SYSMIS) : SYSMIS;
}

/** Bytecode compression state (B.20): blocks of 8 opcodes, each followed by its 8-byte literals. */
class Compressor {
  private opAt = 0;
  private nOps = 8;

  constructor(private readonly w: ByteWriter) {}

  op(code: number): void {
    if (this.nOps === 8) {
      this.opAt = this.w.pos;
      this.w.fill(0, 8); // unused opcodes stay 0 ("ignored")
      this.nOps = 0;
    }
    this.w.raw[this.opAt + this.nOps++] = code;
  }

  number(v: number): void {
    if (v === SYSMIS) this.op(255);
    else if (Number.isInteger(v) && v >= 1 - BIAS && v <= 251 - BIAS) this.op(v + BIAS);
    else {
      this.op(253);
      this.w.f64(v);
    }
  }

  /** One 8-byte chunk of string data. */
  chunk(bytes: Uint8Array, from: number): void {
    let blank = true;
    for (let k = 0; k < 8; k++) {
      if (bytes[from + k] !== SPACE) {
        blank = false;
        break;
      }
    }
    if (blank) this.op(254);
    else {
      this.op(253);
      this.w.bytes(bytes.subarray(from, from + 8));
    }
  }
}

function writeCases(w: ByteWriter, p: PreparedDataset, vars: readonly SavVariable[], caseOcts: number, compressed: boolean): void {
  const maxStringBytes = vars.reduce((m, sv) => Math.max(m, sv.segments.reduce((s, seg) => s + seg.allocBytes, 0) + REAL_VLS_CHUNK), 8);
  const scratch = new Uint8Array(maxStringBytes); // one string value, space padded
  const segBuf = new Uint8Array(roundUp8(REAL_VLS_CHUNK)); // one segment, space padded
  const comp = compressed ? new Compressor(w) : null;
  if (!compressed) w.ensure(caseOcts * 8 * p.rows.length);
  for (const row of p.rows) {
    for (const sv of vars) {
      const cell = row[sv.p.column];
      if (sv.p.width === 0) {
        const v = numericCell(cell, sv.p.kind === 'date');
        if (comp) comp.number(v);
        else w.f64(v);
        continue;
      }
      // encodeInto never writes a partial character, so a too-long value is cut on a character boundary.
      const text = cell === null || cell === undefined ? '' : String(cell);
      const { written } = encoder.encodeInto(text, scratch.subarray(0, sv.p.width));
      scratch.fill(SPACE, written, sv.p.width);
      for (const seg of sv.segments) {
        segBuf.fill(SPACE, 0, seg.allocBytes);
        segBuf.set(scratch.subarray(seg.offset, seg.offset + seg.usedBytes), 0);
        if (comp) for (let k = 0; k < seg.allocBytes; k += 8) comp.chunk(segBuf, k);
        else w.bytes(segBuf.subarray(0, seg.allocBytes));
      }
    }
  }
}

/** Writes an already prepared dataset as a system file. */
export function writeSavPrepared(p: PreparedDataset, options: SavOptions = {}): Uint8Array {
  if (p.variables.length === 0) throw new SpssExportError('cannot write a .sav file without variables');
  const mode = options.compression ?? 'bytecode';
  let compressed: boolean;
  switch (mode) {
    case 'none':
      compressed = false;
      break;
    case 'bytecode':
      compressed = true;
      break;
    default:
      return assertNever(mode, 'compression');
  }
  const shortNames = assignShortNames(p.variables);
  let dictIndex = 1;
  const vars: SavVariable[] = p.variables.map((v, i) => {
    const segments = segmentsFor(v.width).map((s, j) => ({ ...s, shortName: shortNames[i]?.[j] ?? '' }));
    const sv = { p: v, segments, dictIndex };
    dictIndex += segments.reduce((n, s) => n + s.allocBytes / 8, 0);
    return sv;
  });
  const caseOcts = dictIndex - 1;

  const w = new ByteWriter(64 * 1024);
  writeHeader(w, p, caseOcts, compressed, options.createdAt ?? new Date());
  for (const sv of vars) writeVariableRecords(w, sv);
  writeValueLabels(w, vars);
  writeExtensionRecords(w, p, vars);
  w.i32(999); // dictionary termination record (B.19)
  w.i32(0);
  writeCases(w, p, vars, caseOcts, compressed);
  return w.finish();
}

/** An SPSS system file (.sav), UTF-8, little-endian, bytecode compressed unless asked otherwise. */
export function writeSav(dataset: SpssDataset, options: SavOptions = {}): Uint8Array {
  return writeSavPrepared(prepareDataset(dataset), options);
}
