import nodePath from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { applyKey } from '../../electron/store/cipher';
import { migrations, SCHEMA_VERSION } from '../../electron/store/migrations';
import { ProjectStore } from '../../electron/store/project-store';
import { PASS, tempDir } from '../support/temp';

/** A project file as an older app version left it: migrations up to `version` only. */
function projectAtVersion(file: string, version: number): void {
  const db = new Database(file);
  applyKey(db, PASS);
  db.transaction(() => {
    for (const m of migrations.filter((m) => m.version <= version)) m.up(db);
    const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    put.run('format', 'fieldnote-project');
    put.run('title', `Made by schema ${version}`);
    put.run('created_at', '2026-01-01T00:00:00.000Z');
    db.pragma(`user_version = ${version}`);
  })();
  db.close();
}

describe('migrations', () => {
  it('are numbered 1, 2, 3… without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
  });

  for (let version = 1; version < SCHEMA_VERSION; version++) {
    it(`upgrade a project from schema ${version} to ${SCHEMA_VERSION}, keeping its data`, () => {
      const file = nodePath.join(tempDir(), `v${version}.fieldnote`);
      projectAtVersion(file, version);
      const store = ProjectStore.open(file, PASS);
      try {
        expect(store.info()).toMatchObject({ title: `Made by schema ${version}`, schemaVersion: SCHEMA_VERSION });
        const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all();
        expect(tables).toEqual(expect.arrayContaining(['meta', 'schedule', 'interview', 'participant', 'answer', 'note']));
        expect(store.db.pragma('foreign_key_check')).toEqual([]);
      } finally {
        store.close();
      }
    });
  }

  it('a failing migration leaves the file at its old version', () => {
    const file = nodePath.join(tempDir(), 'half.fieldnote');
    projectAtVersion(file, 1);
    // Break the next migration's work: a table it creates already exists.
    const db = new Database(file);
    applyKey(db, PASS);
    db.exec('CREATE TABLE schedule (x TEXT) STRICT');
    db.close();
    expect(() => ProjectStore.open(file, PASS)).toThrowError('half.fieldnote could not be upgraded from schema 1 to');
    const check = new Database(file);
    applyKey(check, PASS);
    expect(check.pragma('user_version', { simple: true })).toBe(1);
    expect(check.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'interview'").pluck().get()).toBe(0);
    check.close();
  });
});
