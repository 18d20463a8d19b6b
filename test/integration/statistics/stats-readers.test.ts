/**
 * Every statistics file Fieldnote writes, read by the programs its users open it with: PSPP
 * (.sav and .sps + CSV), ReadStat (.sav, .dta), R haven (read_sav, read_dta), R foreign
 * (read.spss), readstata13 (read.dta13), the NAME.R script, and xmllint with the published DDI
 * Codebook 2.5 schema. The data look like real users' data (test/support/stats-fixture.ts).
 * For each reader: the same rows and variables, value labels, missing values and frequencies as
 * the app's own tables.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFiles, writeFilesTogether } from '../../../electron/export/spss-export';
import { buildDataset, type BuiltDataset } from '../../../shared/export/dataset';
import { planStata } from '../../../shared/export/stata/dta-writer';
import type { SpssCell, SpssVariable } from '../../../shared/export/spss';
import { frequencyOf } from '../../../shared/stats';
import { expectDictionary, expectFrequencyTable, HAS_PSPP, HAS_READSTAT, oneLine, parseCsv, runPspp, table } from '../../support/pspp';
import { HAS_R_READERS, readWithR, type RVariable } from '../../support/r-readers';
import { FIXTURE_SCHEDULE, FIXTURE_SETTINGS, fixtureInterviews, LONG_STORY } from '../../support/stats-fixture';

const HAS_XMLLINT = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).error === undefined;
if (!HAS_PSPP) console.log('stats-readers: skipping PSPP checks: `pspp` is not installed');
if (!HAS_READSTAT) console.log('stats-readers: skipping ReadStat checks: `readstat` is not installed');
if (!HAS_R_READERS) console.log('stats-readers: skipping R checks: Rscript with haven, jsonlite, foreign and readstata13 is not available');
if (!HAS_XMLLINT) console.log('stats-readers: skipping DDI schema check: `xmllint` is not installed');

const SCHEMA = resolve(import.meta.dirname, '../../fixtures/ddi-codebook-2.5/codebook.xsd');
let dir = '';
let built: BuiltDataset;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fieldnote-readers-'));
  built = buildDataset(FIXTURE_SCHEDULE, fixtureInterviews(), FIXTURE_SETTINGS, { unit: 'respondent', includeText: true });
  const { files } = await exportFiles(built, FIXTURE_SCHEDULE.title, 'referrals', ['spss', 'stata', 'r', 'ddi', 'excel', 'csv']);
  writeFilesTogether(join(dir, 'out'), files);
}, 60_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const out = () => join(dir, 'out');
const ds = () => built.dataset;
const columnOf = (v: SpssVariable) => ds().variables.indexOf(v);
const numericVars = () => ds().variables.filter((v) => v.type === 'numeric');
const valueKey = (x: number) => String(x);

/** Raw value → count as Fieldnote wrote it ("NA" for system-missing). */
function rawFrequencies(v: SpssVariable, mapCode: (code: number) => string = valueKey): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of ds().rows) {
    const cell: SpssCell = row[columnOf(v)] ?? null;
    const key = cell === null || cell === '' ? 'NA' : typeof cell === 'number' ? mapCode(cell) : cell;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The app's frequency table in the same shape: valid codes with counts, then every missing case under "NA". */
function appValidAndMissing(v: SpssVariable): Record<string, number> {
  const t = frequencyOf(ds(), v.name);
  const counts: Record<string, number> = {};
  for (const r of t.valid) counts[String(r.value)] = r.frequency;
  if (t.missingTotal.frequency > 0) counts.NA = t.missingTotal.frequency;
  return counts;
}

function byName(vars: RVariable[]): Map<string, RVariable> {
  return new Map(vars.map((v) => [v.name, v]));
}

describe('the fixture', () => {
  it('has word-named choices coded 1..k, the names kept, a select_multiple, a date, Khmer, a group session and long text', () => {
    const agency = ds().variables.find((v) => v.name === 'agency_q')!;
    expect(agency.type).toBe('numeric');
    expect(agency.valueLabels.slice(0, 3)).toEqual([
      { value: 1, label: 'Police' },
      { value: 2, label: 'Justice' },
      { value: 3, label: 'Social affairs' },
    ]);
    expect(agency.attributes).toEqual({ choice_names: '1=police 2=justice 3=social_affairs' });
    expect(built.codebook.find((e) => e.name === 'agency_q')?.choiceCodes).toEqual([
      { value: 1, name: 'police' },
      { value: 2, name: 'justice' },
      { value: 3, name: 'social_affairs' },
    ]);
    expect(ds().variables.filter((v) => v.type === 'string').map((v) => v.name)).toEqual(['int_id', 'story']);
    expect(ds().variables.every((v) => v.type !== 'string' || v.missingValues.length === 0)).toBe(true);
    expect(ds().rows.some((r) => r.includes(LONG_STORY))).toBe(true);
    expect(ds().multipleResponseSets).toHaveLength(1);
  });
});

describe('PSPP', () => {
  const FREQ = () => `FREQUENCIES /VARIABLES=${ds().variables.filter((v) => v.type !== 'string').map((v) => v.name).join(' ')}.\n`;
  const expectFrequencies = (run: ReturnType<typeof runPspp>) => {
    const vars = ds().variables.filter((v) => v.type !== 'string');
    const start = run.tables.findIndex((t) => t.title === 'Statistics');
    const tables = run.tables.slice(start + 1, start + 1 + vars.length);
    expect(tables.map((t) => t.title)).toEqual(vars.map((v) => oneLine(v.label)));
    vars.forEach((v, i) => {
      const ours = frequencyOf(ds(), v.name);
      const shown = { ...ours, valid: ours.valid.map((r) => ({ ...r, label: v.type === 'date' ? r.label.replace(/-/g, '/') : r.label })) };
      expectFrequencyTable(tables[i]?.rows ?? [], shown, v.name);
    });
  };

  it.skipIf(!HAS_PSPP)('reads the .sav: dictionary with LO THRU -7 ranges, the choice names attribute, and FREQUENCIES equal to the app', () => {
    const run = runPspp(out(), `GET FILE='referrals.sav'.\nDISPLAY DICTIONARY.\nDISPLAY ATTRIBUTES /VARIABLES=agency_q.\n${FREQ()}`, 'sav');
    expectDictionary(run, ds());
    expect(table(run, 'Variables').find((r) => r[0] === 'trust')?.[9]).toBe('LOWEST THRU -7; 9');
    expect(table(run, 'Variable and Dataset Attributes').some((r) => r.includes('choice_names') && r.includes('1=police 2=justice 3=social_affairs'))).toBe(true);
    expectFrequencies(run);
  });

  it.skipIf(!HAS_PSPP)('runs the .sps on the CSV: same dictionary and frequencies, formula-protected text restored', () => {
    const run = runPspp(out(), `INCLUDE FILE='referrals.sps'.\nDISPLAY DICTIONARY.\n${FREQ()}LIST /VARIABLES=story.\n`, 'sps');
    expectDictionary(run, ds());
    expectFrequencies(run);
    const listed = table(run, 'Data List').slice(1).map((r) => r[0]);
    // PSPP's CSV output drops the blank line of the one empty story.
    expect(listed).toEqual(ds().rows.map((r) => String(r[columnOf(ds().variables.find((v) => v.name === 'story')!)] ?? '')).filter((t) => t !== ''));
  });
});

describe('ReadStat', () => {
  for (const file of ['referrals.sav', 'referrals.dta']) {
    it.skipIf(!HAS_READSTAT)(`reads every row and variable of ${file}`, () => {
      const meta = spawnSync('readstat', [join(out(), file)], { encoding: 'utf8' });
      expect(meta.status, meta.stderr).toBe(0);
      expect(meta.stdout).toMatch(new RegExp(`Columns: ${ds().variables.length}\\b`));
      expect(meta.stdout).toMatch(new RegExp(`Rows: ${ds().rows.length}\\b`));
      const csv = join(out(), `${file}.csv`);
      const conv = spawnSync('readstat', [join(out(), file), csv], { encoding: 'utf8' });
      expect(conv.status, conv.stderr).toBe(0);
      const rows = parseCsv(readFileSync(csv, 'utf8'));
      expect(rows[0]).toEqual(ds().variables.map((v) => v.name));
      const story = ds().variables.findIndex((v) => v.name === 'story');
      expect(rows.slice(1).map((r) => r[story])).toEqual(ds().rows.map((r) => r[story]));
    });
  }
});

describe.skipIf(!HAS_R_READERS)('R', () => {
  it('haven read_sav: labels, na_values, na_range c(-Inf, -7) and every value as written', () => {
    const got = readWithR(out(), 'haven_sav', 'referrals.sav');
    expect(got.nrow).toBe(ds().rows.length);
    expect(got.vars.map((v) => v.name)).toEqual(ds().variables.map((v) => v.name));
    expectLikeSpss(got.vars);
  });

  it('the NAME.R script builds the same labelled vectors from the CSV', () => {
    const got = readWithR(out(), 'r_script', 'referrals.R');
    expect(got.nrow).toBe(ds().rows.length);
    expect(got.vars.map((v) => v.name)).toEqual(ds().variables.map((v) => v.name));
    expectLikeSpss(got.vars);
  });

  it('foreign read.spss: same declared missing values, value labels and raw frequencies (it splits strings over 255 bytes)', () => {
    const got = readWithR(out(), 'foreign_sav', 'referrals.sav');
    expect(got.nrow).toBe(ds().rows.length);
    const ours = ds().variables.map((v) => v.name);
    // foreign imports each 255-byte segment of a very long string as its own variable (its own warning says so).
    expect(got.vars.map((v) => v.name).filter((n) => ours.includes(n))).toEqual(ours);
    expect(got.vars.filter((v) => !ours.includes(v.name)).every((v) => /^STORY_[A-Z]+$/.test(v.name))).toBe(true);
    const vars = byName(got.vars);
    for (const v of numericVars()) {
      const r = vars.get(v.name)!;
      expect(r.label, v.name).toBe(oneLine(v.label));
      expect(sortedLabels(r), v.name).toEqual(sortedLabels(oursAsR(v)));
      expect({ type: r.missings_type, value: r.missings_value }, v.name).toEqual(foreignMissings(v));
      expect(r.freq, v.name).toEqual(rawFrequencies(v));
    }
  });

  it('haven read_dta: codes with labels, -8 as .a, -7 as .b, -10 as .n, -11 as .t and Don\'t know as .c with labels, dates as Date', () => {
    const got = readWithR(out(), 'haven_dta', 'referrals.dta');
    expect(got.nrow).toBe(ds().rows.length);
    expect(got.vars.map((v) => v.name)).toEqual(ds().variables.map((v) => v.name));
    const plan = new Map(planStata(ds()).map((p) => [p.source, p]));
    const vars = byName(got.vars);
    for (const v of ds().variables) {
      const r = vars.get(v.name)!;
      expect(r.label, v.name).toBe(oneLine(v.label));
      if (v.type === 'date') expect(r.is_date, v.name).toBe(true);
      if (v.type === 'string') continue;
      if (v.type === 'date') {
        expect(r.freq, v.name).toEqual(rawFrequencies(v));
        continue;
      }
      const letters = plan.get(v)!.extended;
      expect(r.freq, v.name).toEqual(rawFrequencies(v, (code) => (letters.has(code) ? `NA(${letters.get(code)})` : String(code))));
      const wantLabels = v.valueLabels.map((l) => `${letters.has(l.value as number) ? `NA(${letters.get(l.value as number)})` : String(l.value)}=${l.label}`).sort();
      const gotLabels = r.labels.names.map((name, i) => `${r.labels.tags[i] ? `NA(${r.labels.tags[i]})` : String(r.labels.values[i])}=${name}`).sort();
      expect(gotLabels, v.name).toEqual(wantLabels);
    }
    expect(plan.get(ds().variables.find((v) => v.name === 'trust')!)!.extended).toEqual(new Map([[-8, 'a'], [-7, 'b'], [-10, 'n'], [-11, 't'], [9, 'c']]));
  });

  it('readstata13 read.dta13: same valid frequencies as the app, every missing case NA, same value labels', () => {
    const got = readWithR(out(), 'readstata13_dta', 'referrals.dta');
    expect(got.nrow).toBe(ds().rows.length);
    expect(got.vars.map((v) => v.name)).toEqual(ds().variables.map((v) => v.name));
    const vars = byName(got.vars);
    for (const v of numericVars()) {
      const r = vars.get(v.name)!;
      expect(r.label, v.name).toBe(oneLine(v.label));
      expect(r.freq, v.name).toEqual(appValidAndMissing(v));
      const valid = v.valueLabels.filter((l) => !isDeclaredMissing(v, l.value as number));
      expect(sortedLabels(r).filter((l) => Number(l.split('=')[0]) < 2_147_483_621), v.name).toEqual(valid.map((l) => `${l.value}=${l.label}`).sort());
    }
  });
});

function isDeclaredMissing(v: SpssVariable, value: number): boolean {
  const range = v.missingRange;
  return v.missingValues.includes(value) || (range !== undefined && (range.low === null || value >= range.low) && (range.high === null || value <= range.high));
}

function oursAsR(v: SpssVariable): RVariable {
  return {
    name: v.name,
    label: v.label,
    labels: { values: v.valueLabels.map((l) => l.value as number), names: v.valueLabels.map((l) => l.label), tags: [] },
    na_values: [],
    na_range: [],
    missings_type: null,
    missings_value: [],
    freq: {},
    is_date: false,
    text: null,
  };
}

const sortedLabels = (r: RVariable) => r.labels.names.map((name, i) => `${r.labels.values[i]}=${name}`).sort();

function foreignMissings(v: SpssVariable): { type: string; value: number[] } {
  const discrete = v.missingValues as number[];
  const range = v.missingRange;
  if (range && range.low !== null) return { type: discrete.length > 0 ? 'range+1' : 'range', value: [range.low, range.high as number, ...discrete] };
  if (range) return { type: discrete.length > 0 ? 'low+1' : 'low', value: [range.high as number, ...discrete] };
  return { type: ['none', 'one', 'two', 'three'][discrete.length]!, value: discrete };
}

/** haven read_sav and the R script: the labelled_spss attributes and every value. */
function expectLikeSpss(got: RVariable[]): void {
  const vars = byName(got);
  for (const v of ds().variables) {
    const r = vars.get(v.name)!;
    expect(r.label, v.name).toBe(oneLine(v.label));
    if (v.type === 'string') {
      expect(r.text, v.name).toEqual(ds().rows.map((row) => String(row[columnOf(v)] ?? '')));
      continue;
    }
    if (v.type === 'date') {
      expect(r.is_date, v.name).toBe(true);
      expect(r.freq, v.name).toEqual(rawFrequencies(v));
      continue;
    }
    expect(r.labels.values, v.name).toEqual(v.valueLabels.map((l) => l.value));
    expect(r.labels.names, v.name).toEqual(v.valueLabels.map((l) => oneLine(l.label)));
    expect(r.na_values, v.name).toEqual(v.missingValues);
    expect(r.na_range, v.name).toEqual(v.missingRange ? [v.missingRange.low ?? '-Inf', v.missingRange.high ?? 'Inf'] : []);
    expect(r.freq, v.name).toEqual(rawFrequencies(v));
  }
}

describe('DDI Codebook 2.5', () => {
  it.skipIf(!HAS_XMLLINT)('is valid against the published schema', () => {
    const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, join(out(), 'referrals-ddi.xml')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/validates/);
  });

  it('lists every variable, its question text, missing flags and the app\'s frequencies', () => {
    const xml = readFileSync(join(out(), 'referrals-ddi.xml'), 'utf8');
    expect(xml.match(/<var ID=/g)).toHaveLength(ds().variables.length);
    expect(xml).toContain(`<titl>${FIXTURE_SCHEDULE.title}</titl>`);
    expect(xml).toContain('<qstnLit>How much do you trust the referral system?</qstnLit>');
    const trust = xml.slice(xml.indexOf('name="trust"'), xml.indexOf('</var>', xml.indexOf('name="trust"')));
    expect(trust).toContain('<invalrng>');
    expect(trust).toContain('<range max="-7"/>');
    const t = frequencyOf(ds(), 'trust');
    for (const row of t.valid) expect(trust).toMatch(new RegExp(`<catgry>\\s*<catValu>${row.value}</catValu>\\s*<labl>[^<]*</labl>\\s*<catStat type="freq">${row.frequency}</catStat>`));
    expect(trust).toMatch(/<catgry missing="Y">\s*<catValu>9<\/catValu>\s*<labl>Don't know<\/labl>\s*<catStat type="freq">1<\/catStat>/);
    expect(trust).toContain(`<sumStat type="vald">${t.validTotal.frequency}</sumStat>`);
  });
});

describe('Excel and CSV', () => {
  const sheetXml = (n: number) => {
    const zip = unzipSync(readFileSync(join(out(), 'referrals.xlsx')));
    return { sheet: strFromU8(zip[`xl/worksheets/sheet${n}.xml`]!), strings: strFromU8(zip['xl/sharedStrings.xml'] ?? new Uint8Array()) };
  };

  it('the workbook has data (codes), labelled and variables sheets; text that looks like a formula is a text cell', () => {
    const zip = unzipSync(readFileSync(join(out(), 'referrals.xlsx')));
    const workbook = strFromU8(zip['xl/workbook.xml']!);
    expect([...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1])).toEqual(['data', 'labelled', 'variables']);
    const { sheet, strings } = sheetXml(1);
    expect(sheet).not.toContain('<f>');
    expect(strings).toContain('=HYPERLINK(');
    // -8 (declined) stays a number.
    expect(sheet).toMatch(/<c r="[A-Z]+\d+"[^>]*><v>-8<\/v><\/c>/);
    const labelled = sheetXml(2);
    expect(labelled.strings).toContain('Declined');
  });

  it('the CSV prefixes would-be formulas with an apostrophe and leaves -8 alone', () => {
    const csv = readFileSync(join(out(), 'referrals.csv'), 'utf8');
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    expect(csv).toContain(`"'=HYPERLINK(""http://example.invalid"",""click"")"`);
    // Text that already starts with an apostrophe before a formula character gets one more, so taking one off restores it.
    expect(csv).toContain("''=already quoted by the note-taker");
    expect(csv).toContain("'-  a list item");
    expect(csv).toMatch(/,-8,/);
  });

  it('the BOM option starts the CSV with a UTF-8 byte order mark, for Excel and Khmer', async () => {
    const { files } = await exportFiles(built, 'x', 'bom', ['csv'], { bom: true });
    expect([...files[0]!.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe('Khmer labels and one row per interview, read by the packages', () => {
  let khmer: BuiltDataset;
  let sessions: BuiltDataset;
  beforeAll(async () => {
    khmer = buildDataset(FIXTURE_SCHEDULE, fixtureInterviews(), FIXTURE_SETTINGS, { unit: 'respondent', language: 'km' });
    writeFilesTogether(join(dir, 'km'), (await exportFiles(khmer, FIXTURE_SCHEDULE.title, 'km', ['spss', 'stata'])).files);
    sessions = buildDataset(FIXTURE_SCHEDULE, fixtureInterviews(), FIXTURE_SETTINGS, { unit: 'interview' });
    writeFilesTogether(join(dir, 'sessions'), (await exportFiles(sessions, FIXTURE_SCHEDULE.title, 'sessions', ['spss', 'stata'])).files);
  });

  it.skipIf(!HAS_R_READERS)('haven and readstata13 show the Khmer variable and value labels, declined and ended in Khmer too', () => {
    const trust = khmer.dataset.variables.find((v) => v.name === 'trust')!;
    expect(trust.label).toBe('តើអ្នកទុកចិត្តប្រព័ន្ធបញ្ជូនប៉ុណ្ណា?');
    const sav = byName(readWithR(join(dir, 'km'), 'haven_sav', 'km.sav').vars).get('trust')!;
    expect(sav.label).toBe(trust.label);
    expect(sav.labels.names).toEqual(trust.valueLabels.map((l) => l.label));
    expect(sav.labels.names).toContain('បដិសេធមិនឆ្លើយ');
    const dta = byName(readWithR(join(dir, 'km'), 'readstata13_dta', 'km.dta').vars).get('trust')!;
    expect(dta.label).toBe(trust.label);
    expect(dta.labels.names).toEqual(expect.arrayContaining(['មិនសោះ', 'បន្តិច', 'ច្រើន']));
  });

  it.skipIf(!HAS_PSPP)('one row per session keeps each participant\'s own answer, in PSPP as in the app', () => {
    const names = sessions.dataset.variables.map((v) => v.name);
    expect(names).toEqual(expect.arrayContaining(['role_p1', 'role_p2', 'role_p3']));
    expect(names).not.toContain('role');
    // role_p3 is only the group's third respondent, who said Don't know (missing): PSPP prints no
    // Valid Percent for a variable without valid cases, so it is compared by its missing counts below.
    const run = runPspp(join(dir, 'sessions'), "GET FILE='sessions.sav'.\nFREQUENCIES /VARIABLES=role_p1 role_p2 n_resp.\n", 'sessions');
    const start = run.tables.findIndex((t) => t.title === 'Statistics');
    expect(frequencyOf(sessions.dataset, 'role_p3').missing.map((r) => [r.label, r.frequency])).toEqual([
      ["Don't know", 1],
      ['System missing', sessions.dataset.rows.length - 1],
    ]);
    ['role_p1', 'role_p2', 'n_resp'].forEach((name, i) => {
      const t = frequencyOf(sessions.dataset, name);
      expectFrequencyTable(run.tables[start + 1 + i]?.rows ?? [], t, name);
    });
    // The group's three answers (investigator, social worker, don't know) are all there.
    const group = sessions.dataset.rows.find((r) => r[0] === '01J-group')!;
    expect(['role_p1', 'role_p2', 'role_p3'].map((n) => group[names.indexOf(n)])).toEqual([1, 2, 3]);
  });
});
