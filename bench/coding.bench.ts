/**
 * The coding workbench's service side on a full-size project: 300 interviews of about 5,000
 * words with about 3,000 codings (`fieldnote dev seed --coded --words 5000`). Retrieval of a
 * theme with its sub-codes, full-text search (English and Khmer), applying a code through the
 * API (row and mark in the note, one transaction), and opening an interview's coded notes.
 * The editor's side of applying a code is measured in the browser, not here.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { dispatch } from '../shared/api/dispatch';
import { FieldnoteServices } from '../electron/services/fieldnote-services';
import { seedProject } from '../electron/dev/seed';
import { seedCoding } from '../electron/dev/seed-coding';
import { loadScheduleFile } from '../electron/schedule/xlsx';
import { median, percentile, tempDir, type Bench, type BenchResult } from './harness';

const PASS = 'bench passphrase that is long enough';
const INTERVIEWS = 300;
const WORDS = 5000;

function stats(samples: number[]): { median: number; p95: number; text: string } {
  const m = median(samples);
  const p95 = percentile(samples, 95);
  return { median: m, p95, text: `median ${m.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms` };
}

export const codingBench: Bench = {
  title: `Coding workbench: ${INTERVIEWS} interviews of ~${WORDS} words, ~3,000 codings`,
  async run() {
    const dir = tempDir();
    const results: BenchResult[] = [];
    try {
      const services = new FieldnoteServices({ mode: 'browser', configDir: nodePath.join(dir, 'config'), projectsDir: dir, appVersion: 'bench' });
      const call = async (method: string, input: unknown = {}) => {
        const r = await dispatch(services.handlers, method, input);
        if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
        return r.value as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      };
      await call('project.create', { path: 'bench', title: 'Bench', passphrase: PASS, passphraseConfirm: PASS });
      const { schedule } = await loadScheduleFile(nodePath.resolve(import.meta.dirname, '../resources/schedules/example-evaluation.xlsx'));
      const seedStart = process.hrtime.bigint();
      seedProject(services.project.db, 'bench', schedule, { interviews: INTERVIEWS, seed: 1, words: WORDS });
      const coded = seedCoding(services.project.db, 'bench', 1);
      const seedMs = Number(process.hrtime.bigint() - seedStart) / 1e6;
      const size = fs.statSync(nodePath.join(dir, 'bench.fieldnote')).size;
      results.push({ name: 'seed the project (interviews, notes, code tree, codings with marks)', value: `${(seedMs / 1000).toFixed(1)} s`, note: `${coded.codings} codings, file ${(size / 2 ** 20).toFixed(0)} MiB before checkpoint` });

      const tree = (await call('codes.list')).codes as { id: string; depth: number; name: string; codingsWithDescendants: number }[];
      const theme = [...tree].filter((c) => c.depth === 0).sort((a, b) => b.codingsWithDescendants - a.codingsWithDescendants)[0]!;
      const retrieval: number[] = [];
      let segments = 0;
      for (let i = 0; i < 30; i++) {
        const start = process.hrtime.bigint();
        segments = ((await call('codings.forCode', { codeId: theme.id, includeChildren: true })).segments as unknown[]).length;
        retrieval.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      results.push({ name: 'retrieve a theme with its sub-codes, first run (cold page cache)', value: `${retrieval[0]!.toFixed(1)} ms` });
      const r = stats(retrieval.slice(5));
      results.push({ name: `retrieve the largest theme with all its sub-codes (sentences, respondent IDs, attributes), 25 runs`, value: r.text, target: '< 50 ms', met: r.median < 50, note: `${segments} segments` });

      const subTheme = [...tree].filter((c) => c.depth === 1).sort((a, b) => b.codingsWithDescendants - a.codingsWithDescendants)[0]!;
      const sub: number[] = [];
      let subSegments = 0;
      for (let i = 0; i < 25; i++) {
        const start = process.hrtime.bigint();
        subSegments = ((await call('codings.forCode', { codeId: subTheme.id, includeChildren: true })).segments as unknown[]).length;
        sub.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const st = stats(sub.slice(5));
      results.push({ name: 'retrieve the largest sub-theme with its codes', value: st.text, target: '< 50 ms', met: st.median < 50, note: `${subSegments} segments` });

      const filtered: number[] = [];
      for (let i = 0; i < 25; i++) {
        const start = process.hrtime.bigint();
        await call('codings.forCode', { codeId: theme.id, includeChildren: true, filter: { where: { organisationType: ['government'] } } });
        filtered.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      results.push({ name: 'the same, filtered to government respondents', value: stats(filtered.slice(5)).text });

      for (const [label, query] of [
        ['an English word in most notes ("referral")', 'referral'],
        ['a Khmer substring ("អប់រំ")', 'អប់រំ'],
        ['two words ("court shelter")', 'court shelter'],
      ] as const) {
        const samples: number[] = [];
        let total = 0;
        for (let i = 0; i < 25; i++) {
          const start = process.hrtime.bigint();
          total = (await call('search.notes', { query })).total as number;
          samples.push(Number(process.hrtime.bigint() - start) / 1e6);
        }
        const s = stats(samples.slice(5));
        results.push({ name: `full-text search, ${label}, first 50 hits with snippets`, value: s.text, target: '< 100 ms', met: s.median < 100, note: `${total} notes match` });
      }

      // Applying a code: the row, the code's mark in the note's Lexical state, one transaction, synchronous=FULL.
      const interviews = (await call('interview.list')).interviews as { id: string }[];
      const leaf = tree.find((c) => c.depth === 2)!;
      const apply: number[] = [];
      for (let i = 0; i < 40; i++) {
        const { notes } = await call('codings.forInterview', { interviewId: interviews[(i * 7) % interviews.length]!.id });
        const note = (notes as { id: string; plainText: string }[]).find((n) => n.plainText.length > 200)!;
        const at = 50 + ((i * 37) % (note.plainText.length - 150));
        const text = note.plainText.slice(at, at + 40);
        if (text.includes('\n')) continue;
        const start = process.hrtime.bigint();
        await call('codings.apply', { noteId: note.id, start: at, end: at + 40, text, codeId: leaf.id, initials: 'AB' });
        apply.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const a = stats(apply.slice(5));
      results.push({ name: `apply a code through the API (service side), ${apply.length - 5} runs`, value: a.text });

      const open: number[] = [];
      let notesOpened = 0;
      let codingsOpened = 0;
      for (let i = 0; i < 30; i++) {
        const start = process.hrtime.bigint();
        const found = await call('codings.forInterview', { interviewId: interviews[(i * 11) % interviews.length]!.id });
        open.push(Number(process.hrtime.bigint() - start) / 1e6);
        notesOpened = (found.notes as unknown[]).length;
        codingsOpened = (found.codings as unknown[]).length;
      }
      const o = stats(open.slice(5));
      results.push({ name: "open an interview's coded notes (Lexical states, codings, codes used)", value: o.text, target: '< 200 ms', met: o.median < 200, note: `last: ${notesOpened} notes, ${codingsOpened} codings` });

      const merge = process.hrtime.bigint();
      const sibling = tree.find((c) => c.depth === 2 && c.id !== leaf.id)!;
      await call('codes.merge', { sourceId: sibling.id, targetId: leaf.id });
      const mergeMs = Number(process.hrtime.bigint() - merge) / 1e6;
      const undoStart = process.hrtime.bigint();
      await call('codes.undo');
      results.push({ name: 'merge two codes, then undo', value: `${mergeMs.toFixed(0)} ms, undo ${(Number(process.hrtime.bigint() - undoStart) / 1e6).toFixed(0)} ms` });
      services.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return results;
  },
};
