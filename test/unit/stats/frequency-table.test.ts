import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SpssCell, SpssVariable } from '../../../shared/export/spss/index';
import { formatPercentage, frequencyTable, StatsError, type FrequencyTable } from '../../../shared/stats/index';

function numeric(name: string, extra: Partial<SpssVariable> = {}): SpssVariable {
  return { name, label: '', type: 'numeric', width: 0, decimals: 0, measure: 'nominal', valueLabels: [], missingValues: [], ...extra };
}

const CONSENT = numeric('consent', {
  label: 'Consent given?',
  valueLabels: [
    { value: 1, label: 'Yes' },
    { value: 2, label: 'No' },
    { value: 9, label: "Don't know" },
    { value: -8, label: 'Declined' },
    { value: -7, label: 'Interview ended' },
  ],
  missingValues: [9, -8, -7],
});

const repeat = (value: SpssCell, n: number): SpssCell[] => Array.from({ length: n }, () => value);

/** Rows as printed: [label, frequency, percent, valid percent, cumulative percent]. */
function shown(t: FrequencyTable): string[][] {
  return [
    ...t.valid.map((r) => [r.label, String(r.frequency), formatPercentage(r.percent), formatPercentage(r.validPercent), formatPercentage(r.cumulativePercent)]),
    ...t.missing.map((r) => [r.label, String(r.frequency), formatPercentage(r.percent), '', '']),
  ];
}

describe('frequencyTable', () => {
  // 15 cases: 6 Yes, 3 No, 2 Don't know, 1 Declined, 1 Interview ended, 2 blank.
  const values = [...repeat(1, 6), ...repeat(9, 2), ...repeat(2, 3), -8, null, -7, null];
  const t = frequencyTable(CONSENT, values);

  it('takes Percent over all cases and Valid Percent over valid cases only', () => {
    expect(shown(t)).toEqual([
      ['Yes', '6', '40.0', '66.7', '66.7'], // 6/15, 6/9
      ['No', '3', '20.0', '33.3', '100.0'], // 3/15, 3/9
      ['Declined', '1', '6.7', '', ''],
      ['Interview ended', '1', '6.7', '', ''],
      ["Don't know", '2', '13.3', '', ''],
      ['System missing', '2', '13.3', '', ''],
    ]);
    expect(t.missing.map((r) => [r.kind, r.value])).toEqual([['user', -8], ['user', -7], ['user', 9], ['system', null]]);
  });

  it('keeps exact counts and totals', () => {
    expect(t.valid.map((r) => [r.value, r.frequency, r.percent.value, r.validPercent.value])).toEqual([
      [1, 6, 40, (6 * 100) / 9],
      [2, 3, 20, (3 * 100) / 9],
    ]);
    expect(t.validTotal).toMatchObject({ frequency: 9, percent: { count: 9, base: 15, value: 60 }, validPercent: { value: 100 } });
    expect(t.missingTotal).toMatchObject({ frequency: 6, percent: { value: 40 } });
    expect(t.total).toMatchObject({ frequency: 15, percent: { value: 100 } });
    expect(t.variable).toEqual({ name: 'consent', label: 'Consent given?' });
  });

  it('reaches exactly 100.0 cumulative even when the rounded valid percents sum to 99.9', () => {
    const thirds = frequencyTable(numeric('x'), [1, 2, 3]);
    expect(thirds.valid.map((r) => formatPercentage(r.validPercent))).toEqual(['33.3', '33.3', '33.3']);
    expect(thirds.valid.map((r) => formatPercentage(r.cumulativePercent))).toEqual(['33.3', '66.7', '100.0']);
    fc.assert(fc.property(fc.array(fc.oneof(fc.integer({ min: 1, max: 7 }), fc.constant(null), fc.constant(9)), { minLength: 1, maxLength: 300 }), (cells) => {
      const ft = frequencyTable(numeric('x', { missingValues: [9] }), cells);
      const last = ft.valid.at(-1);
      if (last) expect(formatPercentage(last.cumulativePercent)).toBe('100.0');
      // Each cumulative figure comes from the running count, never from adding rounded figures.
      let running = 0;
      for (const r of ft.valid) {
        running += r.frequency;
        expect(r.cumulativePercent).toEqual({ count: running, base: ft.validTotal.frequency, value: (running * 100) / ft.validTotal.frequency });
      }
      expect(ft.validTotal.frequency + ft.missingTotal.frequency).toBe(cells.length);
    }));
  });

  it('orders valid values numerically and shows unlabelled codes as numbers', () => {
    const ft = frequencyTable(numeric('n', { decimals: 0, valueLabels: [{ value: 10, label: 'Ten' }] }), [10, 2, -1, 2.5, 0, -0]);
    expect(ft.valid.map((r) => [r.value, r.label, r.frequency])).toEqual([[-1, '-1', 1], [0, '0', 2], [2, '2', 1], [2.5, '2.5', 1], [10, 'Ten', 1]]);
  });

  it('treats an empty string answer as a valid value, as SPSS does, unless declared missing', () => {
    const sex: SpssVariable = { ...numeric('sex'), type: 'string', width: 1, valueLabels: [{ value: 'f', label: 'Female' }, { value: 'm', label: 'Male' }], missingValues: ['x'] };
    const ft = frequencyTable(sex, ['f', 'm', '', null, 'x', 'm  ']);
    expect(ft.valid.map((r) => [r.value, r.label, r.frequency])).toEqual([['', '', 2], ['f', 'Female', 1], ['m', 'Male', 2]]);
    expect(ft.missing.map((r) => [r.kind, r.value, r.frequency])).toEqual([['user', 'x', 1]]);
  });

  it('handles no cases and all-missing data', () => {
    const empty = frequencyTable(CONSENT, []);
    expect(empty.valid).toEqual([]);
    expect(empty.total.frequency).toBe(0);
    expect(formatPercentage(empty.total.percent)).toBe('');
    const allMissing = frequencyTable(CONSENT, [9, null]);
    expect(allMissing.valid).toEqual([]);
    expect(formatPercentage(allMissing.validTotal.validPercent)).toBe('');
    expect(formatPercentage(allMissing.missingTotal.percent)).toBe('100.0');
  });

  it('rejects values of the wrong type (a caller bug)', () => {
    expect(() => frequencyTable(CONSENT, [1, '2'])).toThrow(StatsError);
    expect(() => frequencyTable(CONSENT, [Number.NaN])).toThrow(/case 1/);
  });
});
