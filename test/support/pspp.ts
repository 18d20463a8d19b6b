/**
 * Reading what PSPP, ReadStat and R's haven see in exported files, for tests that compare
 * them with the dataset Fieldnote built. Each tool is optional: tests skip with a printed
 * reason when it is missing.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SpssDataset, SpssVariable } from '../../shared/export/spss';
import { formatPercentage, SYSTEM_MISSING_LABEL, type FrequencyTable } from '../../shared/stats';

export const HAS_PSPP = spawnSync('pspp', ['--version'], { encoding: 'utf8' }).status === 0;
export const HAS_READSTAT = spawnSync('readstat', ['--help'], { encoding: 'utf8' }).error === undefined;
export const HAS_HAVEN = spawnSync('Rscript', ['-e', 'library(haven); library(jsonlite)'], { encoding: 'utf8' }).status === 0;

/** RFC 4180 parser (PSPP's and ReadStat's CSV output). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface PsppTable {
  title: string;
  rows: string[][];
}

export interface PsppRun {
  output: string;
  /** Tables in the order PSPP printed them (titles repeat when labels do). */
  tables: PsppTable[];
}

/** PSPP `-O format=csv` output split into its tables ("Table: Title" then CSV rows). */
export function psppTables(text: string): PsppTable[] {
  const tables: PsppTable[] = [];
  // A title with a comma or quote is itself CSV-quoted: "Table: Q3. Do you …, …?"
  for (const block of text.split(/\n(?="?Table: )/)) {
    const firstLine = block.slice(0, block.indexOf('\n') < 0 ? block.length : block.indexOf('\n'));
    const parsedTitle = parseCsv(firstLine)[0]?.[0] ?? '';
    if (!parsedTitle.startsWith('Table: ')) continue;
    const body = block.slice(firstLine.length + 1).replace(/\n+$/, '\n');
    tables.push({ title: parsedTitle.slice('Table: '.length), rows: parseCsv(body).filter((r) => !(r.length === 1 && r[0] === '')) });
  }
  return tables;
}

/** Runs syntax with `dir` as the working directory; PSPP must print no error or warning. */
export function runPspp(dir: string, syntax: string, name = 'run'): PsppRun {
  writeFileSync(join(dir, `${name}.sps`), syntax);
  const r = spawnSync('pspp', [`${name}.sps`, '-O', 'format=csv', '-o', `${name}.out.csv`], { cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  const output = readFileSync(join(dir, `${name}.out.csv`), 'utf8');
  const everything = `${r.stdout}\n${r.stderr}\n${output}`;
  expect(everything, everything).not.toMatch(/error|warning/i);
  expect(r.status, everything).toBe(0);
  return { output, tables: psppTables(output) };
}

export function table(run: PsppRun, title: string): string[][] {
  const found = run.tables.find((t) => t.title === title);
  if (!found) throw new Error(`PSPP printed no "${title}" table; it printed: ${run.tables.map((t) => t.title).join(' | ')}`);
  return found.rows;
}

/** Labels as SPSS holds them: one line, trimmed. */
export const oneLine = (s: string): string => s.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').trim(); // eslint-disable-line no-control-regex

const MEASURE_TEXT = { nominal: 'Nominal', ordinal: 'Ordinal', scale: 'Scale' } as const;

/** How PSPP's dictionary shows a declared missing value: numbers as written, strings quoted and space-padded. */
function missingText(variable: SpssVariable, width: number): string {
  const range = variable.missingRange ? [`${variable.missingRange.low ?? 'LOWEST'} THRU ${variable.missingRange.high ?? 'HIGHEST'}`] : [];
  return [...range, ...variable.missingValues.map((m) => (typeof m === 'number' ? String(m) : `"${m.padEnd(Math.min(width, 8))}"`))].join('; ');
}

function isMissing(v: SpssVariable, value: number): boolean {
  const r = v.missingRange;
  return v.missingValues.includes(value) || (r !== undefined && (r.low === null || value >= r.low) && (r.high === null || value <= r.high));
}

/**
 * DISPLAY DICTIONARY against the dataset: every variable's name, label, measurement level and
 * missing values, and every value label (PSPP marks user-missing codes with [a]). Returns the
 * string widths PSPP reports, by variable name.
 */
export function expectDictionary(run: PsppRun, dataset: SpssDataset): void {
  const rows = table(run, 'Variables');
  expect(rows[0]).toEqual(['Name', 'Position', 'Label', 'Measurement Level', 'Role', 'Width', 'Alignment', 'Print Format', 'Write Format', 'Missing Values']);
  const body = rows.slice(1);
  expect(body.map((r) => r[0])).toEqual(dataset.variables.map((v) => v.name));
  dataset.variables.forEach((v, i) => {
    const r = body[i] ?? [];
    expect(r[2], `label of ${v.name}`).toBe(oneLine(v.label));
    expect(r[3], `measure of ${v.name}`).toBe(MEASURE_TEXT[v.measure]);
    const format = r[7] ?? '';
    if (v.type === 'string') expect(format, v.name).toMatch(/^A\d+$/);
    else if (v.type === 'date') expect(format, v.name).toBe('SDATE10');
    else expect(format, v.name).toBe(`F8.${v.decimals}`);
    expect(r[9], `missing values of ${v.name}`).toBe(missingText(v, Number(r[5])));
  });

  const labelled = dataset.variables.filter((v) => v.valueLabels.length > 0);
  if (labelled.length === 0) {
    expect(run.tables.some((t) => t.title === 'Value Labels')).toBe(false);
    return;
  }
  // Rows per variable, in dictionary order; PSPP sorts each variable's labels by value.
  const got: string[][] = [];
  for (const r of table(run, 'Value Labels').slice(1)) {
    if ((r[0] ?? '').startsWith('Footnote')) continue;
    if (r[0]) got.push([]);
    got.at(-1)?.push(`${r[1] ?? ''}|${r[2] ?? ''}`);
  }
  const want = labelled.map((v) =>
    [...v.valueLabels]
      .sort((a, b) => (typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value) < String(b.value) ? -1 : 1))
      .map((l) => `${l.value}${typeof l.value === 'number' && isMissing(v, l.value) ? '[a]' : ''}|${oneLine(l.label)}`),
  );
  expect(got).toEqual(want);
}

/** [section, label, frequency, percent, valid %, cumulative %] with sections filled down and '.' named as Fieldnote names it. */
export function psppFrequencyRows(rows: string[][]): string[][] {
  expect(rows[0]).toEqual(['', '', 'Frequency', 'Percent', 'Valid Percent', 'Cumulative Percent']);
  let section = '';
  return rows.slice(1).map((r) => {
    if (r[0]) section = r[0];
    const label = (r[1] ?? '').trim();
    return [section, label === '.' ? SYSTEM_MISSING_LABEL : label, ...r.slice(2).map((c) => c.replace('%', '').trim())];
  });
}

/** PSPP prints ".5" where Fieldnote prints "0.5"; both are the same figure at one decimal. */
const figure = (text: string): string => (text === '' ? '' : String(Number(text)));

/** Every row PSPP's FREQUENCIES printed equals Fieldnote's table, and nothing is left unchecked. */
export function expectFrequencyTable(psppRows: string[][], t: FrequencyTable, where: string): void {
  const got = psppFrequencyRows(psppRows).map((r) => [r[0], r[1], ...r.slice(2).map(figure)].join('|'));
  const want: string[] = [];
  for (const r of t.valid) want.push(['Valid', r.label, r.frequency, formatPercentage(r.percent), formatPercentage(r.validPercent), formatPercentage(r.cumulativePercent)].map((c) => (typeof c === 'number' ? String(c) : c)).join('|'));
  if (t.missing.length > 0 && t.valid.length > 0 && got.some((g) => g.startsWith('Valid|Total|'))) {
    want.push(['Valid', 'Total', t.validTotal.frequency, formatPercentage(t.validTotal.percent), formatPercentage(t.validTotal.validPercent), ''].join('|'));
  }
  for (const r of t.missing) want.push(['Missing', r.label, r.frequency, formatPercentage(r.percent), '', ''].join('|'));
  if (got.some((g) => g.startsWith('Missing|Total|'))) want.push(['Missing', 'Total', t.missingTotal.frequency, formatPercentage(t.missingTotal.percent), '', ''].join('|'));
  want.push(['Total', '', t.total.frequency, formatPercentage(t.total.percent), '', ''].join('|'));
  const normalise = (line: string) => line.split('|').map((c, i) => (i >= 2 ? figure(c) : c)).join('|');
  // PSPP lists system-missing before the user-missing codes; Fieldnote lists it last, as SPSS does.
  expect([...got].sort(), where).toEqual(want.map(normalise).sort());
}

export interface HavenVar {
  name: string;
  label: string | null;
  format: string | null;
  na_values: (number | string)[] | number | string | null;
  label_values: (number | string)[] | number | string | null;
  label_names: string[] | string | null;
  values: (number | string | null)[] | number | string | null;
}
export const asArray = <T>(x: T[] | T | null | undefined): T[] => (Array.isArray(x) ? x : x === null || x === undefined ? [] : [x]);

const R_SCRIPT = `
suppressMessages({ library(haven); library(jsonlite) })
d <- read_sav(commandArgs(trailingOnly = TRUE)[1], user_na = TRUE)
vars <- lapply(names(d), function(n) {
  x <- d[[n]]
  lab <- attr(x, "labels")
  list(name = n, label = attr(x, "label"), format = attr(x, "format.spss"),
       na_values = attr(x, "na_values"),
       label_values = if (is.null(lab)) NULL else unname(as.vector(lab)),
       label_names = names(lab),
       values = if (inherits(x, "Date")) format(x, "%Y-%m-%d") else as.vector(unclass(x)))
})
cat(toJSON(list(nrow = nrow(d), file_label = attr(d, "label"), vars = vars), auto_unbox = TRUE, null = "null", na = "null", digits = NA))
`;

export function readWithHaven(dir: string, file: string): { nrow: number; file_label: string | null; vars: HavenVar[] } {
  writeFileSync(join(dir, 'read.R'), R_SCRIPT);
  const r = spawnSync('Rscript', [join(dir, 'read.R'), join(dir, file)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr, r.stderr).not.toMatch(/warning|error/i);
  return JSON.parse(r.stdout) as { nrow: number; file_label: string | null; vars: HavenVar[] };
}

/** ReadStat's metadata summary and its CSV of the data (header row first). */
export function readWithReadstat(dir: string, file: string): { meta: string; rows: string[][] } {
  const meta = spawnSync('readstat', [join(dir, file)], { encoding: 'utf8' });
  expect(meta.status, meta.stderr).toBe(0);
  const out = join(dir, `${file}.readstat.csv`);
  const conv = spawnSync('readstat', [join(dir, file), out], { encoding: 'utf8' });
  expect(conv.status, conv.stderr).toBe(0);
  return { meta: meta.stdout, rows: parseCsv(readFileSync(out, 'utf8')) };
}

/** Days from SPSS's epoch (1582-10-14) to 1970-01-01, for dates ReadStat prints as seconds. */
export const SPSS_EPOCH_DAYS = 141428;
