/**
 * `fieldnote export stata|r|ddi|excel|all` on a seeded project: each command writes its files
 * into a folder that does not exist yet (made as mkdir -p), and each file opens in the program
 * it is for with the frequencies the app shows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldnote as runFieldnote } from '../../support/cli';
import { projectSettingsOf } from '../../../electron/export/export-data';
import { projectDataset } from '../../../electron/export/spss-export';
import { ProjectStore } from '../../../electron/store/project-store';
import type { SpssDataset } from '../../../shared/export/spss';
import { frequencyOf } from '../../../shared/stats';
import { HAS_R_READERS, readWithR } from '../../support/r-readers';
import { PASS } from '../../support/temp';

const root = resolve(import.meta.dirname, '../../..');
const example = join(root, 'resources/schedules/example-evaluation.xlsx');
const HAS_XMLLINT = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).error === undefined;
if (!HAS_R_READERS) console.log('export-formats-cli: skipping R checks: Rscript with haven, jsonlite, foreign and readstata13 is not available');
if (!HAS_XMLLINT) console.log('export-formats-cli: skipping the DDI schema check: `xmllint` is not installed');

let dir = '';
let project = '';
let config = '';
let dataset: SpssDataset;

async function fieldnote(args: string[]) {
  const r = await runFieldnote(args, { FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_CONFIG_DIR: config });
  expect(r.status, `fieldnote ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fieldnote-formats-'));
  project = join(dir, 'Survey.fieldnote');
  config = join(dir, 'config');
  (await fieldnote(['dev', 'seed', project, '--schedule', example, '--interviews', '30', '--seed', '5', '--words', '10']));
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

describe('fieldnote export, one command per format', () => {
  it('stata writes Survey.dta into a new folder; readstata13 counts what the app counts', async () => {
    const out = join(dir, 'stata', 'new');
    (await fieldnote(['export', 'stata', project, '--out', out]));
    expect(readdirSync(out)).toEqual(['Survey.dta']);
    if (!HAS_R_READERS) return;
    const got = readWithR(out, 'readstata13_dta', 'Survey.dta');
    expect(got.nrow).toBe(dataset.rows.length);
    expect(got.vars.map((v) => v.name)).toEqual(dataset.variables.map((v) => v.name.replace(/\./g, '_')));
    for (const v of dataset.variables.filter((x) => x.type === 'numeric')) {
      const t = frequencyOf(dataset, v.name);
      const want: Record<string, number> = {};
      for (const r of t.valid) want[String(r.value)] = r.frequency;
      if (t.missingTotal.frequency > 0) want.NA = t.missingTotal.frequency;
      expect(got.vars.find((x) => x.name === v.name)?.freq, v.name).toEqual(want);
    }
  });

  it('r writes Survey.csv and Survey.R, and the script builds labelled vectors', async () => {
    const out = join(dir, 'r');
    (await fieldnote(['export', 'r', project, '--out', out]));
    expect(readdirSync(out).sort()).toEqual(['Survey.R', 'Survey.csv']);
    if (!HAS_R_READERS) return;
    const got = readWithR(out, 'r_script', 'Survey.R');
    expect(got.nrow).toBe(dataset.rows.length);
    expect(got.vars.map((v) => v.name)).toEqual(dataset.variables.map((v) => v.name));
  });

  it('ddi writes the named XML file, valid against the DDI Codebook 2.5 schema', async () => {
    const file = join(dir, 'ddi', 'deep', 'survey-codebook.xml');
    (await fieldnote(['export', 'ddi', project, '--out', file]));
    expect(existsSync(file)).toBe(true);
    if (!HAS_XMLLINT) return;
    const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', join(root, 'test/fixtures/ddi-codebook-2.5/codebook.xsd'), file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('ddi with a folder as --out writes NAME-ddi.xml into it', async () => {
    const out = join(dir, 'ddi-folder');
    (await fieldnote(['export', 'ddi', project, '--out', out]));
    expect(readdirSync(out)).toEqual(['Survey-ddi.xml']);
  });

  it('all writes every format at once', async () => {
    const out = join(dir, 'all');
    (await fieldnote(['export', 'all', project, '--out', out, '--bom']));
    expect(readdirSync(out).sort()).toEqual(['Survey-codebook.md', 'Survey-ddi.xml', 'Survey.R', 'Survey.csv', 'Survey.dta', 'Survey.sav', 'Survey.sps', 'Survey.xlsx']);
  });

  it('rejects an unknown --dont-know with a usage message', async () => {
    const r = await runFieldnote(['export', 'stata', project, '--out', join(dir, 'x'), '--dont-know', 'maybe'], { FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_CONFIG_DIR: config });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--dont-know is missing or valid/);
  });
});

describe('fieldnote stats sample', () => {
  it('prints Table 1 with the attributes, and as JSON with --json', async () => {
    const text = (await fieldnote(['stats', 'sample', project, '--add', 'q3_collab'])).stdout;
    expect(text.split('\n')[0]).toMatch(/^Sample \(N=\d+\)$/);
    expect(text).toContain('Organisation type');
    expect(text).toMatch(/Q3\./);
    const json = JSON.parse((await fieldnote(['stats', 'sample', project, '--json'])).stdout) as { kind: string; n: number; attributes: { name: string }[] };
    expect(json.kind).toBe('sample-description');
    expect(json.n).toBe(dataset.rows.length);
    expect(json.attributes.map((a) => a.name)).toEqual(expect.arrayContaining(['org_type', 'loc_no']));
  });
});
