/**
 * Autosave of one edit in a 20,000-word note, the whole path: a keystroke in a (headless) note
 * editor wired as AutosavePlugin wires it, the renderer's serialisation (the incremental
 * serializer's snapshot and the blocks changed since the last acknowledged save, block-saves.ts),
 * the request body, the transfer over loopback HTTP, the host's JSON parsing, validation against
 * the API contract (`dispatch`), the SQL of `notes.save` (the changed blocks, coding and speaker
 * rows in one transaction) and the durable commit (WAL, synchronous=FULL). The same saves go to
 * an encrypted project and to an unencrypted copy of it, interleaved, in three runs: the price of
 * encryption on real note saves. The whole-note save (an editor's first, and the fallback) is
 * measured too. Then SQLite's own writes per save (bytes and ms, without the HTTP part), with
 * `secure_delete` off and on, for docs/security.md. Last, the runner's answer right after a block
 * save, through the whole services over the same loopback path: as it was when every call
 * compacted the notes first, and now that the runner's writes do not (idle compaction).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nodePath from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { $getRoot, $isElementNode, $isTextNode, createEditor, type LexicalEditor } from 'lexical';
import { dispatch, type Handlers } from '../shared/api/dispatch';
import { registerCodingMarks } from '../shared/coding/lexical-marks';
import { editorStateFromParagraphs } from '../shared/notes/editor-state';
import { NOTE_NAMESPACE, NOTE_NODES } from '../shared/notes/note-model';
import { FieldnoteServices } from '../electron/services/fieldnote-services';
import { notesHandlers } from '../electron/services/notes';
import { applyKey } from '../electron/store/cipher';
import { compactNotes, NoteBlockCache } from '../electron/store/note-blocks';
import { NoteRepo, RemovedCodings } from '../electron/store/note-repo';
import { BlockSaves } from '../renderer/src/editor/block-saves';
import { IncrementalSerializer, type BlockSnapshot } from '../renderer/src/editor/incremental-serializer';
import { ProjectStore } from '../electron/store/project-store';
import { openSqlite } from '../electron/store/sqlite';
import { describeRuns, everyRun, median, summariseRuns, tempDir, time, type Bench, type BenchResult } from './harness';

const PASS = 'bench passphrase that is long enough';
const PARTICIPANT = { organisationNumber: '1', locationNumber: '1', agencyGroup: 'police', organisationType: 'government', focusOfWork: '', consentGiven: true, consentMode: 'verbal', quoteConsent: true };
const RUNS = 3;
const SAVES_PER_RUN = 20;
const WHOLE_SAVES_PER_RUN = 3;
const ANSWERS_PER_RUN = 10;
const DEVICE = 'bench-device';

/** A note editor as the app sets one up, with the autosave's serializer and block tracking. */
interface Editor {
  editor: LexicalEditor;
  serializer: IncrementalSerializer;
  saves: BlockSaves;
}

function openEditor(state: string): Editor {
  const editor = createEditor({ namespace: NOTE_NAMESPACE, nodes: [...NOTE_NODES], onError: (error) => { throw error; } });
  registerCodingMarks(editor);
  const serializer = new IncrementalSerializer();
  const saves = new BlockSaves();
  editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves, tags }) => serializer.invalidate(editorState, dirtyElements, dirtyLeaves, tags));
  editor.setEditorState(editor.parseEditorState(state));
  return { editor, serializer, saves };
}

async function call(services: FieldnoteServices, method: string, input: unknown): Promise<Record<string, unknown>> {
  const result = await dispatch(services.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as Record<string, unknown>;
}

/** A project with one interview whose general notes hold 20,000 words (400 paragraphs of 50). */
async function seedProject(dir: string): Promise<{ file: string; interviewId: string; state: string }> {
  const services = new FieldnoteServices({ mode: 'browser', configDir: nodePath.join(dir, 'config'), projectsDir: dir, appVersion: 'bench' });
  await call(services, 'project.create', { path: 'notes', title: 'Bench', passphrase: PASS, passphraseConfirm: PASS });
  const example = (await call(services, 'schedule.importExample', {})).imported as { id: string };
  const started = (await call(services, 'interview.start', { scheduleId: example.id, sessionType: 'one-on-one', answerMode: 'shared', language: 'en', interviewer: 'AB', heldAt: '2026-11-24T09:00', participants: [PARTICIPANT] })) as { summary: { id: string } };
  const words = ['training', 'police', 'referral', 'shelter', 'court', 'community', 'support', 'officers', 'ការអប់រំ', 'ប៉ូលីស'];
  const paragraphs = Array.from({ length: 400 }, (_, p) => Array.from({ length: 50 }, (_, w) => words[(p * 7 + w * 3) % words.length]).join(' '));
  const state = editorStateFromParagraphs(paragraphs);
  await call(services, 'notes.save', { interviewId: started.summary.id, question: '', editorState: state });
  const file = services.resolveProjectPath('notes');
  services.close();
  return { file, interviewId: started.summary.id, state };
}

/** The same project without encryption: a copy decrypted in place (rekey to no key). */
function decryptedCopy(file: string, to: string): void {
  fs.copyFileSync(file, to);
  const db = openSqlite(to);
  applyKey(db, PASS);
  db.pragma('journal_mode = DELETE');
  db.rekey(Buffer.alloc(0));
  db.close();
}

/** The unencrypted copy opened with the project's own settings (ProjectStore.open, minus the key). */
function openPlain(file: string): Database.Database {
  const db = openSqlite(file, { fileMustExist: true });
  if (db.prepare("SELECT value FROM meta WHERE key = 'format'").pluck().get() !== 'fieldnote-project') throw new Error('the decrypted copy does not read');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
  return db;
}

/** A loopback host that answers `notes.save` the way the web host does: parse, validate, save (electron/services/notes.ts). */
async function saveHost(db: Database.Database): Promise<{ url: string; close: () => Promise<void> }> {
  const removed = new RemovedCodings();
  const handlers = notesHandlers({ notes: () => new NoteRepo(db, DEVICE, {}, removed, cacheFor(db)) }) as unknown as Handlers;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const result = await dispatch(handlers, 'notes.save', JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(result));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/notes.save`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

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
async function answerAfterSave(dir: string, file: string, interviewId: string, state: string): Promise<BenchResult[]> {
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
      name: 'the same answer now: interview.answer reads no note and does not compact (the notes are compacted after 2 s without a save), interleaved with the above',
      value: describeRuns(now),
      note: `${(was.median / now.median).toFixed(1)}x faster at the median; ${everyRun(now)}`,
    },
  ];
}

/** One keystroke typed into paragraph `at`, as the editor applies it. */
function typeInto(editor: LexicalEditor, at: number, character: string): void {
  editor.update(
    () => {
      const blocks = $getRoot().getChildren();
      const paragraph = blocks[at % blocks.length];
      const text = $isElementNode(paragraph) ? paragraph.getFirstChild() : null;
      if ($isTextNode(text)) text.spliceText(10, 0, character);
    },
    { discrete: true },
  );
}

/** Serialise, send, parse, validate, save, commit: ms from the keystroke's state to the answer, and the request's size. */
async function saveOverHttp(url: string, interviewId: string, note: Editor, whole = false): Promise<{ ms: number; bytes: number }> {
  const began = performance.now();
  const generation = note.saves.current;
  const snapshot = note.serializer.snapshot(note.editor.getEditorState());
  const body = JSON.stringify({ interviewId, question: '', blocks: note.saves.request(snapshot, whole) });
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  const result = (await response.json()) as { ok: boolean; value?: { version: number }; error?: { message: string } };
  if (!result.ok || result.value === undefined) throw new Error(`notes.save: ${result.error?.message}`);
  note.saves.acknowledge(snapshot, result.value.version, generation);
  return { ms: performance.now() - began, bytes: Buffer.byteLength(body) };
}

/** Bytes this process handed to write()/pwrite() so far (SQLite's pages, WAL frames and checkpoints). */
function bytesWritten(): number {
  return Number(/wchar:\s+(\d+)/.exec(fs.readFileSync('/proc/self/io', 'utf8'))?.[1] ?? NaN);
}

/** SQLite's own cost of `saves` delta saves (or whole ones): ms per save and bytes written per save. */
function sqlCost(db: Database.Database, interviewId: string, note: Editor, saves: number, offset: number, whole = false): { ms: number[]; bytes: number } {
  const repo = new NoteRepo(db, DEVICE, {}, new RemovedCodings(), cacheFor(db));
  const ms: number[] = [];
  let written = 0;
  for (let i = 0; i < saves; i++) {
    typeInto(note.editor, offset + i, 'x');
    const generation = note.saves.current;
    const snapshot: BlockSnapshot = note.serializer.snapshot(note.editor.getEditorState());
    const request = note.saves.request(snapshot, whole);
    const before = bytesWritten();
    const saved = time(() => repo.saveBlocks(interviewId, '', request));
    written += bytesWritten() - before;
    ms.push(saved.ms);
    note.saves.acknowledge(snapshot, saved.value.version, generation);
  }
  return { ms, bytes: written / saves };
}

/** One cache of derived blocks per project, as the services keep one while a project is open. */
const caches = new Map<Database.Database, NoteBlockCache>();
function cacheFor(db: Database.Database): NoteBlockCache {
  const cache = caches.get(db) ?? new NoteBlockCache();
  caches.set(db, cache);
  return cache;
}

export const noteSaveBench: Bench = {
  title: 'Autosave of one edit in a 20,000-word note: the whole path, encrypted and not',
  async run() {
    const dir = tempDir();
    const results: BenchResult[] = [];
    let encrypted: ProjectStore | null = null;
    let plain: Database.Database | null = null;
    try {
      const seeded = await seedProject(dir);
      // The answers are measured on their own copy, through the services (the store below is opened exclusively).
      const answersFile = nodePath.join(dir, 'answers.fieldnote');
      fs.copyFileSync(seeded.file, answersFile);
      const plainFile = nodePath.join(dir, 'plain.sqlite');
      decryptedCopy(seeded.file, plainFile);
      encrypted = ProjectStore.open(seeded.file, PASS);
      plain = openPlain(plainFile);
      const encryptedNote = openEditor(seeded.state);
      const plainNote = openEditor(seeded.state);
      const wholeKb = Buffer.byteLength(JSON.stringify({ interviewId: seeded.interviewId, question: '', editorState: seeded.state })) / 1024;

      const encryptedHost = await saveHost(encrypted.db);
      const plainHost = await saveHost(plain);
      const encryptedRuns: number[][] = [];
      const plainRuns: number[][] = [];
      const wholeRuns: number[][] = [];
      const requestBytes: number[] = [];
      try {
        for (let run = 0; run < RUNS; run++) {
          const e: number[] = [];
          const p: number[] = [];
          const w: number[] = [];
          // The whole note, as an editor's first save (and the fallback) sends it; it also gives
          // both editors a base for the deltas that follow.
          for (let i = 0; i < WHOLE_SAVES_PER_RUN; i++) {
            typeInto(encryptedNote.editor, 1000 + run * WHOLE_SAVES_PER_RUN + i, 'w');
            w.push((await saveOverHttp(encryptedHost.url, seeded.interviewId, encryptedNote, true)).ms);
          }
          typeInto(plainNote.editor, 0, 'w');
          await saveOverHttp(plainHost.url, seeded.interviewId, plainNote, true);
          // Interleaved, and the order alternates, so neither store always follows the other.
          for (let i = 0; i < SAVES_PER_RUN; i++) {
            typeInto(encryptedNote.editor, run * SAVES_PER_RUN + i, 'a');
            typeInto(plainNote.editor, run * SAVES_PER_RUN + i, 'a');
            const first = i % 2 === 0;
            if (first) {
              const saved = await saveOverHttp(encryptedHost.url, seeded.interviewId, encryptedNote);
              e.push(saved.ms);
              requestBytes.push(saved.bytes);
            }
            p.push((await saveOverHttp(plainHost.url, seeded.interviewId, plainNote)).ms);
            if (!first) {
              const saved = await saveOverHttp(encryptedHost.url, seeded.interviewId, encryptedNote);
              e.push(saved.ms);
              requestBytes.push(saved.bytes);
            }
          }
          encryptedRuns.push(e);
          plainRuns.push(p);
          wholeRuns.push(w);
        }
      } finally {
        await encryptedHost.close();
        await plainHost.close();
      }
      const enc = summariseRuns(encryptedRuns);
      const pla = summariseRuns(plainRuns);
      const who = summariseRuns(wholeRuns);
      results.push({ name: `one edit saved as its changed block, encrypted project, ${RUNS} runs × ${SAVES_PER_RUN} saves (request median ${median(requestBytes).toFixed(0)} bytes)`, value: describeRuns(enc), target: '≤ 5 ms median', met: enc.median <= 5, note: everyRun(enc) });
      results.push({ name: `the same, the project unencrypted, interleaved with the above`, value: describeRuns(pla), note: everyRun(pla) });
      const ratios = enc.perRun.map((r, i) => r.median / plainRuns.map((x) => median(x))[i]!);
      results.push({ name: 'price of encryption on real note saves (encrypted / unencrypted median)', value: `${(enc.median / pla.median).toFixed(2)}x`, target: '< 1.5x', met: enc.median / pla.median < 1.5, note: `per run ${ratios.map((r) => r.toFixed(2)).join(', ')}` });
      results.push({ name: `whole-note save (an editor's first, or after a refused delta), encrypted, ${RUNS} runs × ${WHOLE_SAVES_PER_RUN} (request ${wholeKb.toFixed(0)} KiB)`, value: describeRuns(who), note: everyRun(who) });

      // secure_delete: what SQLite writes per save with it off and on (no HTTP in these figures).
      const defaultSecureDelete = encrypted.db.pragma('secure_delete', { simple: true }) as number;
      for (const [label, db, note] of [['encrypted', encrypted.db, encryptedNote], ['unencrypted', plain, plainNote]] as const) {
        for (const setting of [0, 2, 1]) {
          db.pragma(`secure_delete = ${setting}`);
          const runs = Array.from({ length: RUNS }, (_, run) => sqlCost(db, seeded.interviewId, note, 10, run * 10));
          const ms = summariseRuns(runs.map((r) => r.ms));
          const bytes = runs.map((r) => r.bytes / 1024);
          results.push({
            name: `SQL and commit only, one edit as its block, ${label}, secure_delete=${['OFF', 'ON', 'FAST'][setting]}${db === encrypted.db && setting === defaultSecureDelete ? ' (as projects open today)' : ''}`,
            value: `${describeRuns(ms)}; ${median(bytes).toFixed(1)} KiB written per save (runs ${Math.min(...bytes).toFixed(1)}–${Math.max(...bytes).toFixed(1)})`,
            note: everyRun(ms),
          });
        }
        db.pragma(`secure_delete = ${defaultSecureDelete}`);
      }
      const wholeSql = Array.from({ length: RUNS }, (_, run) => sqlCost(encrypted!.db, seeded.interviewId, encryptedNote, 3, 2000 + run * 3, true));
      const wholeMs = summariseRuns(wholeSql.map((r) => r.ms));
      const wholeBytes = wholeSql.map((r) => r.bytes / 1024);
      results.push({ name: 'SQL and commit only, a whole-note save, encrypted (as projects open today)', value: `${describeRuns(wholeMs)}; ${median(wholeBytes).toFixed(0)} KiB written per save (runs ${Math.min(...wholeBytes).toFixed(0)}–${Math.max(...wholeBytes).toFixed(0)})`, note: everyRun(wholeMs) });
      // What the blocks cost when the note is compacted (after 2 s without a save, before a call that reads notes, and on close):
      // one edit saved as its block, then the whole state and plain text written from the blocks.
      const compactMs: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        sqlCost(encrypted.db, seeded.interviewId, encryptedNote, 1, 3000 + run);
        const compact = time(() => compactNotes(encrypted!.db));
        if (compact.value !== 1) throw new Error('the note was not waiting to be compacted');
        compactMs.push(compact.ms);
      }
      results.push({ name: 'compacting the note into its whole state after edits (once: when typing pauses, before a call that reads notes, and on close), encrypted', value: `median ${median(compactMs).toFixed(1)} ms (runs ${compactMs.map((ms) => ms.toFixed(1)).join(', ')})` });
      results.push(...(await answerAfterSave(dir, answersFile, seeded.interviewId, seeded.state)));
    } finally {
      encrypted?.close();
      plain?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return results;
  },
};
