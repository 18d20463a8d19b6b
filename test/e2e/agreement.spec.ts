// The second coder's screen as a user drives it: a project with two coders' codings (a coded
// colleague's project merged in), the agreement table with its unit, one disagreement settled
// with a comment and undone, and a blind copy prepared for a new coder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import nodePath from 'node:path';
import { FieldnoteApp } from './support/pages';
import { expect, test } from './support/web-app';

const PASS = 'correct horse battery staple';
const root = nodePath.resolve(import.meta.dirname, '../..');
const shots = process.env.FIELDNOTE_SCREENSHOTS;
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

test('agreement table, one adjudication and its undo, a blind copy for a new coder', async ({ page, webApp }) => {
  test.setTimeout(180_000);
  const seeded = spawnSync(
    process.execPath,
    [nodePath.join(root, 'bin/fieldnote.mjs'), 'dev', 'seed', nodePath.join(webApp.dir, 'colleague.fieldnote'), '--schedule', nodePath.join(root, 'resources/schedules/example-evaluation.xlsx'), '--interviews', '3', '--coded'],
    { env: { ...process.env, FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_CONFIG_DIR: nodePath.join(webApp.dir, '.cli-config') }, encoding: 'utf8' },
  );
  expect(seeded.status, seeded.stderr).toBe(0);

  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject('Double coding', PASS);
  const merge = page.getByTestId('merge-panel');
  await merge.getByLabel('Other project file').fill('colleague.fieldnote');
  await merge.getByLabel('Its passphrase').fill(PASS);
  await merge.getByRole('button', { name: 'Preview merge' }).click();
  await page.getByRole('button', { name: 'Merge now' }).click();
  await expect(page.getByTestId('merge-done')).toBeVisible();

  await page.getByRole('button', { name: 'Second coder and agreement' }).click();
  await expect(page.locator('[data-screen="agreement"]')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Coders', exact: true }).getByRole('row')).toHaveCount(3); // header, AB, CD

  // The table: the unit stated, weakest code first, an overall row.
  const table = page.getByTestId('agreement-table');
  await expect(table.locator('caption')).toContainText("Unit: each question's note");
  await page.getByLabel('Coder A').selectOption({ label: 'AB' }); // the busiest coder came first; choosing the other swaps them
  await expect(page.getByLabel('Coder B')).toHaveValue(await page.getByLabel('Coder B').locator('option', { hasText: 'CD' }).getAttribute('value') ?? '');
  await expect(table.locator('caption')).toContainText('Coders AB (A) and CD (B)');
  await expect(table.getByRole('row', { name: /All codes \(pooled\)/ })).toBeVisible();
  const kappas = (await table.locator('tbody tr:not(:last-child) td[data-figure="kappa"]').allTextContents()).map((t) => (t === '–' ? Infinity : Number(t)));
  expect(kappas.length).toBeGreaterThan(1);
  expect([...kappas].sort((x, y) => x - y)).toEqual(kappas);
  await table.scrollIntoViewIfNeeded();
  if (shots) await page.screenshot({ path: nodePath.join(shots, 'agreement-1366.png'), fullPage: false });

  // Chosen interviews: two of the three.
  await expect(page.getByTestId('agreement-interviews')).toContainText('On 3 interviews');
  await page.getByRole('button', { name: 'Choose interviews…' }).click();
  await page.getByRole('group', { name: 'Interviews to compute agreement on' }).getByRole('checkbox').first().uncheck();
  await page.getByRole('button', { name: 'Use these 2' }).click();
  await expect(page.getByTestId('agreement-interviews')).toContainText('On 2 interviews (chosen)');
  await page.getByRole('button', { name: 'Back to the default' }).click();
  await expect(page.getByTestId('agreement-interviews')).toContainText('On 3 interviews');

  // Sentences as units: the statement changes with them.
  await page.getByLabel('Unit').selectOption('sentence');
  await expect(table.locator('caption')).toContainText('Unit: each sentence');
  await page.getByLabel('Unit').selectOption('answer');
  await expect(table.locator('caption')).toContainText("Unit: each question's note");

  // Settle the first disagreement: accept A, with a comment.
  const first = page.getByTestId('disagreement').first();
  const code = await first.getAttribute('data-code');
  await page.getByLabel('Your initials').fill('PI');
  await first.getByLabel('Comment').fill('A read the passage right.');
  await first.getByRole('button', { name: 'Accept A' }).click();
  const settled = page.locator(`[data-testid="disagreement"][data-decision="accept-a"]`);
  await expect(settled).toHaveCount(1);
  await expect(settled.getByTestId('decision')).toHaveText('Accept A');
  await expect(settled).toHaveAttribute('data-code', code ?? '');
  await expect(table.getByRole('columnheader', { name: 'κ after adjudication' })).toBeVisible();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.evaluate(() => window.scrollTo(0, 0));
  if (shots) await page.screenshot({ path: nodePath.join(shots, 'agreement-1920.png'), fullPage: false });

  // The filled screen (table, disagreements, forms) has no serious or critical axe violations.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
  expect(violations).toEqual([]);

  // Undo it: open again, the after-columns go.
  await settled.getByRole('button', { name: 'Undo decision' }).click();
  await expect(page.locator(`[data-testid="disagreement"][data-decision="accept-a"]`)).toHaveCount(0);
  await expect(table.getByRole('columnheader', { name: 'κ after adjudication' })).toHaveCount(0);
  // The decision stays on record, marked undone.
  await page.getByTestId('decision-history').locator('summary').click();
  await expect(page.getByTestId('decision-history').getByRole('listitem')).toHaveCount(1);
  await expect(page.getByTestId('decision-history').getByRole('listitem')).toContainText('accept AB');
  await expect(page.getByTestId('decision-history').getByRole('listitem')).toContainText('A read the passage right.');
  await expect(page.getByTestId('decision-history').getByRole('listitem')).toContainText('undone');

  // A blind copy for a new coder, three sampled interviews, its own passphrase.
  await page.getByLabel('Initials', { exact: true }).fill('EF');
  await page.getByRole('button', { name: 'Add coder' }).click();
  await expect(page.getByRole('table', { name: 'Coders', exact: true }).getByRole('row')).toHaveCount(4);
  await page.getByLabel('For coder').selectOption({ label: 'EF' });
  await expect(page.getByLabel('File name of the copy')).toHaveValue(/-EF\.fieldnote$/);
  await expect(page.getByLabel('Sample size (interviews)')).toHaveValue('3');
  await page.getByLabel('Sample size (interviews)').fill('2');
  await page.getByLabel('Sample seed').fill('2026');
  await page.getByLabel('Passphrase of the copy').fill('purple monkey dishwasher 42');
  await page.getByLabel('The same passphrase again').fill('purple monkey dishwasher 42');
  await page.getByRole('button', { name: 'Prepare the copy' }).click();
  await expect(page.getByTestId('copy-done')).toContainText('2 interviews for EF, blind');
  const copyName = (await page.getByLabel('File name of the copy').inputValue()).trim();
  expect(fs.existsSync(nodePath.join(webApp.dir, copyName))).toBe(true);

  // The workbench shows both coders (one of them dashed), or one coder only.
  await page.getByRole('button', { name: 'Code the notes' }).click();
  await expect(page.locator('[data-screen="coding"]')).toBeVisible();
  const codersOfMarks = () => page.locator('.code-mark[data-coders]').evaluateAll((els) => els.map((e) => ({ coders: (e as HTMLElement).dataset.coders ?? '', dashed: (e as HTMLElement).style.outline.includes('dashed') })));
  await expect.poll(async () => new Set((await codersOfMarks()).flatMap((m) => m.coders.split(' '))).size, { timeout: 15_000 }).toBe(2);
  const both = await codersOfMarks();
  expect(both.some((m) => m.dashed)).toBe(true);
  expect(both.some((m) => !m.dashed)).toBe(true);
  await page.getByTestId('coder-view').selectOption({ label: 'CD (Synthetic coder CD) only' });
  await expect.poll(async () => (await codersOfMarks()).every((m) => m.coders === 'CD')).toBe(true);
  expect((await codersOfMarks()).length).toBeGreaterThan(0);
  await page.getByTestId('coder-view').selectOption({ label: 'AB (Synthetic coder AB) only' });
  await expect.poll(async () => (await codersOfMarks()).every((m) => m.coders === 'AB' && !m.dashed)).toBe(true);
  if (shots) await page.screenshot({ path: nodePath.join(shots, 'workbench-coder-1366.png'), fullPage: false });
});
