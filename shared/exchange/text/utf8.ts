/**
 * Strict UTF-8 encoding and decoding through the platform's `TextEncoder` and
 * `TextDecoder('utf-8', { fatal: true })`. REFI-QDA 1.5 sections 5.1 and 9.1.2: XML files and
 * plain-text sources are UTF-8; so are Fieldnote's JSON exports and every text file it writes.
 * A fatal TextDecoder says only that the bytes are bad, so on failure `explainUtf8` finds where
 * and why, for an error that names the byte offset ("re-save as UTF-8" needs a place to look).
 * Both are reached through globalThis: the ES2023 lib that shared/ compiles against declares
 * neither (they are WHATWG globals in Node, Electron and browsers).
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

interface Utf8Encoder {
  encode(input: string): Uint8Array<ArrayBuffer>;
  encodeInto(input: string, dest: Uint8Array): { read: number; written: number };
}
interface Utf8Decoder {
  decode(bytes: Uint8Array): string;
}
const platform = globalThis as unknown as {
  TextEncoder: new () => Utf8Encoder;
  TextDecoder: new (label: 'utf-8', options: { fatal: true; ignoreBOM: true }) => Utf8Decoder;
};

/** The shared encoder. `encodeInto` never writes a partial character. */
export const utf8Encoder: Utf8Encoder = new platform.TextEncoder();
const strictDecoder: Utf8Decoder = new platform.TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Encodes a string as UTF-8. Lone surrogates become U+FFFD (they cannot be encoded). */
export function encodeUtf8(text: string): Uint8Array<ArrayBuffer> {
  return utf8Encoder.encode(text);
}

/**
 * Decodes UTF-8 strictly (no overlongs, no surrogates, nothing above U+10FFFF, no truncated
 * sequences). A leading byte-order mark is kept as U+FEFF: callers decide what it means.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    throw explainUtf8(bytes);
  }
}

/** Where the first malformed sequence starts and what is wrong with it (the rules of TextDecoder's fatal mode). */
function explainUtf8(bytes: Uint8Array): Utf8Error {
  for (let i = 0; i < bytes.length; ) {
    const b0 = bytes[i] as number;
    if (b0 < 0x80) {
      i += 1;
      continue;
    }
    const [need, first, min] = b0 >= 0xc2 && b0 <= 0xdf ? [1, b0 & 0x1f, 0x80] : b0 >= 0xe0 && b0 <= 0xef ? [2, b0 & 0x0f, 0x800] : b0 >= 0xf0 && b0 <= 0xf4 ? [3, b0 & 0x07, 0x10000] : [0, 0, 0];
    if (need === 0) return new Utf8Error(`invalid UTF-8 lead byte 0x${hex2(b0)} at byte ${i}`, i);
    let cp = first;
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k];
      if (b === undefined) return new Utf8Error(`truncated UTF-8 sequence at byte ${i}`, i);
      if ((b & 0xc0) !== 0x80) return new Utf8Error(`invalid UTF-8 continuation byte 0x${hex2(b)} at byte ${i + k}`, i);
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min) return new Utf8Error(`overlong UTF-8 sequence at byte ${i}`, i);
    if (cp > 0x10ffff) return new Utf8Error(`UTF-8 sequence above U+10FFFF at byte ${i}`, i);
    if (cp >= 0xd800 && cp <= 0xdfff) return new Utf8Error(`UTF-8 encoded surrogate at byte ${i}`, i);
    i += need + 1;
  }
  return new Utf8Error('invalid UTF-8', 0);
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}
