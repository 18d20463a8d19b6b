/**
 * Locking sends what was typed a moment ago (issue 14): Ctrl+L drains every debounced save
 * before the key is dropped, the designer's schedule save (600 ms) and a typed answer's
 * commit (300 ms) as well as the notes. Each test types and locks at once, unlocks, and reads
 * the change back from the project.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/web-app';
import { FieldnoteApp, ProjectHome, RunnerPage } from './support/pages';

const PASS = 'correct horse battery staple';

async function api(page: Page, method: string, input: unknown = {}): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const result = await page.evaluate(
    async ([m, i]) => (await fetch(`/api/${m}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(i), credentials: 'same-origin' })).json(),
    [method, input] as const,
  );
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value;
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
  // Typing takes a few milliseconds; Ctrl+L follows within the designer's 600 ms debounce.
  const started = Date.now();
  await page.keyboard.type(' Z9');
  await page.keyboard.press('Control+l');
  expect(Date.now() - started).toBeLessThan(300);
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
  const started = Date.now();
  await page.keyboard.type('Joint case reviews');
  await page.keyboard.press('Control+l');
  expect(Date.now() - started).toBeLessThan(300);
  await expect(app.screen('unlock')).toBeVisible();
  await app.unlock(PASS);
  await runner.expectAt('q3a_how');
  await expect(runner.question.locator('.answer-input')).toHaveValue('Joint case reviews');
  const interviews = (await api(page, 'interview.list')) as { interviews: { id: string }[] };
  const detail = await api(page, 'interview.get', { id: interviews.interviews[0]!.id });
  expect(JSON.stringify(detail.answers)).toContain('Joint case reviews');
});
