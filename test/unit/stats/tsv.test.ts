import { describe, expect, it } from 'vitest';
import type { SpssVariable } from '../../../shared/export/spss/index';
import { crosstab, frequencyTable, sampleDescription, toTsv } from '../../../shared/stats/index';

function numeric(name: string, label: string, labels: [number, string][], missingValues: number[] = []): SpssVariable {
  return { name, label, type: 'numeric', width: 0, decimals: 0, measure: 'nominal', valueLabels: labels.map(([value, l]) => ({ value, label: l })), missingValues };
}
const CONSENT = numeric('consent', 'Consent\tgiven?', [[1, 'Yes'], [2, 'No'], [9, "Don't know"]], [9]);
const SEX = numeric('sex', '', [[1, 'Female'], [2, 'Male']]);
const lines = (tsv: string): string[][] => tsv.split('\r\n').slice(0, -1).map((l) => l.split('\t'));

describe('toTsv', () => {
  it('writes a frequency table with one header row and numbers as displayed', () => {
    const tsv = toTsv(frequencyTable(CONSENT, [1, 1, 2, 9, null, 1]));
    expect(tsv.endsWith('\r\n')).toBe(true);
    expect(lines(tsv)).toEqual([
      ['Consent given?', '', 'Frequency', 'Percent', 'Valid Percent', 'Cumulative Percent'],
      ['Valid', 'Yes', '3', '50.0', '75.0', '75.0'],
      ['', 'No', '1', '16.7', '25.0', '100.0'],
      ['', 'Total', '4', '66.7', '100.0', ''],
      ['Missing', "Don't know", '1', '16.7', '', ''],
      ['', 'System missing', '1', '16.7', '', ''],
      ['', 'Total', '2', '33.3', '', ''],
      ['Total', '', '6', '100.0', '', ''],
    ]);
    // Without missing values there are no subtotals, as in SPSS; the name stands in for a missing label.
    expect(lines(toTsv(frequencyTable(SEX, [1, 2])))).toEqual([
      ['sex', '', 'Frequency', 'Percent', 'Valid Percent', 'Cumulative Percent'],
      ['Valid', 'Female', '1', '50.0', '50.0', '50.0'],
      ['', 'Male', '1', '50.0', '50.0', '100.0'],
      ['Total', '', '2', '100.0', '', ''],
    ]);
  });

  it('writes a crosstab with column percentages, the chi-square test and its notes', () => {
    const t = crosstab(SEX, [1, 1, 2, 2, 2, 1], CONSENT, [1, 2, 1, 1, 9, 1]);
    expect(lines(toTsv(t))).toEqual([
      ['sex by Consent given?', '', 'Yes', 'No', 'Total'],
      ['Female', 'Count', '2', '1', '3'],
      ['', 'Column %', '50.0', '100.0', '60.0'],
      ['Male', 'Count', '2', '0', '2'],
      ['', 'Column %', '50.0', '0.0', '40.0'],
      ['Total', 'Count', '4', '1', '5'],
      ['', 'Column %', '100.0', '100.0', '100.0'],
      [''],
      ['Pearson Chi-Square', 'Value', '0.83'], // 5/6
      ['', 'df', '1'],
      ['', 'Asymptotic Sig. (2-sided)', '0.361'],
      ['N of Valid Cases', '', '5'],
      ['4 cells (100.0%) have expected count less than 5. The minimum expected count is 0.40.'],
      ['1 of 6 cases (16.7%) was left out as missing on sex or Consent given?.'],
    ]);
    expect(lines(toTsv(crosstab(SEX, [1, 1], CONSENT, [1, 2]))).at(-1)?.[0]).toMatch(/^No chi-square test: every valid answer to sex is "Female"/);
  });

  it('writes the sample description with Valid % and lettered notes', () => {
    const s = sampleDescription([
      { name: 'sex', label: 'Sex', variable: SEX, values: [1, 2, 2, 1] },
      { name: 'consent', label: 'Consent', variable: CONSENT, values: [1, 1, 2, 9] },
    ]);
    expect(lines(toTsv(s))).toEqual([
      ['Sample (N=4)', 'n', '%', 'Valid %'],
      ['Sex', '', '', ''],
      ['Female', '2', '50.0', ''],
      ['Male', '2', '50.0', ''],
      ['Consent (a)', '', '', ''],
      ['Yes', '2', '50.0', '66.7'],
      ['No', '1', '25.0', '33.3'],
      [''],
      ["a. Consent is missing for 1 respondent (Don't know); Valid % is of the 3 who answered."],
    ]);
    expect(lines(toTsv(sampleDescription([{ name: 'sex', label: 'Sex', variable: SEX, values: [1] }])))[0]).toEqual(['Sample (N=1)', 'n', '%']);
  });
});
