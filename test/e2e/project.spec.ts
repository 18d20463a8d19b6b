import { expect, test } from './support/web-app';
import { FieldnoteApp } from './support/pages';

const PASS = 'correct horse battery staple';

test('create a project, lock it, unlock with a wrong then the right passphrase', async ({ page, webApp }) => {
  await page.goto(webApp.url);
  // The token was traded for a cookie and is gone from the address bar.
  expect(page.url()).not.toContain('token=');
  const app = new FieldnoteApp(page);
  await app.ready();
  await expect(app.screen('start')).toBeVisible();

  await app.createProject('Aftercare evaluation', PASS);
  await expect(app.projectTitle()).toHaveText('Aftercare evaluation');

  await app.lock();
  await expect(page.getByTestId('unlock-file')).toHaveText('aftercare-evaluation.fieldnote');
  await app.unlock('this is not the passphrase');
  await expect(app.errorMessage()).toHaveText('Wrong passphrase for aftercare-evaluation.fieldnote. Check the passphrase and try again.');
  await expect(app.screen('unlock')).toBeVisible();

  await app.unlock(PASS);
  await expect(app.projectTitle()).toHaveText('Aftercare evaluation');
});

test('keyboard only: create with Tab and Enter, lock with Ctrl+L, reopen from recent projects', async ({ page, webApp }) => {
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  // "New project" has focus on the start screen.
  await page.keyboard.press('Enter');
  await expect(app.screen('create')).toBeVisible();
  await page.keyboard.type('Keyboard project');
  await page.keyboard.press('Tab'); // file name, filled from the title
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASS);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASS);
  await page.keyboard.press('Enter');
  await expect(app.projectTitle()).toHaveText('Keyboard project');

  await page.keyboard.press('Control+l');
  await expect(app.screen('unlock')).toBeVisible();
  await expect(page.getByLabel('Passphrase')).toBeFocused();
  await page.keyboard.type(PASS);
  await page.keyboard.press('Enter');
  await expect(app.projectTitle()).toHaveText('Keyboard project');

  await page.getByRole('button', { name: 'Close project' }).click();
  await expect(app.screen('start')).toBeVisible();
  await app.screen('start').getByRole('button', { name: 'keyboard-project.fieldnote' }).click();
  await app.unlock(PASS);
  await expect(app.projectTitle()).toHaveText('Keyboard project');
});

test('a short passphrase or two different ones are refused with a clear message', async ({ page, webApp }) => {
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await page.getByRole('button', { name: 'New project' }).click();
  const form = app.screen('create');
  await form.getByLabel('Project title').fill('Short');
  await form.getByLabel('Passphrase', { exact: true }).fill('abc');
  await expect(page.getByTestId('strength')).toHaveAttribute('data-strength', 'too-short');
  await form.getByLabel('Passphrase again').fill('abc');
  await form.getByRole('button', { name: 'Create project' }).click();
  await expect(app.errorMessage()).toContainText('at least 12 characters');
  await form.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await form.getByLabel('Passphrase again').fill(PASS + 'x');
  await form.getByRole('button', { name: 'Create project' }).click();
  await expect(app.errorMessage()).toHaveText('The two passphrases differ. Type the same passphrase twice.');
});

test('auto-lock returns to the unlock screen and keeps the project', async ({ page, webApp }) => {
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject('Idle project', PASS);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Lock the project after this long without activity').selectOption('1');
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  // One idle "minute" (4 s in this test's host), then the services lock and the UI follows within a poll.
  await expect(app.screen('home')).toBeVisible();
  await expect(app.screen('unlock')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('Locked to protect the project.')).toBeVisible();
  await app.unlock(PASS);
  await expect(app.projectTitle()).toHaveText('Idle project');
});

test('destroy a project from settings after typing its title', async ({ page, webApp }) => {
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject('Short-lived', PASS);
  await page.getByRole('button', { name: 'Settings' }).click();
  const destroy = page.getByRole('button', { name: 'Destroy project' });
  await expect(destroy).toBeDisabled();
  await page.getByLabel(/Type the project's title to confirm/).fill('Short-lived');
  await destroy.click();
  await expect(app.screen('start')).toBeVisible();
  await expect(page.getByRole('button', { name: 'short-lived.fieldnote' })).toHaveCount(0);
});
