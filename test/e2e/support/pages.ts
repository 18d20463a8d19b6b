/**
 * Page objects shared by the browser-mode suite and the Electron smoke test: what a user sees
 * and does, in the user's words.
 */
import { expect, type Page } from '@playwright/test';

export class FieldnoteApp {
  constructor(readonly page: Page) {}

  async ready(): Promise<void> {
    await expect(this.page.locator('body[data-ready="true"]')).toBeAttached();
  }

  screen(name: 'start' | 'create' | 'unlock' | 'home' | 'settings') {
    return this.page.locator(`[data-screen="${name}"]`);
  }

  async createProject(title: string, passphrase: string): Promise<void> {
    await this.screen('start').getByRole('button', { name: 'New project' }).click();
    const form = this.screen('create');
    await form.getByLabel('Project title').fill(title);
    await form.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await form.getByLabel('Passphrase again').fill(passphrase);
    await form.getByRole('button', { name: 'Create project' }).click();
    await expect(this.screen('home')).toBeVisible();
  }

  async lock(): Promise<void> {
    await this.page.getByRole('button', { name: 'Lock' }).click();
    await expect(this.screen('unlock')).toBeVisible();
  }

  async unlock(passphrase: string): Promise<void> {
    await this.screen('unlock').getByLabel('Passphrase').fill(passphrase);
    await this.screen('unlock').getByRole('button', { name: 'Unlock' }).click();
  }

  errorMessage() {
    return this.page.getByRole('alert');
  }

  projectTitle() {
    return this.page.getByTestId('project-title');
  }
}

/** The project home's schedule and interview entries. */
export class ProjectHome {
  constructor(readonly page: Page) {}

  async importExampleSchedule(): Promise<void> {
    await this.page.getByRole('button', { name: 'Start from the example schedule' }).click();
    await expect(this.page.getByTestId('import-report')).toContainText('Imported example-evaluation.xlsx');
  }

  async newInterview(): Promise<IntakePage> {
    await this.page.getByRole('button', { name: 'New interview' }).first().click();
    const intake = new IntakePage(this.page);
    await expect(intake.form).toBeVisible();
    return intake;
  }

  async allInterviews(): Promise<InterviewsPage> {
    await this.page.getByRole('button', { name: 'All interviews' }).click();
    await expect(this.page.locator('[data-screen="interviews"]')).toBeVisible();
    return new InterviewsPage(this.page);
  }
}

export interface RespondentIntake {
  agencyGroup?: string;
  organisationNumber?: string;
  locationNumber?: string;
  consent?: 'written' | 'verbal' | null;
  quotes?: boolean;
}

export class IntakePage {
  constructor(readonly page: Page) {}

  get form() {
    return this.page.locator('[data-screen="intake"] form');
  }

  participant(index: number) {
    return this.page.getByTestId('participant').nth(index);
  }

  async fillRespondent(index: number, r: RespondentIntake): Promise<void> {
    const p = this.participant(index);
    if (r.organisationNumber) await p.getByLabel('Organisation number').fill(r.organisationNumber);
    if (r.locationNumber) await p.getByLabel('Location number').fill(r.locationNumber);
    if (r.agencyGroup) await p.getByLabel('Agency group').selectOption({ label: r.agencyGroup });
    if (r.consent) {
      await p.getByRole('checkbox', { name: /consent/i }).check();
      await p.getByRole('radio', { name: r.consent === 'written' ? 'Written' : 'Verbal' }).check();
    }
    if (r.quotes !== undefined) await p.getByRole('radio', { name: r.quotes ? 'Yes' : 'No' }).check();
  }

  async fillSession(initials: string, language?: string): Promise<void> {
    if (language) await this.page.getByLabel('Interview language').selectOption({ label: language });
    await this.page.getByLabel('Interviewer initials').fill(initials);
  }

  async start(): Promise<void> {
    await this.form.getByRole('button', { name: 'Start interview' }).click();
  }

  /** Starts and returns the respondent IDs the services assigned. */
  async startAndBegin(): Promise<{ ids: string; runner: RunnerPage }> {
    await this.start();
    const ids = (await this.page.getByTestId('assigned-ids').textContent()) ?? '';
    await this.page.keyboard.press('Enter'); // "Begin interview" has focus
    const runner = new RunnerPage(this.page);
    await expect(runner.question).toBeFocused();
    return { ids, runner };
  }
}

/** The interview runner, driven the way an interviewer does: by keyboard. */
export class RunnerPage {
  constructor(readonly page: Page) {}

  get question() {
    return this.page.getByTestId('question');
  }

  outlineRow(name: string) {
    return this.page.getByTestId('runner-outline').locator(`[data-question="${name}"]`);
  }

  async expectAt(name: string): Promise<void> {
    await expect(this.question).toHaveAttribute('data-question', name);
  }

  /**
   * Presses Enter until the runner shows `name` (keyboard only). A required question left
   * unanswered on the way asks why: `leaveRequired` is the key that answers (D declined,
   * N not applicable, T ran out of time); without it such a question fails the test.
   */
  async nextUntil(name: string, options: { max?: number; leaveRequired?: 'D' | 'N' | 'T' } = {}): Promise<void> {
    for (let i = 0; i < (options.max ?? 40); i += 1) {
      const before = await this.question.getAttribute('data-question');
      if (before === name) return;
      await this.page.keyboard.press('Enter');
      // Either the next question shows or the runner asks why a required one has no answer
      // (or, with typed answers per participant, Enter moved to the next participant's row).
      const moved = async () => (await this.requiredReason().isVisible()) || (await this.question.count()) === 0 || (await this.question.getAttribute('data-question')) !== before;
      await expect.poll(moved, { timeout: 2_000 }).toBe(true).catch(() => undefined);
      if (await this.requiredReason().isVisible()) {
        if (!options.leaveRequired) throw new Error(`a required question before ${name} asks why it has no answer`);
        await this.page.keyboard.press(options.leaveRequired);
        await expect(this.requiredReason()).toBeHidden();
      }
    }
    await this.expectAt(name);
  }

  /** The question "why is there no answer?" for a required question being left. */
  requiredReason() {
    return this.page.getByTestId('required-reason');
  }

  chosen() {
    return this.question.locator('.choice[aria-pressed="true"]');
  }

  questionNote() {
    return this.page.locator('.question-notes [contenteditable="true"]');
  }

  generalNotes() {
    return this.page.locator('.general-notes [contenteditable="true"]');
  }

  saved() {
    return this.page.getByTestId('save-indicator');
  }

  async expectSaved(): Promise<void> {
    await expect(this.saved()).toHaveAttribute('data-state', 'saved');
  }
}

export class InterviewsPage {
  constructor(readonly page: Page) {}

  get table() {
    return this.page.getByTestId('interview-list');
  }

  async open(ids: string): Promise<InterviewPage> {
    await this.page.getByRole('button', { name: `Open interview ${ids}` }).click();
    const detail = new InterviewPage(this.page);
    await expect(detail.screen).toBeVisible();
    return detail;
  }
}

/** One interview after the fact: answers, notes, status and review comments. */
export class InterviewPage {
  constructor(readonly page: Page) {}

  get screen() {
    return this.page.locator('[data-screen="interview"]');
  }

  question(name: string) {
    return this.screen.locator(`.review-question[data-question="${name}"]`);
  }

  note(question: string) {
    return this.page.getByTestId(`review-note-${question || 'general'}`);
  }

  noteText(question: string) {
    return this.note(question).locator('[contenteditable="true"]');
  }

  status() {
    return this.page.getByTestId('interview-status');
  }

  async moveStatus(button: 'Mark as cleaned' | 'Mark as reviewed', initials: string): Promise<void> {
    await this.page.getByLabel('Your initials').first().fill(initials);
    await this.page.getByRole('button', { name: button }).click();
  }
}
