/**
 * The database side of a copy for a second coder (electron/team/second-coder.ts makes the file
 * appear whole or not at all): the copy written under this project's key and rekeyed through
 * ATTACH (so this project's passphrase is never needed again), then trimmed to the chosen
 * interviews and, when blind, to the second coder's own codings, and VACUUMed so nothing removed
 * survives in free pages. Also the record of the copies prepared from this project.
 */
import type { InterviewChoice } from './api-types';
import { applyKey } from './cipher';
import { reconcileNote } from './note-reconcile';
import { openSqlite, type SqliteDatabase } from './sqlite';

export type { InterviewChoice } from './api-types';

/** Copies prepared from this project, so agreement knows which interviews each coder was given. */
export interface PreparedCopyRecord {
  coderId: string;
  fileName: string;
  blind: boolean;
  interviewIds: string[];
  preparedAt: string;
  choice: InterviewChoice;
}

export const COPIES_KEY = 'second_coder_copies';

export function preparedCopies(db: SqliteDatabase): PreparedCopyRecord[] {
  const raw = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(COPIES_KEY) as string | undefined;
  if (raw === undefined) return [];
  try {
    return JSON.parse(raw) as PreparedCopyRecord[];
  } catch {
    return [];
  }
}

/** Every interview id of the project, sorted. */
export function interviewIds(db: SqliteDatabase): string[] {
  return db.prepare('SELECT id FROM interview ORDER BY id').pluck().all() as string[];
}

/** Writes a copy of the project into the empty file `target` (VACUUM INTO, this key) and rekeys it to `passphrase`. */
export function copyUnderNewKey(db: SqliteDatabase, target: string, passphrase: string): void {
  db.prepare('VACUUM INTO ?').run(target);
  db.prepare('ATTACH DATABASE ? AS second_copy').run(target);
  try {
    // hexrekey: the passphrase as bytes, so no quoting of it can go wrong.
    db.pragma(`second_copy.hexrekey = '${Buffer.from(passphrase, 'utf8').toString('hex')}'`);
  } finally {
    db.exec('DETACH DATABASE second_copy');
  }
}

/**
 * Trims the copy at `file` (under `passphrase`) to the chosen interviews, makes it the coder's,
 * and when blind removes every other coder's codings; returns how many codings were left out.
 */
export function trimSecondCoderCopy(file: string, passphrase: string, options: { interviewIds: readonly string[]; coderId: string; blind: boolean }): number {
  let hiddenCodings = 0;
  const copy = openSqlite(file, { fileMustExist: true });
  try {
    applyKey(copy, passphrase);
    copy.pragma('foreign_keys = ON');
    copy.pragma('temp_store = MEMORY');
    copy.transaction(() => {
      copy.prepare('DELETE FROM interview WHERE id NOT IN (SELECT value FROM json_each(?))').run(JSON.stringify(options.interviewIds));
      if (options.blind) {
        const notes = copy.prepare('SELECT DISTINCT note_id FROM coding WHERE coder_id IS NOT ?').pluck().all(options.coderId) as string[];
        hiddenCodings = copy.prepare('DELETE FROM coding WHERE coder_id IS NOT ?').run(options.coderId).changes;
        for (const noteId of notes) reconcileNote(copy, noteId);
        // Decisions and their comments speak of the other coder's work.
        copy.exec("DELETE FROM review_comment WHERE id IN (SELECT comment_id FROM adjudication WHERE comment_id <> '')");
      }
      copy.exec('DELETE FROM adjudication');
      copy.exec('DELETE FROM coding_coder_kept');
      // Incoming versions of earlier merges may hold other coders' codings; they stay with this project.
      copy.exec('DELETE FROM merge_conflict');
      const put = copy.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      put.run('coder_id', options.coderId);
      put.run('second_coder_copy', JSON.stringify({ coderId: options.coderId, blind: options.blind, preparedAt: new Date().toISOString(), interviews: options.interviewIds.length }));
      copy.prepare("DELETE FROM meta WHERE key IN ('backup_settings', 'codebook_agreement', ?)").run(COPIES_KEY);
    })();
    copy.exec('VACUUM');
  } finally {
    copy.close();
  }
  return hiddenCodings;
}
