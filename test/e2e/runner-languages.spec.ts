/**
 * "Both languages" on a bilingual schedule whose hints are written once (a plain `hint`
 * column): each label in English and Khmer, a hint once, a question without Khmer once,
 * and a question that fits the screen. FIELDNOTE_SCREENSHOTS=DIR keeps a screenshot.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { expect, test } from './support/web-app';
import { FieldnoteApp, ProjectHome } from './support/pages';
import { writeWorkbookRows } from '../../electron/schedule/xlsx';
import { bilingualSchedule } from '../support/bilingual-schedule';

const PASS = 'correct horse battery staple';
const shots = process.env.FIELDNOTE_SCREENSHOTS;

test('both languages: the second language only where it has its own text', async ({ page, webApp }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const file = nodePath.join(webApp.dir, 'stakeholder.xlsx');
  fs.writeFileSync(file, await writeWorkbookRows(bilingualSchedule()));
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject('Bilingual runner', PASS);
  await page.locator('#import-xlsx').setInputFiles(file);
  await expect(page.getByTestId('import-report')).toContainText('Imported stakeholder.xlsx', { timeout: 30_000 });

  const intake = await new ProjectHome(page).newInterview();
  await expect(page.getByLabel('Interview language').locator('option')).toHaveText(['English', 'Khmer', 'Both (English and Khmer)']);
  await intake.fillRespondent(0, { agencyGroup: 'Police', organisationNumber: '14', locationNumber: '3', consent: 'verbal', quotes: true });
  await intake.fillSession('AB', 'Both (English and Khmer)');
  const { runner } = await intake.startAndBegin();

  await runner.expectAt('s1_q1');
  const text = runner.question.locator('.question-text .in-language');
  await expect(text).toHaveCount(2);
  await expect(text.nth(1)).toHaveAttribute('lang', 'km');
  const height = (await runner.question.boundingBox())!.height;
  expect(height).toBeLessThan(768);

  // A plain hint is shown once; s1_q7 has no Khmer label, so English shows once.
  await runner.nextUntil('s1_q4', { leaveRequired: 'N' });
  await expect(runner.question.locator('.question-hint')).toHaveText('Probe for examples');
  await expect(runner.question.locator('.question-hint .in-language')).toHaveCount(0);
  if (shots) await page.screenshot({ path: nodePath.join(shots, 'runner-both-1366.png') });
  await runner.nextUntil('s1_q7', { leaveRequired: 'N' });
  await expect(runner.question.locator('.question-text')).toHaveText(/^What support did you receive/);
  await expect(runner.question.locator('.question-text .in-language')).toHaveCount(0);
});
