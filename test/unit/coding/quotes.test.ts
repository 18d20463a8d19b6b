import { describe, expect, it } from 'vitest';
import { filterByQuoteConsent, findFlaggedTerms, formatAttribution, highlightRanges } from '../../../shared/coding/quotes';
import { CodingError } from '../../../shared/coding/model';

describe('attribution', () => {
  const respondent = { id: 33, attributes: { organisationType: 'Government', province: null } };

  it('fills the template with the respondent ID and attributes', () => {
    expect(formatAttribution('({id}, {organisationType})', respondent)).toBe('(33, Government)');
    expect(formatAttribution('Respondent { id } – {province}', respondent, 'province not recorded')).toBe('Respondent 33 – province not recorded');
  });

  it('refuses a placeholder that is not an attribute, rather than print a wrong attribution', () => {
    expect(() => formatAttribution('({id}, {orgType})', respondent)).toThrow(CodingError);
    expect(() => formatAttribution('({id}, {orgType})', respondent)).toThrow('{orgType}');
  });
});

describe('quote consent', () => {
  it('keeps only quotes from respondents who consented; refused and unknown consent are excluded', () => {
    const quotes = [
      { id: 'q1', interviewId: 'i1' },
      { id: 'q2', interviewId: 'i2' },
      { id: 'q3', interviewId: 'i3' },
      { id: 'q4', interviewId: 'i1' },
    ];
    const consent: Record<string, boolean | null> = { i1: true, i2: false, i3: null };
    const split = filterByQuoteConsent(quotes, (q) => consent[q.interviewId]);
    expect(split.allowed.map((q) => q.id)).toEqual(['q1', 'q4']);
    expect(split.excluded.map((q) => q.id)).toEqual(['q2', 'q3']);
  });
});

describe('flagged names and places', () => {
  it('matches Latin-script terms case-insensitively as whole words only', () => {
    const quote = 'Sok told me that SOKHA and sok went to Phnom  Penh, not phnompenh.';
    const matches = findFlaggedTerms(quote, ['Sok', 'Phnom Penh']);
    expect(matches.map((m) => [quote.slice(m.start, m.end), m.term])).toEqual([['Sok', 'Sok'], ['sok', 'Sok'], ['Phnom  Penh', 'Phnom Penh']]);
  });

  it('matches Khmer terms as substrings, since Khmer has no spaces between words', () => {
    const quote = 'លោកសុខបានទៅភូមិត្រពាំងវែង។';
    const matches = findFlaggedTerms(quote, ['សុខ', 'ត្រពាំងវែង']);
    expect(matches.map((m) => quote.slice(m.start, m.end))).toEqual(['សុខ', 'ត្រពាំងវែង']);
    expect(matches[0]).toEqual({ start: 3, end: 6, term: 'សុខ' });
  });

  it('treats accented letters and digits as part of a word, and escapes regex characters in terms', () => {
    expect(findFlaggedTerms('Renée and René met at No. 5 (C.O.)', ['René', 'C.O.', 'No. 5']).map((m) => m.term)).toEqual(['René', 'No. 5', 'C.O.']);
    expect(findFlaggedTerms('Village 12 and 123', ['12']).map((m) => m.start)).toEqual([8]);
  });

  it('merges overlapping matches into highlight ranges', () => {
    const quote = 'Mr Sok Dara said';
    expect(highlightRanges(findFlaggedTerms(quote, ['Sok Dara', 'Dara', 'Mr Sok']))).toEqual([{ start: 0, end: 11 }]);
  });
});
