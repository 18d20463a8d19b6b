/**
 * Brings the notes' full-text index up to date: the notes saved since the last call are
 * re-indexed (see migration 4 for why saves only mark them). Cheap when nothing changed.
 */
import type Database from 'better-sqlite3-multiple-ciphers';

export function flushSearchIndex(db: Database.Database): number {
  const pending = db.prepare('SELECT note_rowid, indexed_text FROM note_fts_pending').all() as { note_rowid: number; indexed_text: string | null }[];
  if (pending.length === 0) return 0;
  const remove = db.prepare("INSERT INTO note_fts (note_fts, rowid, plain_text) VALUES ('delete', ?, ?)");
  const add = db.prepare('INSERT INTO note_fts (rowid, plain_text) SELECT rowid, plain_text FROM note WHERE rowid = ?');
  const done = db.prepare('DELETE FROM note_fts_pending WHERE note_rowid = ?');
  db.transaction(() => {
    for (const { note_rowid: rowid, indexed_text: indexed } of pending) {
      if (indexed !== null) remove.run(rowid, indexed);
      add.run(rowid);
      done.run(rowid);
    }
  })();
  return pending.length;
}

/** Whether this project has the search index (schema 4 and later). */
export function hasSearchIndex(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'note_fts_pending'").get() !== undefined;
}

/** Whether notes saved since the last search still wait to be indexed. */
export function searchIndexPending(db: Database.Database): boolean {
  return db.prepare('SELECT 1 FROM note_fts_pending LIMIT 1').get() !== undefined;
}
