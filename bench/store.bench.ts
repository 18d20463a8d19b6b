/**
 * The encrypted project file: unlock time with the KDF's cost, opening a project of 300
 * interviews' worth of notes, and the price of encryption for small durable writes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import nodePath from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { CIPHER } from '../electron/store/cipher';
import { ProjectStore } from '../electron/store/project-store';
import { median, tempDir, time, type Bench, type BenchResult } from './harness';

const PASS = 'bench passphrase that is long enough';

function syntheticNote(words: number, seed: number): string {
  const vocabulary = ['training', 'police', 'referral', 'shelter', 'court', 'victim', 'support', 'case', 'staff', 'community', 'អប់រំ', 'ប៉ូលីស', 'តុលាការ', 'ជនរងគ្រោះ'];
  const out: string[] = [];
  let x = seed;
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out.push(vocabulary[x % vocabulary.length]!);
  }
  return out.join(' ');
}

const allRuns = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');

function writesPerSecond(db: Database.Database, count: number): number {
  db.exec('CREATE TABLE IF NOT EXISTS w (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO w (id, body) VALUES (?, ?)');
  const body = 'x'.repeat(200);
  const { ms } = time(() => {
    for (let i = 0; i < count; i++) insert.run(crypto.randomUUID(), body); // each run is its own durable transaction
  });
  return (count / ms) * 1000;
}

export const storeBench: Bench = {
  title: 'Encrypted project file',
  run() {
    const dir = tempDir();
    const results: BenchResult[] = [];
    try {
      const file = nodePath.join(dir, 'bench.fieldnote');
      ProjectStore.create(file, PASS, { title: 'Bench' }).close();
      const unlocks = Array.from({ length: 7 }, () => time(() => ProjectStore.open(file, PASS).close()).ms);
      const unlock = median(unlocks);
      results.push({ name: 'unlock (key derivation, sanity read, migrations check), median of 7', value: `${unlock.toFixed(0)} ms`, target: '< 2000 ms', met: unlock < 2000, note: `PBKDF2-HMAC-SHA512, ${CIPHER.kdfIterations.toLocaleString('en')} iterations; every run: ${allRuns(unlocks)} ms` });

      // 300 interviews of about 5,000 words each, stored as note rows, then open and read all.
      const big = nodePath.join(dir, 'big.fieldnote');
      const store = ProjectStore.create(big, PASS, { title: '300 interviews' });
      store.db.exec('CREATE TABLE bench_note (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT');
      const put = store.db.prepare('INSERT INTO bench_note (id, body) VALUES (?, ?)');
      store.db.transaction(() => {
        for (let i = 0; i < 300; i++) put.run(crypto.randomUUID(), syntheticNote(5000, i));
      })();
      store.close();
      const size = fs.statSync(big).size;
      const opens = Array.from({ length: 5 }, () =>
        time(() => {
          const s = ProjectStore.open(big, PASS);
          s.db.prepare('SELECT count(*), sum(length(body)) FROM bench_note').get();
          s.info();
          s.close();
        }).ms,
      );
      results.push({ name: 'open a 300-interview project and read every note, median of 5', value: `${median(opens).toFixed(0)} ms`, note: `${(size / 2 ** 20).toFixed(1)} MiB file; every run: ${allRuns(opens)} ms` });

      // Small durable writes: encrypted project against a plain SQLite file, same settings, three
      // interleaved runs. The price of encryption on real note saves is in the autosave benchmark.
      const count = 500;
      const encrypted = ProjectStore.create(nodePath.join(dir, 'w.fieldnote'), PASS, { title: 'w' });
      const plain = new Database(nodePath.join(dir, 'plain.db'));
      plain.pragma('journal_mode = WAL');
      plain.pragma('synchronous = FULL');
      plain.pragma('locking_mode = EXCLUSIVE');
      const encryptedRates: number[] = [];
      const plainRates: number[] = [];
      for (let run = 0; run < 3; run++) {
        encryptedRates.push(writesPerSecond(encrypted.db, count));
        plainRates.push(writesPerSecond(plain, count));
      }
      encrypted.close();
      plain.close();
      results.push({
        name: `small 200-byte writes, one transaction each, synchronous=FULL, WAL (${count} a run, 3 runs)`,
        value: `${median(encryptedRates).toFixed(0)}/s encrypted, ${median(plainRates).toFixed(0)}/s plain (medians)`,
        note: `every run: encrypted ${allRuns(encryptedRates)}/s, plain ${allRuns(plainRates)}/s; see the autosave benchmark for the price of encryption on note saves`,
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return results;
  },
};
