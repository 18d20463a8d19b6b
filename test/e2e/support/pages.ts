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
