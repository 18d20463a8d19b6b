/**
 * `fieldnote schedule check` on a realistic bilingual 200-question schedule fits one
 * screen, with the finding that would damage the data first; `--all` lists every cell.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldnote as runFieldnote } from '../../support/cli';
import { writeWorkbookRows } from '../../../electron/schedule/xlsx';
import { checkWorkbook, questionsOf } from '../../../shared/schedule';
import { bilingualSchedule } from '../../support/bilingual-schedule';
import { tempDir } from '../../support/temp';


const fieldnote = (args: string[]) => runFieldnote(args);

describe('schedule check on a bilingual 200-question schedule', () => {
  it('is the form the issue describes: two languages, 200 questions, no "default" language', async () => {
    const { schedule } = checkWorkbook(bilingualSchedule());
    expect(questionsOf(schedule)).toHaveLength(200);
    expect(schedule.languages.map((language) => language.name)).toEqual(['English', 'Khmer']);
    expect(schedule.defaultLanguage).toBe('en');
  });

  it('fits under 40 lines with the coding finding in the first ten; --all lists every missing cell', async () => {
    const dir = tempDir();
    const file = nodePath.join(dir, 'stakeholder.xlsx');
    fs.writeFileSync(file, await writeWorkbookRows(bilingualSchedule()));
    const result = await fieldnote(['schedule', 'check', file]);
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.length).toBeLessThan(40);
    const coding = lines.findIndex((line) => line.includes(`"Don't know" is coded 3 in list "yn3" but 9 in lists`));
    expect(coding).toBeGreaterThanOrEqual(0);
    expect(coding).toBeLessThan(10);
    expect(lines[0]).toBe('Changes the data (2):');
    expect(lines).toContain('Translations (--all lists every cell):');
    expect(lines).toContain(`${file}: Khmer (km): 45 of 210 survey labels missing, rows 9, 16, 25, 32, 39, 48 and 20 more spans`);
    expect(lines.some((line) => line.includes('the label column without a language'))).toBe(false);
    expect(result.stderr).toMatch(/0 errors, \d+ warnings, \d+ missing translations\.\n$/);

    const all = await fieldnote(['schedule', 'check', file, '--all']);
    const cells = all.stdout.split('\n').filter((line) => line.includes('label::Khmer (km): warning:'));
    expect(cells.length).toBeGreaterThan(45);
  }, 60_000);
});
