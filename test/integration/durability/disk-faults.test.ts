/**
 * A full disk and a read-only medium: clear messages, nothing corrupted, and a way to save
 * elsewhere. Uses real small tmpfs mounts (root only; skipped with the reason otherwise).
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { editorStateFromText } from '../../../shared/notes/editor-state';
import { dispatch } from '../../../shared/api/dispatch';
import { FieldnoteServices } from '../../../electron/services/fieldnote-services';
import { ProjectStore } from '../../../electron/store/project-store';
import { writeFilesTogether } from '../../../electron/export/spss-export';
import { mountProblem, smallDisk, type SmallDisk } from '../../support/mounts';
import { PASS, tempDir } from '../../support/temp';

if (mountProblem) console.log(`Skipping disk-fault tests: ${mountProblem}.`);

const disks: SmallDisk[] = [];
afterEach(() => {
  for (const disk of disks.splice(0)) disk.unmount();
});

function services(projectsDir: string) {
  const s = new FieldnoteServices({ mode: 'browser', configDir: nodePath.join(tempDir(), 'config'), projectsDir, appVersion: 'test' });
  const call = (method: string, input: unknown = {}) => dispatch(s.handlers, method, input);
  return { s, call };
}

async function startInterview(call: (m: string, i?: unknown) => Promise<{ ok: boolean; value?: unknown }>) {
  const imported = (await call('schedule.importExample')) as { value: { imported: { id: string } } };
  const started = (await call('interview.start', {
    scheduleId: imported.value.imported.id,
    sessionType: 'one-on-one',
    answerMode: 'shared',
    language: 'en',
    interviewer: 'AB',
    heldAt: '2026-11-24T09:00',
    participants: [{ organisationNumber: '1', locationNumber: '1', agencyGroup: 'police', organisationType: 'government', focusOfWork: '', consentGiven: true, consentMode: 'verbal', quoteConsent: true }],
  })) as { value: { summary: { id: string } } };
  return started.value.summary.id;
}

describe.skipIf(mountProblem !== null)('disk faults', () => {
  it('a full disk gives a clear message, keeps every saved word, and the project can be saved elsewhere', async () => {
    const disk = smallDisk(1536);
    disks.push(disk);
    const { s, call } = services(disk.dir);
    expect((await call('project.create', { path: 'full', title: 'Full disk', passphrase: PASS, passphraseConfirm: PASS })).ok).toBe(true);
    const id = await startInterview(call);
    let saved = '';
    let failure: { code: string; message: string } | undefined;
    for (let i = 1; i < 400 && !failure; i++) {
      const text = `note ${i} ` + 'x'.repeat(20_000);
      const result = await call('notes.save', { interviewId: id, question: `q${i}`, editorState: editorStateFromText(text) });
      if (result.ok) saved = `q${i}`;
      else failure = (result as unknown as { error: { code: string; message: string } }).error;
    }
    expect(failure?.message).toMatch(/disk holding full\.fieldnote is full/);
    expect(saved).not.toBe('');

    // The way out: a complete copy on another disk, with the same passphrase.
    const elsewhere = tempDir();
    const copy = await call('project.saveCopy', { path: nodePath.join(elsewhere, 'rescued.fieldnote') });
    expect(copy.ok).toBe(true);
    s.close();

    const rescued = ProjectStore.open(nodePath.join(elsewhere, 'rescued.fieldnote'), PASS);
    expect(rescued.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(rescued.db.prepare('SELECT count(*) FROM note WHERE question = ?').pluck().get(saved)).toBe(1);
    rescued.close();

    // With room again, the original opens intact with everything acknowledged.
    disk.remount('size=16m');
    const reopened = ProjectStore.open(nodePath.join(disk.dir, 'full.fieldnote'), PASS);
    expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(reopened.db.prepare('SELECT count(*) FROM note WHERE question = ?').pluck().get(saved)).toBe(1);
    reopened.close();
  });

  it('a project on a read-only medium opens read-only, refuses writes clearly, and saves a copy elsewhere', async () => {
    const disk = smallDisk(8192);
    disks.push(disk);
    const first = services(disk.dir);
    await first.call('project.create', { path: 'ro', title: 'Read only', passphrase: PASS, passphraseConfirm: PASS });
    await first.call('project.close');
    disk.remount('ro');

    const { call } = services(disk.dir);
    const opened = (await call('project.open', { path: 'ro.fieldnote', passphrase: PASS })) as { ok: boolean; value: { readOnly: boolean; title: string } };
    expect(opened.value).toMatchObject({ readOnly: true, title: 'Read only' });
    const write = await call('project.setTitle', { title: 'Changed' });
    expect(write).toMatchObject({ ok: false, error: { code: 'read_only', message: expect.stringMatching(/ro\.fieldnote cannot be written here.*save a copy/i) } });
    const elsewhere = tempDir();
    expect((await call('project.saveCopy', { path: nodePath.join(elsewhere, 'copy.fieldnote') })).ok).toBe(true);
    const copy = ProjectStore.open(nodePath.join(elsewhere, 'copy.fieldnote'), PASS);
    expect(copy.info().title).toBe('Read only');
    copy.close();
  });

  it('an export to a full disk leaves no partial file', () => {
    const disk = smallDisk(256);
    disks.push(disk);
    const big = new Uint8Array(200 * 1024).fill(65);
    expect(() =>
      writeFilesTogether(disk.dir, [
        { name: 'a.csv', bytes: new Uint8Array(10) },
        { name: 'a.sav', bytes: big },
        { name: 'a.sps', bytes: big },
      ]),
    ).toThrowError();
    expect(fs.readdirSync(disk.dir)).toEqual([]);
  });
});
