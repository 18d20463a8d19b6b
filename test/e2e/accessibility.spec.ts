/**
 * Every main screen, checked with axe-core (no serious or critical violations), keyboard focus
 * visible, and text at 200% without content cut off. With FIELDNOTE_SCREENSHOTS=DIR the same
 * tour saves a screenshot of each screen (`npm run screenshots` writes docs/screenshots/).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import nodePath from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/web-app';
import { FieldnoteApp, ProjectHome } from './support/pages';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const screenshotDir = process.env.FIELDNOTE_SCREENSHOTS;
const PASS = 'correct horse battery staple';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe runs through DevTools (page.evaluate), which the app's CSP does not govern. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** At 200% text, nothing may be cut off sideways: no element clips its text horizontally. */
async function clippedAt200(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    document.documentElement.style.fontSize = '200%';
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
    const clipped: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('main *')) {
      if (el.closest('.visually-hidden') || el.clientWidth <= 1) continue; // hidden on purpose, for screen readers
      const style = getComputedStyle(el);
      const hides = style.overflowX === 'hidden' || style.overflowX === 'clip';
      if (hides && el.scrollWidth > el.clientWidth + 2 && style.textOverflow !== 'ellipsis' && el.textContent?.trim()) clipped.push(`${el.tagName.toLowerCase()}.${el.className}`);
    }
    document.documentElement.style.fontSize = '';
    return clipped;
  });
}

async function check(page: Page, name: string): Promise<void> {
  await expect(page.locator(`[data-screen="${name}"]`).first()).toBeVisible();
  await page.waitForTimeout(100);
  if (screenshotDir) {
    fs.mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: nodePath.join(screenshotDir, `${name}.png`) });
  }
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
  expect(await clippedAt200(page), `200% text on ${name}`).toEqual([]);
}

test('every main screen passes axe with no serious or critical violations and keeps its text at 200%', async ({ page, webApp }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 860 });
  await page.goto(webApp.url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await check(page, 'start');

  await page.getByRole('button', { name: 'New project' }).click();
  await page.getByLabel('Project title').fill('Aftercare evaluation 2026');
  await check(page, 'create');
  await page.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await page.getByLabel('Passphrase again').fill(PASS);
  await page.getByRole('button', { name: 'Create project' }).click();

  const home = new ProjectHome(page);
  await home.importExampleSchedule();
  await check(page, 'home');

  await page.getByRole('button', { name: /Open in designer/ }).first().click();
  await page.locator('[data-name="q3a_how"]').click();
  await check(page, 'designer');
  await page.getByRole('button', { name: 'Back to project' }).click();

  const intake = await home.newInterview();
  await intake.fillRespondent(0, { agencyGroup: 'Police', organisationNumber: '14', locationNumber: '3', consent: 'verbal', quotes: true });
  await intake.fillSession('AB');
  await check(page, 'intake');
  const { runner } = await intake.startAndBegin();
  await page.keyboard.press('Enter');
  await page.keyboard.press('1');
  await runner.nextUntil('q3_collab', { leaveRequired: 'N' });
  await page.keyboard.press('1');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Joint training with the provincial police; referral forms now used.');
  await page.keyboard.press('Escape');
  await check(page, 'runner');

  await page.keyboard.press('Control+e');
  await page.getByRole('dialog').getByRole('textbox').fill('Respondent was called away.');
  await page.getByRole('dialog').getByRole('button', { name: /end/i }).click();
  await expect(page.locator('[data-screen="interview"], [data-screen="interviews"]').first()).toBeVisible();
  const where = (await page.locator('[data-screen="interview"]').count()) > 0 ? 'interview' : 'interviews';
  await check(page, where);

  if (where === 'interview') await page.getByRole('button', { name: 'All interviews' }).click();
  await check(page, 'interviews');
  await page.getByRole('button', { name: 'Back to project' }).click();
  await page.getByRole('button', { name: 'Open statistics' }).click();
  await check(page, 'statistics');
  await page.getByRole('button', { name: 'Back to project' }).click();

  await page.getByRole('button', { name: 'Code the notes' }).click();
  await check(page, 'coding');
  await page.getByRole('button', { name: 'Analysis', exact: true }).first().click();
  await check(page, 'analysis');
  await page.getByRole('button', { name: 'Quotes and codebook' }).first().click();
  await check(page, 'quotes');
  await page.getByRole('button', { name: 'Second coder' }).first().click();
  await check(page, 'agreement');
  await page.getByRole('button', { name: 'Project home' }).first().click();

  await page.getByRole('button', { name: 'Lock' }).click();
  await check(page, 'unlock');
  await app.unlock(PASS);
  await page.getByRole('button', { name: 'Settings' }).click();
  await check(page, 'settings');
});

test('keyboard focus is always visible', async ({ page, webApp }) => {
  await page.goto(webApp.url);
  await new FieldnoteApp(page).ready();
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return 'none';
      const style = getComputedStyle(el);
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 ? 'visible' : `invisible on ${el.tagName}`;
    });
    expect(outline).not.toMatch(/^invisible/);
  }
});
