import { describe, expect, it } from 'vitest';
import {
  SpssExportError,
  writeCsv,
  writeSav,
  writeSps,
  type SpssCell,
  type SpssDataset,
  type SpssVariable,
} from '../../../shared/export/spss/index';

function v(name: string, extra: Partial<SpssVariable> = {}): SpssVariable {
  return { name, label: '', type: 'numeric', width: 0, decimals: 0, measure: 'nominal', valueLabels: [], missingValues: [], ...extra };
}

const latin1 = (b: Uint8Array): string => Array.from(b, (c) => String.fromCharCode(c)).join('');

/** Walks the variable records (type 2) right after the 176-byte header: [type, shortName][]. */
function variableRecords(b: Uint8Array): [number, string][] {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: [number, string][] = [];
  let pos = 176;
  while (view.getInt32(pos, true) === 2) {
    const type = view.getInt32(pos + 4, true);
    const hasLabel = view.getInt32(pos + 8, true);
    const nMissing = Math.abs(view.getInt32(pos + 12, true));
    out.push([type, latin1(b.subarray(pos + 24, pos + 32)).trimEnd()]);
    pos += 32;
    if (hasLabel) pos += 4 + Math.ceil(view.getInt32(pos, true) / 4) * 4;
    pos += nMissing * 8;
  }
  return out;
}

describe('writeSav', () => {
  const ds: SpssDataset = {
    variables: [
      v('household_size'),
      v('household_income'),
      v('household_head'),
      v('q1', { label: 'Question 1' }),
      v('notes', { type: 'string', width: 600 }),
      v('short', { type: 'string', width: 3 }),
    ],
    rows: [[1, 2, 3, 4, 'x', 'abc'], [null, 1.5, 200, -1, null, null]],
    multipleResponseSets: [],
    fileLabel: 'Test file',
  };
  const fixed = { createdAt: new Date(2025, 0, 2, 3, 4, 5) };

  it('writes the $FL2 header: layout 2, case size in 8-byte units, case count, bias 100, date and label', () => {
    const b = writeSav(ds, fixed);
    const view = new DataView(b.buffer);
    expect(latin1(b.subarray(0, 4))).toBe('$FL2');
    expect(latin1(b.subarray(4, 64))).toMatch(/^@\(#\) SPSS DATA FILE Fieldnote +$/);
    expect(view.getInt32(64, true)).toBe(2);
    // 4 numerics + 600-byte string (3 segments: 255,255,96 → 32+32+12 octs) + 3-byte string
    expect(view.getInt32(68, true)).toBe(4 + 32 + 32 + 12 + 1);
    expect(view.getInt32(72, true)).toBe(1); // bytecode compression by default
    expect(view.getInt32(80, true)).toBe(2);
    expect(view.getFloat64(84, true)).toBe(100);
    expect(latin1(b.subarray(92, 109))).toBe('02 Jan 2503:04:05');
    expect(latin1(b.subarray(109, 173)).trimEnd()).toBe('Test file');
    expect(new DataView(writeSav(ds, { ...fixed, compression: 'none' }).buffer).getInt32(72, true)).toBe(0);
  });

  it('derives unique 8-byte short names the way SPSS does, including very long string segments', () => {
    const named = variableRecords(writeSav(ds, fixed)).filter(([type]) => type !== -1).map(([, name]) => name);
    expect(named).toEqual(['HOUSEHOL', 'HOUSEH_A', 'HOUSEH_B', 'Q1', 'NOTES', 'NOTES_A', 'NOTES_B', 'SHORT']);
  });

  it('writes one continuation record per extra 8 bytes of a string segment', () => {
    const types = variableRecords(writeSav(ds, fixed)).map(([type]) => type);
    const notes = types.slice(4, types.length - 1);
    expect(notes.filter((t) => t === 255)).toHaveLength(2);
    expect(notes.filter((t) => t === 600 - 2 * 252)).toHaveLength(1);
    expect(notes.filter((t) => t === -1)).toHaveLength(31 + 31 + 11);
  });

  it('is deterministic for a fixed creation time and records UTF-8 in 7.3 and 7.20', () => {
    const a = writeSav(ds, fixed);
    expect(writeSav(ds, fixed)).toEqual(a);
    expect(latin1(a)).toContain('UTF-8');
    const view = new DataView(a.buffer);
    const text = latin1(a);
    const at = text.indexOf('\x07\x00\x00\x00\x03\x00\x00\x00\x04\x00\x00\x00\x08\x00\x00\x00');
    expect(at).toBeGreaterThan(0);
    expect(view.getInt32(at + 16 + 7 * 4, true)).toBe(65001);
  });

  it('writes no long-string missing-values record (7.22), and a LO THRU -7 range as count -3 with LOWEST, -7 and the discrete value', () => {
    const bytes = writeSav({
      ...ds,
      variables: [v('trust', { missingValues: [9], missingRange: { low: null, high: -7 } }), v('story', { type: 'string', width: 300 })],
      rows: [[1, 'long text']],
    });
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const text = latin1(bytes);
    expect(text.indexOf('\x07\x00\x00\x00\x16\x00\x00\x00')).toBe(-1);
    // The first variable record follows the 176-byte header: type 2, width 0, no label, missing count -3.
    expect([view.getInt32(176, true), view.getInt32(180, true), view.getInt32(184, true), view.getInt32(188, true)]).toEqual([2, 0, 0, -3]);
    const values = [view.getFloat64(208, true), view.getFloat64(216, true), view.getFloat64(224, true)];
    expect(values[0]).toBeLessThan(-1e308);
    expect(values.slice(1)).toEqual([-7, 9]);
  });

  it('rejects what SPSS cannot hold', () => {
    expect(() => writeSav({ ...ds, variables: [v('a', { missingValues: [1, 2, 3, 4] })], rows: [] })).toThrow(SpssExportError);
    expect(() => writeSav({ ...ds, variables: [v('a', { type: 'string', width: 20, missingValues: ['ninechars'] })], rows: [] })).toThrow(/8 bytes/);
    // The cause of "Invalid file" in ReadStat and haven: missing values on a long string (record 7.22).
    expect(() => writeSav({ ...ds, variables: [v('a', { type: 'string', width: 20, missingValues: ['-8', '-7'] })], rows: [] })).toThrow(/cannot carry missing values/);
    expect(() => writeSav({ ...ds, variables: [v('a', { missingValues: [9, 8], missingRange: { low: null, high: -7 } })], rows: [] })).toThrow(/beside a range/);
    expect(() => writeSav({ ...ds, variables: [v('a', { type: 'string', width: 4, missingRange: { low: null, high: -7 } })], rows: [] })).toThrow(/numeric/);
    expect(() => writeSav({ variables: [], rows: [], multipleResponseSets: [] })).toThrow(/without variables/);
    expect(() => writeSav({ ...ds, multipleResponseSets: [{ name: 'm', label: '', variables: ['q1', 'nope'] }] })).toThrow(/unknown variable/);
  });

  it('writes 1,000 respondents × 400 variables as CSV, syntax and .sav well under 2 s', () => {
    const variables: SpssVariable[] = Array.from({ length: 400 }, (_, i) => {
      if (i % 40 === 0) return v(`open_${i}`, { type: 'string', width: 50, label: `Open question ${i}` });
      if (i % 40 === 1) return v(`amount_${i}`, { decimals: 2, measure: 'scale', label: `Amount ${i}` });
      if (i % 40 === 2) return v(`date_${i}`, { type: 'date', measure: 'scale' });
      return v(`likert_${i}`, {
        label: `Statement ${i}`,
        measure: 'ordinal',
        valueLabels: [1, 2, 3, 4, 5].map((value) => ({ value, label: `Level ${value}` })),
        missingValues: [-8, -7],
      });
    });
    const rows: SpssCell[][] = Array.from({ length: 1000 }, (_, r) => variables.map((variable, c) => {
      if ((r + c) % 17 === 0) return null;
      switch (variable.type) {
        case 'string':
          return `Answer ${r} to ${c}, with "quotes"`;
        case 'date':
          return `2024-0${(r % 9) + 1}-1${r % 10}`;
        default:
          return variable.decimals ? r * 1.25 + c / 100 : ((r * 7 + c) % 5) + 1;
      }
    }));
    const big: SpssDataset = { variables, rows, multipleResponseSets: [] };
    const start = performance.now();
    const csv = writeCsv(big);
    const sps = writeSps(big, { csvFileName: 'big.csv' });
    const sav = writeSav(big);
    const ms = performance.now() - start;
    expect(csv.length).toBeGreaterThan(1_000_000);
    expect(sps.length).toBeGreaterThan(1000);
    // Bytecode compression stores the Likert codes in one byte each.
    expect(sav.length).toBeLessThan(writeSav(big, { compression: 'none' }).length / 2);
    expect(ms).toBeLessThan(2000);
  });
});
