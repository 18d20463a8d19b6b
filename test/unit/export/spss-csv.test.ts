import { describe, expect, it } from 'vitest';
import { csvField, numberToText, writeCsv, type SpssDataset, type SpssVariable } from '../../../shared/export/spss/index';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

function v(name: string, type: SpssVariable['type'], decimals = 0): SpssVariable {
  return { name, label: '', type, width: 1, decimals, measure: 'nominal', valueLabels: [], missingValues: [] };
}

describe('csvField (RFC 4180)', () => {
  it('quotes only when needed and doubles inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField('ឈ្មោះ')).toBe('ឈ្មោះ');
  });
});

describe('numberToText', () => {
  it('is full precision, plain notation, with a point', () => {
    expect(numberToText(0)).toBe('0');
    expect(numberToText(-8)).toBe('-8');
    expect(numberToText(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(numberToText(1e-7)).toBe('0.0000001');
    expect(numberToText(-1.5e-10)).toBe('-0.00000000015');
    expect(numberToText(1e21)).toBe('1000000000000000000000');
    expect(numberToText(1.2345e22)).toBe('12345000000000000000000');
    for (const x of [Math.PI, 1 / 3, 123456.789, 2 ** 53 + 2, 5e-324, 1.7976931348623157e308]) {
      expect(Number(numberToText(x))).toBe(x);
      expect(numberToText(x)).not.toMatch(/e/i);
    }
  });
});

describe('writeCsv', () => {
  const ds: SpssDataset = {
    variables: [v('id', 'string'), v('n', 'numeric', 2), v('when', 'date'), v('note', 'string')],
    rows: [
      ['A1', 1.5, '2024-01-31', 'He said "yes, later"\nthen left'],
      ['A2', null, null, null],
      ['A3', '', '', 'plain'],
      ['A4', 0.1 + 0.2, '2024-02-29', 'x\r\ny'],
    ],
    multipleResponseSets: [],
  };

  it('writes UTF-8 without BOM, a header of names, LF line ends, empty system-missing cells', () => {
    const bytes = writeCsv(ds);
    expect([...bytes.slice(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    expect(text(bytes)).toBe([
      'id,n,when,note',
      'A1,1.5,2024-01-31,"He said ""yes, later"" then left"',
      'A2,,,',
      'A3,,,plain',
      'A4,0.30000000000000004,2024-02-29,x y',
      '',
    ].join('\n'));
  });

  it('can keep line breaks inside quoted fields for other CSV consumers', () => {
    const lines = text(writeCsv(ds, { lineBreaksInValues: 'keep' })).split('\n');
    expect(lines[1]).toBe('A1,1.5,2024-01-31,"He said ""yes, later""');
    expect(lines[2]).toBe('then left"');
  });

  it('uses cleaned names in the header and writes only the header for 0 rows', () => {
    const out = text(writeCsv({ variables: [v('1st', 'numeric'), v('and', 'numeric')], rows: [], multipleResponseSets: [] }));
    expect(out).toBe('v1st,vand\n');
  });

  it('rejects cells the type cannot hold', () => {
    expect(() => writeCsv({ ...ds, rows: [['A', 'abc', null, null]] })).toThrow(/numeric cell/);
    expect(() => writeCsv({ ...ds, rows: [['A', 1, '31/01/2024', null]] })).toThrow(/ISO date/);
    expect(() => writeCsv({ ...ds, rows: [['A', 1, '2023-02-29', null]] })).toThrow(/ISO date/);
    expect(() => writeCsv({ ...ds, rows: [['A', 1, null, null, 'extra']] })).toThrow(/cells/);
  });
});
