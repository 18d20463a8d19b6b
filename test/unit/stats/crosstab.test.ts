import { describe, expect, it } from 'vitest';
import type { SpssCell, SpssVariable } from '../../../shared/export/spss/index';
import { crosstab, expectedCountFootnote, formatNumber, formatPercentage, StatsError, type ChiSquareTest } from '../../../shared/stats/index';

function numeric(name: string, extra: Partial<SpssVariable> = {}): SpssVariable {
  return { name, label: '', type: 'numeric', width: 0, decimals: 0, measure: 'nominal', valueLabels: [], missingValues: [], ...extra };
}
const ORG = numeric('org', { label: 'Organisation type', valueLabels: [{ value: 1, label: 'Government' }, { value: 2, label: 'NGO' }, { value: 9, label: "Don't know" }], missingValues: [9, -8, -7] });
const FOCUS = numeric('focus', { label: 'Focus of work', valueLabels: [{ value: 1, label: 'Services' }, { value: 2, label: 'Policing' }, { value: 3, label: 'Courts' }], missingValues: [9, -8, -7] });

/** Cases from a table of counts: cells[r][c] cases with row code r+1 and column code c+1. */
function casesFrom(cells: number[][]): { rows: SpssCell[]; cols: SpssCell[] } {
  const rows: SpssCell[] = [];
  const cols: SpssCell[] = [];
  cells.forEach((line, r) => line.forEach((n, c) => {
    for (let k = 0; k < n; k++) {
      rows.push(r + 1);
      cols.push(c + 1);
    }
  }));
  return { rows, cols };
}

function available(chi: ChiSquareTest): Extract<ChiSquareTest, { available: true }> {
  if (!chi.available) throw new Error(chi.reason);
  return chi;
}

describe('crosstab', () => {
  it('computes counts, column percentages and chi-square for a 2x3 table worked by hand', () => {
    // Rows 60/60, columns 30/40/50, N = 120: expected 15, 20, 25 in both rows.
    // chi2 = 2 × (5²/15 + 0²/20 + 5²/25) = 2 × (5/3 + 1) = 16/3; df = 2; p = e^{-chi2/2} = e^{-8/3}.
    const { rows, cols } = casesFrom([[10, 20, 30], [20, 20, 20]]);
    const t = crosstab(ORG, rows, FOCUS, cols);
    expect(t.rows.map((r) => r.label)).toEqual(['Government', 'NGO']);
    expect(t.columns.map((c) => c.label)).toEqual(['Services', 'Policing', 'Courts']);
    expect(t.counts).toEqual([[10, 20, 30], [20, 20, 20]]);
    expect(t.rowTotals).toEqual([60, 60]);
    expect(t.columnTotals).toEqual([30, 40, 50]);
    expect(t.total).toBe(120);
    expect(t.expected).toEqual([[15, 20, 25], [15, 20, 25]]);
    expect(t.columnPercents.map((r) => r.map((p) => formatPercentage(p)))).toEqual([['33.3', '50.0', '60.0'], ['66.7', '50.0', '40.0']]);
    expect(t.rowTotalPercents.map((p) => formatPercentage(p))).toEqual(['50.0', '50.0']);
    const chi = available(t.chiSquare);
    expect(chi.value).toBeCloseTo(16 / 3, 12);
    expect(chi.df).toBe(2);
    expect(chi.pValue).toBeCloseTo(Math.exp(-8 / 3), 12);
    expect(formatNumber(chi.pValue, 3)).toBe('0.069');
    expect(chi.footnote).toBe('0 cells (0.0%) have expected count less than 5. The minimum expected count is 15.00.');
    expect(chi.warning).toBeNull();
  });

  it('warns, as SPSS footnotes, when expected counts fall below 5', () => {
    // Rows 3/7, columns 4/6, N = 10: expected 1.2, 1.8, 2.8, 4.2; chi2 = 0.04 × Σ 1/E = 5/63.
    const { rows, cols } = casesFrom([[1, 2], [3, 4]]);
    const chi = available(crosstab(ORG, rows, FOCUS, cols).chiSquare);
    expect(chi.value).toBeCloseTo(5 / 63, 12);
    expect(chi.df).toBe(1);
    expect([chi.cells, chi.cellsBelowFive, chi.minimumExpected]).toEqual([4, 4, 1.2]);
    expect(chi.warning).toBe('4 cells (100.0%) have expected count less than 5. The minimum expected count is 1.20.');

    // Rows 40/10, columns 22/28, N = 50: only 10 × 22 / 50 = 4.4 is below 5.
    const one = casesFrom([[20, 20], [2, 8]]);
    const chi1 = available(crosstab(ORG, one.rows, FOCUS, one.cols).chiSquare);
    expect(chi1.warning).toBe('1 cell (25.0%) has expected count less than 5. The minimum expected count is 4.40.');
    expect(expectedCountFootnote(3, 6, 0.333)).toBe('3 cells (50.0%) have expected count less than 5. The minimum expected count is 0.33.');
  });

  it('leaves out cases missing on either variable and counts them', () => {
    const rows: SpssCell[] = [1, 1, 2, 2, 9, null, 1, 2, -8];
    const cols: SpssCell[] = [1, 2, 1, 2, 1, 1, -7, null, 3];
    const t = crosstab(ORG, rows, FOCUS, cols);
    expect(t.counts).toEqual([[1, 1], [1, 1]]);
    // Courts (3) only occurs with a missing row answer, so it is no column (as in SPSS).
    expect(t.columns.map((c) => c.value)).toEqual([1, 2]);
    expect(t.total).toBe(4);
    expect(t.cases).toMatchObject({ total: 9, missingOnRowVariable: 3, missingOnColumnVariable: 2 });
    expect([t.cases.valid.count, t.cases.missing.count, formatPercentage(t.cases.missing)]).toEqual([4, 5, '55.6']);
    expect(available(t.chiSquare).value).toBe(0);
    expect(available(t.chiSquare).pValue).toBe(1);
  });

  it('gives no chi-square, and says why, for a single row, a single column or no valid cases', () => {
    const oneRow = crosstab(ORG, [1, 1, 1], FOCUS, [1, 2, 3]);
    expect(oneRow.counts).toEqual([[1, 1, 1]]);
    expect(oneRow.chiSquare).toEqual({ available: false, reason: 'No chi-square test: every valid answer to Organisation type is "Government", and the test needs at least two categories of each variable.' });
    const oneColumn = crosstab(ORG, [1, 2, 9], FOCUS, [3, 3, 1]);
    expect(oneColumn.chiSquare).toMatchObject({ available: false, reason: expect.stringContaining('Focus of work is "Courts"') });
    const none = crosstab(ORG, [9, null], FOCUS, [1, 2]);
    expect(none.rows).toEqual([]);
    expect(none.columns).toEqual([]);
    expect(none.total).toBe(0);
    expect(none.chiSquare).toEqual({ available: false, reason: 'No case has a valid answer to both Organisation type and Focus of work, so there is nothing to test.' });
    const empty = crosstab(ORG, [], FOCUS, []);
    expect(empty.chiSquare.available).toBe(false);
  });

  it('rejects value lists of different lengths', () => {
    expect(() => crosstab(ORG, [1, 2], FOCUS, [1])).toThrow(StatsError);
  });
});
