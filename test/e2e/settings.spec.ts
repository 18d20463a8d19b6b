import { expect, test } from './support/web-app';
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
