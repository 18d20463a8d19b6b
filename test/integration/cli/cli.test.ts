import fs from 'node:fs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyKey } from '../../../electron/store/cipher';
import { migrations, SCHEMA_VERSION } from '../../../electron/store/migrations';
import { openSqlite } from '../../../electron/store/sqlite';
import { fieldnote, fieldnoteProcess } from '../../support/cli';
import { OTHER_PASS, PASS, sha256, tempDir } from '../../support/temp';

describe('fieldnote CLI', () => {
  it('--help lists the commands and exits 0; no command is bad usage (2)', async () => {
    const help = await fieldnote(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('fieldnote project create FILE.fieldnote');
    expect(help.stdout).toContain('fieldnote project rekey');
    expect((await fieldnote([])).status).toBe(2);
    const unknown = await fieldnote(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    expect((await fieldnote(['project', 'info'])).status).toBe(2);
    expect((await fieldnote(['project', 'info', 'x.fieldnote', '--bogus'])).status).toBe(2);
  });

  it('reading a colleague\'s older project (info, search, codes list) leaves it as it was: not upgraded, no backup beside it', async () => {
    const dir = tempDir();
    const file = nodePath.join(dir, 'older.fieldnote');
    const db = openSqlite(file);
    applyKey(db, PASS);
    db.transaction(() => {
      for (const m of migrations.filter((m) => m.version < SCHEMA_VERSION)) m.up(db);
      const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      put.run('format', 'fieldnote-project');
      put.run('title', 'From the previous release');
      put.run('created_at', '2026-01-01T00:00:00.000Z');
      db.pragma(`user_version = ${SCHEMA_VERSION - 1}`);
    })();
    db.close();
    const before = sha256(file);
    const env = { FIELDNOTE_PASSPHRASE: PASS };
    const info = await fieldnote(['project', 'info', file, '--json'], env);
    expect(info.status).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ title: 'From the previous release', schemaVersion: SCHEMA_VERSION - 1 });
    expect((await fieldnote(['search', file, 'anything'], env)).status).toBe(0);
    expect((await fieldnote(['codes', 'list', file], env)).status).toBe(0);
    expect(sha256(file)).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['older.fieldnote']);
  });

  it('creates a project, reports it as JSON, refuses a wrong passphrase (1), rekeys', async () => {
    const dir = tempDir();
    const file = nodePath.join(dir, 'cli.fieldnote');
    const created = await fieldnote(['project', 'create', file, '--title', 'CLI evaluation'], { FIELDNOTE_PASSPHRASE: PASS });
    expect(created.status).toBe(0);
    expect(created.stdout).toContain('Created cli.fieldnote');

    const info = await fieldnote(['project', 'info', file, '--json'], { FIELDNOTE_PASSPHRASE: PASS });
    expect(info.status).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ title: 'CLI evaluation', file: 'cli.fieldnote', schemaVersion: expect.any(Number), counts: expect.any(Object) });

    const before = sha256(file);
    const wrong = await fieldnote(['project', 'info', file], { FIELDNOTE_PASSPHRASE: 'not it at all' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr.trim()).toBe('fieldnote: Wrong passphrase for cli.fieldnote. Check the passphrase and try again.');
    expect(sha256(file)).toBe(before);

    const noPass = await fieldnote(['project', 'info', file]);
    expect(noPass.status).toBe(1);
    expect(noPass.stderr).toContain('set FIELDNOTE_PASSPHRASE');

    const weakRekey = await fieldnote(['project', 'rekey', file], { FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_NEW_PASSPHRASE: '1234567890ab' });
    expect(weakRekey.status).toBe(1);
    expect(weakRekey.stderr).toMatch(/guess/);
    const weakCreate = await fieldnote(['project', 'create', nodePath.join(dir, 'weak.fieldnote'), '--title', 'W'], { FIELDNOTE_PASSPHRASE: 'password1234' });
    expect(weakCreate.status).toBe(1);
    expect(weakCreate.stderr).toMatch(/guess/);

    const rekey = await fieldnote(['project', 'rekey', file], { FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_NEW_PASSPHRASE: OTHER_PASS });
    expect(rekey.status).toBe(0);
    expect((await fieldnote(['project', 'info', file], { FIELDNOTE_PASSPHRASE: PASS })).status).toBe(1);
    const text = await fieldnote(['project', 'info', file], { FIELDNOTE_PASSPHRASE: OTHER_PASS });
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/Title:\s+CLI evaluation/);
  });

  it('says what is wrong with a file that is not a project', async () => {
    const dir = tempDir();
    const missing = await fieldnote(['project', 'info', nodePath.join(dir, 'nope.fieldnote')], { FIELDNOTE_PASSPHRASE: PASS });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope.fieldnote was not found');
  });

  // The process boundary, once: bin/fieldnote.mjs turns main()'s status into the exit code and
  // reads passphrases from its environment; with stdin not a terminal it never prompts.
  it('the real binary exits 0, 1 and 2 and takes the passphrase from its environment', () => {
    const dir = tempDir();
    const file = nodePath.join(dir, 'bin.fieldnote');
    expect(fieldnoteProcess(['--help']).status).toBe(0);
    expect(fieldnoteProcess(['frobnicate']).status).toBe(2);
    const created = fieldnoteProcess(['project', 'create', file, '--title', 'Binary'], { env: { FIELDNOTE_PASSPHRASE: PASS } });
    expect([created.status, created.stdout]).toEqual([0, 'Created bin.fieldnote ("Binary").\n']);
    const noPass = fieldnoteProcess(['project', 'info', file], { env: { FIELDNOTE_PASSPHRASE: '' }, input: `${PASS}\n` });
    expect(noPass.status).toBe(1);
    expect(noPass.stderr).toContain('set FIELDNOTE_PASSPHRASE');
    const info = fieldnoteProcess(['project', 'info', file, '--json'], { env: { FIELDNOTE_PASSPHRASE: PASS } });
    expect(info.status).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ title: 'Binary', file: 'bin.fieldnote' });
  }, 60_000);
});
