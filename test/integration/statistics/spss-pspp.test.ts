/**
 * End-to-end check of the SPSS writers against real readers: PSPP runs the
 * generated .sps (GET DATA on the CSV) and reads the .sav; ReadStat and R's
 * haven read the .sav too. Every reader must see the same dictionary and
 * data the synthetic dataset declares, and PSPP must not print a single
 * error or warning. Skips (with a printed reason) when a tool is missing.
 */
import { asArray as arr, parseCsv, readWithHaven } from '../../support/pspp';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  writeCsv,
  writeSav,
  writeSps,
  type SpssCell,
  type SpssDataset,
  type SpssValueLabel,
  type SpssVariable,
} from '../../../shared/export/spss/index';

function hasTool(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0;
}
const HAS_PSPP = hasTool('pspp', ['--version']);
const HAS_READSTAT = spawnSync('readstat', ['--help'], { encoding: 'utf8' }).error === undefined;
const HAS_HAVEN = hasTool('Rscript', ['-e', 'library(haven); library(jsonlite)']);
if (!HAS_PSPP) console.log('spss-pspp: skipping PSPP checks: `pspp` is not installed');
if (!HAS_READSTAT) console.log('spss-pspp: skipping ReadStat checks: `readstat` is not installed');
if (!HAS_HAVEN) console.log('spss-pspp: skipping haven checks: Rscript with haven and jsonlite is not available');

// ---------------------------------------------------------------- fixture

const YES_NO: SpssValueLabel[] = [
  { value: 1, label: 'Yes' },
  { value: 2, label: 'No' },
  { value: 9, label: "Don't know" },
  { value: -8, label: 'Declined' },
  { value: -7, label: 'Interview ended' },
];
const DUMMY: SpssValueLabel[] = [{ value: 0, label: 'Not selected' }, { value: 1, label: 'Selected' }];
const LONG_NAME = `household_${'member_'.repeat(7)}count`.slice(0, 64);
const KHMER_LABEL = 'ចំនួនសមាជិកគ្រួសារ (household members)';

function v(name: string, type: SpssVariable['type'], extra: Partial<SpssVariable> = {}): SpssVariable {
  return { name, label: '', type, width: 0, decimals: 0, measure: type === 'numeric' ? 'scale' : 'nominal', valueLabels: [], missingValues: [], ...extra };
}

const VARIABLES: SpssVariable[] = [
  v('resp_id', 'string', { label: 'Respondent ID', width: 6 }),
  v('consent', 'numeric', { label: 'Consent given?', measure: 'nominal', valueLabels: YES_NO, missingValues: [9, -8, -7] }),
  v('fruit_apple', 'numeric', { label: 'Fruit eaten: apple', measure: 'nominal', valueLabels: DUMMY }),
  v('fruit_banana', 'numeric', { label: 'Fruit eaten: banana', measure: 'nominal', valueLabels: DUMMY }),
  v('fruit_mango', 'numeric', { label: 'Fruit eaten: mango', measure: 'nominal', valueLabels: DUMMY }),
  v('comment', 'string', { label: 'He said "yes, later",\nthen left', width: 20 }),
  v('visit_date', 'date', { label: 'Visit date', measure: 'scale' }),
  v('income', 'numeric', { label: 'Monthly income (USD)', decimals: 2 }),
  v(LONG_NAME, 'numeric', { label: KHMER_LABEL, measure: 'ordinal', valueLabels: [{ value: 1, label: 'ម្នាក់' }] }),
  v('never_answered', 'numeric', { label: 'A question nobody reached' }),
  v('household_size', 'numeric', { label: 'Household size' }),
  v('household_income', 'numeric', { label: 'Household income', decimals: 1 }),
  v('sex', 'string', { label: 'Sex', width: 1, valueLabels: [{ value: 'f', label: 'Female' }, { value: 'm', label: 'Male' }], missingValues: ['x'] }),
  v('story', 'string', { label: 'Open answer', width: 300, valueLabels: [{ value: 'none', label: 'Nothing to tell' }] }),
];

const ROWS: SpssCell[][] = [
  ['R001', 1, 1, 0, 1, 'ok, "fine"', '2024-03-05', 1234.5, 1, null, 4, 250.5, 'f', `${'long '.repeat(60)}ក្សត្រ`],
  ['R002', 9, null, null, null, 'line1\nline2', '2023-12-31', 0.25, 2, null, 2, 99.9, 'm', 'none'],
  ['R003', -8, 0, 1, 0, null, null, null, null, null, null, null, 'x', 'n/a'],
  ['R004', 2, 1, 1, 1, 'ភូមិ', '1999-01-01', -5, 3, null, 7, 0, null, null],
  ['R005', -7, null, null, null, 'Don\'t', '2024-02-29', 1e-7, 1, null, 1, 12345678.5, 'f', 'short'],
  ['R006', 1, 0, 0, 1, '', '2000-06-15', 100, 2, null, 3, -1.5, 'm', 'multi\nline'],
];

const DATASET: SpssDataset = {
  fileLabel: 'Synthetic baseline survey',
  variables: VARIABLES,
  rows: ROWS,
  multipleResponseSets: [{ name: 'fruit', label: 'Fruit eaten yesterday', variables: ['fruit_apple', 'fruit_banana', 'fruit_mango'] }],
};
const EMPTY: SpssDataset = { ...DATASET, rows: [] };

const MEASURE_TEXT = { nominal: 'Nominal', ordinal: 'Ordinal', scale: 'Scale' } as const;
/** Formats follow the data: household_income needs 10 columns, the story grows to fit its longest (Khmer) answer. */
const EXPECTED_FORMATS = ['A6', 'F8.0', 'F8.0', 'F8.0', 'F8.0', 'A20', 'SDATE10', 'F8.2', 'F8.0', 'F8.0', 'F8.0', 'F10.1', 'A1', 'A318'];
const EMPTY_FORMATS = EXPECTED_FORMATS.map((f, i) => (i === 11 ? 'F8.1' : i === 13 ? 'A300' : f));
const EXPECTED_MISSING = ['', '9; -8; -7', '', '', '', '', '', '', '', '', '', '', '"x"', ''];
const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ');

/** Valid (non-missing) cases per numeric variable, as FREQUENCIES should count them. */
function validCount(col: number): number {
  const variable = VARIABLES[col] as SpssVariable;
  return ROWS.filter((r) => r[col] !== null && !variable.missingValues.includes(r[col] as number)).length;
}

// ---------------------------------------------------------------- helpers


/** Splits PSPP `-O format=csv` output into its tables ("Table: Name" then rows). */
function psppTables(text: string): Map<string, string[][]> {
  const tables = new Map<string, string[][]>();
  for (const block of text.split(/\n(?=Table: )/)) {
    const m = /^Table: (.*)\n/.exec(block);
    if (!m) continue;
    let name = m[1] as string;
    for (let n = 2; tables.has(name); n++) name = `${m[1]} #${n}`;
    tables.set(name, parseCsv(block.slice(m[0].length).replace(/\n+$/, '\n')).filter((r) => !(r.length === 1 && r[0] === '')));
  }
  return tables;
}

interface PsppRun {
  output: string;
  tables: Map<string, string[][]>;
}

function runPspp(dir: string, syntax: string): PsppRun {
  writeFileSync(join(dir, 'run.sps'), syntax);
  const r = spawnSync('pspp', ['run.sps', '-O', 'format=csv', '-o', 'out.csv'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  const output = readFileSync(join(dir, 'out.csv'), 'utf8');
  const everything = `${r.stdout}\n${r.stderr}\n${output}`;
  expect(everything, everything).not.toMatch(/error|warning/i);
  expect(r.status, everything).toBe(0);
  return { output, tables: psppTables(output) };
}

function table(run: PsppRun, name: string): string[][] {
  const t = run.tables.get(name);
  if (!t) throw new Error(`PSPP printed no "${name}" table:\n${run.output}`);
  return t;
}

/** Value Labels table → "variable label|value|label" lines (PSPP marks user-missing values with [a]). */
function valueLabelLines(run: PsppRun): string[] {
  let current = '';
  return table(run, 'Value Labels').slice(1).filter((r) => !(r[0] ?? '').startsWith('Footnote')).map((r) => {
    if (r[0]) current = r[0];
    return `${current}|${r[1] ?? ''}|${r[2] ?? ''}`;
  });
}

function expectedValueLabelLines(): string[] {
  return VARIABLES.flatMap((variable) => [...variable.valueLabels]
    .sort((a, b) => (typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value).localeCompare(String(b.value))))
    .map((l) => `${oneLine(variable.label)}|${l.value}${variable.missingValues.includes(l.value) && typeof l.value === 'number' ? '[a]' : ''}|${l.label}`));
}

function checkDictionary(run: PsppRun, formats = EXPECTED_FORMATS): void {
  const rows = table(run, 'Variables');
  expect(rows[0]).toEqual(['Name', 'Position', 'Label', 'Measurement Level', 'Role', 'Width', 'Alignment', 'Print Format', 'Write Format', 'Missing Values']);
  expect(rows.slice(1).map((r) => r[0])).toEqual(VARIABLES.map((x) => x.name));
  expect(rows.slice(1).map((r) => r[2])).toEqual(VARIABLES.map((x) => oneLine(x.label)));
  expect(rows.slice(1).map((r) => r[3])).toEqual(VARIABLES.map((x) => MEASURE_TEXT[x.measure]));
  expect(rows.slice(1).map((r) => r[7])).toEqual(formats);
  expect(rows.slice(1).map((r) => r[9])).toEqual(EXPECTED_MISSING);
  expect(valueLabelLines(run)).toEqual(expectedValueLabelLines());
  expect(table(run, 'Multiple Response Sets')).toEqual([
    ['Name', 'Label', 'Encoding', 'Counted Value', 'Member Variables'],
    ['$fruit', 'Fruit eaten yesterday', 'Dichotomies', '1', 'fruit_apple\nfruit_banana\nfruit_mango'],
  ]);
}

const NUMERIC_COLS = VARIABLES.flatMap((x, i) => (x.type === 'numeric' ? [i] : []));
const FREQ_SYNTAX = `FREQUENCIES VARIABLES=${NUMERIC_COLS.map((i) => VARIABLES[i]?.name).join(' ')} /FORMAT=NOTABLE.\n`;

function checkValidCounts(run: PsppRun): void {
  const stats = table(run, 'Statistics');
  const valid = stats.find((r) => r[0] === 'N' && r[1] === 'Valid');
  expect(valid?.slice(2).map(Number)).toEqual(NUMERIC_COLS.map(validCount));
}

// ---------------------------------------------------------------- tests

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldnote-spss-'));
  writeFileSync(join(dir, 'survey.csv'), writeCsv(DATASET));
  writeFileSync(join(dir, 'survey.sps'), writeSps(DATASET, { csvFileName: 'survey.csv' }));
  writeFileSync(join(dir, 'survey.sav'), writeSav(DATASET, { createdAt: new Date(2025, 0, 2, 3, 4, 5) }));
  writeFileSync(join(dir, 'survey-plain.sav'), writeSav(DATASET, { compression: 'none' }));
  writeFileSync(join(dir, 'empty.csv'), writeCsv(EMPTY));
  writeFileSync(join(dir, 'empty.sps'), writeSps(EMPTY, { csvFileName: 'empty.csv' }));
  writeFileSync(join(dir, 'empty.sav'), writeSav(EMPTY));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('PSPP', () => {
  let viaSyntax: PsppRun | undefined;

  it.skipIf(!HAS_PSPP)('runs the .sps on the CSV without errors or warnings and sees the whole dictionary', () => {
    viaSyntax = runPspp(dir, `INCLUDE FILE='survey.sps'.\nDISPLAY DICTIONARY.\nMRSETS /DISPLAY NAME=ALL.\n${FREQ_SYNTAX}LIST.\nSAVE OUTFILE='via-syntax.sav'.\n`);
    checkDictionary(viaSyntax);
    checkValidCounts(viaSyntax);
    const list = table(viaSyntax, 'Data List');
    expect(list[0]).toEqual(VARIABLES.map((x) => x.name));
    expect(list.slice(1).map((r) => r[0])).toEqual(ROWS.map((r) => r[0]));
    expect(list.slice(1).map((r) => r[6])).toEqual(['2024/03/05', '2023/12/31', '.', '1999/01/01', '2024/02/29', '2000/06/15']);
    // Line breaks inside values become spaces in the CSV (GET DATA reads one case per line).
    expect(list[2]?.[5]).toBe('line1 line2');
  });

  it.skipIf(!HAS_PSPP)('reads the .sav (bytecode and uncompressed) with the same dictionary and data as the syntax route', () => {
    for (const file of ['survey.sav', 'survey-plain.sav']) {
      const run = runPspp(dir, `GET FILE='${file}'.\nDISPLAY DICTIONARY.\nMRSETS /DISPLAY NAME=ALL.\n${FREQ_SYNTAX}LIST.\n`);
      checkDictionary(run);
      checkValidCounts(run);
      const list = table(run, 'Data List');
      expect(list.slice(1).map((r) => r[8])).toEqual(['1', '2', '.', '3', '1', '2']);
      if (viaSyntax) {
        // Identical except for values whose line breaks the CSV had to flatten.
        const flatten = (rows: string[][]): string[][] => rows.map((r) => r.map((c) => c.replace(/\n/g, ' ')));
        expect(flatten(list)).toEqual(flatten(table(viaSyntax, 'Data List')));
      }
    }
  });

  it.skipIf(!HAS_PSPP)('handles a dataset with no cases on both routes', () => {
    const a = runPspp(dir, "INCLUDE FILE='empty.sps'.\nDISPLAY DICTIONARY.\nMRSETS /DISPLAY NAME=ALL.\n");
    const b = runPspp(dir, "GET FILE='empty.sav'.\nDISPLAY DICTIONARY.\nMRSETS /DISPLAY NAME=ALL.\n");
    checkDictionary(a, EMPTY_FORMATS);
    checkDictionary(b, EMPTY_FORMATS);
  });
});

describe('PSPP on a wide questionnaire', () => {
  const khmer = 'ចំនួនសមាជិកគ្រួសារ';
  const items = Array.from({ length: 120 }, (_, i) => v(`likert_item_with_a_rather_long_name_${i + 1}`, 'numeric', {
    label: `${khmer} ${i} ${"it's, \"quoted\"\nand multi-line ".repeat(8)}`,
    measure: 'ordinal',
    valueLabels: [1, 2, 3, 4, 5].map((value) => ({ value, label: `${'Strongly agree with the statement '.repeat(3)}${khmer} ${value}` })),
    missingValues: [-8, -7],
  }));
  const wide: SpssDataset = {
    variables: [...items, v('comment', 'string', { width: 30, label: 'Comment' }), v('document', 'string', { width: 8, label: 'Document' }), v('doc', 'numeric', { label: 'Doc' })],
    rows: Array.from({ length: 5 }, (_, r) => [...items.map((_, c) => (r + c) % 7 === 0 ? -8 : ((r + c) % 5) + 1), `note ${r}`, `d${r}`, r]),
    multipleResponseSets: [{ name: 'items', label: 'All items', variables: items.slice(0, 20).map((x) => x.name) }],
  };

  it.skipIf(!HAS_PSPP)('runs a 123-variable syntax (split labels, COMMENT/DOCUMENT names) and reads its .sav identically', () => {
    writeFileSync(join(dir, 'wide.csv'), writeCsv(wide));
    writeFileSync(join(dir, 'wide.sps'), writeSps(wide, { csvFileName: 'wide.csv' }));
    writeFileSync(join(dir, 'wide.sav'), writeSav(wide));
    const viaSyntax = runPspp(dir, "INCLUDE FILE='wide.sps'.\nDISPLAY DICTIONARY.\nMRSETS /DISPLAY NAME=ALL.\nLIST.\n");
    const viaSav = runPspp(dir, "GET FILE='wide.sav'.\nDISPLAY DICTIONARY.\nMRSETS /DISPLAY NAME=ALL.\nLIST.\n");
    const vars = table(viaSyntax, 'Variables');
    expect(vars.slice(1).map((r) => r[0])).toEqual(wide.variables.map((x) => x.name));
    const label = vars[1]?.[2] ?? '';
    expect(Buffer.byteLength(label)).toBeLessThanOrEqual(255);
    expect(Buffer.byteLength(label)).toBeGreaterThan(240);
    expect(oneLine(items[0]?.label ?? '').startsWith(label)).toBe(true);
    for (const name of ['Variables', 'Value Labels', 'Multiple Response Sets', 'Data List']) {
      expect(table(viaSav, name), name).toEqual(table(viaSyntax, name));
    }
    expect(table(viaSav, 'Multiple Response Sets')[1]?.[4]?.split('\n')).toEqual(items.slice(0, 20).map((x) => x.name));
  });
});

describe('ReadStat', () => {
  it.skipIf(!HAS_READSTAT)('reads metadata and every cell of the .sav', () => {
    for (const file of ['survey.sav', 'survey-plain.sav']) {
      const meta = spawnSync('readstat', [join(dir, file)], { encoding: 'utf8' });
      expect(meta.status, meta.stderr).toBe(0);
      expect(meta.stdout).toMatch(/Columns: 14\b/);
      expect(meta.stdout).toMatch(/Rows: 6\b/);
      expect(meta.stdout).toMatch(/Table label: Synthetic baseline survey/);
      expect(meta.stdout).toMatch(/Text encoding: UTF-8/);
      const out = join(dir, `${file}.readstat.csv`);
      rmSync(out, { force: true });
      const conv = spawnSync('readstat', [join(dir, file), out], { encoding: 'utf8' });
      expect(conv.status, conv.stderr).toBe(0);
      const rows = parseCsv(readFileSync(out, 'utf8'));
      expect(rows[0]).toEqual(VARIABLES.map((x) => x.name));
      expect(rows).toHaveLength(ROWS.length + 1);
      ROWS.forEach((row, r) => {
        VARIABLES.forEach((variable, c) => {
          const got = rows[r + 1]?.[c] ?? '';
          const want = row[c] ?? null;
          if (variable.type === 'string') expect(got, `${variable.name}[${r}]`).toBe(String(want ?? '').replace(/ +$/, ''));
          else if (want === null) expect(got, `${variable.name}[${r}]`).toBe('');
          else if (variable.type === 'date') {
            const days = Number(got) / 86400 - 141428; // 1582-10-14 → 1970-01-01
            expect(new Date(days * 86400000).toISOString().slice(0, 10)).toBe(want);
          } else expect(Number(got), `${variable.name}[${r}]`).toBeCloseTo(want as number, 9);
        });
      });
    }
  });

  it.skipIf(!HAS_READSTAT || !HAS_PSPP)('sees the file label PSPP saved after running the syntax', () => {
    const meta = spawnSync('readstat', [join(dir, 'via-syntax.sav')], { encoding: 'utf8' });
    expect(meta.status, meta.stderr).toBe(0);
    expect(meta.stdout).toMatch(/Table label: Synthetic baseline survey\n/);
    expect(meta.stdout).toMatch(/Rows: 6\b/);
  });

  it.skipIf(!HAS_READSTAT)('reads the empty .sav', () => {
    const meta = spawnSync('readstat', [join(dir, 'empty.sav')], { encoding: 'utf8' });
    expect(meta.status, meta.stderr).toBe(0);
    expect(meta.stdout).toMatch(/Columns: 14\b/);
    expect(meta.stdout).toMatch(/Rows: 0\b/);
  });
});

describe('haven (R)', () => {
  it.skipIf(!HAS_HAVEN)('sees names, labels, value labels, user-missing values and data', () => {
    for (const file of ['survey.sav', 'survey-plain.sav']) {
      const got = readWithHaven(dir, file);
      expect(got.nrow).toBe(ROWS.length);
      expect(got.file_label).toBe('Synthetic baseline survey');
      expect(got.vars.map((x) => x.name)).toEqual(VARIABLES.map((x) => x.name));
      got.vars.forEach((h, c) => {
        const variable = VARIABLES[c] as SpssVariable;
        expect(h.label, variable.name).toBe(oneLine(variable.label));
        expect(h.format, variable.name).toBe(EXPECTED_FORMATS[c]);
        expect(arr(h.na_values), variable.name).toEqual(variable.missingValues);
        expect(arr(h.label_values), variable.name).toEqual(variable.valueLabels.map((l) => l.value));
        expect(arr(h.label_names), variable.name).toEqual(variable.valueLabels.map((l) => l.label));
        const want = ROWS.map((r) => r[c] ?? null).map((x) => (variable.type === 'string' ? String(x ?? '').replace(/ +$/, '') : x));
        const values = arr(h.values);
        if (variable.type === 'numeric') values.forEach((x, r) => (x === null ? expect(want[r]).toBeNull() : expect(x).toBeCloseTo(want[r] as number, 9)));
        else expect(values, variable.name).toEqual(want);
      });
    }
  });

  it.skipIf(!HAS_HAVEN)('reads the empty .sav with its dictionary', () => {
    const got = readWithHaven(dir, 'empty.sav');
    expect(got.nrow).toBe(0);
    expect(got.vars.map((x) => x.name)).toEqual(VARIABLES.map((x) => x.name));
    expect(arr(got.vars[1]?.na_values)).toEqual([9, -8, -7]);
  });
});
