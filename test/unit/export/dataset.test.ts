/**
 * buildDataset's missing-data rules (CSPro's mapping, as SPSS users expect it), row order and
 * unit of analysis, on a small schedule and hand-made interviews.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROJECT_SETTINGS } from '../../../electron/store/interview-repo';
import { buildDataset, DECLINED, ENDED, NOT_APPLICABLE, OUT_OF_TIME, type ExportInterview, type ExportParticipant } from '../../../shared/export/dataset';
import type { SpssCell } from '../../../shared/export/spss';
import { planStata, stataNumber } from '../../../shared/export/stata/dta-writer';
import { writeRScript } from '../../../shared/export/r-script';
import { checkWorkbook, type Schedule } from '../../../shared/schedule';

const SCHEDULE: Schedule = (() => {
  const { schedule, findings } = checkWorkbook({
    sheets: [
      {
        name: 'survey',
        rows: [
          ['type', 'name', 'label', 'relevant', 'priority'],
          ['select_one yn', 'consent', 'Consent?', '', ''],
          ['select_one yndk', 'q1', 'Q1', "${consent} = '1'", ''],
          ['integer', 'q1a', 'If yes to Q1: how many?', "${q1} = '1'", ''],
          ['integer', 'q1b', 'Probe: since when?', "${consent} = '1'", 'probe'],
          ['select_multiple fruit', 'fruit', 'Fruit', "${consent} = '1'", ''],
          ['select_one grade', 'grade', 'Grade', '', ''],
          ['select_one many', 'many', 'Many missing codes', '', ''],
          ['text', 'open', 'Open answer', '', ''],
          ['integer', 'last', 'Last question', '', ''],
        ],
      },
      {
        name: 'choices',
        rows: [
          ['list_name', 'name', 'label', 'missing'],
          ['yn', '1', 'Yes', ''],
          ['yn', '2', 'No', ''],
          ['yndk', '1', 'Yes', ''],
          ['yndk', '2', 'No', ''],
          ['yndk', '9', "Don't know", 'yes'],
          ['fruit', 'apple', 'Apple', ''],
          ['fruit', 'mango', 'Mango', ''],
          ['grade', 'a', 'Good', ''],
          ['grade', 'b', 'Poor', ''],
          ['grade', 'x', 'Cannot say', 'yes'],
          ['many', '1', 'One', ''],
          ['many', '97', 'Refused to rate', 'yes'],
          ['many', '98', 'Not applicable', 'yes'],
        ],
      },
      { name: 'settings', rows: [['form_title', 'form_id'], ['Rules', 'rules']] },
    ],
  });
  expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  return schedule;
})();

let nextRespondent = 1;
function participant(overrides: Partial<ExportParticipant> = {}): ExportParticipant {
  const n = nextRespondent++;
  return {
    id: `p${n}`,
    respondentNumber: n,
    respondentCode: String(n),
    organisationNumber: '1',
    locationNumber: '2',
    agencyGroup: 'police',
    organisationType: 'ngo',
    focusOfWork: '',
    ...overrides,
  };
}

function interview(answers: Record<string, string | 'DECLINED'>, overrides: Partial<ExportInterview> = {}): ExportInterview {
  const participants = overrides.participants ?? [participant()];
  return {
    id: `i${participants[0]?.respondentNumber ?? 0}`,
    sessionType: participants.length > 1 ? 'small-group' : 'one-on-one',
    language: 'en',
    interviewer: 'AB',
    heldAt: '2026-01-05T10:00',
    scheduleVersion: 1,
    status: 'draft',
    primaryOnly: false,
    endedEarlyAtQuestion: null,
    participants,
    answers: Object.entries(answers).map(([question, value]) => ({
      participantId: '',
      question,
      value: value === 'DECLINED' ? '' : value,
      state: value === 'DECLINED' ? ('declined' as const) : ('answered' as const),
    })),
    ...overrides,
  };
}

/** The one row's cells by variable name. */
function row(interviews: ExportInterview[], unit: 'respondent' | 'interview' = 'respondent', index = 0): Record<string, SpssCell> {
  const { dataset } = buildDataset(SCHEDULE, interviews, DEFAULT_PROJECT_SETTINGS, { unit, includeText: true });
  const cells = dataset.rows[index] ?? [];
  return Object.fromEntries(dataset.variables.map((v, i) => [v.name, cells[i] ?? null]));
}

const FULL = { consent: '1', q1: '1', q1a: '4', q1b: '2019', fruit: 'mango', grade: 'b', many: '1', open: 'Some words', last: '3' };

describe('buildDataset: missing-data codes', () => {
  it('writes answers as codes, and a select_multiple as 0/1 per choice', () => {
    const r = row([interview(FULL)]);
    // Word-named choices (a, b, x) are coded 1..k in choice order: b is 2.
    expect(r).toMatchObject({ consent: 1, q1: 1, q1a: 4, q1b: 2019, fruit_apple: 0, fruit_mango: 1, grade: 2, many: 1, open: 'Some words', last: 3 });
  });

  it('a declined question is -8 (word-named choices too), open text is blank, and a declined select_multiple is -8 in every dummy', () => {
    const r = row([interview({ ...FULL, q1: 'DECLINED', grade: 'DECLINED', fruit: 'DECLINED', open: 'DECLINED' })]);
    expect(r.q1).toBe(DECLINED);
    expect(r.grade).toBe(DECLINED);
    expect(r.open).toBe('');
    expect([r.fruit_apple, r.fruit_mango]).toEqual([DECLINED, DECLINED]);
    // Declining Q1 gives no answer to decide its follow-up by: not asked.
    expect(r.q1a).toBeNull();
  });

  it('each reason for no answer has its own code: declined -8, not applicable -10, out of time -11 (a reason-less decline stays -8)', () => {
    const reasons = interview(FULL);
    const noAnswer = (question: string, missingReason: 'declined' | 'not-applicable' | 'out-of-time' | '') => {
      const answer = reasons.answers.find((a) => a.question === question)!;
      Object.assign(answer, { value: '', state: 'declined', missingReason });
    };
    noAnswer('q1', 'not-applicable');
    noAnswer('grade', 'out-of-time');
    noAnswer('fruit', 'not-applicable');
    noAnswer('last', 'out-of-time');
    noAnswer('many', 'declined');
    noAnswer('q1b', '');
    noAnswer('open', 'not-applicable');
    const r = row([reasons]);
    expect([r.q1, r.grade, r.fruit_apple, r.fruit_mango, r.last, r.many, r.q1b, r.open]).toEqual([NOT_APPLICABLE, OUT_OF_TIME, NOT_APPLICABLE, NOT_APPLICABLE, OUT_OF_TIME, DECLINED, DECLINED, '']);
  });

  it('labels each reason in Khmer too', () => {
    const khmer = { ...SCHEDULE, languages: [...SCHEDULE.languages, { code: 'km', name: 'Khmer' }] };
    const labels = buildDataset(khmer, [], DEFAULT_PROJECT_SETTINGS, { unit: 'respondent', language: 'km' }).dataset.variables.find((x) => x.name === 'last')?.valueLabels ?? [];
    expect(labels.map((l) => l.value)).toEqual([DECLINED, ENDED, NOT_APPLICABLE, OUT_OF_TIME]);
    expect(new Set(labels.map((l) => l.label)).size).toBe(4);
    expect(labels.every((l) => /[\u1780-\u17ff]/.test(l.label))).toBe(true);
  });

  it('after an early end, questions that would have been asked are -7; questions the skip logic hides stay system-missing', () => {
    const r = row([interview({ consent: '2' }, { endedEarlyAtQuestion: 'grade' })]);
    expect(r.consent).toBe(2);
    expect([r.q1, r.q1a, r.q1b, r.fruit_apple]).toEqual([null, null, null, null]);
    expect([r.grade, r.many, r.open, r.last]).toEqual([ENDED, ENDED, '', ENDED]);
  });

  it('an answer given before the early end is kept', () => {
    const r = row([interview({ consent: '1', q1: '2', grade: 'a' }, { endedEarlyAtQuestion: 'q1b' })]);
    expect([r.q1, r.q1b, r.fruit_mango, r.grade, r.last]).toEqual([2, ENDED, ENDED, 1, ENDED]);
  });

  it('primary-only: a probe answered before the switch keeps its answer; one never asked is system-missing', () => {
    const r = row([interview(FULL, { primaryOnly: true })]);
    expect(r.q1b).toBe(2019);
    expect(r.q1).toBe(1);
    const { q1b: _q1b, ...withoutProbe } = FULL;
    expect(row([interview(withoutProbe, { primaryOnly: true })]).q1b).toBeNull();
    // Declined before the switch: it was asked, so it is -8, not system-missing.
    expect(row([interview({ ...withoutProbe, q1b: 'DECLINED' }, { primaryOnly: true })]).q1b).toBe(DECLINED);
  });

  it('skip logic: a follow-up not asked is system-missing, and a skipped select_multiple is system-missing in every dummy (never 0)', () => {
    const r = row([interview({ consent: '1', q1: '2', fruit: '' })]);
    expect(r.q1a).toBeNull();
    const no = row([interview({ consent: '2' })]);
    expect([no.fruit_apple, no.fruit_mango]).toEqual([null, null]);
  });

  it('an answer kept from a question that a later change hid is exported as system-missing', () => {
    // Q1 was Yes (so q1a was answered), then changed to No: q1a still holds 4 but was not asked.
    const r = row([interview({ consent: '1', q1: '2', q1a: '4' })]);
    expect(r.q1a).toBeNull();
    const hidden = row([interview({ consent: '2', q1: '1', fruit: 'apple' })]);
    expect([hidden.q1, hidden.fruit_apple]).toEqual([null, null]);
  });

  it('asked but not answered is system-missing, word-named choices included; open text is empty', () => {
    const r = row([interview({ consent: '1' })]);
    expect([r.q1, r.last, r.grade, r.open]).toEqual([null, null, null, '']);
  });

  it('declares LO THRU -7 and the schedule\'s missing choice (SPSS: LO THRU -7, 9), with a note when one discrete slot is not enough', () => {
    const { dataset, codebook } = buildDataset(SCHEDULE, [], DEFAULT_PROJECT_SETTINGS, { unit: 'respondent' });
    const v = (name: string) => dataset.variables.find((x) => x.name === name);
    expect(v('q1')?.missingValues).toEqual([9]);
    expect(v('q1')?.missingRange).toEqual({ low: null, high: ENDED });
    expect(v('q1')?.valueLabels).toEqual([
      { value: 1, label: 'Yes' },
      { value: 2, label: 'No' },
      { value: 9, label: "Don't know" },
      { value: DECLINED, label: 'Declined' },
      { value: ENDED, label: 'Interview ended' },
      { value: NOT_APPLICABLE, label: 'Not applicable' },
      { value: OUT_OF_TIME, label: 'Out of time' },
    ]);
    expect(v('consent')).toMatchObject({ missingValues: [], missingRange: { low: null, high: ENDED } });
    expect(v('fruit_apple')).toMatchObject({ missingValues: [], missingRange: { low: null, high: ENDED } });
    // Numbers can be negative answers: only Fieldnote's codes, -11 THRU -7, are declared.
    expect(v('last')).toMatchObject({ missingValues: [], missingRange: { low: OUT_OF_TIME, high: ENDED } });
    // Word-named choices are numeric, coded 1..k; the names stay in an attribute and the codebook.
    expect(v('grade')).toMatchObject({ type: 'numeric', missingValues: [3], attributes: { choice_names: '1=a 2=b 3=x' } });
    expect(v('grade')?.valueLabels.map((l) => l.value)).toEqual([1, 2, 3, DECLINED, ENDED, NOT_APPLICABLE, OUT_OF_TIME]);
    expect(codebook.find((c) => c.name === 'grade')?.choiceCodes).toEqual([
      { value: 1, name: 'a' },
      { value: 2, name: 'b' },
      { value: 3, name: 'x' },
    ]);
    // Two positive missing codes: one fits beside the range; the codebook says what else counts as missing.
    expect(v('many')?.missingValues).toEqual([97]);
    expect(codebook.find((c) => c.name === 'many')?.note).toMatch(/also treat 98 as missing/);
    // No string variable carries missing values (readers disagree on the long-string record).
    expect(dataset.variables.filter((x) => x.type === 'string').every((x) => x.missingValues.length === 0)).toBe(true);
    // Open text is left out unless asked for.
    expect(v('open')).toBeUndefined();
  });

  it('keeps a user-missing choice as its code', () => {
    expect(row([interview({ consent: '1', q1: '9', grade: 'x' })])).toMatchObject({ q1: 9, grade: 3 });
  });

  it('with Don\'t know as valid, the missing choices are not declared', () => {
    const { dataset } = buildDataset(SCHEDULE, [], DEFAULT_PROJECT_SETTINGS, { unit: 'respondent', dontKnow: 'valid' });
    expect(dataset.variables.find((x) => x.name === 'q1')).toMatchObject({ missingValues: [], missingRange: { low: null, high: ENDED } });
  });

  it('with Don\'t know coded -9 and counted as valid, -9 is outside every declared missing value', () => {
    const { schedule } = checkWorkbook({
      sheets: [
        { name: 'survey', rows: [['type', 'name', 'label'], ['select_one yndk', 'q', 'Q']] },
        { name: 'choices', rows: [['list_name', 'name', 'label', 'missing'], ['yndk', '1', 'Yes', ''], ['yndk', '2', 'No', ''], ['yndk', '-9', "Don't know", 'yes']] },
        { name: 'settings', rows: [['form_title', 'form_id'], ['Negative', 'negative']] },
      ],
    });
    const valid = buildDataset(schedule!, [], DEFAULT_PROJECT_SETTINGS, { unit: 'respondent', dontKnow: 'valid' }).dataset.variables.find((x) => x.name === 'q')!;
    // Three discrete values (SPSS's limit) and a note for the fourth code.
    expect(valid.missingValues).toEqual([DECLINED, ENDED, NOT_APPLICABLE]);
    expect(valid.missingRange).toBeUndefined();
    const note = buildDataset(schedule!, [], DEFAULT_PROJECT_SETTINGS, { unit: 'respondent', dontKnow: 'valid' }).codebook.find((c) => c.name === 'q')?.note;
    expect(note).toMatch(new RegExp(`also treat ${OUT_OF_TIME} as missing`));
    // Counted as missing (the default), the range holds it with declined and ended.
    const missing = buildDataset(schedule!, [], DEFAULT_PROJECT_SETTINGS, { unit: 'respondent' }).dataset.variables.find((x) => x.name === 'q')!;
    expect(missing).toMatchObject({ missingValues: [], missingRange: { low: null, high: ENDED } });
  });

  it('with Don\'t know coded -9 and counted as valid, R and Stata still declare out of time (-11), which SPSS cannot', () => {
    const { schedule } = checkWorkbook({
      sheets: [
        { name: 'survey', rows: [['type', 'name', 'label'], ['select_one yndk', 'q', 'Q']] },
        { name: 'choices', rows: [['list_name', 'name', 'label', 'missing'], ['yndk', '1', 'Yes', ''], ['yndk', '2', 'No', ''], ['yndk', '-9', "Don't know", 'yes']] },
        { name: 'settings', rows: [['form_title', 'form_id'], ['Negative', 'negative']] },
      ],
    });
    const out = interview({ q: 'DECLINED' });
    out.answers[0]!.missingReason = 'out-of-time';
    const { dataset } = buildDataset(schedule!, [out], DEFAULT_PROJECT_SETTINGS, { unit: 'respondent', dontKnow: 'valid' });
    const column = dataset.variables.findIndex((x) => x.name === 'q');
    expect(dataset.rows[0]![column]).toBe(OUT_OF_TIME);
    const stata = planStata(dataset)[column]!;
    expect(stata.extended.get(OUT_OF_TIME)).toBe('t');
    expect(writeRScript(dataset, { csvFileName: 'x.csv' })).toMatch(/`?q`?[^\n]*na_values = c\(-8, -7, -10, -11\)/);
  });

  it('a number whose answers fall among the missing codes keeps them: no range, and Stata writes the answer', () => {
    const answered = [interview({ last: '-9' }), interview({ last: '-7.5' }), interview({ last: '12' })];
    const { dataset, codebook } = buildDataset(SCHEDULE, answered, DEFAULT_PROJECT_SETTINGS, { unit: 'respondent' });
    const column = dataset.variables.findIndex((x) => x.name === 'last');
    const last = dataset.variables[column]!;
    expect(last.missingRange).toBeUndefined();
    expect(last.missingValues).toEqual([DECLINED, ENDED, NOT_APPLICABLE]);
    expect(last.moreMissing).toEqual([OUT_OF_TIME]);
    expect(codebook.find((c) => c.name === 'last')?.note).toMatch(/Answers -9, -7.5 fall among the missing codes/);
    const stata = planStata(dataset)[column]!;
    expect(dataset.rows.map((r) => stataNumber(stata, r[column]))).toEqual(expect.arrayContaining([-9, -7.5, 12]));
    // Without such answers the range stays.
    const plain = buildDataset(SCHEDULE, [interview({ last: '3' })], DEFAULT_PROJECT_SETTINGS, { unit: 'respondent' }).dataset.variables.find((x) => x.name === 'last')!;
    expect(plain.missingRange).toEqual({ low: OUT_OF_TIME, high: ENDED });
  });

  it('labels Declined and Interview ended in the export language', () => {
    const khmer = { ...SCHEDULE, languages: [...SCHEDULE.languages, { code: 'km', name: 'Khmer' }] };
    const { dataset } = buildDataset(khmer, [], DEFAULT_PROJECT_SETTINGS, { unit: 'respondent', language: 'km' });
    const labels = dataset.variables.find((x) => x.name === 'q1')?.valueLabels ?? [];
    expect(labels.find((l) => l.value === DECLINED)?.label).toBe('បដិសេធមិនឆ្លើយ');
    expect(labels.find((l) => l.value === ENDED)?.label).toBe('ការសម្ភាសន៍បានបញ្ចប់មុន');
  });
});

describe('buildDataset: rows', () => {
  it('orders rows by respondent ID, not by interview order', () => {
    const a = participant({ respondentNumber: 30 });
    const b = participant({ respondentNumber: 4 });
    const c = participant({ respondentNumber: 17 });
    const { dataset } = buildDataset(SCHEDULE, [interview(FULL, { participants: [a] }), interview(FULL, { participants: [b] }), interview(FULL, { participants: [c] })], DEFAULT_PROJECT_SETTINGS, { unit: 'respondent' });
    expect(dataset.rows.map((r) => r[1])).toEqual([4, 17, 30]);
  });

  it('unit respondent: one row per group member with shared answers repeated and own answers kept; unit interview: one row per session', () => {
    const first = participant({ organisationType: 'government' });
    const second = participant({ organisationType: 'io' });
    const group = interview({ consent: '1', q1: '2' }, { participants: [second, first] });
    group.answers.push({ participantId: first.id, question: 'grade', value: 'a', state: 'answered' }, { participantId: second.id, question: 'grade', value: 'b', state: 'answered' });
    const solo = interview({ consent: '2', grade: 'b' });

    const byRespondent = buildDataset(SCHEDULE, [group, solo], DEFAULT_PROJECT_SETTINGS, { unit: 'respondent' }).dataset;
    const names = byRespondent.variables.map((v) => v.name);
    const col = (name: string) => byRespondent.rows.map((r) => r[names.indexOf(name)]);
    expect(byRespondent.rows).toHaveLength(3);
    expect(col('resp_id')).toEqual([first.respondentNumber, second.respondentNumber, solo.participants[0]?.respondentNumber]);
    expect(col('q1')).toEqual([2, 2, null]);
    expect(col('grade')).toEqual([1, 2, 2]);
    expect(col('org_type')).toEqual([1, 3, 2]);
    expect(col('session')).toEqual([2, 2, 1]);
    // The unit of analysis is explicit on every row: the interview and its size.
    expect(col('int_id')).toEqual([group.id, group.id, solo.id]);
    expect(col('n_resp')).toEqual([2, 2, 1]);

    const byInterview = buildDataset(SCHEDULE, [group, solo], DEFAULT_PROJECT_SETTINGS, { unit: 'interview' }).dataset;
    const inames = byInterview.variables.map((v) => v.name);
    const icol = (name: string) => byInterview.rows.map((r) => r[inames.indexOf(name)]);
    expect(byInterview.rows).toHaveLength(2);
    expect(icol('n_resp')).toEqual([2, 1]);
    // The session is described by its first respondent (lowest ID); a member's own answer has no place in it.
    expect(icol('resp_id')).toEqual([first.respondentNumber, solo.participants[0]?.respondentNumber]);
    expect(icol('org_type')).toEqual([1, 2]);
    // Answers given per participant are never dropped: one variable per participant position.
    expect(inames).not.toContain('grade');
    expect(icol('grade_p1')).toEqual([1, 2]);
    expect(icol('grade_p2')).toEqual([2, null]);
    expect(byInterview.variables.find((v) => v.name === 'grade_p2')?.label).toBe('Grade (respondent 2 of the session)');
  });

  it('an empty attribute is system-missing, not code 0', () => {
    const r = row([interview(FULL, { participants: [participant({ agencyGroup: '', focusOfWork: '' })] })]);
    expect([r.agency, r.focus]).toEqual([null, null]);
  });
});
