import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodePointIndex, codePointLength, codePointToUtf16, utf16ToCodePoint } from '../../../shared/exchange/text/code-points';
import { normaliseLineEndings } from '../../../shared/exchange/text/line-endings';
import { decodeUtf8, encodeUtf8, Utf8Error } from '../../../shared/exchange/text/utf8';

describe('code point positions (REFI-QDA 1.5 section 10.2)', () => {
  it('counts an emoji as one code point and two UTF-16 units', () => {
    const t = 'a😀b';
    expect(t.length).toBe(4);
    expect(codePointLength(t)).toBe(3);
    expect(codePointToUtf16(t, 0)).toBe(0);
    expect(codePointToUtf16(t, 1)).toBe(1);
    expect(codePointToUtf16(t, 2)).toBe(3);
    expect(codePointToUtf16(t, 3)).toBe(4);
    expect(utf16ToCodePoint(t, 3)).toBe(2);
    expect(utf16ToCodePoint(t, 4)).toBe(3);
  });

  it('counts every Khmer combining mark as its own code point', () => {
    const khmer = 'ការអប់រំ'; // ក ា រ អ ប ់ រ ំ
    expect([...khmer]).toHaveLength(8);
    expect(codePointLength(khmer)).toBe(8);
    expect(khmer.length).toBe(8);
    const t = `😀${khmer}😀`;
    expect(codePointLength(t)).toBe(10);
    expect(t.slice(codePointToUtf16(t, 1), codePointToUtf16(t, 9))).toBe(khmer);
  });

  it('treats a family emoji (ZWJ sequence) as its separate code points', () => {
    const fam = '👨‍👩‍👧';
    expect(codePointLength(fam)).toBe(5);
  });

  it('rejects positions outside the text and indices inside a surrogate pair', () => {
    expect(() => codePointToUtf16('ab', 3)).toThrow(RangeError);
    expect(() => codePointToUtf16('ab', -1)).toThrow(RangeError);
    expect(() => codePointToUtf16('ab', 1.5)).toThrow(RangeError);
    expect(() => utf16ToCodePoint('😀', 1)).toThrow(/splits a surrogate pair/);
    expect(() => utf16ToCodePoint('ab', 3)).toThrow(RangeError);
    expect(() => new CodePointIndex('😀').toCodePoint(1)).toThrow(/splits/);
  });

  it('CodePointIndex agrees with the simple helpers on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const index = new CodePointIndex(text);
        expect(index.length).toBe(codePointLength(text));
        expect(index.length).toBe([...text].length);
        for (let cp = 0; cp <= index.length; cp++) {
          const i = codePointToUtf16(text, cp);
          expect(index.toUtf16(cp)).toBe(i);
          expect(utf16ToCodePoint(text, i)).toBe(cp);
          expect(index.toCodePoint(i)).toBe(cp);
        }
      }),
    );
  });
});

describe('normaliseLineEndings', () => {
  it('strips the BOM and keeps positions (they exclude the BOM)', () => {
    const n = normaliseLineEndings('\uFEFFabc');
    expect(n.text).toBe('abc');
    expect(n.mapPosition(1)).toBe(1);
  });

  it('turns CRLF into LF and moves positions so they cover the same text', () => {
    const raw = 'ab\r\ncd\r\n😀e\rf';
    const n = normaliseLineEndings(raw);
    expect(n.text).toBe('ab\ncd\n😀e\nf');
    const cps = [...raw];
    const norm = [...n.text];
    // "cd" is at 4..6 in the raw text, 3..5 after.
    expect([n.mapPosition(4), n.mapPosition(6)]).toEqual([3, 5]);
    // A position on the CR lands on the LF; one on the LF stays on the LF.
    expect(n.mapPosition(2)).toBe(2);
    expect(n.mapPosition(3)).toBe(2);
    expect(n.mapPosition(cps.length)).toBe(norm.length);
  });

  it('keeps positions when they were counted on LF text (crCounts = false)', () => {
    const n = normaliseLineEndings('a\r\nb', false);
    expect(n.text).toBe('a\nb');
    expect(n.mapPosition(2)).toBe(2);
  });

  it('property: every raw selection maps to the same text with line ends normalised', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '😀', 'ក', 'ំ', '\r\n', '\r', '\n', ' '), { maxLength: 30 }), fc.nat(), fc.nat(), (parts, x, y) => {
        const raw = parts.join('');
        const cps = [...raw];
        const [s, e] = [x % (cps.length + 1), y % (cps.length + 1)].sort((p, q) => p - q) as [number, number];
        // Do not start or end between CR and LF: such a position has no exact counterpart.
        const splitsCrlf = (p: number): boolean => p > 0 && cps[p - 1] === '\r' && cps[p] === '\n';
        if (splitsCrlf(s) || splitsCrlf(e)) return;
        const n = normaliseLineEndings(raw);
        const picked = cps.slice(s, e).join('').replace(/\r\n?/g, '\n');
        expect([...n.text].slice(n.mapPosition(s), n.mapPosition(e)).join('')).toBe(picked);
      }),
    );
  });
});

describe('UTF-8', () => {
  it('round-trips all planes and matches TextEncoder / TextDecoder', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 50 }), (s) => {
        const bytes = encodeUtf8(s);
        expect(Buffer.from(bytes).equals(Buffer.from(new TextEncoder().encode(s)))).toBe(true);
        expect(decodeUtf8(bytes)).toBe(s);
      }),
    );
  });

  it('decodes long texts', () => {
    const s = 'ការអប់រំ 😀 '.repeat(20_000);
    expect(decodeUtf8(encodeUtf8(s))).toBe(s);
  });

  it.each([
    [[0xc0, 0x80], /lead byte/],
    [[0xe0, 0x80, 0x80], /overlong/],
    [[0xed, 0xa0, 0x80], /surrogate/],
    [[0xf4, 0x90, 0x80, 0x80], /above U\+10FFFF/],
    [[0x61, 0xe2, 0x82], /truncated/],
    [[0xe2, 0x28, 0xa1], /continuation/],
    [[0xff], /lead byte/],
  ])('rejects malformed UTF-8 %j', (bytes, message) => {
    expect(() => decodeUtf8(new Uint8Array(bytes))).toThrow(message);
    expect(() => decodeUtf8(new Uint8Array(bytes))).toThrow(Utf8Error);
  });

  it('agrees with a fatal TextDecoder on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        let want: string | null;
        try {
          want = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
        } catch {
          want = null;
        }
        let got: string | null;
        try {
          got = decodeUtf8(bytes);
        } catch {
          got = null;
        }
        expect(got).toBe(want);
      }),
    );
  });
});
