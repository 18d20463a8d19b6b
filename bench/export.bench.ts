/**
 * SPSS export of 1,000 respondents × 400 variables (a synthetic dataset shaped like a large
 * interview schedule: coded questions with Don't know and -8/-7, select_multiple dummies,
 * counts, dates, short strings) as CSV, .sps and .sav: time and peak memory. In the same run,
 * PSPP turns the CSV and syntax into a .sav (the route an evaluator without Fieldnote's .sav
 * would take), timed for comparison.
 *
 * The export runs in a child process so that its peak RSS is its own: earlier benchmarks in
 * the same process would otherwise hide it behind their own peak.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../electron/dev/seed';
import { writeCsv, writeSav, writeSps, type SpssCell, type SpssDataset, type SpssVariable } from '../shared/export/spss';
import { median, tempDir, type Bench, type BenchResult } from './harness';
import { timedPspp } from './pspp';

const ROWS = 1000;
const VARIABLES = 400;
const MB = 1024 * 1024;

/** A dataset with the mix of variables buildDataset produces for a long schedule. */
export function syntheticDataset(seed = 7): SpssDataset {
  const rnd = seededRandom(seed);
  const variables: SpssVariable[] = [{ name: 'resp_id', label: 'Respondent ID number', type: 'numeric', width: 8, decimals: 0, measure: 'nominal', valueLabels: [], missingValues: [] }];
  const cellMakers: (() => SpssCell)[] = [];
  const missingSpecial = [
    { value: -8, label: 'Declined' },
    { value: -7, label: 'Interview ended' },
  ];
  const maybeMissing = (value: () => SpssCell): (() => SpssCell) => () => {
    const x = rnd();
    return x < 0.15 ? null : x < 0.18 ? -8 : x < 0.2 ? -7 : value();
  };
  const sets: SpssDataset['multipleResponseSets'] = [];
  for (let i = 1; variables.length < VARIABLES; i++) {
    const kind = i % 20;
    if (kind < 14) {
      variables.push({
        name: `q${i}_coded`,
        label: `Q${i}. Has the programme improved how your agency handles referrals, in your experience?`,
        type: 'numeric', width: 8, decimals: 0, measure: 'nominal',
        valueLabels: [{ value: 1, label: 'Yes' }, { value: 2, label: 'No' }, { value: 9, label: "Don't know" }, ...missingSpecial],
        missingValues: [-8, -7, 9],
      });
      cellMakers.push(maybeMissing(() => [1, 2, 9][Math.floor(rnd() * 3)] ?? 1));
    } else if (kind < 17) {
      const members: string[] = [];
      for (let c = 1; c <= 5 && variables.length < VARIABLES; c++) {
        const name = `q${i}_types_${c}`;
        members.push(name);
        variables.push({
          name, label: `If yes to Q${i}: what kind of support? (all that apply): Type ${c}`,
          type: 'numeric', width: 8, decimals: 0, measure: 'nominal',
          valueLabels: [{ value: 0, label: 'Not selected' }, { value: 1, label: 'Selected' }, ...missingSpecial],
          missingValues: [-8, -7],
        });
        cellMakers.push(maybeMissing(() => (rnd() < 0.35 ? 1 : 0)));
      }
      sets.push({ name: `q${i}_types`, label: `If yes to Q${i}: what kind of support?`, variables: members });
    } else if (kind < 19) {
      variables.push({ name: `q${i}_count`, label: `Q${i}. How many children did your organisation support last year?`, type: 'numeric', width: 8, decimals: 0, measure: 'scale', valueLabels: missingSpecial, missingValues: [-8, -7] });
      cellMakers.push(maybeMissing(() => Math.floor(rnd() * 400)));
    } else if (i % 40 === 19) {
      variables.push({ name: `q${i}_date`, label: `Q${i}. Date of the last joint case review`, type: 'date', width: 8, decimals: 0, measure: 'scale', valueLabels: [], missingValues: [] });
      cellMakers.push(() => (rnd() < 0.2 ? null : `2025-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`));
    } else {
      variables.push({ name: `q${i}_grade`, label: `Q${i}. Grade given by the reviewer`, type: 'string', width: 2, decimals: 0, measure: 'nominal', valueLabels: [{ value: 'a', label: 'Good' }, { value: 'b', label: 'Poor' }, { value: 'x', label: 'Cannot say' }], missingValues: ['-8', '-7', 'x'] });
      cellMakers.push(() => ['a', 'b', 'x', '-8', ''][Math.floor(rnd() * 5)] ?? '');
    }
  }
  const rows: SpssCell[][] = Array.from({ length: ROWS }, (_, r) => [r + 1, ...cellMakers.map((make) => make())]);
  return { variables, rows, multipleResponseSets: sets, fileLabel: 'Synthetic 400-variable schedule' };
}

interface ChildReport {
  coldMs: number;
  warmMs: number[];
  savMs: number[];
  csvBytes: number;
  spsBytes: number;
  savBytes: number;
  rssBeforeMb: number;
  peakRssMb: number;
  heapBeforeMb: number;
  heapAfterMb: number;
}

/** Runs in the child: build the dataset, then export it, noting time and memory. */
function child(outDir: string): ChildReport {
  const dataset = syntheticDataset();
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const exportAll = () => ({ csv: writeCsv(dataset), sps: writeSps(dataset, { csvFileName: 'bench.csv' }), sav: writeSav(dataset) });
  const start = process.hrtime.bigint();
  const files = exportAll();
  const coldMs = Number(process.hrtime.bigint() - start) / 1e6;
  // maxRSS is the process's peak so far; the dataset was built before, so the rise is the export's.
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const heapAfter = process.memoryUsage().heapUsed;
  fs.writeFileSync(nodePath.join(outDir, 'bench.csv'), files.csv);
  fs.writeFileSync(nodePath.join(outDir, 'bench.sps'), files.sps);
  fs.writeFileSync(nodePath.join(outDir, 'fieldnote.sav'), files.sav);
  const warmMs: number[] = [];
  const savMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    exportAll();
    warmMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const t1 = process.hrtime.bigint();
    writeSav(dataset);
    savMs.push(Number(process.hrtime.bigint() - t1) / 1e6);
  }
  return {
    coldMs, warmMs, savMs,
    csvBytes: files.csv.length, spsBytes: files.sps.length, savBytes: files.sav.length,
    rssBeforeMb: rssBefore / MB, peakRssMb: peakRss / MB, heapBeforeMb: heapBefore / MB, heapAfterMb: heapAfter / MB,
  };
}


export const exportBench: Bench = {
  title: 'SPSS export: 1,000 respondents × 400 variables',
  run() {
    const dir = tempDir();
    const results: BenchResult[] = [];
    try {
      const self = fileURLToPath(import.meta.url);
      const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--child', dir], { encoding: 'utf8', cwd: nodePath.resolve(import.meta.dirname, '..') });
      if (run.status !== 0) throw new Error(`export benchmark child failed:\n${run.stderr}`);
      const r = JSON.parse(run.stdout) as ChildReport;
      const warm = median(r.warmMs);
      results.push({
        name: 'CSV + .sps + .sav in memory (cold, first run in a fresh process)',
        value: `${r.coldMs.toFixed(0)} ms`,
        target: '< 2000 ms',
        met: r.coldMs < 2000,
        note: `CSV ${(r.csvBytes / MB).toFixed(1)} MB, .sps ${(r.spsBytes / 1024).toFixed(0)} KiB, .sav ${(r.savBytes / MB).toFixed(1)} MB`,
      });
      results.push({ name: 'the same, warm, median of 5', value: `${warm.toFixed(0)} ms`, target: '< 2000 ms', met: warm < 2000 });
      const rise = r.peakRssMb - r.rssBeforeMb;
      results.push({
        name: 'peak RSS rise during the export (process maxRSS − RSS before; dataset already built)',
        value: `${rise.toFixed(0)} MB`,
        target: '< 300 MB',
        met: rise < 300,
        note: `RSS ${r.rssBeforeMb.toFixed(0)} → peak ${r.peakRssMb.toFixed(0)} MB; JS heap in use ${r.heapBeforeMb.toFixed(0)} → ${r.heapAfterMb.toFixed(0)} MB with the three files held`,
      });
      const savMs = median(r.savMs);
      results.push({ name: 'Fieldnote writes the .sav alone, median of 5', value: `${savMs.toFixed(0)} ms` });

      const hasPspp = spawnSync('pspp', ['--version'], { encoding: 'utf8' }).status === 0;
      if (!hasPspp) {
        results.push({ name: 'PSPP: CSV + syntax → .sav', value: 'skipped', note: 'pspp is not installed' });
        return results;
      }
      // The exported syntax plus SAVE: what PSPP needs to produce the same .sav from the CSV.
      const syntax = fs.readFileSync(nodePath.join(dir, 'bench.sps'), 'utf8').replace(/^\uFEFF/, '');
      fs.writeFileSync(nodePath.join(dir, 'bench-save.sps'), `${syntax}\nSAVE OUTFILE='pspp.sav'.\n`);
      const startup = median(Array.from({ length: 3 }, () => timedPspp(dir, 'SHOW N.\n').ms));
      const runs = Array.from({ length: 3 }, () => timedPspp(dir, "INCLUDE FILE='bench-save.sps'.\n"));
      const bad = runs.find((x) => x.status !== 0 || /error/i.test(x.output));
      if (bad) throw new Error(`PSPP failed:\n${bad.output.slice(0, 2000)}`);
      // Both .sav files hold the same cases: PSPP says so.
      const info = timedPspp(dir, "SYSFILE INFO FILE='pspp.sav'.\nSYSFILE INFO FILE='fieldnote.sav'.\n").output;
      const cases = [...info.matchAll(/^Cases,(\d+)/gm)].map((m) => Number(m[1]));
      if (cases.length !== 2 || cases.some((n) => n !== ROWS)) throw new Error(`PSPP counts ${cases.join(', ')} cases; expected ${ROWS} in each .sav`);
      const psppMs = median(runs.map((x) => x.ms));
      results.push({
        name: 'PSPP 1.6: GET DATA on the CSV + SAVE OUTFILE (the exported .sps), median of 3',
        value: `${psppMs.toFixed(0)} ms`,
        note: `of which ${startup.toFixed(0)} ms is PSPP starting up; SYSFILE INFO finds ${ROWS} cases in its .sav and in Fieldnote's`,
      });
      results.push({
        name: 'ratio: PSPP / Fieldnote for the .sav',
        value: `${(psppMs / savMs).toFixed(1)}x (${((psppMs - startup) / savMs).toFixed(1)}x without PSPP's start-up)`,
        target: 'Fieldnote faster',
        met: savMs < psppMs - startup,
      });
      return results;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

if (process.argv[2] === '--child' && process.argv[3]) {
  process.stdout.write(JSON.stringify(child(process.argv[3])));
}
