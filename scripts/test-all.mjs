// `npm test`: every suite, in order, with one summary. Type check and lint count as one test
// each; Vitest and Playwright report their own counts through their JSON reporters. The last
// line is `N passed, N failed, N skipped`, summed over all suites (CI reads it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildRendererIfStale } from './build-renderer-if-stale.mjs';

const root = path.resolve(import.meta.dirname, '..');
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldnote-test-reports-'));
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(title, command, args, env = {}) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function count(title, passed, failed, skipped = 0) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  lines.push(`${title.padEnd(22)} ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const only = process.argv.slice(2);
const wanted = (name) => only.length === 0 || only.includes(name);

if (wanted('typecheck')) {
  const status = run('Type check (shared, node, renderer)', 'npm', ['run', '--silent', 'typecheck']);
  count('typecheck', status === 0 ? 1 : 0, status === 0 ? 0 : 1);
}

if (wanted('lint')) {
  const status = run('Lint (layer rules included)', bin('eslint'), ['--max-warnings=0', '.']);
  count('lint', status === 0 ? 1 : 0, status === 0 ? 0 : 1);
}

if (wanted('unit')) {
  const out = path.join(reports, 'vitest.json');
  const status = run('Unit and integration (Vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  const report = readJson(out);
  if (report) count('vitest', report.numPassedTests, report.numFailedTests + (status !== 0 && report.numFailedTests === 0 ? 1 : 0), report.numPendingTests + report.numTodoTests);
  else count('vitest', 0, 1);
}

for (const [name, title, config] of [
  ['e2e', 'End-to-end in Chromium (browser mode)', 'test/e2e/playwright.config.ts'],
  ['electron', 'Electron smoke test', 'test/electron/playwright.config.ts'],
]) {
  if (!wanted(name)) continue;
  if (name === 'e2e') buildRendererIfStale();
  const out = path.join(reports, `${name}.json`);
  const status = run(title, bin('playwright'), ['test', '-c', config, '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  const report = readJson(out);
  if (report?.stats) {
    const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
    count(name, expected + flaky, unexpected + (status !== 0 && unexpected === 0 ? 1 : 0), skipped);
  } else count(name, 0, 1);
}

fs.rmSync(reports, { recursive: true, force: true });
console.log('\n=== Summary ===');
for (const line of lines) console.log(line);
const summary = `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`;
if (process.env.FIELDNOTE_SUMMARY_FILE) fs.writeFileSync(process.env.FIELDNOTE_SUMMARY_FILE, summary + '\n');
console.log(summary);
process.exit(totals.failed > 0 ? 1 : 0);
