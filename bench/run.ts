/**
 * `npm run bench [-- NAME ...]`: runs the benchmarks, prints the report and appends it to
 * docs/benchmarks.md. Targets are checked here, never in timed unit tests.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { report, runSection, type Bench } from './harness';
import { storeBench } from './store.bench';
import { noteSaveBench } from './note-save.bench';
import { scheduleBench } from './schedule.bench';
import { interviewBench } from './interview.bench';
import { browserBench } from './browser.bench';
import { appBench } from './app.bench';
import { codingBench } from './coding.bench';
import { analysisBench } from './analysis.bench';
import { exportBench } from './export.bench';
import { exportAllBench } from './export-all.bench';
import { mergeBench } from './merge.bench';

const benches: Record<string, Bench> = {
  store: storeBench,
  autosave: noteSaveBench,
  schedule: scheduleBench,
  interview: interviewBench,
  browser: browserBench,
  app: appBench,
  coding: codingBench,
  analysis: analysisBench,
  export: exportBench,
  'export-all': exportAllBench,
  merge: mergeBench,
};

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = names.length > 0 ? names : Object.keys(benches);
const sections = [];
for (const name of chosen) {
  const bench = benches[name];
  if (!bench) {
    console.error(`Unknown benchmark "${name}". Known: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  console.error(`running ${name}…`);
  sections.push(await runSection(bench));
}
const text = report(sections);
console.log(text);
const file = nodePath.resolve(import.meta.dirname, '../docs/benchmarks.md');
if (!fs.existsSync(file)) fs.writeFileSync(file, '# Benchmarks\n\nAppended by `npm run bench`; newest last. Each run names its machine.\n\n');
fs.appendFileSync(file, text + '\n');
