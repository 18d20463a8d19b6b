import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanMrSetName,
  cleanVariableNames,
  isValidVariableName,
  SPSS_RESERVED_WORDS,
  utf8ByteLength,
  utf8Truncate,
} from '../../../shared/export/spss/index';

const bytes = (s: string): number => new TextEncoder().encode(s).length;

describe('utf8Truncate', () => {
  it('leaves short strings alone', () => {
    expect(utf8Truncate('abc', 3)).toBe('abc');
    expect(utf8Truncate('', 5)).toBe('');
    expect(utf8Truncate('abc', 0)).toBe('');
  });

  it('never splits a Khmer character and keeps vowel signs with their consonant', () => {
    const khmer = 'ចំនួនសមាជិកគ្រួសារ'; // every code point is 3 bytes
    for (let max = 0; max <= bytes(khmer); max++) {
      const t = utf8Truncate(khmer, max);
      expect(bytes(t)).toBeLessThanOrEqual(max);
      expect(khmer.startsWith(t)).toBe(true);
      // no dangling combining mark or COENG at the cut
      expect(t).not.toMatch(/\u17D2$/u);
      const next = khmer.slice(t.length);
      expect(next).not.toMatch(/^\p{M}/u);
    }
    // ចំ = consonant + NIKAHIT (a mark): 4 bytes would split them, so the cut goes before the consonant.
    expect(utf8Truncate('ចំ', 4)).toBe('');
    expect(utf8Truncate('ចំ', 6)).toBe('ចំ');
  });

  it('drops a Khmer COENG rather than leave a half-built subscript', () => {
    // គ្រ: KO + COENG + RO; the grapheme ends after COENG, which must not end the result.
    expect(utf8Truncate('គ្រួ', 6)).toBe('');
    expect(utf8Truncate('កគ្រួ', 9)).toBe('ក');
  });

  it('keeps emoji (surrogate pairs, ZWJ sequences) whole', () => {
    expect(utf8Truncate('ab😀', 5)).toBe('ab');
    expect(utf8Truncate('ab😀', 6)).toBe('ab😀');
    const family = '👩‍👩‍👧';
    expect(utf8Truncate(`x${family}`, 10)).toBe('x');
    expect(utf8Truncate(`x${family}`, 1 + bytes(family))).toBe(`x${family}`);
  });

  it('agrees with TextEncoder on byte lengths (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.nat(80), (s, max) => {
      expect(utf8ByteLength(s)).toBe(bytes(s));
      const t = utf8Truncate(s, max);
      expect(bytes(t)).toBeLessThanOrEqual(max);
      expect(s.startsWith(t)).toBe(true);
    }));
  });
});

describe('cleanVariableNames', () => {
  it('keeps valid names unchanged and is idempotent', () => {
    const input = ['q1', 'Age', 'hh_size', 'a.b', '@x'];
    const first = cleanVariableNames(input).names;
    expect(first.slice(0, 4)).toEqual(['q1', 'Age', 'hh_size', 'a.b']);
    expect(cleanVariableNames(first).names).toEqual(first);
  });

  it('prefixes leading digits and underscores, replaces invalid characters, trims trailing dots', () => {
    expect(cleanVariableNames(['1st_visit', '_secret', 'group/q 2', 'end.', 'x-y', 'café']).names)
      .toEqual(['v1st_visit', 'secret', 'group_q_2', 'end', 'x_y', 'cafe']);
  });

  it('renames reserved words', () => {
    const { names } = cleanVariableNames([...SPSS_RESERVED_WORDS, 'with', 'To']);
    for (const n of names) {
      expect(SPSS_RESERVED_WORDS.has(n.toUpperCase())).toBe(false);
      expect(isValidVariableName(n)).toBe(true);
    }
    expect(names[0]).toBe('vALL');
  });

  it('gives names with nothing usable a positional name (all-Khmer names)', () => {
    expect(cleanVariableNames(['ឈ្មោះ', 'q', 'ភូមិ']).names).toEqual(['v1', 'q', 'v3']);
  });

  it('limits to 64 bytes, also for long mixed Khmer/Latin names', () => {
    const long = `${'household_'.repeat(10)}ឈ្មោះ`;
    const { names } = cleanVariableNames([long, 'x'.repeat(64), 'y'.repeat(65)]);
    for (const n of names) {
      expect(bytes(n)).toBeLessThanOrEqual(64);
      expect(isValidVariableName(n)).toBe(true);
    }
    expect(names[1]).toBe('x'.repeat(64));
    expect(names[2]).toBe('y'.repeat(64));
  });

  it('makes names unique ignoring case, staying within 64 bytes', () => {
    const long = 'z'.repeat(64);
    const { names, mapping } = cleanVariableNames(['Q1', 'q1', 'q1', long, long.toUpperCase(), 'q1_2']);
    expect(names).toEqual(['Q1', 'q1_3', 'q1_4', long, `${'Z'.repeat(62)}_2`, 'q1_2']);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(mapping[1]).toEqual({ original: 'q1', cleaned: 'q1_3' });
    for (const n of names) expect(bytes(n)).toBeLessThanOrEqual(64);
  });

  it('always produces valid, case-insensitively unique names (property)', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 80 }), { maxLength: 30 }), (raw) => {
      const { names, mapping } = cleanVariableNames(raw);
      expect(names).toHaveLength(raw.length);
      expect(mapping.map((m) => m.original)).toEqual(raw);
      for (const n of names) expect(isValidVariableName(n)).toBe(true);
      expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    }));
  });
});

describe('cleanMrSetName', () => {
  it('adds the $ and cleans the rest', () => {
    expect(cleanMrSetName('fruit', 'set1')).toBe('$fruit');
    expect(cleanMrSetName('$q5 fruits', 'set1')).toBe('$q5_fruits');
    expect(cleanMrSetName('ផ្លែឈើ', 'set1')).toBe('$set1');
    expect(bytes(cleanMrSetName('m'.repeat(100), 'set1'))).toBe(64);
  });
});
