/**
 * Autosave of one edit in a 20,000-word note, the whole path: the renderer's serialisation of
 * the editor state, the request body, the transfer over loopback HTTP, the host's JSON parsing,
 * validation against the API contract (`dispatch`), the SQL of `notes.save` (plain text, coding
 * and speaker rows in one transaction) and the durable commit (WAL, synchronous=FULL). The same
 * saves go to an encrypted project and to an unencrypted copy of it, interleaved, in three runs:
 * the price of encryption on real note saves. Then SQLite's own writes per save (bytes and ms,
 * without the HTTP part), with `secure_delete` off and on, for docs/security.md.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nodePath from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { dispatch, type Handlers } from '../shared/api/dispatch';
import { editorStateFromParagraphs } from '../shared/notes/editor-state';
import { FieldnoteServices } from '../electron/services/fieldnote-services';
import { applyKey } from '../electron/store/cipher';
import { NoteRepo } from '../electron/store/note-repo';
import { ProjectStore } from '../electron/store/project-store';
import { openSqlite } from '../electron/store/sqlite';
import { describeRuns, everyRun, median, summariseRuns, tempDir, time, type Bench, type BenchResult } from './harness';

const PASS = 'bench passphrase that is long enough';
const PARTICIPANT = { organisationNumber: '1', locationNumber: '1', agencyGroup: 'police', organisationType: 'government', focusOfWork: '', consentGiven: true, consentMode: 'verbal', quoteConsent: true };
const RUNS = 3;
const SAVES_PER_RUN = 20;
const DEVICE = 'bench-device';

interface LexicalText { text: string }
interface LexicalState { root: { children: { children: LexicalText[] }[] } }

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

/** A loopback host that answers `notes.save` the way the web host does: parse, validate, save. */
async function saveHost(db: Database.Database): Promise<{ url: string; close: () => Promise<void> }> {
  const handlers = { 'notes.save': ({ interviewId, question, editorState }: { interviewId: string; question: string; editorState: string }) => {
    const saved = new NoteRepo(db, DEVICE).save(interviewId, question, editorState);
    return { id: saved.id, updatedAt: saved.updatedAt, droppedCodingIds: saved.droppedCodingIds };
  } } as unknown as Handlers;
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

/** One keystroke typed into paragraph `at`: the state object the editor holds after it. */
function typeInto(state: LexicalState, at: number, character: string): void {
  const paragraph = state.root.children[at % state.root.children.length]!;
  const text = paragraph.children[0]!;
  text.text = `${text.text.slice(0, 10)}${character}${text.text.slice(10)}`;
}

/** Serialise, send, parse, validate, save, commit: ms from the keystroke's state to the answer. */
async function saveOverHttp(url: string, interviewId: string, state: LexicalState): Promise<number> {
  const began = performance.now();
  const editorState = JSON.stringify(state);
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ interviewId, question: '', editorState }) });
  const result = (await response.json()) as { ok: boolean; error?: { message: string } };
  if (!result.ok) throw new Error(`notes.save: ${result.error?.message}`);
  return performance.now() - began;
}

/** Bytes this process handed to write()/pwrite() so far (SQLite's pages, WAL frames and checkpoints). */
function bytesWritten(): number {
  return Number(/wchar:\s+(\d+)/.exec(fs.readFileSync('/proc/self/io', 'utf8'))?.[1] ?? NaN);
}

/** SQLite's own cost of `saves` saves: median ms and bytes written per save. */
function sqlCost(db: Database.Database, interviewId: string, state: LexicalState, saves: number, offset: number): { ms: number[]; bytes: number } {
  const repo = new NoteRepo(db, DEVICE);
  const ms: number[] = [];
  const before = bytesWritten();
  for (let i = 0; i < saves; i++) {
    typeInto(state, offset + i, 'x');
    const editorState = JSON.stringify(state);
    ms.push(time(() => repo.save(interviewId, '', editorState)).ms);
  }
  return { ms, bytes: (bytesWritten() - before) / saves };
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
      const plainFile = nodePath.join(dir, 'plain.sqlite');
      decryptedCopy(seeded.file, plainFile);
      encrypted = ProjectStore.open(seeded.file, PASS);
      plain = openPlain(plainFile);
      const state = JSON.parse(seeded.state) as LexicalState;
      const requestKb = Buffer.byteLength(JSON.stringify({ interviewId: seeded.interviewId, question: '', editorState: seeded.state })) / 1024;

      const encryptedHost = await saveHost(encrypted.db);
      const plainHost = await saveHost(plain);
      const encryptedRuns: number[][] = [];
      const plainRuns: number[][] = [];
      try {
        for (let run = 0; run < RUNS; run++) {
          const e: number[] = [];
          const p: number[] = [];
          // Interleaved, and the order alternates, so neither store always follows the other.
          for (let i = 0; i < SAVES_PER_RUN; i++) {
            typeInto(state, run * SAVES_PER_RUN + i, 'a');
            const first = i % 2 === 0;
            if (first) e.push(await saveOverHttp(encryptedHost.url, seeded.interviewId, state));
            p.push(await saveOverHttp(plainHost.url, seeded.interviewId, state));
            if (!first) e.push(await saveOverHttp(encryptedHost.url, seeded.interviewId, state));
          }
          encryptedRuns.push(e);
          plainRuns.push(p);
        }
      } finally {
        await encryptedHost.close();
        await plainHost.close();
      }
      const enc = summariseRuns(encryptedRuns);
      const pla = summariseRuns(plainRuns);
      results.push({ name: `whole path, encrypted project, ${RUNS} runs × ${SAVES_PER_RUN} saves (request ${requestKb.toFixed(0)} KiB)`, value: describeRuns(enc), target: '≤ 5 ms median', met: enc.median <= 5, note: everyRun(enc) });
      results.push({ name: `whole path, the same project unencrypted, interleaved with the above`, value: describeRuns(pla), note: everyRun(pla) });
      const ratios = enc.perRun.map((r, i) => r.median / plainRuns.map((x) => median(x))[i]!);
      results.push({ name: 'price of encryption on real note saves (encrypted / unencrypted median)', value: `${(enc.median / pla.median).toFixed(2)}x`, target: '< 1.5x', met: enc.median / pla.median < 1.5, note: `per run ${ratios.map((r) => r.toFixed(2)).join(', ')}` });

      // secure_delete: what SQLite writes per save with it off and on (no HTTP in these figures).
      const defaultSecureDelete = encrypted.db.pragma('secure_delete', { simple: true }) as number;
      for (const [label, db] of [['encrypted', encrypted.db], ['unencrypted', plain]] as const) {
        for (const setting of [0, 2, 1]) {
          db.pragma(`secure_delete = ${setting}`);
          const runs = Array.from({ length: RUNS }, (_, run) => sqlCost(db, seeded.interviewId, state, 10, run * 10));
          const ms = summariseRuns(runs.map((r) => r.ms));
          const bytes = runs.map((r) => r.bytes / 1024);
          results.push({
            name: `SQL and commit only, ${label}, secure_delete=${['OFF', 'ON', 'FAST'][setting]}${db === encrypted.db && setting === defaultSecureDelete ? ' (as projects open today)' : ''}`,
            value: `${describeRuns(ms)}; ${median(bytes).toFixed(0)} KiB written per save (runs ${Math.min(...bytes).toFixed(0)}–${Math.max(...bytes).toFixed(0)})`,
            note: everyRun(ms),
          });
        }
        db.pragma(`secure_delete = ${defaultSecureDelete}`);
      }
    } finally {
      encrypted?.close();
      plain?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return results;
  },
};
