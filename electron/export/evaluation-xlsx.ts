/**
 * The evaluation matrix and the rapid-analysis grid as .xlsx, with ExcelJS: the workbook is read
 * by the schedule reader's cell rules (formulas, merges, rich text) and checked by
 * shared/evaluation, so every problem names its file, sheet, row and column.
 */
import { formatProblem, MATRIX_SHEET, matrixToRows, parseMatrixRows, type ImportedQuestion } from '../../shared/evaluation/matrix-sheet';
import type { EvaluationQuestion, LinkTargets } from '../../shared/evaluation/model';
import { ScheduleError } from '../../shared/schedule';
import { readWorkbookRows } from '../schedule/xlsx';
import { writeTableWorkbook } from './table-xlsx';

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

export function writeMatrixWorkbook(questions: readonly EvaluationQuestion[], targets: LinkTargets): Promise<Uint8Array> {
  return writeTableWorkbook(matrixToRows(questions, targets), MATRIX_SHEET);
}
