/**
 * FREQUENCIES for one variable, laid out as SPSS and PSPP print it: valid
 * values in ascending order, then the missing values, with Frequency,
 * Percent (of all cases), Valid Percent (of valid cases) and Cumulative
 * Percent (running over valid rows). Evaluators quote Valid Percent, so it is
 * kept apart from Percent and every share is kept as counts (see format.ts).
 */
import type { SpssCell, SpssVariable } from '../export/spss/types';
import { categoryLabel, classify, compareValues, heading, SYSTEM_MISSING_LABEL, type CategoryValue, type VariableHeading } from './categories';
import { percentage, type Percentage } from './format';

export interface FrequencyValidRow {
  value: CategoryValue;
  label: string;
  frequency: number;
  percent: Percentage;
  validPercent: Percentage;
  /** Valid cases up to and including this row, over all valid cases: reaches exactly 100. */
  cumulativePercent: Percentage;
}

export interface FrequencyMissingRow {
  /** 'user': a declared missing code such as 9 "Don't know"; 'system': a blank numeric or date cell. */
  kind: 'user' | 'system';
  /** The missing code, or `null` for system-missing. */
  value: CategoryValue | null;
  label: string;
  frequency: number;
  /** Missing rows have a Percent but no Valid or Cumulative Percent (SPSS leaves them blank). */
  percent: Percentage;
}

export interface FrequencyTable {
  kind: 'frequency';
  variable: VariableHeading;
  valid: FrequencyValidRow[];
  /** User-missing codes in ascending order, then system-missing last (as SPSS lists them). Only codes that occur. */
  missing: FrequencyMissingRow[];
  validTotal: { frequency: number; percent: Percentage; validPercent: Percentage };
  missingTotal: { frequency: number; percent: Percentage };
  total: { frequency: number; percent: Percentage };
}

export function frequencyTable(variable: SpssVariable, values: readonly SpssCell[]): FrequencyTable {
  const validCounts = new Map<CategoryValue, number>();
  const userMissing = new Map<CategoryValue, number>();
  let systemMissing = 0;
  values.forEach((cell, i) => {
    const c = classify(variable, cell, `${variable.name}, case ${i + 1}`);
    if (c.kind === 'valid') validCounts.set(c.value, (validCounts.get(c.value) ?? 0) + 1);
    else if (c.kind === 'user-missing') userMissing.set(c.value, (userMissing.get(c.value) ?? 0) + 1);
    else systemMissing++;
  });

  const n = values.length;
  const validN = sum(validCounts.values());
  let cumulative = 0;
  const valid = [...validCounts.entries()]
    .sort(([a], [b]) => compareValues(a, b))
    .map(([value, frequency]): FrequencyValidRow => {
      cumulative += frequency;
      return {
        value,
        label: categoryLabel(variable, value),
        frequency,
        percent: percentage(frequency, n),
        validPercent: percentage(frequency, validN),
        cumulativePercent: percentage(cumulative, validN),
      };
    });

  const missing: FrequencyMissingRow[] = [...userMissing.entries()]
    .sort(([a], [b]) => compareValues(a, b))
    .map(([value, frequency]) => ({ kind: 'user', value, label: categoryLabel(variable, value), frequency, percent: percentage(frequency, n) }));
  if (systemMissing > 0) {
    missing.push({ kind: 'system', value: null, label: SYSTEM_MISSING_LABEL, frequency: systemMissing, percent: percentage(systemMissing, n) });
  }
  const missingN = n - validN;

  return {
    kind: 'frequency',
    variable: heading(variable),
    valid,
    missing,
    validTotal: { frequency: validN, percent: percentage(validN, n), validPercent: percentage(validN, validN) },
    missingTotal: { frequency: missingN, percent: percentage(missingN, n) },
    total: { frequency: n, percent: percentage(n, n) },
  };
}

function sum(xs: Iterable<number>): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
