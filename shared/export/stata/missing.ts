/** Whether a numeric value is declared missing on a variable (discrete codes or the LO THRU HI range). */
import type { SpssVariable } from '../spss/types';

export function inMissingRangeOf(variable: SpssVariable, value: number): boolean {
  if (variable.missingValues.includes(value) || (variable.moreMissing ?? []).includes(value)) return true;
  const range = variable.missingRange;
  return range !== undefined && (range.low === null || value >= range.low) && (range.high === null || value <= range.high);
}
