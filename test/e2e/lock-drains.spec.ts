/**
 * Locking sends what was typed a moment ago (issue 14): Ctrl+L drains every debounced save
 * before the key is dropped, the designer's schedule save (600 ms) and a typed answer's
 * commit (300 ms) as well as the notes. Each test types and locks at once, unlocks, and reads
 * the change back from the project.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/web-app';
import { FieldnoteApp, ProjectHome, RunnerPage } from './support/pages';
import { api } from './support/api';

const PASS = 'correct horse battery staple';

/**
 * Types `text` at the end of the focused field and presses Ctrl+L in the same task of the page,
 * the way fast typing then Ctrl+L arrives: no debounce can fire in between, however loaded the
 * machine is (typing key by key through the driver took 634 ms once, longer than the debounce).
 */
async function typeAndLock(page: Page, text: string): Promise<void> {
  await page.evaluate((typed) => {
    const field = document.activeElement;
    if (!(field instanceof HTMLInputElement)) throw new Error('no text field has the focus');
    // React sees a typed change through the native value setter and an input event.
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(field, field.value + typed);
    field.dispatchEvent(new Event('input', { bubbles: true }));
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'l', code: 'KeyL', ctrlKey: true, bubbles: true, cancelable: true }));
  }, text);
}

async function projectWithExample(page: Page, url: string, title: string): Promise<{ app: FieldnoteApp; home: ProjectHome }> {
  await page.goto(url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject(title, PASS);
  const home = new ProjectHome(page);
  await home.importExampleSchedule();
  return { app, home };
}

test('a schedule title typed and locked at once is in the project after unlocking', async ({ page, webApp }) => {
  test.setTimeout(120_000);
  const { app } = await projectWithExample(page, webApp.url, 'Designer lock');
  await page.getByRole('button', { name: /Open in designer/ }).first().click();
  await expect(page.getByTestId('outline')).toBeVisible();
  const title = page.getByLabel('Schedule title');
  await title.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' Z');
  // The last key and Ctrl+L together, well within the designer's 600 ms debounce.
  await typeAndLock(page, '9');
  await expect(app.screen('unlock')).toBeVisible();
  await app.unlock(PASS);
  await expect(page.getByTestId('outline')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel('Schedule title')).toHaveValue(/ Z9$/);
  const schedules = (await api(page, 'schedule.list')) as { schedules: { title: string }[] };
  expect(schedules.schedules.map((s) => s.title).some((t) => t.endsWith(' Z9'))).toBe(true);
});

test('an answer typed and locked at once is in the project after unlocking', async ({ page, webApp }) => {
  test.setTimeout(150_000);
  const { app, home } = await projectWithExample(page, webApp.url, 'Answer lock');
  const intake = await home.newInterview();
  await intake.fillRespondent(0, { agencyGroup: 'Police', organisationNumber: '14', locationNumber: '3', consent: 'verbal', quotes: true });
  await intake.fillSession('AB');
  const runner: RunnerPage = (await intake.startAndBegin()).runner;
  await page.keyboard.press('Enter');
  await page.keyboard.press('1'); // consent
  await runner.nextUntil('q3_collab', { leaveRequired: 'N' });
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  await runner.expectAt('q3a_how');
  await runner.expectSaved();
  // Type the answer and lock before its 300 ms commit: the lock must send it first.
  await page.keyboard.type('Joint case');
  await typeAndLock(page, ' reviews');
  await expect(app.screen('unlock')).toBeVisible();
  await app.unlock(PASS);
  await runner.expectAt('q3a_how');
  await expect(runner.question.locator('.answer-input')).toHaveValue('Joint case reviews');
  const interviews = (await api(page, 'interview.list')) as { interviews: { id: string }[] };
  const detail = await api(page, 'interview.get', { id: interviews.interviews[0]!.id });
  expect(JSON.stringify(detail.answers)).toContain('Joint case reviews');
});
