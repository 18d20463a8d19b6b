/**
 * The app as a user meets it, in Chromium against browser mode: cold start to the unlock
 * screen, unlocking a 300-interview project to its home, and memory after an hour of typing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import nodePath from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../test/e2e/support/chromium';
import { buildRendererIfStale } from '../scripts/build-renderer-if-stale.mjs';
import { median, tempDir, type Bench, type BenchResult } from './harness';
import { startHostProcess, type HostProcess } from '../test/support/host-process';

const root = nodePath.resolve(import.meta.dirname, '..');
const PASS = 'bench passphrase that is long enough';

function startHost(dir: string, project: string): Promise<HostProcess> {
  return startHostProcess(dir, ['--project', project]);
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

export const appBench: Bench = {
  title: 'The app: start, unlock, an hour of typing',
  async run() {
    buildRendererIfStale();
    const dir = tempDir();
    const results: BenchResult[] = [];
    const project = nodePath.join(dir, 'study.fieldnote');
    const seeded = spawnSync(
      process.execPath,
      [nodePath.join(root, 'bin/fieldnote.mjs'), 'dev', 'seed', project, '--schedule', nodePath.join(root, 'resources/schedules/example-evaluation.xlsx'), '--interviews', '300', '--seed', '1', '--words', '5000'],
      { env: { ...process.env, FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_CONFIG_DIR: nodePath.join(dir, '.config') }, encoding: 'utf8' },
    );
    if (seeded.status !== 0) throw new Error(seeded.stderr);
    const browser = await chromium.launch({ ...chromiumLaunchOptions(), args: [...(chromiumLaunchOptions().args ?? []), '--js-flags=--expose-gc'] });
    try {
      const starts: number[] = [];
      const unlocks: number[] = [];
      for (let i = 0; i < 3; i++) {
        const began = performance.now();
        const { child, url } = await startHost(dir, project);
        const page = await browser.newPage();
        await page.goto(url);
        await page.locator('[data-screen="unlock"]').waitFor();
        starts.push(performance.now() - began);
        await page.getByLabel('Passphrase').fill(PASS);
        const unlockBegan = performance.now();
        await page.getByRole('button', { name: 'Unlock' }).click();
        await page.locator('[data-screen="home"]').waitFor();
        await page.getByTestId('project-title').waitFor();
        unlocks.push(performance.now() - unlockBegan);
        await page.close();
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      results.push({ name: 'cold start to the unlock screen (host start, page load), median of 3', value: `${median(starts).toFixed(0)} ms`, note: `every run: ${starts.map((t) => t.toFixed(0)).join(', ')} ms` });
      results.push({ name: `unlock and open a 300-interview project (${(fs.statSync(project).size / 2 ** 20).toFixed(0)} MiB) to its home, median of 3`, value: `${median(unlocks).toFixed(0)} ms`, note: `every run: ${unlocks.map((t) => t.toFixed(0)).join(', ')} ms` });

      // An hour of typing: about 14,400 keystrokes (40 words a minute) into one note, saved as typed.
      const { child, url } = await startHost(dir, project);
      const page = await browser.newPage();
      await page.goto(url);
      await page.getByLabel('Passphrase').fill(PASS);
      await page.getByRole('button', { name: 'Unlock' }).click();
      await page.locator('[data-screen="home"]').waitFor();
      // A fresh interview to type into (the seeded ones are finished).
      // (No named functions inside evaluate: tsx would wrap them in a helper the page lacks.)
      await page.evaluate(async (participant) => {
        const headers = { 'Content-Type': 'application/json' };
        const list = (await (await fetch('/api/schedule.list', { method: 'POST', headers, body: '{}' })).json()) as { value: { schedules: { id: string }[] } };
        const input = { scheduleId: list.value.schedules[0]!.id, sessionType: 'one-on-one', answerMode: 'shared', language: 'en', interviewer: 'AB', heldAt: '2026-11-24T09:00', participants: [participant] };
        await fetch('/api/interview.start', { method: 'POST', headers, body: JSON.stringify(input) });
      }, { organisationNumber: '1', locationNumber: '1', agencyGroup: 'police', organisationType: 'government', focusOfWork: '', consentGiven: true, consentMode: 'verbal', quoteConsent: true });
      await page.getByRole('button', { name: 'All interviews' }).click();
      await page.getByRole('button', { name: /^Resume interview/ }).first().click();
      await page.getByTestId('question').waitFor();
      await page.keyboard.press('Control+g');
      const heap = async () => page.evaluate(() => {
        (window as unknown as { gc?: () => void }).gc?.();
        return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize / 2 ** 20;
      });
      await page.keyboard.type('Start. ');
      await page.waitForTimeout(1000);
      const heapBefore = await heap();
      const hostBefore = rssMb(child.pid!);
      const sentence = 'The officers described how referrals reached the shelter after training. ';
      const keystrokes = 14_400;
      for (let typed = 0; typed < keystrokes; typed += sentence.length) await page.keyboard.type(sentence);
      await page.waitForTimeout(1500);
      const heapAfter = await heap();
      const hostAfter = rssMb(child.pid!);
      results.push({ name: `renderer JS heap growth after an hour of typing (${keystrokes.toLocaleString('en')} keystrokes, after GC)`, value: `${(heapAfter - heapBefore).toFixed(1)} MB`, target: '< 50 MB', met: heapAfter - heapBefore < 50, note: `${heapBefore.toFixed(0)} → ${heapAfter.toFixed(0)} MB` });
      results.push({ name: 'services (host) RSS growth over the same hour', value: `${(hostAfter - hostBefore).toFixed(1)} MB`, target: '< 50 MB', met: hostAfter - hostBefore < 50, note: `${hostBefore.toFixed(0)} → ${hostAfter.toFixed(0)} MB` });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    } finally {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return results;
  },
};
