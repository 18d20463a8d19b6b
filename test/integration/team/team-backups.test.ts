// Backups: automatic ones rotate (the last K kept), open with the same passphrase, restore replaces
// the project after keeping its current state, `fieldnote backup` writes one, and a damaged
// project is replaced by its newest backup with the damaged file renamed aside.
import fs from 'node:fs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../../electron/store/project-store';
import { listBackups } from '../../../electron/team/backups';
import { PASS, OTHER_PASS, tempDir } from '../../support/temp';
import { call, callError, fieldnote, hashOf, seededProject, services } from './team-support';

describe('backups', () => {
  it('rotate, keeping the last K; restore brings a backup back after backing up the current state', async () => {
    const dir = tempDir();
    const s = services(dir);
    await call(s, 'project.create', { path: 'p.fieldnote', title: 'P', passphrase: PASS, passphraseConfirm: PASS });
    await call(s, 'backups.setSettings', { intervalMinutes: 0, keep: 3, folder: '' });
    for (let i = 0; i < 5; i++) {
      await call(s, 'codes.create', { name: `Code ${i}`, initials: 'AB' });
      await call(s, 'backups.make', {});
      await new Promise((r) => setTimeout(r, 5));
    }
    const listed = await call(s, 'backups.list', {});
    expect(listed.folder).toBe(nodePath.join(dir, 'p.backups'));
    expect(listed.backups.length).toBe(3);
    // Newest first; each is an encrypted project with the same passphrase.
    const oldest = listed.backups.at(-1)!;
    const check = ProjectStore.open(oldest.path, PASS, { readOnly: true });
    expect(check.db.prepare('SELECT count(*) FROM code').pluck().get()).toBe(3);
    check.close();
    expect(fs.readFileSync(oldest.path).includes(Buffer.from('Code 0'))).toBe(false);

    // A wrong passphrase: refused, the project stays open as it was.
    expect(await callError(s, 'backups.restore', { fileName: oldest.fileName, passphrase: OTHER_PASS })).toMatchObject({ code: 'wrong_passphrase' });
    expect((await call(s, 'project.info', {})).counts.codes).toBe(5);
    const restored = await call(s, 'backups.restore', { fileName: oldest.fileName, passphrase: PASS });
    expect(restored.info.counts.codes).toBe(3);
    expect(restored.savedCurrentAs).toMatch(/^p-.*\.fieldnote$/);
    const saved = ProjectStore.open(nodePath.join(dir, 'p.backups', restored.savedCurrentAs!), PASS, { readOnly: true });
    expect(saved.db.prepare('SELECT count(*) FROM code').pluck().get()).toBe(5);
    saved.close();
    s.close();
  });

  it('are made every N minutes while open and on close, only when something changed', async () => {
    const dir = tempDir();
    const s = services(dir, 'config', 40); // a "minute" of 40 ms
    await call(s, 'project.create', { path: 'p.fieldnote', title: 'P', passphrase: PASS, passphraseConfirm: PASS });
    await call(s, 'backups.setSettings', { intervalMinutes: 1, keep: 5, folder: '' });
    await call(s, 'codes.create', { name: 'One', initials: 'AB' });
    await new Promise((r) => setTimeout(r, 150));
    const afterTimer = listBackups(nodePath.join(dir, 'p.fieldnote'), nodePath.join(dir, 'p.backups')).length;
    expect(afterTimer).toBe(1); // the timer fired several times, but nothing changed after the first
    await call(s, 'codes.create', { name: 'Two', initials: 'AB' });
    await call(s, 'project.close', {});
    expect(listBackups(nodePath.join(dir, 'p.fieldnote'), nodePath.join(dir, 'p.backups')).length).toBe(2);
  });

  it('`fieldnote backup` writes an encrypted copy; a damaged project is replaced by its newest backup', async () => {
    const dir = tempDir();
    const file = nodePath.join(dir, 'p.fieldnote');
    await seededProject(file, { interviews: 3, seed: 2 });
    const out = nodePath.join(dir, 'copy.fieldnote');
    const cli = await fieldnote(['backup', file, '--out', out], { FIELDNOTE_CONFIG_DIR: nodePath.join(dir, 'cfg') });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    expect(hashOf(out)).toBe(hashOf(file));
    const rotating = await fieldnote(['backup', file], { FIELDNOTE_CONFIG_DIR: nodePath.join(dir, 'cfg') });
    expect(rotating.status).toBe(0);
    const good = hashOf(file);

    // Damage a page of the project (its HMAC no longer matches).
    const bytes = fs.readFileSync(file);
    bytes[4096 + 200] = bytes[4096 + 200]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    const damaged = fs.readFileSync(file);
    const s = services(dir);
    expect(await callError(s, 'project.open', { path: 'p.fieldnote', passphrase: PASS })).toMatchObject({ code: 'damaged_project' });
    expect(await callError(s, 'backups.restoreDamaged', { path: 'p.fieldnote', passphrase: OTHER_PASS })).toMatchObject({ code: 'wrong_passphrase' });
    const done = await call(s, 'backups.restoreDamaged', { path: 'p.fieldnote', passphrase: PASS });
    expect(done.info.counts.interviews).toBe(3);
    expect(done.damagedKeptAs).toMatch(/^p\.fieldnote\.damaged-/);
    expect(fs.readFileSync(nodePath.join(dir, done.damagedKeptAs!)).equals(damaged)).toBe(true);
    s.close();
    expect(hashOf(file)).toBe(good);
  });

  // Issue 17, failure 2: after a passphrase change, old-key backups stayed and restoring one
  // silently brought the old passphrase back.
  const opensWith = (file: string, passphrase: string) => {
    try {
      ProjectStore.open(file, passphrase, { readOnly: true }).close();
      return true;
    } catch {
      return false;
    }
  };

  it.each(['reencrypt', 'delete'] as const)('a passphrase change leaves no backup that opens with the old passphrase (%s)', async (choice) => {
    const dir = tempDir();
    const s = services(dir);
    await call(s, 'project.create', { path: 'p.fieldnote', title: 'P', passphrase: PASS, passphraseConfirm: PASS });
    await call(s, 'backups.setSettings', { intervalMinutes: 0, keep: 5, folder: '' });
    for (let i = 0; i < 3; i++) {
      await call(s, 'codes.create', { name: `Code ${i}`, initials: 'AB' });
      await call(s, 'backups.make', {});
      await new Promise((r) => setTimeout(r, 5));
    }
    const folder = nodePath.join(dir, 'p.backups');
    const before = listBackups(nodePath.join(dir, 'p.fieldnote'), folder);
    expect(before).toHaveLength(3);
    const changed = await call(s, 'project.changePassphrase', { current: PASS, next: OTHER_PASS, nextConfirm: OTHER_PASS, oldBackups: choice });
    expect(changed.oldBackups).toMatchObject(choice === 'reencrypt' ? { reencrypted: 3, deleted: 0 } : { reencrypted: 0, deleted: 3 });
    const after = listBackups(nodePath.join(dir, 'p.fieldnote'), folder);
    expect(after.map((b) => b.fileName)).toContain(changed.oldBackups.newBackup);
    expect(after).toHaveLength(choice === 'reencrypt' ? 4 : 1);
    for (const backup of after) {
      expect(opensWith(backup.path, PASS), backup.fileName).toBe(false);
      expect(opensWith(backup.path, OTHER_PASS), backup.fileName).toBe(true);
    }
    // The re-encrypted history is intact: the oldest still holds one code.
    if (choice === 'reencrypt') {
      const oldest = ProjectStore.open(after.at(-1)!.path, OTHER_PASS, { readOnly: true });
      expect(oldest.db.prepare('SELECT count(*) FROM code').pluck().get()).toBe(1);
      oldest.close();
    }
    expect(fs.readdirSync(folder).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    s.close();
  });

  it('`fieldnote project rekey --old-backups delete` retires old backups and says so', async () => {
    const dir = tempDir();
    const file = nodePath.join(dir, 'p.fieldnote');
    const s = services(dir);
    await call(s, 'project.create', { path: 'p.fieldnote', title: 'P', passphrase: PASS, passphraseConfirm: PASS });
    await call(s, 'backups.make', {});
    s.close();
    const done = await fieldnote(['project', 'rekey', file, '--old-backups', 'delete'], { FIELDNOTE_NEW_PASSPHRASE: OTHER_PASS });
    expect(done.stderr).toBe('');
    expect(done.stdout).toMatch(/Old backups: \d+ deleted\./);
    expect(done.stdout).toMatch(/New backup: p-.*\.fieldnote/);
    for (const backup of listBackups(file, nodePath.join(dir, 'p.backups'))) expect(opensWith(backup.path, PASS)).toBe(false);
  });

  // Issue 17: the project file and backups were 0644 and the backups folder 0755.
  if (process.platform === 'win32') console.log('team-backups: skipping the file-mode test: Windows has no POSIX modes');
  it.skipIf(process.platform === 'win32')('creates the project, its copies and backups owner-only (0600, folder 0700), whatever the umask', async () => {
    const dir = tempDir();
    const s = services(dir);
    const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);
    const umask = process.umask(0o022);
    try {
      await call(s, 'project.create', { path: 'p.fieldnote', title: 'P', passphrase: PASS, passphraseConfirm: PASS });
      const file = nodePath.join(dir, 'p.fieldnote');
      expect(mode(file)).toBe('600');
      await call(s, 'codes.create', { name: 'A', initials: 'AB' });
      expect(mode(`${file}-wal`)).toBe('600');
      const backup = await call(s, 'backups.make', {});
      expect(mode(backup.path)).toBe('600');
      expect(mode(nodePath.join(dir, 'p.backups'))).toBe('700');
      await call(s, 'project.saveCopy', { path: nodePath.join(dir, 'copy.fieldnote') });
      expect(mode(nodePath.join(dir, 'copy.fieldnote'))).toBe('600');
      const changed = await call(s, 'project.changePassphrase', { current: PASS, next: OTHER_PASS, nextConfirm: OTHER_PASS, oldBackups: 'reencrypt' });
      expect(mode(file)).toBe('600');
      for (const b of listBackups(file, nodePath.join(dir, 'p.backups'))) expect(mode(b.path), b.fileName).toBe('600');
      const restored = await call(s, 'backups.restore', { fileName: changed.oldBackups.newBackup, passphrase: OTHER_PASS });
      expect(mode(file)).toBe('600');
      expect(mode(nodePath.join(dir, 'p.backups', restored.savedCurrentAs!))).toBe('600');
    } finally {
      process.umask(umask);
      s.close();
    }
  });
});
