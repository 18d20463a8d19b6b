// Issue 17: a kill while a passphrase change retires the old backups must not leave a backup that
// opens with the retired passphrase once the project is opened again.
import fs from 'node:fs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../../electron/store/project-store';
import { listBackups } from '../../../electron/team/backups';
import { OTHER_PASS, PASS, tempDir } from '../../support/temp';
import { spawnFieldnote } from '../../support/cli';
import { call, services } from '../team/team-support';

const opensWith = (file: string, passphrase: string) => {
  try {
    ProjectStore.open(file, passphrase, { readOnly: true }).close();
    return true;
  } catch {
    return false;
  }
};

describe('a kill while old backups are retired', () => {
  it('leaves, after the next open, no backup under the retired passphrase', async () => {
    const dir = tempDir();
    const file = nodePath.join(dir, 'p.fieldnote');
    const folder = nodePath.join(dir, 'p.backups');
    const s = services(dir);
    await call(s, 'project.create', { path: 'p.fieldnote', title: 'P', passphrase: PASS, passphraseConfirm: PASS });
    for (let i = 0; i < 4; i++) {
      await call(s, 'codes.create', { name: `Code ${i}`, initials: 'AB' });
      await call(s, 'backups.make', {});
      await new Promise((r) => setTimeout(r, 5));
    }
    s.close();
    const pristine = nodePath.join(dir, 'pristine');
    fs.mkdirSync(pristine);
    fs.copyFileSync(file, nodePath.join(pristine, 'p.fieldnote'));
    fs.cpSync(folder, nodePath.join(pristine, 'p.backups'), { recursive: true });

    const outcomes: string[] = [];
    for (const delay of [3000, 6000, 9000, 12000]) {
      fs.rmSync(folder, { recursive: true, force: true });
      fs.copyFileSync(nodePath.join(pristine, 'p.fieldnote'), file);
      fs.cpSync(nodePath.join(pristine, 'p.backups'), folder, { recursive: true });
      const child = spawnFieldnote(['project', 'rekey', file, '--old-backups', 'reencrypt'], { FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_NEW_PASSPHRASE: OTHER_PASS, FIELDNOTE_CONFIG_DIR: nodePath.join(dir, 'cli') });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      const code = await exited;
      const current = opensWith(file, OTHER_PASS) ? OTHER_PASS : PASS;
      expect(opensWith(file, current), `project after a kill at ${delay} ms`).toBe(true);
      // The next open (the app's) finishes what the kill interrupted.
      const app = services(dir, `app-${delay}`);
      await call(app, 'project.open', { path: file, passphrase: current });
      app.close();
      const retired = current === PASS ? OTHER_PASS : PASS;
      const backups = listBackups(file, folder);
      expect(backups.length).toBeGreaterThan(0);
      for (const b of backups) {
        expect(opensWith(b.path, retired), `${b.fileName} after a kill at ${delay} ms`).toBe(false);
        expect(opensWith(b.path, current), `${b.fileName} after a kill at ${delay} ms`).toBe(true);
      }
      outcomes.push(`${delay} ms: ${code === null ? 'killed' : 'finished'}, project under ${current === PASS ? 'old' : 'new'}, ${backups.length} backups`);
    }
    console.log(outcomes.join('\n'));
    // The kills must land both before and after the project's passphrase changed, or this proves little.
    expect(outcomes.some((o) => o.includes('under new'))).toBe(true);
  }, 240_000);
});
