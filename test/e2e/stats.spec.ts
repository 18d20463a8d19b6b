import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import nodePath from 'node:path';
import type { Download } from '@playwright/test';
import { FieldnoteApp } from './support/pages';
import { StatisticsPage } from './support/statistics-page';
import { expect, test } from './support/web-app';

const PASS = 'correct horse battery staple';
const root = nodePath.resolve(import.meta.dirname, '../..');

function fieldnote(args: string[], configDir: string): string {
  const r = spawnSync(process.execPath, [nodePath.join(root, 'bin/fieldnote.mjs'), ...args], {
    env: { ...process.env, FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_CONFIG_DIR: configDir },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`fieldnote ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

/** `fieldnote stats freq` output as rows of cells: the title line, then each line split at its column gaps. */
function cliRows(stdout: string): { title: string; header: string[]; body: string[][] } {
  const [title = '', header = '', ...body] = stdout.replace(/\n$/, '').split('\n');
  const cells = (line: string) => line.trim().split(/\s{2,}/).filter((c) => c !== '');
  return { title, header: cells(header), body: body.map(cells) };
}

/** Copied TSV as rows of non-empty cells. */
function tsvRows(text: string): string[][] {
  return text.split('\r\n').slice(0, -1).map((line) => line.split('\t').filter((c) => c !== ''));
}

test('statistics equal the CLI; a crosstab with chi-square; copy a table; export for SPSS', async ({ page, context, webApp }) => {
  // A synthetic project in the app's folder, and what the command line says about it.
  const fileName = 'Evaluation 2026.fieldnote';
  const project = nodePath.join(webApp.dir, fileName);
  const cliConfig = nodePath.join(webApp.dir, '.cli-config');
  fieldnote(['dev', 'seed', project, '--schedule', nodePath.join(root, 'resources/schedules/example-evaluation.xlsx'), '--interviews', '60', '--seed', '3', '--words', '20'], cliConfig);
  const cliFrequency = cliRows(fieldnote(['stats', 'freq', project, 'q3_collab'], cliConfig));
  const cliCrosstab = cliRows(fieldnote(['stats', 'freq', project, 'q3_collab', '--by', 'org_type'], cliConfig));
  const cliRowPercent = cliRows(fieldnote(['stats', 'freq', project, 'q3_collab', '--by', 'org_type', '--percentages', 'both'], cliConfig));
  const cliExport = nodePath.join(webApp.dir, '.cli-export');
  fs.mkdirSync(cliExport);
  fieldnote(['export', 'spss', project, '--out', cliExport], cliConfig);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);

  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await page.getByRole('button', { name: fileName }).click();
  await app.unlock(PASS);
  await expect(app.screen('home')).toBeVisible();

  const stats = new StatisticsPage(page);
  await stats.open();
  await stats.chooseVariable('q3_collab');
  const frequency = stats.screen.getByTestId('frequency-table');
  await expect(frequency.locator('caption')).toContainText(cliFrequency.title);
  expect(await frequency.locator('thead th').allTextContents()).toEqual(cliFrequency.header);
  expect(await stats.rows(frequency)).toEqual(cliFrequency.body);
  // The missing rows are there by kind, as SPSS lists them.
  expect((await stats.rows(frequency)).map((r) => r.find((c) => /^[A-Z]/.test(c) && c !== 'Valid' && c !== 'Missing'))).toEqual(
    expect.arrayContaining(['Declined', "Don't know", 'System missing']),
  );

  // Crosstab by organisation type: the same counts, column % and chi-square as the CLI.
  await stats.showTable('Crosstab');
  await stats.breakDownBy('Organisation type');
  const crosstab = stats.screen.getByTestId('crosstab');
  await expect(crosstab.locator('caption').first()).toHaveText(cliCrosstab.title);
  const tableLines = cliCrosstab.body.slice(0, cliCrosstab.body.findIndex((r) => r.length === 0));
  expect(await stats.rows(crosstab.locator('table').first())).toEqual(tableLines);
  const chi = stats.screen.getByTestId('chi-square');
  const cliValue = cliCrosstab.body.find((r) => r[0] === 'Pearson Chi-Square')?.[2];
  const cliDf = cliCrosstab.body.find((r) => r[0] === 'df')?.[1];
  const cliP = cliCrosstab.body.find((r) => r[0] === 'Asymptotic Sig. (2-sided)')?.[1];
  expect((await stats.rows(chi))[0]).toEqual(['Pearson Chi-Square', cliValue, cliDf, cliP]);
  await expect(stats.screen.getByTestId('expected-warning')).toContainText('expected count less than 5');

  // Copy table: the clipboard holds the tab-separated table, cell for cell what the CLI printed.
  await stats.screen.getByRole('button', { name: 'Copy table' }).click();
  await expect(stats.screen.getByTestId('table-message')).toContainText('Copied the table');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const copiedRows = tsvRows(copied);
  expect(copiedRows[0]?.[0]).toBe(cliCrosstab.title);
  expect(copiedRows[0]?.slice(1)).toEqual(cliCrosstab.header);
  expect(copiedRows.slice(1)).toEqual(cliCrosstab.body);
  // …and an HTML table, so Word pastes a table.
  const html = await page.evaluate(async () => {
    const items = await navigator.clipboard.read();
    const item = items.find((i) => i.types.includes('text/html'));
    return item ? await (await item.getType('text/html')).text() : '';
  });
  expect(html).toContain('<table');
  expect(html).toContain(`<th>${cliCrosstab.header[0]}</th>`);

  // Row and column percentages together, as the CLI prints them with --percentages both.
  await stats.screen.getByRole('group', { name: 'Percentages' }).getByRole('button', { name: 'Both' }).click();
  await expect(crosstab.getByRole('rowheader', { name: 'Row %' }).first()).toBeVisible();
  const bothLines = cliRowPercent.body.slice(0, cliRowPercent.body.findIndex((r) => r.length === 0));
  expect(await stats.rows(crosstab.locator('table').first())).toEqual(bothLines);
  await stats.screen.getByRole('group', { name: 'Percentages' }).getByRole('button', { name: 'Column %' }).click();

  // Export .xlsx of the crosstab.
  const [xlsx] = await Promise.all([page.waitForEvent('download'), stats.screen.getByRole('button', { name: 'Export .xlsx' }).click()]);
  expect(xlsx.suggestedFilename()).toBe('Evaluation 2026 q3_collab by org_type.xlsx');
  expect(fs.readFileSync((await xlsx.path()) ?? '').subarray(0, 2).toString()).toBe('PK');

  // Export for SPSS: the SPSS set named after the project, the CSV and syntax identical to the CLI's.
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  const panel = stats.screen.getByTestId('spss-export');
  // Every format is one click away, each saying what it is for.
  for (const name of ['SPSS (.sav)', 'Stata (.dta)', 'R (.R + .csv)', 'Excel (.xlsx)', 'DDI codebook (.xml)', 'CSV only', 'All of these']) {
    await expect(panel.getByRole('button', { name })).toBeVisible();
  }
  await expect(panel.getByText('For Stata 14 or later')).toBeVisible();
  await panel.getByRole('button', { name: 'SPSS (.sav)' }).click();
  await expect(panel.getByTestId('export-result')).toContainText('rows');
  await expect.poll(() => downloads.length).toBe(5);
  expect(downloads.map((d) => d.suggestedFilename())).toEqual(['Evaluation 2026.csv', 'Evaluation 2026.sps', 'Evaluation 2026.sav', 'Evaluation 2026.R', 'Evaluation 2026-codebook.md']);
  const bytes = async (d: Download) => fs.readFileSync((await d.path()) ?? '');
  expect((await bytes(downloads[0]!)).equals(fs.readFileSync(nodePath.join(cliExport, 'Evaluation 2026.csv')))).toBe(true);
  expect((await bytes(downloads[1]!)).equals(fs.readFileSync(nodePath.join(cliExport, 'Evaluation 2026.sps')))).toBe(true);
  const sav = await bytes(downloads[2]!);
  expect(sav.subarray(0, 4).toString()).toBe('$FL2');
  expect(sav.length).toBe(fs.statSync(nodePath.join(cliExport, 'Evaluation 2026.sav')).size);
  expect((await bytes(downloads[4]!)).toString('utf8')).toMatch(/^# Codebook: /);

  // Stata in one click.
  await panel.getByRole('button', { name: 'Stata (.dta)' }).click();
  await expect.poll(() => downloads.length).toBe(6);
  expect(downloads[5]!.suggestedFilename()).toBe('Evaluation 2026.dta');
  expect((await bytes(downloads[5]!)).subarray(0, 11).toString()).toBe('<stata_dta>');
});

test('unit of analysis and keyboard: interviews count once, and the variable list works from the keyboard', async ({ page, webApp }) => {
  const fileName = 'Groups.fieldnote';
  const project = nodePath.join(webApp.dir, fileName);
  const cliConfig = nodePath.join(webApp.dir, '.cli-config');
  const seeded = fieldnote(['dev', 'seed', project, '--schedule', nodePath.join(root, 'resources/schedules/example-evaluation.xlsx'), '--interviews', '30', '--seed', '8', '--words', '10'], cliConfig);
  const [, interviews, respondents] = /(\d+) interviews, (\d+) respondents/.exec(seeded) ?? [];
  expect(Number(respondents)).toBeGreaterThan(Number(interviews));

  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await page.getByRole('button', { name: fileName }).click();
  await app.unlock(PASS);
  const stats = new StatisticsPage(page);
  await stats.open();
  await stats.chooseVariable('session');
  const total = () => stats.screen.getByTestId('frequency-table').locator('tfoot td').first();
  await expect(total()).toHaveText(respondents ?? '');
  await expect(stats.screen.getByText(`N = ${respondents}.`)).toBeVisible();

  await stats.unit('Interview');
  await expect(stats.screen.getByText(/Each interview session is one case/)).toBeVisible();
  await expect(total()).toHaveText(interviews ?? '');

  // Keyboard: type in the search, Enter takes the first match, Tab to the list, arrow through it; the table follows.
  await stats.screen.getByLabel('Find a variable').fill('');
  await stats.screen.getByLabel('Find a variable').focus();
  await page.keyboard.type('q3');
  await page.keyboard.press('Enter');
  const caption = stats.screen.getByTestId('frequency-table').locator('caption');
  await expect(caption).toContainText('Q3. Do you collaborate');
  await page.keyboard.press('Tab');
  await expect(stats.screen.getByTestId('variable-list')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(caption).toContainText('In what year did your organisation start collaborating?');
});
