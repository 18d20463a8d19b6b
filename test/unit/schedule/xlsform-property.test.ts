/**
 * On any workbook, the XLSForm reader returns located findings or a schedule, and on any bytes
 * the .xlsx reader returns a ScheduleError: never another exception, never a hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWorkbook, ScheduleError, type Cell, type WorkbookRows } from '../../../shared/schedule';
import { loadScheduleBytes } from '../../../electron/schedule/xlsx';

const headers = ['type', 'name', 'label', 'label::English (en)', 'label::Khmer (km)', 'relevant', 'required', 'constraint', 'priority', 'list_name', 'missing', 'form_id', 'default_language', 'appearance', 'x'];
const types = ['text', 'integer', 'decimal', 'date', 'note', 'select_one yn', 'select_multiple yn', 'select_one nolist', 'begin_group', 'end_group', 'begin group', 'end group', 'repeat', 'calculate', '', 'geopoint'];
const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.constantFrom(...types, ...headers, '${a}', "${a} = '1'", '1', 'yes', 'probe', 'a', 'b', '((', 'ការអប់រំ'),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);
const row = fc.array(cell, { maxLength: 8 });
const sheet = (names: string[]) =>
  fc.record({
    name: fc.constantFrom(...names),
    rows: fc
      .tuple(fc.shuffledSubarray(headers, { minLength: 1 }), fc.array(fc.option(row, { nil: undefined }), { maxLength: 12 }))
      .map(([header, rows]) => [header as Cell[], ...rows]),
  });
const workbook: fc.Arbitrary<WorkbookRows> = fc.record({ sheets: fc.array(sheet(['survey', 'choices', 'settings', 'other']), { maxLength: 4 }) });

describe('XLSForm reader on arbitrary input', () => {
  it('gives findings or a ScheduleError for any workbook', () => {
    fc.assert(
      fc.property(workbook, (wb) => {
        try {
          const { findings } = checkWorkbook(wb);
          for (const f of findings) {
            expect(['error', 'warning', 'info']).toContain(f.severity);
            expect(typeof f.sheet).toBe('string');
            expect(f.message.length).toBeGreaterThan(0);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(ScheduleError);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('gives a ScheduleError naming the file for bytes that are not an .xlsx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        await expect(loadScheduleBytes(bytes, 'random.xlsx')).rejects.toSatisfy((e: unknown) => e instanceof ScheduleError && e.file === 'random.xlsx');
      }),
      { numRuns: 60 },
    );
  });
});
