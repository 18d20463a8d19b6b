import fs from 'node:fs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldnote as runFieldnote } from '../../support/cli';
import { writeWorkbookRows } from '../../../electron/schedule/xlsx';
import { tempDir } from '../../support/temp';

const EXAMPLE = 'resources/schedules/example-evaluation.xlsx';

const fieldnote = (args: string[]) => runFieldnote(args);

async function writeForm(dir: string, name: string, survey: string[][], choices?: string[][]): Promise<string> {
  const sheets = [{ name: 'survey', rows: survey }];
  if (choices) sheets.push({ name: 'choices', rows: choices });
  const file = nodePath.join(dir, name);
  fs.writeFileSync(file, await writeWorkbookRows({ sheets }));
  return file;
}

function answers(dir: string, data: unknown): string {
  const file = nodePath.join(dir, `answers-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(data));
  return file;
}

describe('fieldnote schedule', () => {
  it('check: the example has no findings (exit 0)', async () => {
    const result = await fieldnote(['schedule', 'check', EXAMPLE]);
    expect(result).toEqual({ status: 0, stdout: '', stderr: `${EXAMPLE}: 0 errors, 0 warnings.\n` });
  });

  it('check: one finding per line; warnings alone exit 0, errors exit 1', async () => {
    const dir = tempDir();
    const choices = [['list_name', 'name', 'label'], ['yn', '1', 'Yes'], ['yn', '2', 'No'], ['yn', '9', "Don't know"], ['yn3', '1', 'Yes'], ['yn3', '3', "Don't know"], ['yn9', '9', "Don't know"]];
    const warned = await writeForm(dir, 'warned.xlsx', [['type', 'name', 'label'], ['select_one yn', 'q20', 'Q20'], ['select_one yn3', 'q21', 'Q21'], ['select_one yn9', 'q22', 'Q22']], choices);
    const warnings = await fieldnote(['schedule', 'check', warned]);
    expect(warnings.status).toBe(0);
    expect(warnings.stdout.split('\n')).toEqual([
      'Changes the data (2):',
      `${warned}:choices:4:missing: warning: "Don't know" and 2 more like it are not marked missing, so exports count them as real answers: write yes in the missing column for yn (9, row 4), yn3 (3, row 6), yn9 (9, row 7).`,
      `${warned}:choices:6:name: warning: "Don't know" is coded 3 in list "yn3" but 9 in lists yn, yn9; use 9 so the same answer has the same code in every question.`,
      '',
    ]);

    const broken = await writeForm(dir, 'broken.xlsx', [['type', 'name', 'label', 'relevant'], ['text', 'q1', 'Q1', "${q1x} = 'a'"], ['selectone yn', 'q2', 'Q2', '']]);
    const errors = await fieldnote(['schedule', 'check', broken]);
    expect(errors.status).toBe(1);
    expect(errors.stdout.split('\n')).toEqual([
      'Errors (2):',
      `${broken}:survey:2:relevant: error: \${q1x} at character 1 refers to no question in the schedule; check the spelling.`,
      `${broken}:survey:3:type: error: unknown type "selectone yn"; use one of select_one LIST, select_multiple LIST, integer, decimal, text, date, note, begin_group, end_group.`,
      '',
    ]);
    expect(errors.stderr).toBe(`fieldnote: ${broken}: 2 errors, 0 warnings.\n`);
  });

  it('check: unreadable workbooks exit 1 with a located line; bad usage exits 2', async () => {
    const missing = await fieldnote(['schedule', 'check', 'nowhere.xlsx']);
    expect(missing).toEqual({ status: 1, stdout: 'nowhere.xlsx: error: no such file.\n', stderr: 'fieldnote: nowhere.xlsx cannot be read as a schedule.\n' });
    expect((await fieldnote(['schedule', 'check'])).status).toBe(2);
    expect((await fieldnote(['schedule', 'check', EXAMPLE, '--frob'])).status).toBe(2);
  });

  it('walk: prints the questions that would be asked, in order', async () => {
    const dir = tempDir();
    const police = answers(dir, { consent: '1', agency_group: '1', q3_collab: '1', q6_identify: '2', q5_training: 1, q5a_types: ['1', '96'] });
    const walked = await fieldnote(['schedule', 'walk', EXAMPLE, '--answers', police]);
    expect(walked.status).toBe(0);
    expect(walked.stdout.trim().split('\n')).toEqual([
      'consent', 'resp_id', 'org_no', 'agency_group', 'org_type', 'position', 'interview_date',
      'q1_priorities', 'q2_familiar', 'q3_collab', 'q3a_how', 'q3b_since', 'q4_goal',
      'q5_training', 'q5a_types', 'q5b_benefits', 'q6_identify', 'q6b_barriers', 'q11_other', 'quote_consent',
    ]);
    const primary = await fieldnote(['schedule', 'walk', EXAMPLE, '--answers', police, '--primary-only']);
    expect(primary.stdout.trim().split('\n')).toEqual([
      'consent', 'resp_id', 'org_no', 'agency_group', 'org_type', 'position', 'interview_date',
      'q1_priorities', 'q2_familiar', 'q3_collab', 'q3a_how', 'q4_goal', 'q5_training', 'q5a_types', 'q6_identify', 'q11_other', 'quote_consent',
    ]);
    const staff = answers(dir, { consent: '1', agency_group: '5', q9_roles: '2', q5a_types: '1 2' });
    expect((await fieldnote(['schedule', 'walk', EXAMPLE, '--answers', staff])).stdout).toContain('q9_roles\nq9a_how\nq10_monitoring\nq11_other\n');
    const declined = answers(dir, { consent: '2' });
    expect((await fieldnote(['schedule', 'walk', EXAMPLE, '--answers', declined])).stdout).toBe('consent\n');
  });

  it('walk: refuses answers to unknown questions (1) and needs --answers (2)', async () => {
    const dir = tempDir();
    const typo = answers(dir, { consnet: '1' });
    const result = await fieldnote(['schedule', 'walk', EXAMPLE, '--answers', typo]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`fieldnote: ${typo}: "consnet" is not a question in this schedule; check the spelling.\n`);
    expect((await fieldnote(['schedule', 'walk', EXAMPLE])).status).toBe(2);
  });

  it('xform: writes the ODK XForm; a schedule with errors is refused', async () => {
    const dir = tempDir();
    const out = nodePath.join(dir, 'example.xml');
    const result = await fieldnote(['schedule', 'xform', EXAMPLE, '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`Wrote ${out}.\n`);
    const xml = fs.readFileSync(out, 'utf8');
    expect(xml.startsWith('<?xml version="1.0"?>\n<h:html xmlns="http://www.w3.org/2002/xforms"')).toBe(true);
    const broken = await writeForm(dir, 'broken.xlsx', [['type', 'name', 'label'], ['select_one nolist', 'q1', 'Q1']]);
    const refused = await fieldnote(['schedule', 'xform', broken, '--out', nodePath.join(dir, 'broken.xml')]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${broken}:survey:2:type: error: choice list "nolist" is not in the choices sheet`);
    expect(fs.existsSync(nodePath.join(dir, 'broken.xml'))).toBe(false);
  });
});
