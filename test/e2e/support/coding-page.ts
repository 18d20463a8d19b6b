/**
 * The coding workbench, analysis and quote bank as a user sees them: notes with highlights,
 * the code tree with counts, the code picker, "Codes here" for the segment under the cursor.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class CodingPage {
  constructor(readonly page: Page) {}

  get screen(): Locator {
    return this.page.locator('[data-screen="coding"]');
  }

  async open(initials: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Code the notes' }).click();
    await expect(this.screen).toBeVisible();
    await this.screen.getByLabel('Your initials').fill(initials);
  }

  /** Opens an interview from the documents pane by its respondent IDs ("1" or "35, 36"). */
  async chooseInterview(ids: string): Promise<void> {
    const row = this.documents().locator(`[role="option"][data-ids="${ids}"]`);
    await row.click();
    await expect(row).toHaveAttribute('aria-selected', 'true');
  }

  documents(): Locator {
    return this.screen.getByTestId('document-list');
  }

  /** The selected code's details, segments and memos (tabs under the code tree). */
  sideTab(name: 'Details' | 'Segments' | 'Memos'): Locator {
    return this.screen.getByRole('tab', { name: new RegExp(`^${name}`) });
  }

  /** The editable note of a question ('' for the general notes). */
  note(question: string): Locator {
    return this.screen.getByTestId(`coding-note-${question || 'general'}`);
  }

  noteText(question: string): Locator {
    return this.note(question).locator('[contenteditable="true"]');
  }

  /** Highlights in a note, in document order. */
  marks(question: string): Locator {
    return this.noteText(question).locator('mark');
  }

  /** Puts the cursor `offset` characters into a one-paragraph note, by keyboard. */
  async caretAt(question: string, offset: number): Promise<void> {
    await this.noteText(question).click();
    await this.page.keyboard.press('Control+Home');
    for (let i = 0; i < offset; i += 1) await this.page.keyboard.press('ArrowRight');
  }

  /** Selects `text` (its first occurrence) in a one-paragraph note, by keyboard. */
  async select(question: string, text: string): Promise<void> {
    const all = (await this.noteText(question).textContent()) ?? '';
    const at = all.indexOf(text);
    expect(at, `"${text}" in the note`).toBeGreaterThanOrEqual(0);
    await this.caretAt(question, at);
    for (let i = 0; i < text.length; i += 1) await this.page.keyboard.press('Shift+ArrowRight');
  }

  /** Ctrl+K, type the code's name, Enter: picks the code or creates it. */
  async codeSelectionAs(name: string): Promise<void> {
    await this.page.keyboard.press('Control+k');
    const picker = this.page.getByTestId('code-picker');
    await expect(picker).toBeVisible();
    await expect(picker.getByRole('combobox', { name: 'Code', exact: true })).toBeFocused();
    await this.page.keyboard.type(name);
    await this.page.keyboard.press('Enter');
    await expect(picker).toBeHidden();
    await this.settled();
  }

  /** Waits until a codebook change is done (the notes take input again). */
  async settled(): Promise<void> {
    await expect(this.screen).toHaveAttribute('aria-busy', 'false');
  }

  tree(): Locator {
    return this.screen.getByTestId('code-tree');
  }

  treeRow(name: string): Locator {
    return this.tree().locator(`[role="treeitem"][data-code="${name}"]`);
  }

  async expectCounts(name: string, text: string): Promise<void> {
    await expect(this.treeRow(name).getByTestId('code-counts')).toHaveText(text);
  }

  codesHere(question: string): Locator {
    return this.note(question).getByTestId('codes-here');
  }

  async expectSaved(): Promise<void> {
    await expect(this.screen.getByTestId('save-indicator')).toHaveAttribute('data-state', /saved|idle/);
  }
}

export class AnalysisPage {
  constructor(readonly page: Page) {}

  get screen(): Locator {
    return this.page.locator('[data-screen="analysis"]');
  }

  /** The retrieved segments' coded text, in order. */
  async retrieve(codeName: string, includeChildren = false): Promise<Locator> {
    await this.screen.getByRole('tab', { name: 'Retrieval' }).click();
    const select = this.screen.getByLabel('Code', { exact: true });
    const label = await select.locator('option', { hasText: new RegExp(`^\\s*${codeName} \\(\\d+\\)$`) }).textContent();
    await select.selectOption({ label: (label ?? '').trim() });
    const children = this.screen.getByRole('checkbox', { name: 'Include sub-codes' });
    if ((await children.isChecked()) !== includeChildren) await children.click();
    return this.screen.getByTestId('segments').getByTestId('segment-text');
  }
}
