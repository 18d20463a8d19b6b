/**
 * Growable little-endian byte buffer. System files are written with the
 * writer's native layout; we always write little-endian (layout_code 2,
 * endianness 2 in record 7.3), which is what SPSS on x86/ARM produces.
 */
const SPACE = 0x20;

export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  pos = 0;

  constructor(initialSize = 4096) {
    this.buf = new Uint8Array(Math.max(16, initialSize));
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for `n` more bytes, doubling so appends stay amortised O(1). */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  i32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.pos, v, true);
    this.pos += 4;
  }

  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }

  u64(v: number): void {
    this.ensure(8);
    this.view.setBigUint64(this.pos, BigInt(v), true);
    this.pos += 8;
  }

  /** Overwrites a uint64 at an earlier offset. */
  patchU64(offset: number, v: number): void {
    this.view.setBigUint64(offset, BigInt(v), true);
  }

  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  fill(byte: number, n: number): void {
    if (n <= 0) return;
    this.ensure(n);
    this.buf.fill(byte, this.pos, this.pos + n);
    this.pos += n;
  }

  /** `b` truncated or right-padded with spaces to exactly `width` bytes. */
  padded(b: Uint8Array, width: number): void {
    const n = Math.min(b.length, width);
    this.ensure(width);
    this.buf.set(n === b.length ? b : b.subarray(0, n), this.pos);
    this.buf.fill(SPACE, this.pos + n, this.pos + width);
    this.pos += width;
  }

  /** Overwrites an int32 at an earlier offset (used for lengths known only afterwards). */
  patchI32(offset: number, v: number): void {
    this.view.setInt32(offset, v, true);
  }

  /** Direct access for hot loops (case data); call `ensure` first. */
  get raw(): Uint8Array {
    return this.buf;
  }

  get rawView(): DataView {
    return this.view;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
