import type { Page } from '@playwright/test';
import fs from 'node:fs';
import { readZip } from '../../shared/exchange/zip/zip';
import { AnalysisPage, CodingPage } from './support/coding-page';
import { FieldnoteApp, ProjectHome } from './support/pages';
import { expect, test } from './support/web-app';

const PASS = 'correct horse battery staple';

async function projectWithExample(page: Page, url: string, title: string): Promise<ProjectHome> {
  await page.goto(url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject(title, PASS);
  const home = new ProjectHome(page);
  await home.importExampleSchedule();
  return home;
}

/** Runs a short interview with one note on the consent question, ended early; back on the project home. */
async function interviewWithNote(page: Page, home: ProjectHome, respondent: { type: string; quotes: boolean }, note: string): Promise<string> {
  const intake = await home.newInterview();
  await intake.fillRespondent(0, { agencyGroup: 'Police', consent: 'verbal', quotes: respondent.quotes });
  await intake.participant(0).getByLabel('Organisation type').selectOption({ label: respondent.type });
  await intake.fillSession('AB');
  const { ids, runner } = await intake.startAndBegin();
  await page.keyboard.press('Enter');
  await runner.expectAt('consent');
  await page.keyboard.press('1');
  await page.keyboard.press('Tab');
  await expect(runner.questionNote()).toBeFocused();
  await page.keyboard.type(note);
  await runner.expectSaved();
  await page.keyboard.press('Control+e');
  await page.keyboard.type('Short session for the test');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ended-early')).toBeVisible();
  await page.reload();
  await new FieldnoteApp(page).ready();
  await expect(page.locator('[data-screen="home"]')).toBeVisible();
  return ids;
}

test('code, overlap, edit around the codes, reopen: highlights and retrieval intact; merge and undo', async ({ page, webApp }) => {
  const home = await projectWithExample(page, webApp.url, 'Coding project');
  await interviewWithNote(page, home, { type: 'Government', quotes: true }, 'The unit trained twelve officers in community policing last year.');

  const coding = new CodingPage(page);
  await coding.open('AB');
  await expect(coding.noteText('consent')).toHaveText('The unit trained twelve officers in community policing last year.');
  await expect(coding.tree()).toBeEmpty();

  // A passage, coded with a new code from the picker.
  await coding.select('consent', 'trained twelve officers');
  await coding.codeSelectionAs('Training');
  await coding.expectCounts('Training', '1 seg · 1 int');
  await expect(coding.marks('consent')).toHaveText(['trained twelve officers']);
  // "Codes here" shows the new code at once, before the cursor moves.
  await expect(coding.codesHere('consent')).toContainText('Training');

  // A second code overlapping part of it: the shared words carry both codes (darker, two bars).
  await coding.select('consent', 'twelve officers in community');
  await coding.codeSelectionAs('Capacity');
  await coding.expectCounts('Capacity', '1 seg · 1 int');
  await expect(coding.marks('consent')).toHaveText(['trained ', 'twelve officers', ' in community']);
  await expect(coding.marks('consent').nth(1)).toHaveAttribute('data-codes', '2');
  await expect(coding.marks('consent').nth(0)).toHaveAttribute('data-codes', '1');
  const single = await coding.marks('consent').nth(0).evaluate((el) => getComputedStyle(el).backgroundColor);
  const double = await coding.marks('consent').nth(1).evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(alpha(double)).toBeGreaterThan(alpha(single));

  // The cursor in the overlap shows both codes.
  await coding.caretAt('consent', 'The unit trained twel'.length);
  await expect(coding.codesHere('consent').locator('li')).toHaveCount(2);
  await expect(coding.codesHere('consent')).toContainText('Training');
  await expect(coding.codesHere('consent')).toContainText('Capacity');

  // Type inside both segments, at the edges and outside them.
  await coding.caretAt('consent', 'The unit trained twelve'.length);
  await page.keyboard.type(' new'); // inside both
  await coding.caretAt('consent', 'The unit trained twelve new officers in community'.length);
  await page.keyboard.type('-based'); // right after Capacity's end: outside it
  await coding.caretAt('consent', 'The unit '.length);
  await page.keyboard.type('well '); // right before Training's start: outside it
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('Note: '); // before both
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' Good.'); // after both
  const edited = 'Note: The unit well trained twelve new officers in community-based policing last year. Good.';
  await expect(coding.noteText('consent')).toHaveText(edited);
  await expect(coding.marks('consent')).toHaveText(['trained ', 'twelve new officers', ' in community']);
  await coding.expectSaved();

  // Reload, then lock and unlock: the note, its highlights and the codes are as they were.
  await page.reload();
  await new FieldnoteApp(page).ready();
  await coding.open('AB');
  await expect(coding.noteText('consent')).toHaveText(edited);
  await expect(coding.marks('consent')).toHaveText(['trained ', 'twelve new officers', ' in community']);
  const app = new FieldnoteApp(page);
  await app.lock();
  await app.unlock(PASS);
  // Unlocking returns to the screen the lock found (issue 13): the coding screen, not the home.
  await expect(coding.screen).toBeVisible();
  await coding.screen.getByLabel('Your initials').fill('AB');
  await expect(coding.noteText('consent')).toHaveText(edited);
  await expect(coding.marks('consent')).toHaveText(['trained ', 'twelve new officers', ' in community']);
  await expect(coding.marks('consent').nth(1)).toHaveAttribute('data-codes', '2');
  await coding.expectCounts('Training', '1 seg · 1 int');
  await coding.expectCounts('Capacity', '1 seg · 1 int');

  // Retrieval shows each code's segment with its current text, and who said it.
  await coding.screen.getByRole('button', { name: 'Analysis' }).click();
  const analysis = new AnalysisPage(page);
  await expect(await analysis.retrieve('Training')).toHaveText(['trained twelve new officers']);
  await expect(analysis.screen.getByTestId('segment')).toContainText('ID 1');
  await expect(analysis.screen.getByTestId('segment')).toContainText('Government');
  await expect(await analysis.retrieve('Capacity')).toHaveText(['twelve new officers in community']);

  // Merge Capacity into Training, then undo: the tree, the counts and the highlights come back.
  await analysis.screen.getByRole('button', { name: 'Code the notes' }).click();
  await expect(coding.screen).toBeVisible();
  await coding.treeRow('Capacity').click();
  await coding.screen.getByLabel('Merge into').selectOption({ label: 'Training' });
  await coding.screen.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(coding.treeRow('Capacity')).toHaveCount(0);
  await coding.expectCounts('Training', '2 seg · 1 int');
  await expect(coding.screen.getByTestId('undo-label')).toContainText('Merge “Capacity” into “Training”');

  await coding.treeRow('Training').focus();
  await page.keyboard.press('Control+z');
  await expect(coding.tree().getByRole('treeitem')).toHaveCount(2);
  await coding.expectCounts('Training', '1 seg · 1 int');
  await coding.expectCounts('Capacity', '1 seg · 1 int');
  await expect(coding.marks('consent')).toHaveText(['trained ', 'twelve new officers', ' in community']);
  await expect(coding.marks('consent').nth(1)).toHaveAttribute('data-codes', '2');

  // Redo with the button, undo again with the button.
  await coding.screen.getByRole('button', { name: 'Redo' }).click();
  await expect(coding.treeRow('Capacity')).toHaveCount(0);
  await coding.screen.getByRole('button', { name: 'Undo' }).click();
  await coding.expectCounts('Capacity', '1 seg · 1 int');
});

test('quote bank: only respondents who agreed to be quoted, attributed "(ID, Type)", in the .docx', async ({ page, webApp }) => {
  const home = await projectWithExample(page, webApp.url, 'Quotes project');
  await interviewWithNote(page, home, { type: 'Government', quotes: true }, 'Officers said the hotline saved lives every week.');
  await interviewWithNote(page, home, { type: 'NGO', quotes: false }, 'Staff said the shelter was always full in winter.');

  const coding = new CodingPage(page);
  await coding.open('CD');
  await coding.chooseInterview('1');
  await coding.select('consent', 'the hotline saved lives');
  await coding.codeSelectionAs('Hotline');
  await coding.expectCounts('Hotline', '1 seg · 1 int');
  await coding.caretAt('consent', 'Officers said the hot'.length);
  await coding.codesHere('consent').getByRole('button', { name: 'Mark as quote' }).click();
  await expect(coding.codesHere('consent')).toContainText('quote');

  await coding.chooseInterview('2');
  await expect(coding.noteText('consent')).toHaveText('Staff said the shelter was always full in winter.');
  await coding.select('consent', 'the shelter was always full');
  await coding.codeSelectionAs('Shelter');
  await coding.expectCounts('Shelter', '1 seg · 1 int');
  await coding.caretAt('consent', 'Staff said the shel'.length);
  await coding.codesHere('consent').getByRole('button', { name: 'Mark as quote' }).click();
  await expect(coding.codesHere('consent').getByRole('button', { name: 'Unmark quote' })).toBeVisible();
  // Said at once, not only at export: this respondent did not agree to be quoted.
  await expect(coding.screen.getByTestId('quote-consent-warning')).toContainText('Respondent 2 did not agree to be quoted');

  await coding.screen.getByRole('button', { name: 'Quotes and codebook' }).click();
  const quotes = page.locator('[data-screen="quotes"]');
  await expect(quotes.getByTestId('quote')).toHaveCount(1);
  await expect(quotes.getByTestId('quote')).toContainText('the hotline saved lives');
  await expect(quotes.getByTestId('quote')).toContainText('(1, Government)');
  await expect(quotes).not.toContainText('shelter');
  await expect(quotes.getByTestId('quotes-excluded')).toContainText('1 quote left out');

  const download = page.waitForEvent('download');
  await quotes.getByRole('button', { name: 'Quote bank (.docx)' }).click();
  const file = await (await download).path();
  const entries = readZip(new Uint8Array(fs.readFileSync(file)));
  const documentXml = entries.find((e) => e.name === 'word/document.xml');
  expect(documentXml).toBeDefined();
  const xml = new TextDecoder().decode(await documentXml!.read());
  const text = xml.replace(/<[^>]+>/g, '');
  expect(text).toContain('the hotline saved lives');
  expect(text).toContain('(1, Government)');
  expect(text).toContain('Hotline');
  expect(text).not.toContain('shelter');
  expect(text).not.toContain('(2,');
});

function alpha(color: string): number {
  const m = /rgba?\(([^)]+)\)/.exec(color);
  const parts = (m?.[1] ?? '').split(',').map((p) => Number(p.trim()));
  return parts.length === 4 ? (parts[3] ?? 0) : 1;
}
