import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openTestServices } from '../../support/services';
import { exampleSchedulePath } from '../../../electron/services/schedule';
import type { Schedule } from '../../../shared/schedule/model';

async function openProject() {
  const { dir, services, call } = await openTestServices({ file: 'sched', title: 'Schedules' });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helper: results are checked by assertions
  return { dir, services, call: call as <T = any>(method: string, input?: unknown) => Promise<T> };
}

describe('schedules in a project', () => {
  it('imports the example, lists it, and exports .xlsx and XForm', async () => {
    const { call } = await openProject();
    const imported = await call('schedule.import', { fileName: 'example-evaluation.xlsx', dataBase64: fs.readFileSync(exampleSchedulePath()).toString('base64') });
    expect(imported.findings).toEqual([]);
    expect(imported.imported).toMatchObject({ version: 1, formId: 'example_evaluation', languages: ['English', 'Khmer'], interviewCount: 0 });
    const { schedules } = await call('schedule.list');
    expect(schedules).toHaveLength(1);
    expect((await call('project.info')).counts).toMatchObject({ schedules: 1 });
    const xlsx = await call('schedule.exportXlsx', { id: imported.imported.id });
    expect(xlsx.fileName).toMatch(/ v1\.xlsx$/);
    // An .xlsx is a zip: it starts with PK.
    expect(Buffer.from(xlsx.dataBase64, 'base64').subarray(0, 2).toString()).toBe('PK');
    const xform = await call('schedule.exportXform', { id: imported.imported.id });
    expect(xform.xml).toContain('<h:html');
    expect(xform.xml).toContain('lang="Khmer (km)"');
  });

  it('refuses a workbook with errors and adds nothing, with located findings', async () => {
    const { call } = await openProject();
    const result = await call('schedule.import', { fileName: 'broken.xlsx', dataBase64: Buffer.from('not a workbook').toString('base64') });
    expect(result.imported).toBeNull();
    expect(result.findings[0]).toMatchObject({ severity: 'error', message: expect.stringMatching(/not an \.xlsx workbook/) });
    expect((await call('schedule.list')).schedules).toEqual([]);
  });

  it('edits in place until an interview uses the version, then saves a new version', async () => {
    const { call } = await openProject();
    const { imported } = await call('schedule.importExample');
    const { schedule } = await call<{ schedule: Schedule }>('schedule.get', { id: imported.id });
    const edited = await call('schedule.save', { id: imported.id, schedule: { ...schedule, title: 'Edited title' } });
    expect(edited.summary).toMatchObject({ id: imported.id, version: 1, title: 'Edited title' });

    // An interview run with version 1.
    await call('interview.start', {
      scheduleId: imported.id,
      sessionType: 'one-on-one',
      answerMode: 'shared',
      language: 'en',
      interviewer: 'AB',
      heldAt: '2026-11-24T09:00',
      participants: [{ organisationNumber: '1', locationNumber: '1', agencyGroup: 'police', organisationType: 'government', focusOfWork: '', consentGiven: true, consentMode: 'verbal', quoteConsent: true }],
    });
    const second = await call('schedule.save', { id: imported.id, schedule: { ...schedule, title: 'Second edit' } });
    expect(second.summary).toMatchObject({ version: 2, title: 'Second edit' });
    expect(second.summary.id).not.toBe(imported.id);
    const first = await call<{ schedule: Schedule }>('schedule.get', { id: imported.id });
    expect(first.schedule.title).toBe('Edited title');
    const list = (await call('schedule.list')).schedules;
    expect(list.map((s: { version: number; superseded: boolean }) => [s.version, s.superseded])).toEqual([
      [1, true],
      [2, false],
    ]);
  });

  it('rejects a schedule of the wrong shape at the API boundary', async () => {
    const { result: dispatchIt } = await openTestServices({ file: 'sched', title: 'Schedules' });
    const result = await dispatchIt('schedule.save', { id: 'x', schedule: { title: 'no items' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
