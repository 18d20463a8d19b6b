/**
 * The dataset model handed to the SPSS writers (CSV + syntax, and .sav).
 *
 * The model is deliberately close to what an evaluator sees in SPSS: one
 * column per variable, one row per respondent, labels and user-missing codes
 * carried on the variable. Nothing here knows about files: the writers return
 * bytes and the service layer decides where they go.
 */

export type SpssVariableType = 'numeric' | 'string' | 'date';
export type SpssMeasure = 'nominal' | 'ordinal' | 'scale';

/** A cell: a number, a string, or `null` (system-missing for numeric/date, empty for string). */
export type SpssCell = number | string | null;

export interface SpssValueLabel {
  /** Numeric code (numeric/date variables; for dates an ISO 'YYYY-MM-DD' string is also accepted) or string value. */
  value: number | string;
  label: string;
}

export interface SpssVariable {
  /** Variable name; cleaned with `cleanVariableNames` by the writers, so raw form-field names are fine. */
  name: string;
  /** Variable label ('' for none). Newlines become spaces; truncated to 255 UTF-8 bytes. */
  label: string;
  type: SpssVariableType;
  /**
   * String width in bytes (UTF-8). Treated as a minimum: the writers widen a
   * string variable to fit its longest value, value label value or missing
   * value (max 32767) so that no data is silently cut. Ignored for numeric/date.
   */
  width: number;
  /** Decimal places shown for numeric variables (0–16). Ignored for strings and dates. */
  decimals: number;
  measure: SpssMeasure;
  valueLabels: SpssValueLabel[];
  /**
   * Discrete user-missing values: at most 3, or 1 beside a `missingRange`. Numeric variables only in
   * practice: string missing values are refused for strings wider than 8 bytes, because readers
   * disagree on the long-string missing-values record (ReadStat and haven refuse PSPP's own files).
   */
  missingValues: (number | string)[];
  /** A user-missing range, as SPSS's `MISSING VALUES x (LO THRU -7, 9)`: `null` low is LO, `null` high is HI. Numeric only. */
  missingRange?: { low: number | null; high: number | null };
  /**
   * Missing codes SPSS cannot declare beside the others (it holds three discrete values, or one
   * and a range). The .sav and .sps leave them to the codebook's note; R and Stata, which hold
   * any number, declare them too.
   */
  moreMissing?: number[];
  /** Custom variable attributes (SPSS `VARIABLE ATTRIBUTE`, .sav record 7.18), e.g. the choice names behind codes. */
  attributes?: Record<string, string>;
}

/** A multiple dichotomy set (select_multiple as 0/1 dummies). */
export interface MrSet {
  /** Set name; a leading '$' is added if missing and the rest is cleaned like a variable name. */
  name: string;
  label: string;
  /** Member variable names, as given in `SpssDataset.variables[].name` (before or after cleaning). */
  variables: string[];
  /** The counted value; defaults to 1. Must be an integer. */
  countedValue?: number;
}

export interface SpssDataset {
  variables: SpssVariable[];
  /** `rows[i][j]` is the value of `variables[j]` for case i. Dates are ISO 'YYYY-MM-DD' strings. */
  rows: SpssCell[][];
  multipleResponseSets: MrSet[];
  /** File label, one line, truncated to 60 UTF-8 bytes (fits SPSS's 64-byte header field and PSPP's FILE LABEL). */
  fileLabel?: string;
}

/** Thrown for datasets the writers cannot represent faithfully (a caller bug, not an I/O problem). */
export class SpssExportError extends Error {
  override readonly name = 'SpssExportError';
}
