/**
 * Raw DEFLATE (RFC 1951, ZIP method 8, APPNOTE.TXT 4.4.5) through the web-standard
 * CompressionStream / DecompressionStream globals with format 'deflate-raw' (Node ≥ 21.2 and
 * current browsers). They are reached through globalThis because shared/ compiles against the
 * plain ES2023 lib, which declares no streams.
 */

interface StreamWriter {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
}
interface StreamReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}
interface ByteTransform {
  readonly writable: { getWriter(): StreamWriter };
  readonly readable: { getReader(): StreamReader };
}
type ByteTransformClass = new (format: 'deflate-raw') => ByteTransform;

/** Inflating stopped because the output would exceed the allowed size (a "zip bomb" guard). */
export class InflateLimitError extends Error {
  constructor(readonly limit: number) {
    super(`inflated data exceeds ${limit} bytes`);
    this.name = 'InflateLimitError';
  }
}

function streamClass(name: 'CompressionStream' | 'DecompressionStream'): ByteTransformClass {
  const ctor = (globalThis as unknown as Record<string, unknown>)[name];
  if (typeof ctor !== 'function') throw new Error(`${name} is not available in this JavaScript runtime`);
  return ctor as ByteTransformClass;
}

async function pump(transform: ByteTransform, input: Uint8Array, maxOutput: number): Promise<Uint8Array<ArrayBuffer>> {
  const writer = transform.writable.getWriter();
  const reader = transform.readable.getReader();
  // Not awaited in order: the readable side must be drained while the writable side is fed.
  const fed = writer.write(input).then(() => writer.close());
  fed.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!value) continue;
      total += value.length;
      if (total > maxOutput) {
        await reader.cancel().catch(() => undefined);
        await writer.abort().catch(() => undefined);
        throw new InflateLimitError(maxOutput);
      }
      chunks.push(value);
    }
    await fed;
  } catch (err) {
    if (err instanceof InflateLimitError) throw err;
    throw new Error(`DEFLATE data is corrupt: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/** Raw DEFLATE compression of `data`. */
export function deflateRaw(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const Ctor = streamClass('CompressionStream');
  return pump(new Ctor('deflate-raw'), data, Number.MAX_SAFE_INTEGER);
}

/**
 * Raw DEFLATE decompression. Rejects with InflateLimitError once more than `maxOutput` bytes
 * come out, and with a plain Error when the data is not valid DEFLATE.
 */
export function inflateRaw(data: Uint8Array, maxOutput: number): Promise<Uint8Array<ArrayBuffer>> {
  const Ctor = streamClass('DecompressionStream');
  return pump(new Ctor('deflate-raw'), data, maxOutput);
}
