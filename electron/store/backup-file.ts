/**
 * What backups need from the database: whether the open project changed since the last backup,
 * whether a closed file opens with a passphrase, and rekeying a copy of it to another passphrase
 * (electron/team/backups.ts handles the files).
 */
import { applyKey, applyRekey } from './cipher';
import { openSqlite, type SqliteDatabase } from './sqlite';

/** Rows changed through this connection since it opened (SQLite's total_changes()). */
export function totalChanges(db: SqliteDatabase): number {
  return db.prepare('SELECT total_changes()').pluck().get() as number;
}

/** Whether `file` opens and reads with `passphrase` (never throws). */
export function opensWith(file: string, passphrase: string): boolean {
  let db: SqliteDatabase | null = null;
  try {
    db = openSqlite(file, { fileMustExist: true, readonly: true });
    applyKey(db, passphrase);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** Re-encrypts `file` in place from `current` to `next`; throws when `current` does not open it. */
export function rekeyDatabaseFile(file: string, current: string, next: string): void {
  const db = openSqlite(file, { fileMustExist: true });
  try {
    applyKey(db, current);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    applyRekey(db, next);
  } finally {
    db.close();
  }
}
