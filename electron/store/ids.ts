import crypto from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): time-ordered, so ids created on two laptops never clash and sort by
 * creation time, which keeps merging a union rather than a renumbering. Hand-written: Node's
 * crypto.randomUUID makes v4 only, and the ten lines of RFC 9562 section 5.7 do not need a package.
 */
export function newId(now: number = Date.now()): string {
  const bytes = crypto.randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Where repositories get ids and timestamps from. */
export interface RepoClock {
  newId?: () => string;
  now?: () => string;
}

/** Resolves a RepoClock: UUIDv7 ids and the wall clock unless a reproducible clock is given. */
export function clockOf(clock: RepoClock = {}): Required<RepoClock> {
  return { newId: clock.newId ?? newId, now: clock.now ?? (() => new Date().toISOString()) };
}
