/**
 * Opening each analysis view, service side: every API call the view makes when it opens
 * (retrieval, compare, relations, matrix, co-occurrence, saturation, quotes), on 54 interviews
 * (a real evaluation's size) and on 300. Target: under 300 ms on 54 and under 1 s on 300.
 * `npm run bench -- analysis`, or `ANALYSIS_BENCH_SIZES=54 npm run bench -- analysis` for one size.
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
const SIZES: { interviews: number; words: number; target: number }[] = [
  { interviews: 54, words: 1500, target: 300 },
  { interviews: 300, words: 5000, target: 1000 },
];

type Call = (method: string, input?: unknown) => Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The calls each view makes when it opens, in the order the screen makes them. */
function views(largestTheme: string): Record<string, (call: Call) => Promise<unknown>> {
  // The analysis screen loads the code tree and every attribute's values once, then the tab's own data.
  const screen = (call: Call) => Promise.all([call('codes.list'), call('analysis.attributeValues')]);
  return {
    retrieval: async (call) => {
      await screen(call);
      await call('codings.forCode', { codeId: largestTheme, includeChildren: true });
    },
    compare: async (call) => {
      await screen(call);
      await call('compare', {
        left: { codeId: largestTheme, includeChildren: true, filter: { where: { organisationType: ['government'] } } },
        right: { codeId: largestTheme, includeChildren: true, filter: { where: { organisationType: ['ngo', 'io', 'other'] } } },
      });
    },
    relations: async (call) => {
      await screen(call);
      await Promise.all([call('relations.list'), call('relations.positions')]);
    },
    matrix: async (call) => {
      await screen(call);
      await call('analysis.matrix', { attribute: 'organisationType', includeChildren: true });
    },
    'co-occurrence': async (call) => {
      await screen(call);
      await call('analysis.cooccurrence', {});
    },
    saturation: async (call) => {
      await screen(call);
      await call('analysis.saturation', {});
    },
    quotes: async (call) => {
      await Promise.all([call('codes.list'), call('quotes.list', {}), call('analysis.attributeValues')]);
    },
  };
}

export const analysisBench: Bench = {
  title: 'Analysis views: every call a view makes when it opens (54 interviews of ~1,500 words; 300 of ~5,000)',
  async run() {
    const results: BenchResult[] = [];
    const only = process.env.ANALYSIS_BENCH_SIZES?.split(',').map(Number);
    for (const size of SIZES.filter((s) => only === undefined || only.includes(s.interviews))) {
      const dir = tempDir();
      try {
        const services = new FieldnoteServices({ mode: 'browser', configDir: nodePath.join(dir, 'config'), projectsDir: dir, appVersion: 'bench' });
        const call: Call = async (method, input = {}) => {
          const r = await dispatch(services.handlers, method, input);
          if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
          return r.value as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        };
        await call('project.create', { path: 'bench', title: 'Bench', passphrase: PASS, passphraseConfirm: PASS });
        const { schedule } = await loadScheduleFile(nodePath.resolve(import.meta.dirname, '../resources/schedules/example-evaluation.xlsx'));
        seedProject(services.project.db, 'bench', schedule, { interviews: size.interviews, seed: 7, words: size.words });
        const coded = seedCoding(services.project.db, 'bench', 7);
        const tree = (await call('codes.list')).codes as { id: string; depth: number; codingsWithDescendants: number }[];
        const theme = [...tree].filter((c) => c.depth === 0).sort((a, b) => b.codingsWithDescendants - a.codingsWithDescendants)[0]!;
        for (const [name, open] of Object.entries(views(theme.id))) {
          const samples: number[] = [];
          for (let i = 0; i < 12; i++) {
            const start = process.hrtime.bigint();
            await open(call);
            samples.push(Number(process.hrtime.bigint() - start) / 1e6);
          }
          const warm = samples.slice(2);
          const m = median(warm);
          results.push({
            name: `${size.interviews} interviews: open ${name}`,
            value: `median ${m.toFixed(1)} ms, p95 ${percentile(warm, 95).toFixed(1)} ms, first ${samples[0]!.toFixed(1)} ms`,
            target: `< ${size.target} ms`,
            met: percentile(warm, 95) < size.target && samples[0]! < size.target,
            note: `${coded.codings} codings`,
          });
        }
        services.close();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    return results;
  },
};
