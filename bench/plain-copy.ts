/**
 * An unencrypted copy of a project for the benchmarks' baselines (the price of encryption):
 * copied, then decrypted in place (rekey to no key). Synthetic projects in a bench's temp folder only.
 */
import fs from 'node:fs';
import { applyKey } from '../electron/store/cipher';
import { openSqlite } from '../electron/store/sqlite';

export function decryptedCopy(file: string, to: string, passphrase: string): void {
  fs.copyFileSync(file, to);
  const db = openSqlite(to);
  applyKey(db, passphrase);
  db.pragma('journal_mode = DELETE');
  db.rekey(Buffer.alloc(0));
  db.close();
}
