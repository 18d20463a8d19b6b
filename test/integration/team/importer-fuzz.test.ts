// A bounded fuzz run of every file importer through the real API (seconds, not minutes; runs in
// the normal suite). Valid files are mutated with a seeded generator (bit flips, cuts, repeats,
// hostile splices); every answer must be success or a located `invalid_input`: no crash (a throw
// out of dispatch), no hang (over HANG_MS), no generic "internal" error. FUZZ_CASES=n runs more.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { FieldnoteServices } from '../../../electron/services/fieldnote-services';
import { dispatch } from '../../../shared/api/dispatch';
import { readZip, writeZip } from '../../../shared/exchange/zip/zip';
import { PASS, tempDir } from '../../support/temp';
import { manyCodesQdc } from '../../support/hostile-files';
import { call, seededProject, services } from './team-support';
import nodePath from 'node:path';
import { seededRandom as random } from '../../../shared/util/seeded-random';

const CASES = Number(process.env.FUZZ_CASES ?? 60);
const HANG_MS = 3000;


const HOSTILE = ['\u0000', '\uFFFF', '99999999999999999999', '-1', '<!DOCTYPE x [<!ENTITY a "aaaa">]>', '&a;', ']]>', '"', '{', '[[[[[[[[', 'x'.repeat(300), '\uD800'].map((s) => new TextEncoder().encode(s));

function mutate(seed: Uint8Array, rnd: () => number): Uint8Array {
  let bytes = seed.slice();
  const steps = 1 + Math.floor(rnd() * 4);
  for (let k = 0; k < steps; k++) {
    const at = Math.floor(rnd() * Math.max(1, bytes.length));
    switch (Math.floor(rnd() * 6)) {
      case 0: // flip bits
        if (bytes.length > 0) bytes[at] = bytes[at]! ^ (1 << Math.floor(rnd() * 8));
        break;
      case 1: // truncate
        bytes = bytes.slice(0, at);
        break;
      case 2: // delete a run
        bytes = new Uint8Array([...bytes.slice(0, at), ...bytes.slice(at + 1 + Math.floor(rnd() * 64))]);
        break;
      case 3: // repeat a run
        bytes = new Uint8Array([...bytes.slice(0, at + 32), ...bytes.slice(at, at + 32), ...bytes.slice(at + 32)]);
        break;
      case 4: // splice a hostile token
        bytes = new Uint8Array([...bytes.slice(0, at), ...HOSTILE[Math.floor(rnd() * HOSTILE.length)]!, ...bytes.slice(at)]);
        break;
      default: // random byte
        if (bytes.length > 0) bytes[at] = Math.floor(rnd() * 256);
    }
  }
  return bytes;
}

/** For archives: mutate one member's bytes and rezip (so the fuzz reaches past the ZIP layer), or the archive itself. */
async function mutateArchive(seed: Uint8Array, rnd: () => number): Promise<Uint8Array> {
  if (rnd() < 0.3) return mutate(seed, rnd);
  const entries = readZip(seed);
  const target = Math.floor(rnd() * entries.length);
  return writeZip(await Promise.all(entries.map(async (e, i) => ({ name: e.name, data: i === target ? mutate(await e.read(), rnd) : await e.read() }))));
}

interface Tally {
  cases: number;
  accepted: number;
  located: number;
  crashes: number;
  hangs: number;
  generic: number;
  examples: string[];
}

let s: FieldnoteServices;
const seeds: Record<string, Uint8Array> = {};
const tallies: Record<string, Tally> = {};

beforeAll(async () => {
  const dir = tempDir();
  const source = nodePath.join(dir, 'source.fieldnote');
  await seededProject(source, { interviews: 2, seed: 5 });
  const src = services(dir, 'src-config');
  await call(src, 'project.open', { path: source, passphrase: PASS });
  seeds.qdpx = new Uint8Array(Buffer.from((await call(src, 'exchange.exportQdpx', {})).dataBase64, 'base64'));
  seeds.json = new Uint8Array(Buffer.from((await call(src, 'exchange.exportJson', {})).dataBase64, 'base64'));
  seeds.qdc = new Uint8Array(Buffer.from((await call(src, 'exchange.exportQdc', {})).dataBase64, 'base64'));
  src.close();
  seeds.qdcNested = new TextEncoder().encode(manyCodesQdc(40, { depth: 5 }));
  s = services(dir);
  await call(s, 'project.create', { path: 'target.fieldnote', title: 'T', passphrase: PASS, passphraseConfirm: PASS });
}, 120_000);

afterAll(() => {
  s?.close();
  // The figures for docs/security.md.
  console.log(JSON.stringify(Object.fromEntries(Object.entries(tallies).map(([k, t]) => [k, { ...t, examples: t.examples.slice(0, 3) }])), null, 1));
});

const importers = {
  qdc: { method: 'exchange.importQdc', seed: (rnd: () => number) => (rnd() < 0.5 ? seeds.qdc! : seeds.qdcNested!), archive: false, fileName: 'fuzz.qdc' },
  qdpx: { method: 'exchange.importQdpx', seed: (_rnd: () => number) => seeds.qdpx!, archive: true, fileName: 'fuzz.qdpx' },
  json: { method: 'exchange.importJson', seed: (_rnd: () => number) => seeds.json!, archive: true, fileName: 'fuzz.zip' },
} as const;

describe('importer fuzz (bounded)', () => {
  for (const [name, importer] of Object.entries(importers)) {
    it(`${name}: ${CASES} mutated files, each accepted or refused with a located error`, async () => {
      const tally: Tally = { cases: 0, accepted: 0, located: 0, crashes: 0, hangs: 0, generic: 0, examples: [] };
      tallies[name] = tally;
      const rnd = random(17 + name.length);
      for (let i = 0; i < CASES; i++) {
        const seed = importer.seed(rnd);
        const bytes = importer.archive ? await mutateArchive(seed, rnd) : mutate(seed, rnd);
        const input = { fileName: importer.fileName, dataBase64: Buffer.from(bytes).toString('base64'), ...(importer.method === 'exchange.importJson' ? {} : { initials: 'FZ' }) };
        const started = Date.now();
        tally.cases++;
        try {
          const result = await dispatch(s.handlers, importer.method, input);
          if (Date.now() - started > HANG_MS) tally.hangs++;
          if (result.ok) tally.accepted++;
          else if (result.error.code === 'invalid_input') tally.located++;
          else {
            tally.generic++;
            tally.examples.push(`case ${i}: ${result.error.code}: ${result.error.message}`);
          }
        } catch (error) {
          tally.crashes++;
          tally.examples.push(`case ${i}: threw ${(error as Error).name}: ${(error as Error).message}`);
        }
      }
      expect(tally.examples).toEqual([]);
      expect({ crashes: tally.crashes, hangs: tally.hangs, generic: tally.generic }).toEqual({ crashes: 0, hangs: 0, generic: 0 });
    }, 120_000);
  }
});
