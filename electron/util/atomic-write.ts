import crypto from 'node:crypto';
import fs from 'node:fs';
import nodePath from 'node:path';

/**
 * Writes a file so that readers see the old content or the new, never a part: a temporary
 * file in the same folder, flushed, then renamed over the target. A failure removes the
 * temporary file and leaves the target as it was.
 */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  const tmp = nodePath.join(nodePath.dirname(target), `.${nodePath.basename(target)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}
