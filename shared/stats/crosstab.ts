/**
 * CROSSTABS of two variables with column percentages and Pearson's
 * chi-square, as SPSS and PSPP compute them under /MISSING=TABLE: a case
 * missing (user- or system-) on either variable leaves the table and is
 * counted in the case summary, and only categories that occur among the
 * remaining cases become rows and columns.
 */
import type { SpssCell, SpssVariable } from '../export/spss/types';
import { categoryLabel, classify, compareValues, heading, StatsError, title, type CategoryValue, type VariableHeading } from './categories';
import { formatNumber, formatPercentage, percentage, type Percentage } from './format';
import { chiSquareSurvival } from './gamma';

export interface CrosstabCategory {
  value: CategoryValue;
  label: string;
}

/** The Case Processing Summary SPSS prints above every crosstab. */
export interface CrosstabCases {
  valid: Percentage;
  /** Cases missing on the row variable, the column variable, or both. */
  missing: Percentage;
  total: number;
  /** Overlapping breakdown of `missing`, so a note can say which question went unanswered. */
  missingOnRowVariable: number;
  missingOnColumnVariable: number;
}

export type ChiSquareTest =
  | {
      available: true;
      /** Pearson chi-square, Σ (observed − expected)² / expected. */
      value: number;
      df: number;
      /** Asymptotic significance (2-sided): the chi-square upper tail. */
      pValue: number;
      cells: number;
      cellsBelowFive: number;
      minimumExpected: number;
      /** SPSS's footnote, always present: "N cells (P%) have expected count less than 5. …". */
      footnote: string;
      /** The footnote again when at least one expected count is below 5 (the test is then unreliable), else null. */
      warning: string | null;
    }
  | { available: false; reason: string };

/** Which percentages a crosstab shows under each count: SPSS's /CELLS=COUNT COLUMN, ROW or both. */
export type CrosstabPercentages = 'column' | 'row' | 'both';

export interface Crosstab {
  kind: 'crosstab';
  percentages: CrosstabPercentages;
  rowVariable: VariableHeading;
  columnVariable: VariableHeading;
  rows: CrosstabCategory[];
  columns: CrosstabCategory[];
  /** counts[r][c]: valid cases with row category r and column category c. */
  counts: number[][];
  /** Column %: counts[r][c] over columnTotals[c]. */
  columnPercents: Percentage[][];
  rowTotals: number[];
  /** The Total column's Column %: rowTotals[r] over all valid cases. */
  rowTotalPercents: Percentage[];
  /** Row %: counts[r][c] over rowTotals[r]. */
  rowPercents: Percentage[][];
  /** The Total row's Row %: columnTotals[c] over all valid cases. */
  columnTotalPercents: Percentage[];
  columnTotals: number[];
  /** Valid cases in the table. */
  total: number;
  /** expected[r][c] = rowTotals[r] · columnTotals[c] / total. */
  expected: number[][];
  cases: CrosstabCases;
  chiSquare: ChiSquareTest;
}

/** Decimals PSPP prints for the chi-square value and its significance. */
export const CHI_SQUARE_DECIMALS = 2;
export const P_VALUE_DECIMALS = 3;
/** SPSS prints the minimum expected count with two decimals. */
export const EXPECTED_DECIMALS = 2;

export function crosstab(
  rowVar: SpssVariable,
  rowValues: readonly SpssCell[],
  colVar: SpssVariable,
  colValues: readonly SpssCell[],
  percentages: CrosstabPercentages = 'column',
): Crosstab {
  if (rowValues.length !== colValues.length) {
    throw new StatsError(`crosstab: ${rowVar.name} has ${rowValues.length} values but ${colVar.name} has ${colValues.length}; both must have one per case`);
  }
  const pairs: [CategoryValue, CategoryValue][] = [];
  let missing = 0;
  let missingOnRowVariable = 0;
  let missingOnColumnVariable = 0;
  rowValues.forEach((cell, i) => {
    const r = classify(rowVar, cell, `${rowVar.name}, case ${i + 1}`);
    const c = classify(colVar, colValues[i], `${colVar.name}, case ${i + 1}`);
    if (r.kind !== 'valid') missingOnRowVariable++;
    if (c.kind !== 'valid') missingOnColumnVariable++;
    if (r.kind === 'valid' && c.kind === 'valid') pairs.push([r.value, c.value]);
    else missing++;
  });

  const rowValuesSeen = distinctSorted(pairs.map(([r]) => r));
  const colValuesSeen = distinctSorted(pairs.map(([, c]) => c));
  const rowIndex = new Map(rowValuesSeen.map((v, i) => [v, i]));
  const colIndex = new Map(colValuesSeen.map((v, i) => [v, i]));
  const counts = rowValuesSeen.map(() => colValuesSeen.map(() => 0));
  for (const [r, c] of pairs) {
    const row = counts[rowIndex.get(r) as number] as number[];
    const j = colIndex.get(c) as number;
    row[j] = (row[j] as number) + 1;
  }

  const total = pairs.length;
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = colValuesSeen.map((_, j) => counts.reduce((a, row) => a + (row[j] as number), 0));
  const expected = rowTotals.map((rt) => columnTotals.map((ct) => (total > 0 ? (rt * ct) / total : 0)));
  const rows = rowValuesSeen.map((value) => ({ value, label: categoryLabel(rowVar, value) }));
  const columns = colValuesSeen.map((value) => ({ value, label: categoryLabel(colVar, value) }));

  return {
    kind: 'crosstab',
    percentages,
    rowVariable: heading(rowVar),
    columnVariable: heading(colVar),
    rows,
    columns,
    counts,
    columnPercents: counts.map((row) => row.map((n, j) => percentage(n, columnTotals[j] as number))),
    rowTotals,
    rowTotalPercents: rowTotals.map((n) => percentage(n, total)),
    rowPercents: counts.map((row, i) => row.map((n) => percentage(n, rowTotals[i] as number))),
    columnTotalPercents: columnTotals.map((n) => percentage(n, total)),
    columnTotals,
    total,
    expected,
    cases: {
      valid: percentage(total, rowValues.length),
      missing: percentage(missing, rowValues.length),
      total: rowValues.length,
      missingOnRowVariable,
      missingOnColumnVariable,
    },
    chiSquare: pearsonChiSquare(counts, expected, rows, columns, heading(rowVar), heading(colVar)),
  };
}

function pearsonChiSquare(
  counts: number[][],
  expected: number[][],
  rows: CrosstabCategory[],
  columns: CrosstabCategory[],
  rowHeading: VariableHeading,
  colHeading: VariableHeading,
): ChiSquareTest {
  if (rows.length === 0 || columns.length === 0) {
    return { available: false, reason: `No case has a valid answer to both ${title(rowHeading)} and ${title(colHeading)}, so there is nothing to test.` };
  }
  // With one row (or column) every expected count equals the observed one: the statistic is
  // 0 on 0 degrees of freedom and says nothing, so SPSS prints no test either.
  const single = rows.length < 2 ? { h: rowHeading, only: rows[0] } : columns.length < 2 ? { h: colHeading, only: columns[0] } : null;
  if (single) {
    return {
      available: false,
      reason: `No chi-square test: every valid answer to ${title(single.h)} is "${single.only?.label ?? ''}", and the test needs at least two categories of each variable.`,
    };
  }
  let value = 0;
  let cellsBelowFive = 0;
  let minimumExpected = Infinity;
  counts.forEach((row, i) => row.forEach((observed, j) => {
    const e = (expected[i] as number[])[j] as number;
    value += ((observed - e) * (observed - e)) / e; // e > 0: every row and column has cases
    if (e < 5) cellsBelowFive++;
    minimumExpected = Math.min(minimumExpected, e);
  }));
  const df = (rows.length - 1) * (columns.length - 1);
  const cells = rows.length * columns.length;
  const footnote = expectedCountFootnote(cellsBelowFive, cells, minimumExpected);
  return { available: true, value, df, pValue: chiSquareSurvival(value, df), cells, cellsBelowFive, minimumExpected, footnote, warning: cellsBelowFive > 0 ? footnote : null };
}

/** SPSS's footnote under the Chi-Square Tests table (with "1 cell … has" where SPSS says "1 cells … have"). */
export function expectedCountFootnote(cellsBelowFive: number, cells: number, minimumExpected: number): string {
  const share = formatPercentage(percentage(cellsBelowFive, cells));
  const subject = cellsBelowFive === 1 ? '1 cell' : `${cellsBelowFive} cells`;
  const verb = cellsBelowFive === 1 ? 'has' : 'have';
  return `${subject} (${share}%) ${verb} expected count less than 5. The minimum expected count is ${formatNumber(minimumExpected, EXPECTED_DECIMALS)}.`;
}

function distinctSorted(values: CategoryValue[]): CategoryValue[] {
  return [...new Set(values)].sort(compareValues);
}
