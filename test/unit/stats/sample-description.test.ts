import { describe, expect, it } from 'vitest';
import type { SpssCell, SpssVariable } from '../../../shared/export/spss/index';
import { footnoteLetter, formatPercentage, sampleDescription, StatsError, type SampleAttributeInput } from '../../../shared/stats/index';

function numeric(name: string, labels: string[], extra: Partial<SpssVariable> = {}): SpssVariable {
  return { name, label: '', type: 'numeric', width: 0, decimals: 0, measure: 'nominal', valueLabels: labels.map((label, i) => ({ value: i + 1, label })), missingValues: [], ...extra };
}
const repeat = (value: SpssCell, n: number): SpssCell[] => Array.from({ length: n }, () => value);
const counts = (ns: number[], tail: SpssCell[] = []): SpssCell[] => [...ns.flatMap((n, i) => repeat(i + 1, n)), ...tail];

// The evaluation report's Table 1: 54 respondents; focus of work missing for two of them.
const TABLE_1: SampleAttributeInput[] = [
  { name: 'org', label: 'Organization Type', variable: numeric('org', ['Royal Cambodian Government', 'NGO/IO/Other', 'IJM']), values: counts([20, 21, 13]) },
  { name: 'focus', label: 'Focus of Work', variable: numeric('focus', ['Service provider', 'Policing and investigations', 'Legal/courts', 'Outreach']), values: counts([25, 21, 5, 1], [null, null]) },
  { name: 'loc', label: 'Location', variable: numeric('loc', ['Phnom Penh', 'Siem Reap', 'Sihanoukville', 'Outside Cambodia']), values: counts([38, 9, 5, 2]) },
];

describe('sampleDescription (the report\'s Table 1)', () => {
  const t = sampleDescription(TABLE_1);
  const shown = (i: number): string[][] => (t.attributes[i]?.categories ?? []).map((c) => [c.label, String(c.count), formatPercentage(c.percent), formatPercentage(c.validPercent)]);

  it('prints 37.0% for 20 of 54 (the report printed 35.1%)', () => {
    expect(t.n).toBe(54);
    expect(shown(0).map((r) => r.slice(0, 3))).toEqual([
      ['Royal Cambodian Government', '20', '37.0'],
      ['NGO/IO/Other', '21', '38.9'],
      ['IJM', '13', '24.1'],
    ]);
    expect(t.attributes[0]).toMatchObject({ valid: 54, missing: 0, noteMark: null, note: null });
  });

  it('gives focus-of-work valid percent over the 52 who answered, with a note on the 2 missing', () => {
    expect(shown(1)).toEqual([
      ['Service provider', '25', '46.3', '48.1'], // 25/54, 25/52
      ['Policing and investigations', '21', '38.9', '40.4'],
      ['Legal/courts', '5', '9.3', '9.6'],
      ['Outreach', '1', '1.9', '1.9'],
    ]);
    expect(t.attributes[1]).toMatchObject({ valid: 52, missing: 2, noteMark: 'a', missingBreakdown: [{ kind: 'system', count: 2 }] });
    expect(t.notes).toEqual(['a. Focus of Work is missing for 2 respondents (no answer recorded); Valid % is of the 52 who answered.']);
  });

  it('matches the report for complete attributes', () => {
    expect(shown(2).map((r) => r[2])).toEqual(['70.4', '16.7', '9.3', '3.7']);
  });

  it('lists labelled categories nobody chose, names each kind of missing answer, and letters notes in order', () => {
    const dk = numeric('q', ['Yes', 'No'], { valueLabels: [{ value: 1, label: 'Yes' }, { value: 2, label: 'No' }, { value: 9, label: "Don't know" }], missingValues: [9] });
    const s = sampleDescription([
      { name: 'a', label: 'Trained', variable: dk, values: [1, 1, 9, null] },
      { name: 'b', label: 'Paid', variable: dk, values: [1, 9, 2, 2] },
    ]);
    expect(s.attributes[0]?.categories.map((c) => [c.label, c.count, formatPercentage(c.validPercent)])).toEqual([['Yes', 2, '100.0'], ['No', 0, '0.0']]);
    expect(s.notes).toEqual([
      "a. Trained is missing for 2 respondents (Don't know: 1; no answer recorded: 1); Valid % is of the 2 who answered.",
      "b. Paid is missing for 1 respondent (Don't know); Valid % is of the 3 who answered.",
    ]);
  });

  it('needs one value per respondent for every attribute', () => {
    expect(() => sampleDescription([TABLE_1[0] as SampleAttributeInput, { ...(TABLE_1[1] as SampleAttributeInput), values: [1] }])).toThrow(StatsError);
    expect(sampleDescription([])).toEqual({ kind: 'sample-description', n: 0, attributes: [], notes: [] });
    expect([0, 1, 25, 26, 27, 701, 702].map(footnoteLetter)).toEqual(['a', 'b', 'z', 'aa', 'ab', 'zz', 'aaa']);
  });
});
