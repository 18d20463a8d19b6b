/**
 * Resuming an interview with a 20,000-word note (issue 18): the note editor adopts the stored
 * blocks interview.get says its state is, so its first autosave sends what was typed, not the
 * whole note, and what was typed is stored. The coding workbench's editor does the same with
 * codings.forInterview.
 */
import type { Page, Request } from '@playwright/test';
import { editorStateFromParagraphs } from '../../shared/notes/editor-state';
import { CodingPage } from './support/coding-page';
import { FieldnoteApp, RunnerPage } from './support/pages';
import { expect, test } from './support/web-app';
import { api, projectWithInterview } from './support/api';

const PASS = 'correct horse battery staple';

/** Reloads the page and resumes the interview, the general notes focused. */
async function resume(page: Page, respondent: string): Promise<RunnerPage> {
  await page.reload();
  await new FieldnoteApp(page).ready();
  await page.getByRole('button', { name: 'All interviews' }).click();
  await page.getByRole('button', { name: `Resume interview ${respondent}` }).click();
  const runner = new RunnerPage(page);
  await expect(runner.question).toBeVisible();
  await expect(runner.generalNotes()).toBeVisible(); // the editor takes Ctrl+G once it is there
  await page.keyboard.press('Control+g');
  await expect(runner.generalNotes()).toBeFocused();
  return runner;
}

/**
 * The body size of every notes.save request for the general notes from now on, and whether it
 * was a delta; `any` counts the saves of every note (the question's too).
 */
function generalNoteSaves(page: Page): { bytes: number; delta: boolean }[] & { any: number } {
  const saves = Object.assign([] as { bytes: number; delta: boolean }[], { any: 0 });
  page.context().on('request', (request: Request) => {
    if (!request.url().endsWith('/api/notes.save')) return;
    saves.any += 1;
    const body = request.postDataBuffer() ?? Buffer.alloc(0);
    const input = JSON.parse(body.toString('utf8')) as { question: string; blocks?: { baseVersion: number | null } };
    if (input.question === '') saves.push({ bytes: body.length, delta: typeof input.blocks?.baseVersion === 'number' });
  });
  return saves;
}

test('resuming an interview with a 20,000-word note: the first autosave sends the edit, not the note', async ({ page, webApp }) => {
  test.setTimeout(240_000);
  const { interviewId, respondent } = await projectWithInterview(page, webApp.url, 'First save', PASS);
  const paragraphs = Array.from({ length: 400 }, (_, p) => `Paragraph ${p}: ${'the officers said the referral went to the court and the shelter '.repeat(6)}in Kampot.`);
  const state = editorStateFromParagraphs(paragraphs);
  await api(page, 'notes.save', { interviewId: interviewId, question: '', editorState: state });

  // Typed once in the runner: the editor's whole first save puts the note in block form.
  const saves = generalNoteSaves(page);
  let runner = await resume(page, respondent);
  await page.keyboard.type('Before. ');
  await runner.expectSaved();
  expect(saves.length).toBeGreaterThan(0);
  const before = [...saves];

  // Resumed again: the editor knows which stored blocks it shows, and its first save is the edit.
  saves.length = 0;
  saves.any = 0;
  runner = await resume(page, respondent);
  // Opening notes is not an edit: nothing is saved until something is typed.
  await page.waitForTimeout(1_000);
  expect(saves.any).toBe(0);
  await page.keyboard.type('Typed after resuming. ');
  await runner.expectSaved();
  expect(saves.length).toBeGreaterThan(0);
  console.info(`notes.save bodies: first open ${before.map((s) => s.bytes).join(', ')} bytes; after resuming ${saves.map((s) => s.bytes).join(', ')} bytes (note ${state.length} bytes as a whole state)`);
  expect(before[0]!.bytes).toBeGreaterThan(200_000);
  expect(saves[0]!.delta).toBe(true);
  expect(saves[0]!.bytes).toBeLessThan(3_000);
  for (const save of saves) expect(save.bytes).toBeLessThan(3_000);

  // What was typed is stored: shown again after a reload, and in the note the services keep.
  runner = await resume(page, respondent);
  await expect(runner.generalNotes()).toContainText('Typed after resuming. Before. Paragraph 0');
  const note = ((await api(page, 'interview.get', { id: interviewId })).notes as { question: string; plainText: string }[]).find((n) => n.question === '')!;
  expect(note.plainText.startsWith('Typed after resuming. Before. Paragraph 0: ')).toBe(true);
  expect(note.plainText).toContain('Paragraph 399: ');

  // The coding workbench opens the same note (codings.forInterview) and saves only the edit too.
  await page.getByRole('button', { name: 'Pause and leave' }).click();
  await expect(page.locator('[data-screen="interviews"]')).toBeVisible();
  await page.getByRole('button', { name: 'Back to project' }).click();
  const coding = new CodingPage(page);
  await coding.open('AB');
  await expect(coding.noteText('')).toContainText('Paragraph 399: ');
  saves.length = 0;
  await coding.noteText('').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('In the workbench. ');
  await expect.poll(() => saves.length).toBeGreaterThan(0);
  await coding.expectSaved();
  console.info(`notes.save bodies in the workbench: ${saves.map((s) => s.bytes).join(', ')} bytes`);
  expect(saves[0]!.delta).toBe(true);
  for (const save of saves) expect(save.bytes).toBeLessThan(3_000);
  await expect
    .poll(async () => ((await api(page, 'interview.get', { id: interviewId })).notes as { question: string; plainText: string }[]).find((n) => n.question === '')!.plainText.startsWith('In the workbench. Typed after resuming. Before. Paragraph 0: '))
    .toBe(true);
});
