/**
 * Measured in Chromium against browser mode, with the real UI: keystroke to the next painted
 * frame in a note of 20,000 words, and the next question shown on a 500-question schedule.
 */
import fs from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { editorStateFromParagraphs } from '../shared/notes/editor-state';
import { writeWorkbookRows } from '../electron/schedule/xlsx';
import { generateForm } from '../test/integration/schedule/schedule-generate';
import { chromiumLaunchOptions } from '../test/e2e/support/chromium';
import { buildRendererIfStale } from '../scripts/build-renderer-if-stale.mjs';
import { describeRuns, everyRun, summariseRuns, tempDir, type Bench, type BenchResult } from './harness';
import { buildBareLexical } from './bare-lexical/build';
import { FRAME_WORK_CATEGORIES, workPerKey } from './frame-work';
import { startHostProcess } from '../test/support/host-process';

const PASS = 'bench passphrase that is long enough';
/** Five flagged names, two of them in the note (as in the profile). */
const FLAGGED = ['Sokha', 'Dara', 'Chenda', 'Vannak', 'Srey Pov'];
const PARTICIPANT = { organisationNumber: '1', locationNumber: '1', agencyGroup: 'police', organisationType: 'government', focusOfWork: '', consentGiven: true, consentMode: 'verbal', quoteConsent: true };

async function startHost(dir: string) {
  const { child, url } = await startHostProcess(dir);
  const { origin, searchParams } = new URL(url);
  const token = searchParams.get('token')!;
  const call = async (method: string, input: unknown) => {
    const r = await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: `fieldnote_session_${new URL(url).port}=${token}` }, body: JSON.stringify(input) });
    const result = (await r.json()) as { ok: boolean; value: Record<string, unknown>; error?: { message: string } };
    if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
    return result.value;
  };
  return { child, url, call };
}

async function resume(page: Page, respondent: string): Promise<void> {
  await page.getByRole('button', { name: 'All interviews' }).click();
  await page.getByRole('button', { name: `Resume interview ${respondent}` }).click();
  await page.getByTestId('question').waitFor();
}

export const browserBench: Bench = {
  title: 'In the browser: typing and moving through questions',
  async run() {
    buildRendererIfStale();
    const dir = tempDir();
    const { child, url, call } = await startHost(dir);
    const browser = await chromium.launch(chromiumLaunchOptions());
    const results: BenchResult[] = [];
    try {
      await call('project.create', { path: 'bench', title: 'Bench', passphrase: PASS, passphraseConfirm: PASS });
      const example = (await call('schedule.importExample', {})).imported as { id: string };
      const first = (await call('interview.start', { scheduleId: example.id, sessionType: 'one-on-one', answerMode: 'shared', language: 'en', interviewer: 'AB', heldAt: '2026-11-24T09:00', participants: [PARTICIPANT] })) as { summary: { id: string } };
      for (const term of FLAGGED) await call('flaggedTerms.add', { term });
      const words = ['training', 'police', 'referral', 'shelter', 'court', 'community', 'support', 'officers', 'ការអប់រំ', 'ប៉ូលីស', 'Sokha', 'Dara'];
      const paragraphs = Array.from({ length: 400 }, (_, p) => Array.from({ length: 50 }, (_, w) => words[(p * 7 + w * 3) % words.length]).join(' '));
      const noteState = editorStateFromParagraphs(paragraphs);
      await call('notes.save', { interviewId: first.summary.id, question: '', editorState: noteState });

      const form = generateForm(500, { questions: 500, relevance: 0.3 });
      const bytes = await writeWorkbookRows(form.workbook);
      const big = (await call('schedule.import', { fileName: 'generated-500.xlsx', dataBase64: Buffer.from(bytes).toString('base64') })).imported as { id: string };
      await call('interview.start', { scheduleId: big.id, sessionType: 'one-on-one', answerMode: 'shared', language: 'en', interviewer: 'AB', heldAt: '2026-11-24T10:00', participants: [PARTICIPANT] });

      const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
      await page.goto(url);
      await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });

      // 1. Keystroke to paint in a 20,000-word note, Fieldnote (flagged names set and present in
      // the note) against a bare Lexical editor holding the same note in a box of the same size
      // and font, production builds both, in the same run: bursts alternate between the two.
      await resume(page, '1');
      await page.keyboard.press('Control+g');
      const note = page.locator('.general-notes [contenteditable="true"]');
      await note.waitFor();
      await page.getByTestId('flagged-found').waitFor();
      const box = await note.evaluate((el) => {
        const cs = getComputedStyle(el);
        const paragraph = el.querySelector('p');
        const rect = el.getBoundingClientRect();
        const scrolls = cs.overflowY !== 'visible';
        return {
          css: [
            `width: ${rect.width}px`,
            scrolls ? `height: ${rect.height}px` : '',
            `box-sizing: border-box`,
            `font: ${cs.font}`,
            `line-height: ${cs.lineHeight}`,
            `padding: ${cs.padding}`,
            `border: ${cs.border}`,
            `white-space: ${cs.whiteSpace}`,
            `overflow-wrap: ${cs.overflowWrap}`,
            `overflow-y: ${cs.overflowY}`,
            `contain: ${cs.contain}`,
            `outline: none`,
          ].filter((d) => d !== '').join('; '),
          paragraph: paragraph ? `margin: ${getComputedStyle(paragraph).margin}; content-visibility: ${getComputedStyle(paragraph).contentVisibility}` : '',
          bodyFont: getComputedStyle(document.body).font,
        };
      });
      const bare = await browser.newPage({ viewport: { width: 1366, height: 800 } });
      await bare.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>body { margin: 1rem; font: ${box.bodyFont}; } #editor { ${box.css} } #editor p { ${box.paragraph} }</style></head><body><div id="editor" contenteditable="true" spellcheck="false"></div></body></html>`);
      await bare.addScriptTag({ content: buildBareLexical() });
      await bare.evaluate((state) => (window as unknown as { loadNote: (s: string) => void }).loadNote(state), noteState);
      const editors = [
        { name: 'Fieldnote', page, editor: note },
        { name: 'bare Lexical', page: bare, editor: bare.locator('#editor') },
      ];
      for (const { page: p, editor } of editors) {
        await editor.evaluate((el) => {
          const samples: number[] = [];
          (window as unknown as { __latency: number[] }).__latency = samples;
          el.addEventListener('keydown', (event) => {
            const start = event.timeStamp;
            requestAnimationFrame(() => setTimeout(() => samples.push(performance.now() - start), 0));
          });
        });
        // The mouse rests at the same place in both pages. Fieldnote's had stayed on the last button
        // clicked and the bare page's was never in the window: only Fieldnote then paid Chromium's
        // hit test after each layout (a fake mouse move that updates hover, 2–3 ms a key).
        await p.mouse.move(5, 5);
        await editor.focus();
        await editor.evaluate((el) => {
          const selection = window.getSelection();
          selection?.selectAllChildren(el);
          selection?.collapseToEnd();
        });
        await p.keyboard.type(' warm up '); // not recorded: the first keys compile and lay out
        await p.waitForTimeout(500);
        await p.evaluate(() => (window as unknown as { __latency: number[] }).__latency.splice(0));
      }
      const typed: Record<string, number[][]> = { Fieldnote: [], 'bare Lexical': [] };
      const burst = ' the officers said Sokha referred the case well ';
      for (let run = 0; run < 3; run++) {
        for (const { name, page: p, editor } of run % 2 === 0 ? editors : [...editors].reverse()) {
          await p.bringToFront();
          await editor.focus();
          for (const character of burst) {
            await p.keyboard.type(character);
            await p.waitForTimeout(15);
          }
          await p.waitForTimeout(500);
          typed[name]!.push(await p.evaluate(() => (window as unknown as { __latency: number[] }).__latency.splice(0)));
        }
      }
      const ours = summariseRuns(typed.Fieldnote!);
      const reference = summariseRuns(typed['bare Lexical']!);
      const p95Ratio = ours.p95 / reference.p95;
      const perRunRatio = ours.perRun.map((r, i) => `${(r.median / reference.perRun[i]!.median).toFixed(2)}/${(r.p95 / reference.perRun[i]!.p95).toFixed(2)}`).join(', ');
      results.push({ name: `keystroke to paint in a 20,000-word note, Fieldnote with ${FLAGGED.length} flagged names, 3 runs`, value: describeRuns(ours), target: '≤ 16 ms median', met: ours.median <= 16, note: everyRun(ours) });
      results.push({ name: 'the same keys in a bare Lexical editor, same note, box and font, production build, interleaved', value: describeRuns(reference), note: everyRun(reference) });
      results.push({ name: 'Fieldnote / bare Lexical at p95 (median ratio in the note)', value: `${p95Ratio.toFixed(2)}x`, target: '≤ 1.1x', met: p95Ratio <= 1.1, note: `median ${(ours.median / reference.median).toFixed(2)}x; per run median/p95 ${perRunRatio}` });
      await bare.close();

      // 2. Next question on a 500-question schedule: Enter to the frame showing the next question,
      // against a page that only changes the question's text (the display's own frame: at 60 Hz
      // any page waits 0–16.7 ms for it), interleaved; then the page's own work per Enter, from
      // a trace (waiting for the frame left out, frame-work.ts).
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Back' }).first().click().catch(() => undefined);
      await page.goto(url);
      await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
      await resume(page, '2');
      const floor = await browser.newPage({ viewport: { width: 1366, height: 800 } });
      await floor.setContent('<!doctype html><html><body><main><div data-testid="question" tabindex="-1" data-question="q0"><h2>Question 0</h2></div></main></body></html>');
      await floor.getByTestId('question').evaluate((el) => {
        let n = 0;
        el.addEventListener('keydown', (e: Event) => {
          if ((e as KeyboardEvent).key !== 'Enter') return;
          n += 1;
          el.dataset.question = `q${n}`;
          el.firstElementChild!.textContent = `Question ${n}`;
        });
      });
      const pages = [
        { name: 'Fieldnote', page },
        { name: 'floor', page: floor },
      ];
      for (const { page: p } of pages) {
        await p.getByTestId('question').evaluate((el) => {
          const samples: number[] = [];
          (window as unknown as { __next: number[] }).__next = samples;
          const editors: number[] = [];
          (window as unknown as { __editor: number[] }).__editor = editors;
          let start = 0;
          // Enter moves on; N leaves a required question without an answer (the dialog it opens).
          window.addEventListener('keydown', (e) => {
            if ((e.key === 'Enter' && !e.shiftKey) || e.key.toLowerCase() === 'n') start = e.timeStamp;
          }, true);
          let editorFor = '';
          let editorBegan = 0;
          new MutationObserver(() => {
            if (start === 0) return;
            const began = start;
            start = 0;
            editorFor = el.dataset.question ?? '';
            editorBegan = began;
            requestAnimationFrame(() => setTimeout(() => samples.push(performance.now() - began), 0));
          }).observe(el.parentElement ?? el, { attributes: true, subtree: true, attributeFilter: ['data-question'] });
          // Fieldnote: when the question's note editor (made after the frame that shows the question) takes keys.
          const main = el.closest('.runner-main');
          if (main) {
            new MutationObserver(() => {
              if (editorBegan === 0 || !document.getElementById(`note-${editorFor}`)?.isContentEditable) return;
              const began = editorBegan;
              editorBegan = 0;
              requestAnimationFrame(() => setTimeout(() => editors.push(performance.now() - began), 0));
            }).observe(main, { childList: true, subtree: true });
          }
        });
      }
      const pressEnter = async (p: Page, times: number) => {
        for (let i = 0; i < times; i++) {
          await p.getByTestId('question').focus().catch(() => undefined);
          await p.keyboard.press('Enter');
          // A required question left without an answer asks why: N, not applicable, as an interviewer would.
          if (await p.getByTestId('required-reason').isVisible()) await p.keyboard.press('n');
          await p.waitForTimeout(20);
        }
        await p.waitForTimeout(300);
      };
      await pressEnter(page, 5); // the first questions warm the page up
      await page.evaluate(() => (window as unknown as { __next: number[] }).__next.splice(0));
      await page.evaluate(() => (window as unknown as { __editor: number[] }).__editor.splice(0));
      const shown: Record<string, number[][]> = { Fieldnote: [], floor: [] };
      const editorReady: number[][] = [];
      for (let run = 0; run < 3; run++) {
        for (const { name, page: p } of run % 2 === 0 ? pages : [...pages].reverse()) {
          await p.bringToFront();
          await pressEnter(p, 40);
          shown[name]!.push(await p.evaluate(() => (window as unknown as { __next: number[] }).__next.splice(0)));
          if (name === 'Fieldnote') editorReady.push(await p.evaluate(() => (window as unknown as { __editor: number[] }).__editor.splice(0)));
        }
      }
      await floor.close();
      const next = summariseRuns(shown.Fieldnote!);
      const frame = summariseRuns(shown.floor!);
      const work: number[][] = [];
      const noFrame: number[] = [];
      for (let run = 0; run < 3; run++) {
        await browser.startTracing(page, { categories: FRAME_WORK_CATEGORIES });
        await pressEnter(page, 40);
        const traced = workPerKey(await browser.stopTracing());
        work.push(traced.work);
        noFrame.push(traced.noFrame);
      }
      const ownWork = summariseRuns(work);
      const editor = summariseRuns(editorReady);
      const nextNote = `${everyRun(next)}; a page that only changes the question's text, same runs: ${describeRuns(frame)} (${everyRun(frame)}), Fieldnote / that page at p95 ${(next.p95 / frame.p95).toFixed(2)}x, at the median ${(next.median / frame.median).toFixed(2)}x`;
      results.push({ name: 'next question shown on a 500-question schedule (Enter to painted frame, waiting for the display\'s frame included), 3 runs', value: describeRuns(next), target: 'p95 ≤ 16 ms', met: next.p95 <= 16, note: nextNote });
      // Not the measure: what the page itself spends, to tell its share from the display's.
      results.push({
        name: 'diagnostic: the page\'s own work from the key (Enter, or N at a required question) to the end of the frame showing its result (main thread busy, from a trace; time the key waited before it was handled is not in it), 3 runs',
        value: describeRuns(ownWork),
        note: `${everyRun(ownWork)}; keys followed by no frame, not measured: ${noFrame.join(', ')}`,
      });
      results.push({ name: 'the question\'s note editor ready for typing (made after the frame that shows the question; Tab or a click before then makes it at once), same runs as the first row', value: describeRuns(editor), note: everyRun(editor) });
    } finally {
      await browser.close();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited; // it makes a last backup on close: let it finish before the folder goes
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return results;
  },
};
