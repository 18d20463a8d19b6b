/**
 * NAME.R: an R script that reads the export's CSV into haven's labelled vectors, as an R user
 * would get them from `read_sav(user_na = TRUE)`: `labelled_spss` with value labels, `na_values`
 * and `na_range` (LO THRU -7 is `c(-Inf, -7)`), variable labels, dates as `Date`. It then
 * builds `fieldnote_factors`, the same data with missing codes as NA and labelled codes as
 * factors. Every non-ASCII character is written as a \u escape, so the script runs the same in
 * any locale (Rscript in a C locale would otherwise garble Khmer).
 */
import type { SpssDataset, SpssVariable } from './spss/types';

/** An R string literal, ASCII only. */
export function rString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x80) out += ch;
    else out += `\\U{${cp.toString(16)}}`;
  }
  return `${out}"`;
}

const rNumber = (n: number) => (Number.isInteger(n) ? String(n) : String(n));

function colClass(v: SpssVariable): string {
  return v.type === 'numeric' ? 'numeric' : 'character';
}

function labelsVector(v: SpssVariable): string {
  const pairs = v.valueLabels.filter((l) => typeof l.value === 'number').map((l) => `${rString(l.label)} = ${rNumber(l.value as number)}`);
  return `c(${pairs.join(', ')})`;
}

export interface RScriptOptions {
  csvFileName: string;
  /** Name of the data frame the script creates. */
  frame?: string;
}

export function writeRScript(dataset: SpssDataset, options: RScriptOptions): string {
  const d = options.frame ?? 'fieldnote';
  const lines: string[] = [
    '# Written by Fieldnote. Reads the CSV beside this script into haven labelled vectors.',
    '# Run it with the folder holding the CSV as the working directory: source(' + rString(options.csvFileName.replace(/\.csv$/, '.R')) + ')',
    '# Missing data: -8 declined, -7 interview ended, -10 not applicable, -11 out of time (na_range c(-Inf, -7), numbers c(-11, -7)); Don\'t know as na_values; blank is NA.',
    'suppressPackageStartupMessages(library(haven))',
    `${d} <- utils::read.csv(${rString(options.csvFileName)}, fileEncoding = "UTF-8-BOM", check.names = FALSE, na.strings = "",`,
    `  colClasses = c(${dataset.variables.map((v) => `${rString(v.name)} = "${colClass(v)}"`).join(', ')}))`,
    '# Text cells Fieldnote protected against spreadsheet formulas start with an apostrophe; take it off.',
    `for (.n in names(${d})) if (is.character(${d}[[.n]])) ${d}[[.n]] <- sub("^'(?='*[-=+@\\t\\r])", "", ${d}[[.n]], perl = TRUE)`,
  ];
  for (const v of dataset.variables) {
    const col = `${d}[[${rString(v.name)}]]`;
    const label = rString(v.label);
    switch (v.type) {
      case 'date':
        lines.push(`${col} <- structure(as.Date(${col}), label = ${label})`);
        break;
      case 'string':
        lines.push(`${col} <- structure(${col}, label = ${label})`);
        break;
      case 'numeric': {
        const missing = [...v.missingValues.filter((m): m is number => typeof m === 'number'), ...(v.moreMissing ?? [])];
        const range = v.missingRange;
        const args = [`labels = ${v.valueLabels.length > 0 ? labelsVector(v) : 'NULL'}`];
        if (missing.length > 0) args.push(`na_values = c(${missing.map(rNumber).join(', ')})`);
        if (range) args.push(`na_range = c(${range.low === null ? '-Inf' : rNumber(range.low)}, ${range.high === null ? 'Inf' : rNumber(range.high)})`);
        args.push(`label = ${label}`);
        lines.push(`${col} <- labelled_spss(${col}, ${args.join(', ')})`);
        break;
      }
    }
  }
  lines.push(
    '# The same data for models and tables: missing codes as NA, labelled codes as factors.',
    `${d}_factors <- as_factor(zap_missing(${d}), only_labelled = TRUE)`,
    '',
  );
  return lines.join('\n');
}
