/** The evaluation screen as a user works it: the matrix, the evidence, the rapid-analysis grid. */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Locator, type Page } from '@playwright/test';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical axe-core violations on the page (axe runs through DevTools, outside the CSP). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export class EvaluationPage {
  readonly screen: Locator;

  constructor(readonly page: Page) {
    this.screen = page.locator('[data-screen="evaluation"]');
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Open the evaluation matrix' }).click();
    await expect(this.screen).toBeVisible();
  }

  tab(name: 'Matrix' | 'Evidence' | 'Rapid analysis'): Locator {
    return this.screen.getByRole('tab', { name });
  }

  get form(): Locator {
    return this.screen.getByTestId('matrix-form');
  }

  /** Links: [kind label, option value or label, answer label for an indicator]. */
  async addQuestion(q: { ref: string; criterion: string; text: string; parent?: string; links: [string, { value?: string; label?: string }, string?][] }): Promise<void> {
    await this.screen.getByRole('button', { name: 'New evaluation question' }).click();
    await this.form.getByLabel('ID').fill(q.ref);
    await this.form.getByLabel('Criterion').fill(q.criterion);
    if (q.parent) {
      const parent = this.form.getByLabel('Sub-question of');
      const label = (await parent.locator('option').allTextContents()).find((t) => t.startsWith(`${q.parent} `));
      await parent.selectOption({ label: label ?? q.parent });
    }
    await this.form.getByLabel('Evaluation question').fill(q.text);
    for (const [kind, target, answer] of q.links) {
      await this.form.getByLabel('Link a').selectOption({ label: kind });
      await this.form.locator('select').nth(2).selectOption(target.value !== undefined ? { value: target.value } : { label: target.label! });
      if (answer !== undefined) await this.form.getByLabel('Counting the answer').selectOption({ label: answer });
      await this.form.getByRole('button', { name: 'Add link' }).click();
    }
    await expect(this.form.getByTestId('link-list').locator('li')).toHaveCount(q.links.length);
    await this.form.getByRole('button', { name: 'Add evaluation question' }).click();
    await expect(this.form.getByRole('status')).toHaveText(`Saved ${q.ref}.`);
  }
}
