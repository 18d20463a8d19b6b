import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import nodePath from 'node:path';
import type { Download } from '@playwright/test';
import { readZip } from '../../shared/exchange/zip/zip';
import ExcelJS from 'exceljs';
import { EvaluationPage, seriousViolations } from './support/evaluation-page';
import { FieldnoteApp } from './support/pages';
import { expect, test } from './support/web-app';

const PASS = 'correct horse battery staple';
const root = nodePath.resolve(import.meta.dirname, '../..');

async function docxText(download: Download): Promise<string> {
  const bytes = fs.readFileSync((await download.path())!);
  const entry = readZip(new Uint8Array(bytes)).find((e) => e.name === 'word/document.xml')!;
  const xml = new TextDecoder().decode(await entry.read());
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>(.*?)<\/w:t>/g)].map((t) => t[1]).join(' ');
}

test('build a matrix of three questions, open the evidence, save the chart, summarise in the grid, export the document', async ({ page, webApp }) => {
  test.setTimeout(240_000);
  const fileName = 'Matrix 2026.fieldnote';
  const project = nodePath.join(webApp.dir, fileName);
  const seeded = spawnSync(
    process.execPath,
    [nodePath.join(root, 'bin/fieldnote.mjs'), 'dev', 'seed', project, '--schedule', nodePath.join(root, 'resources/schedules/example-evaluation.xlsx'), '--interviews', '40', '--seed', '3', '--words', '40', '--coded'],
    { env: { ...process.env, FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_CONFIG_DIR: nodePath.join(webApp.dir, '.cli-config') }, encoding: 'utf8' },
  );
  expect(seeded.status, seeded.stderr).toBe(0);

  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await page.getByRole('button', { name: fileName }).click();
  await app.unlock(PASS);
  await expect(app.screen('home')).toBeVisible();

  const evaluation = new EvaluationPage(page);
  await evaluation.open();
  await evaluation.addQuestion({
    ref: 'EQ1',
    criterion: 'Effectiveness',
    text: 'How far has collaboration with the programme grown?',
    links: [
      ['Schedule question', { value: 'q3_collab' }],
      ['Code', { label: 'Coordination' }],
      ['Indicator', { value: 'q3_collab' }, 'Yes (1)'],
    ],
  });
  await evaluation.addQuestion({ ref: 'EQ2', criterion: 'Relevance', text: 'Is the training relevant to the agencies?', links: [['Section', { value: 'training' }]] });
  await evaluation.addQuestion({ ref: 'EQ1.1', criterion: 'Effectiveness', text: 'Has police training changed practice?', parent: 'EQ1', links: [['Code', { label: 'Institutional capacity › Training › Police training' }]] });
  const list = evaluation.screen.locator('.matrix-list');
  await expect(list.getByRole('region', { name: 'Effectiveness' }).getByRole('button')).toHaveText([/^EQ1 How far/, /^EQ1\.1 Has police/]);
  await expect(list.getByRole('region', { name: 'Relevance' }).getByRole('button')).toHaveText([/^EQ2 Is the training/]);
  await page.screenshot({ path: test.info().outputPath('matrix-1366.png') });
  expect(await seriousViolations(page)).toEqual([]);

  // A workbook with mistakes is refused with the row and column of each; nothing changes.
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Matrix');
  sheet.addRow(['ID', 'Parent', 'Criterion', 'Evaluation question', 'Schedule questions', 'Sections', 'Codes', 'Indicators']);
  sheet.addRow(['EQ9', '', 'Impact', 'What changed?', 'q3_colab', '', 'Trainning', '']);
  const bad = nodePath.join(webApp.dir, 'terms of reference.xlsx');
  fs.writeFileSync(bad, Buffer.from(await workbook.xlsx.writeBuffer()));
  await evaluation.screen.getByTestId('matrix-import').setInputFiles(bad);
  const problems = evaluation.screen.getByTestId('matrix-problems');
  await expect(problems).toContainText('Nothing was imported.');
  await expect(problems).toContainText('terms of reference.xlsx, sheet Matrix, row 2, column Schedule questions: the schedule has no question named "q3_colab"');
  await expect(problems).toContainText('row 2, column Codes: the codebook has no code "Trainning"');
  await expect(list.locator('.eq-item')).toHaveCount(3);

  // The evidence for EQ1.
  await list.getByRole('button', { name: /^EQ1 How far/ }).click();
  await evaluation.form.getByRole('button', { name: 'Show the evidence' }).click();
  const evidence = evaluation.screen.getByTestId('evidence-view');
  await expect(evidence.getByTestId('spoke-sentence')).toHaveText(/^\d+ of \d+ respondents \(\d+\.\d%\) spoke to this question: /);
  await expect(evidence.getByTestId('who-spoke-chart')).toBeVisible();
  await expect(evidence.getByTestId('indicator')).toContainText('Indicator: % who answered “Yes” to');
  await expect(evidence.getByTestId('frequency-table').first()).toContainText('Valid Percent');
  await expect(evidence.getByTestId('themes-table')).toContainText('Coordination');
  await expect(evidence.getByTestId('voice').first()).toBeVisible();
  await expect(evidence.getByTestId('voice').first()).toContainText(/\(\d+, [A-Za-z]+/);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: test.info().outputPath('evidence-1920.png'), fullPage: true });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: test.info().outputPath('evidence-1366.png') });
  expect(await seriousViolations(page)).toEqual([]);

  // The chart as SVG and PNG.
  const whoSpoke = evidence.getByRole('region', { name: 'Who spoke to it' });
  const [svg] = await Promise.all([page.waitForEvent('download'), whoSpoke.getByRole('button', { name: 'Save chart as SVG' }).click()]);
  expect(svg.suggestedFilename()).toBe('EQ1 who spoke.svg');
  expect(fs.readFileSync((await svg.path())!, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*Government/);
  const [png] = await Promise.all([page.waitForEvent('download'), whoSpoke.getByRole('button', { name: 'Save chart as PNG' }).click()]);
  expect(fs.readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');
  const [indicatorSvg] = await Promise.all([page.waitForEvent('download'), evidence.getByTestId('indicator').getByRole('button', { name: 'Save chart as SVG' }).click()]);
  expect(fs.readFileSync((await indicatorSvg.path())!, 'utf8')).toContain('All respondents');

  // A rapid-analysis summary by evaluation question shows in the evidence.
  await evaluation.tab('Rapid analysis').click();
  const grid = evaluation.screen.getByTestId('rqa-grid');
  await grid.getByLabel('Evaluation questions').check();
  await grid.getByLabel('Your initials').fill('AB');
  const firstRow = grid.locator('tbody tr').first();
  const respondent = (await firstRow.locator('th').first().innerText()).split('\n')[0]!.trim();
  const cell = grid.getByLabel(`Summary: ${respondent}, EQ1 How far has collaboration with the programme grown?`);
  await cell.fill('Works with the police unit monthly; trust has grown.');
  await cell.press('Tab');
  const noteChoice = grid.getByLabel(`Written from the note: ${respondent}, EQ1 How far has collaboration with the programme grown?`);
  await expect(noteChoice).toBeFocused();
  await noteChoice.selectOption({ index: 1 });
  const noteLabel = (await noteChoice.locator('option:checked').innerText()).trim();
  await grid.getByLabel('Sort by').selectOption({ label: 'Organisation type' });
  await grid.getByLabel('Show respondents by').selectOption({ label: 'Organisation type' });
  await grid.getByLabel('Value').selectOption({ label: 'Government' });
  await expect(grid.locator('tbody tr th .rqa-attributes').first()).toContainText('Government');
  await page.screenshot({ path: test.info().outputPath('rqa-1366.png') });
  expect(await seriousViolations(page)).toEqual([]);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), grid.getByRole('button', { name: 'Export .xlsx' }).click()]);
  expect(xlsx.suggestedFilename()).toBe('Matrix 2026 rapid analysis.xlsx');

  await evaluation.tab('Evidence').click();
  await expect(evidence.getByTestId('rqa-summaries')).toContainText('Works with the police unit monthly; trust has grown.');
  await expect(evidence.getByTestId('rqa-summaries').getByRole('button', { name: `from ${noteLabel}` })).toBeVisible();

  // The document.
  const [doc] = await Promise.all([page.waitForEvent('download'), evidence.getByRole('button', { name: 'Report for this question (.docx)' }).click()]);
  expect(doc.suggestedFilename()).toBe('Matrix 2026 evidence EQ1.docx');
  const text = await docxText(doc);
  expect(text).toContain('EQ1 (Effectiveness): How far has collaboration with the programme grown?');
  expect(text).toContain(await evidence.getByTestId('spoke-sentence').innerText());
  expect(text).toContain('Valid Percent');
  const [all] = await Promise.all([page.waitForEvent('download'), evidence.getByRole('button', { name: 'All as Markdown' }).click()]);
  const md = fs.readFileSync((await all.path())!, 'utf8');
  expect(md).toContain('## EQ2 (Relevance)');
  expect(md).toContain('## EQ1.1 (Effectiveness)');
});
