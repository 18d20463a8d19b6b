import fs from 'node:fs';
import nodePath from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatFinding, withoutRows, type Cell } from '../../../shared/schedule';
import { loadScheduleBytes, loadScheduleFile, writeScheduleWorkbook, writeWorkbookRows } from '../../../electron/schedule/xlsx';
import { generateForm } from './schedule-generate';

const EXAMPLE = nodePath.resolve(import.meta.dirname, '../../../resources/schedules/example-evaluation.xlsx');

/** An .xlsx built cell by cell, so tests can add what our writer never writes (merges, formulas). */
async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

function sheet(wb: ExcelJS.Workbook, name: string, rows: (Cell | Date)[][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  rows.forEach((row, index) => {
    row.forEach((cell, column) => {
      if (cell !== '' && cell !== null && cell !== undefined) ws.getCell(index + 1, column + 1).value = cell;
    });
  });
  return ws;
}

async function check(bytes: Uint8Array): Promise<string[]> {
  try {
    const { findings } = await loadScheduleBytes(bytes, 'FORM.xlsx');
    return findings.map((finding) => formatFinding('FORM.xlsx', finding));
  } catch (error) {
    return [(error as Error).message];
  }
}

const SURVEY_HEADER: Cell[] = ['type', 'name', 'label'];

describe('schedule .xlsx import and export', () => {
  it('the example: import, export, import again gives the same schedule, unknown columns kept', async () => {
    const first = await loadScheduleFile(EXAMPLE);
    expect(first.findings).toEqual([]);
    expect(first.schedule.columns.survey).toContain('translator_note');
    const bytes = await writeScheduleWorkbook(first.schedule);
    const second = await loadScheduleBytes(bytes, 'again.xlsx');
    expect(second.findings).toEqual([]);
    expect(second.schedule).toEqual(first.schedule);
    const note = second.schedule.items.flatMap((item) => (item.kind === 'group' ? item.children : [item])).find((item) => item.name === 'q5a_types');
    expect(note?.extra).toEqual({ translator_note: 'Keep support types short.' });
  });

  it('a generated 500-question schedule: round trip (its import time is measured in bench/schedule.bench.ts)', async () => {
    const form = generateForm(500, { questions: 500 });
    const bytes = await writeWorkbookRows(form.workbook);
    const first = await loadScheduleBytes(bytes, 'big.xlsx');
    expect(first.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(first.schedule.items.length).toBeGreaterThan(10);
    const again = await loadScheduleBytes(await writeScheduleWorkbook(first.schedule), 'big-again.xlsx');
    expect(withoutRows(again.schedule)).toEqual(withoutRows(first.schedule));
    expect(again.schedule.columns.survey).toContain('review_status');
  });

  it('missing survey sheet, missing type or name column: one located error', async () => {
    expect(await check(await workbook((wb) => sheet(wb, 'questions', [SURVEY_HEADER])))).toEqual([
      'FORM.xlsx:survey: error: the workbook has no sheet named "survey" (it has "questions"); XLSForm keeps the questions in a sheet called survey.',
    ]);
    expect(await check(await workbook((wb) => sheet(wb, 'survey', [['name', 'label'], ['q1', 'Q1']])))).toEqual([
      'FORM.xlsx:survey:1: error: the survey sheet has no "type" column; its first row must name the columns (type, name, label, ...).',
    ]);
    expect(await check(await workbook((wb) => sheet(wb, 'survey', [['type', 'label'], ['text', 'Q1']])))).toEqual([
      'FORM.xlsx:survey:1: error: the survey sheet has no "name" column; its first row must name the columns (type, name, label, ...).',
    ]);
  });

  it('unknown type and bad list_name, with empty rows skipped but rows keeping their numbers', async () => {
    const bytes = await workbook((wb) => {
      sheet(wb, 'survey', [SURVEY_HEADER, ['text', 'q1', 'Q1'], [], [], ['txt', 'q2', 'Q2'], ['select_one yn', 'q3', 'Q3']]);
      sheet(wb, 'choices', [['list_name', 'name', 'label'], ['yn', '1', 'Yes'], [], ['y n', '2', 'No']]);
    });
    expect(await check(bytes)).toEqual([
      'FORM.xlsx:survey:5:type: error: unknown type "txt"; use one of select_one LIST, select_multiple LIST, integer, decimal, text, date, note, begin_group, end_group.',
      'FORM.xlsx:choices:4:list_name: error: list_name "y n" is not a valid name: start with a letter or _, then use only letters, digits, _, - or . (no spaces).',
    ]);
  });

  it('merged cells are an error at the top-left cell', async () => {
    const bytes = await workbook((wb) => {
      const ws = sheet(wb, 'survey', [[...SURVEY_HEADER, 'hint'], ['text', 'q1', 'A long label', '']]);
      ws.mergeCells('C2:D2');
    });
    expect(await check(bytes)).toEqual([
      'FORM.xlsx:survey:2:label: error: cells C2:D2 are merged; XLSForm reads one value per cell, so unmerge them and fill each cell.',
    ]);
  });

  it('formulas: the saved value with a warning; no saved value or an error value is an error', async () => {
    const bytes = await workbook((wb) => {
      const ws = sheet(wb, 'survey', [SURVEY_HEADER, ['text', '', 'Q1'], ['text', 'q2', ''], ['text', 'q3', '']]);
      ws.getCell('B2').value = { formula: 'LOWER("Q1")', result: 'q1', date1904: false };
      ws.getCell('C3').value = { formula: 'CONCAT("Q","2")', date1904: false };
      ws.getCell('C4').value = { formula: 'VLOOKUP(1,A1:A2,5)', result: { error: '#REF!' }, date1904: false };
    });
    expect(await check(bytes)).toEqual([
      'FORM.xlsx:survey:2:name: warning: this cell holds the formula =LOWER("Q1"); Fieldnote uses its saved value "q1" and writes the value, not the formula, when it saves.',
      'FORM.xlsx:survey:3:label: error: this cell holds the formula =CONCAT("Q","2") with no computed value saved in the file; type the value itself, or open and save the workbook in Excel.',
      'FORM.xlsx:survey:3:label: warning: question "q2" has no label in any language; the interviewer would see only its name.',
      'FORM.xlsx:survey:4:label: error: the formula =VLOOKUP(1,A1:A2,5) in this cell gives the error #REF!; type the value itself.',
      'FORM.xlsx:survey:4:label: warning: question "q3" has no label in any language; the interviewer would see only its name.',
    ]);
  });

  it('dates and numbers typed into cells become text the way the author sees them', async () => {
    const bytes = await workbook((wb) => {
      sheet(wb, 'survey', [SURVEY_HEADER, ['select_one yn', 'q1', 'Q1']]);
      sheet(wb, 'choices', [['list_name', 'name', 'label'], ['yn', 1, 'Yes'], ['yn', 2, new Date(Date.UTC(2024, 0, 31))]]);
      sheet(wb, 'settings', [['version'], [20240131]]);
    });
    const { schedule, findings } = await loadScheduleBytes(bytes, 'FORM.xlsx');
    expect(findings).toEqual([]);
    expect(schedule.version).toBe('20240131');
    expect(schedule.choiceLists[0]!.choices.map((choice) => [choice.name, choice.label['']])).toEqual([['1', 'Yes'], ['2', '2024-01-31']]);
  });

  it('a file that is not a workbook, and a missing file', async () => {
    expect(await check(new TextEncoder().encode('type,name\ntext,q1\n'))).toEqual([
      expect.stringMatching(/^FORM\.xlsx: error: is not an \.xlsx workbook that Fieldnote can read \(.+\)\. Save it from Excel or LibreOffice as \.xlsx\.$/),
    ]);
    await expect(loadScheduleFile(nodePath.join(import.meta.dirname, 'no-such.xlsx'), 'no-such.xlsx')).rejects.toThrow('no-such.xlsx: error: no such file.');
    expect(fs.existsSync(EXAMPLE)).toBe(true);
  });
});
