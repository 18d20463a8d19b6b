/**
 * Round trip under pyxform's language rules: any mix of plain and `::language` cells, with
 * or without default_language, reads to a schedule that the writer puts back so that it
 * reads to the same schedule, with the same columns.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXlsForm, scheduleToRows, withoutRows, type Cell } from '../../../shared/schedule';

const TEXT_COLUMNS = ['label', 'label::English (en)', 'label::Khmer (km)', 'hint', 'hint::Khmer (km)', 'constraint_message', 'constraint_message::English (en)'];
const text = fc.oneof(fc.constant(''), fc.constant(''), fc.constantFrom('Year', 'ឆ្នាំ', 'Organisation', 'Between 1 and 5'));

describe('language round trip', () => {
  it('read → write → read gives the same schedule and columns', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(TEXT_COLUMNS, { minLength: 1 }),
        fc.array(fc.array(text, { minLength: TEXT_COLUMNS.length, maxLength: TEXT_COLUMNS.length }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(text, text, text), { maxLength: 5 }),
        fc.constantFrom('', 'English (en)', 'Khmer (km)', 'French (fr)'),
        (columns, rows, choices, defaultLanguage) => {
          const survey: Cell[][] = [['type', 'name', ...columns], ...rows.map((cells, i) => ['integer', `q${i}`, ...cells.slice(0, columns.length)])];
          const choiceRows: Cell[][] = [['list_name', 'name', 'label', 'label::English (en)', 'label::Khmer (km)'], ...choices.map(([a, b, c], i) => ['yn', String(i + 1), a, b, c])];
          const sheets = [{ name: 'survey', rows: survey }, { name: 'choices', rows: choiceRows }, { name: 'settings', rows: [['form_id', 'default_language'], ['f', defaultLanguage]] }];
          const first = parseXlsForm({ sheets }).schedule;
          const rowsBack = scheduleToRows(first);
          const second = parseXlsForm(rowsBack).schedule;
          expect(withoutRows(second)).toEqual(withoutRows(first));
          expect(scheduleToRows(second)).toEqual(rowsBack);
        },
      ),
      { numRuns: 300 },
    );
  });
});
