/**
 * Hostile files, generated (never committed: some are zip bombs). Used by the importer tests and
 * the bounded fuzz run, and written to a folder by `scripts/make-hostile-files.ts` for manual
 * attack passes. Each is small on disk; what it does to a careless reader is in its name.
 */
import { writeZip } from '../../shared/exchange/zip/zip';

const enc = (s: string) => new TextEncoder().encode(s);
const guid = (n: number) => `0190e6a8-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

/** A .qdc codebook with `count` codes, flat or nested `depth` deep. */
export function manyCodesQdc(count: number, options: { depth?: number; name?: (i: number) => string } = {}): string {
  const name = options.name ?? ((i: number) => `Code ${i}`);
  const depth = Math.max(1, options.depth ?? 1);
  const parts: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="hostile"><Codes>'];
  let open = 0;
  for (let i = 0; i < count; i++) {
    parts.push(`<Code guid="${guid(i + 1)}" name="${name(i)}" isCodable="true"${i % depth === depth - 1 || i === count - 1 ? '/>' : '>'}`);
    if (i % depth === depth - 1 || i === count - 1) {
      parts.push('</Code>'.repeat(open));
      open = 0;
    } else open++;
  }
  parts.push('</Codes></CodeBook>');
  return parts.join('');
}

/** A .qdc whose one code has a `length`-character name (the API caps names at 200). */
export function longNameQdc(length: number): string {
  return manyCodesQdc(1, { name: () => 'x'.repeat(length) });
}

/** `xml` with an invalid UTF-8 byte (a lone continuation byte) at `offset`. */
export function withInvalidUtf8(text: string, offset: number): Uint8Array {
  const bytes = enc(text);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes.subarray(0, offset));
  out[offset] = 0x80;
  out.set(bytes.subarray(offset), offset + 1);
  return out;
}

/** A ZIP whose member `name` holds `real` zero bytes but whose directory declares `declared`. */
export async function lyingZip(name: string, real: number, declared: number, others: Record<string, string> = {}): Promise<Uint8Array> {
  const zip = await writeZip([...Object.entries(others).map(([n, t]) => ({ name: n, data: enc(t) })), { name, data: new Uint8Array(real) }]);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const cdStart = view.getUint32(zip.length - 6, true);
  // Walk to the last central directory record (the bomb) and set its uncompressed size.
  let p = cdStart;
  let last = p;
  while (view.getUint32(p, true) === 0x02014b50) {
    last = p;
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  view.setUint32(last + 24, declared, true);
  return zip;
}

/** A .qdpx (no real project) declaring a 1.5 GB project.qde: the attack pass's bomb. */
export function qdpxBomb(): Promise<Uint8Array> {
  return lyingZip('project.qde', 1024 * 1024, 1_500_000_000);
}

/** A JSON export .zip whose manifest declares 1.5 GB. */
export function jsonZipBomb(): Promise<Uint8Array> {
  return lyingZip('manifest.json', 1024 * 1024, 1_500_000_000);
}

/** A ZIP with `count` empty members. */
export function manyMembersZip(count: number): Promise<Uint8Array> {
  return writeZip(Array.from({ length: count }, (_, i) => ({ name: `m${i}.json`, data: new Uint8Array(0) })));
}
