/** A tiny benchmark harness: timings, percentiles, and a Markdown report appended to docs/benchmarks.md. */
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

export function tempDir(): string {
  return fs.mkdtempSync(nodePath.join(os.tmpdir(), 'fieldnote-bench-'));
}

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.versions.node}`;
}

export function report(sections: { title: string; results: BenchResult[] }[]): string {
  const lines = [`## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`, '', `Machine: ${machineLine()}`, ''];
  for (const section of sections) {
    lines.push(`### ${section.title}`, '', '| measure | result | target | met |', '| --- | --- | --- | --- |');
    for (const r of section.results) {
      lines.push(`| ${r.name} | ${r.value}${r.note ? ` (${r.note})` : ''} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
