/**
 * A copy of the project for a second coder: the chosen interviews, under its own passphrase,
 * belonging to that coder (every coding made in it records them), and, when blind, without any
 * other coder's codings (the codebook stays). Merging the copy back later (merge.ts) adds the
 * second coder's codings beside the first coder's.
 *
 * The copy is made like a backup (VACUUM INTO a sibling temp file, still under this project's
 * key), rekeyed through ATTACH (the attached file shares this connection's key, so the
 * passphrase this project was opened with is never needed again), trimmed, VACUUMed so nothing
 * removed survives in free pages, and only then linked into place: it appears whole or not at all.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import nodePath from 'node:path';
import { FileExistsError, InvalidInputError, WeakPassphraseError } from '../../shared/api/errors';
import { checkPassphrase } from '../../shared/api/passphrase';
import { sampleInterviews } from '../../shared/coding/agreement';
import { findCoder } from '../store/agreement-repo';
import { applyKey } from '../store/cipher';
import { PRIVATE_FILE, PROJECT_EXTENSION, restrictFile, translateSqliteError, type ProjectStore } from '../store/project-store';
import { openSqlite, type SqliteDatabase } from '../store/sqlite';
import { reconcileNote } from './note-text';

export type InterviewChoice = { mode: 'all' } | { mode: 'sample'; size: number; seed: number } | { mode: 'picked'; ids: readonly string[] };

export interface SecondCoderCopy {
  fileName: string;
  path: string;
  coder: { id: string; initials: string };
  blind: boolean;
  interviewIds: string[];
  /** Codings left out of a blind copy. */
  hiddenCodings: number;
}

/** Copies prepared from this project, so agreement knows which interviews each coder was given. */
export interface PreparedCopyRecord {
  coderId: string;
  fileName: string;
  blind: boolean;
  interviewIds: string[];
  preparedAt: string;
  choice: InterviewChoice;
}

const COPIES_KEY = 'second_coder_copies';

export function preparedCopies(db: SqliteDatabase): PreparedCopyRecord[] {
  const raw = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(COPIES_KEY) as string | undefined;
  if (raw === undefined) return [];
  try {
    return JSON.parse(raw) as PreparedCopyRecord[];
  } catch {
    return [];
  }
}

export function chooseInterviews(db: SqliteDatabase, choice: InterviewChoice): string[] {
  const all = db.prepare('SELECT id FROM interview ORDER BY id').pluck().all() as string[];
  switch (choice.mode) {
    case 'all':
      return all;
    case 'sample':
      if (!Number.isInteger(choice.size) || choice.size < 1) throw new InvalidInputError('A sample needs a size of at least 1 interview.');
      return sampleInterviews(all, choice.size, choice.seed);
    case 'picked': {
      const known = new Set(all);
      const missing = choice.ids.filter((id) => !known.has(id));
      if (missing.length > 0) throw new InvalidInputError(`${missing.length} picked interview(s) are not in this project (first: ${missing[0]}). Reload the list and pick again.`);
      if (choice.ids.length === 0) throw new InvalidInputError('Pick at least one interview for the second coder.');
      return [...new Set(choice.ids)].sort();
    }
    default:
      throw new InvalidInputError('Choose all interviews, a random sample or picked interviews.');
  }
}

export function prepareSecondCoderCopy(
  store: ProjectStore,
  options: { target: string; passphrase: string; coderId: string; interviews: InterviewChoice; blind: boolean },
): SecondCoderCopy {
  const { target } = options;
  const fileName = nodePath.basename(target);
  if (!target.endsWith(PROJECT_EXTENSION)) throw new InvalidInputError(`A project file name must end in ${PROJECT_EXTENSION} (got ${fileName}).`);
  if (nodePath.resolve(target) === nodePath.resolve(store.path)) throw new InvalidInputError('Choose another file name for the copy: this is the project itself.');
  if (fs.existsSync(target)) throw new FileExistsError(fileName);
  if (!fs.existsSync(nodePath.dirname(target))) throw new InvalidInputError(`The folder ${nodePath.dirname(target)} does not exist. Create it or choose another folder.`);
  const check = checkPassphrase(options.passphrase);
  if (!check.ok) throw new WeakPassphraseError(check.hint);
  const coder = findCoder(store.db, options.coderId);
  const interviewIds = chooseInterviews(store.db, options.interviews);

  const tmp = `${target}.creating-${crypto.randomBytes(6).toString('hex')}.tmp`;
  let hiddenCodings = 0;
  try {
    // Created owner-only first: VACUUM INTO writes into the empty file it finds.
    fs.closeSync(fs.openSync(tmp, 'wx', PRIVATE_FILE));
    restrictFile(tmp);
    store.db.prepare('VACUUM INTO ?').run(tmp);
    store.db.prepare('ATTACH DATABASE ? AS second_copy').run(tmp);
    try {
      // hexrekey: the passphrase as bytes, so no quoting of it can go wrong.
      store.db.pragma(`second_copy.hexrekey = '${Buffer.from(options.passphrase, 'utf8').toString('hex')}'`);
    } finally {
      store.db.exec('DETACH DATABASE second_copy');
    }
    const copy = openSqlite(tmp, { fileMustExist: true });
    try {
      applyKey(copy, options.passphrase);
      copy.pragma('foreign_keys = ON');
      copy.pragma('temp_store = MEMORY');
      copy.transaction(() => {
        copy.prepare('DELETE FROM interview WHERE id NOT IN (SELECT value FROM json_each(?))').run(JSON.stringify(interviewIds));
        if (options.blind) {
          const notes = copy.prepare('SELECT DISTINCT note_id FROM coding WHERE coder_id IS NOT ?').pluck().all(coder.id) as string[];
          hiddenCodings = copy.prepare('DELETE FROM coding WHERE coder_id IS NOT ?').run(coder.id).changes;
          for (const noteId of notes) reconcileNote(copy, noteId);
          // Decisions and their comments speak of the other coder's work.
          copy.exec("DELETE FROM review_comment WHERE id IN (SELECT comment_id FROM adjudication WHERE comment_id <> '')");
        }
        copy.exec('DELETE FROM adjudication');
        copy.exec('DELETE FROM coding_coder_kept');
        // Incoming versions of earlier merges may hold other coders' codings; they stay with this project.
        copy.exec('DELETE FROM merge_conflict');
        const put = copy.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
        put.run('coder_id', coder.id);
        put.run('second_coder_copy', JSON.stringify({ coderId: coder.id, blind: options.blind, preparedAt: new Date().toISOString(), interviews: interviewIds.length }));
        copy.prepare("DELETE FROM meta WHERE key IN ('backup_settings', 'codebook_agreement', ?)").run(COPIES_KEY);
      })();
      copy.exec('VACUUM');
    } finally {
      copy.close();
    }
    const fd = fs.openSync(tmp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.linkSync(tmp, target);
  } catch (error) {
    throw translateSqliteError(error, fileName);
  } finally {
    for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  }
  const records = preparedCopies(store.db);
  records.push({ coderId: coder.id, fileName, blind: options.blind, interviewIds, preparedAt: new Date().toISOString(), choice: options.interviews });
  store.setMeta(COPIES_KEY, JSON.stringify(records));
  return { fileName, path: target, coder: { id: coder.id, initials: coder.initials }, blind: options.blind, interviewIds, hiddenCodings };
}
