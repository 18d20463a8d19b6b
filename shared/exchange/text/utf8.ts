/**
 * Strict UTF-8 encoding and decoding. REFI-QDA 1.5 section 5.1 and 9.1.2: XML files and
 * plain-text sources are UTF-8; so are Fieldnote's JSON exports. Decoding goes through
 * `TextDecoder('utf-8', { fatal: true })` (native, fast); it says only that the bytes are bad, so
 * on failure the hand-written scanner below finds where, for an error that names the byte offset.
 * TextDecoder is reached through globalThis: the ES2023 lib that shared/ compiles against has none.
 */

/** Thrown by {@link decodeUtf8} on malformed input; `byteOffset` is where the bad sequence starts. */
export class Utf8Error extends Error {
  constructor(
    message: string,
    readonly byteOffset: number,
  ) {
    super(message);
    this.name = 'Utf8Error';
  }
}

export const UTF8_BOM = 0xfeff;

/** Encodes a string as UTF-8. Lone surrogates become U+FFFD (they cannot be encoded). */
export function encodeUtf8(text: string): Uint8Array<ArrayBuffer> {
  let size = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) size += 1;
    else if (c < 0x800) size += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      size += 4;
      i++;
    } else size += 3;
  }
  const out = new Uint8Array(size);
  let p = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      c = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
      out[p++] = 0xf0 | (c >> 18);
      out[p++] = 0x80 | ((c >> 12) & 0x3f);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    }
  }
  return out;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * Decodes UTF-8 strictly (no overlongs, no surrogates, nothing above U+10FFFF, no truncated
 * sequences). A leading byte-order mark is kept as U+FEFF: callers decide what it means.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  const Decoder = (globalThis as unknown as { TextDecoder?: new (label: string, options: { fatal: boolean; ignoreBOM: boolean }) => { decode(b: Uint8Array): string } }).TextDecoder;
  if (Decoder === undefined) return scanUtf8(bytes);
  try {
    return new Decoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    scanUtf8(bytes); // throws a Utf8Error with the offset
    throw new Utf8Error('invalid UTF-8', 0);
  }
}

/** The strict decoder by hand: the same rules as TextDecoder's fatal mode, with the offset of the first bad byte. */
function scanUtf8(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  const units = new Uint16Array(CHUNK + 2);
  let u = 0;
  const flush = (): void => {
    parts.push(String.fromCharCode.apply(null, units.subarray(0, u) as unknown as number[]));
    u = 0;
  };
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    if (u >= CHUNK) flush();
    const b0 = bytes[i] as number;
    if (b0 < 0x80) {
      units[u++] = b0;
      i += 1;
      continue;
    }
    let need: number;
    let cp: number;
    let min: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      min = 0x10000;
    } else {
      throw new Utf8Error(`invalid UTF-8 lead byte 0x${hex2(b0)} at byte ${i}`, i);
    }
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k];
      if (b === undefined) throw new Utf8Error(`truncated UTF-8 sequence at byte ${i}`, i);
      if ((b & 0xc0) !== 0x80) throw new Utf8Error(`invalid UTF-8 continuation byte 0x${hex2(b)} at byte ${i + k}`, i);
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min) throw new Utf8Error(`overlong UTF-8 sequence at byte ${i}`, i);
    if (cp > 0x10ffff) throw new Utf8Error(`UTF-8 sequence above U+10FFFF at byte ${i}`, i);
    if (cp >= 0xd800 && cp <= 0xdfff) throw new Utf8Error(`UTF-8 encoded surrogate at byte ${i}`, i);
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      units[u++] = 0xd800 + (v >> 10);
      units[u++] = 0xdc00 + (v & 0x3ff);
    } else {
      units[u++] = cp;
    }
    i += need + 1;
  }
  flush();
  return parts.join('');
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}
