/**
 * Edge cases through the real export path: a small hand-made schedule and interviews stored in
 * a project, `fieldnote export spss` writing the files, and PSPP (and haven) reading them.
 * Covers a question nobody answered, one everybody declined, a 64-byte name, a label with
 * quotes, commas and a line break, Khmer labels, a project with no interviews, the unit of
 * analysis on a small-group session, a skipped select_multiple, and a failed export.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldnote as runFieldnote } from '../../support/cli';
import { spssFiles, writeFilesTogether } from '../../../electron/export/spss-export';
import { InterviewRepo } from '../../../electron/store/interview-repo';
import { ProjectStore } from '../../../electron/store/project-store';
import { ScheduleRepo } from '../../../electron/store/schedule-repo';
import { checkWorkbook, type Schedule } from '../../../shared/schedule';
import { asArray, HAS_HAVEN, HAS_PSPP, readWithHaven, runPspp, table } from '../../support/pspp';
import { PASS } from '../../support/temp';

const LONG_NAME = 'q_how_many_partner_agencies_referred_a_child_to_you_last_quarter';
const QUOTED_LABEL = 'He said "yes, later",\nthen left';
const KHMER_CONSENT = 'តើអ្នកយល់ព្រមឱ្យសម្ភាសន៍ទេ?';

const EN = 'label::English (en)';
const KM = 'label::Khmer (km)';
function edgeSchedule(): Schedule {
  const { schedule, findings } = checkWorkbook({
    sheets: [
      {
        name: 'survey',
        rows: [
          ['type', 'name', EN, KM, 'relevant', 'priority'],
          ['select_one yn', 'consent', 'Does the respondent agree?', KHMER_CONSENT, '', ''],
          ['integer', 'never_answered', 'A question nobody answered', 'សំណួរដែលគ្មាននរណាឆ្លើយ', '', ''],
          ['select_one yn', 'all_declined', 'A question everybody declined', 'សំណួរដែលគ្រប់គ្នាបដិសេធ', '', ''],
          ['select_one yn', LONG_NAME, 'Referrals last quarter', 'ការបញ្ជូនត្រីមាសមុន', '', ''],
          ['select_one yn', 'quoted', QUOTED_LABEL, 'គាត់និយាយថា "បាទ, ក្រោយ"', '', ''],
          ['select_multiple fruit', 'fruit', 'Fruit eaten yesterday', 'ផ្លែឈើ', "${consent} = '1'", ''],
          ['select_one grade', 'grade', 'Grade of the service', 'កម្រិតសេវា', '', ''],
        ],
      },
      {
        name: 'choices',
        rows: [
          ['list_name', 'name', EN, KM, 'missing'],
          ['yn', '1', 'Yes', 'បាទ/ចាស', ''],
          ['yn', '2', 'No', 'ទេ', ''],
          ['yn', '9', "Don't know", 'មិនដឹង', 'yes'],
          ['fruit', 'apple', 'Apple', 'ផ្លែប៉ោម', ''],
          ['fruit', 'banana', 'Banana', 'ចេក', ''],
          ['fruit', 'mango', 'Mango', 'ស្វាយ', ''],
          ['grade', 'a', 'Good', 'ល្អ', ''],
          ['grade', 'b', 'Poor', 'ខ្សោយ', ''],
          ['grade', 'x', 'Cannot say', 'មិនអាចនិយាយ', 'yes'],
        ],
      },
      { name: 'settings', rows: [['form_title', 'form_id', 'version', 'default_language'], ['Edge cases', 'edge', '1', 'English (en)']] },
    ],
  });
  expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  return schedule;
}

const person = (org: string) => ({
  organisationNumber: '7',
  locationNumber: '3',
  agencyGroup: 'police',
  organisationType: org,
  focusOfWork: 'prevention',
  consentGiven: true as const,
  consentMode: 'verbal' as const,
  quoteConsent: true,
});

/** Five respondents in four interviews: two one-on-one, a small group of two, one that ended early. */
function makeProject(file: string, withInterviews: boolean): void {
  const store = ProjectStore.create(file, PASS, { title: 'Edge cases' });
  try {
    const schedules = new ScheduleRepo(store.db, 'device');
    const interviews = new InterviewRepo(store.db, 'device');
    const scheduleId = schedules.add(edgeSchedule()).id;
    if (!withInterviews) return;
    const start = (sessionType: 'one-on-one' | 'small-group', people: number, answerMode: 'shared' | 'per-participant' = 'shared') =>
      interviews.start({ scheduleId, sessionType, answerMode, language: 'en', interviewer: 'AB', heldAt: '2026-03-02T09:00', participants: Array.from({ length: people }, () => person('ngo')) });
    const answer = (id: string, question: string, value: string, participant = '') => interviews.answer(id, participant, question, value, 'answered');
    const decline = (id: string, question: string) => interviews.answer(id, '', question, '', 'declined');

    const r1 = start('one-on-one', 1);
    answer(r1, 'consent', '1');
    decline(r1, 'all_declined');
    answer(r1, LONG_NAME, '1');
    answer(r1, 'quoted', '2');
    answer(r1, 'fruit', 'apple mango');
    answer(r1, 'grade', 'a');
    interviews.finish(r1, false, undefined, undefined);

    // Consent No: the select_multiple is skipped, so every fruit dummy is system-missing.
    const r2 = start('one-on-one', 1);
    answer(r2, 'consent', '2');
    decline(r2, 'all_declined');
    answer(r2, LONG_NAME, '2');
    answer(r2, 'quoted', '1');
    answer(r2, 'grade', 'x');
    interviews.finish(r2, false, undefined, undefined);

    // A small group: shared answers, and each respondent's own grade.
    const group = start('small-group', 2, 'per-participant');
    const [p3, p4] = interviews.get(group).participants;
    answer(group, 'consent', '1');
    decline(group, 'all_declined');
    answer(group, LONG_NAME, '9');
    answer(group, 'quoted', '1');
    answer(group, 'fruit', 'banana');
    answer(group, 'grade', 'b', p3?.id);
    answer(group, 'grade', 'a', p4?.id);
    interviews.finish(group, false, undefined, undefined);

    // Ended early at the long-named question: it and everything after it is -7 (the skipped fruit stays blank).
    const r5 = start('one-on-one', 1);
    answer(r5, 'consent', '1');
    decline(r5, 'all_declined');
    interviews.finish(r5, true, LONG_NAME, 'Respondent was called away.');
  } finally {
    store.close();
  }
}

async function fieldnote(args: string[]) {
  const r = await runFieldnote(args, { FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_CONFIG_DIR: join(dir, 'config') });
  expect(r.status, `fieldnote ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r;
}

let dir = '';
const exported = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fieldnote-edge-'));
  makeProject(join(dir, 'edge.fieldnote'), true);
  makeProject(join(dir, 'empty.fieldnote'), false);
  for (const [name, args] of [
    ['respondent', []],
    ['interview', ['--unit', 'interview']],
    ['khmer', ['--lang', 'km']],
  ] as const) {
    mkdirSync(exported(name));
    (await fieldnote(['export', 'spss', join(dir, 'edge.fieldnote'), '--out', exported(name), ...args]));
  }
  mkdirSync(exported('empty'));
  (await fieldnote(['export', 'spss', join(dir, 'empty.fieldnote'), '--out', exported('empty')]));
}, 60_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** PSPP's data listing (header row first) and dictionary, read from the syntax route and from the .sav. */
function readBoth(folder: string, name: string, extra = '') {
  const viaSyntax = runPspp(exported(folder), `INCLUDE FILE='${name}.sps'.\nDISPLAY DICTIONARY.\nLIST.\n${extra}`, 'syntax');
  const viaSav = runPspp(exported(folder), `GET FILE='${name}.sav'.\nDISPLAY DICTIONARY.\nLIST.\n${extra}`, 'sav');
  expect(viaSav.tables).toEqual(viaSyntax.tables);
  return viaSav;
}

/** A column of PSPP's LIST output, by variable name. */
function listed(run: ReturnType<typeof runPspp>, name: string): string[] {
  const list = table(run, 'Data List');
  const c = (list[0] ?? []).indexOf(name);
  expect(c, `${name} in ${JSON.stringify(list[0])}`).toBeGreaterThanOrEqual(0);
  return list.slice(1).map((r) => (r[c] ?? '').trim());
}

/** A FREQUENCIES table as "section|label|frequency|percent" rows. */
function frequencyRows(run: ReturnType<typeof runPspp>, title: string): string[] {
  let section = '';
  return table(run, title)
    .slice(1)
    .map((r) => {
      if (r[0]) section = r[0];
      return [section, r[1] ?? '', r[2] ?? '', r[3] ?? ''].join('|');
    });
}

if (!HAS_PSPP) console.log('spss-export-edge: skipping the PSPP edge cases: `pspp` is not installed (apt-get install pspp)');
describe.skipIf(!HAS_PSPP)('edge cases in PSPP', () => {
  it('a question nobody answered is system-missing for all; one everybody declined is -8 for all', async () => {
    const run = readBoth('respondent', 'edge', 'FREQUENCIES /VARIABLES=never_answered all_declined.\n');
    expect(listed(run, 'never_answered')).toEqual(['.', '.', '.', '.', '.']);
    expect(listed(run, 'all_declined')).toEqual(['-8', '-8', '-8', '-8', '-8']);
    // PSPP 1.6 prints the Total's percent as .0% when no case is valid (SPSS prints 100.0); the counts are what matter here.
    expect(frequencyRows(run, 'A question nobody answered').map((r) => r.split('|').slice(0, 3).join('|'))).toEqual(['Missing|.|5', 'Total||5']);
    expect(frequencyRows(run, 'A question everybody declined').map((r) => r.split('|').slice(0, 3).join('|'))).toEqual(['Missing|Declined|5', 'Total||5']);
  });

  it('keeps a 64-byte question name and a label with quotes, commas and a line break', async () => {
    expect(Buffer.byteLength(LONG_NAME)).toBe(64);
    const run = readBoth('respondent', 'edge');
    const vars = table(run, 'Variables');
    expect(vars.map((r) => r[0])).toContain(LONG_NAME);
    expect(vars.find((r) => r[0] === 'quoted')?.[2]).toBe('He said "yes, later", then left');
    // Ended early at the long-named question: -7 from there on; the one who said No has the fruit skipped.
    expect(listed(run, LONG_NAME)).toEqual(['1', '2', '9', '9', '-7']);
    expect(listed(run, 'quoted')).toEqual(['2', '1', '1', '1', '-7']);
  });

  it('a skipped select_multiple is system-missing in every dummy, never 0', async () => {
    const run = readBoth('respondent', 'edge', 'MRSETS /DISPLAY NAME=ALL.\n');
    expect(listed(run, 'fruit_apple')).toEqual(['1', '.', '0', '0', '-7']);
    expect(listed(run, 'fruit_banana')).toEqual(['0', '.', '1', '1', '-7']);
    expect(listed(run, 'fruit_mango')).toEqual(['1', '.', '0', '0', '-7']);
    expect(table(run, 'Multiple Response Sets')[1]?.slice(0, 4)).toEqual(['$fruit', 'Fruit eaten yesterday', 'Dichotomies', '1']);
  });

  it('word-named choices are numeric codes 1..k with labels, the missing one declared beside LO THRU -7', async () => {
    const run = readBoth('respondent', 'edge');
    expect(listed(run, 'grade')).toEqual(['1', '3', '2', '1', '-7']);
    const labels = table(run, 'Value Labels');
    const at = labels.findIndex((r) => r[0] === 'Grade of the service');
    expect(labels.slice(at, at + 7).map((r) => `${r[1]}=${r[2]}`)).toEqual(['-11[a]=Out of time', '-10[a]=Not applicable', '-8[a]=Declined', '-7[a]=Interview ended', '1=Good', '2=Poor', '3[a]=Cannot say']);
    const grade = table(run, 'Variables').find((r) => r[0] === 'grade');
    expect(grade?.[7]).toBe('F8.0');
    expect(grade?.[9]).toBe('LOWEST THRU -7; 3');
  });

  it('--unit interview has one row per session (the small group once), --unit respondent one per respondent', async () => {
    const byRespondent = readBoth('respondent', 'edge');
    const byInterview = readBoth('interview', 'edge');
    expect(listed(byRespondent, 'resp_id')).toEqual(['1', '2', '3', '4', '5']);
    expect(listed(byRespondent, 'session')).toEqual(['1', '1', '2', '2', '1']);
    expect(listed(byInterview, 'resp_id')).toEqual(['1', '2', '3', '5']);
    expect(listed(byInterview, 'n_resp')).toEqual(['1', '1', '2', '1']);
    // Answers given per participant are never dropped from a row per session: one variable per position.
    expect(listed(byInterview, 'grade_p1')).toEqual(['1', '3', '2', '-7']);
    expect(listed(byInterview, 'grade_p2')).toEqual(['.', '.', '1', '.']);
    expect(listed(byRespondent, 'grade')).toEqual(['1', '3', '2', '1', '-7']);
    // Every row names its interview and the session's size, in both units.
    expect(listed(byRespondent, 'n_resp')).toEqual(['1', '1', '2', '2', '1']);
  });

  it('--lang km writes Khmer variable and value labels that PSPP shows as written', async () => {
    const run = readBoth('khmer', 'edge');
    const vars = table(run, 'Variables');
    expect(vars.find((r) => r[0] === 'consent')?.[2]).toBe(KHMER_CONSENT);
    expect(vars.find((r) => r[0] === 'fruit_mango')?.[2]).toBe('ផ្លែឈើ: ស្វាយ');
    const labels = table(run, 'Value Labels');
    const consentRow = labels.findIndex((r) => r[0] === KHMER_CONSENT);
    expect(labels.slice(consentRow, consentRow + 7).map((r) => `${r[1]}=${r[2]}`)).toEqual(['-11[a]=អស់ពេល', '-10[a]=មិនពាក់ព័ន្ធ', '-8[a]=បដិសេធមិនឆ្លើយ', '-7[a]=ការសម្ភាសន៍បានបញ្ចប់មុន', '1=បាទ/ចាស', '2=ទេ', '9[a]=មិនដឹង']);
  });

  it('a project with no interviews exports valid empty files that PSPP reads with 0 cases', async () => {
    const csv = readFileSync(join(exported('empty'), 'empty.csv'), 'utf8');
    expect(csv.trimEnd().split(/\r?\n/)).toHaveLength(1);
    const run = readBoth('empty', 'empty');
    expect(table(run, 'Variables').length).toBeGreaterThan(10);
    // LIST prints no table at all when there are no cases; SYSFILE INFO counts them.
    expect(run.tables.map((t) => t.title)).not.toContain('Data List');
    const info = runPspp(exported('empty'), "INCLUDE FILE='empty.sps'.\nSAVE OUTFILE='resaved.sav'.\nSYSFILE INFO FILE='resaved.sav'.\nSYSFILE INFO FILE='empty.sav'.\n", 'info');
    const cases = info.tables.filter((t) => t.title === 'File Information').map((t) => t.rows.find((r) => r[0] === 'Cases')?.[1]);
    expect(cases).toEqual(['0', '0']);
  });
});

if (!HAS_HAVEN) console.log('spss-export-edge: skipping the haven edge cases: R haven is not installed (apt-get install r-cran-haven)');
describe.skipIf(!HAS_HAVEN)('edge cases in haven', () => {
  it('reads the Khmer labels, the user-missing codes and the skipped dummies as NA', async () => {
    const got = readWithHaven(exported('khmer'), 'edge.sav');
    expect(got.nrow).toBe(5);
    const v = (name: string) => got.vars.find((x) => x.name === name);
    expect(v('consent')?.label).toBe(KHMER_CONSENT);
    expect(asArray(v('consent')?.na_values)).toEqual([9]);
    expect(asArray(v('fruit_apple')?.values)).toEqual([1, null, 0, 0, -7]);
    expect(asArray(v('all_declined')?.values)).toEqual([-8, -8, -8, -8, -8]);
    expect(asArray(v('never_answered')?.values)).toEqual([null, null, null, null, null]);
    expect(v(LONG_NAME)?.name).toBe(LONG_NAME);
  });

  it('reads the empty .sav with its dictionary and 0 rows', async () => {
    const got = readWithHaven(exported('empty'), 'empty.sav');
    expect(got.nrow).toBe(0);
    expect(got.vars.map((x) => x.name)).toContain(LONG_NAME);
  });
});

describe('a failed export leaves no partial file', () => {
  const files = async () => {
    const store = ProjectStore.open(join(dir, 'edge.fieldnote'), PASS, { readOnly: true });
    try {
      return (await spssFiles(store.db, 'device', 'edge', { unit: 'respondent' })).files;
    } finally {
      store.close();
    }
  };

  it('when one file name is taken by a folder: nothing new appears and nothing is left behind', async () => {
    const target = join(dir, 'blocked');
    mkdirSync(join(target, 'edge.sav'), { recursive: true });
    const fresh = await files();
    expect(() => writeFilesTogether(target, fresh)).toThrow(/edge\.sav is in the way/);
    expect(readdirSync(target).sort()).toEqual(['edge.sav']);
    expect(readdirSync(join(target, 'edge.sav'))).toEqual([]);
  });

  it('when the last rename fails: the earlier export is restored byte for byte and no temp file stays', async () => {
    const target = join(dir, 'again');
    mkdirSync(target);
    const before = ['edge.csv', 'edge.sps', 'edge.sav', 'edge-codebook.md'].map((name) => [name, `earlier ${name}`] as const);
    for (const [name, text] of before) writeFileSync(join(target, name), text);
    // The codebook's temp file can be written (into .sub) but its final place cannot (sub/ does not exist),
    // so the CSV, syntax and .sav are already renamed into place when the last rename fails.
    mkdirSync(join(target, '.sub'));
    const fresh = await files();
    const blocked = fresh.map((f, i) => (i === fresh.length - 1 ? { ...f, name: 'sub/edge-codebook.md' } : f));
    expect(() => writeFilesTogether(target, blocked)).toThrow(/ENOENT/);
    expect(readdirSync(target).sort()).toEqual(['.sub', ...before.map(([n]) => n)].sort());
    expect(readdirSync(join(target, '.sub'))).toEqual([]);
    for (const [name, text] of before) expect(readFileSync(join(target, name), 'utf8')).toBe(text);
  });

  it('--out DIR that does not exist yet is created, with every file in it', async () => {
    const target = join(dir, 'new', 'nested');
    const fresh = await files();
    writeFilesTogether(target, fresh);
    expect(readdirSync(target).sort()).toEqual(fresh.map((f) => f.name).sort());
  });

  it('--out naming a file, not a folder, is refused', async () => {
    const target = join(dir, 'plain-file');
    writeFileSync(target, 'x');
    const fresh = await files();
    expect(() => writeFilesTogether(target, fresh)).toThrow(/is a file, not a folder/);
  });

  it('a read-only folder is refused and stays empty (skipped when running as root, who may write anyway)', async () => {
    if (process.getuid?.() === 0) return;
    const fresh = await files();
    const target = join(dir, 'read-only');
    mkdirSync(target);
    chmodSync(target, 0o555);
    try {
      expect(() => writeFilesTogether(target, fresh)).toThrow();
      expect(readdirSync(target)).toEqual([]);
    } finally {
      chmodSync(target, 0o755);
    }
  });
});
