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
  t.rows.forEach((row, i) => {
    out.push([row.label, 'Count', ...(t.counts[i] ?? []).map(String), String(t.rowTotals[i] ?? 0)]);
    out.push(['', 'Column %', ...(t.columnPercents[i] ?? []).map((p) => formatPercentage(p)), formatPercentage(t.rowTotalPercents[i] ?? percentage(0, 0))]);
  });
  out.push(['Total', 'Count', ...t.columnTotals.map(String), String(t.total)]);
  out.push(['', 'Column %', ...t.columnTotals.map((n) => formatPercentage(percentage(n, n))), formatPercentage(percentage(t.total, t.total))]);
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
