/**
 * The coding workspace as an evaluator who knows NVivo or MAXQDA meets it, on 54 synthetic coded
 * interviews (`fieldnote dev seed --coded`, group sessions included) at 1366×768: three panes
 * that fill the window, a code's details and segments without scrolling the page, pane sizes
 * remembered; the matrix's drill-down; the relations network keeping its places. With
 * FIELDNOTE_SCREENSHOTS=DIR each view is saved there (docs/screenshots in the repository).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import nodePath from 'node:path';
import type { Page } from '@playwright/test';
import { AnalysisPage, CodingPage } from './support/coding-page';
import { FieldnoteApp } from './support/pages';
import { expect, test, type WebApp } from './support/web-app';

const PASS = 'correct horse battery staple';
const root = nodePath.resolve(import.meta.dirname, '../..');
const screenshotDir = process.env.FIELDNOTE_SCREENSHOTS;

async function shot(page: Page, name: string): Promise<void> {
  if (!screenshotDir) return;
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: nodePath.join(screenshotDir, `${name}.png`) });
}

/** Seeds 54 coded interviews into the test's projects folder, then opens and unlocks the project. */
async function openSeeded(page: Page, webApp: WebApp): Promise<void> {
  const seeded = spawnSync(
    process.execPath,
    ['bin/fieldnote.mjs', 'dev', 'seed', nodePath.join(webApp.dir, 'Evaluation.fieldnote'), '--schedule', 'resources/schedules/example-evaluation.xlsx', '--interviews', '54', '--coded'],
    { cwd: root, env: { ...process.env, FIELDNOTE_PASSPHRASE: PASS }, encoding: 'utf8' },
  );
  expect(seeded.status, seeded.stderr).toBe(0);
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.screen('start').getByRole('button', { name: 'Evaluation.fieldnote' }).click();
  await app.unlock(PASS);
  await expect(app.screen('home')).toBeVisible();
}

const pageScroll = (page: Page) => page.evaluate(() => ({ height: document.documentElement.scrollHeight, inner: window.innerHeight, y: window.scrollY }));
const firstNumber = (text: string | null) => Number(/\d+/.exec(text ?? '')?.[0] ?? NaN);

test('workspace at 1366×768: three panes fill the window, a code’s details and segments need no page scroll, pane sizes are remembered', async ({ page, webApp }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await openSeeded(page, webApp);
  const coding = new CodingPage(page);
  await coding.open('AB');
  await expect(coding.documents().getByRole('option')).toHaveCount(54);
  await expect(coding.treeRow('Coordination')).toBeVisible();
  let scroll = await pageScroll(page);
  expect(scroll.height, 'the page itself does not scroll').toBeLessThanOrEqual(scroll.inner);

  // Counts include sub-codes: a theme with no segments of its own shows everything under it.
  const count = async (name: string) => firstNumber(await coding.treeRow(name).getByTestId('code-counts').textContent());
  const theme = await count('Coordination');
  expect(theme).toBeGreaterThan(0);
  expect(theme).toBe((await count('Trust between agencies')) + (await count('Donor relations')));

  // The fold arrow folds and unfolds with a click.
  await coding.treeRow('Coordination').getByTestId('fold').first().click();
  await expect(coding.treeRow('Donor relations')).toHaveCount(0);
  await expect(coding.treeRow('Coordination')).toHaveAttribute('aria-expanded', 'false');
  await coding.treeRow('Coordination').getByTestId('fold').first().click();
  await expect(coding.treeRow('Donor relations')).toBeVisible();

  // Alt+↑ moves a code above its sibling (and Alt+↓ back).
  const order = async () => (await coding.tree().getByRole('treeitem').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code'))));
  expect((await order()).indexOf('Refresher courses')).toBeGreaterThan((await order()).indexOf('Court procedures'));
  await coding.treeRow('Refresher courses').click();
  await page.keyboard.press('Alt+ArrowUp');
  await expect.poll(async () => (await order()).indexOf('Refresher courses') < (await order()).indexOf('Court procedures')).toBe(true);

  // A code deep in the tree: its details and segments are in the same pane, on screen.
  await coding.treeRow('Reporting burden').click();
  const details = coding.screen.getByTestId('code-details');
  await expect(details.getByRole('heading', { name: 'Reporting burden' })).toBeInViewport();
  await details.getByLabel('Merge into').scrollIntoViewIfNeeded();
  await expect(details.getByLabel('Merge into')).toBeInViewport();
  scroll = await pageScroll(page);
  expect(scroll.y, 'reaching the details scrolled only the pane').toBe(0);
  await shot(page, 'coding-workspace');

  await coding.sideTab('Segments').click();
  const segments = coding.screen.getByTestId('code-segment');
  const status = coding.screen.getByTestId('code-segments').getByRole('status');
  await expect(status).toHaveText(/^\d+ segments? in \d+ interviews?/);
  const listed = firstNumber(await status.textContent());
  expect(listed).toBeGreaterThan(0);
  await expect(segments).toHaveCount(listed);
  expect(await coding.sideTab('Segments').textContent()).toContain(`(${listed})`);
  // A segment opens its interview in the middle pane.
  await segments.first().click();
  await expect(coding.documents().locator('[aria-selected="true"]')).toHaveCount(1);

  // Memos: listed with what they are on, written in a full-size editor.
  await coding.sideTab('Memos').click();
  await expect(coding.screen.getByTestId('memo').first()).toContainText('on ');
  await coding.screen.getByRole('button', { name: 'New memo' }).click();
  const editor = page.getByTestId('memo-editor');
  await expect(editor.getByLabel('Memo', { exact: true })).toBeFocused();
  const size = (await editor.boundingBox())!;
  expect(size.height).toBeGreaterThan(768 * 0.8);
  await shot(page, 'memo-editor');
  await page.keyboard.press('Escape');
  await expect(editor).toBeHidden();

  // Widen the interviews pane by dragging its separator; the width survives a reload.
  const pane = coding.screen.getByTestId('documents-pane');
  const before = (await pane.boundingBox())!.width;
  const separator = (await page.locator('[data-separator]').first().boundingBox())!;
  await page.mouse.move(separator.x + separator.width / 2, separator.y + separator.height / 2);
  await page.mouse.down();
  await page.mouse.move(separator.x + 140, separator.y + separator.height / 2, { steps: 8 });
  await page.mouse.up();
  const widened = (await pane.boundingBox())!.width;
  expect(widened).toBeGreaterThan(before + 100);
  await page.reload();
  await new FieldnoteApp(page).ready();
  await coding.open('AB');
  await expect(coding.treeRow('Coordination')).toBeVisible();
  expect(Math.abs((await pane.boundingBox())!.width - widened)).toBeLessThan(4);

  // The same at 1920×1080: the panes grow with the window.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await coding.treeRow('Police training').click();
  await expect(coding.screen.getByTestId('code-details')).toBeInViewport();
  scroll = await pageScroll(page);
  expect(scroll.height).toBeLessThanOrEqual(scroll.inner);
  await shot(page, 'coding-workspace-1920');
});

test('matrix by organisation type: one column per type (no group mixes), whole-session passages marked, drill-down lists exactly the cell with its count', async ({ page, webApp }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await openSeeded(page, webApp);
  await page.getByRole('button', { name: 'Code the notes' }).click();
  await page.getByRole('button', { name: 'Analysis' }).click();
  const analysis = new AnalysisPage(page);
  await expect(await analysis.retrieve('Coordination', true)).not.toHaveCount(0);
  await shot(page, 'analysis-retrieval');

  await analysis.screen.getByRole('tab', { name: 'Compare' }).click();
  await analysis.screen.getByLabel('Code', { exact: true }).selectOption({ index: 1 });
  await expect(analysis.screen.getByTestId('compare-count').first()).toContainText('segment');
  await shot(page, 'analysis-compare');

  await analysis.screen.getByRole('tab', { name: 'Matrix' }).click();
  const matrix = analysis.screen.getByTestId('matrix');
  await expect(matrix).toBeVisible();
  await expect(matrix.locator('thead')).not.toContainText('+');
  const headers = await matrix.locator('thead th').allTextContents();
  expect(headers.map((h) => h.replace(/\s*\(n=\d+\)/, ''))).toEqual(['Code', 'Government', 'IO', 'NGO', 'Other']);
  await expect(matrix.locator('.whole-session').first()).toBeVisible();
  const cell = analysis.screen.getByRole('button', { name: /^Coordination, Government:/ });
  const counted = firstNumber(await cell.textContent());
  expect(counted).toBeGreaterThan(0);
  await cell.click();
  const drill = analysis.screen.getByTestId('matrix-cell');
  await expect(drill.getByRole('heading')).toHaveText(`Coordination · Government: ${counted} segments`);
  await expect(drill.getByTestId('segment')).toHaveCount(counted);
  // Each listed segment is a Government respondent's, or a whole session that had one.
  const metas = await drill.getByTestId('segment').locator('.segment-meta').allTextContents();
  for (const meta of metas) expect(meta.includes('whole session') || meta.includes('Government')).toBe(true);
  await shot(page, 'analysis-matrix');

  await analysis.screen.getByRole('tab', { name: 'Co-occurrence' }).click();
  await expect(analysis.screen.getByTestId('cooccurrence')).toBeVisible();
  await shot(page, 'analysis-cooccurrence');
  await analysis.screen.getByRole('tab', { name: 'Saturation' }).click();
  const chart = analysis.screen.getByTestId('saturation-chart');
  await expect(chart).toContainText('New codes in the interview');
  await chart.getByTestId('saturation-bar').first().hover();
  await expect(analysis.screen.getByTestId('saturation-hover')).toContainText('ID ');
  await shot(page, 'analysis-saturation');
  const png = page.waitForEvent('download');
  await analysis.screen.getByRole('button', { name: 'Save as PNG' }).click();
  const image = fs.readFileSync(await (await png).path());
  expect([...image.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await analysis.screen.getByRole('tab', { name: 'Search' }).click();
  await analysis.screen.getByLabel('Search the notes (English or Khmer)').fill('ប៉ូលីស');
  await expect(analysis.screen.getByTestId('search-status')).toContainText('showing 1–25');
  await analysis.screen.getByRole('button', { name: 'Next' }).click();
  await expect(analysis.screen.getByTestId('search-status')).toContainText('showing 26–');
  await shot(page, 'analysis-search');

  await analysis.screen.getByRole('button', { name: 'Quotes and codebook' }).click();
  const quotes = page.locator('[data-screen="quotes"]');
  await expect(quotes.getByTestId('quote-group-heading').first()).toContainText('›');
  await shot(page, 'quote-bank');
});

test('relations network: laid out without overlaps; a dragged code keeps its place after reopening; saved as SVG', async ({ page, webApp }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await openSeeded(page, webApp);
  await page.getByRole('button', { name: 'Code the notes' }).click();
  await page.getByRole('button', { name: 'Analysis' }).click();
  const analysis = new AnalysisPage(page);
  await analysis.screen.getByRole('tab', { name: 'Relations' }).click();
  const network = analysis.screen.getByTestId('network');
  const nodes = network.locator('g.node');
  await expect(nodes).not.toHaveCount(0);
  const boxes = await nodes.locator('rect').evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect().toJSON() as DOMRect));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      expect(overlap, `boxes ${i} and ${j} overlap`).toBe(false);
    }
  }
  await shot(page, 'analysis-relations');

  const node = network.locator('g.node[data-code="Stigma"]');
  const start = (await node.locator('rect').boundingBox())!;
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 + 90, start.y + start.height / 2 + 60, { steps: 10 });
  await page.mouse.up();
  const moved = await node.getAttribute('transform');
  expect(moved).not.toBeNull();

  await analysis.screen.getByRole('button', { name: 'Code the notes' }).click();
  await page.getByRole('button', { name: 'Analysis' }).click();
  await analysis.screen.getByRole('tab', { name: 'Relations' }).click();
  await expect(network.locator('g.node[data-code="Stigma"]')).toHaveAttribute('transform', moved!);

  const download = page.waitForEvent('download');
  await analysis.screen.getByRole('button', { name: 'Save as SVG' }).click();
  const svg = fs.readFileSync(await (await download).path(), 'utf8');
  expect(svg).toContain('<svg');
  expect(svg).toContain('Stigma');
  expect(svg).toContain('marker');
  const png = page.waitForEvent('download');
  await analysis.screen.getByRole('button', { name: 'Save as PNG' }).click();
  const image = fs.readFileSync(await (await png).path());
  expect([...image.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  expect(image.length).toBeGreaterThan(5000);
});
