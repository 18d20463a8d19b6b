/**
 * A logical dump of a project: every row of every table (the search index excepted, which is
 * derived from the notes), in a stable order. Its hash is how tests and the merge prove that a
 * failed operation left the project exactly as it was.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';

/** Tables holding the project's data, in dependency order (parents first). */
export function dataTables(db: Database.Database): string[] {
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return names.filter((n) => !n.startsWith('note_fts'));
}

export function logicalDump(db: Database.Database): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const table of dataTables(db)) {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`unexpected table name ${table}`);
    const rows = db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

export function dumpHash(db: Database.Database): string {
  return crypto.createHash('sha256').update(JSON.stringify(logicalDump(db))).digest('hex');
}
