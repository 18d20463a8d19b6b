/**
 * The sample-description table evaluators put first in a report ("Table 1.
 * Sample of key stakeholders"): for each respondent attribute, n and % per
 * category. When some respondents have no valid answer the table also gives
 * Valid % (over those who answered) and a lettered note saying how many are
 * missing, because percentages over all respondents then no longer sum to 100
 * and readers take them for shares of the known answers.
 */
import type { SpssCell, SpssVariable } from '../export/spss/types';
import { categoryLabel, compareValues, labelledValidValues, StatsError, type CategoryValue } from './categories';
import { percentage, type Percentage } from './format';
import { frequencyTable } from './frequency-table';

export interface SampleAttributeInput {
  /** Short name (e.g. the variable name). */
  name: string;
  /** Heading shown in the table, e.g. "Focus of work". */
  label: string;
  variable: SpssVariable;
  /** One value per respondent, in the same respondent order for every attribute. */
  values: readonly SpssCell[];
}

export interface SampleCategory {
  value: CategoryValue;
  label: string;
  count: number;
  /** Share of all respondents (the N of the table). */
  percent: Percentage;
  /** Share of respondents with a valid answer to this attribute. */
  validPercent: Percentage;
}

export interface SampleAttribute {
  name: string;
  label: string;
  /** Every labelled valid category (even if nobody is in it) and any unlabelled value that occurs, by value. */
  categories: SampleCategory[];
  valid: number;
  missing: number;
  /** What the missing respondents said: each user-missing code, then system-missing. */
  missingBreakdown: { kind: 'user' | 'system'; label: string; count: number }[];
  /** Footnote letter ('a', 'b', …) when some respondents are missing, else null. */
  noteMark: string | null;
  note: string | null;
}

export interface SampleDescription {
  kind: 'sample-description';
  /** Respondents in the sample. */
  n: number;
  attributes: SampleAttribute[];
  /** Footnotes in order, each starting with its letter ("a. Focus of work is missing for 2 respondents …"). */
  notes: string[];
}

export function sampleDescription(attributes: readonly SampleAttributeInput[]): SampleDescription {
  const n = attributes[0]?.values.length ?? 0;
  const notes: string[] = [];
  const out = attributes.map((attr): SampleAttribute => {
    if (attr.values.length !== n) {
      throw new StatsError(`sampleDescription: "${attr.label}" has ${attr.values.length} values but "${attributes[0]?.label ?? ''}" has ${n}; every attribute needs one value per respondent`);
    }
    const freq = frequencyTable(attr.variable, attr.values);
    const counts = new Map<CategoryValue, number>(freq.valid.map((r) => [r.value, r.frequency]));
    for (const value of labelledValidValues(attr.variable)) if (!counts.has(value)) counts.set(value, 0);
    const valid = freq.validTotal.frequency;
    const categories = [...counts.entries()]
      .sort(([a], [b]) => compareValues(a, b))
      .map(([value, count]) => ({ value, label: categoryLabel(attr.variable, value), count, percent: percentage(count, n), validPercent: percentage(count, valid) }));
    const missing = freq.missingTotal.frequency;
    const missingBreakdown = freq.missing.map((r) => ({ kind: r.kind, label: r.label, count: r.frequency }));
    let noteMark: string | null = null;
    let note: string | null = null;
    if (missing > 0) {
      noteMark = footnoteLetter(notes.length);
      note = missingNote(attr.label, missing, valid, missingBreakdown);
      notes.push(`${noteMark}. ${note}`);
    }
    return { name: attr.name, label: attr.label, categories, valid, missing, missingBreakdown, noteMark, note };
  });
  return { kind: 'sample-description', n, attributes: out, notes };
}

function respondents(k: number): string {
  return k === 1 ? '1 respondent' : `${k} respondents`;
}

function missingNote(label: string, missing: number, valid: number, breakdown: { kind: 'user' | 'system'; label: string; count: number }[]): string {
  // A blank cell is "no answer recorded" in prose; user-missing codes keep their own labels.
  const name = (b: { kind: 'user' | 'system'; label: string }): string => (b.kind === 'system' ? 'no answer recorded' : b.label);
  const why = breakdown.length === 1 ? name(breakdown[0] as (typeof breakdown)[number]) : breakdown.map((b) => `${name(b)}: ${b.count}`).join('; ');
  return `${label} is missing for ${respondents(missing)} (${why}); Valid % is of the ${valid} who answered.`;
}

/** a, b, …, z, aa, ab, …: SPSS-style footnote letters. */
export function footnoteLetter(index: number): string {
  let s = '';
  let i = index;
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return s;
}
