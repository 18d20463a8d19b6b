import { describe, expect, it } from 'vitest';
import { checkWorkbook, formatCoverage, formatFinding, groupFindings, spssNameProblem, translationCoverage, utf8Length, type Cell } from '../../../shared/schedule';

const EN = 'label::English (en)';
const KM = 'label::Khmer (km)';

function lines(survey: Cell[][], choices?: Cell[][]): string[] {
  const sheets = [{ name: 'survey', rows: survey }];
  if (choices) sheets.push({ name: 'choices', rows: choices });
  return checkWorkbook({ sheets }).findings.map((finding) => formatFinding('FORM.xlsx', finding));
}

const YN_CHOICES: Cell[][] = [
  ['list_name', 'name', EN, KM, 'missing'],
  ['yn', '1', 'Yes', 'បាទ/ចាស', ''],
  ['yn', '2', 'No', 'ទេ', ''],
  ['yn', '9', "Don't know", 'មិនដឹង', 'yes'],
];

describe('lint', () => {
  it('a clean bilingual schedule has no findings', () => {
    expect(lines([['type', 'name', EN, KM], ['select_one yn', 'q1', 'Q1', 'ស១']], YN_CHOICES)).toEqual([]);
  });

  it('expression syntax errors name the column and the character', () => {
    expect(lines([['type', 'name', 'label', 'relevant', 'constraint', 'required'],
      ['integer', 'n', 'N', '', '. > 0 and', ''],
      ['text', 't', 'T', "${n} = '1' and and", '', 'selected(${n})']])).toEqual([
      'FORM.xlsx:survey:2:constraint: error: syntax error at character 7 of ". > 0 and": Expression ends with \'and\'; add a value after it.',
      "FORM.xlsx:survey:3:relevant: error: syntax error at character 16 of \"${n} = '1' and and\": Expected a value after 'and', found 'and'.",
      'FORM.xlsx:survey:3:required: error: syntax error at character 1 of "selected(${n})": selected() takes 2 arguments, but was given 1.',
    ]);
  });

  it('unknown references are errors; references to later questions are warnings', () => {
    expect(lines([['type', 'name', 'label', 'relevant'],
      ['text', 'c', 'C', ''],
      ['text', 'a', 'A', "${b} != ''"],
      ['text', 'b', 'B', "${c} = 'x' or ${nope} = 'y'"]])).toEqual([
      "FORM.xlsx:survey:3:relevant: warning: ${b} at character 1 is asked later (row 4), so it is still empty when this relevant is checked.",
      'FORM.xlsx:survey:4:relevant: error: ${nope} at character 15 refers to no question in the schedule; check the spelling.',
    ]);
  });

  it('logic that goes round in a circle is an error', () => {
    expect(lines([['type', 'name', 'label', 'relevant'],
      ['text', 'a', 'A', "${b} = 'x'"],
      ['text', 'b', 'B', "${a} = 'y'"]])).toContain(
      'FORM.xlsx:survey:2:relevant: error: Relevance logic goes round in a circle: a → b → a (→ means "depends on"). An item\'s relevant cannot depend on itself, directly, through other questions, or through its groups.',
    );
  });

  it('names: duplicates and case-only differences are errors; names SPSS or Stata cannot use change the data', () => {
    expect(lines([['type', 'name', 'label'],
      ['text', 'q3', 'x'],
      ['text', 'Q3', 'x'],
      ['text', 'q3', 'x'],
      ['text', '1bad', 'x'],
      ['text', 'with', 'x'],
      ['text', 'ends.', 'x'],
      ['text', '_under', 'x'],
      ['text', `a${'ក'.repeat(22)}`, 'x'],
      ['note', 'to', 'notes are not variables, so SPSS words are fine'],
      ['text', 'a.b_9', 'x']])).toEqual([
      'FORM.xlsx:survey:3:name: error: name "Q3" differs from "q3" on row 2 only in upper/lower case; SPSS treats them as the same variable. Rename one.',
      'FORM.xlsx:survey:4:name: error: name "q3" is already used on row 2; every question and group needs its own name.',
      'FORM.xlsx:survey:5:name: error: name "1bad" is not a valid XLSForm name: start with a letter or _, then use only letters, digits, _, - or . (no spaces).',
      'FORM.xlsx:survey:5:name: warning: name "1bad" is not a valid SPSS name (it must start with a letter) and not a valid Stata name (it must start with a letter or _). The SPSS export renames it to v1bad. Rename it so every file uses the same name.',
      'FORM.xlsx:survey:6:name: warning: name "with" is not a valid SPSS name (WITH is a reserved word in SPSS) and not a valid Stata name (with is a reserved word in Stata). The SPSS export renames it to vwith. Rename it so every file uses the same name.',
      "FORM.xlsx:survey:7:name: warning: name \"ends.\" is not a valid SPSS name (it must not end with '.') and not a valid Stata name (it may contain only letters, digits and _). The SPSS export renames it to ends. Rename it so every file uses the same name.",
      'FORM.xlsx:survey:8:name: warning: name "_under" is not a valid SPSS name (it must start with a letter). The SPSS export renames it to under. Rename it so every file uses the same name.',
      `FORM.xlsx:survey:9:name: warning: name "a${'ក'.repeat(22)}" is not a valid SPSS name (it is 67 bytes in UTF-8 and SPSS allows 64) and not a valid Stata name (it may contain only letters, digits and _). The SPSS export renames it to a. Rename it so every file uses the same name.`,
      'FORM.xlsx:survey:11:name: warning: name "a.b_9" is not a valid Stata name (it may contain only letters, digits and _). Rename it so every file uses the same name.',
    ]);
  });

  it('SPSS name rules on their own', () => {
    expect(spssNameProblem('q1')).toBeUndefined();
    expect(spssNameProblem('a'.repeat(64))).toBeUndefined();
    expect(spssNameProblem('a'.repeat(65))).toBe('it is 65 bytes in UTF-8 and SPSS allows 64');
    expect(spssNameProblem('q-1')).toBe('it may contain only letters, digits, _ and .');
    expect(spssNameProblem('And')).toBe('AND is a reserved word in SPSS');
    expect(utf8Length('aé中😀')).toBe(1 + 2 + 3 + 4);
  });

  it('choice lists: missing, unused, duplicate codes', () => {
    expect(lines([['type', 'name', 'label'], ['select_one yesno', 'q1', 'Q1']],
      [['list_name', 'name', 'label'], ['yn', '1', 'Yes'], ['yn', '1', 'No']])).toEqual([
      'FORM.xlsx:survey:2:type: error: choice list "yesno" is not in the choices sheet; add its choices there (list_name yesno).',
      'FORM.xlsx:choices:2:list_name: warning: choice list "yn" is not used by any question.',
      'FORM.xlsx:choices:3:name: error: choice "1" appears twice in list "yn" (also row 2); each code in a list must be unique.',
    ]);
  });

  it("warns when Don't know is 9 in most lists and 3 in one (as in the reference schedule's Q21)", () => {
    const survey: Cell[][] = [['type', 'name', EN, KM], ['select_one yn', 'q20', 'Q20', 'ស២០'], ['select_one yn_b', 'q21', 'Q21', 'ស២១'], ['select_one yn_c', 'q22', 'Q22', 'ស២២']];
    const choices: Cell[][] = [
      ...YN_CHOICES,
      ['yn_b', '1', 'Yes', 'បាទ/ចាស', ''], ['yn_b', '2', 'No', 'ទេ', ''], ['yn_b', '3', 'Don’t know', 'មិនដឹង', ''],
      ['yn_c', '1', 'Yes', 'បាទ/ចាស', ''], ['yn_c', '2', 'No', 'ទេ', ''], ['yn_c', '9', "DON'T KNOW", 'មិនដឹង', 'yes'],
    ];
    expect(lines(survey, choices)).toEqual([
      'FORM.xlsx:choices:7:name: warning: "Don\'t know" is coded 3 in list "yn_b" but 9 in lists yn, yn_c; use 9 so the same answer has the same code in every question.',
      'FORM.xlsx:choices:7:missing: warning: "Don’t know" is not marked missing, so exports count it as real answers: write yes in the missing column for yn_b (3, row 7).',
    ]);
  });

  it('translations missing in a declared language, and value labels over 120 bytes', () => {
    expect(lines([['type', 'name', EN, KM, 'hint::English (en)'],
      ['select_one yn', 'q1', 'Q1', '', 'A hint'],
      ['text', 'q2', '', '', '']],
    [['list_name', 'name', EN, KM], ['yn', '1', 'Yes', 'បាទ/ចាស'], ['yn', '2', 'No', 'ទ'.repeat(41)]])).toEqual([
      'FORM.xlsx:survey:2:label::Khmer (km): warning: question "q1" has no label in Khmer (km); ODK shows "-" there.',
      'FORM.xlsx:survey:2:hint::Khmer (km): warning: question "q1" has no hint in Khmer (km); ODK shows "-" there.',
      'FORM.xlsx:survey:3:label: warning: question "q2" has no label in any language; the interviewer would see only its name.',
      'FORM.xlsx:choices:3:label::Khmer (km): warning: label is 123 bytes in UTF-8; SPSS value labels hold 120, so the exported label will be cut. Shorten it.',
    ]);
  });

  it('privacy: questions asking a name, phone number or address, by name or label in any language', () => {
    expect(lines([['type', 'name', EN, KM],
      ['text', 'resp_name', 'Respondent', 'អ្នកឆ្លើយ'],
      ['text', 'org_name', 'Name of your organisation', 'ឈ្មោះអង្គការ'],
      ['text', 'q_contact', 'What is your phone number?', 'លេខទូរស័ព្ទ'],
      ['text', 'q_where', 'Where do you work?', 'តើអាសយដ្ឋាន\u200bរបស់អ្នកនៅឯណា?'],
      ['text', 'q_who', 'Who?', 'ឈ្មោះ\u200bរបស់\u200bអ្នក'],
      ['select_one yn', 'has_phone', 'Does your office have a phone?', 'ទូរស័ព្ទ']], YN_CHOICES)).toEqual([
      'FORM.xlsx:survey:2:name: warning: question "resp_name" asks for a name; respondents are identified by ID numbers only, so this would put identifying data in the notes and exports. Remove it or ask something that does not identify the person.',
      'FORM.xlsx:survey:4:name: warning: question "q_contact" asks for a phone number; respondents are identified by ID numbers only, so this would put identifying data in the notes and exports. Remove it or ask something that does not identify the person.',
      'FORM.xlsx:survey:5:name: warning: question "q_where" asks for an address; respondents are identified by ID numbers only, so this would put identifying data in the notes and exports. Remove it or ask something that does not identify the person.',
      'FORM.xlsx:survey:6:name: warning: question "q_who" asks for a name; respondents are identified by ID numbers only, so this would put identifying data in the notes and exports. Remove it or ask something that does not identify the person.',
    ]);
  });

  it('logic: a primary question depending on a probe, directly, through its group, or in its label', () => {
    const found = lines([['type', 'name', 'label', 'relevant', 'priority'],
      ['integer', 'staff', 'Staff', '', ''],
      ['integer', 'since', 'Since when?', '', 'probe'],
      ['text', 'why', 'Why?', '${since} > 2000', ''],
      ['begin_group', 'g', 'G', '${since} != \'\'', ''],
      ['text', 'inside', 'Inside', '', ''],
      ['end_group', '', '', '', ''],
      ['note', 'say', 'You said ${since}', '', ''],
      ['text', 'probe_ok', 'Fine', '${since} > 1', 'probe']]);
    expect(found).toEqual([
      'FORM.xlsx:survey:4:relevant: warning: primary question "why" depends on probe ${since}; in primary-only mode the probe is skipped, so this question is decided on an empty answer. Make the probe primary or base the condition on a primary question.',
      'FORM.xlsx:survey:6:relevant: warning: primary question "inside" depends on probe ${since} through its group; in primary-only mode the probe is skipped, so this question is decided on an empty answer. Make the probe primary or base the condition on a primary question.',
      'FORM.xlsx:survey:8:label: warning: primary question "say" shows the answer to probe ${since} in its label; in primary-only mode the probe is not asked, so there is no answer to show.',
    ]);
  });

  it('findings come out most important first, and choices named in words are said once', () => {
    const { findings } = checkWorkbook({ sheets: [
      { name: 'survey', rows: [['type', 'name', 'label', 'relevant'], ['text', 'a', 'A', '${b} = 1'], ['select_one yesno', 'b', 'B', ''], ['select_one colour', 'c', 'C', ''], ['text', 'phone', 'Phone', ''], ['text', 'bad', 'Bad', '${nope}']] },
      { name: 'choices', rows: [['list_name', 'name', 'label'], ['yesno', 'yes', 'Yes'], ['yesno', 'no', 'No'], ['yesno', 'dk', "Don't know"], ['colour', 'red', 'Red']] },
    ] });
    expect(groupFindings(findings).map(({ group, findings: inGroup }) => `${group} ${inGroup.length}`)).toEqual(['error 1', 'data 1', 'logic 1', 'privacy 1', 'information 1']);
    expect(findings.find((finding) => finding.severity === 'info')?.message).toBe(
      '2 lists yesno, colour name their choices in words (e.g. "yes") rather than numbers: the SPSS, Stata and R exports code them 1, 2, 3… in choice order and keep the names in the codebook; name choices with numbers to choose the codes yourself.',
    );
  });

  it('translation coverage: one line per language and kind of text, with row spans split where the text exists', () => {
    const { schedule } = checkWorkbook({ sheets: [
      { name: 'survey', rows: [['type', 'name', EN, KM, 'hint'], ['text', 'a', 'A', '', 'plain hints are shown in both'], ['text', 'b', 'B', ''], ['text', 'c', 'C', 'គ'], ['text', 'd', 'D', '']] },
    ] });
    expect(translationCoverage(schedule).map(formatCoverage)).toEqual(['Khmer (km): 3 of 4 survey labels missing, rows 2–3, 5']);
  });

  it('a text that pipes an unknown question is an error (pyxform refuses it too)', () => {
    expect(lines([['type', 'name', 'label', 'hint'], ['integer', 'staff', 'Staff', ''], ['text', 'why', 'Why ${staf}?', 'You said ${staff}']])).toEqual([
      'FORM.xlsx:survey:3:label: error: ${staf} in the label refers to no question in the schedule, so it cannot show an answer there; check the spelling.',
    ]);
  });
});
