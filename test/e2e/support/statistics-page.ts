/** The Statistics screen as a user sees it: choose a variable, a table, a breakdown; copy or export. */
import { expect, type Locator, type Page } from '@playwright/test';

export class StatisticsPage {
  constructor(readonly page: Page) {}

  get screen(): Locator {
    return this.page.locator('[data-screen="statistics"]');
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Open statistics' }).click();
    await expect(this.screen).toBeVisible();
  }

  async chooseVariable(name: string): Promise<void> {
    await this.screen.getByLabel('Find a variable').fill(name);
    await this.screen.getByTestId('variable-list').selectOption(name);
  }

  async showTable(kind: 'Frequency table' | 'Crosstab' | 'Sample (Table 1)'): Promise<void> {
    await this.screen.getByRole('button', { name: kind, exact: true }).click();
  }

  async breakDownBy(label: string): Promise<void> {
    await this.screen.getByLabel('Broken down by').selectOption({ label });
  }

  async unit(which: 'Respondent' | 'Interview', panel: Locator = this.screen.locator('fieldset').first()): Promise<void> {
    await panel.getByRole('radio', { name: which }).check();
  }

  /** Each body row of a table as its non-empty cell texts, header cells included. */
  async rows(table: Locator): Promise<string[][]> {
    return table.locator('tbody tr, tfoot tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim()).filter((t) => t !== '')),
    );
  }
}
