/**
 * SIGKILL while a project is being upgraded (migrations run in one transaction): afterwards it
 * opens, at the old schema with all its data or fully upgraded, never half-way.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import nodePath from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { applyKey } from '../../../electron/store/cipher';
import { migrations, SCHEMA_VERSION } from '../../../electron/store/migrations';
import { ProjectStore } from '../../../electron/store/project-store';
import { PASS, tempDir } from '../../support/temp';

const root = nodePath.resolve(import.meta.dirname, '../../..');

/** A schema-3 project with many long notes, so that migration 4 (indexing every note) takes a while. */
function oldProject(file: string): number {
  const db = new Database(file);
  applyKey(db, PASS);
  db.transaction(() => {
    for (const m of migrations.filter((m) => m.version <= 3)) m.up(db);
    const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    meta.run('format', 'fieldnote-project');
    meta.run('title', 'Old project');
    meta.run('created_at', '2025-01-01T00:00:00.000Z');
    const now = '2025-01-01T00:00:00.000Z';
    db.prepare("INSERT INTO schedule VALUES ('s', 'f', 1, '1', 'S', '{}', ?, ?, 'd')").run(now, now);
    const interview = db.prepare(
      "INSERT INTO interview (id, schedule_id, session_type, answer_mode, participant_count, language, interviewer, held_at, created_at, updated_at, device_id) VALUES (?, 's', 'one-on-one', 'shared', 1, 'en', 'AB', ?, ?, ?, 'd')",
    );
    const note = db.prepare("INSERT INTO note (id, interview_id, question, editor_state, plain_text, updated_at, device_id) VALUES (?, ?, '', '{}', ?, ?, 'd')");
    const text = 'Officers described the referral process and the shelter. ការអប់រំ '.repeat(400);
    for (let i = 0; i < 400; i++) {
      interview.run(`i${i}`, now, now, now);
      note.run(`n${i}`, `i${i}`, `${i} ${text}`, now);
    }
    db.pragma('user_version = 3');
  })();
  db.close();
  return 400;
}

function state(file: string): { version: number; notes: number } {
  const store = ProjectStore.open(file, PASS, { readOnly: true });
  try {
    return { version: store.db.pragma('user_version', { simple: true }) as number, notes: store.db.prepare('SELECT count(*) FROM note').pluck().get() as number };
  } finally {
    store.close();
  }
}

describe('kill during a migration', () => {
  it('leaves the project at the old schema or the new one, with every note', async () => {
    expect(SCHEMA_VERSION).toBeGreaterThan(3);
    const dir = tempDir();
    const file = nodePath.join(dir, 'old.fieldnote');
    const notes = oldProject(file);
    const pristine = fs.readFileSync(file);
    const outcomes = new Set<number>();
    for (const delay of [50, 250, 600, 1200, 5000]) {
      fs.writeFileSync(file, pristine);
      for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
      const child = spawn(process.execPath, ['--import', 'tsx', nodePath.join(root, 'test/support/migrate-child.ts'), file, PASS], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise<void>((resolve) => child.stdout.on('data', (c: Buffer) => c.toString().includes('opening') && resolve()));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await exited;
      const after = state(file);
      expect([3, SCHEMA_VERSION]).toContain(after.version);
      expect(after.notes).toBe(notes);
      outcomes.add(after.version);
      // And it upgrades cleanly afterwards.
      ProjectStore.open(file, PASS).close();
      expect(state(file)).toEqual({ version: SCHEMA_VERSION, notes });
    }
    // The kills landed both before and after the upgrade committed, or the test proves little.
    expect(outcomes.has(SCHEMA_VERSION)).toBe(true);
  }, 120_000);
});
