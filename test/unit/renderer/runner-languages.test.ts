import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../../shared/schedule';
import { interviewLanguages, languageOptions, textsToShow } from '../../../renderer/src/runner/language';

// The bilingual form: two label languages, plain hint, English the default, a Khmer gap.
const { schedule } = checkWorkbook({
  sheets: [
    {
      name: 'survey',
      rows: [
        ['type', 'name', 'label::English (en)', 'label::Khmer (km)', 'hint'],
        ['integer', 'year', 'Year founded', 'ឆ្នាំបង្កើត', 'Year'],
        ['text', 'org', 'Organisation', '', ''],
      ],
    },
    { name: 'settings', rows: [['default_language'], ['English (en)']] },
  ],
});
const [year, org] = schedule.items;

describe('"both languages" in the runner', () => {
  it('offers English, Khmer and both: no third "default" language', () => {
    expect(languageOptions(schedule).map((option) => option.label)).toEqual(['English', 'Khmer', 'Both (English and Khmer)']);
  });

  it('shows each language its own label, an untranslated hint once, and a missing translation not at all', () => {
    const both = interviewLanguages(schedule, 'en+km');
    expect(textsToShow(schedule, year!.label, both)).toEqual([{ key: 'en', text: 'Year founded' }, { key: 'km', text: 'ឆ្នាំបង្កើត' }]);
    expect(textsToShow(schedule, year!.hint, both)).toEqual([{ key: 'en', text: 'Year' }]);
    expect(textsToShow(schedule, org!.label, both)).toEqual([{ key: 'en', text: 'Organisation' }]);
    // Khmer first: the gap falls back to English once, not twice.
    expect(textsToShow(schedule, org!.label, ['km', 'en'])).toEqual([{ key: 'km', text: 'Organisation' }]);
  });
});
