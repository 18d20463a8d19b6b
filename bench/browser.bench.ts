/**
 * Measured in Chromium against browser mode, with the real UI: keystroke to the next painted
 * frame in a note of 20,000 words, and the next question shown on a 500-question schedule.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import nodePath from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { editorStateFromParagraphs } from '../shared/notes/editor-state';
import { writeWorkbookRows } from '../electron/schedule/xlsx';
import { generateForm } from '../test/integration/schedule-generate';
import { chromiumLaunchOptions } from '../test/e2e/support/chromium';
import { buildRendererIfStale } from '../scripts/build-renderer-if-stale.mjs';
import { percentile, median, tempDir, type Bench, type BenchResult } from './harness';

const root = nodePath.resolve(import.meta.dirname, '..');
const PASS = 'bench passphrase that is long enough';
const PARTICIPANT = { organisationNumber: '1', locationNumber: '1', agencyGroup: 'police', organisationType: 'government', focusOfWork: '', consentGiven: true, consentMode: 'verbal', quoteConsent: true };

async function startHost(dir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', nodePath.join(root, 'electron/web-host/main.ts'), '--dir', dir], {
    cwd: root,
    env: { ...process.env, FIELDNOTE_CONFIG_DIR: nodePath.join(dir, '.config') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Open: (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', () => reject(new Error('host exited')));
  });
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
      const words = ['training', 'police', 'referral', 'shelter', 'court', 'community', 'support', 'officers', 'ការអប់រំ', 'ប៉ូលីស'];
      const paragraphs = Array.from({ length: 400 }, (_, p) => Array.from({ length: 50 }, (_, w) => words[(p * 7 + w * 3) % words.length]).join(' '));
      await call('notes.save', { interviewId: first.summary.id, question: '', editorState: editorStateFromParagraphs(paragraphs) });

      const form = generateForm(500, { questions: 500, relevance: 0.3 });
      const bytes = await writeWorkbookRows(form.workbook);
      const big = (await call('schedule.import', { fileName: 'generated-500.xlsx', dataBase64: Buffer.from(bytes).toString('base64') })).imported as { id: string };
      await call('interview.start', { scheduleId: big.id, sessionType: 'one-on-one', answerMode: 'shared', language: 'en', interviewer: 'AB', heldAt: '2026-11-24T10:00', participants: [PARTICIPANT] });

      const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
      await page.goto(url);
      await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });

      // 1. Keystroke to paint in a 20,000-word note: from the key event to the frame after it.
      await resume(page, '1');
      await page.keyboard.press('Control+g');
      const note = page.locator('.general-notes [contenteditable="true"]');
      await note.waitFor();
      await note.evaluate((el) => {
        const samples: number[] = [];
        (window as unknown as { __latency: number[] }).__latency = samples;
        el.addEventListener('keydown', (event) => {
          const start = event.timeStamp;
          requestAnimationFrame(() => setTimeout(() => samples.push(performance.now() - start), 0));
        });
        const selection = window.getSelection();
        selection?.selectAllChildren(el);
        selection?.collapseToEnd();
      });
      for (const character of ' the officers said the referral worked well '.repeat(5)) {
        await page.keyboard.type(character);
        await page.waitForTimeout(15);
      }
      await page.waitForTimeout(500);
      const typing = (await page.evaluate(() => (window as unknown as { __latency: number[] }).__latency)).slice(10);
      const typingP95 = percentile(typing, 95);
      results.push({ name: `keystroke to paint in a 20,000-word note, p95 of ${typing.length}`, value: `${typingP95.toFixed(1)} ms`, target: '< 16 ms', met: typingP95 < 16, note: `median ${median(typing).toFixed(1)} ms` });

      // 2. Next question on a 500-question schedule: Enter to the frame showing the next question.
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Back' }).first().click().catch(() => undefined);
      await page.goto(url);
      await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
      await resume(page, '2');
      await page.getByTestId('question').evaluate((el) => {
        const samples: number[] = [];
        (window as unknown as { __next: number[] }).__next = samples;
        let start = 0;
        window.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' && !e.shiftKey) start = e.timeStamp;
        }, true);
        new MutationObserver(() => {
          if (start === 0) return;
          const began = start;
          start = 0;
          requestAnimationFrame(() => setTimeout(() => samples.push(performance.now() - began), 0));
        }).observe(el.parentElement ?? el, { attributes: true, subtree: true, attributeFilter: ['data-question'] });
      });
      for (let i = 0; i < 120; i++) {
        await page.getByTestId('question').focus().catch(() => undefined);
        await page.keyboard.press('Enter');
        await page.waitForTimeout(20);
      }
      const next = (await page.evaluate(() => (window as unknown as { __next: number[] }).__next)).slice(5);
      const nextP95 = percentile(next, 95);
      results.push({ name: `next question shown on a 500-question schedule (Enter to painted frame), p95 of ${next.length}`, value: `${nextP95.toFixed(1)} ms`, target: '< 50 ms', met: nextP95 < 50, note: `median ${median(next).toFixed(1)} ms` });
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
