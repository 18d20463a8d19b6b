/**
 * Every statistics format (SPSS set, Stata, R, DDI, Excel, CSV) from a project of about 1,000
 * respondents built with `fieldnote dev seed`, end to end: opening the encrypted project (key
 * derivation included), reading the interviews, building the dataset, writing every file into
 * the folder. In the same run, PSPP turns the same CSV + .sps into a .sav, the route an
 * evaluator without Fieldnote's own .sav would take. Reports the ratio and the export's peak
 * memory (the child process's maxRSS).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXPORT_FORMATS, projectDataset, exportFiles, writeFilesTogether } from '../electron/export/spss-export';
import { projectSettingsOf } from '../electron/export/export-data';
import { ProjectStore } from '../electron/store/project-store';
import { median, tempDir, type Bench, type BenchResult } from './harness';
import { timedPspp } from './pspp';

const PASS = 'correct horse battery staple';
/** About two respondents per interview with the example schedule's mix of group sessions. */
const INTERVIEWS = 530;
const MB = 1024 * 1024;
const root = nodePath.resolve(import.meta.dirname, '..');

interface ChildReport {
  openMs: number;
  datasetMs: number;
  writeMs: number;
  totalMs: number;
  rows: number;
  variables: number;
  files: { name: string; bytes: number }[];
  peakRssMb: number;
}

/** In the child: the whole export, as `fieldnote export all` does it. */
async function child(project: string, outDir: string): Promise<ChildReport> {
  const t0 = process.hrtime.bigint();
  const store = ProjectStore.open(project, PASS, { readOnly: true });
  const t1 = process.hrtime.bigint();
  try {
    const { built, schedule } = projectDataset(store.db, projectSettingsOf(store.db, 'bench'), { unit: 'respondent', includeText: true });
    const t2 = process.hrtime.bigint();
    const { files } = await exportFiles(built, schedule.title, 'bench', EXPORT_FORMATS);
    writeFilesTogether(outDir, files);
    const t3 = process.hrtime.bigint();
    const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
    return {
      openMs: ms(t0, t1),
      datasetMs: ms(t1, t2),
      writeMs: ms(t2, t3),
      totalMs: ms(t0, t3),
      rows: built.dataset.rows.length,
      variables: built.dataset.variables.length,
      files: files.map((f) => ({ name: f.name, bytes: f.bytes.length })),
      peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
    };
  } finally {
    store.close();
  }
}


export const exportAllBench: Bench = {
  title: 'Every statistics format from a seeded project of about 1,000 respondents, end to end',
  run() {
    const dir = tempDir();
    const results: BenchResult[] = [];
    try {
      const project = nodePath.join(dir, 'bench.fieldnote');
      const env = { ...process.env, FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_CONFIG_DIR: nodePath.join(dir, 'config') };
      const seeded = spawnSync(
        process.execPath,
        [nodePath.join(root, 'bin/fieldnote.mjs'), 'dev', 'seed', project, '--schedule', nodePath.join(root, 'resources/schedules/example-evaluation.xlsx'), '--interviews', String(INTERVIEWS), '--seed', '11', '--words', '40'],
        { env, encoding: 'utf8' },
      );
      if (seeded.status !== 0) throw new Error(`dev seed failed:\n${seeded.stderr}`);
      const respondents = /(\d+) respondents/.exec(seeded.stdout)?.[1] ?? '?';

      const out = nodePath.join(dir, 'out');
      const runs: ChildReport[] = [];
      for (let i = 0; i < 3; i++) {
        fs.rmSync(out, { recursive: true, force: true });
        const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', project, out], { encoding: 'utf8', cwd: root });
        if (run.status !== 0) throw new Error(`export-all child failed:\n${run.stderr}`);
        runs.push(JSON.parse(run.stdout) as ChildReport);
      }
      const total = median(runs.map((r) => r.totalMs));
      const first = runs[0]!;
      results.push({
        name: `open + read + build + write all formats (${respondents} respondents, ${first.rows} rows × ${first.variables} variables), median of 3`,
        value: `${total.toFixed(0)} ms`,
        note: `open ${median(runs.map((r) => r.openMs)).toFixed(0)} ms, dataset ${median(runs.map((r) => r.datasetMs)).toFixed(0)} ms, files ${median(runs.map((r) => r.writeMs)).toFixed(0)} ms`,
      });
      const peak = Math.max(...runs.map((r) => r.peakRssMb));
      results.push({ name: 'peak memory of the export process (maxRSS, Node included)', value: `${peak.toFixed(0)} MB`, target: '< 500 MB', met: peak < 500 });
      results.push({ name: 'files', value: first.files.map((f) => `${f.name.replace(/^bench/, '')} ${(f.bytes / 1024).toFixed(0)} KiB`).join(', ') });

      if (spawnSync('pspp', ['--version'], { encoding: 'utf8' }).status !== 0) {
        results.push({ name: 'PSPP: the same CSV + .sps → .sav', value: 'skipped', note: 'pspp is not installed' });
        return results;
      }
      const syntax = fs.readFileSync(nodePath.join(out, 'bench.sps'), 'utf8').replace(/^\uFEFF/, '');
      fs.writeFileSync(nodePath.join(out, 'bench-save.sps'), `${syntax}\nSAVE OUTFILE='pspp.sav'.\n`);
      const psppRuns = Array.from({ length: 3 }, () => timedPspp(out, "INCLUDE FILE='bench-save.sps'.\n"));
      const bad = psppRuns.find((x) => x.status !== 0 || /error/i.test(x.output));
      if (bad) throw new Error(`PSPP failed:\n${bad.output.slice(0, 2000)}`);
      const info = timedPspp(out, "SYSFILE INFO FILE='pspp.sav'.\nSYSFILE INFO FILE='bench.sav'.\n").output;
      const cases = [...info.matchAll(/^Cases,(\d+)/gm)].map((m) => Number(m[1]));
      if (cases.length !== 2 || cases.some((n) => n !== first.rows)) throw new Error(`PSPP counts ${cases.join(', ')} cases; expected ${first.rows} in each .sav`);
      const psppMs = median(psppRuns.map((x) => x.ms));
      results.push({ name: 'PSPP: GET DATA on the same CSV + the .sps + SAVE OUTFILE, median of 3', value: `${psppMs.toFixed(0)} ms`, note: `SYSFILE INFO finds ${first.rows} cases in both .sav files` });
      results.push({
        name: 'ratio: Fieldnote (every format, end to end) / PSPP (.sav only from CSV + syntax)',
        value: `${(total / psppMs).toFixed(2)}x`,
      });
      return results;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

if (process.argv[2] === '--child' && process.argv[3] && process.argv[4]) {
  process.stdout.write(JSON.stringify(await child(process.argv[3], process.argv[4])));
}
