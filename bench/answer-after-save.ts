/**
 * The runner's answer right after a block save in a 20,000-word note, through the whole services
 * over loopback HTTP: as it was when every call compacted the notes first, and now that the
 * runner's writes do not (idle compaction, electron/services/project-session.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nodePath from 'node:path';
import { dispatch } from '../shared/api/dispatch';
import { FieldnoteServices } from '../electron/services/fieldnote-services';
import { compactNotes } from '../electron/store/note-blocks';
import { describeRuns, everyRun, summariseRuns, type BenchResult } from './harness';
import { call, openEditor, saveOverHttp, typeInto } from './note-editing';

const PASS = 'bench passphrase that is long enough';
const RUNS = 3;
const ANSWERS_PER_RUN = 10;

/**
 * A loopback host over the whole services, answering `/api/<method>` as the web host does (parse,
 * `dispatch`, answer). With `?compactFirst` it compacts the notes before the call, as the services
 * did before every call but notes.save until idle compaction (fieldnote-services.ts).
 */
async function servicesHost(services: FieldnoteServices): Promise<{ base: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const input: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (url.searchParams.has('compactFirst')) compactNotes(services.project.db);
        const result = await dispatch(services.handlers, url.pathname.slice('/api/'.length), input);
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(result));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}/api`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * `interview.answer` right after a keystroke's block save in the 20,000-word note (the runner's
 * Enter after typing), over loopback HTTP to the whole services: ms from the request to the
 * answer, with the notes compacted first (as before) and without (now), interleaved.
 */
export async function answerAfterSave(dir: string, file: string, interviewId: string, state: string): Promise<BenchResult[]> {
  // A quiet spell never falls between a save and its answer here; a long wait makes sure the
  // idle compaction does not run in the middle of the measure either.
  const services = new FieldnoteServices({ mode: 'browser', configDir: nodePath.join(dir, 'config-answers'), projectsDir: dir, appVersion: 'bench', idleCompactionMs: 600_000 });
  await call(services, 'project.open', { path: file, passphrase: PASS });
  const host = await servicesHost(services);
  const compacted = () => services.project.db.prepare('SELECT compacted FROM note_block_head').pluck().get();
  const answer = async (compactFirst: boolean, value: string): Promise<number> => {
    const began = performance.now();
    const body = JSON.stringify({ interviewId, participantId: '', question: 'q3_collab', value, state: 'answered' });
    const response = await fetch(`${host.base}/interview.answer${compactFirst ? '?compactFirst' : ''}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const result = (await response.json()) as { ok: boolean; error?: { message: string } };
    if (!result.ok) throw new Error(`interview.answer: ${result.error?.message}`);
    return performance.now() - began;
  };
  const before: number[][] = [];
  const after: number[][] = [];
  try {
    const note = openEditor(state);
    typeInto(note.editor, 0, 'w');
    await saveOverHttp(`${host.base}/notes.save`, interviewId, note, true);
    for (let run = 0; run < RUNS; run++) {
      const b: number[] = [];
      const a: number[] = [];
      for (let i = 0; i < ANSWERS_PER_RUN; i++) {
        // Alternate which comes first, so neither always follows the other.
        for (const compactFirst of i % 2 === 0 ? [true, false] : [false, true]) {
          typeInto(note.editor, 5000 + run * ANSWERS_PER_RUN * 2 + i * 2 + (compactFirst ? 1 : 0), 'k');
          await saveOverHttp(`${host.base}/notes.save`, interviewId, note);
          if (compacted() !== 0) throw new Error('the block save left the note compacted');
          (compactFirst ? b : a).push(await answer(compactFirst, String((i % 2) + 1)));
          // What was measured: the whole note rewritten first, or left in blocks.
          if (compacted() !== (compactFirst ? 1 : 0)) throw new Error('the answer did not leave the note as expected');
        }
      }
      before.push(b);
      after.push(a);
    }
  } finally {
    await host.close();
    services.close();
  }
  const was = summariseRuns(before);
  const now = summariseRuns(after);
  return [
    { name: `an answer right after a block save in the 20,000-word note, over loopback HTTP, as before: the notes compacted first, encrypted, ${RUNS} runs × ${ANSWERS_PER_RUN}`, value: describeRuns(was), note: everyRun(was) },
    {
      name: 'the same answer now: interview.answer reads no note and does not compact (the notes are compacted after 10 s without a save), interleaved with the above',
      value: describeRuns(now),
      note: `${(was.median / now.median).toFixed(1)}x faster at the median; ${everyRun(now)}`,
    },
  ];
}
