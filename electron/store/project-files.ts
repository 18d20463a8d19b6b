/**
 * The project file on disk beside SQLite: owner-only modes, hashes, fsync of files and folders,
 * and the encrypted temp files a crash during create or rekey can leave.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import nodePath from 'node:path';

/** SHA-256 of the file and its -wal (what opening could change); '' when it cannot be read. */
export function fileHash(path: string): string {
  const hash = crypto.createHash('sha256');
  const chunk = Buffer.alloc(1024 * 1024);
  for (const part of [path, `${path}-wal`]) {
    let fd: number;
    try {
      fd = fs.openSync(part, 'r');
    } catch {
      hash.update('-');
      continue;
    }
    try {
      for (let n = fs.readSync(fd, chunk); n > 0; n = fs.readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
    } finally {
      fs.closeSync(fd);
    }
  }
  return hash.digest('hex');
}

/** Project files, backups and their temp files: readable and writable by their owner only. */
export const PRIVATE_FILE = 0o600;
/** The backups folder beside a project. */
export const PRIVATE_FOLDER = 0o700;

/** chmod, because the mode given to open() is reduced by the umask (and copyFile keeps the source's). No-op on Windows, where modes mean little. */
export function restrictFile(path: string, mode = PRIVATE_FILE): void {
  if (process.platform !== 'win32') fs.chmodSync(path, mode);
}

export function siblingTemp(path: string, purpose: string): string {
  return `${path}.${purpose}-${crypto.randomBytes(6).toString('hex')}.tmp`;
}

/** Temp files left by a crash during create or rekey are encrypted copies; remove them. */
export function removeStaleTemps(path: string): void {
  const dir = nodePath.dirname(path);
  const base = nodePath.basename(path);
  const pattern = new RegExp(`^${escapeRegExp(base)}\\.(creating|rekey)-[0-9a-f]{12}\\.tmp(-journal|-wal)?$`);
  for (const name of fs.readdirSync(dir)) {
    if (pattern.test(name)) fs.rmSync(nodePath.join(dir, name), { force: true });
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function fsyncFile(path: string): void {
  const fd = fs.openSync(path, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync on Windows
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
