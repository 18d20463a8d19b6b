// The other project of a merge is opened without a quick_check of every page (issue 18: the
// preview and the apply each opened it, 0.5–0.9 s of checking for 300 interviews). A damaged page
// in it must still stop the preview and the apply with that file named as damaged, and leave this
// project as it was.
import fs from 'node:fs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../../electron/store/project-store';
import { dumpHash } from '../../../electron/store/dump';
import { PASS, tempDir } from '../../support/temp';
import { call, callError, seededProject, services } from './team-support';

describe('merging from a damaged project', () => {
  it('a damaged page of the other project stops preview and apply, names that file, changes nothing here', async () => {
    const dir = tempDir();
    await seededProject(nodePath.join(dir, 'here.fieldnote'), { interviews: 3, seed: 7 });
    const other = nodePath.join(dir, 'there.fieldnote');
    await seededProject(other, { interviews: 6, seed: 8, deviceId: 'there-device' });
    // Damage a page of the other project's notes (a table the merge reads row by row).
    const store = ProjectStore.open(other, PASS, { readOnly: true });
    const page = store.db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'note'").pluck().get() as number;
    store.close();
    const fd = fs.openSync(other, 'r+');
    const at = (page - 1) * 4096 + 500;
    const byte = Buffer.alloc(1);
    fs.readSync(fd, byte, 0, 1, at);
    byte[0] = byte[0]! ^ 0xff;
    fs.writeSync(fd, byte, 0, 1, at);
    fs.closeSync(fd);

    const s = services(dir);
    await call(s, 'project.open', { path: 'here.fieldnote', passphrase: PASS });
    const before = dumpHash(s.project.db);
    for (const method of ['merge.preview', 'merge.apply'] as const) {
      const error = await callError(s, method, { path: 'there.fieldnote', passphrase: PASS, ...(method === 'merge.apply' ? { respondentClashes: 'renumber-incoming' } : {}) });
      expect(error.code).toBe('damaged_project');
      expect(error.message).toContain('there.fieldnote is damaged');
    }
    expect(dumpHash(s.project.db)).toBe(before);
    s.close();
  });
});
