/**
 * The runner's service side: autosaving a 20,000-word note (Lexical JSON and plain text in
 * one transaction, synchronous=FULL), and an answer stored as it is keyed.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { dispatch } from '../shared/api/dispatch';
import { editorStateFromParagraphs, plainTextFromParagraphs } from '../shared/notes/editor-state';
import { FieldnoteServices } from '../electron/services/fieldnote-services';
import { seededRandom } from '../electron/dev/seed';
import { percentile, tempDir, type Bench, type BenchResult } from './harness';

const PASS = 'bench passphrase that is long enough';
const WORDS = ['programme', 'training', 'police', 'referral', 'shelter', 'court', 'community', 'ការអប់រំ', 'ប៉ូលីស', 'តុលាការ'];

export const interviewBench: Bench = {
  title: 'Interview runner: autosave',
  async run() {
    const dir = tempDir();
    const results: BenchResult[] = [];
    try {
      const services = new FieldnoteServices({ mode: 'browser', configDir: nodePath.join(dir, 'config'), projectsDir: dir, appVersion: 'bench' });
      const call = async (method: string, input: unknown) => {
        const r = await dispatch(services.handlers, method, input);
        if (!r.ok) throw new Error(r.error.message);
        return r.value as Record<string, unknown>;
      };
      await call('project.create', { path: 'bench', title: 'Bench', passphrase: PASS, passphraseConfirm: PASS });
      const imported = (await call('schedule.importExample', {})).imported as { id: string };
      const interview = (await call('interview.start', {
        scheduleId: imported.id,
        sessionType: 'one-on-one',
        answerMode: 'shared',
        language: 'en+km',
        interviewer: 'AB',
        heldAt: '2026-11-24T09:00',
        participants: [{ organisationNumber: '1', locationNumber: '1', agencyGroup: 'police', organisationType: 'government', focusOfWork: '', consentGiven: true, consentMode: 'verbal', quoteConsent: true }],
      })) as { summary: { id: string } };
      const id = interview.summary.id;

      // A 20,000-word note in 400 paragraphs; each save adds a few characters, as typing does.
      const rnd = seededRandom(3);
      const paragraphs = Array.from({ length: 400 }, () => Array.from({ length: 50 }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' '));
      const samples: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 60; i++) {
        paragraphs[399] += ' word';
        const editorState = editorStateFromParagraphs(paragraphs);
        const plainText = plainTextFromParagraphs(paragraphs);
        bytes = editorState.length + plainText.length;
        const start = process.hrtime.bigint();
        await call('notes.save', { interviewId: id, question: 'q1_priorities', editorState });
        samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const p95 = percentile(samples.slice(10), 95);
      results.push({ name: 'autosave a 20,000-word note (validate, derive text, codings and speakers, write, commit with synchronous=FULL), p95 of 50', value: `${p95.toFixed(1)} ms`, target: '< 30 ms', met: p95 < 30, note: `${(bytes / 1024).toFixed(0)} KiB per save` });

      const answerSamples: number[] = [];
      for (let i = 0; i < 300; i++) {
        const start = process.hrtime.bigint();
        await call('interview.answer', { interviewId: id, participantId: '', question: 'q3_collab', value: String((i % 2) + 1), state: 'answered' });
        answerSamples.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      results.push({ name: 'store one keyed answer, p95 of 300', value: `${percentile(answerSamples.slice(30), 95).toFixed(2)} ms` });
      services.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return results;
  },
};
