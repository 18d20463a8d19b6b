/**
 * Looks at a file's first bytes, without a key, to tell a user something more useful than
 * "file is not a database": an encrypted Fieldnote project looks like random bytes from the
 * first byte on, so text, an unencrypted SQLite file or an empty file can be named for what they are.
 */
import fs from 'node:fs';
import { NotAProjectError, NotFoundError } from '../../shared/api/errors';
import nodePath from 'node:path';

const SQLITE_HEADER = 'SQLite format 3\u0000';

export type ProbeVerdict = 'maybe-project';

/** Throws a named error when the file clearly is not an encrypted project. */
export function probeProjectFile(path: string): ProbeVerdict {
  const fileName = nodePath.basename(path);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch {
    throw new NotFoundError(`The project file ${fileName}`);
  }
  if (!stat.isFile()) throw new NotAProjectError(fileName, 'it is a folder, not a file');
  if (stat.size === 0) throw new NotAProjectError(fileName, 'the file is empty');
  if (stat.size < 512 || stat.size % 512 !== 0) {
    throw new NotAProjectError(fileName, 'it is not a Fieldnote project (its size does not fit an encrypted project)');
  }
  const head = Buffer.alloc(1024);
  const fd = fs.openSync(path, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.subarray(0, 16).toString('latin1') === SQLITE_HEADER) {
    throw new NotAProjectError(fileName, 'it is an unencrypted SQLite database, not a Fieldnote project');
  }
  if (looksLikeText(head)) throw new NotAProjectError(fileName, 'it is a text file, not a Fieldnote project');
  return 'maybe-project';
}

/** Encrypted pages are uniformly random; text has few distinct byte values and no NULs pattern. */
function looksLikeText(bytes: Buffer): boolean {
  let printable = 0;
  for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09) printable++;
  return printable / bytes.length > 0.95;
}
