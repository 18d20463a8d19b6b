import { spawnSync } from 'node:child_process';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { OTHER_PASS, PASS, sha256, tempDir } from '../support/temp';

const root = nodePath.resolve(import.meta.dirname, '../..');
const bin = nodePath.join(root, 'bin/fieldnote.mjs');

function fieldnote(args: string[], env: Record<string, string> = {}, cwd = root) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    env: { ...process.env, FIELDNOTE_PASSPHRASE: '', FIELDNOTE_NEW_PASSPHRASE: '', ...env },
    encoding: 'utf8',
    input: '',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('fieldnote CLI', () => {
  it('--help lists the commands and exits 0; no command is bad usage (2)', () => {
    const help = fieldnote(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('fieldnote project create FILE.fieldnote');
    expect(help.stdout).toContain('fieldnote project rekey');
    expect(fieldnote([]).status).toBe(2);
    const unknown = fieldnote(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    expect(fieldnote(['project', 'info']).status).toBe(2);
    expect(fieldnote(['project', 'info', 'x.fieldnote', '--bogus']).status).toBe(2);
  });

  it('creates a project, reports it as JSON, refuses a wrong passphrase (1), rekeys', () => {
    const dir = tempDir();
    const file = nodePath.join(dir, 'cli.fieldnote');
    const created = fieldnote(['project', 'create', file, '--title', 'CLI evaluation'], { FIELDNOTE_PASSPHRASE: PASS });
    expect(created.status).toBe(0);
    expect(created.stdout).toContain('Created cli.fieldnote');

    const info = fieldnote(['project', 'info', file, '--json'], { FIELDNOTE_PASSPHRASE: PASS });
    expect(info.status).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ title: 'CLI evaluation', file: 'cli.fieldnote', schemaVersion: expect.any(Number), counts: expect.any(Object) });

    const before = sha256(file);
    const wrong = fieldnote(['project', 'info', file], { FIELDNOTE_PASSPHRASE: 'not it at all' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr.trim()).toBe('fieldnote: Wrong passphrase for cli.fieldnote. Check the passphrase and try again.');
    expect(sha256(file)).toBe(before);

    const noPass = fieldnote(['project', 'info', file]);
    expect(noPass.status).toBe(1);
    expect(noPass.stderr).toContain('set FIELDNOTE_PASSPHRASE');

    const weakRekey = fieldnote(['project', 'rekey', file], { FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_NEW_PASSPHRASE: '1234567890ab' });
    expect(weakRekey.status).toBe(1);
    expect(weakRekey.stderr).toMatch(/guess/);
    const weakCreate = fieldnote(['project', 'create', nodePath.join(dir, 'weak.fieldnote'), '--title', 'W'], { FIELDNOTE_PASSPHRASE: 'password1234' });
    expect(weakCreate.status).toBe(1);
    expect(weakCreate.stderr).toMatch(/guess/);

    const rekey = fieldnote(['project', 'rekey', file], { FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_NEW_PASSPHRASE: OTHER_PASS });
    expect(rekey.status).toBe(0);
    expect(fieldnote(['project', 'info', file], { FIELDNOTE_PASSPHRASE: PASS }).status).toBe(1);
    const text = fieldnote(['project', 'info', file], { FIELDNOTE_PASSPHRASE: OTHER_PASS });
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/Title:\s+CLI evaluation/);
  });

  it('says what is wrong with a file that is not a project', () => {
    const dir = tempDir();
    const missing = fieldnote(['project', 'info', nodePath.join(dir, 'nope.fieldnote')], { FIELDNOTE_PASSPHRASE: PASS });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope.fieldnote was not found');
  });
});
