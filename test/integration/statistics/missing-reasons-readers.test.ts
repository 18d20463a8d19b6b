/**
 * Each reason the runner records for a question left without an answer (declined, not
 * applicable, out of time) and an early end reach the statistics packages as their own
 * user-missing code and label: -8 Declined, -10 Not applicable, -11 Out of time, -7 Interview
 * ended (shared/export/missing-codes.ts). Before, not applicable and out of time were exported
 * as -8 "Declined". Read back by PSPP, ReadStat, haven (.sav, .dta, the R script), the CSV and
 * the DDI codebook, on the stats fixture with a few answers given reasons.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFiles, writeFilesTogether } from '../../../electron/export/spss-export';
import { buildDataset, DECLINED, ENDED, NOT_APPLICABLE, OUT_OF_TIME, type BuiltDataset, type ExportInterview } from '../../../shared/export/dataset';
import { frequencyOf } from '../../../shared/stats';
import { expectFrequencyTable, HAS_PSPP, HAS_READSTAT, parseCsv, psppFrequencyRows, runPspp, table } from '../../support/pspp';
import { HAS_R_READERS, readWithR } from '../../support/r-readers';
import { FIXTURE_SCHEDULE, FIXTURE_SETTINGS, fixtureInterviews } from '../../support/stats-fixture';

if (!HAS_PSPP) console.log('missing-reasons-readers: skipping PSPP checks: `pspp` is not installed');
if (!HAS_READSTAT) console.log('missing-reasons-readers: skipping ReadStat checks: `readstat` is not installed');
if (!HAS_R_READERS) console.log('missing-reasons-readers: skipping R checks: Rscript with haven, jsonlite, foreign and readstata13 is not available');

/** The fixture, with trust and staff left unanswered for a reason by three respondents. */
function interviewsWithReasons(): ExportInterview[] {
  const interviews = fixtureInterviews();
  const noAnswer = (id: string, question: string, missingReason: 'declined' | 'not-applicable' | 'out-of-time') => {
    const interview = interviews.find((i) => i.id === id)!;
    interview.answers = interview.answers.filter((a) => a.question !== question);
    interview.answers.push({ participantId: '', question, value: '', state: 'declined', missingReason });
  };
  noAnswer('01J-one', 'trust', 'not-applicable');
  noAnswer('01J-two', 'trust', 'out-of-time');
  noAnswer('01J-eight', 'trust', 'declined');
  // staff is asked in Phnom Penh: respondent 2 works there too here, and gives no number.
  interviews.find((i) => i.id === '01J-two')!.answers.find((a) => a.question === 'place')!.value = 'phnom_penh';
  noAnswer('01J-one', 'staff', 'out-of-time');
  noAnswer('01J-two', 'staff', 'not-applicable');
  noAnswer('01J-one', 'needs', 'not-applicable');
  return interviews;
}

let dir = '';
let built: BuiltDataset;
const out = () => join(dir, 'out');
const column = (name: string) => built.dataset.variables.findIndex((v) => v.name === name);
const cells = (name: string) => built.dataset.rows.map((r) => r[column(name)]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fieldnote-reasons-'));
  built = buildDataset(FIXTURE_SCHEDULE, interviewsWithReasons(), FIXTURE_SETTINGS, { unit: 'respondent' });
  const { files } = await exportFiles(built, FIXTURE_SCHEDULE.title, 'reasons', ['spss', 'stata', 'r', 'ddi', 'csv']);
  writeFilesTogether(out(), files);
}, 60_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the dataset', () => {
  it('gives each reason its own code, and the app\'s table its own row', () => {
    // Respondents 1..8 in ID order; 4, 5 and 6 share the group session; 7 ended early before staff.
    expect(cells('trust')).toEqual([NOT_APPLICABLE, OUT_OF_TIME, DECLINED, 2, 2, 2, 1, DECLINED]);
    expect(cells('staff')).toEqual([OUT_OF_TIME, NOT_APPLICABLE, 12, null, null, null, ENDED, null]);
    expect(cells('needs_shelter')[0]).toBe(NOT_APPLICABLE);
    const missing = frequencyOf(built.dataset, 'trust').missing.map((r) => [r.value, r.label, r.frequency]);
    expect(missing).toEqual(
      expect.arrayContaining([
        [DECLINED, 'Declined', 2],
        [NOT_APPLICABLE, 'Not applicable', 1],
        [OUT_OF_TIME, 'Out of time', 1],
      ]),
    );
  });
});

describe('PSPP', () => {
  it.skipIf(!HAS_PSPP)('the .sav: each reason is a labelled user-missing value, and FREQUENCIES counts each apart, as the app does', () => {
    const run = runPspp(out(), "GET FILE='reasons.sav'.\nDISPLAY DICTIONARY /VARIABLES=trust staff.\nFREQUENCIES /VARIABLES=trust staff needs_shelter.\n", 'sav');
    const dictionary = table(run, 'Variables');
    expect(dictionary.find((r) => r[0] === 'trust')?.[9]).toBe('LOWEST THRU -7; 9');
    expect(dictionary.find((r) => r[0] === 'staff')?.[9]).toBe('-11 THRU -7');
    const labels = table(run, 'Value Labels').map((r) => `${r[1]}|${r[2]}`);
    expect(labels).toEqual(expect.arrayContaining(['-11[a]|Out of time', '-10[a]|Not applicable', '-8[a]|Declined', '-7[a]|Interview ended']));
    const start = run.tables.findIndex((t) => t.title === 'Statistics');
    const [trust, staff, shelter] = [1, 2, 3].map((i) => run.tables[start + i]?.rows ?? []);
    expect(psppFrequencyRows(trust!).filter((r) => r[0] === 'Missing').map((r) => `${r[1]}|${r[2]}`)).toEqual(
      expect.arrayContaining(['Out of time|1', 'Not applicable|1', 'Declined|2']),
    );
    expectFrequencyTable(trust!, frequencyOf(built.dataset, 'trust'), 'trust');
    expectFrequencyTable(staff!, frequencyOf(built.dataset, 'staff'), 'staff');
    expectFrequencyTable(shelter!, frequencyOf(built.dataset, 'needs_shelter'), 'needs_shelter');
  });

  it.skipIf(!HAS_PSPP)('the .sps on the CSV declares the same', () => {
    const run = runPspp(out(), "INCLUDE FILE='reasons.sps'.\nDISPLAY DICTIONARY /VARIABLES=trust staff.\nFREQUENCIES /VARIABLES=trust staff.\n", 'sps');
    expect(table(run, 'Variables').find((r) => r[0] === 'staff')?.[9]).toBe('-11 THRU -7');
    const start = run.tables.findIndex((t) => t.title === 'Statistics');
    expectFrequencyTable(run.tables[start + 1]?.rows ?? [], frequencyOf(built.dataset, 'trust'), 'trust');
    expectFrequencyTable(run.tables[start + 2]?.rows ?? [], frequencyOf(built.dataset, 'staff'), 'staff');
  });
});

describe('ReadStat and the CSV', () => {
  it.skipIf(!HAS_READSTAT)('readstat reads the codes from the .sav', () => {
    const csv = join(out(), 'reasons.sav.csv');
    const conv = spawnSync('readstat', [join(out(), 'reasons.sav'), csv], { encoding: 'utf8' });
    expect(conv.status, conv.stderr).toBe(0);
    const rows = parseCsv(readFileSync(csv, 'utf8'));
    const trust = rows[0]!.indexOf('trust');
    expect(rows.slice(1).map((r) => Number(r[trust]))).toEqual(cells('trust'));
  });

  it('the CSV holds -10 and -11 as numbers', () => {
    const rows = parseCsv(readFileSync(join(out(), 'reasons.csv'), 'utf8'));
    const trust = rows[0]!.indexOf('trust');
    const staff = rows[0]!.indexOf('staff');
    expect(rows.slice(1).map((r) => r[trust])).toEqual(['-10', '-11', '-8', '2', '2', '2', '1', '-8']);
    expect(rows[1]![staff]).toBe('-11');
  });
});

describe.skipIf(!HAS_R_READERS)('R', () => {
  it('haven read_sav and the R script: each reason labelled, inside na_range', () => {
    for (const [reader, file] of [['haven_sav', 'reasons.sav'], ['r_script', 'reasons.R']] as const) {
      const vars = new Map(readWithR(out(), reader, file).vars.map((v) => [v.name, v]));
      const trust = vars.get('trust')!;
      const label = (value: number) => trust.labels.names[trust.labels.values.indexOf(value)];
      expect([label(DECLINED), label(ENDED), label(NOT_APPLICABLE), label(OUT_OF_TIME)], reader).toEqual(['Declined', 'Interview ended', 'Not applicable', 'Out of time']);
      expect(trust.na_range, reader).toEqual(['-Inf', -7]);
      expect(trust.freq, reader).toMatchObject({ '-10': 1, '-11': 1, '-8': 2 });
      expect(vars.get('staff')!.na_range, reader).toEqual([-11, -7]);
      expect(vars.get('staff')!.freq, reader).toMatchObject({ '-10': 1, '-11': 1 });
    }
  });

  it('haven read_dta: declined .a, ended .b, not applicable .n, out of time .t, each with its label; Don\'t know keeps .c', () => {
    const vars = new Map(readWithR(out(), 'haven_dta', 'reasons.dta').vars.map((v) => [v.name, v]));
    const trust = vars.get('trust')!;
    expect(trust.freq).toMatchObject({ 'NA(n)': 1, 'NA(t)': 1, 'NA(a)': 2 });
    const tagged = Object.fromEntries(trust.labels.names.map((name, i) => [trust.labels.tags[i] ?? String(trust.labels.values[i]), name]));
    expect(tagged).toMatchObject({ a: 'Declined', b: 'Interview ended', n: 'Not applicable', t: 'Out of time', c: "Don't know" });
    expect(vars.get('staff')!.freq).toMatchObject({ 'NA(n)': 1, 'NA(t)': 1 });
  });
});

describe('DDI Codebook 2.5', () => {
  it('lists each reason as its own missing category with its count', () => {
    const xml = readFileSync(join(out(), 'reasons-ddi.xml'), 'utf8');
    const trust = xml.slice(xml.indexOf('name="trust"'), xml.indexOf('</var>', xml.indexOf('name="trust"')));
    expect(trust).toMatch(/<catgry missing="Y">\s*<catValu>-10<\/catValu>\s*<labl>Not applicable<\/labl>\s*<catStat type="freq">1<\/catStat>/);
    expect(trust).toMatch(/<catgry missing="Y">\s*<catValu>-11<\/catValu>\s*<labl>Out of time<\/labl>\s*<catStat type="freq">1<\/catStat>/);
    expect(trust).toMatch(/<catgry missing="Y">\s*<catValu>-8<\/catValu>\s*<labl>Declined<\/labl>\s*<catStat type="freq">2<\/catStat>/);
    const staff = xml.slice(xml.indexOf('name="staff"'), xml.indexOf('</var>', xml.indexOf('name="staff"')));
    expect(staff).toContain('<range min="-11" max="-7"/>');
  });
});
