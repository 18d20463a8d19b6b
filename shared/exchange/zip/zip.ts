/**
 * Minimal ZIP reader and writer (PKWARE APPNOTE.TXT 6.3.x): methods 0 (stored) and 8 (deflated),
 * no encryption, no ZIP64, no multi-disk archives. REFI-QDA 1.5 section 8.2: a .qdpx is a ZIP file.
 *
 * The writer is deterministic: entries in the given order, a fixed DOS timestamp
 * (1980-01-01 00:00:00), no extra fields, UTF-8 names (general purpose flag bit 11).
 */
import { crc32 } from './crc32';
import { deflateRaw, inflateRaw, InflateLimitError } from './deflate';
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

export interface ZipReadOptions {
  /** Largest uncompressed member accepted, in bytes. Default 2^31−1 (REFI-QDA 1.5 section 8.5). */
  readonly maxEntrySize?: number;
  /** Most members accepted. Default 100 000. */
  readonly maxEntries?: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const EOCD_SIZE = 22;

/** Reads the central directory of a ZIP archive. Member data is decompressed lazily by `read()`. */
export function readZip(bytes: Uint8Array, options: ZipReadOptions = {}): ZipEntry[] {
  const maxEntrySize = options.maxEntrySize ?? 0x7fffffff;
  const maxEntries = options.maxEntries ?? 100_000;
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
  if (count > maxEntries) throw new ZipError(`the archive has ${count} members; at most ${maxEntries} are accepted`);
  if (cdOffset + cdSize > eocd) throw new ZipError('corrupt ZIP archive: the central directory lies outside the file');

  const entries: ZipEntry[] = [];
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
    const isDirectory = name.endsWith('/');
    entries.push({
      name,
      method,
      compressedSize,
      size,
      crc32: crc,
      isDirectory,
      read: () => readMember(bytes, view, { name, flags, method, crc, compressedSize, size, localOffset }, maxEntrySize),
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

async function readMember(bytes: Uint8Array, view: DataView, m: MemberInfo, maxEntrySize: number): Promise<Uint8Array> {
  if (m.flags & 0x0001) throw new ZipError('encrypted ZIP members are not supported', m.name);
  if (m.size > maxEntrySize) throw new ZipError(`member is ${m.size} bytes; at most ${maxEntrySize} are accepted`, m.name);
  const lh = m.localOffset;
  if (lh + 30 > bytes.length || view.getUint32(lh, true) !== SIG_LOCAL) throw new ZipError('corrupt ZIP archive: local header missing', m.name);
  const start = lh + 30 + view.getUint16(lh + 26, true) + view.getUint16(lh + 28, true);
  const end = start + m.compressedSize;
  if (end > bytes.length) throw new ZipError('corrupt ZIP archive: member data runs past the end of the file', m.name);
  const raw = bytes.subarray(start, end);
  let data: Uint8Array;
  if (m.method === 0) {
    data = raw.slice();
  } else if (m.method === 8) {
    try {
      data = await inflateRaw(raw, m.size);
    } catch (err) {
      if (err instanceof InflateLimitError) throw new ZipError(`member inflates to more than its declared ${m.size} bytes`, m.name);
      throw new ZipError(`corrupt ZIP member: ${err instanceof Error ? err.message : String(err)}`, m.name);
    }
  } else {
    throw new ZipError(`compression method ${m.method} is not supported (only stored and deflated)`, m.name);
  }
  if (data.length !== m.size) throw new ZipError(`member is ${data.length} bytes but the directory says ${m.size}`, m.name);
  if (crc32(data) !== m.crc) throw new ZipError('CRC-32 mismatch: the member is corrupt', m.name);
  return data;
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

/** DOS date 1980-01-01 (APPNOTE 4.4.6): ((1980-1980) << 9) | (1 << 5) | 1. */
const FIXED_DOS_DATE = 0x0021;
const FIXED_DOS_TIME = 0x0000;

/** Writes a ZIP archive with the members in the given order. Deterministic for equal input. */
export async function writeZip(files: readonly ZipInput[], options: ZipWriteOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
  const compress = (options.compression ?? 'deflate') === 'deflate';
  const seen = new Set<string>();
  const prepared: { name: Uint8Array; method: number; crc: number; size: number; body: Uint8Array }[] = [];
  for (const f of files) {
    if (seen.has(f.name)) throw new ZipError('duplicate member name', f.name);
    seen.add(f.name);
    if (f.data.length > 0xfffffffe) throw new ZipError('member too large for a non-ZIP64 archive', f.name);
    const name = encodeUtf8(f.name);
    if (name.length > 0xffff) throw new ZipError('member name too long', f.name);
    let method = 0;
    let body: Uint8Array = f.data;
    if (compress && f.data.length > 0) {
      const deflated = await deflateRaw(f.data);
      if (deflated.length < f.data.length) {
        method = 8;
        body = deflated;
      }
    }
    prepared.push({ name, method, crc: crc32(f.data), size: f.data.length, body });
  }
  let total = EOCD_SIZE;
  for (const e of prepared) total += 30 + e.name.length + e.body.length + 46 + e.name.length;
  if (total > 0xffffffff) throw new ZipError('archive too large for a non-ZIP64 archive');
  if (prepared.length > 0xfffe) throw new ZipError('too many members for a non-ZIP64 archive');
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let p = 0;
  const offsets: number[] = [];
  for (const e of prepared) {
    offsets.push(p);
    view.setUint32(p, SIG_LOCAL, true);
    view.setUint16(p + 4, 20, true); // version needed: 2.0 (deflate)
    view.setUint16(p + 6, 0x0800, true); // UTF-8 names
    view.setUint16(p + 8, e.method, true);
    view.setUint16(p + 10, FIXED_DOS_TIME, true);
    view.setUint16(p + 12, FIXED_DOS_DATE, true);
    view.setUint32(p + 14, e.crc, true);
    view.setUint32(p + 18, e.body.length, true);
    view.setUint32(p + 22, e.size, true);
    view.setUint16(p + 26, e.name.length, true);
    view.setUint16(p + 28, 0, true);
    out.set(e.name, p + 30);
    out.set(e.body, p + 30 + e.name.length);
    p += 30 + e.name.length + e.body.length;
  }
  const cdStart = p;
  prepared.forEach((e, k) => {
    view.setUint32(p, SIG_CENTRAL, true);
    view.setUint16(p + 4, 20, true); // version made by: MS-DOS, 2.0
    view.setUint16(p + 6, 20, true);
    view.setUint16(p + 8, 0x0800, true);
    view.setUint16(p + 10, e.method, true);
    view.setUint16(p + 12, FIXED_DOS_TIME, true);
    view.setUint16(p + 14, FIXED_DOS_DATE, true);
    view.setUint32(p + 16, e.crc, true);
    view.setUint32(p + 20, e.body.length, true);
    view.setUint32(p + 24, e.size, true);
    view.setUint16(p + 28, e.name.length, true);
    // extra length, comment length, disk number, internal and external attributes: all 0
    view.setUint32(p + 42, offsets[k] as number, true);
    out.set(e.name, p + 46);
    p += 46 + e.name.length;
  });
  view.setUint32(p, SIG_EOCD, true);
  view.setUint16(p + 8, prepared.length, true);
  view.setUint16(p + 10, prepared.length, true);
  view.setUint32(p + 12, p - cdStart, true);
  view.setUint32(p + 16, cdStart, true);
  return out;
}
