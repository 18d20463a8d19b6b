import { describe, expect, it } from 'vitest';
import { writeSps, writeSpsText, type SpssDataset, type SpssVariable } from '../../../shared/export/spss/index';

const encoder = new TextEncoder();

function v(name: string, extra: Partial<SpssVariable> = {}): SpssVariable {
  return { name, label: '', type: 'numeric', width: 0, decimals: 0, measure: 'nominal', valueLabels: [], missingValues: [], ...extra };
}

const khmer = 'ចំនួនសមាជិកគ្រួសារ';
const many = Array.from({ length: 120 }, (_, i) => v(`likert_item_with_a_rather_long_name_${i + 1}`, {
  label: `${khmer} ${i} — ${"it's, \"quoted\"\nand multi-line ".repeat(8)}`,
  valueLabels: [1, 2, 3, 4, 5].map((value) => ({ value, label: `${'Strongly agree with the statement '.repeat(5)}${khmer}` })),
  missingValues: [-8, -7],
  measure: 'ordinal',
}));

const dataset: SpssDataset = {
  variables: [
    ...many,
    v('comment', { type: 'string', width: 40, label: 'Comment', valueLabels: [{ value: "it's", label: 'Quote' }] }),
    v('document', { type: 'string', width: 4 }),
    v('when', { type: 'date', measure: 'scale' }),
    v('amount', { decimals: 2, measure: 'scale' }),
  ],
  rows: [],
  multipleResponseSets: [{ name: 'likert', label: `${khmer} set, "quoted"`, variables: many.map((x) => x.name) }],
  fileLabel: 'Baseline. Synthetic',
};

describe('writeSps', () => {
  const text = writeSpsText(dataset, { csvFileName: "baseline o'hara.csv" });
  const lines = text.replace(/^\uFEFF/, '').split('\n');

  it('starts with a UTF-8 BOM and the encoding comment SPSS looks for', () => {
    const bytes = writeSps(dataset, { csvFileName: 'x.csv' });
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(lines[0]).toBe('* Encoding: UTF-8.');
  });

  it('keeps every line well under 251 bytes', () => {
    for (const line of lines) expect(encoder.encode(line).length).toBeLessThan(251);
    expect(Math.max(...lines.map((l) => encoder.encode(l).length))).toBeLessThanOrEqual(245);
  });

  it('starts commands in column 1 and indents every continuation line', () => {
    const commands = lines.filter((l) => l !== '' && !l.startsWith(' ') && !l.startsWith('*')).map((l) => l.split(' ')[0]);
    expect(commands).toEqual(['SET', 'GET', 'FILE', 'VARIABLE', 'VALUE', 'MISSING', 'FORMATS', 'VARIABLE', 'MRSETS', 'EXECUTE.']);
    for (const l of lines) expect(l).not.toMatch(/^[+\-.]/);
  });

  it('never starts a line with COMMENT or DOCUMENT (PSPP would open a comment there)', () => {
    for (const l of lines) expect(l.trim()).not.toMatch(/^(comm|doc)/i);
    expect(text).toContain('comment A40');
  });

  it('reads the CSV with GET DATA and 0-decimal input formats, then sets display formats', () => {
    expect(text).toContain("/FILE= 'baseline o''hara.csv'");
    expect(text).toContain("/ENCODING='UTF8'");
    expect(text).toContain('/FIRSTCASE=2');
    expect(text).toContain('/DELIMITERS=","');
    expect(text).toContain(`/QUALIFIER='"'`);
    expect(text).toMatch(/ when SDATE10\n/);
    expect(text).toMatch(/ amount F8\.0\.\n/);
    expect(text).toContain('amount (F8.2)');
  });

  it('doubles quotes, flattens newlines and splits long labels with +', () => {
    expect(text).not.toMatch(/multi-line\n/);
    expect(text).toContain("'it''s' 'Quote'");
    expect(text).toMatch(/' \+\s+'/);
    // the whole label survives concatenation (up to the 255-byte limit)
    const firstLabel = /VARIABLE LABELS\n {2}likert_item_with_a_rather_long_name_1 ((?:'(?:[^']|'')*'(?:\s*\+\s*)?)+)/.exec(text)?.[1] ?? '';
    const joined = [...firstLabel.matchAll(/'((?:[^']|'')*)'/g)].map((m) => (m[1] ?? '').replace(/''/g, "'")).join('');
    expect(encoder.encode(joined).length).toBeLessThanOrEqual(255);
    expect(joined.startsWith(`${khmer} 0 — it's, "quoted" and multi-line`)).toBe(true);
  });

  it('writes identical label sets once for all their variables', () => {
    expect(text.match(/'Strongly agree/g)?.length).toBe(5 * 1); // one group of 120 variables
    expect(text).toContain('(-8, -7)');
    expect(text).toContain('/MDGROUP NAME=$likert');
    expect(text).toContain('VALUE=1');
    expect(text).toContain('FILE LABEL Baseline. Synthetic.');
  });

  it('refuses a dataset without variables', () => {
    expect(() => writeSpsText({ variables: [], rows: [], multipleResponseSets: [] }, { csvFileName: 'x.csv' })).toThrow(/without variables/);
  });
});
