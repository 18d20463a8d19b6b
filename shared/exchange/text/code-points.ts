/**
 * Unicode code point positions. REFI-QDA 1.5 section 10.2: text selections count Unicode code
 * points from 0; JavaScript strings index UTF-16 code units. An emoji such as U+1F600 is one code
 * point but two UTF-16 units; each Khmer combining mark is its own code point (no grapheme
 * clustering happens here).
 */

/** Number of code points in `text`. A lone surrogate counts as one. */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    if (isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) i++;
    n++;
  }
  return n;
}

/**
 * UTF-16 index of code point position `cp` in `text` (0 ≤ cp ≤ codePointLength(text); the end
 * position maps to text.length). Throws RangeError outside that range.
 */
export function codePointToUtf16(text: string, cp: number): number {
  if (!Number.isInteger(cp) || cp < 0) throw new RangeError(`code point position ${cp} is not a non-negative integer`);
  let i = 0;
  for (let k = 0; k < cp; k++) {
    if (i >= text.length) throw new RangeError(`code point position ${cp} is past the end of the text (${codePointLength(text)} code points)`);
    i += isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

/**
 * Code point position of UTF-16 index `i` in `text` (0 ≤ i ≤ text.length). Throws RangeError
 * outside that range or when `i` falls between the two halves of a surrogate pair.
 */
export function utf16ToCodePoint(text: string, i: number): number {
  if (!Number.isInteger(i) || i < 0 || i > text.length) throw new RangeError(`UTF-16 index ${i} is outside 0..${text.length}`);
  if (i > 0 && i < text.length && isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) {
    throw new RangeError(`UTF-16 index ${i} splits a surrogate pair`);
  }
  return codePointLength(text.slice(0, i));
}

/**
 * Precomputed two-way map for many conversions on one text (O(1) code point → UTF-16,
 * O(log n) back). Used by the REFI-QDA reader and writer for all selections of a source.
 */
export class CodePointIndex {
  /** utf16[cp] = UTF-16 index where code point cp starts; utf16[length] = text.length. */
  private readonly utf16: Uint32Array;
  readonly length: number;

  constructor(readonly text: string) {
    const starts = new Uint32Array(text.length + 1);
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      starts[n++] = i;
      if (isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) i++;
    }
    starts[n] = text.length;
    this.length = n;
    this.utf16 = starts.subarray(0, n + 1);
  }

  /** UTF-16 index of code point position `cp`; RangeError when outside 0..length. */
  toUtf16(cp: number): number {
    if (!Number.isInteger(cp) || cp < 0 || cp > this.length) {
      throw new RangeError(`code point position ${cp} is outside 0..${this.length}`);
    }
    return this.utf16[cp] as number;
  }

  /** Code point position of UTF-16 index `i`; RangeError outside 0..text.length or inside a pair. */
  toCodePoint(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i > this.text.length) throw new RangeError(`UTF-16 index ${i} is outside 0..${this.text.length}`);
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.utf16[mid] as number) <= i) lo = mid;
      else hi = mid - 1;
    }
    if (this.utf16[lo] !== i) throw new RangeError(`UTF-16 index ${i} splits a surrogate pair`);
    return lo;
  }

  /** The text between two code point positions (end exclusive). */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
