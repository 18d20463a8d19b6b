/**
 * The designer on a realistic bilingual schedule at 1366×768: label and hint fields wide
 * enough to read, the side panel never wider than its column, findings grouped and
 * collapsed with counts, and the languages panel (missing counts, copy, add, rename, remove).
 * Set FIELDNOTE_SCREENSHOTS=DIR to keep screenshots.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import nodePath from 'node:path';
import { expect, test } from './support/web-app';
import { FieldnoteApp } from './support/pages';
import { writeWorkbookRows } from '../../electron/schedule/xlsx';
import { bilingualSchedule } from '../support/bilingual-schedule';

const PASS = 'correct horse battery staple';
const shots = process.env.FIELDNOTE_SCREENSHOTS;
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious or critical axe violations on the page (axe runs through DevTools, outside the CSP). */
async function seriousViolations(page: import('@playwright/test').Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    type Violation = { id: string; impact: string | null; nodes: { target: string[] }[] };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

test('bilingual schedule in the designer: readable fields, grouped findings, languages panel', async ({ page, webApp }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const file = nodePath.join(webApp.dir, 'stakeholder.xlsx');
  fs.writeFileSync(file, await writeWorkbookRows(bilingualSchedule()));

  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject('Bilingual designer', PASS);
  await page.locator('#import-xlsx').setInputFiles(file);
  await expect(page.getByTestId('import-report')).toContainText('Imported stakeholder.xlsx with 0 errors, 2 warnings, 48 missing translations', { timeout: 30_000 });
  // The import report is grouped too: what changes the data first, translations collapsed.
  await expect(page.getByTestId('import-findings').locator('summary')).toHaveText(['Changes the data (2)', 'Translations (48)']);
  await page.getByRole('button', { name: /Open in designer/ }).first().click();
  await expect(page.getByTestId('outline')).toBeVisible();

  // Two languages and the plain hint once, under "Every language": no third "default".
  await page.locator('[data-name="s1_q2"]').click();
  await expect(page.getByLabel('Label (English)')).toHaveValue(/How far do you agree/);
  await expect(page.getByLabel('Hint (Every language)')).toHaveValue('Read the scale aloud');
  await expect(page.getByLabel('Label (default)')).toHaveCount(0);
  if (shots) await page.screenshot({ path: nodePath.join(shots, 'designer-1366-editor.png') });
  for (const label of ['Label (English)', 'Label (Khmer)', 'Hint (Every language)']) {
    const box = await page.getByLabel(label).boundingBox();
    expect(box!.width, label).toBeGreaterThan(200);
  }

  // Findings: grouped, collapsed, the coding finding in "Changes the data".
  await expect(page.getByRole('tab', { name: /Findings \(0 errors, 2 warnings, \d+ missing translations\)/ })).toBeVisible();
  const data = page.locator('details[data-group="data"]');
  await expect(data.locator('summary')).toHaveText('Changes the data (2)');
  await expect(data).not.toHaveAttribute('open', '');
  await data.locator('summary').click();
  await expect(data).toContainText('"Don\'t know" is coded 3 in list "yn3"');
  await expect(page.locator('details[data-group="translation"] summary')).toHaveText(/Translations \(\d+\)/);
  await expect(page.locator('details[data-group="translation"] .coverage')).toContainText('Khmer (km): 45 of 210 survey labels missing');
  expect(await seriousViolations(page)).toEqual([]);
  if (shots) await page.screenshot({ path: nodePath.join(shots, 'designer-1366-findings.png') });

  // The preview does not overflow its panel.
  await page.getByRole('tab', { name: 'Preview' }).click();
  await expect(page.getByTestId('preview')).toBeVisible();
  const overflow = await page.locator('.designer-side').evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const page1366 = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(page1366).toBeLessThanOrEqual(1366);
  if (shots) await page.screenshot({ path: nodePath.join(shots, 'designer-1366-preview.png') });

  // Languages: counts, copy English into the Khmer gaps, add, rename, remove.
  await page.getByRole('tab', { name: 'Languages' }).click();
  await expect(page.getByTestId('missing-km')).toHaveText('48 of 232');
  await expect(page.getByTestId('missing-en')).toHaveText('0 of 232');
  expect(await seriousViolations(page)).toEqual([]);
  if (shots) {
    await page.screenshot({ path: nodePath.join(shots, 'designer-1366-languages.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: nodePath.join(shots, 'designer-1920-languages.png') });
    await page.setViewportSize({ width: 1366, height: 768 });
  }
  await page.getByLabel('Copy from').selectOption('en');
  await page.getByLabel('Copy into').selectOption('km');
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.getByTestId('languages-status')).toContainText('Copied 48 text(s) from English into the gaps in Khmer');
  await expect(page.getByTestId('missing-km')).toHaveText('0 of 232');

  await page.getByLabel('Add a language').fill('French (fr)');
  await page.getByRole('button', { name: 'Add language' }).click();
  await expect(page.getByTestId('missing-fr')).toHaveText('232 of 232');
  await page.getByRole('button', { name: 'Rename French' }).click();
  await page.getByLabel('New name for French').fill('Thai (th)');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('missing-th')).toHaveText('232 of 232');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Remove Thai' }).click();
  await expect(page.getByTestId('missing-th')).toHaveCount(0);
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved.', { timeout: 20_000 });
});
