/**
 * UTF-8 byte accounting. SPSS limits (names 64, variable labels 255, value
 * labels 120, string widths) are all in bytes of the file's encoding, which
 * for our files is always UTF-8, so every limit is measured here in bytes.
 * Encoding itself is exchange/text/utf8.ts (TextEncoder), the one encoder.
 */

/** Number of bytes `s` occupies in UTF-8, without allocating. Lone surrogates count as U+FFFD (3 bytes), as TextEncoder writes them. */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** True when `s` is plain 7-bit ASCII (then bytes === UTF-16 code units). */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/*
 * Code points that only make sense followed by another letter: Khmer COENG
 * (U+17D2, forms a subscript consonant), Myanmar/Tai viramas and ZERO WIDTH
 * JOINER. Unicode's grapheme rules attach them to the *preceding* cluster, so
 * a cut right after one leaves a visibly broken conjunct; we cut before it.
 */
const DANGLING_JOINERS = new Set([0x17d2, 0x1039, 0x1a60, 0x200d]);

let graphemeSegmenter: Intl.Segmenter | null | undefined;
function getSegmenter(): Intl.Segmenter | null {
  if (graphemeSegmenter === undefined) {
    graphemeSegmenter = typeof Intl !== 'undefined' && typeof Intl.Segmenter === 'function'
      ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
      : null;
  }
  return graphemeSegmenter;
}

const COMBINING_MARK = /\p{M}/u;

/**
 * Truncates `s` to at most `maxBytes` UTF-8 bytes. Never splits a character,
 * and cuts on grapheme-cluster boundaries (Intl.Segmenter) so a base letter
 * is never separated from its combining vowel signs or marks; a trailing
 * Khmer COENG / virama / ZWJ is dropped too.
 */
export function utf8Truncate(s: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  if (s.length * 3 <= maxBytes || utf8ByteLength(s) <= maxBytes) return s;
  if (isAscii(s)) return s.slice(0, maxBytes); // one byte per character, no marks to keep
  let out = '';
  let used = 0;
  const segmenter = getSegmenter();
  if (segmenter) {
    for (const { segment } of segmenter.segment(s)) {
      const len = utf8ByteLength(segment);
      if (used + len > maxBytes) break;
      out += segment;
      used += len;
    }
  } else {
    // No Intl.Segmenter: walk code points and back off over combining marks.
    let cut = 0;
    for (const ch of s) {
      const len = utf8ByteLength(ch);
      if (used + len > maxBytes) break;
      used += len;
      cut += ch.length;
    }
    while (cut > 0 && cut < s.length && COMBINING_MARK.test(String.fromCodePoint(s.codePointAt(cut) ?? 0))) {
      // The next code point is a mark: drop the base it belongs to as well.
      cut--;
      if (cut > 0 && (s.charCodeAt(cut) & 0xfc00) === 0xdc00) cut--;
    }
    out = s.slice(0, cut);
  }
  for (;;) {
    const last = out.codePointAt(out.length - 1);
    if (last === undefined || !DANGLING_JOINERS.has(last)) break;
    out = out.slice(0, -1);
  }
  return out;
}

// eslint-disable-next-line no-control-regex
const CONTROL_RUN = /[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g;

/**
 * Makes free text safe for a label: SPSS labels are single-line, so CR, LF,
 * tabs and other control characters become one space; then trims and
 * truncates to `maxBytes` UTF-8 bytes.
 */
export function sanitizeLabel(label: string, maxBytes: number): string {
  const oneLine = label.replace(CONTROL_RUN, ' ').trim();
  return utf8Truncate(oneLine, maxBytes).trimEnd();
}
