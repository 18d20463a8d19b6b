/**
 * The evaluation matrix and the rapid-analysis grid as .xlsx, with ExcelJS: the workbook is read
 * by the schedule reader's cell rules (formulas, merges, rich text) and checked by
 * shared/evaluation, so every problem names its file, sheet, row and column.
 */
import ExcelJS from 'exceljs';
import { formatProblem, MATRIX_SHEET, matrixToRows, parseMatrixRows, type ImportedQuestion } from '../../shared/evaluation/matrix-sheet';
import type { EvaluationQuestion, LinkTargets } from '../../shared/evaluation/model';
import { ScheduleError } from '../../shared/schedule';
import { readWorkbookRows } from '../schedule/xlsx';

export async function readMatrixWorkbook(bytes: Uint8Array, fileName: string, targets: LinkTargets): Promise<{ questions: ImportedQuestion[]; problems: string[] }> {
  let read;
  try {
    read = await readWorkbookRows(bytes, fileName);
  } catch (error) {
    if (error instanceof ScheduleError) return { questions: [], problems: [error.message] };
    throw error;
  }
  const sheets = read.workbook.sheets;
  const sheet = sheets.find((s) => s.name.toLowerCase() === MATRIX_SHEET.toLowerCase()) ?? sheets[0];
  if (sheet === undefined) return { questions: [], problems: [`${fileName}: the workbook has no sheets. Put the matrix on a sheet named ${MATRIX_SHEET}.`] };
  const cellErrors = read.findings.filter((f) => f.severity === 'error' && f.sheet === sheet.name).map((f) => formatProblem(fileName, sheet.name, { row: f.row ?? 1, column: f.column ?? '', message: f.message }));
  const rows = Array.from({ length: sheet.rows.length }, (_, i) => Array.from(sheet.rows[i] ?? [], (c) => (c === null || c === undefined ? '' : String(c))));
  const parsed = parseMatrixRows(rows, targets);
  return { questions: parsed.questions, problems: [...cellErrors, ...parsed.problems.map((p) => formatProblem(fileName, sheet.name, p))] };
}

/**
 * Every cell is written as text (not through writeTableWorkbook, which turns figures into
 * numbers): an ID such as "1.10" must come back as "1.10", not the number 1.1.
 */
export async function writeMatrixWorkbook(questions: readonly EvaluationQuestion[], targets: LinkTargets): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Fieldnote';
  const sheet = workbook.addWorksheet(MATRIX_SHEET);
  const rows = matrixToRows(questions, targets);
  rows.forEach((row, r) => {
    const added = sheet.addRow(row);
    added.eachCell((cell) => {
      cell.numFmt = '@';
      cell.alignment = { wrapText: true, vertical: 'top' };
    });
    if (r === 0) added.font = { bold: true };
  });
  const widths = [10, 10, 16, 60, 30, 20, 36, 30];
  widths.forEach((w, c) => (sheet.getColumn(c + 1).width = w));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
