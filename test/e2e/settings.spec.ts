import { expect, test } from './support/web-app';
import { shots } from './support/screenshots';
import { FieldnoteApp, ProjectHome } from './support/pages';

test('the team edits the agency groups and ID prefix; intake offers the new group and uses the prefix', async ({ page, webApp }) => {
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject('Attributes', 'correct horse battery staple');
  const home = new ProjectHome(page);
  await home.importExampleSchedule();

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Respondent ID prefix (optional)').fill('R');
  await page.getByRole('button', { name: 'Add to agency groups' }).click();
  await page.getByLabel('Agency groups 6 code').fill('prosecution');
  await page.getByLabel('Agency groups 6 label').fill('Prosecutors');
  // Location numbers get place names, for tables and exports.
  await page.getByRole('button', { name: 'Add to locations (number and place name)' }).click();
  await page.getByLabel('Locations (number and place name) 1 code').fill('1');
  await page.getByLabel('Locations (number and place name) 1 label').fill('Phnom Penh');
  await page.getByRole('button', { name: 'Save attributes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await page.getByRole('button', { name: 'Back', exact: true }).click();

  const intake = await home.newInterview();
  await intake.fillRespondent(0, { agencyGroup: 'Prosecutors', organisationNumber: '3', locationNumber: '1', consent: 'written', quotes: false });
  await intake.fillSession('CD');
  const { ids } = await intake.startAndBegin();
  expect(ids).toBe('R1');

  // The sample table prints location 1 as its place name.
  const table = await page.evaluate(async () => {
    const res = await fetch('/api/stats.sample', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ unit: 'respondent' }) });
    return (await res.json()) as { ok: boolean; value?: { tsv: string } };
  });
  expect(table.value?.tsv).toContain('Phnom Penh\t1\t100.0');
});

// Issue 17: a weak passphrase is refused with a reason and random words; a passphrase change
// says what happened to the backups made under the old one.
test('create refuses a weak passphrase and suggests words; changing it retires the old backups as chosen', async ({ page, webApp }) => {
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.screen('start').getByRole('button', { name: 'New project' }).click();
  const form = app.screen('create');
  await form.getByLabel('Project title').fill('Rekey');
  await form.getByLabel('Passphrase', { exact: true }).fill('password1234');
  await expect(form.getByTestId('strength')).toContainText('Too easy to guess');
  await expect(form.getByTestId('strength')).toContainText('for example');
  await form.getByLabel('Passphrase again').fill('password1234');
  await form.getByRole('button', { name: 'Create project' }).click();
  await expect(app.errorMessage()).toContainText('Too easy to guess');
  await shots(page, 'create-weak');
  await form.getByLabel('Passphrase', { exact: true }).fill('correct horse battery staple');
  await form.getByLabel('Passphrase again').fill('correct horse battery staple');
  await form.getByRole('button', { name: 'Create project' }).click();
  await expect(app.screen('home')).toBeVisible();

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByTestId('backups-section').getByRole('button', { name: /Back up now/ }).click();
  await expect(page.getByTestId('backup-list').getByRole('listitem')).toHaveCount(1);
  await page.getByLabel('Current passphrase').fill('correct horse battery staple');
  await page.getByLabel('New passphrase', { exact: true }).fill('purple monkey dishwasher 42');
  await page.getByLabel('New passphrase again').fill('purple monkey dishwasher 42');
  await page.getByTestId('old-backups').getByLabel('Delete them').check();
  await shots(page, 'rekey');
  await page.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(page.getByTestId('rekey-done')).toContainText(/Passphrase changed\. 1 old backup deleted; new backup .* made/, { timeout: 30_000 });
});
