import { expect, test } from './support/web-app';
import { FieldnoteApp } from './support/pages';

const PASS = 'correct horse battery staple';

test('import the example schedule, change a relevance, and the preview follows it', async ({ page, webApp }) => {
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject('Designer project', PASS);
  await page.getByRole('button', { name: 'Start from the example schedule' }).click();
  await expect(page.getByTestId('import-report')).toContainText('Imported example-evaluation.xlsx');
  await page.getByRole('button', { name: /Open in designer/ }).first().click();
  await expect(page.getByTestId('outline')).toBeVisible();
  await expect(page.getByRole('tab', { name: /Findings \(0 errors, 0 warnings\)/ })).toBeVisible();

  // Walk the schedule with test answers: consent yes, Q3 yes → the Q3 follow-up is asked.
  await page.getByRole('tab', { name: 'Preview' }).click();
  const preview = page.getByTestId('preview');
  await preview.getByLabel('Test answer for consent').selectOption('1');
  await preview.getByLabel('Test answer for q3_collab').selectOption('1');
  await expect(preview.locator('[data-question="q3a_how"]')).toBeVisible();

  // Change the follow-up's relevance to "Q3 is No": the preview drops it at once.
  await page.locator('[data-name="q3a_how"]').click();
  const relevance = page.getByLabel('Asked only when (relevance)');
  await expect(relevance).toHaveValue("${q3_collab} = '1'");
  await expect(page.getByTestId('relevance-words')).toContainText('Asked when:');
  await relevance.fill("${q3_collab} = '2'");
  await expect(page.getByTestId('relevance-words')).toContainText('Asked when: Q3.');
  await expect(page.getByTestId('relevance-words')).toContainText('No');
  await expect(preview.locator('[data-question="q3a_how"]')).toHaveCount(0);
  await preview.getByLabel('Test answer for q3_collab').selectOption('2');
  await expect(preview.locator('[data-question="q3a_how"]')).toBeVisible();

  // A broken condition is explained with its column, and lint lists it.
  await relevance.fill("${q3_collab = '2'");
  await expect(page.getByTestId('relevance-words')).toContainText('Column');
  await expect(page.getByRole('tab', { name: /Findings \([1-9]\d* errors?/ })).toBeVisible();
  await relevance.fill("${q3_collab} = '2'");
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved.');

  // The edit was saved in the project: reopen the designer and it is still there.
  await page.getByRole('button', { name: 'Back to project' }).click();
  await page.getByRole('button', { name: /Open in designer/ }).first().click();
  await page.locator('[data-name="q3a_how"]').click();
  await expect(page.getByLabel('Asked only when (relevance)')).toHaveValue("${q3_collab} = '2'");
});

test('keyboard: move a question with Alt+Arrow and see the outline order change', async ({ page, webApp }) => {
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject('Keyboard designer', PASS);
  await page.getByRole('button', { name: 'Start from the example schedule' }).click();
  await page.getByRole('button', { name: /Open in designer/ }).first().click();
  const names = () => page.locator('[data-testid="outline"] [data-name]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
  const before = await names();
  expect(before.slice(0, 2)).toEqual(['intro', 'consent']);
  await page.locator('[data-name="consent"]').click();
  await page.keyboard.press('Alt+ArrowUp');
  await expect.poll(names).toEqual(['consent', 'intro', ...before.slice(2)]);
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved.');
});
