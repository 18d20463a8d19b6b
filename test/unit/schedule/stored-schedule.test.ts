import { describe, expect, it } from 'vitest';
import { storedSchedule, type Schedule } from '../../../shared/schedule';

// How an issue-16 form was stored before: plain hints under an invented "default" language.
const legacy = {
  title: 't', formId: 'f', version: '', defaultLanguage: 'en',
  languages: [{ name: 'English', code: 'en' }, { name: 'Khmer', code: 'km' }, { name: 'default', code: '' }],
  items: [
    { kind: 'question', type: 'integer', listName: '', name: 'year', label: { en: 'Year founded', km: 'ឆ្នាំ' }, hint: { default: 'Year' }, relevant: '', required: '', constraint: '', constraintMessage: { default: 'After 1900' }, appearance: '', priority: 'primary', extra: {} },
    { kind: 'question', type: 'text', listName: '', name: 'org', label: { default: 'Organisation', km: 'អង្គការ' }, hint: {}, relevant: '', required: '', constraint: '', constraintMessage: {}, appearance: '', priority: 'primary', extra: {} },
  ],
  choiceLists: [], settingsExtra: {}, columns: { survey: [], choices: [], settings: [] }, otherSheets: [],
} as unknown as Schedule;

describe('schedules stored before the pyxform language rules', () => {
  it('read back without the invented "default" language', () => {
    const schedule = storedSchedule(JSON.stringify(legacy));
    expect(schedule.languages.map((language) => language.name)).toEqual(['English', 'Khmer']);
    expect(schedule.items[0]).toMatchObject({ hint: { '': 'Year' }, constraintMessage: { '': 'After 1900' } });
    expect(schedule.items[1]!.label).toEqual({ km: 'អង្គការ', en: 'Organisation' });
  });

  it('leave a real pyxform "default" language (no default_language) alone', () => {
    const real = { ...legacy, defaultLanguage: '' };
    expect(storedSchedule(JSON.stringify(real))).toEqual(real);
  });
});
