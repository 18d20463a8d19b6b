import { spawnSync } from 'node:child_process';
import nodePath from 'node:path';
import { expect, test } from './support/web-app';
import { shots } from './support/screenshots';
import { FieldnoteApp } from './support/pages';

const PASS = 'correct horse battery staple';
const root = nodePath.resolve(import.meta.dirname, '../..');

test('merge another project through the preview, then restore the backup made before it', async ({ page, webApp }) => {
  // A colleague's project, seeded with two coded interviews.
  const seeded = spawnSync(
    process.execPath,
    [nodePath.join(root, 'bin/fieldnote.mjs'), 'dev', 'seed', nodePath.join(webApp.dir, 'colleague.fieldnote'), '--schedule', nodePath.join(root, 'resources/schedules/example-evaluation.xlsx'), '--interviews', '2', '--coded'],
    { env: { ...process.env, FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_CONFIG_DIR: nodePath.join(webApp.dir, '.cli-config') }, encoding: 'utf8' },
  );
  expect(seeded.status, seeded.stderr).toBe(0);

  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject('Team project', PASS);

  const merge = page.getByTestId('merge-panel');
  await merge.getByLabel('Other project file').fill('colleague.fieldnote');
  await merge.getByLabel('Its passphrase').fill(PASS);
  await merge.getByRole('button', { name: 'Preview merge' }).click();
  await expect(page.getByTestId('merge-totals')).toContainText('0 in conflict');
  await expect(page.getByTestId('merge-preview').getByRole('row', { name: /interview/ }).first()).toContainText('2');
  await page.getByRole('button', { name: 'Merge now' }).click();
  await expect(page.getByTestId('merge-done')).toContainText('Backup made first');
  await expect(page.locator('.counts')).toContainText('interviews2');

  // Settings → Backups: the backup made before the merge brings back the empty project.
  await page.getByRole('button', { name: 'Settings' }).click();
  const backups = page.getByTestId('backups-section');
  await expect(backups.getByTestId('backup-list').getByRole('listitem')).toHaveCount(1);
  await backups.getByRole('button', { name: /Restore the backup/ }).first().click();
  await backups.getByLabel('Passphrase').fill(PASS);
  await backups.getByRole('button', { name: 'Restore this backup' }).click();
  await expect(page.getByTestId('backup-done')).toContainText('Restored');
  await expect(backups.getByTestId('backup-list').getByRole('listitem')).toHaveCount(2);
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(page.getByTestId('project-empty')).toBeVisible();
});

// Issue 17: JSON and .qdpx exports are plain text, flagged names included; the app says so first.
test('exporting the whole project warns that the file is not encrypted, and Cancel writes nothing', async ({ page, webApp }) => {
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject('Export warning', PASS);
  await page.evaluate(async () => {
    await fetch('/api/flaggedTerms.add', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ term: 'Sokha' }) });
  });
  const panel = page.getByTestId('exchange-panel');
  let downloads = 0;
  page.on('download', () => (downloads += 1));
  await panel.getByRole('button', { name: 'Export JSON (.zip)' }).click();
  const warning = page.getByTestId('export-warning');
  await expect(warning).toContainText('not encrypted');
  await expect(warning).toContainText('including the 1 flagged name');
  await shots(page, 'export-warning');
  await warning.getByRole('button', { name: 'Cancel' }).click();
  await expect(warning).toBeHidden();
  expect(downloads).toBe(0);
  await panel.getByRole('button', { name: 'Export project (.qdpx)' }).click();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-warning').getByRole('button', { name: 'Export unencrypted file' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.qdpx$/);
});
