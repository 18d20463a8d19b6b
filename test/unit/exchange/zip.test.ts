import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../shared/exchange/zip/crc32';
import { readZip, writeZip, ZipError } from '../../../shared/exchange/zip/zip';
import { encodeUtf8, decodeUtf8 } from '../../../shared/exchange/text/utf8';
import { tempDir } from '../../support/temp';

const HAS_ZIP = spawnSync('zip', ['-v']).status === 0;
const HAS_UNZIP = spawnSync('unzip', ['-v']).status === 0;
if (!HAS_ZIP) console.log('zip.test: `zip` is not installed; building the foreign archive with node:zlib instead');
if (!HAS_UNZIP) console.log('zip.test: skipping `unzip -t` check: `unzip` is not installed');

async function contents(bytes: Uint8Array): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of readZip(bytes)) if (!e.isDirectory) out[e.name] = decodeUtf8(await e.read());
  return out;
}

/** A ZIP built by hand the way other tools do it: deflate via node:zlib, data descriptors, DOS times. */
function handMadeZip(files: Record<string, string>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8');
    const body = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0808, 6); // UTF-8 + data descriptor: sizes are 0 in the local header
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x6000, 10);
    local.writeUInt16LE(0x5821, 12);
    local.writeUInt16LE(nameBytes.length, 26);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(body.length, 8);
    descriptor.writeUInt32LE(data.length, 12);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0808, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body, descriptor);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length + descriptor.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Object.keys(files).length, 8);
  eocd.writeUInt16LE(Object.keys(files).length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, eocd]));
}

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(encodeUtf8('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    const whole = encodeUtf8('hello, world');
    expect(crc32(whole.subarray(5), crc32(whole.subarray(0, 5)))).toBe(crc32(whole));
  });
});

describe('writeZip / readZip', () => {
  const files = {
    'project.qde': '<Project/>'.repeat(200),
    'sources/a.txt': 'short',
    'sources/ការអប់រំ 😀.txt': 'ការអប់រំ 😀\n'.repeat(50),
    'empty.txt': '',
  };
  const input = Object.entries(files).map(([name, text]) => ({ name, data: encodeUtf8(text) }));

  it.each(['deflate', 'store'] as const)('round-trips names and data (%s)', async (compression) => {
    const zip = await writeZip(input, { compression });
    expect(await contents(zip)).toEqual(files);
    const entries = readZip(zip);
    expect(entries.map((e) => e.method)).toEqual(compression === 'store' ? [0, 0, 0, 0] : [8, 0, 8, 0]);
  });

  it('is deterministic: same input, same bytes, fixed 1980-01-01 timestamps', async () => {
    const a = await writeZip(input);
    const b = await writeZip(input);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const view = new DataView(a.buffer);
    expect(view.getUint16(10, true)).toBe(0); // time
    expect(view.getUint16(12, true)).toBe(0x21); // date 1980-01-01
  });

  it('writes archives that unzip accepts and extracts', async () => {
    if (!HAS_UNZIP) return;
    const dir = tempDir();
    const file = join(dir, 'x.zip');
    writeFileSync(file, await writeZip(input));
    const test = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
    expect(test.stdout).toMatch(/No errors detected/);
    spawnSync('unzip', ['-q', file, '-d', join(dir, 'out')]);
    expect(readFileSync(join(dir, 'out', 'sources', 'a.txt'), 'utf8')).toBe('short');
  });

  it('reads an archive written by the zip command (or by node:zlib with data descriptors)', async () => {
    const want = { 'project.qde': '<Project name="x"/>\n'.repeat(30), 'Sources/B.txt': 'b '.repeat(500) };
    let zip: Uint8Array;
    if (HAS_ZIP) {
      const dir = tempDir();
      mkdirSync(join(dir, 'Sources'));
      writeFileSync(join(dir, 'project.qde'), want['project.qde']);
      writeFileSync(join(dir, 'Sources', 'B.txt'), want['Sources/B.txt']);
      const r = spawnSync('zip', ['-q', '-r', '-X', 'out.zip', 'project.qde', 'Sources'], { cwd: dir });
      expect(r.status).toBe(0);
      zip = new Uint8Array(readFileSync(join(dir, 'out.zip')));
    } else {
      zip = handMadeZip(want);
    }
    expect(await contents(zip)).toEqual(want);
    expect(readZip(zip).some((e) => e.isDirectory && e.name === 'Sources/') || !HAS_ZIP).toBe(true);
  });

  it('reads data-descriptor archives built with node:zlib', async () => {
    const want = { 'project.qde': 'x'.repeat(1000), 'sources/c.txt': 'ការអប់រំ' };
    expect(await contents(handMadeZip(want))).toEqual(want);
  });

  it('reads an archive with a trailing comment', async () => {
    const zip = await writeZip(input);
    const withComment = new Uint8Array(zip.length + 5);
    withComment.set(zip);
    withComment.set(encodeUtf8('hello'), zip.length);
    new DataView(withComment.buffer).setUint16(zip.length - 2, 5, true);
    expect(Object.keys(await contents(withComment))).toHaveLength(4);
  });

  it('detects corrupt member data by CRC-32', async () => {
    const zip = await writeZip([{ name: 'a.txt', data: encodeUtf8('hello world') }], { compression: 'store' });
    zip[30 + 5] = (zip[30 + 5] ?? 0) ^ 0xff; // first data byte after the 30-byte header and 5-byte name
    await expect(readZip(zip)[0]!.read()).rejects.toThrow(/CRC-32 mismatch/);
  });

  it('stops inflating at the declared size (zip bomb guard)', async () => {
    const zip = await writeZip([{ name: 'bomb.txt', data: new Uint8Array(1_000_000) }]);
    const view = new DataView(zip.buffer);
    const cd = view.getUint32(zip.length - 6, true);
    view.setUint32(cd + 24, 1000, true); // lie about the uncompressed size
    const err = await readZip(zip)[0]!.read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZipError);
    expect((err as ZipError).message).toMatch(/more than its declared 1000 bytes/);
    expect((err as ZipError).entry).toBe('bomb.txt');
  });

  it('rejects members above maxEntrySize from the directory, before inflating anything', async () => {
    const zip = await writeZip([{ name: 'big.txt', data: new Uint8Array(5000) }]);
    expect(() => readZip(zip, { maxEntrySize: 4000 })).toThrow(expect.objectContaining({ entry: 'big.txt', message: expect.stringMatching(/at most 4000 bytes/) }));
  });

  // Issue 17, failure 4: a 1.5 MB archive declaring a 1.5 GB member took 30-44 s and 4.8 GB.
  it('refuses a member declaring 1.5 GB at once, by its declared size', async () => {
    const zip = await writeZip([{ name: 'project.qde', data: new Uint8Array(1000) }]);
    const view = new DataView(zip.buffer);
    const cd = view.getUint32(zip.length - 6, true);
    view.setUint32(cd + 24, 1_500_000_000, true);
    // The message names the declared size: refused from the directory, before any inflating.
    expect(() => readZip(zip)).toThrow(/declares 1430\.5 MiB uncompressed; at most 100 MiB/);
  });

  it('caps the total declared and the total inflated across members, and the member count', async () => {
    const five = await writeZip(Array.from({ length: 5 }, (_, i) => ({ name: `m${i}.txt`, data: new Uint8Array(3000) })));
    expect(() => readZip(five, { maxTotalSize: 10_000 })).toThrow(expect.objectContaining({ entry: 'm3.txt', message: expect.stringMatching(/more than 10000 bytes uncompressed in all/) }));
    expect(() => readZip(five, { maxEntries: 4 })).toThrow(/5 members; at most 4/);
    // Members that under-declare: each lie caught by its own declared size; the total by the running count.
    const entries = readZip(five, { maxTotalSize: 15_000 });
    for (const e of entries) expect((await e.read()).length).toBe(3000);
  });

  it('stops a lying member while inflating, long before it reaches its real size', async () => {
    const zip = await writeZip([{ name: 'bomb.txt', data: new Uint8Array(200 * 1024 * 1024) }]);
    expect(zip.length).toBeLessThan(1024 * 1024);
    const view = new DataView(zip.buffer);
    const cd = view.getUint32(zip.length - 6, true);
    view.setUint32(cd + 24, 50 * 1024 * 1024, true); // declares 50 MiB, inflates to 200 MiB
    // Stopped at the declared size: the message says so, and the 200 MiB were never produced.
    await expect(readZip(zip)[0]!.read()).rejects.toThrow(/more than its declared 52428800 bytes/);
  });

  it.each([
    [new Uint8Array(0), /too short/],
    [new Uint8Array(100), /no end-of-central-directory/],
    [encodeUtf8('PK\u0003\u0004 definitely not a zip file, just some text here'), /no end-of-central-directory/],
  ])('rejects non-archives', (bytes, message) => {
    expect(() => readZip(bytes)).toThrow(message);
  });

  it('rejects a central directory that points outside the file', async () => {
    const zip = await writeZip(input);
    new DataView(zip.buffer).setUint32(zip.length - 6, zip.length + 10, true);
    expect(() => readZip(zip)).toThrow(/outside the file/);
  });

  it('rejects corrupt deflate data with a ZipError', async () => {
    const zip = await writeZip([{ name: 'a.txt', data: encodeUtf8('abc'.repeat(100)) }]);
    zip[30 + 5] = 0xff; // first DEFLATE block header: BTYPE 11 is reserved (RFC 1951 3.2.3)
    await expect(readZip(zip)[0]!.read()).rejects.toBeInstanceOf(ZipError);
  });

  it('refuses duplicate member names on write', async () => {
    await expect(writeZip([{ name: 'a', data: new Uint8Array(1) }, { name: 'a', data: new Uint8Array(1) }])).rejects.toThrow(/duplicate/);
  });
});
