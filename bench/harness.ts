/**
 * A tiny benchmark harness: timings, percentiles, and a Markdown report appended to
 * docs/benchmarks.md. Honest by construction: a measure is taken over several runs and every
 * run's figures are kept (`summariseRuns`); the report gives the median and p95 over all runs'
 * samples with the spread of the per-run figures, never the best run. Each section names the
 * machine and the load average while it ran: figures taken on a loaded machine say so.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';

export interface BenchResult {
  name: string;
  value: string;
  target?: string;
  met?: boolean;
  note?: string;
}

export interface Bench {
  title: string;
  run(): Promise<BenchResult[]> | BenchResult[];
}

export function time<T>(fn: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

/** The figures of one measure over several runs: pooled median and p95, and each run's own. */
export interface RunSummary {
  runs: number;
  samples: number;
  median: number;
  p95: number;
  /** Each run's median and p95, in the order the runs were taken. */
  perRun: { median: number; p95: number; samples: number }[];
}

/** At least three runs: one run's figures are not evidence. */
export const MIN_RUNS = 3;

export function summariseRuns(runs: number[][]): RunSummary {
  if (runs.length < MIN_RUNS) throw new Error(`A benchmark needs at least ${MIN_RUNS} runs (got ${runs.length}).`);
  const all = runs.flat();
  return {
    runs: runs.length,
    samples: all.length,
    median: median(all),
    p95: percentile(all, 95),
    perRun: runs.map((r) => ({ median: median(r), p95: percentile(r, 95), samples: r.length })),
  };
}

const spread = (values: number[], digits: number) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

/** "median 7.2 ms (runs 6.9–8.0), p95 11.3 ms (runs 10.1–14.2)": pooled figures with the run-to-run spread. */
export function describeRuns(summary: RunSummary, unit = 'ms', digits = 1): string {
  const medians = summary.perRun.map((r) => r.median);
  const p95s = summary.perRun.map((r) => r.p95);
  return `median ${summary.median.toFixed(digits)} ${unit} (runs ${spread(medians, digits)}), p95 ${summary.p95.toFixed(digits)} ${unit} (runs ${spread(p95s, digits)})`;
}

/** Every run's own figures, so no run can be dropped from the record. */
export function everyRun(summary: RunSummary, unit = 'ms', digits = 1): string {
  return summary.perRun.map((r, i) => `run ${i + 1}: median ${r.median.toFixed(digits)}, p95 ${r.p95.toFixed(digits)} ${unit} (n=${r.samples})`).join('; ');
}

export function tempDir(): string {
  return fs.mkdtempSync(nodePath.join(os.tmpdir(), 'fieldnote-bench-'));
}

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.versions.node}`;
}

export function loadLine(): string {
  const [one, five, fifteen] = os.loadavg().map((l) => l.toFixed(2));
  return `load average ${one}, ${five}, ${fifteen} (1, 5, 15 min) on ${os.cpus().length} cores`;
}

export interface Section {
  title: string;
  results: BenchResult[];
  /** Load average when the section started and when it ended. */
  loadBefore: string;
  loadAfter: string;
}

/** Runs a benchmark and notes the machine's load around it. */
export async function runSection(bench: Bench): Promise<Section> {
  const loadBefore = loadLine();
  const results = await bench.run();
  return { title: bench.title, results, loadBefore, loadAfter: loadLine() };
}

/** The code measured: the commit, and whether files had changed since it. */
export function codeLine(): string {
  try {
    const git = (args: string[]) => execFileSync('git', args, { cwd: nodePath.resolve(import.meta.dirname, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `commit ${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain', '--untracked-files=no']) === '' ? '' : ' with uncommitted changes'}`;
  } catch {
    return 'commit unknown (not a git checkout)';
  }
}

export function report(sections: Section[]): string {
  const lines = [`## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`, '', `Machine: ${machineLine()}; code: ${codeLine()}`, ''];
  for (const section of sections) {
    lines.push(`### ${section.title}`, '', `Machine: ${machineLine()}; ${section.loadBefore} at the start, ${section.loadAfter} at the end.`, '');
    lines.push('| measure | result | target | met |', '| --- | --- | --- | --- |');
    for (const r of section.results) {
      lines.push(`| ${r.name} | ${r.value}${r.note ? ` (${r.note})` : ''} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
