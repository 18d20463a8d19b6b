/**
 * How a project file is encrypted. SQLCipher 4 scheme as implemented by SQLite3MultipleCiphers:
 * AES-256-CBC per page, HMAC-SHA512 per page (tampering and damage are detected), key derived
 * from the passphrase with PBKDF2-HMAC-SHA512, 256,000 iterations and a random 16-byte salt
 * stored in the file header. See docs/security.md for why.
 *
 * Changing any of these values makes existing projects unreadable: they are part of the file
 * format. A new scheme needs a migration that rekeys.
 */
import type Database from 'better-sqlite3-multiple-ciphers';

export const CIPHER = {
  name: 'sqlcipher',
  legacy: 4,
  kdfIterations: 256_000,
} as const;

/** Configure the cipher and apply the passphrase. Must run before the first read. */
export function applyKey(db: Database.Database, passphrase: string): void {
  db.pragma(`cipher='${CIPHER.name}'`);
  db.pragma(`legacy=${CIPHER.legacy}`);
  db.pragma(`kdf_iter=${CIPHER.kdfIterations}`);
  const key = Buffer.from(passphrase, 'utf8');
  try {
    db.key(key);
  } finally {
    key.fill(0);
  }
}

export function applyRekey(db: Database.Database, passphrase: string): void {
  const key = Buffer.from(passphrase, 'utf8');
  try {
    db.rekey(key);
  } finally {
    key.fill(0);
  }
}
