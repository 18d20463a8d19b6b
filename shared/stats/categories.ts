/**
 * How one answer counts for a variable, the way SPSS decides it: a value is
 * valid, one of the variable's user-missing codes, or system-missing (an empty
 * numeric or date cell). Strings have no system-missing value in SPSS: an
 * empty answer is the valid value '' unless '' is declared missing.
 */
import { numberToText } from '../export/spss/number-text';
import type { SpssCell, SpssVariable } from '../export/spss/types';
import { assertNever } from '../util/assert-never';
import { formatNumber } from './format';

/** A category's value: the numeric code, or the (right-trimmed) string or ISO date. */
export type CategoryValue = number | string;

export type Classified =
  | { kind: 'valid'; value: CategoryValue }
  | { kind: 'user-missing'; value: CategoryValue }
  | { kind: 'system-missing' };

/** A caller passed data the statistics cannot describe faithfully (a bug, not a data problem). */
export class StatsError extends Error {
  override readonly name = 'StatsError';
}

/** The label SPSS users know for blank numeric cells (SPSS prints "System"). */
export const SYSTEM_MISSING_LABEL = 'System missing';

/** Variable name and label as shown in table titles. */
export interface VariableHeading {
  name: string;
  label: string;
}

export function heading(variable: SpssVariable): VariableHeading {
  return { name: variable.name, label: variable.label.replace(/\s+/g, ' ').trim() };
}

/** The title SPSS uses: the variable label, or the name when there is none. */
export function title(h: VariableHeading): string {
  return h.label || h.name;
}

/** SPSS compares strings as if padded with spaces, so trailing spaces never distinguish values. */
function normaliseString(s: string): string {
  return s.replace(/ +$/, '');
}

export function classify(variable: SpssVariable, cell: SpssCell | undefined, where: string): Classified {
  const value = cellValue(variable, cell, where);
  if (value === null) return { kind: 'system-missing' };
  const missing = variable.missingValues.some((m) => (typeof m === 'string' ? normaliseString(m) : m) === value) || (typeof value === 'number' && (variable.moreMissing ?? []).includes(value)) || inMissingRange(variable, value);
  return missing ? { kind: 'user-missing', value } : { kind: 'valid', value };
}

/** SPSS's `LO THRU -7`: a numeric value inside the variable's declared missing range. */
export function inMissingRange(variable: SpssVariable, value: CategoryValue): boolean {
  const range = variable.missingRange;
  if (!range || typeof value !== 'number') return false;
  return (range.low === null || value >= range.low) && (range.high === null || value <= range.high);
}

function cellValue(variable: SpssVariable, cell: SpssCell | undefined, where: string): CategoryValue | null {
  if (cell === undefined) throw new StatsError(`${where}: no value (the value lists must have one entry per case)`);
  switch (variable.type) {
    case 'numeric':
      if (cell === null) return null;
      if (typeof cell !== 'number' || !Number.isFinite(cell)) {
        throw new StatsError(`${where}: ${variable.name} is numeric but holds ${JSON.stringify(cell)}`);
      }
      return cell === 0 ? 0 : cell; // -0 and 0 are the same code
    case 'date':
      if (cell === null) return null;
      if (typeof cell !== 'string') throw new StatsError(`${where}: ${variable.name} is a date variable and expects ISO 'YYYY-MM-DD' strings`);
      return cell;
    case 'string':
      if (typeof cell === 'number') throw new StatsError(`${where}: ${variable.name} is a string variable but holds the number ${cell}`);
      return normaliseString(cell ?? '');
    default:
      return assertNever(variable.type, 'variable type');
  }
}

/** Ascending order, as SPSS lists categories: numerically for codes, by code unit for text and ISO dates. */
export function compareValues(a: CategoryValue, b: CategoryValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** The value label, or the value itself shown with the variable's decimals (as SPSS does when unlabelled). */
export function categoryLabel(variable: SpssVariable, value: CategoryValue): string {
  const found = variable.valueLabels.find((l) => (typeof l.value === 'string' ? normaliseString(l.value) : l.value) === value);
  if (found) return found.label.replace(/\s+/g, ' ').trim();
  if (typeof value === 'string') return value;
  const shown = formatNumber(value, variable.decimals);
  // Never let rounding make two different codes look alike (2.5 shown as "3").
  return Number(shown) === value ? shown : numberToText(value);
}

/** Valid values that carry a value label, for tables that list every category even when nobody chose it. */
export function labelledValidValues(variable: SpssVariable): CategoryValue[] {
  const out: CategoryValue[] = [];
  for (const l of variable.valueLabels) {
    if (variable.type === 'numeric' && typeof l.value !== 'number') continue;
    if (variable.type !== 'numeric' && typeof l.value !== 'string') continue;
    const c = classify(variable, l.value, 'value label');
    if (c.kind === 'valid' && !out.includes(c.value)) out.push(c.value);
  }
  return out;
}
