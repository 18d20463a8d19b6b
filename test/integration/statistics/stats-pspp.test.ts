/**
 * Fieldnote's statistics against PSPP's own: a synthetic survey (value
 * labels, user-missing 9/-8/-7, blank cells) is written with the SPSS
 * writers, PSPP runs FREQUENCIES and CROSSTABS /STATISTICS=CHISQ on it, and
 * every figure PSPP prints must equal what Fieldnote displays, to the
 * decimals PSPP prints. Skips (with a printed reason) when PSPP is missing.
 */
import { parseCsv } from '../../support/pspp';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv, writeSps, type SpssCell, type SpssDataset, type SpssValueLabel, type SpssVariable } from '../../../shared/export/spss/index';
import {
  CHI_SQUARE_DECIMALS,
  crosstab,
  formatNumber,
  formatPercentage,
  frequencyTable,
  P_VALUE_DECIMALS,
  SYSTEM_MISSING_LABEL,
  type Crosstab,
  type FrequencyTable,
} from '../../../shared/stats/index';

const HAS_PSPP = spawnSync('pspp', ['--version'], { encoding: 'utf8' }).status === 0;
if (!HAS_PSPP) console.log('stats-pspp: skipping PSPP comparison: `pspp` is not installed');

// ---------------------------------------------------------------- fixture

const MISSING_LABELS: SpssValueLabel[] = [
  { value: 9, label: "Don't know" },
  { value: -8, label: 'Declined' },
  { value: -7, label: 'Interview ended' },
];
function coded(name: string, label: string, categories: string[]): SpssVariable {
  return {
    name, label, type: 'numeric', width: 0, decimals: 0, measure: 'nominal',
    valueLabels: [...categories.map((l, i) => ({ value: i + 1, label: l })), ...MISSING_LABELS],
    missingValues: [9, -8, -7],
  };
}
const ORG = coded('org_type', 'Organisation type', ['Government', 'NGO/IO/Other']);
const FOCUS = coded('focus', 'Focus of work', ['Service provider', 'Policing and investigations', 'Legal/courts', 'Outreach']);
// A string attribute with no missing answers and an unlabelled value, to cover the string path.
const LOCATION: SpssVariable = {
  name: 'location', label: 'Location', type: 'string', width: 2, decimals: 0, measure: 'nominal',
  valueLabels: [{ value: 'PP', label: 'Phnom Penh' }, { value: 'SR', label: 'Siem Reap' }], missingValues: [],
};

const fill = (spec: [SpssCell, number][]): SpssCell[] => spec.flatMap(([v, n]) => Array.from({ length: n }, () => v));
/** Deterministic shuffle (LCG), so the crosstab cells are uneven but the test is repeatable. */
function shuffle<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

// 64 cases. Focus has 48 valid answers, so 3, 9, 15 and 21 of them are exact halves at one
// decimal (6.25%, 18.75%, 31.25%, 43.75%): rounding half away from zero is put to the test.
const N = 64;
const ORG_VALUES = shuffle(fill([[1, 37], [2, 23], [9, 2], [-8, 1], [null, 1]]), 7);
const FOCUS_VALUES = shuffle(fill([[1, 9], [2, 15], [3, 21], [4, 3], [9, 5], [-8, 4], [-7, 3], [null, 4]]), 11);
const LOCATION_VALUES = shuffle(fill([['PP', 40], ['SR', 16], ['SV', 8]]), 3);

const DATASET: SpssDataset = {
  fileLabel: 'Synthetic sample for statistics',
  variables: [{ ...LOCATION, name: 'resp_id', label: 'Respondent ID', width: 4, valueLabels: [] }, ORG, FOCUS, LOCATION],
  rows: Array.from({ length: N }, (_, i) => [`R${String(i + 1).padStart(3, '0')}`, ORG_VALUES[i] ?? null, FOCUS_VALUES[i] ?? null, LOCATION_VALUES[i] ?? null]),
  multipleResponseSets: [],
};

// ---------------------------------------------------------------- PSPP output


/** PSPP `-O format=csv` output split into its tables; repeated titles get " #2", " #3". */
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

let dir = '';
let tables = new Map<string, string[][]>();

function table(name: string): string[][] {
  const t = tables.get(name);
  if (!t) throw new Error(`PSPP printed no "${name}" table; it printed: ${[...tables.keys()].join(', ')}`);
  return t;
}

/** PSPP's "38.9%" or ".0%" as the number it displays. */
const shownNumber = (cell: string | undefined): number => Number((cell ?? '').replace('%', '').trim());
/** Fieldnote's display, as a number: equal iff both show the same figure at PSPP's decimals. */
const ours = (text: string): number => Number(text);

/** [section, label, frequency, percent, valid percent, cumulative percent] as PSPP shows them, sections filled down. */
function psppFrequencyRows(name: string): string[][] {
  const rows = table(name);
  expect(rows[0]).toEqual(['', '', 'Frequency', 'Percent', 'Valid Percent', 'Cumulative Percent']);
  let section = '';
  return rows.slice(1).map((r) => {
    if (r[0]) section = r[0];
    const label = (r[1] ?? '').trim();
    // PSPP labels system-missing with the value it prints for it, '.'.
    return [section, label === '.' ? SYSTEM_MISSING_LABEL : label, ...r.slice(2)];
  });
}

function checkFrequencies(name: string, t: FrequencyTable): void {
  const pspp = psppFrequencyRows(name);
  const byKey = new Map(pspp.map((r) => [`${r[0]}|${r[1]}`, r]));
  const compared: string[] = [];
  const same = (key: string, cells: (string | null)[]): void => {
    const row = byKey.get(key);
    expect(row, `PSPP has no row ${key}: ${JSON.stringify(pspp)}`).toBeDefined();
    cells.forEach((want, i) => {
      const got = row?.[i + 2] ?? '';
      if (want === null) expect(got, `${name} ${key} column ${i}`).toBe('');
      else expect(shownNumber(got), `${name} ${key} column ${i}: PSPP ${got}, Fieldnote ${want}`).toBe(ours(want));
    });
    compared.push(key);
  };
  for (const r of t.valid) {
    same(`Valid|${r.label}`, [String(r.frequency), formatPercentage(r.percent), formatPercentage(r.validPercent), formatPercentage(r.cumulativePercent)]);
  }
  for (const r of t.missing) same(`Missing|${r.label}`, [String(r.frequency), formatPercentage(r.percent), null, null]);
  same('Total|', [String(t.total.frequency), formatPercentage(t.total.percent), null, null]);
  // Subtotals are only compared where this PSPP version prints them.
  if (byKey.has('Valid|Total')) same('Valid|Total', [String(t.validTotal.frequency), formatPercentage(t.validTotal.percent), formatPercentage(t.validTotal.validPercent), null]);
  if (byKey.has('Missing|Total')) same('Missing|Total', [String(t.missingTotal.frequency), formatPercentage(t.missingTotal.percent), null, null]);
  // Nothing PSPP printed went unchecked.
  expect(new Set(compared)).toEqual(new Set(byKey.keys()));
}

function checkCrosstab(name: string, chiName: string, t: Crosstab): void {
  const rows = table(name);
  const header = rows[1] ?? [];
  expect(header.slice(3, -1)).toEqual(t.columns.map((c) => c.label));
  const body = rows.slice(2);
  const expected: string[][] = [];
  t.rows.forEach((row, i) => {
    expected.push([row.label, 'Count', ...(t.counts[i] ?? []).map(String), String(t.rowTotals[i])]);
    expected.push(['', 'Column %', ...(t.columnPercents[i] ?? []).map((p) => formatPercentage(p)), formatPercentage(t.rowTotalPercents[i] ?? { count: 0, base: 0, value: null })]);
  });
  expected.push(['', 'Count', ...t.columnTotals.map(String), String(t.total)]);
  expected.push(['', 'Column %', ...t.columnTotals.map(() => '100.0'), '100.0']);
  expect(body).toHaveLength(expected.length);
  body.forEach((r, i) => {
    const want = expected[i] as string[];
    expect(r[1] ?? '', `${name} row ${i}`).toBe(want[0]);
    expect(r[2], `${name} row ${i}`).toBe(want[1]);
    expect(r.slice(3).map(shownNumber), `${name} row ${i}: ${r.join(',')}`).toEqual(want.slice(2).map(ours));
  });

  const summary = table(`Summary${name === 'Organisation type × Focus of work' ? '' : ' #2'}`).at(-1) ?? [];
  expect(summary.slice(1).map(shownNumber)).toEqual([
    t.cases.valid.count, ours(formatPercentage(t.cases.valid)), t.cases.missing.count, ours(formatPercentage(t.cases.missing)), t.cases.total, 100,
  ]);

  const chi = table(chiName);
  expect(chi[0]).toEqual(['', 'Value', 'df', 'Asymptotic Sig. (2-tailed)']);
  const pearson = chi.find((r) => r[0] === 'Pearson Chi-Square');
  if (!t.chiSquare.available) throw new Error(t.chiSquare.reason);
  expect(shownNumber(pearson?.[1]), `chi-square: PSPP ${pearson?.[1]}, Fieldnote ${t.chiSquare.value}`).toBe(ours(formatNumber(t.chiSquare.value, CHI_SQUARE_DECIMALS)));
  expect(Number(pearson?.[2])).toBe(t.chiSquare.df);
  expect(shownNumber(pearson?.[3]), `p: PSPP ${pearson?.[3]}, Fieldnote ${t.chiSquare.pValue}`).toBe(ours(formatNumber(t.chiSquare.pValue, P_VALUE_DECIMALS)));
  expect(Number(chi.find((r) => r[0] === 'N of Valid Cases')?.[1])).toBe(t.total);
}

// ---------------------------------------------------------------- tests

beforeAll(() => {
  if (!HAS_PSPP) return;
  dir = mkdtempSync(join(tmpdir(), 'fieldnote-stats-'));
  writeFileSync(join(dir, 'survey.csv'), writeCsv(DATASET));
  writeFileSync(join(dir, 'survey.sps'), writeSps(DATASET, { csvFileName: 'survey.csv' }));
  writeFileSync(join(dir, 'run.sps'), [
    "INCLUDE FILE='survey.sps'.",
    'FREQUENCIES VARIABLES=org_type focus location.',
    'CROSSTABS /TABLES=org_type BY focus /CELLS=COUNT COLUMN /STATISTICS=CHISQ.',
    'CROSSTABS /TABLES=location BY focus /CELLS=COUNT COLUMN /STATISTICS=CHISQ.',
    '',
  ].join('\n'));
  const r = spawnSync('pspp', ['run.sps', '-O', 'format=csv', '-o', 'out.csv'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  const output = readFileSync(join(dir, 'out.csv'), 'utf8');
  const everything = `${r.stdout}\n${r.stderr}\n${output}`;
  expect(everything, everything).not.toMatch(/error|warning/i);
  expect(r.status, everything).toBe(0);
  tables = psppTables(output);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('statistics match PSPP', () => {
  it.skipIf(!HAS_PSPP)('FREQUENCIES: every Frequency, Percent, Valid Percent and Cumulative Percent', () => {
    const org = frequencyTable(ORG, ORG_VALUES);
    const focus = frequencyTable(FOCUS, FOCUS_VALUES);
    const location = frequencyTable(LOCATION, LOCATION_VALUES);
    // The fixture really has the cases it is meant to test.
    expect(focus.validTotal.frequency).toBe(48);
    expect(focus.missing.map((r) => r.label)).toEqual(['Declined', 'Interview ended', "Don't know", SYSTEM_MISSING_LABEL]);
    expect(focus.valid.map((r) => formatPercentage(r.validPercent))).toEqual(['18.8', '31.3', '43.8', '6.3']);
    checkFrequencies('Organisation type', org);
    checkFrequencies('Focus of work', focus);
    checkFrequencies('Location', location);
    expect(location.valid.map((r) => r.label)).toEqual(['Phnom Penh', 'Siem Reap', 'SV']);
  });

  it.skipIf(!HAS_PSPP)('CROSSTABS: counts, column %, case summary, Pearson chi-square, df and significance', () => {
    const orgByFocus = crosstab(ORG, ORG_VALUES, FOCUS, FOCUS_VALUES);
    const locationByFocus = crosstab(LOCATION, LOCATION_VALUES, FOCUS, FOCUS_VALUES);
    expect(orgByFocus.chiSquare.available && orgByFocus.chiSquare.df).toBe(3);
    expect(locationByFocus.chiSquare.available && locationByFocus.chiSquare.df).toBe(6);
    checkCrosstab('Organisation type × Focus of work', 'Chi-Square Tests', orgByFocus);
    checkCrosstab('Location × Focus of work', 'Chi-Square Tests #2', locationByFocus);
  });
});
