import { describe, expect, it } from 'vitest';
import { checkWorkbook, parseXlsForm, scheduleToRows, type Schedule } from '../../../shared/schedule';
import { LanguageEditError, addLanguage, copyLanguage, missingLabelCounts, removeLanguage, renameLanguage } from '../../../shared/schedule/language-edit';

const base = (): Schedule =>
  checkWorkbook({ sheets: [
    { name: 'survey', rows: [['type', 'name', 'label::English (en)', 'label::Khmer (km)', 'hint'], ['select_one yn', 'a', 'A?', 'ក?', 'Year'], ['text', 'b', 'B?', '', '']] },
    { name: 'choices', rows: [['list_name', 'name', 'label::English (en)', 'label::Khmer (km)'], ['yn', '1', 'Yes', ''], ['yn', '2', 'No', 'ទេ']] },
    { name: 'settings', rows: [['default_language'], ['English (en)']] },
  ] }).schedule;

describe('language edits', () => {
  it('counts the labels each language lacks', () => {
    expect(Object.fromEntries(missingLabelCounts(base()))).toEqual({ en: { missing: 0, total: 4 }, km: { missing: 2, total: 4 } });
  });

  it('adds a language with its own columns in the exported workbook, and refuses a duplicate', () => {
    const added = addLanguage(base(), { name: 'French', code: 'fr' });
    expect(added.languages.map((l) => l.code)).toEqual(['en', 'km', 'fr']);
    expect(scheduleToRows(added).sheets[0]!.rows[0]).toEqual(['type', 'name', 'label::English (en)', 'label::Khmer (km)', 'hint', 'label::French (fr)']);
    expect(() => addLanguage(added, { name: 'Français', code: 'fr' })).toThrow(LanguageEditError);
    expect(() => addLanguage(added, { name: 'Thai', code: 'thai language' })).toThrow('is not a language code');
  });

  it('copies English into the Khmer gaps as a start, leaving existing Khmer alone', () => {
    const { schedule, copied } = copyLanguage(base(), 'en', 'km');
    expect(copied).toBe(2);
    expect(schedule.items[1]!.label).toEqual({ en: 'B?', km: 'B?' });
    expect(schedule.items[0]!.label).toEqual({ en: 'A?', km: 'ក?' });
    expect(schedule.items[0]!.hint).toEqual({ '': 'Year' });
    expect(missingLabelCounts(schedule).get('km')).toEqual({ missing: 0, total: 4 });
  });

  it('renames a language, moving its texts and columns, and removes one with its texts', () => {
    const renamed = renameLanguage(base(), 'km', { name: 'Khmer (Cambodia)', code: 'km-KH' });
    expect(renamed.items[0]!.label).toEqual({ en: 'A?', 'km-KH': 'ក?' });
    const rows = scheduleToRows(renamed);
    expect(rows.sheets[0]!.rows[0]).toEqual(['type', 'name', 'label::English (en)', 'label::Khmer (Cambodia) (km-KH)', 'hint']);
    expect(parseXlsForm(rows).schedule.items[0]!.label).toEqual({ en: 'A?', 'km-KH': 'ក?' });

    const removed = removeLanguage(base(), 'km');
    expect(removed.languages.map((l) => l.code)).toEqual(['en']);
    expect(removed.items[0]!.label).toEqual({ en: 'A?' });
    expect(scheduleToRows(removed).sheets[0]!.rows[0]).toEqual(['type', 'name', 'label::English (en)', 'hint']);
  });

  it('naming pyxform\'s "default" language makes it the default_language and keeps its text in the plain column', () => {
    const { schedule } = checkWorkbook({ sheets: [
      { name: 'survey', rows: [['type', 'name', 'label', 'label::Khmer (km)'], ['text', 'a', 'Organisation', 'អង្គការ'], ['text', 'b', 'Province', '']] },
    ] });
    expect(schedule.languages.map((l) => l.name)).toEqual(['default', 'Khmer']);
    const named = renameLanguage(schedule, 'default', { name: 'English', code: 'en' });
    expect(named.defaultLanguage).toBe('en');
    const rows = scheduleToRows(named);
    expect(rows.sheets[0]!.rows).toEqual([['type', 'name', 'label', 'label::Khmer (km)'], ['text', 'a', 'Organisation', 'អង្គការ'], ['text', 'b', 'Province', '']]);
    expect(rows.sheets.find((sheet) => sheet.name === 'settings')!.rows).toEqual([['form_id', 'default_language'], ['schedule', 'English (en)']]);
    const again = parseXlsForm(rows).schedule;
    expect(again.languages.map((l) => l.name)).toEqual(['English', 'Khmer']);
    expect(again.items.map((item) => item.label)).toEqual([{ en: 'Organisation', km: 'អង្គការ' }, { '': 'Province' }]);
  });
});
