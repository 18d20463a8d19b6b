/**
 * A statistics table as an .xlsx workbook, laid out as `tableRows` lays it out for the
 * clipboard. Counts and percentages are written as numbers (so a spreadsheet can sum and
 * chart them) with a number format that shows the decimals the app shows.
 */
import ExcelJS from 'exceljs';

/** Cells that hold a figure as the app displays it: "12", "33.3", "-0.5", "0.967". */
const FIGURE = /^-?\d+(\.\d+)?$/;

export async function writeTableWorkbook(rows: readonly (readonly string[])[], sheetName: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Fieldnote';
  // Excel limits sheet names to 31 characters and forbids : \ / ? * [ ].
  const worksheet = workbook.addWorksheet(sheetName.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Table');
  const widths: number[] = [];
  rows.forEach((row, r) => {
    const added = worksheet.addRow(row.map((cell) => (FIGURE.test(cell) ? Number(cell) : cell === '' ? null : cell)));
    row.forEach((cell, c) => {
      // Notes are one-cell rows; let them run across instead of widening the first column.
      if (row.length > 1) widths[c] = Math.max(widths[c] ?? 0, Math.min(60, [...cell].length));
      if (!FIGURE.test(cell)) return;
      const decimals = cell.split('.')[1]?.length ?? 0;
      added.getCell(c + 1).numFmt = decimals === 0 ? '0' : `0.${'0'.repeat(decimals)}`;
    });
    if (r === 0) added.font = { bold: true };
  });
  widths.forEach((w, c) => (worksheet.getColumn(c + 1).width = Math.max(8, w + 2)));
  worksheet.views = [{ state: 'frozen', ySplit: 1 }];
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
