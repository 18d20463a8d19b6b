/**
 * NAME.xlsx for the evaluator who opens data in Excel first: a `data` sheet with the codes (as
 * the .sav holds them), a `labelled` sheet with value labels in place of codes, and a
 * `variables` sheet (name, label, type, value labels, missing values, when asked). Text cells
 * are written as string cells, never formulas, so Excel and LibreOffice show `=1+1` or `@cmd`
 * as the text it is (formula injection); numbers, including the missing codes (-7, -8, -10, -11), stay numbers.
 */
import ExcelJS from 'exceljs';
import type { BuiltDataset } from '../../shared/export/dataset';
import type { SpssCell, SpssVariable } from '../../shared/export/spss';
import { categoryLabel } from '../../shared/stats/categories';

const DATE_FORMAT = 'yyyy-mm-dd';

function missingText(v: SpssVariable): string {
  const parts: string[] = [];
  if (v.missingRange) parts.push(`${v.missingRange.low === null ? 'LO' : v.missingRange.low} THRU ${v.missingRange.high === null ? 'HI' : v.missingRange.high}`);
  for (const m of v.missingValues) parts.push(String(m));
  return parts.join(', ');
}

function dateCell(cell: SpssCell): Date | null {
  if (typeof cell !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(cell)) return null;
  return new Date(`${cell}T00:00:00Z`);
}

export async function writeDataWorkbook(built: BuiltDataset): Promise<Uint8Array> {
  const { dataset, codebook } = built;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Fieldnote';
  const names = dataset.variables.map((v) => v.name);

  const data = workbook.addWorksheet('data');
  const labelled = workbook.addWorksheet('labelled');
  for (const sheet of [data, labelled]) {
    sheet.addRow(names).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  for (const row of dataset.rows) {
    const codes = dataset.variables.map((v, c) => {
      const cell = row[c] ?? null;
      if (v.type === 'date') return dateCell(cell);
      return cell === '' ? null : cell;
    });
    const labels = dataset.variables.map((v, c) => {
      const cell = row[c] ?? null;
      if (cell === null || cell === '') return null;
      if (v.type === 'date') return dateCell(cell);
      if (v.type === 'numeric' && typeof cell === 'number' && v.valueLabels.length > 0) return categoryLabel(v, cell);
      return cell;
    });
    data.addRow(codes);
    labelled.addRow(labels);
  }
  dataset.variables.forEach((v, c) => {
    if (v.type !== 'date') return;
    data.getColumn(c + 1).numFmt = DATE_FORMAT;
    labelled.getColumn(c + 1).numFmt = DATE_FORMAT;
  });

  const variables = workbook.addWorksheet('variables');
  variables.addRow(['name', 'label', 'type', 'measure', 'value labels', 'missing values', 'choice names', 'asked', 'note']).font = { bold: true };
  dataset.variables.forEach((v, i) => {
    const entry = codebook[i];
    variables.addRow([
      v.name,
      v.label,
      v.type,
      v.measure,
      v.valueLabels.map((l) => `${l.value} = ${l.label}`).join('; '),
      missingText(v),
      entry?.choiceCodes?.map((c) => `${c.value} = ${c.name}`).join('; ') ?? '',
      entry?.relevance ? `when ${entry.relevance}` : 'always',
      entry?.note ?? '',
    ]);
  });
  variables.views = [{ state: 'frozen', ySplit: 1 }];
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
