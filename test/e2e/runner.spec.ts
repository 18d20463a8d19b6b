import { expect, test } from './support/web-app';
import { FieldnoteApp, InterviewPage, ProjectHome, RunnerPage } from './support/pages';

const PASS = 'correct horse battery staple';
const KHMER = 'ការអប់រំ';

async function projectWithExample(page: import('@playwright/test').Page, url: string, title: string): Promise<ProjectHome> {
  await page.goto(url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject(title, PASS);
  const home = new ProjectHome(page);
  await home.importExampleSchedule();
  return home;
}

async function startOneOnOne(home: ProjectHome): Promise<{ ids: string; runner: RunnerPage }> {
  const intake = await home.newInterview();
  await intake.fillRespondent(0, { agencyGroup: 'Police', organisationNumber: '14', locationNumber: '3', consent: 'verbal', quotes: true });
  await intake.fillSession('AB');
  return intake.startAndBegin();
}

test('keyboard only: consent, live skip logic, declined, notes in Khmer and English, end early; all of it is there after locking', async ({ page, webApp }) => {
  const home = await projectWithExample(page, webApp.url, 'Runner project');
  const { ids, runner } = await startOneOnOne(home);
  expect(ids).toBe('1');
  await expect(page.getByTestId('respondent-ids')).toHaveText('1');
  await expect(page.getByRole('region', { name: 'Keys' }).or(page.locator('.key-legend'))).toContainText('Ctrl+D');

  // The read-out introduction, then consent, answered with its digit.
  await runner.expectAt('intro');
  await page.keyboard.press('Enter');
  await runner.expectAt('consent');
  await page.keyboard.press('1');
  await expect(runner.chosen()).toContainText('Yes');
  await expect(runner.outlineRow('consent')).toHaveAttribute('data-state', 'answered');
  // Consent opens the rest of the schedule: Q3's follow-up is still skipped by logic.
  await expect(runner.outlineRow('q3a_how')).toContainText('skipped by logic');

  // A note on the consent question, then back to the question with Escape.
  await page.keyboard.press('Tab');
  await expect(runner.questionNote()).toBeFocused();
  await page.keyboard.type('Consent read aloud; respondent agreed.');
  await page.keyboard.press('Escape');
  await expect(runner.question).toBeFocused();

  // Q2: declined, with the key.
  await runner.nextUntil('q2_familiar', { leaveRequired: 'N' });
  await page.keyboard.press('Control+d');
  await expect(runner.question.getByTestId('declined')).toBeVisible();
  await expect(runner.outlineRow('q2_familiar')).toHaveAttribute('data-state', 'declined');

  // Q3 Yes: the follow-up appears next, and is answered with a note mixing Khmer and English.
  await page.keyboard.press('Enter');
  await runner.expectAt('q3_collab');
  await page.keyboard.press('1');
  await expect(runner.outlineRow('q3a_how')).toHaveAttribute('data-state', 'not-asked');
  await page.keyboard.press('Enter');
  await runner.expectAt('q3a_how');
  await expect(page.getByRole('textbox', { name: 'Answer' })).toBeFocused();
  await page.keyboard.type('Joint case reviews');
  await page.keyboard.press('Tab');
  await page.keyboard.type(`They ran training on ${KHMER} (education) together.`);
  await page.keyboard.press('Escape');

  // Back to Q3 and change it to No: the follow-up is no longer asked; its answer is kept and flagged.
  await page.keyboard.press('Shift+Enter');
  await runner.expectAt('q3_collab');
  await page.keyboard.press('2');
  await expect(runner.chosen()).toContainText('No');
  await expect(runner.outlineRow('q3a_how')).toHaveAttribute('data-state', 'hidden-answered');
  await expect(runner.outlineRow('q3a_how')).toContainText('answered, now skipped by logic');
  await page.keyboard.press('Enter');
  await runner.expectAt('q4_goal');

  // General notes from anywhere with Ctrl+G.
  await page.keyboard.press('Control+g');
  await expect(runner.generalNotes()).toBeFocused();
  await page.keyboard.type(`Quiet room at the station. ${KHMER} came up often.`);
  await runner.expectSaved();

  // End early with a reason.
  await page.keyboard.press('Control+e');
  const dialog = page.getByRole('dialog', { name: 'End the interview early?' });
  await expect(dialog).toBeVisible();
  await page.keyboard.type('Respondent was called to an emergency');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ended-early')).toContainText('Respondent was called to an emergency');

  // Lock and unlock: everything is still there.
  const app = new FieldnoteApp(page);
  await app.lock();
  await app.unlock(PASS);
  const list = await home.allInterviews();
  await expect(list.table).toContainText('Police');
  const detail = await list.open('1');
  await expect(detail.question('consent')).toContainText('1 Yes');
  await expect(detail.question('q2_familiar')).toContainText('Declined');
  await expect(detail.question('q2_familiar')).toHaveAttribute('data-state', 'declined');
  await expect(detail.question('q3_collab')).toContainText('2 No');
  await expect(detail.question('q3a_how')).toHaveAttribute('data-state', 'hidden-answered');
  await expect(detail.question('q3a_how')).toContainText('Joint case reviews');
  await expect(detail.noteText('consent')).toHaveText('Consent read aloud; respondent agreed.');
  await expect(detail.noteText('q3a_how')).toHaveText(`They ran training on ${KHMER} (education) together.`);
  await expect(detail.noteText('')).toHaveText(`Quiet room at the station. ${KHMER} came up often.`);
  await expect(page.getByTestId('ended-early')).toContainText('Respondent was called to an emergency');
});

test('review: draft → cleaned → reviewed with initials, and a comment anchored in a note', async ({ page, webApp }) => {
  const home = await projectWithExample(page, webApp.url, 'Review project');
  const { runner } = await startOneOnOne(home);
  await page.keyboard.press('Enter');
  await runner.expectAt('consent');
  await page.keyboard.press('1');
  await page.keyboard.press('Tab');
  await page.keyboard.type('The unit trained twelve officers');
  await runner.expectSaved();
  await page.keyboard.press('Control+e');
  await page.keyboard.type('Time ran out');
  await page.keyboard.press('Enter');

  const detail = new InterviewPage(page);
  await expect(detail.screen).toBeVisible();
  await expect(detail.status()).toHaveText('Draft');
  await detail.moveStatus('Mark as cleaned', 'CD');
  await expect(detail.status()).toHaveText('Cleaned');
  await detail.moveStatus('Mark as reviewed', 'EF');
  await expect(detail.status()).toHaveText('Reviewed');
  const history = page.getByTestId('status-history').locator('li');
  await expect(history).toHaveCount(3);
  await expect(history.nth(0)).toContainText('Draft · AB');
  await expect(history.nth(1)).toContainText('Cleaned · CD');
  await expect(history.nth(2)).toContainText('Reviewed · EF');

  // Select "twelve officers" at the end of the note and comment on it.
  const note = detail.noteText('consent');
  await note.click();
  await page.keyboard.press('Control+End');
  for (let i = 0; i < 'twelve officers'.length; i += 1) await page.keyboard.press('Shift+ArrowLeft');
  await detail.note('consent').getByRole('button', { name: 'Comment on selection' }).click();
  await page.getByLabel('Comment', { exact: true }).fill('Check the number against the training log.');
  await page.getByRole('button', { name: 'Add comment' }).click();
  const comment = detail.note('consent').getByTestId('comment');
  await expect(comment).toContainText('twelve officers');
  await expect(comment).toContainText('Check the number against the training log.');
  await expect(comment).toContainText('EF');

  // The comment is stored with its anchor: reload and it is still beside the note; resolve it.
  await page.reload();
  await new FieldnoteApp(page).ready();
  const again = await (await home.allInterviews()).open('1');
  const stored = again.note('consent').getByTestId('comment');
  await expect(stored.locator('.anchor-text')).toHaveText('twelve officers');
  await stored.getByRole('button', { name: 'Resolve' }).click();
  await expect(stored).toContainText('resolved');
  await expect(again.status()).toHaveText('Reviewed');
});

test('intake refuses to start without consent, with a clear message', async ({ page, webApp }) => {
  const home = await projectWithExample(page, webApp.url, 'Consent project');
  const intake = await home.newInterview();
  await intake.fillRespondent(0, { agencyGroup: 'Judiciary', quotes: false });
  await intake.fillSession('GH');
  await intake.start();
  await expect(page.getByRole('alert')).toContainText('The interview cannot start without consent');
  await expect(page.getByRole('alert')).toContainText('consent to be interviewed');

  // Consent ticked but not how it was given: still refused.
  await intake.participant(0).getByRole('checkbox', { name: /consent/i }).check();
  await intake.start();
  await expect(page.getByRole('alert')).toContainText('how consent was given');
  await expect(page.getByTestId('assigned-ids')).toHaveCount(0);

  // Nothing was created.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await home.allInterviews();
  await expect(page.getByText('No interviews yet.')).toBeVisible();
});

test('small group, answers per respondent: each row by keyboard, speaker tags in notes, pause and resume where it stopped', async ({ page, webApp }) => {
  const home = await projectWithExample(page, webApp.url, 'Group project');
  const intake = await home.newInterview();
  await page.getByRole('radio', { name: 'Small group' }).check();
  await page.getByLabel('Respondents').selectOption('2');
  await page.getByRole('radio', { name: 'For each respondent' }).check();
  await intake.fillRespondent(0, { agencyGroup: 'Police', consent: 'written', quotes: true });
  await intake.fillRespondent(1, { agencyGroup: 'Donor', consent: 'verbal', quotes: false });
  await intake.fillSession('AB');
  const { ids, runner } = await intake.startAndBegin();
  expect(ids).toBe('1, 2');

  await page.keyboard.press('Enter');
  await runner.expectAt('consent');
  // One digit per respondent: the active row moves on after each answer.
  await page.keyboard.press('1');
  await page.keyboard.press('2');
  const rows = runner.question.locator('.answer-row');
  await expect(rows.nth(0).locator('.choice[aria-pressed="true"]')).toContainText('Yes');
  await expect(rows.nth(1).locator('.choice[aria-pressed="true"]')).toContainText('No');

  // Speaker tags at the cursor with Alt+1 / Alt+2.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Alt+2');
  await page.keyboard.type('asked about the hotline. ');
  await page.keyboard.press('Alt+1');
  await page.keyboard.type('answered.');
  await expect(runner.questionNote()).toHaveText('[P2] asked about the hotline. [P1] answered.');

  // Only respondent 1 consented, so Q2 is asked of respondent 1 alone.
  await page.keyboard.press('Control+Enter');
  await runner.nextUntil('q2_familiar', { leaveRequired: 'N' });
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText('P1 · ID 1');
  await page.keyboard.press('9');
  await expect(runner.chosen()).toContainText("Don't know");

  // Q3 Yes opens a primary follow-up and a probe; "primary only" leaves the probe out, mid-interview.
  await page.keyboard.press('Enter');
  await runner.expectAt('q3_collab');
  await page.keyboard.press('1');
  await expect(runner.outlineRow('q3b_since')).toHaveAttribute('data-state', 'not-asked');
  await page.getByLabel('Primary questions only').check();
  await expect(runner.outlineRow('q3b_since')).toHaveAttribute('data-state', 'probe-skipped');
  await expect(runner.outlineRow('q3a_how')).toHaveAttribute('data-state', 'not-asked');

  // The outline by keyboard: Ctrl+O, ↑, Enter jumps back to Q2.
  await page.keyboard.press('Control+o');
  await expect(runner.outlineRow('q3_collab')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await runner.expectAt('q2_familiar');
  await expect(runner.question).toBeFocused();
  await runner.expectSaved();

  await page.getByRole('button', { name: 'Pause and leave' }).click();
  await expect(page.locator('[data-screen="interviews"]')).toBeVisible();
  await page.getByRole('button', { name: 'Resume interview 1, 2' }).click();
  await runner.expectAt('q2_familiar');
  await expect(runner.chosen()).toContainText("Don't know");
  await expect(page.getByLabel('Primary questions only')).toBeChecked();
  await expect(runner.outlineRow('q3b_since')).toHaveAttribute('data-state', 'probe-skipped');
});

test('a key pressed as soon as the first question shows works: Ctrl+G in the same task as the question appears focuses the general notes', async ({ page, webApp }) => {
  const home = await projectWithExample(page, webApp.url, 'Keys at once');
  const intake = await home.newInterview();
  await intake.fillRespondent(0, { agencyGroup: 'Police', organisationNumber: '14', locationNumber: '3', consent: 'verbal', quotes: true });
  await intake.fillSession('AB');
  // The moment the runner's first question is in the page (before any later task), Ctrl+G.
  await page.evaluate(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[data-testid="question"]')) return;
      observer.disconnect();
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'g', code: 'KeyG', ctrlKey: true, bubbles: true, cancelable: true }));
    }).observe(document.body, { childList: true, subtree: true });
  });
  await intake.start();
  await expect(page.getByTestId('assigned-ids')).toBeVisible(); // the IDs are given: "Begin interview" has focus
  await page.keyboard.press('Enter');
  await expect(new RunnerPage(page).generalNotes()).toBeFocused();
});
