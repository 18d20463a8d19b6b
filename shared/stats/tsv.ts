/**
 * Tab-separated text of a statistics table for pasting into Excel or Word:
 * one header row, then the body, then any notes as one-cell rows. Numbers
 * appear exactly as the app displays them (percentages without '%', so a
 * spreadsheet keeps them as numbers) and lines end in CRLF, which both Excel
 * and Word expect on the clipboard.
 */
import { assertNever } from '../util/assert-never';
import { title } from './categories';
import { CHI_SQUARE_DECIMALS, P_VALUE_DECIMALS, type Crosstab } from './crosstab';
import { formatNumber, formatPercentage, percentage } from './format';
import type { FrequencyTable } from './frequency-table';
import type { SampleDescription } from './sample-description';

export type StatsTable = FrequencyTable | Crosstab | SampleDescription;

export const TSV_LINE_END = '\r\n';

export function toTsv(table: StatsTable): string {
  return rowsToTsv(tableRows(table));
}

/** The cells `toTsv` writes, for callers that render the same layout elsewhere. */
export function tableRows(table: StatsTable): string[][] {
  switch (table.kind) {
    case 'frequency':
      return frequencyRows(table);
    case 'crosstab':
      return crosstabRows(table);
    case 'sample-description':
      return sampleRows(table);
    default:
      return assertNever(table, 'statistics table');
  }
}

/**
 * The same rows as an HTML table for the clipboard, so Word and Excel paste a real table: the
 * first row is the header, one-cell rows (notes) follow the table as paragraphs.
 */
export function toHtml(table: StatsTable): string {
  const rows = tableRows(table);
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const [head = [], ...body] = rows;
  const width = head.length;
  const grid = body.filter((r) => r.length > 1);
  const notes = body.filter((r) => r.length === 1 && r[0] !== '');
  const cell = (tag: 'th' | 'td', text: string, numeric: boolean) => `<${tag}${numeric ? ' style="text-align:right"' : ''}>${escape(text)}</${tag}>`;
  const isFigure = (text: string) => /^-?\d+(\.\d+)?$/.test(text);
  const line = (r: string[], tag: 'th' | 'td') => `<tr>${Array.from({ length: width }, (_, c) => cell(c === 0 && tag === 'td' ? 'th' : tag, r[c] ?? '', tag === 'td' && isFigure(r[c] ?? ''))).join('')}</tr>`;
  return [
    '<table border="1" cellspacing="0" cellpadding="3" style="border-collapse:collapse">',
    `<thead>${line(head, 'th')}</thead>`,
    `<tbody>${grid.map((r) => line(r, 'td')).join('')}</tbody>`,
    '</table>',
    ...notes.map((n) => `<p>${escape(n[0] ?? '')}</p>`),
  ].join('');
}

function rowsToTsv(rows: string[][]): string {
  // A tab or line break inside a label would split the cell or the row when pasted.
  return rows.map((r) => r.map((c) => c.replace(/[\t\r\n]+/g, ' ')).join('\t')).join(TSV_LINE_END) + TSV_LINE_END;
}

function frequencyRows(t: FrequencyTable): string[][] {
  const out: string[][] = [[title(t.variable), '', 'Frequency', 'Percent', 'Valid Percent', 'Cumulative Percent']];
  t.valid.forEach((r, i) => {
    out.push([i === 0 ? 'Valid' : '', r.label, String(r.frequency), formatPercentage(r.percent), formatPercentage(r.validPercent), formatPercentage(r.cumulativePercent)]);
  });
  // As in SPSS: the Valid and Missing subtotals only appear when there is something missing.
  if (t.missing.length > 0) {
    if (t.valid.length > 0) out.push(['', 'Total', String(t.validTotal.frequency), formatPercentage(t.validTotal.percent), formatPercentage(t.validTotal.validPercent), '']);
    t.missing.forEach((r, i) => out.push([i === 0 ? 'Missing' : '', r.label, String(r.frequency), formatPercentage(r.percent), '', '']));
    out.push(['', 'Total', String(t.missingTotal.frequency), formatPercentage(t.missingTotal.percent), '', '']);
  }
  out.push(['Total', '', String(t.total.frequency), formatPercentage(t.total.percent), '', '']);
  return out;
}

function crosstabRows(t: Crosstab): string[][] {
  const out: string[][] = [[`${title(t.rowVariable)} by ${title(t.columnVariable)}`, '', ...t.columns.map((c) => c.label), 'Total']];
  for (const r of crosstabBody(t)) out.push([r.first ? r.label : '', r.stat, ...r.cells, r.total]);
  out.push([]);
  const chi = t.chiSquare;
  if (chi.available) {
    out.push(['Pearson Chi-Square', 'Value', formatNumber(chi.value, CHI_SQUARE_DECIMALS)]);
    out.push(['', 'df', String(chi.df)]);
    out.push(['', 'Asymptotic Sig. (2-sided)', formatNumber(chi.pValue, P_VALUE_DECIMALS)]);
    out.push(['N of Valid Cases', '', String(t.total)]);
    out.push([chi.footnote]);
  } else {
    out.push([chi.reason]);
  }
  if (t.cases.missing.count > 0) {
    const n = t.cases.missing.count;
    out.push([`${n} of ${t.cases.total} cases (${formatPercentage(t.cases.missing)}%) ${n === 1 ? 'was' : 'were'} left out as missing on ${title(t.rowVariable)} or ${title(t.columnVariable)}.`]);
  }
  return out;
}

export interface CrosstabLine {
  /** The row category (or "Total"), shown on its first line only. */
  label: string;
  first: boolean;
  stat: 'Count' | 'Row %' | 'Column %';
  cells: string[];
  total: string;
}

/** The body lines of a crosstab, as SPSS prints /CELLS=COUNT ROW COLUMN: a count line, then the chosen percentages. */
export function crosstabBody(t: Crosstab): CrosstabLine[] {
  const lines: CrosstabLine[] = [];
  const row = t.percentages !== 'column';
  const column = t.percentages !== 'row';
  t.rows.forEach((r, i) => {
    lines.push({ label: r.label, first: true, stat: 'Count', cells: (t.counts[i] ?? []).map(String), total: String(t.rowTotals[i] ?? 0) });
    if (row) lines.push({ label: r.label, first: false, stat: 'Row %', cells: (t.rowPercents[i] ?? []).map((p) => formatPercentage(p)), total: formatPercentage(percentage(t.rowTotals[i] ?? 0, t.rowTotals[i] ?? 0)) });
    if (column) lines.push({ label: r.label, first: false, stat: 'Column %', cells: (t.columnPercents[i] ?? []).map((p) => formatPercentage(p)), total: formatPercentage(t.rowTotalPercents[i] ?? percentage(0, 0)) });
  });
  lines.push({ label: 'Total', first: true, stat: 'Count', cells: t.columnTotals.map(String), total: String(t.total) });
  if (row) lines.push({ label: 'Total', first: false, stat: 'Row %', cells: t.columnTotalPercents.map((p) => formatPercentage(p)), total: formatPercentage(percentage(t.total, t.total)) });
  if (column) lines.push({ label: 'Total', first: false, stat: 'Column %', cells: t.columnTotals.map((n) => formatPercentage(percentage(n, n))), total: formatPercentage(percentage(t.total, t.total)) });
  return lines;
}

function sampleRows(t: SampleDescription): string[][] {
  // Valid % is only worth a column when some attribute has missing answers.
  const withValid = t.attributes.some((a) => a.missing > 0);
  const out: string[][] = [[`Sample (N=${t.n})`, 'n', '%', ...(withValid ? ['Valid %'] : [])]];
  for (const a of t.attributes) {
    out.push([a.noteMark ? `${a.label} (${a.noteMark})` : a.label, '', '', ...(withValid ? [''] : [])]);
    for (const c of a.categories) {
      out.push([c.label, String(c.count), formatPercentage(c.percent), ...(withValid ? [a.missing > 0 ? formatPercentage(c.validPercent) : ''] : [])]);
    }
  }
  if (t.notes.length > 0) out.push([]);
  for (const note of t.notes) out.push([note]);
  return out;
}
