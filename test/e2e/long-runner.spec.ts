/**
 * The runner at full size (issue 18): a 20,000-word note keeps its flagged names highlighted
 * where the note is on screen (ranges exist only for paragraphs being rendered, and follow the
 * scroll), and a 500-question schedule's outline follows each move and jumps on a click.
 */
import type { Page } from '@playwright/test';
import { writeWorkbookRows } from '../../electron/schedule/xlsx';
import { editorStateFromParagraphs } from '../../shared/notes/editor-state';
import { generateForm } from '../integration/schedule/schedule-generate';
import { countColour, decodePng } from './support/png';
import { shots } from './support/screenshots';
import { RunnerPage } from './support/pages';
import { expect, test } from './support/web-app';
import { api, projectWithInterview } from './support/api';

const PASS = 'correct horse battery staple';
/** ::highlight(fieldnote-flagged) in styles.css. */
const FLAGGED_BACKGROUND = [0xff, 0xd6, 0xd6] as const;

async function resume(page: Page, respondent: string): Promise<RunnerPage> {
  await page.getByRole('button', { name: 'All interviews' }).click();
  await page.getByRole('button', { name: `Resume interview ${respondent}` }).click();
  const runner = new RunnerPage(page);
  await expect(runner.question).toBeVisible();
  return runner;
}

/** Indexes of the note's paragraphs that hold a flagged-name range. */
function paragraphsWithRanges(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const note = document.querySelector('.general-notes [contenteditable="true"]')!;
    const paragraphs = [...note.children];
    const ranges = [...(CSS.highlights.get('fieldnote-flagged') ?? [])] as AbstractRange[];
    return [...new Set(ranges.map((r) => paragraphs.findIndex((p) => p.contains(r.startContainer))))].sort((a, b) => a - b);
  });
}

/** Pixels of the flagged-name highlight in the part of paragraph `index` that is on screen. */
async function highlightedPixels(page: Page, index: number): Promise<number> {
  const clip = await page.locator('.general-notes [contenteditable="true"] > p').nth(index).evaluate((p) => {
    const r = p.getBoundingClientRect();
    const box = p.parentElement!.getBoundingClientRect();
    const x = Math.max(r.left, box.left, 0);
    const y = Math.max(r.top, box.top, 0);
    const right = Math.min(r.right, box.right, window.innerWidth);
    const bottom = Math.min(r.bottom, box.bottom, window.innerHeight);
    return right - x >= 1 && bottom - y >= 1 ? { x, y, width: right - x, height: bottom - y } : null;
  });
  if (!clip) return 0;
  return countColour(decodePng(await page.screenshot({ clip })), FLAGGED_BACKGROUND);
}

test('a 20,000-word note: flagged names highlighted where the note is on screen, and as it scrolls', async ({ page, webApp }) => {
  test.setTimeout(180_000);
  const { app, interviewId, respondent } = await projectWithInterview(page, webApp.url, 'Long notes', PASS);
  await api(page, 'flaggedTerms.add', { term: 'Sokha' });
  const paragraphs = Array.from({ length: 400 }, (_, p) => `Paragraph ${p}: ${'the officers said the referral went to the court and the shelter '.repeat(6)}Sokha was there.`);
  await api(page, 'notes.save', { interviewId: interviewId, question: '', editorState: editorStateFromParagraphs(paragraphs) });
  await page.reload();
  await app.ready();

  const runner = await resume(page, respondent);
  await expect(runner.generalNotes()).toBeVisible(); // the editor takes Ctrl+G once it is there
  await page.keyboard.press('Control+g');
  await expect(runner.generalNotes()).toBeFocused();
  await expect(page.getByTestId('flagged-found')).toContainText('Sokha');

  // The first paragraphs are on screen and highlighted; most of the 400 carry no range.
  await expect.poll(() => paragraphsWithRanges(page)).toContain(0);
  const first = await paragraphsWithRanges(page);
  expect(first.length).toBeLessThan(100);
  expect(first).not.toContain(200);
  expect(await highlightedPixels(page, 0)).toBeGreaterThan(50);
  await shots(page, 'runner-long-note');

  // Scrolled to the middle: the name there is highlighted on screen.
  // Scrolled again on each look: the caret stays in paragraph 0, and an editor that is still
  // settling after the resume may bring it back into view once.
  const middle = runner.generalNotes().locator('p').nth(200);
  await expect.poll(async () => {
    await middle.evaluate((p) => p.scrollIntoView({ block: 'center' }));
    return (await paragraphsWithRanges(page)).includes(200) ? highlightedPixels(page, 200) : 0;
  }).toBeGreaterThan(50);
  expect(await paragraphsWithRanges(page)).not.toContain(5);

  // Typing a name there highlights it and keeps it listed.
  await runner.generalNotes().locator('p').nth(200).evaluate((p) => {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let last: Node | null = null;
    while (walker.nextNode()) last = walker.currentNode;
    window.getSelection()!.collapse(last, last?.textContent?.length ?? 0);
  });
  await page.keyboard.type(' Sokha again');
  await expect.poll(async () => (await page.evaluate(() => [...(CSS.highlights.get('fieldnote-flagged') ?? [])].filter((r) => (r as AbstractRange).startContainer.textContent?.includes('Sokha again')).length))).toBe(2);
  await runner.expectSaved();
});

test('a 500-question schedule: the outline follows Enter, keeps the current row in view and jumps on a click', async ({ page, webApp }) => {
  test.setTimeout(180_000);
  const generated = async (p: Page) => {
    const form = generateForm(500, { questions: 500, relevance: 0.3 });
    return ((await api(p, 'schedule.import', { fileName: 'generated-500.xlsx', dataBase64: Buffer.from(await writeWorkbookRows(form.workbook)).toString('base64') })).imported as { id: string }).id;
  };
  const { app, interviewId, respondent } = await projectWithInterview(page, webApp.url, 'Long schedule', PASS, generated);
  await page.reload();
  await app.ready();
  const runner = await resume(page, respondent);

  const outline = page.getByTestId('runner-outline');
  const current = outline.locator('[aria-current="step"]');
  const inView = () => current.evaluate((row) => {
    const list = row.closest('[role="list"]')!.getBoundingClientRect();
    const r = row.getBoundingClientRect();
    return r.top >= list.top && r.bottom <= list.bottom;
  });
  // What each move shows in the same frame: the question, and no note editor yet (it is made
  // after that frame is painted); and how often the outline scrolls to keep up.
  await page.evaluate(() => {
    const seen = { moves: 0, editorAtMove: 0, scrolls: 0 };
    (window as unknown as { __moves: typeof seen }).__moves = seen;
    const question = document.querySelector('[data-testid="question"]')!;
    new MutationObserver(() => {
      seen.moves += 1;
      if (document.querySelector('.question-notes [contenteditable="true"]')) seen.editorAtMove += 1;
    }).observe(question.parentElement!, { attributes: true, subtree: true, attributeFilter: ['data-question'] });
    document.querySelector('[data-testid="runner-outline"]')!.addEventListener('scroll', () => (seen.scrolls += 1));
  });
  for (let i = 0; i < 30; i++) {
    const before = await runner.question.getAttribute('data-question');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await runner.requiredReason().isVisible()) || (await runner.question.getAttribute('data-question')) !== before).toBe(true);
    if (await runner.requiredReason().isVisible()) {
      await page.keyboard.press('N'); // not applicable: a required question left on the way
      await expect(runner.requiredReason()).toBeHidden();
    }
  }
  const at = await runner.question.getAttribute('data-question');
  await expect(current).toHaveAttribute('data-question', at!);
  await expect.poll(inView).toBe(true);
  await expect(outline.locator('.current')).toHaveCount(1);
  const seen = await page.evaluate(() => (window as unknown as { __moves: { moves: number; editorAtMove: number; scrolls: number } }).__moves);
  expect(seen.moves).toBeGreaterThanOrEqual(30);
  expect(seen.editorAtMove).toBe(0);
  // The current row is brought back a third of the way down when it leaves the view, so the
  // list moves every few questions, not on every move once the bottom is reached (30 of 30 before).
  expect(seen.scrolls).toBeLessThanOrEqual(seen.moves / 4);
  // Walking through questions stores no notes: each question's empty editor is not a note.
  expect((await api(page, 'interview.get', { id: interviewId })).notes).toEqual([]);
  // The note editor follows a frame later, and keys pressed before it exists still reach it.
  await expect(page.locator('.question-notes [contenteditable="true"]')).toHaveCount(1);
  // (A date's Tab walks its day, month and year first: those questions are passed over.)
  const inNotes: string[] = [];
  for (let i = 0; inNotes.length < 4 && i < 12; i++) {
    const word = `typed at once ${i}`;
    await page.keyboard.press('Control+Enter'); // next question, from the notes as from the question
    if (await runner.requiredReason().isVisible()) await page.keyboard.press('N');
    await page.keyboard.press('Tab');
    await page.keyboard.type(word);
    if ((await runner.question.locator('input[type="date"]').count()) > 0) {
      await page.keyboard.press('Escape');
      continue;
    }
    await expect(page.locator('.question-notes [contenteditable="true"]')).toHaveText(word);
    inNotes.push(word);
  }
  expect(inNotes).toHaveLength(4);
  // The stand-in for certain: Enter and a focus on the notes box in one task, before any frame.
  for (let tries = 0; tries < 5; tries++) {
    await page.keyboard.press('Escape');
    const standIn = await page.evaluate(async () => {
      const question = document.querySelector<HTMLElement>('[data-testid="question"]')!;
      const before = question.dataset.question;
      question.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      await Promise.resolve(); // React's update, still in this task: no frame painted yet
      const pending = document.querySelector<HTMLElement>('.question-notes .note-pending');
      const moved = document.querySelector<HTMLElement>('[data-testid="question"]')?.dataset.question !== before;
      pending?.focus();
      return { moved, pending: pending !== null, editorFocused: document.activeElement?.getAttribute('contenteditable') === 'true' };
    });
    if (!standIn.moved) {
      // A required question asked why (the dialog): leave it and try the next one.
      if (await runner.requiredReason().isVisible()) await page.keyboard.press('N');
      continue;
    }
    expect(standIn).toEqual({ moved: true, pending: true, editorFocused: true });
    await page.keyboard.type('through the stand-in');
    await expect(page.locator('.question-notes [contenteditable="true"]')).toHaveText('through the stand-in');
    inNotes.push('through the stand-in');
    break;
  }
  expect(inNotes).toContain('through the stand-in');
  await runner.expectSaved();
  // Stored: the notes typed, and no others (a date's stray keys stayed in its answer field).
  const stored = (await api(page, 'interview.get', { id: interviewId })).notes as { plainText: string }[];
  expect(stored.map((n) => n.plainText).sort()).toEqual([...inNotes].sort());

  // A click on a row further down jumps there (one handler on the list reads the row clicked).
  const target = outline.locator('[data-question][data-state="not-asked"]').nth(10);
  const name = await target.getAttribute('data-question');
  await target.locator('.outline-state').click();
  await runner.expectAt(name!);
  await expect(current).toHaveAttribute('data-question', name!);
  await expect.poll(inView).toBe(true);
  await shots(page, 'runner-500-questions');
});
