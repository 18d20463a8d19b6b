import { describe, expect, it } from 'vitest';
import {
  ScheduleError,
  formatFinding,
  parseXlsForm,
  scheduleToRows,
  withoutRows,
  type Cell,
  type Group,
  type Question,
  type WorkbookRows,
} from '../../../shared/schedule';
import { generateForm } from '../../integration/schedule/schedule-generate';

const EN = 'label::English (en)';
const KM = 'label::Khmer (km)';

const WORKBOOK: WorkbookRows = {
  sheets: [
    {
      name: 'survey',
      rows: [
        ['type', 'name', EN, KM, 'hint::English (en)', 'relevant', 'required', 'constraint', 'constraint_message::English (en)', 'priority', 'translator_note'],
        ['note', 'intro', 'Welcome', 'សូមស្វាគមន៍', '', '', '', '', '', '', 'keep it short'],
        ['select one yn', 'consent', 'Consent?', 'យល់ព្រម?', '', '', 'yes', '', '', '', ''],
        undefined,
        [],
        ['begin group', 'sec', 'Section', 'ផ្នែក', '', "${consent} = '1'", '', '', '', '', ''],
        ['integer', 'n', 'How many?', 'ប៉ុន្មាន?', 'Count them', '', 'TRUE', '. >= 0', 'Not negative', 'PROBE', ''],
        ['end group', '', '', '', '', '', '', '', '', '', 'end note'],
        ['date', 'when', 'When?', 'ពេលណា?', '', '', '', '', '', 'primary', ''],
      ],
    },
    {
      name: 'choices',
      rows: [
        ['list_name', 'name', EN, KM, 'missing', 'colour'],
        ['yn', 1, 'Yes', 'បាទ/ចាស', '', 'green'],
        ['yn', 2, 'No', 'ទេ', 'no', ''],
        ['yn', 9, "Don't know", 'មិនដឹង', 'yes', ''],
      ],
    },
    { name: 'settings', rows: [['form_title', 'form_id', 'version', 'default_language', 'style'], ['Test form', 'test_form', 2024061201, 'Khmer (km)', 'pages']] },
    { name: 'notes', rows: [['anything'], ['kept as is']] },
  ],
};

describe('parseXlsForm', () => {
  it('reads settings, languages, the group tree, choices and Fieldnote columns', () => {
    const { schedule, findings } = parseXlsForm(WORKBOOK);
    expect(findings).toEqual([]);
    expect(schedule).toMatchObject({ title: 'Test form', formId: 'test_form', version: '2024061201', defaultLanguage: 'km', settingsExtra: { style: 'pages' } });
    expect(schedule.languages).toEqual([{ name: 'English', code: 'en' }, { name: 'Khmer', code: 'km' }]);
    expect(schedule.items.map((item) => item.name)).toEqual(['intro', 'consent', 'sec', 'when']);
    const group = schedule.items[2] as Group;
    expect(group).toMatchObject({ kind: 'group', row: 6, endRow: 8, relevant: "${consent} = '1'", endExtra: { translator_note: 'end note' } });
    const n = group.children[0] as Question;
    expect(n).toEqual({
      kind: 'question', type: 'integer', listName: '', name: 'n', row: 7,
      label: { en: 'How many?', km: 'ប៉ុន្មាន?' }, hint: { en: 'Count them' }, relevant: '', required: 'TRUE',
      constraint: '. >= 0', constraintMessage: { en: 'Not negative' }, appearance: '', priority: 'probe', extra: {},
    });
    expect(schedule.items[0]).toMatchObject({ extra: { translator_note: 'keep it short' } });
    expect(schedule.items[1]).toMatchObject({ type: 'select_one', listName: 'yn', required: 'yes', row: 3 });
    expect(schedule.choiceLists).toEqual([{ name: 'yn', choices: [
      { name: '1', label: { en: 'Yes', km: 'បាទ/ចាស' }, missing: false, extra: { colour: 'green' }, row: 2 },
      { name: '2', label: { en: 'No', km: 'ទេ' }, missing: false, extra: {}, row: 3 },
      { name: '9', label: { en: "Don't know", km: 'មិនដឹង' }, missing: true, extra: {}, row: 4 },
    ] }]);
    expect(schedule.otherSheets).toEqual([{ name: 'notes', rows: [['anything'], ['kept as is']] }]);
  });

  it('round trip: rows → schedule → rows → schedule keeps the meaning and the unknown columns', () => {
    const first = parseXlsForm(WORKBOOK).schedule;
    const rows = scheduleToRows(first);
    expect(rows.sheets.map((sheet) => sheet.name)).toEqual(['survey', 'choices', 'settings', 'notes']);
    expect(rows.sheets[0]!.rows[0]).toEqual(['type', 'name', EN, KM, 'hint::English (en)', 'relevant', 'required', 'constraint', 'constraint_message::English (en)', 'priority', 'translator_note']);
    expect(rows.sheets[0]!.rows[1]).toEqual(['note', 'intro', 'Welcome', 'សូមស្វាគមន៍', '', '', '', '', '', '', 'keep it short']);
    expect(rows.sheets[1]!.rows[0]).toEqual(['list_name', 'name', EN, KM, 'missing', 'colour']);
    expect(rows.sheets[2]!.rows).toEqual([['form_title', 'form_id', 'version', 'default_language', 'style'], ['Test form', 'test_form', '2024061201', 'Khmer (km)', 'pages']]);
    const second = parseXlsForm(rows);
    expect(second.findings).toEqual([]);
    expect(withoutRows(second.schedule)).toEqual(withoutRows(first));
    expect(scheduleToRows(second.schedule)).toEqual(rows);
  });

  it('round trip holds for generated schedules', () => {
    for (let seed = 1; seed <= 30; seed += 1) {
      const first = parseXlsForm(generateForm(seed, { questions: 40 }).workbook).schedule;
      const again = parseXlsForm(scheduleToRows(first)).schedule;
      expect(withoutRows(again), `seed ${seed}`).toEqual(withoutRows(first));
    }
  });

  it('every row it cannot use becomes a located finding', () => {
    const { schedule, findings } = parseXlsForm({
      sheets: [
        {
          name: 'survey',
          rows: [
            ['type', 'name', 'label', '', 'label'],
            ['', '', 'orphan label'],
            ['text', '', 'no name'],
            ['select_one', 'q1', 'no list'],
            ['calculate', 'c', ''],
            ['geopint', 'g', ''],
            ['text', 'ok', 'fine', 'stray'],
            ['end_group'],
            ['begin_group', 'open', 'never closed'],
            ['text', 'inside', 'x', '', 'duplicate label column'],
            ['text', 'p', 'x'],
          ],
        },
        { name: 'choices', rows: [['list_name', 'name', 'label', 'missing'], ['', '1', 'x'], ['yes no', '1', 'x'], ['yn', '', 'x'], ['yn', '1', 'Yes', 'maybe']] },
        { name: 'settings', rows: [['form_id', 'default_language'], ['f', 'French'], ['extra', 'row']] },
      ],
    });
    expect(findings.map((finding) => formatFinding('FORM.xlsx', finding))).toEqual([
      'FORM.xlsx:survey:1:E: error: column "label" appears twice (columns C and E); Fieldnote reads column C and ignores this one. Delete or rename one of them.',
      'FORM.xlsx:survey:2:type: error: this row has no type, so it is not part of the schedule; write a type such as text, integer, select_one LIST, note or begin_group.',
      'FORM.xlsx:survey:3:name: error: this text row has no name, so it is not part of the schedule; every question needs a unique name.',
      'FORM.xlsx:survey:4:type: error: "select_one" needs the name of a choice list after it, e.g. "select_one yes_no".',
      'FORM.xlsx:survey:5:type: error: type "calculate" is an XLSForm type Fieldnote does not support; use one of select_one LIST, select_multiple LIST, integer, decimal, text, date, note, begin_group, end_group.',
      'FORM.xlsx:survey:6:type: error: unknown type "geopint"; use one of select_one LIST, select_multiple LIST, integer, decimal, text, date, note, begin_group, end_group.',
      'FORM.xlsx:survey:7:D: error: this cell ("stray") is in a column without a header, so Fieldnote cannot tell what it is; add a column header or move the text.',
      'FORM.xlsx:survey:8:type: error: end_group without a matching begin_group above it; delete this row or add the begin_group.',
      'FORM.xlsx:survey:9:type: error: begin_group "open" has no matching end_group; add an end_group row after its last question.',
      'FORM.xlsx:survey:10:E: error: this cell ("duplicate label column") is in a column without a header, so Fieldnote cannot tell what it is; add a column header or move the text.',
      'FORM.xlsx:choices:2:list_name: error: this choice has no list_name, so no question can use it; write the name of its choice list.',
      'FORM.xlsx:choices:3:list_name: error: list_name "yes no" is not a valid name: start with a letter or _, then use only letters, digits, _, - or . (no spaces).',
      'FORM.xlsx:choices:4:name: error: this choice in list "yn" has no name (the code stored for the answer, e.g. 1).',
      'FORM.xlsx:choices:5:missing: error: missing must be yes or no, not "maybe".',
      'FORM.xlsx:settings:2:default_language: warning: default_language "French" is not the language of any column; pyxform compares the whole text, so no language is marked default and ODK opens the form in the first one.',
      'FORM.xlsx:settings:3: error: the settings sheet has one row of values under its header; this extra row is ignored. Delete it.',
    ]);
    // The unclosed group still holds its questions, so nothing after it is lost.
    expect(schedule.items.map((item) => item.name)).toEqual(['ok', 'open']);
    expect((schedule.items[1] as Group).children.map((item) => item.name)).toEqual(['inside', 'p']);
  });

  it('cells on an end_group row other than its name are reported, not dropped', () => {
    const { findings } = parseXlsForm({ sheets: [{ name: 'survey', rows: [
      ['type', 'name', 'label', 'relevant'], ['begin_group', 'g', 'G', ''], ['text', 'q', 'Q', ''], ['end_group', 'g', '', "${q} = 'x'"],
    ] }] });
    expect(findings.map((finding) => formatFinding('FORM.xlsx', finding))).toEqual([
      'FORM.xlsx:survey:4:relevant: error: end_group rows only close a group; the relevant here would be ignored. Move it to the begin_group row (2) or a question.',
    ]);
  });

  it('a workbook that cannot be a schedule throws a located ScheduleError', () => {
    const attempt = (sheets: { name: string; rows: Cell[][] }[]) => {
      try {
        parseXlsForm({ sheets });
      } catch (error) {
        expect(error).toBeInstanceOf(ScheduleError);
        return (error as ScheduleError).inFile('FORM.xlsx').message;
      }
      return 'no error';
    };
    expect(attempt([{ name: 'Sheet1', rows: [['type', 'name']] }])).toBe(
      'FORM.xlsx:survey: error: the workbook has no sheet named "survey" (it has "Sheet1"); XLSForm keeps the questions in a sheet called survey.',
    );
    expect(attempt([{ name: 'survey', rows: [['name', 'label']] }])).toBe(
      'FORM.xlsx:survey:1: error: the survey sheet has no "type" column; its first row must name the columns (type, name, label, ...).',
    );
    expect(attempt([{ name: 'Survey', rows: [['type', 'label']] }])).toBe(
      'FORM.xlsx:Survey:1: error: the survey sheet has no "name" column; its first row must name the columns (type, name, label, ...).',
    );
    expect(attempt([{ name: 'survey', rows: [] }])).toBe('FORM.xlsx:survey:1: error: the survey sheet has no header row; row 1 must name the columns.');
    expect(attempt([{ name: 'survey', rows: [['type', 'name']] }, { name: 'choices', rows: [['name', 'label']] }])).toBe(
      'FORM.xlsx:choices:1: error: the choices sheet has no "list_name" column; its first row must name the columns (list_name, name, label, ...).',
    );
  });

  it('pyxform language rules: plain columns are untranslated text, or the default language on rows that have translations', () => {
    const { schedule, findings } = parseXlsForm({ sheets: [
      { name: 'survey', rows: [
        ['type', 'name', 'label', 'label::Khmer (km)', 'hint', 'label::English (en)'],
        ['text', 'a', 'plain only', '', 'Year', ''],
        ['text', 'b', 'plain and Khmer', 'ខ', '', ''],
        ['text', 'c', 'plain, Khmer and English', 'គ', '', 'English'],
      ] },
      { name: 'settings', rows: [['default_language'], ['English (en)']] },
    ] });
    expect(schedule.languages).toEqual([{ name: 'Khmer', code: 'km' }, { name: 'English', code: 'en' }]);
    expect(schedule.items.map((item) => item.label)).toEqual([{ '': 'plain only' }, { en: 'plain and Khmer', km: 'ខ' }, { km: 'គ', en: 'English' }]);
    expect(schedule.items[0]!.hint).toEqual({ '': 'Year' });
    // pyxform's process_row: the English column wins over the plain one; a plain cell to the
    // right of translated ones would replace them all.
    expect(findings.map((finding) => formatFinding('F', finding))).toEqual([
      'F:survey:4:label: warning: pyxform ignores this text because "label::English (en)" holds the same language\'s label; empty one of them.',
    ]);
  });

  it('export keeps the columns the workbook had and adds none (no empty plain label column)', () => {
    const header = ['type', 'name', 'label::English (en)', 'label::Khmer (km)', 'hint', 'constraint', 'constraint_message'];
    const workbook: WorkbookRows = { sheets: [
      { name: 'survey', rows: [header, ['integer', 'year', 'Year founded', 'ឆ្នាំ', 'Year', '. > 1900', 'After 1900'], ['text', 'org', 'Organisation', '', '', '', '']] },
      { name: 'choices', rows: [['list_name', 'name', 'label::English (en)', 'label::Khmer (km)'], ['yn', '1', 'Yes', 'បាទ/ចាស']] },
      { name: 'settings', rows: [['default_language'], ['English (en)']] },
    ] };
    const first = parseXlsForm(workbook).schedule;
    const rows = scheduleToRows(first);
    expect(rows.sheets[0]!.rows[0]).toEqual(header);
    expect(rows.sheets[0]!.rows[1]).toEqual(['integer', 'year', 'Year founded', 'ឆ្នាំ', 'Year', '. > 1900', 'After 1900']);
    expect(rows.sheets[1]!.rows[0]).toEqual(['list_name', 'name', 'label::English (en)', 'label::Khmer (km)']);
    // form_id is written (a project keys versions by it); the title, being the id, is not.
    expect(rows.sheets[2]!.rows[0]).toEqual(['default_language', 'form_id']);
    const { columns: _columns, ...meaning } = withoutRows(parseXlsForm(rows).schedule);
    const { columns: _firstColumns, ...firstMeaning } = withoutRows(first);
    expect(meaning).toEqual(firstMeaning);

    // The default language held only in the plain column goes back there.
    const plainEnglish = parseXlsForm({ sheets: [
      { name: 'survey', rows: [['type', 'name', 'label', 'label::Khmer (km)'], ['text', 'a', 'Organisation', 'អង្គការ'], ['text', 'b', 'Province', '']] },
      { name: 'settings', rows: [['default_language'], ['English (en)']] },
    ] }).schedule;
    const again = scheduleToRows(plainEnglish);
    expect(again.sheets[0]!.rows).toEqual([['type', 'name', 'label', 'label::Khmer (km)'], ['text', 'a', 'Organisation', 'អង្គការ'], ['text', 'b', 'Province', '']]);
  });
});
