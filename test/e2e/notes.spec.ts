/**
 * Every word of a note survives exactly (issue 13): an undone name is gone from the project, a
 * coded note opens with its text and marks in the interview review and keeps its coding when
 * edited there, and speaker tags are stored as who said what.
 */
import { spawnSync } from 'node:child_process';
import nodePath from 'node:path';
import type { Page } from '@playwright/test';
import { ProjectStore } from '../../electron/store/project-store';
import { CodingPage } from './support/coding-page';
import { FieldnoteApp, ProjectHome, type RunnerPage } from './support/pages';
import { expect, test } from './support/web-app';
import { api } from './support/api';

const PASS = 'correct horse battery staple';
const root = nodePath.resolve(import.meta.dirname, '../..');

/** One API call from the page, as the app makes it (same origin, session cookie). */

async function newProject(page: Page, url: string, title: string): Promise<ProjectHome> {
  await page.goto(url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject(title, PASS);
  const home = new ProjectHome(page);
  await home.importExampleSchedule();
  return home;
}

/** A one-on-one interview at the consent question, its note focused. */
async function atConsentNote(page: Page, home: ProjectHome): Promise<RunnerPage> {
  const intake = await home.newInterview();
  await intake.fillRespondent(0, { agencyGroup: 'Police', organisationNumber: '4', locationNumber: '2', consent: 'verbal', quotes: true });
  await intake.fillSession('AB');
  const { runner } = await intake.startAndBegin();
  await page.keyboard.press('Enter');
  await runner.expectAt('consent');
  await page.keyboard.press('1');
  await page.keyboard.press('Tab');
  await expect(runner.questionNote()).toBeFocused();
  return runner;
}

test('a name typed by mistake and undone is gone: not on screen, not found after lock and unlock, not back after moving on', async ({ page, webApp }) => {
  test.setTimeout(180_000);
  const home = await newProject(page, webApp.url, 'Undo project');
  await api(page, 'flaggedTerms.add', { term: 'Sokha Chan' });
  const runner = await atConsentNote(page, home);

  await page.keyboard.type('Met the officer at the district office.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Sokha Chan');
  await expect(page.getByTestId('flagged-found')).toContainText('Sokha Chan');
  await runner.expectSaved();
  expect((await api(page, 'search.notes', { query: 'Sokha' })).total).toBe(1);

  await page.keyboard.press('Control+z');
  await expect(runner.questionNote()).not.toContainText('Sokha');
  await expect(page.getByTestId('flagged-found')).toBeHidden();
  // The undo is a change like any other: it is saved, and the indicator says so only then.
  await runner.expectSaved();
  expect((await api(page, 'search.notes', { query: 'Sokha' })).total).toBe(0);

  // To the next question and back: the note shows what was saved, without the name.
  await page.keyboard.press('Control+Enter');
  await expect(runner.question).not.toHaveAttribute('data-question', 'consent');
  await page.keyboard.press('Shift+Enter');
  await runner.expectAt('consent');
  await expect(runner.questionNote()).toHaveText(/^Met the officer at the district office\.$/);
  await page.keyboard.press('Tab');
  await expect(runner.questionNote()).toBeFocused();
  await page.keyboard.press('Control+End');

  // Type on and lock at once: Ctrl+L first sends what is still on its way (the last 300 ms).
  const app = new FieldnoteApp(page);
  await page.keyboard.type('Room 12');
  await page.keyboard.press('Control+l');
  await expect(app.screen('unlock')).toBeVisible();
  await app.unlock(PASS);
  await expect(page.locator('[data-screen="home"], [data-screen="runner"]').first()).toBeVisible();
  expect((await api(page, 'search.notes', { query: 'Sokha' })).total).toBe(0);
  expect((await api(page, 'search.notes', { query: 'district office' })).total).toBe(1);
  expect((await api(page, 'search.notes', { query: 'Room 12' })).total).toBe(1);

  // Opening the interview again does not bring it back.
  await page.reload();
  await app.ready();
  const detail = await (await new ProjectHome(page).allInterviews()).open('1');
  await expect(detail.noteText('consent')).toContainText('Met the officer at the district office.');
  await expect(detail.noteText('consent')).toContainText('Room 12');
  await expect(detail.noteText('consent')).not.toContainText('Sokha');

  // And the command line, on the closed project.
  await api(page, 'project.close');
  const cli = spawnSync(process.execPath, [nodePath.join(root, 'bin/fieldnote.mjs'), 'search', nodePath.join(webApp.dir, 'undo-project.fieldnote'), 'Sokha'], {
    env: { ...process.env, FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_CONFIG_DIR: nodePath.join(webApp.dir, '.cli-config') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(cli.stderr).toContain('0 notes match');
  expect(cli.stdout).not.toContain('Sokha');
});

test('a coded note opens with its text and highlights in the interview review, and an edit there keeps its coding', async ({ page, webApp }) => {
  test.setTimeout(180_000);
  const home = await newProject(page, webApp.url, 'Review coded');
  const runner = await atConsentNote(page, home);
  await page.keyboard.type('The unit trained twelve officers last year.');
  await runner.expectSaved();
  await page.getByRole('button', { name: 'Pause and leave' }).click();
  await expect(page.locator('[data-screen="interviews"]')).toBeVisible();
  await page.getByRole('button', { name: 'Back to project' }).click();

  const coding = new CodingPage(page);
  await coding.open('AB');
  await coding.select('consent', 'trained twelve officers');
  await coding.codeSelectionAs('Training');
  await expect(coding.marks('consent')).toHaveText(['trained twelve officers']);
  await coding.expectSaved();

  // The review editor: the whole text, and the coded passage still marked.
  await page.getByRole('button', { name: 'Project home' }).click();
  const detail = await (await new ProjectHome(page).allInterviews()).open('1');
  await expect(detail.noteText('consent')).toHaveText('The unit trained twelve officers last year.');
  await expect(detail.noteText('consent').locator('mark')).toHaveText(['trained twelve officers']);

  // Clean-up there: words before the passage and inside it.
  await detail.noteText('consent').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('In 2025 ');
  await expect(detail.noteText('consent')).toHaveText('In 2025 The unit trained twelve officers last year.');
  await expect(page.getByTestId('save-indicator')).toHaveAttribute('data-state', 'saved');

  const { notes, codings } = await api(page, 'codings.forInterview', { interviewId: (await api(page, 'interview.list')).interviews[0].id });
  const note = notes.find((n: { question: string }) => n.question === 'consent');
  expect(note.plainText).toBe('In 2025 The unit trained twelve officers last year.');
  expect(codings).toHaveLength(1);
  expect(codings[0]).toMatchObject({ text: 'trained twelve officers', start: note.plainText.indexOf('trained'), end: note.plainText.indexOf('trained') + 'trained twelve officers'.length });

  // Back in the workbench the highlight sits on the same words, and retrieval finds them.
  await page.getByRole('button', { name: 'All interviews' }).click();
  await page.getByRole('button', { name: 'Back to project' }).click();
  await coding.open('AB');
  await expect(coding.marks('consent')).toHaveText(['trained twelve officers']);
  await coding.expectCounts('Training', '1 seg · 1 int');
});

test('speaker tags are data: each passage of a group note is stored with the participant who said it', async ({ page, webApp }) => {
  test.setTimeout(180_000);
  const home = await newProject(page, webApp.url, 'Speakers');
  const intake = await home.newInterview();
  await page.getByRole('radio', { name: 'Small group' }).check();
  await page.getByLabel('Respondents').selectOption('2');
  await intake.fillRespondent(0, { agencyGroup: 'Police', consent: 'written', quotes: true });
  await intake.fillRespondent(1, { agencyGroup: 'Donor', consent: 'verbal', quotes: true });
  await intake.fillSession('AB');
  const { runner } = await intake.startAndBegin();
  await page.keyboard.press('Enter');
  await runner.expectAt('consent');
  await page.keyboard.press('Tab');
  await expect(runner.questionNote()).toBeFocused();
  await page.keyboard.type('Both agreed. ');
  await page.keyboard.press('Alt+2');
  await page.keyboard.type('asked about the hotline. ');
  await page.keyboard.press('Alt+1');
  await page.keyboard.type('answered.');
  await expect(runner.questionNote()).toHaveText('Both agreed. [P2] asked about the hotline. [P1] answered.');
  await runner.expectSaved();
  const interview = (await api(page, 'interview.list')).interviews[0];
  const detail = await api(page, 'interview.get', { id: interview.id });
  const byPosition = new Map<number, string>(detail.participants.map((p: { position: number; id: string }) => [p.position, p.id]));
  await api(page, 'project.close');

  const store = ProjectStore.open(nodePath.join(webApp.dir, 'speakers.fieldnote'), PASS);
  try {
    const { NoteRepo } = await import('../../electron/store/note-repo');
    const notes = new NoteRepo(store.db, 'test');
    const row = store.db.prepare("SELECT id, plain_text FROM note WHERE question = 'consent'").get() as { id: string; plain_text: string };
    const text = row.plain_text;
    expect(text).toBe('Both agreed. [P2] asked about the hotline. [P1] answered.');
    const p2 = text.indexOf('[P2]');
    const p1 = text.indexOf('[P1]');
    expect(notes.speakers(row.id)).toEqual([
      { participantId: byPosition.get(2), start: p2, end: p1 },
      { participantId: byPosition.get(1), start: p1, end: text.length },
    ]);
    expect(notes.speakerOf(row.id, text.indexOf('hotline'), text.indexOf('hotline') + 7)).toBe(byPosition.get(2));
    expect(notes.speakerOf(row.id, text.indexOf('answered'), text.length)).toBe(byPosition.get(1));
    expect(notes.speakerOf(row.id, 0, 4)).toBeNull(); // before any tag: the whole session
  } finally {
    store.close();
  }
});
