/**
 * Opening each analysis view (retrieval, compare, relations, matrix, co-occurrence, saturation,
 * quotes) on 54 interviews (a real evaluation's size) and on 300: service side, every API call
 * the view makes when it opens; then in Chromium against browser mode, from the click to the
 * view's content on screen. Target: under 300 ms on 54 and under 1 s on 300.
 * `npm run bench -- analysis`, or `ANALYSIS_BENCH_SIZES=54 npm run bench -- analysis` for one size.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import nodePath from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../test/e2e/support/chromium';
import { buildRendererIfStale } from '../scripts/build-renderer-if-stale.mjs';
import { dispatch } from '../shared/api/dispatch';
import { FieldnoteServices } from '../electron/services/fieldnote-services';
import { seedProject } from '../electron/dev/seed';
import { seedCoding } from '../electron/dev/seed-coding';
import { loadScheduleFile } from '../electron/schedule/xlsx';
import { median, percentile, tempDir, type Bench, type BenchResult } from './harness';
import { startHostProcess } from '../test/support/host-process';

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
      await call('analysis.compare', {
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
        results.push(...(await inTheBrowser(dir, size)));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    return results;
  },
};

const root = nodePath.resolve(import.meta.dirname, '..');

/** The same views in Chromium: seeds a project file with the CLI, serves it in browser mode, clicks through. */
async function inTheBrowser(dir: string, size: { interviews: number; words: number; target: number }): Promise<BenchResult[]> {
  buildRendererIfStale();
  const file = nodePath.join(dir, 'Browser.fieldnote');
  const seeded = spawnSync(
    process.execPath,
    ['bin/fieldnote.mjs', 'dev', 'seed', file, '--schedule', 'resources/schedules/example-evaluation.xlsx', '--interviews', String(size.interviews), '--words', String(size.words), '--seed', '7', '--coded'],
    { cwd: root, env: { ...process.env, FIELDNOTE_PASSPHRASE: PASS }, encoding: 'utf8' },
  );
  if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr}`);
  const { child, url } = await startHostProcess(dir);
  const browser = await chromium.launch(chromiumLaunchOptions());
  const results: BenchResult[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(url);
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Browser.fieldnote' }).click();
    await page.getByLabel('Passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.locator('[data-screen="home"]').waitFor();
    await page.getByRole('button', { name: 'Code the notes' }).click();
    await page.locator('[data-testid="code-tree"] [role="treeitem"]').first().waitFor();
    const screen = page.locator('[data-screen="analysis"]');
    const timed = async (open: () => Promise<void>) => {
      const start = performance.now();
      await open();
      return performance.now() - start;
    };
    const tab = (name: string, ready: string) => async () => {
      await screen.getByRole('tab', { name }).click();
      await screen.locator(ready).first().waitFor();
    };
    let largest = -1;
    const chooseLargest = async () => {
      const select = screen.getByLabel('Code', { exact: true });
      if (largest < 0) {
        const counts = (await select.locator('option').allTextContents()).map((o) => Number(/\((\d+)\)\s*$/.exec(o)?.[1] ?? -1));
        largest = counts.indexOf(Math.max(...counts));
      }
      await select.selectOption({ index: largest });
    };
    const views: [string, () => Promise<void>][] = [
      ['the analysis screen (code tree, attribute values)', async () => {
        await page.getByRole('button', { name: 'Analysis' }).click();
        await screen.getByLabel('Code', { exact: true }).locator('option').nth(3).waitFor({ state: 'attached' });
        await screen.getByText('Loading attributes…').waitFor({ state: 'detached' });
      }],
      ['retrieval of the largest theme', async () => {
        await screen.getByRole('tab', { name: 'Retrieval' }).click();
        await chooseLargest();
        await screen.getByTestId('segments').waitFor();
      }],
      ['compare', async () => {
        await screen.getByRole('tab', { name: 'Compare' }).click();
        await chooseLargest();
        await screen.getByTestId('compare-count').nth(1).waitFor();
      }],
      ['relations', tab('Relations', 'g.node')],
      ['matrix', tab('Matrix', '[data-testid="matrix"] tbody tr')],
      ['co-occurrence', tab('Co-occurrence', '[data-testid="cooccurrence"] tbody tr')],
      ['saturation', tab('Saturation', '[data-testid="saturation-bar"]')],
      ['quotes', async () => {
        await screen.getByRole('button', { name: 'Quotes and codebook' }).click();
        await page.locator('[data-screen="quotes"] [data-testid="quote"]').first().waitFor();
      }],
    ];
    for (const [name, open] of views) {
      const samples: number[] = [];
      for (let i = 0; i < (name.startsWith('the analysis screen') ? 1 : 6); i++) {
        if (name === 'retrieval of the largest theme' && largest < 0) {
          // Find the largest theme once, outside the timing.
          await screen.getByRole('tab', { name: 'Retrieval' }).click();
          await chooseLargest();
        }
        if (!name.startsWith('the analysis screen') && name !== 'quotes') await screen.getByRole('tab', { name: 'Search' }).click();
        samples.push(await timed(open));
        if (name === 'quotes') {
          // Back to the analysis screen, outside the timing.
          await page.locator('[data-screen="quotes"]').getByRole('button', { name: 'Analysis' }).click();
          await screen.waitFor();
        }
      }
      const warm = samples.length > 1 ? samples.slice(1) : samples;
      const m = median(warm);
      results.push({
        name: `${size.interviews} interviews, in the browser: open ${name}`,
        value: `median ${m.toFixed(0)} ms, worst ${Math.max(...samples).toFixed(0)} ms`,
        target: `< ${size.target} ms`,
        met: Math.max(...samples) < size.target,
        note: 'click to content on screen, Playwright round trips included',
      });
    }
    await page.close();
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  return results;
}

