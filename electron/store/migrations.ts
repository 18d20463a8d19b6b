/**
 * Schema migrations, one function per version, run in order inside one transaction and
 * tracked in `PRAGMA user_version`. Never edit a shipped migration: add a new one.
 * Every table is STRICT, every record has a stable text id (UUIDv7), timestamps in ISO 8601 UTC.
 */
import type Database from 'better-sqlite3-multiple-ciphers';

export interface Migration {
  version: number;
  description: string;
  up(db: Database.Database): void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'project metadata',
    up(db) {
      db.exec(`
        CREATE TABLE meta (
          key TEXT PRIMARY KEY NOT NULL,
          value TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
];

export const SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;

/** Tables whose row counts `project info` reports, by the name a user reads. */
export const countedTables: Readonly<Record<string, string>> = {};
