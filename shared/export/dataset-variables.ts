/** Small builders the dataset steps share: variable shapes, label text, codes for lists. */
import { defaultText, type Labels, type Schedule } from '../schedule/model';
import type { SpssCell, SpssValueLabel, SpssVariable } from './spss';

export const isNumericCode = (code: string) => /^-?\d+(\.\d+)?$/.test(code.trim());

/** A label in the export language, or the schedule's default text. */
export function labelText(labels: Labels, schedule: Schedule, language: string | undefined): string {
  const chosen = language !== undefined ? labels[language] : undefined;
  return chosen !== undefined && chosen !== '' ? chosen : defaultText(schedule, labels);
}

/** Attribute options coded 1..k in list order; values not in the list follow, sorted. */
export function coded(options: readonly { code: string; label: string }[], used: readonly string[]): { labels: SpssValueLabel[]; code(value: string): SpssCell } {
  const all = [...options];
  const known = new Set(options.map((o) => o.code));
  for (const value of [...new Set(used)].filter((v) => v !== '' && !known.has(v)).sort()) all.push({ code: value, label: value });
  const index = new Map(all.map((o, i) => [o.code, i + 1]));
  return { labels: all.map((o, i) => ({ value: i + 1, label: o.label })), code: (value) => (value === '' ? null : (index.get(value) ?? null)) };
}

export const numericVariable = (label: string, measure: SpssVariable['measure'], valueLabels: SpssValueLabel[] = [], decimals = 0): Omit<SpssVariable, 'name'> => ({
  label,
  type: 'numeric',
  width: 8,
  decimals,
  measure,
  valueLabels,
  missingValues: [],
});

export const stringVariable = (label: string, width = 1): Omit<SpssVariable, 'name'> => ({ label, type: 'string', width, decimals: 0, measure: 'nominal', valueLabels: [], missingValues: [] });

export const categorical = (label: string, valueLabels: SpssValueLabel[]) => numericVariable(label, 'nominal', valueLabels);
