/** `fieldnote_attribute`: read, written back, linted, and exported once (no identification twin). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROJECT_SETTINGS } from '../../../electron/store/interview-repo';
import { buildDataset, type ExportInterview } from '../../../shared/export/dataset';
import { checkWorkbook, parseXlsForm, questionsOf, scheduleToRows, type Cell } from '../../../shared/schedule';

const SURVEY: Cell[][] = [
  ['type', 'name', 'label', 'fieldnote_attribute'],
  ['text', 'resp_id', 'Respondent ID', 'respondent_id'],
  ['select_one agency', 'agency_group', 'Agency group', 'agency_group'],
  ['integer', 'org_no', 'Organisation number', 'Organisation_Number'],
  ['select_one yn', 'q1', 'Q1', ''],
];
const CHOICES: Cell[][] = [['list_name', 'name', 'label'], ['agency', '1', 'Police'], ['agency', '2', 'Judiciary'], ['yn', '1', 'Yes'], ['yn', '2', 'No']];
const workbook = (survey: Cell[][]) => ({ sheets: [{ name: 'survey', rows: survey }, { name: 'choices', rows: CHOICES }, { name: 'settings', rows: [['form_title', 'form_id'], ['Bound', 'bound']] }] });

describe('fieldnote_attribute', () => {
  it('is read into the model (any case), written back, and survives the round trip', () => {
    const { schedule, findings } = checkWorkbook(workbook(SURVEY));
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(questionsOf(schedule).map((q) => q.attribute)).toEqual(['respondent_id', 'agency_group', 'organisation_number', undefined]);
    const survey = scheduleToRows(schedule).sheets.find((s) => s.name === 'survey')!.rows;
    const column = survey[0]!.indexOf('fieldnote_attribute');
    expect(survey.map((r) => r?.[column])).toEqual(['fieldnote_attribute', 'respondent_id', 'agency_group', 'organisation_number', '']);
    expect(questionsOf(parseXlsForm({ sheets: [{ name: 'survey', rows: survey }, { name: 'choices', rows: CHOICES }] }).schedule).map((q) => q.attribute)).toEqual(['respondent_id', 'agency_group', 'organisation_number', undefined]);
  });

  it('an unknown attribute, one attribute bound twice, or a type that cannot hold it is a located error', () => {
    const { findings } = checkWorkbook(
      workbook([
        ['type', 'name', 'label', 'fieldnote_attribute'],
        ['text', 'a', 'A', 'agency'],
        ['select_one agency', 'b', 'B', 'agency_group'],
        ['select_one agency', 'c', 'C', 'agency_group'],
        ['text', 'd', 'D', 'focus_of_work'],
      ]),
    );
    const errors = findings.filter((f) => f.severity === 'error').map((f) => `${f.row}:${f.column}: ${f.message}`);
    expect(errors).toEqual([
      expect.stringMatching(/^2:fieldnote_attribute: fieldnote_attribute "agency" is not one of respondent_id, /),
      '4:fieldnote_attribute: "c" and "b" are both bound to agency_group; bind one question to it.',
      '5:fieldnote_attribute: "d" is bound to focus_of_work, which intake records as one choice: make it a select_one.',
    ]);
  });

  it('the dataset carries a bound attribute once, under the question and its codes', () => {
    const { schedule } = checkWorkbook(workbook(SURVEY));
    const interview: ExportInterview = {
      id: 'i1',
      sessionType: 'one-on-one',
      language: 'en',
      interviewer: 'AB',
      heldAt: '2026-01-05T10:00',
      scheduleVersion: 1,
      status: 'draft',
      primaryOnly: false,
      endedEarlyAtQuestion: null,
      participants: [{ id: 'p1', respondentNumber: 7, respondentCode: '7', organisationNumber: '14', locationNumber: '3', agencyGroup: '2', organisationType: '', focusOfWork: '' }],
      answers: [
        { participantId: '', question: 'resp_id', value: '7', state: 'answered' },
        { participantId: '', question: 'agency_group', value: '2', state: 'answered' },
        { participantId: '', question: 'org_no', value: '14', state: 'answered' },
      ],
    };
    const built = buildDataset(schedule, [interview], DEFAULT_PROJECT_SETTINGS, { unit: 'respondent', includeText: true });
    const names = built.dataset.variables.map((v) => v.name);
    expect(names.filter((n) => ['resp_id', 'agency', 'agency_group', 'org_no'].includes(n))).toEqual(['resp_id', 'agency_group', 'org_no']);
    expect(names.filter((n) => n.startsWith('resp_id'))).toEqual(['resp_id']);
    const row = Object.fromEntries(names.map((n, i) => [n, built.dataset.rows[0]![i]]));
    expect(row).toMatchObject({ resp_id: 7, agency_group: 2, org_no: 14 });
    expect(built.dataset.variables.find((v) => v.name === 'agency_group')?.valueLabels).toContainEqual({ value: 2, label: 'Judiciary' });
    expect(built.attributeVariables).toEqual({ agency: 'agency_group', org_no: 'org_no' });
  });
});
