/**
 * Merging two 300-interview projects (issue 18: < 5 s end to end). Two laptops start from one
 * coded base of 200 interviews of ~5,000 words; each then records 100 interviews of its own, and
 * the second also edits 20 notes of the shared ones. The first merges the second's file through
 * the API: the preview, then the apply with the backup it makes first, then closing the project
 * (which backs up the merged state). Three runs, each on a fresh copy of the first laptop's file.
 *
 * Baselines in the same run, on files of the same size: a byte-for-byte copy of the encrypted
 * project (the floor for any whole-file backup), and `VACUUM INTO` and SQLite's backup API on an
 * unencrypted copy (what SQLite itself costs without the cipher). A backup and its parts are timed
 * alone on the same copies, with the quick_check backups ran first until issue 18.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { dispatch } from '../shared/api/dispatch';
import type { ApiInput, ApiMethod, ApiOutput } from '../shared/api/contract';
import { FieldnoteServices } from '../electron/services/fieldnote-services';
import { seedProject } from '../electron/dev/seed';
import { seedCoding } from '../electron/dev/seed-coding';
import { loadScheduleFile } from '../electron/schedule/xlsx';
import { ProjectStore } from '../electron/store/project-store';
import { NoteRepo } from '../electron/store/note-repo';
import { openSqlite } from '../electron/store/sqlite';
import { makeBackup } from '../electron/team/backups';
import { decryptedCopy } from './plain-copy';
import { describeRuns, everyRun, summariseRuns, tempDir, time, type Bench, type BenchResult } from './harness';

const PASS = 'bench passphrase that is long enough';
const SHARED = 200;
const OWN = 100;
const WORDS = 5000;
const RUNS = 3;

async function call<M extends ApiMethod>(s: FieldnoteServices, method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const r = await dispatch(s.handlers, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as ApiOutput<M>;
}

const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(0)} ms`);
const mib = (file: string) => `${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB`;

/** The base, then each laptop's own interviews (and, on the second, edits to 20 shared notes). */
export async function seedLaptops(dir: string): Promise<{ a: string; b: string }> {
  const { schedule } = await loadScheduleFile(nodePath.resolve(import.meta.dirname, '../resources/schedules/example-evaluation.xlsx'));
  const base = nodePath.join(dir, 'base.fieldnote');
  const store = ProjectStore.create(base, PASS, { title: 'Merge bench' });
  try {
    seedProject(store.db, 'base-device', schedule, { interviews: SHARED, seed: 1, words: WORDS });
    seedCoding(store.db, 'base-device', 1);
  } finally {
    store.close();
  }
  const files = { a: nodePath.join(dir, 'a.fieldnote'), b: nodePath.join(dir, 'b.fieldnote') };
  for (const [side, file] of Object.entries(files)) {
    fs.copyFileSync(base, file);
    const laptop = ProjectStore.open(file, PASS);
    try {
      seedProject(laptop.db, `${side}-device`, schedule, { interviews: OWN, seed: side === 'a' ? 2 : 3, words: WORDS });
      if (side === 'b') {
        const notes = new NoteRepo(laptop.db, 'b-device');
        const shared = laptop.db.prepare('SELECT interview_id, question, editor_state FROM note ORDER BY interview_id, question').all() as { interview_id: string; question: string; editor_state: string }[];
        const seen = new Set<string>();
        for (const note of shared) {
          if (seen.size >= 20 || seen.has(note.interview_id)) continue;
          seen.add(note.interview_id);
          notes.save(note.interview_id, note.question, note.editor_state.replace(/"text":"/, '"text":"Edited on the second laptop. '));
        }
      }
    } finally {
      laptop.close();
    }
  }
  return files;
}

export const mergeBench: Bench = {
  title: `Merging two projects of ${SHARED + OWN} interviews (${SHARED} shared, ${OWN} each of their own, ~${WORDS} words each)`,
  async run() {
    const dir = tempDir();
    const results: BenchResult[] = [];
    try {
      const seeding = process.hrtime.bigint();
      const { a, b } = await seedLaptops(dir);
      results.push({ name: 'seed the two laptops (base coded, then 100 interviews each, 20 shared notes edited on the second)', value: ms(Number(process.hrtime.bigint() - seeding) / 1e6), note: `first ${mib(a)}, second ${mib(b)}` });
      const plain = nodePath.join(dir, 'plain.sqlite');
      decryptedCopy(a, plain, PASS);

      const runs = { preview: [] as number[][], apply: [] as number[][], close: [] as number[][], total: [] as number[][] };
      const parts = { check: [] as number[][], vacuum: [] as number[][], backup: [] as number[][], closeBackup: [] as number[][] };
      const floor = { copy: [] as number[][], plainVacuum: [] as number[][], plainBackupApi: [] as number[][] };
      let report: ApiOutput<'merge.apply'> | null = null;
      for (let run = 0; run < RUNS; run++) {
        const work = nodePath.join(dir, `run-${run}`);
        fs.mkdirSync(work);
        const target = nodePath.join(work, 'a.fieldnote');
        fs.copyFileSync(a, target);
        fs.copyFileSync(b, nodePath.join(work, 'b.fieldnote'));

        // Baselines on files of the same size.
        floor.copy.push([time(() => fs.copyFileSync(a, nodePath.join(work, 'byte-copy.fieldnote'))).ms]);
        const plainDb = openSqlite(plain, { fileMustExist: true });
        floor.plainVacuum.push([time(() => plainDb.prepare('VACUUM INTO ?').run(nodePath.join(work, 'plain-vacuum.sqlite'))).ms]);
        const apiStart = process.hrtime.bigint();
        await plainDb.backup(nodePath.join(work, 'plain-backup-api.sqlite'));
        floor.plainBackupApi.push([Number(process.hrtime.bigint() - apiStart) / 1e6]);
        plainDb.close();

        // The backup's parts, on its own copy of the project (so the merge below starts cold).
        const parted = nodePath.join(work, 'parts.fieldnote');
        fs.copyFileSync(a, parted);
        const partStore = ProjectStore.open(parted, PASS);
        parts.check.push([time(() => partStore.checkIntegrity()).ms]);
        parts.vacuum.push([time(() => partStore.saveCopy(nodePath.join(work, 'vacuum-into.fieldnote'))).ms]);
        parts.backup.push([time(() => makeBackup(partStore)).ms]);
        partStore.close();

        // The merge through the API, as the app runs it.
        const services = new FieldnoteServices({ mode: 'browser', configDir: nodePath.join(work, 'config'), projectsDir: work, appVersion: 'bench' });
        await call(services, 'project.open', { path: 'a', passphrase: PASS });
        const start = process.hrtime.bigint();
        await call(services, 'merge.preview', { path: 'b', passphrase: PASS });
        const previewMs = Number(process.hrtime.bigint() - start) / 1e6;
        const applyStart = process.hrtime.bigint();
        report = await call(services, 'merge.apply', { path: 'b', passphrase: PASS, respondentClashes: 'renumber-incoming' });
        const applyMs = Number(process.hrtime.bigint() - applyStart) / 1e6;
        // Closing backs the merged state up, then leaves the file in rollback-journal mode (a checkpoint).
        const closeStart = process.hrtime.bigint();
        const closeBackup = time(() => services.backups.backupIfChanged());
        await call(services, 'project.close', {});
        const closeMs = Number(process.hrtime.bigint() - closeStart) / 1e6;
        parts.closeBackup.push([closeBackup.ms]);
        runs.preview.push([previewMs]);
        runs.apply.push([applyMs]);
        runs.close.push([closeMs]);
        runs.total.push([previewMs + applyMs + closeMs]);
        fs.rmSync(work, { recursive: true, force: true });
      }
      const total = summariseRuns(runs.total);
      const s = (r: number[][]) => summariseRuns(r);
      const fig = (r: number[][]) => `${describeRuns(s(r))} (${everyRun(s(r))})`;
      results.push({ name: `preview + apply (backup first) + close, ${RUNS} runs`, value: fig(runs.total), target: '< 5 s', met: total.median < 5000 && total.p95 < 5000 });
      results.push({ name: 'of which the preview', value: fig(runs.preview) });
      results.push({ name: 'of which the apply, with the backup before it', value: fig(runs.apply), note: report ? `${report.tables.interview?.added ?? 0} interviews added, ${report.respondentClashes.length} respondent numbers renumbered` : '' });
      results.push({ name: 'of which closing (with the backup of the merged state)', value: fig(runs.close) });
      results.push({ name: '  its backup of the merged state', value: fig(parts.closeBackup) });
      results.push({ name: 'a backup alone (VACUUM INTO, fsync, rotation)', value: fig(parts.backup) });
      results.push({ name: '  VACUUM INTO alone (encrypted)', value: fig(parts.vacuum) });
      results.push({ name: '  quick_check alone (run before every backup until issue 18)', value: fig(parts.check) });
      results.push({ name: 'baseline: byte-for-byte copy of the encrypted file', value: fig(floor.copy), note: mib(a) });
      results.push({ name: 'baseline: VACUUM INTO of the unencrypted copy', value: fig(floor.plainVacuum), note: mib(plain) });
      results.push({ name: 'baseline: SQLite backup API on the unencrypted copy', value: fig(floor.plainBackupApi) });
      const ratio = s(parts.backup).median / s(floor.plainVacuum).median;
      results.push({ name: 'the backup / unencrypted VACUUM INTO (median)', value: `${ratio.toFixed(2)}x`, note: `backup / byte copy ${(s(parts.backup).median / s(floor.copy).median).toFixed(1)}x` });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return results;
  },
};
