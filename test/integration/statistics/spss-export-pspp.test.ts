/**
 * A seeded project exported with `fieldnote export spss`, read back by PSPP (the syntax on the
 * CSV, and the .sav), ReadStat and R's haven. Every variable's name, label, value labels,
 * missing values, measurement level and valid count must be what Fieldnote built, and PSPP's
 * FREQUENCIES must print exactly the figures the app shows (`frequencyOf`).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldnote as runFieldnote, root } from '../../support/cli';
import { projectSettingsOf } from '../../../electron/export/export-data';
import { projectDataset } from '../../../electron/export/spss-export';
import { ProjectStore } from '../../../electron/store/project-store';
import type { SpssDataset, SpssVariable } from '../../../shared/export/spss';
import { frequencyOf } from '../../../shared/stats';
import {
  asArray,
  expectDictionary,
  expectFrequencyTable,
  HAS_HAVEN,
  HAS_PSPP,
  HAS_READSTAT,
  oneLine,
  readWithHaven,
  readWithReadstat,
  runPspp,
  SPSS_EPOCH_DAYS,
  table,
  type PsppRun,
} from '../../support/pspp';
import { PASS } from '../../support/temp';

if (!HAS_PSPP) console.log('spss-export-pspp: skipping PSPP checks: `pspp` is not installed');
if (!HAS_READSTAT) console.log('spss-export-pspp: skipping ReadStat checks: `readstat` is not installed');
if (!HAS_HAVEN) console.log('spss-export-pspp: skipping haven checks: Rscript with haven and jsonlite is not available');

const example = join(root, 'resources/schedules/example-evaluation.xlsx');

async function fieldnote(args: string[], configDir: string) {
  const r = await runFieldnote(args, { FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_CONFIG_DIR: configDir });
  expect(r.status, `fieldnote ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r;
}

let dir = '';
let out = '';
let dataset: SpssDataset = { variables: [], rows: [], multipleResponseSets: [] };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fieldnote-export-'));
  out = join(dir, 'out');
  mkdirSync(out);
  const project = join(dir, 'Evaluation 2026.fieldnote');
  const config = join(dir, 'config');
  (await fieldnote(['dev', 'seed', project, '--schedule', example, '--interviews', '60', '--seed', '3', '--words', '30'], config));
  (await fieldnote(['export', 'spss', project, '--out', out], config));
  const store = ProjectStore.open(project, PASS, { readOnly: true });
  try {
    dataset = projectDataset(store.db, projectSettingsOf(store.db, 'test'), { unit: 'respondent' }).built.dataset;
  } finally {
    store.close();
  }
}, 60_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const NAME = 'Evaluation 2026';
/** PSPP shows dates as yyyy/mm/dd (SDATE10). */
const shownLabel = (variable: SpssVariable, label: string) => (variable.type === 'date' ? label.replace(/-/g, '/') : label);

/** FREQUENCIES tables follow the Statistics table, one per variable in /VARIABLES order. */
function frequencyTables(run: PsppRun, variables: SpssVariable[]): Map<string, string[][]> {
  const start = run.tables.findIndex((t) => t.title === 'Statistics');
  const tables = run.tables.slice(start + 1, start + 1 + variables.length);
  expect(tables.map((t) => t.title)).toEqual(variables.map((v) => oneLine(v.label)));
  return new Map(variables.map((v, i) => [v.name, tables[i]?.rows ?? []]));
}

function expectFrequencies(run: PsppRun): Map<string, string[][]> {
  const tables = frequencyTables(run, dataset.variables);
  for (const v of dataset.variables) {
    const ours = frequencyOf(dataset, v.name);
    const relabelled = { ...ours, valid: ours.valid.map((r) => ({ ...r, label: shownLabel(v, r.label) })) };
    expectFrequencyTable(tables.get(v.name) ?? [], relabelled, v.name);
  }
  // PSPP's own valid-case count, from its Statistics table, for every numeric and date variable it summarises.
  const stats = table(run, 'Statistics');
  const valid = stats.find((r) => r[0] === 'N' && r[1] === 'Valid') ?? [];
  const header = stats[0] ?? [];
  let checked = 0;
  dataset.variables.forEach((v) => {
    const column = header.indexOf(oneLine(v.label), 2 + checked);
    if (column < 0) return;
    expect(Number(valid[column]), `valid cases of ${v.name}`).toBe(frequencyOf(dataset, v.name).validTotal.frequency);
    checked = column - 1;
  });
  expect(checked).toBeGreaterThan(20);
  return tables;
}

const FREQUENCIES = () => `FREQUENCIES /VARIABLES=${dataset.variables.map((v) => v.name).join(' ')}.\n`;

describe('fieldnote export spss on a seeded project', () => {
  it('writes the four files named after the project, one CSV row per respondent in ID order', async () => {
    for (const suffix of ['.csv', '.sps', '.sav', '.R', '-codebook.md']) expect(existsSync(join(out, `${NAME}${suffix}`)), suffix).toBe(true);
    const lines = readFileSync(join(out, `${NAME}.csv`), 'utf8').trimEnd().split(/\r?\n/);
    expect(lines[0]?.replace(/^\uFEFF/, '').split(',')).toEqual(dataset.variables.map((v) => v.name));
    expect(lines).toHaveLength(dataset.rows.length + 1);
    const respId = dataset.variables.findIndex((v) => v.name === 'resp_id');
    const ids = dataset.rows.map((r) => r[respId] as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // The unit of analysis is explicit: every row names its interview and the session's size.
    expect(dataset.variables.slice(0, 3).map((v) => v.name)).toEqual(['int_id', 'resp_id', 'n_resp']);
    expect(dataset.rows.every((r) => typeof r[0] === 'string' && (r[2] as number) >= 1)).toBe(true);
    // The seed really exercises the missing-data codes.
    const codes = new Set(dataset.rows.flat());
    expect(codes.has(-8) && codes.has(-7) && codes.has(9) && codes.has(null)).toBe(true);
    expect(dataset.multipleResponseSets.map((s) => s.name)).toEqual(['q5a_types']);
  });

  let viaSyntax: Map<string, string[][]> | null = null;

  it.skipIf(!HAS_PSPP)('PSPP runs the .sps on the CSV: the whole dictionary, and FREQUENCIES equal to the app for every variable', async () => {
    const run = runPspp(out, `INCLUDE FILE='${NAME}.sps'.\nDISPLAY DICTIONARY.\nMRSETS /DISPLAY NAME=ALL.\n${FREQUENCIES()}`, 'syntax');
    expectDictionary(run, dataset);
    expect(table(run, 'Multiple Response Sets')).toEqual([
      ['Name', 'Label', 'Encoding', 'Counted Value', 'Member Variables'],
      ['$q5a_types', oneLine(dataset.multipleResponseSets[0]?.label ?? ''), 'Dichotomies', '1', 'q5a_types_1\nq5a_types_2\nq5a_types_3\nq5a_types_4\nq5a_types_96'],
    ]);
    viaSyntax = expectFrequencies(run);
  });

  it.skipIf(!HAS_PSPP)('PSPP reads the .sav with the same dictionary, and its FREQUENCIES equal the app and the syntax route', async () => {
    const run = runPspp(out, `GET FILE='${NAME}.sav'.\nDISPLAY DICTIONARY.\nMRSETS /DISPLAY NAME=ALL.\n${FREQUENCIES()}`, 'sav');
    expectDictionary(run, dataset);
    const viaSav = expectFrequencies(run);
    if (viaSyntax) expect(viaSav).toEqual(viaSyntax);
  });

  it.skipIf(!HAS_READSTAT)('ReadStat reads every cell of the .sav', async () => {
    const { meta, rows } = readWithReadstat(out, `${NAME}.sav`);
    expect(meta).toMatch(new RegExp(`Columns: ${dataset.variables.length}\\b`));
    expect(meta).toMatch(new RegExp(`Rows: ${dataset.rows.length}\\b`));
    expect(meta).toMatch(/Text encoding: UTF-8/);
    expect(rows[0]).toEqual(dataset.variables.map((v) => v.name));
    expect(rows).toHaveLength(dataset.rows.length + 1);
    dataset.rows.forEach((row, r) => {
      dataset.variables.forEach((v, c) => {
        const got = rows[r + 1]?.[c] ?? '';
        const want = row[c] ?? null;
        if (v.type === 'string') expect(got, `${v.name}[${r}]`).toBe(String(want ?? '').replace(/ +$/, ''));
        else if (want === null) expect(got, `${v.name}[${r}] is system-missing`).toBe('');
        else if (v.type === 'date') expect(new Date((Number(got) / 86400 - SPSS_EPOCH_DAYS) * 86400000).toISOString().slice(0, 10)).toBe(want);
        else expect(Number(got), `${v.name}[${r}]`).toBe(want);
      });
    });
  });

  it.skipIf(!HAS_HAVEN)('haven reads names, labels, user-missing values, value labels and data cells', async () => {
    const got = readWithHaven(out, `${NAME}.sav`);
    expect(got.nrow).toBe(dataset.rows.length);
    expect(got.vars.map((x) => x.name)).toEqual(dataset.variables.map((v) => v.name));
    got.vars.forEach((h, c) => {
      const v = dataset.variables[c] as SpssVariable;
      expect(h.label, v.name).toBe(oneLine(v.label));
      expect(asArray(h.na_values), v.name).toEqual(v.missingValues);
      expect(asArray(h.label_values), v.name).toEqual(v.valueLabels.map((l) => l.value));
      expect(asArray(h.label_names), v.name).toEqual(v.valueLabels.map((l) => oneLine(l.label)));
      const want = dataset.rows.map((r) => r[c] ?? null).map((x) => (v.type === 'string' ? String(x ?? '').replace(/ +$/, '') : x));
      expect(asArray(h.values), v.name).toEqual(want);
    });
  });
});
