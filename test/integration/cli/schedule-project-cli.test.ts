import fs from 'node:fs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldnote as runFieldnote } from '../../support/cli';
import { loadScheduleFile } from '../../../electron/schedule/xlsx';
import { withoutRows } from '../../../shared/schedule';
import { PASS, tempDir } from '../../support/temp';

const root = nodePath.resolve(import.meta.dirname, '../../..');
const example = nodePath.join(root, 'resources/schedules/example-evaluation.xlsx');

function fieldnote(args: string[], env: Record<string, string> = {}) {
  return runFieldnote(args, { FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_CONFIG_DIR: nodePath.join(tempDir(), 'config'), ...env });
}

describe('fieldnote schedule import/export', () => {
  it('imports into a project, exports the same schedule back, and numbers versions', async () => {
    const dir = tempDir();
    const project = nodePath.join(dir, 'p.fieldnote');
    expect((await fieldnote(['project', 'create', project])).status).toBe(0);
    const first = await fieldnote(['schedule', 'import', project, example]);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('version 1: 29 questions');
    expect((await fieldnote(['schedule', 'import', project, example])).stdout).toContain('version 2');

    const out = nodePath.join(dir, 'out.xlsx');
    const exported = await fieldnote(['schedule', 'export', project, '--out', out, '--version', '1']);
    expect(exported.status).toBe(0);
    const original = await loadScheduleFile(example);
    const roundTrip = await loadScheduleFile(out);
    expect(withoutRows(roundTrip.schedule)).toEqual(withoutRows(original.schedule));
    expect(roundTrip.findings).toEqual([]);

    const info = await fieldnote(['project', 'info', project, '--json']);
    expect(JSON.parse(info.stdout).counts.schedules).toBe(2);
  });

  it('refuses a missing version, a wrong passphrase and a broken workbook with exit 1', async () => {
    const dir = tempDir();
    const project = nodePath.join(dir, 'p.fieldnote');
    (await fieldnote(['project', 'create', project]));
    (await fieldnote(['schedule', 'import', project, example]));
    const missing = await fieldnote(['schedule', 'export', project, '--out', nodePath.join(dir, 'x.xlsx'), '--version', '9']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Version 9 of schedule example_evaluation was not found');
    expect((await fieldnote(['schedule', 'import', project, example], { FIELDNOTE_PASSPHRASE: 'wrong wrong wrong' })).status).toBe(1);
    const notXlsx = nodePath.join(dir, 'notes.xlsx');
    fs.writeFileSync(notXlsx, 'plain text');
    const broken = await fieldnote(['schedule', 'import', project, notXlsx]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('notes.xlsx');
    expect((await fieldnote(['schedule', 'export', project])).status).toBe(2);
  });
});
