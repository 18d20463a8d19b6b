/**
 * Line-ending and byte-order-mark normalisation for imported plain-text sources, with a position
 * map so selections (REFI-QDA 1.5 section 10.2, code points from 0) still cover the same text.
 *
 * Decisions (documented in shared/exchange/README.md):
 * - A leading U+FEFF (UTF-8 BOM) is an encoding signature, not content: it is removed and positions
 *   are taken to exclude it (QualCoder writes BOM files with positions that exclude it).
 * - CRLF becomes LF and a lone CR becomes LF. With `crCounts = true` (default, the literal reading
 *   of section 10.2: every code point in the file counts) each removed CR shifts later positions
 *   down by one; a position pointing at the CR of a CRLF lands on the LF. With `crCounts = false`
 *   the positions were counted on LF text already (ATLAS.ti, MAXQDA) and are kept.
 */

export interface NormalisedText {
  /** The text with the BOM removed and every CRLF / lone CR turned into LF. */
  readonly text: string;
  /** True when anything (BOM or a CR) was changed. */
  readonly changed: boolean;
  /** Maps a code point position in the original text (BOM excluded) to the normalised text. */
  mapPosition(cp: number): number;
}

export function normaliseLineEndings(raw: string, crCounts = true): NormalisedText {
  const hadBom = raw.charCodeAt(0) === 0xfeff;
  const body = hadBom ? raw.slice(1) : raw;
  if (body.indexOf('\r') < 0) {
    return { text: body, changed: hadBom, mapPosition: (cp) => cp };
  }
  // Code point indices (in `body`) of every CR that is removed because an LF follows.
  const removed: number[] = [];
  let cp = 0;
  for (let i = 0; i < body.length; i++, cp++) {
    const c = body.charCodeAt(i);
    if (c === 0x0d && body.charCodeAt(i + 1) === 0x0a) removed.push(cp);
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < body.length) {
      const d = body.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  const text = body.replace(/\r\n?/g, '\n');
  if (!crCounts) return { text, changed: true, mapPosition: (p) => p };
  return {
    text,
    changed: true,
    mapPosition(p: number): number {
      // Number of removed CRs strictly before p.
      let lo = 0;
      let hi = removed.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((removed[mid] as number) < p) lo = mid + 1;
        else hi = mid;
      }
      return p - lo;
    },
  };
}
