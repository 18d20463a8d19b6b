/**
 * .xlsx bytes ⇄ the pure sheet rows of shared/schedule, with ExcelJS.
 *
 * Decisions about spreadsheet features XLSForm has no meaning for:
 * - Formulas: the value Excel last computed (cached in the file) is used, with a warning,
 *   because that is what the author sees in the cell; the formula itself is not kept, so
 *   an export writes the value. A formula without a cached value (a file written by a
 *   tool that does not calculate) or whose value is an error (#REF!, #N/A) is an error:
 *   we cannot know what the author meant.
 * - Merged cells: an error at the top-left cell. XLSForm reads one value per cell, and a
 *   merge across columns would silently leave the other columns empty.
 * - Dates typed into cells become YYYY-MM-DD text (with the time when it is not midnight).
 * - Rich text and hyperlinks become their plain text.
 * Empty rows are skipped by the parser, but rows keep their spreadsheet numbers.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import ExcelJS from 'exceljs';
import { writeFileAtomic } from '../util/atomic-write';
import {
  ScheduleError,
  checkWorkbook,
  columnLetter,
  scheduleToRows,
  sortFindings,
  type Cell,
  type Finding,
  type Schedule,
  type SheetRows,
  type WorkbookRows,
} from '../../shared/schedule';

export interface ReadWorkbookResult {
  readonly workbook: WorkbookRows;
  /** Problems with cells as cells (formulas, merges), before the XLSForm is read. */
  readonly findings: Finding[];
}

export interface LoadScheduleResult {
  readonly schedule: Schedule;
  /** Cell, XLSForm and lint findings, sorted by sheet and row. */
  readonly findings: Finding[];
}

/** Reads the sheets of an .xlsx file as rows of plain values. Throws ScheduleError for a file that is not a workbook. */
export async function readWorkbookRows(bytes: Uint8Array, file: string): Promise<ReadWorkbookResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    // ExcelJS's typings predate Uint8Array support; a Buffer view shares the bytes.
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (error) {
    throw new ScheduleError(`is not an .xlsx workbook that Fieldnote can read (${(error as Error).message}). Save it from Excel or LibreOffice as .xlsx.`, file, '');
  }
  const findings: Finding[] = [];
  const sheets: SheetRows[] = [];
  for (const worksheet of workbook.worksheets) {
    const rows: Cell[][] = [];
    const header: string[] = [];
    const columnName = (index: number) => header[index] || columnLetter(index);
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
        const index = columnNumber - 1;
        if (cell.isMerged && cell.master !== cell) return; // reported once, at the master cell
        const value = plainValue(cell.value, (problem) => {
          findings.push({ severity: problem.severity, sheet: worksheet.name, row: rowNumber, column: columnName(index), message: problem.message });
        });
        cells[index] = value;
        if (rowNumber === 1) header[index] = typeof value === 'string' ? value.trim() : value === null || value === undefined ? '' : String(value);
      });
      rows[rowNumber - 1] = cells;
    });
    for (const range of worksheet.model.merges ?? []) {
      const topLeft = range.split(':')[0] ?? range;
      const match = /^([A-Z]+)(\d+)$/.exec(topLeft);
      const row = match ? Number(match[2]) : undefined;
      const column = match ? columnName(letterIndex(match[1]!)) : undefined;
      findings.push({
        severity: 'error',
        sheet: worksheet.name,
        row,
        column,
        message: `cells ${range} are merged; XLSForm reads one value per cell, so unmerge them and fill each cell.`,
      });
    }
    sheets.push({ name: worksheet.name, rows });
  }
  return { workbook: { sheets }, findings };
}

function letterIndex(letters: string): number {
  let n = 0;
  for (const char of letters) n = n * 26 + (char.charCodeAt(0) - 64);
  return n - 1;
}

interface CellProblem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

function plainValue(value: ExcelJS.CellValue, report: (problem: CellProblem) => void): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return dateText(value);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const formula = 'formula' in value ? value.formula : value.sharedFormula;
    const result = value.result;
    if (result === undefined || result === null) {
      report({ severity: 'error', message: `this cell holds the formula =${formula} with no computed value saved in the file; type the value itself, or open and save the workbook in Excel.` });
      return null;
    }
    if (typeof result === 'object' && !(result instanceof Date) && 'error' in result) {
      report({ severity: 'error', message: `the formula =${formula} in this cell gives the error ${result.error}; type the value itself.` });
      return null;
    }
    const plain = result instanceof Date ? dateText(result) : result;
    report({ severity: 'warning', message: `this cell holds the formula =${formula}; Fieldnote uses its saved value "${String(plain)}" and writes the value, not the formula, when it saves.` });
    return plain;
  }
  if ('error' in value) {
    report({ severity: 'error', message: `this cell shows the error ${value.error}; type the value itself.` });
    return null;
  }
  if ('text' in value && typeof value.text === 'string') return value.text; // hyperlink
  if ('text' in value && typeof value.text === 'object' && value.text !== null && 'richText' in value.text) {
    return (value.text as ExcelJS.CellRichTextValue).richText.map((run) => run.text).join('');
  }
  report({ severity: 'error', message: 'Fieldnote cannot read the value of this cell (an embedded object?); type the value as text.' });
  return null;
}

/** Dates are stored as UTC by ExcelJS; a date without a time becomes YYYY-MM-DD. */
function dateText(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

/**
 * Reads and checks a schedule workbook: cell findings, XLSForm findings and lint, sorted.
 * Throws ScheduleError (with the file name) when the workbook cannot be read as a schedule.
 */
export async function loadScheduleBytes(bytes: Uint8Array, file: string): Promise<LoadScheduleResult> {
  const { workbook, findings: cellFindings } = await readWorkbookRows(bytes, file);
  try {
    const { schedule, findings } = checkWorkbook(workbook, { defaultFormId: formIdFromFile(file) });
    return { schedule, findings: sortFindings([...cellFindings, ...findings]) };
  } catch (error) {
    if (error instanceof ScheduleError) throw error.inFile(file);
    throw error;
  }
}

/** `file` is how findings name the workbook (default: the path as given). */
export async function loadScheduleFile(path: string, file = path): Promise<LoadScheduleResult> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScheduleError(code === 'ENOENT' ? 'no such file.' : `cannot be read (${code ?? (error as Error).message}).`, file, '');
  }
  return loadScheduleBytes(bytes, file);
}

/** pyxform's default form_id is the file name without extension. */
function formIdFromFile(file: string): string {
  const base = nodePath.basename(file).replace(/\.xlsx$/i, '');
  const cleaned = base.replace(/[^\p{L}\p{N}_.-]+/gu, '_');
  return /^[\p{L}_]/u.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** The .xlsx bytes of a schedule: survey, choices, settings and any kept sheets. */
export async function writeScheduleWorkbook(schedule: Schedule): Promise<Uint8Array> {
  return writeWorkbookRows(scheduleToRows(schedule));
}

/** The .xlsx bytes of sheets of plain rows (header first). */
export async function writeWorkbookRows(rows: WorkbookRows): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Fieldnote';
  for (const sheet of rows.sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    for (const row of sheet.rows) {
      // Empty strings stay empty cells; text stays text, so codes like "01" keep their zero.
      worksheet.addRow((row ?? []).map((cell) => (cell === '' || cell === null || cell === undefined ? null : cell)));
    }
    if (sheet.name === 'survey' || sheet.name === 'choices') worksheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

export async function saveScheduleFile(path: string, schedule: Schedule): Promise<void> {
  writeFileAtomic(path, await writeScheduleWorkbook(schedule));
}
