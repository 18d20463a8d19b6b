/**
 * ZIP archives (PKWARE APPNOTE.TXT 6.3.x) for .qdpx (REFI-QDA 1.5 section 8.2), the JSON export
 * and .docx, through `fflate`, wrapped with our limits and located errors.
 *
 * What is capped, and when (a "zip bomb" is a small archive that inflates to gigabytes):
 * - the number of members (`maxEntries`, default 10 000): checked on the end-of-central-directory
 *   record, before the directory is read;
 * - each member's declared uncompressed size (`maxEntrySize`, default 100 MiB) and the sum of all
 *   declared sizes (`maxTotalSize`, default 256 MiB): checked on the central directory, before
 *   anything is inflated;
 * - each member's inflated size (at most its declared size, which is itself capped) and the
 *   archive's total inflated bytes (at most `maxTotalSize`): checked while inflating, 16 KiB of
 *   compressed input at a time, so a member that lies about its size stops within ~16 MiB;
 * - the CRC-32 and the exact length of every member: checked after inflating.
 *
 * Why the central directory is still read here: fflate's `unzipSync` neither checks CRCs nor bounds
 * a member's output by a cap while inflating, and its errors name no member. fflate does the
 * DEFLATE work (`Inflate`, streaming) and writes archives (`zipSync`); this file only locates
 * members and applies the limits. Methods 0 (stored) and 8 (deflated); no encryption, no ZIP64,
 * no multi-disk archives.
 *
 * The writer is deterministic: a fixed DOS timestamp (1980-01-01 00:00:00), no extra fields,
 * UTF-8 names, each member deflated only when that makes it smaller. Members are written in the
 * given order, except that names that are canonical array indices ("0", "17") come first, as
 * JavaScript orders such object keys; Fieldnote writes no such names.
 */
import { Inflate, deflateSync, zipSync, type Zippable } from 'fflate';
import { crc32 } from './crc32';
import { decodeUtf8, encodeUtf8 } from '../text/utf8';

/** A ZIP archive that cannot be read; `entry` names the member when one is involved. */
export class ZipError extends Error {
  constructor(
    message: string,
    readonly entry?: string,
  ) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipEntry {
  /** Path inside the archive, '/' separated, as stored. */
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc32: number;
  readonly isDirectory: boolean;
  /** Decompresses the member and checks its size and CRC-32. */
  read(): Promise<Uint8Array>;
}

export interface ZipLimits {
  /** Largest uncompressed member accepted, in bytes. */
  readonly maxEntrySize: number;
  /** Most members accepted. */
  readonly maxEntries: number;
  /** Largest sum of uncompressed member sizes, declared and inflated. */
  readonly maxTotalSize: number;
}

export type ZipReadOptions = Partial<ZipLimits>;

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntrySize: 100 * 1024 * 1024,
  maxEntries: 10_000,
  maxTotalSize: 256 * 1024 * 1024,
};

/** Compressed bytes fed to the inflater per step: bounds one step's output to ~16 MiB (DEFLATE's ratio is at most 1032:1). */
const INFLATE_STEP = 16 * 1024;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const EOCD_SIZE = 22;

const mib = (n: number): string => (n < 1024 * 1024 ? `${n} bytes` : `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`);

/** Reads the central directory of a ZIP archive. Member data is decompressed lazily by `read()`. */
export function readZip(bytes: Uint8Array, options: ZipReadOptions = {}): ZipEntry[] {
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (p: number): number => view.getUint16(p, true);
  const u32 = (p: number): number => view.getUint32(p, true);

  if (bytes.length < EOCD_SIZE) throw new ZipError('not a ZIP archive: too short to hold an end-of-central-directory record');
  // APPNOTE 4.3.16: the EOCD is the last record, followed by a comment of at most 65535 bytes.
  let eocd = -1;
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - 0xffff);
  for (let p = bytes.length - EOCD_SIZE; p >= lowest; p--) {
    if (u32(p) === SIG_EOCD && p + EOCD_SIZE + u16(p + 20) === bytes.length) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('not a ZIP archive: no end-of-central-directory record');
  if (eocd >= 20 && u32(eocd - 20) === SIG_ZIP64_LOCATOR) throw new ZipError('ZIP64 archives are not supported');
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0) throw new ZipError('multi-disk (split) ZIP archives are not supported');
  const count = u16(eocd + 10);
  const cdSize = u32(eocd + 12);
  const cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ZipError('ZIP64 archives are not supported');
  if (count > limits.maxEntries) throw new ZipError(`the archive has ${count} members; at most ${limits.maxEntries} are accepted`);
  if (cdOffset + cdSize > eocd) throw new ZipError('corrupt ZIP archive: the central directory lies outside the file');

  // Shared by every member's read(): the archive's total inflated bytes so far.
  const budget = { inflated: 0, limit: limits.maxTotalSize };
  const entries: ZipEntry[] = [];
  let declaredTotal = 0;
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || u32(p) !== SIG_CENTRAL) throw new ZipError(`corrupt ZIP archive: central directory record ${k + 1} is damaged`);
    const flags = u16(p + 8);
    const method = u16(p + 10);
    const crc = u32(p + 16);
    const compressedSize = u32(p + 20);
    const size = u32(p + 24);
    const nameLen = u16(p + 28);
    const extraLen = u16(p + 30);
    const commentLen = u16(p + 32);
    const localOffset = u32(p + 42);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > eocd) throw new ZipError(`corrupt ZIP archive: central directory record ${k + 1} is damaged`);
    const name = decodeName(bytes.subarray(p + 46, p + 46 + nameLen), (flags & 0x0800) !== 0);
    p = next;
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      throw new ZipError('ZIP64 archives are not supported', name);
    }
    if (size > limits.maxEntrySize) {
      throw new ZipError(`the member declares ${mib(size)} uncompressed; at most ${mib(limits.maxEntrySize)} per member are accepted`, name);
    }
    declaredTotal += size;
    if (declaredTotal > limits.maxTotalSize) {
      throw new ZipError(`the members declare more than ${mib(limits.maxTotalSize)} uncompressed in all; that is more than Fieldnote accepts from one archive`, name);
    }
    const isDirectory = name.endsWith('/');
    const info: MemberInfo = { name, flags, method, crc, compressedSize, size, localOffset };
    entries.push({
      name,
      method,
      compressedSize,
      size,
      crc32: crc,
      isDirectory,
      read: async () => readMember(bytes, view, info, budget),
    });
  }
  return entries;
}

interface MemberInfo {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function readMember(bytes: Uint8Array, view: DataView, m: MemberInfo, budget: { inflated: number; limit: number }): Uint8Array {
  if (m.flags & 0x0001) throw new ZipError('encrypted ZIP members are not supported', m.name);
  const lh = m.localOffset;
  if (lh + 30 > bytes.length || view.getUint32(lh, true) !== SIG_LOCAL) throw new ZipError('corrupt ZIP archive: local header missing', m.name);
  const start = lh + 30 + view.getUint16(lh + 26, true) + view.getUint16(lh + 28, true);
  const end = start + m.compressedSize;
  if (end > bytes.length) throw new ZipError('corrupt ZIP archive: member data runs past the end of the file', m.name);
  const raw = bytes.subarray(start, end);
  let data: Uint8Array;
  if (m.method === 0) {
    charge(budget, raw.length, m.name);
    data = raw.slice();
  } else if (m.method === 8) {
    data = inflateCapped(raw, m, budget);
  } else {
    throw new ZipError(`compression method ${m.method} is not supported (only stored and deflated)`, m.name);
  }
  if (data.length !== m.size) throw new ZipError(`member is ${data.length} bytes but the directory says ${m.size}`, m.name);
  if (crc32(data) !== m.crc) throw new ZipError('CRC-32 mismatch: the member is corrupt', m.name);
  return data;
}

function charge(budget: { inflated: number; limit: number }, n: number, name: string): void {
  budget.inflated += n;
  if (budget.inflated > budget.limit) {
    throw new ZipError(`the archive inflates to more than ${mib(budget.limit)}; that is more than Fieldnote accepts from one archive`, name);
  }
}

class InflateLimit extends Error {}

/** Raw DEFLATE through fflate's streaming inflater, stopping as soon as the output passes the member's declared size. */
function inflateCapped(raw: Uint8Array, m: MemberInfo, budget: { inflated: number; limit: number }): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > m.size) throw new InflateLimit();
    charge(budget, chunk.length, m.name);
    chunks.push(chunk);
  });
  try {
    if (raw.length === 0) inflater.push(raw, true);
    for (let at = 0; at < raw.length; at += INFLATE_STEP) {
      inflater.push(raw.subarray(at, at + INFLATE_STEP), at + INFLATE_STEP >= raw.length);
    }
  } catch (err) {
    if (err instanceof ZipError) throw err;
    if (err instanceof InflateLimit) throw new ZipError(`member inflates to more than its declared ${m.size} bytes`, m.name);
    throw new ZipError(`corrupt ZIP member: ${err instanceof Error ? err.message : String(err)}`, m.name);
  }
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/** CP437 for names without the UTF-8 flag (APPNOTE appendix D); ASCII is the same in both. */
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

function decodeName(raw: Uint8Array, utf8: boolean): string {
  if (utf8) {
    try {
      return decodeUtf8(raw);
    } catch {
      // Fall through: some writers set the flag wrongly.
    }
  }
  let s = '';
  for (const b of raw) s += b < 0x80 ? String.fromCharCode(b) : (CP437_HIGH[b - 0x80] as string);
  return s;
}

export interface ZipInput {
  readonly name: string;
  readonly data: Uint8Array;
}

export interface ZipWriteOptions {
  /** 'deflate' (default) stores a member deflated when that is smaller; 'store' never compresses. */
  readonly compression?: 'deflate' | 'store';
}

/** 1980-01-01 00:00:00 local time: fflate turns it into DOS date 0x0021, time 0 (APPNOTE 4.4.6). */
const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);

/** Writes a ZIP archive with the members in the given order. Deterministic for equal input. */
export async function writeZip(files: readonly ZipInput[], options: ZipWriteOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
  const compress = (options.compression ?? 'deflate') === 'deflate';
  const members: Zippable = {};
  for (const f of files) {
    if (Object.prototype.hasOwnProperty.call(members, f.name)) throw new ZipError('duplicate member name', f.name);
    if (f.data.length > 0xfffffffe) throw new ZipError('member too large for a non-ZIP64 archive', f.name);
    if (encodeUtf8(f.name).length > 0xffff) throw new ZipError('member name too long', f.name);
    const smaller = compress && f.data.length > 0 && deflateSync(f.data, { level: 6 }).length < f.data.length;
    members[f.name] = [f.data, { level: smaller ? 6 : 0, mtime: FIXED_TIME }];
  }
  if (files.length > 0xfffe) throw new ZipError('too many members for a non-ZIP64 archive');
  const out = zipSync(members);
  return new Uint8Array(out.buffer as ArrayBuffer, out.byteOffset, out.byteLength);
}
