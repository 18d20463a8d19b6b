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
import { $getRoot } from 'lexical';
import { dispatch, type Handlers } from '../shared/api/dispatch';
import { editorStateFromParagraphs } from '../shared/notes/editor-state';
import { FieldnoteServices } from '../electron/services/fieldnote-services';
import { notesHandlers } from '../electron/services/notes';
import { compactNotes, NoteBlockCache, storedBlocksOf, storedBlocksSql } from '../electron/store/note-blocks';
import { NoteRepo, RemovedCodings } from '../electron/store/note-repo';
import type { BlockSnapshot } from '../renderer/src/editor/incremental-serializer';
import { ProjectStore } from '../electron/store/project-store';
import { openSqlite } from '../electron/store/sqlite';
import { answerAfterSave } from './answer-after-save';
import { decryptedCopy } from './plain-copy';
import { describeRuns, everyRun, median, summariseRuns, tempDir, time, type Bench, type BenchResult } from './harness';
import { call, openEditor, saveOverHttp, typeInto, type Editor } from './note-editing';

const PASS = 'bench passphrase that is long enough';
const PARTICIPANT = { organisationNumber: '1', locationNumber: '1', agencyGroup: 'police', organisationType: 'government', focusOfWork: '', consentGiven: true, consentMode: 'verbal', quoteConsent: true };
const RUNS = 3;
const SAVES_PER_RUN = 20;
const WHOLE_SAVES_PER_RUN = 3;
const DEVICE = 'bench-device';

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

/**
 * An editor's first save after opening the note (the runner resuming, the review screen, the
 * workbench): the note as interview.get reads it, a fresh editor that adopts the stored blocks it
 * is (or, `adopt` false, one that does not: every block with no base), one keystroke, the request
 * and SQLite's own write of it. Bytes of the request, bytes written, ms of the SQL and commit.
 */
export function firstSaveAfterOpening(db: Database.Database, interviewId: string, at: number, adopt: boolean): { requestBytes: number; writtenBytes: number; ms: number } {
  compactNotes(db);
  const sql = storedBlocksSql(db);
  const row = db.prepare(`SELECT editor_state, ${sql.columns} FROM note ${sql.join} WHERE interview_id = ? AND question = ''`).get(interviewId) as { editor_state: string; blocks_version: number | null; blocks_order: string | null };
  const stored = storedBlocksOf(row);
  if (adopt && stored === null) throw new Error('the note has no compacted blocks to adopt');
  const note = openEditor(row.editor_state);
  if (adopt && stored !== null) note.saves.adopt(stored, note.editor.getEditorState().read(() => $getRoot().getChildrenKeys()), row.editor_state);
  typeInto(note.editor, at, 'o');
  const request = note.saves.request(note.serializer.snapshot(note.editor.getEditorState()));
  if (adopt !== (request.baseVersion !== null)) throw new Error('the first save was not what this measure expects');
  const requestBytes = Buffer.byteLength(JSON.stringify({ interviewId, question: '', blocks: request }));
  const repo = new NoteRepo(db, DEVICE, {}, new RemovedCodings(), cacheFor(db));
  const before = bytesWritten();
  const saved = time(() => repo.saveBlocks(interviewId, '', request));
  return { requestBytes, writtenBytes: bytesWritten() - before, ms: saved.ms };
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
      decryptedCopy(seeded.file, plainFile, PASS);
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
      // What the blocks cost when the note is compacted (after 10 s without a save, before a call that reads notes, and on close):
      // one edit saved as its block, then the whole state and plain text written from the blocks.
      const compactMs: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        sqlCost(encrypted.db, seeded.interviewId, encryptedNote, 1, 3000 + run);
        const compact = time(() => compactNotes(encrypted!.db));
        if (compact.value !== 1) throw new Error('the note was not waiting to be compacted');
        compactMs.push(compact.ms);
      }
      results.push({ name: 'compacting the note into its whole state after edits (once: when typing pauses, before a call that reads notes, and on close), encrypted', value: `median ${median(compactMs).toFixed(1)} ms (runs ${compactMs.map((ms) => ms.toFixed(1)).join(', ')})` });
      // The first save of an editor that opened the note, adopting its stored blocks, against one
      // that does not (what every editor opening did before issue 18's first-save delta).
      for (const adopt of [true, false]) {
        const runs = Array.from({ length: RUNS }, (_, run) => firstSaveAfterOpening(encrypted!.db, seeded.interviewId, 4000 + run, adopt));
        const kib = (values: number[]) => `${(median(values) / 1024).toFixed(1)} KiB (runs ${values.map((v) => (v / 1024).toFixed(1)).join(', ')})`;
        results.push({
          name: `first save after opening the 20,000-word note, ${adopt ? 'the stored blocks adopted (only the edited block sent)' : 'without adoption (every block, no base)'}, encrypted, SQL and commit only`,
          value: `${kib(runs.map((r) => r.requestBytes))} sent; ${kib(runs.map((r) => r.writtenBytes))} written; median ${median(runs.map((r) => r.ms)).toFixed(1)} ms`,
          ...(adopt ? { target: 'bytes proportional to the edit', met: median(runs.map((r) => r.requestBytes)) < 4096 } : {}),
          note: `ms per run ${runs.map((r) => r.ms.toFixed(1)).join(', ')}`,
        });
      }
      results.push(...(await answerAfterSave(dir, answersFile, seeded.interviewId, seeded.state)));
    } finally {
      encrypted?.close();
      plain?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return results;
  },
};
