/**
 * Every answer survives exactly (issue 13, the answers half): primary-only keeps what was said,
 * corrections after the interview with their audit trail, Reviewed means reviewed, groups keyed
 * by keyboard, and the runner's keyboard flow (lock, Esc, Ctrl+D, Ctrl+P, required, clock).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/web-app';
import { FieldnoteApp, InterviewPage, InterviewsPage, ProjectHome, type RunnerPage } from './support/pages';

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

async function startOneOnOne(home: ProjectHome, heldAt?: string): Promise<RunnerPage> {
  const intake = await home.newInterview();
  await intake.fillRespondent(0, { agencyGroup: 'Police', organisationNumber: '14', locationNumber: '3', consent: 'verbal', quotes: true });
  await intake.fillSession('AB');
  if (heldAt) await home.page.locator('#intake-held-at').fill(heldAt);
  return (await intake.startAndBegin()).runner;
}

/** The SPSS export's CSV as a statistics package reads it: one object per row, by variable name. */
async function exportedRows(page: Page): Promise<Record<string, string>[]> {
  const files = await page.evaluate(async () => {
    const response = await fetch('/api/export.spss', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ unit: 'respondent', includeText: false }), credentials: 'same-origin' });
    const result = (await response.json()) as { ok: boolean; value?: { files: { name: string; dataBase64: string }[] } };
    return result.value?.files ?? [];
  });
  const csv = files.find((f) => f.name.endsWith('.csv'));
  if (!csv) throw new Error('the export wrote no CSV');
  const [header, ...lines] = Buffer.from(csv.dataBase64, 'base64').toString('utf8').trim().split(/\r?\n/);
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i]!, cell])));
}

const elapsedSeconds = async (page: Page) => {
  const [m, s] = ((await page.getByTestId('elapsed').textContent()) ?? '').split(':').map(Number);
  return m! * 60 + s!;
};

test('primary questions only, switched on mid-interview with Ctrl+P, keeps the probe already answered: answered, counted and exported', async ({ page, webApp }) => {
  test.setTimeout(150_000);
  const home = await projectWithExample(page, webApp.url, 'Primary project');
  const runner = await startOneOnOne(home);
  await page.keyboard.press('Enter');
  await page.keyboard.press('1'); // consent
  await runner.nextUntil('q3_collab', { leaveRequired: 'N' });
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  await runner.expectAt('q3a_how');
  await page.keyboard.type('Joint case reviews');
  await page.keyboard.press('Enter');
  // The probe, answered while every question is asked.
  await runner.expectAt('q3b_since');
  await page.keyboard.type('2019');
  await page.keyboard.press('Enter');
  await runner.expectAt('q4_goal');

  // Short of time: primary questions only, by its key (listed in the legend).
  await expect(page.locator('.key-legend')).toContainText('Ctrl+P');
  await page.keyboard.press('Control+p');
  await expect(page.getByLabel(/Primary questions only/)).toBeChecked();
  await expect(runner.outlineRow('q3b_since')).toHaveAttribute('data-state', 'answered');
  await expect(runner.outlineRow('q3b_since')).not.toContainText('skipped');
  await page.keyboard.press('1');
  // The probe not asked yet is the one the switch skips, and the outline says so.
  await expect(runner.outlineRow('q4a_goal')).toHaveAttribute('data-state', 'probe-skipped');
  await expect(runner.outlineRow('q4a_goal')).toContainText('skipped: primary only');
  await page.keyboard.press('Enter');
  await runner.expectAt('q5_training');
  await runner.expectSaved();
  await page.keyboard.press('Control+e');
  await page.keyboard.type('Respondent had to leave');
  await page.keyboard.press('Enter');

  const detail = new InterviewPage(page);
  await expect(detail.question('q3b_since')).toHaveAttribute('data-state', 'answered');
  await expect(detail.question('q3b_since')).toContainText('2019');
  await expect(detail.question('q4a_goal')).toHaveAttribute('data-state', 'probe-skipped');
  // What a statistics package reads: the answer, not system-missing.
  const [row] = await exportedRows(page);
  expect(row?.q3b_since).toBe('2019');
  expect(row?.q4_goal).toBe('1');
  expect(row?.q4a_goal ?? '').toBe('');
});

test('small group with answers per respondent: three codes for three participants by keyboard only, typed answers one per participant', async ({ page, webApp }) => {
  test.setTimeout(150_000);
  const home = await projectWithExample(page, webApp.url, 'Group keys');
  const intake = await home.newInterview();
  await page.getByRole('radio', { name: 'Small group' }).check();
  await page.getByLabel('Respondents').selectOption('3');
  await page.getByRole('radio', { name: 'For each respondent' }).check();
  for (const [i, agency] of ['Police', 'Donor', 'Judiciary'].entries()) await intake.fillRespondent(i, { agencyGroup: agency, consent: 'written', quotes: true });
  await intake.fillSession('AB');
  const { ids, runner } = await intake.startAndBegin();
  expect(ids).toBe('1, 2, 3');
  // The legend says what a code does here, so nobody presses ↓ as well.
  await expect(page.locator('.key-legend')).toContainText('a code answers the highlighted participant and moves on to the next');

  await page.keyboard.press('Enter');
  await runner.expectAt('consent');
  await page.keyboard.press('1');
  await page.keyboard.press('1');
  await page.keyboard.press('1');
  const rows = runner.question.locator('.answer-row');
  await expect(rows).toHaveCount(3);
  for (let i = 0; i < 3; i += 1) await expect(rows.nth(i).locator('.choice[aria-pressed="true"]')).toContainText('Yes');

  // A text question: one answer per participant, Enter moves down the rows.
  await page.keyboard.press('Enter');
  await runner.expectAt('resp_id');
  await expect(rows).toHaveCount(3);
  for (const text of ['Officer', 'Programme donor', 'Judge']) {
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  }
  await runner.expectAt('org_no');
  await runner.nextUntil('q2_familiar', { leaveRequired: 'N' });
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toHaveClass(/active/);
  await page.keyboard.press('1');
  await expect(rows.nth(1)).toHaveClass(/active/);
  await page.keyboard.press('2');
  await expect(rows.nth(2)).toHaveClass(/active/);
  await page.keyboard.press('9');
  // ↑ highlights another participant to change their answer; nothing else moves.
  await page.keyboard.press('ArrowUp');
  await expect(rows.nth(1)).toHaveClass(/active/);
  await runner.expectSaved();

  await page.getByRole('button', { name: 'Pause and leave' }).click();
  const detail = await new InterviewsPage(page).open('1, 2, 3');
  const answers = (name: string) => detail.question(name).getByTestId('review-answer');
  await expect(answers('q2_familiar')).toHaveText(['P1 · ID 1: 1 Yes', 'P2 · ID 2: 2 No', "P3 · ID 3: 9 Don't know"]);
  await expect(answers('resp_id')).toHaveText(['P1 · ID 1: Officer', 'P2 · ID 2: Programme donor', 'P3 · ID 3: Judge']);
});

test('an ended interview is corrected while cleaning, with an audit trail; Reviewed asks about open comments and the cleaner’s initials', async ({ page, webApp }) => {
  test.setTimeout(150_000);
  const home = await projectWithExample(page, webApp.url, 'Corrections');
  const runner = await startOneOnOne(home);
  await page.keyboard.press('Enter');
  await page.keyboard.press('1');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Respondent said no to the recording, yes to notes');
  await runner.expectSaved();
  await page.keyboard.press('Control+e');
  await page.keyboard.type('Time ran out');
  await page.keyboard.press('Enter');
  const detail = new InterviewPage(page);
  await expect(page.getByTestId('ended-early')).toBeVisible();

  // Correct consent 1 → 2 with a reason and initials.
  await detail.question('consent').getByRole('button', { name: 'Correct the answer to consent' }).click();
  const form = page.getByRole('form', { name: 'Correct the answer to consent' });
  await form.getByLabel('Answer', { exact: true }).selectOption('2');
  await form.getByLabel('Reason for the correction').fill('Keyed 1 by mistake; the note says no');
  await form.getByLabel('Your initials').fill('CD');
  await form.getByRole('button', { name: 'Save correction' }).click();
  await expect(detail.question('consent').getByTestId('review-answer')).toHaveText('2 No');
  const trail = detail.question('consent').getByTestId('correction');
  await expect(trail).toContainText('Corrected by CD');
  await expect(trail).toContainText('1 Yes → 2 No. Reason: Keyed 1 by mistake; the note says no');

  // Stored: after a reload it is all still there.
  await page.reload();
  await new FieldnoteApp(page).ready();
  const again = await (await home.allInterviews()).open('1');
  await expect(again.question('consent').getByTestId('review-answer')).toHaveText('2 No');
  await expect(again.question('consent').getByTestId('correction')).toContainText('1 Yes → 2 No');

  // A comment left open, then cleaned by CD: the initials field is empty for the reviewer.
  const note = again.noteText('consent');
  await note.click();
  await page.keyboard.press('Control+End');
  for (let i = 0; i < 'yes to notes'.length; i += 1) await page.keyboard.press('Shift+ArrowLeft');
  await again.note('consent').getByRole('button', { name: 'Comment on selection' }).click();
  await page.getByLabel('Comment', { exact: true }).fill('Was the recording refused?');
  await page.getByLabel('Your initials').last().fill('CD');
  await page.getByRole('button', { name: 'Add comment' }).click();
  await expect(again.note('consent').getByTestId('comment')).toContainText('Was the recording refused?');
  await again.moveStatus('Mark as cleaned', 'CD');
  await expect(again.status()).toHaveText('Cleaned');
  await expect(page.locator('#status-initials')).toHaveValue('');

  // The same initials as the cleaner, and an open comment: it asks first.
  await page.locator('#status-initials').fill('CD');
  await page.getByRole('button', { name: 'Mark as reviewed' }).click();
  const check = page.getByTestId('review-check');
  await expect(check).toContainText('1 review comment is not resolved yet.');
  await expect(check).toContainText('CD also cleaned this interview');
  await check.getByRole('button', { name: 'Not yet' }).click();
  await expect(again.status()).toHaveText('Cleaned');
  await page.locator('#status-initials').fill('EF');
  await page.getByRole('button', { name: 'Mark as reviewed' }).click();
  await expect(check).toContainText('1 review comment is not resolved yet.');
  await expect(check).not.toContainText('also cleaned');
  await check.getByRole('button', { name: 'Mark reviewed anyway' }).click();
  await expect(again.status()).toHaveText('Reviewed');
  await expect(page.getByTestId('status-history').locator('li').nth(2)).toContainText('Reviewed · EF');
});

test('keyboard and flow: clock from the first question, required asks why, Ctrl+D keeps the keyboard, Esc comes back, a lock returns to the same question', async ({ page, webApp }) => {
  test.setTimeout(150_000);
  const home = await projectWithExample(page, webApp.url, 'Flow');
  // Intake says the interview was held two hours ago: the clock still starts at the first question.
  const earlier = new Date(Date.now() - 2 * 60 * 60 * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const runner = await startOneOnOne(home, `${earlier.getFullYear()}-${two(earlier.getMonth() + 1)}-${two(earlier.getDate())}T${two(earlier.getHours())}:${two(earlier.getMinutes())}`);
  expect(await elapsedSeconds(page)).toBeLessThan(60);

  await page.keyboard.press('Enter');
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  await runner.expectAt('resp_id');
  // Leaving a required question empty asks why; Esc goes back to answer it.
  await page.keyboard.press('Enter');
  await expect(runner.requiredReason()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(runner.requiredReason()).toBeHidden();
  await runner.expectAt('resp_id');
  await expect(page.getByRole('textbox', { name: 'Answer' })).toBeFocused();
  // One key records the reason and moves on.
  await page.keyboard.press('Enter');
  await page.keyboard.press('t');
  await runner.expectAt('org_no');
  await expect(runner.outlineRow('resp_id')).toHaveAttribute('data-state', 'declined');

  // Ctrl+D on a typed question: declined, and Enter still works from where the keyboard is.
  await page.keyboard.press('Control+d');
  await expect(runner.question.getByTestId('declined')).toBeVisible();
  await expect(page.locator('[data-testid="question"]:focus, [data-testid="question"] :focus')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await runner.expectAt('agency_group');

  // Esc comes back to the question from the outline and from the bar.
  await page.keyboard.press('Control+o');
  await expect(runner.outlineRow('agency_group')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(runner.question).toBeFocused();
  await page.getByRole('button', { name: 'End early…' }).focus();
  await page.keyboard.press('Escape');
  await expect(runner.question).toBeFocused();
  await page.keyboard.press('2');
  await runner.expectSaved();
  await page.waitForTimeout(800); // the position is saved 400 ms after a move

  // Lock: the clock stops; unlock: the same question, the clock carries on from where it stopped.
  const before = await elapsedSeconds(page);
  await page.keyboard.press('Control+l');
  const app = new FieldnoteApp(page);
  await expect(app.screen('unlock')).toBeVisible();
  await page.waitForTimeout(4000);
  await app.unlock(PASS);
  await runner.expectAt('agency_group');
  await expect(runner.chosen()).toContainText('Judiciary');
  const after = await elapsedSeconds(page);
  expect(after).toBeGreaterThanOrEqual(before);
  expect(after - before).toBeLessThan(4);

  // The reason is recorded: the review says why resp_id has no answer.
  await page.getByRole('button', { name: 'Pause and leave' }).click();
  const detail = await new InterviewsPage(page).open('1');
  await expect(detail.question('resp_id').getByTestId('review-answer')).toHaveText('No answer: ran out of time');
  await expect(detail.question('org_no').getByTestId('review-answer')).toHaveText('Declined');
});

test('intake and schedule speak one vocabulary: questions bound in the designer are filled from intake, answered, and exported once', async ({ page, webApp }) => {
  test.setTimeout(150_000);
  const home = await projectWithExample(page, webApp.url, 'One vocabulary');
  // Bind the schedule's agency group and organisation ID questions to the intake attributes.
  await page.getByRole('button', { name: /Open in designer/ }).first().click();
  await expect(page.getByTestId('outline')).toBeVisible();
  await page.locator('[data-name="agency_group"]').click();
  await page.getByLabel('Filled from intake').selectOption('agency_group');
  await page.locator('[data-name="resp_id"]').click();
  await page.getByLabel('Filled from intake').selectOption('respondent_id');
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved.');
  await page.getByRole('button', { name: 'Back to project' }).click();

  // Intake offers the schedule's own agency codes (its choice list), so the code means one thing.
  const intake = await home.newInterview();
  const agency = intake.participant(0).getByLabel('Agency group');
  await expect(agency.locator('option[value="2"]')).toHaveText('Judiciary');
  await intake.fillRespondent(0, { agencyGroup: 'Judiciary', organisationNumber: '14', locationNumber: '3', consent: 'verbal', quotes: true });
  await intake.fillSession('AB');
  const { runner } = await intake.startAndBegin();
  await page.keyboard.press('Enter');
  await page.keyboard.press('1'); // consent opens the schedule
  await expect(runner.outlineRow('agency_group')).toHaveAttribute('data-state', 'answered');
  await expect(runner.outlineRow('resp_id')).toHaveAttribute('data-state', 'answered');
  await page.keyboard.press('Enter');
  await runner.expectAt('resp_id'); // required, but filled: no question why
  await page.keyboard.press('Enter');
  await runner.expectAt('org_no');
  await page.keyboard.press('Enter');
  await runner.expectAt('agency_group');
  await expect(runner.chosen()).toContainText('Judiciary');
  await runner.expectSaved();

  // Exported once, under the schedule's name and code: no agency twin.
  const [row] = await exportedRows(page);
  expect(row?.agency_group).toBe('2');
  expect(Object.keys(row ?? {})).not.toContain('agency');
  expect(row?.resp_id).toBe('1');
});

test('auto-lock in the middle of an interview: unlocking returns to the same question', async ({ page, webApp }) => {
  test.setTimeout(150_000);
  const home = await projectWithExample(page, webApp.url, 'Idle runner');
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Lock the project after this long without activity').selectOption('1');
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  const runner = await startOneOnOne(home);
  await page.keyboard.press('Enter');
  await page.keyboard.press('1');
  await runner.nextUntil('q2_familiar', { leaveRequired: 'N' });
  await page.keyboard.press('9');
  await runner.expectSaved();
  // One idle "minute" (4 s in this test's host): the services lock, the UI follows.
  const app = new FieldnoteApp(page);
  await expect(app.screen('unlock')).toBeVisible({ timeout: 30_000 });
  await app.unlock(PASS);
  await runner.expectAt('q2_familiar');
  await expect(runner.chosen()).toContainText("Don't know");
  await expect(runner.question).toBeFocused();
});
