/**
 * A copy of the project for a second coder: the chosen interviews, under its own passphrase,
 * belonging to that coder (every coding made in it records them), and, when blind, without any
 * other coder's codings (the codebook stays). Merging the copy back later (merge.ts) adds the
 * second coder's codings beside the first coder's.
 *
 * The copy is made like a backup (VACUUM INTO a sibling temp file, still under this project's
 * key), rekeyed through ATTACH (the attached file shares this connection's key, so the
 * passphrase this project was opened with is never needed again), trimmed, VACUUMed so nothing
 * removed survives in free pages (the store's second-coder-copy.ts does the database side), and
 * only then linked into place: it appears whole or not at all.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import nodePath from 'node:path';
import { FileExistsError, InvalidInputError, WeakPassphraseError } from '../../shared/api/errors';
import { checkPassphrase } from '../../shared/api/passphrase';
import { sampleInterviews } from '../../shared/coding/agreement';
import { findCoder } from '../store/agreement-repo';
import { PRIVATE_FILE, PROJECT_EXTENSION, restrictFile, translateSqliteError, type ProjectStore } from '../store/project-store';
import { COPIES_KEY, copyUnderNewKey, interviewIds as allInterviewIds, preparedCopies, trimSecondCoderCopy, type InterviewChoice } from '../store/second-coder-copy';
import type { SqliteDatabase } from '../store/sqlite';
import type { SecondCoderCopy } from '../store/api-types';

export { preparedCopies, type InterviewChoice, type PreparedCopyRecord } from '../store/second-coder-copy';

export type { SecondCoderCopy } from '../store/api-types';

export function chooseInterviews(db: SqliteDatabase, choice: InterviewChoice): string[] {
  const all = allInterviewIds(db);
  switch (choice.mode) {
    case 'all':
      return all;
    case 'sample':
      if (!Number.isInteger(choice.size) || choice.size < 1) throw new InvalidInputError('A sample needs a size of at least 1 interview.');
      return sampleInterviews(all, choice.size, choice.seed);
    case 'picked': {
      const known = new Set(all);
      const missing = choice.ids.filter((id) => !known.has(id));
      if (missing.length > 0) throw new InvalidInputError(`${missing.length} picked interview(s) are not in this project (first: ${missing[0]}). Reload the list and pick again.`);
      if (choice.ids.length === 0) throw new InvalidInputError('Pick at least one interview for the second coder.');
      return [...new Set(choice.ids)].sort();
    }
    default:
      throw new InvalidInputError('Choose all interviews, a random sample or picked interviews.');
  }
}

export function prepareSecondCoderCopy(
  store: ProjectStore,
  options: { target: string; passphrase: string; coderId: string; interviews: InterviewChoice; blind: boolean },
): SecondCoderCopy {
  const { target } = options;
  const fileName = nodePath.basename(target);
  if (!target.endsWith(PROJECT_EXTENSION)) throw new InvalidInputError(`A project file name must end in ${PROJECT_EXTENSION} (got ${fileName}).`);
  if (nodePath.resolve(target) === nodePath.resolve(store.path)) throw new InvalidInputError('Choose another file name for the copy: this is the project itself.');
  if (fs.existsSync(target)) throw new FileExistsError(fileName);
  if (!fs.existsSync(nodePath.dirname(target))) throw new InvalidInputError(`The folder ${nodePath.dirname(target)} does not exist. Create it or choose another folder.`);
  const check = checkPassphrase(options.passphrase);
  if (!check.ok) throw new WeakPassphraseError(check.hint);
  const coder = findCoder(store.db, options.coderId);
  const interviewIds = chooseInterviews(store.db, options.interviews);

  const tmp = `${target}.creating-${crypto.randomBytes(6).toString('hex')}.tmp`;
  let hiddenCodings: number;
  try {
    // Created owner-only first: VACUUM INTO writes into the empty file it finds.
    fs.closeSync(fs.openSync(tmp, 'wx', PRIVATE_FILE));
    restrictFile(tmp);
    copyUnderNewKey(store.db, tmp, options.passphrase);
    hiddenCodings = trimSecondCoderCopy(tmp, options.passphrase, { interviewIds, coderId: coder.id, blind: options.blind });
    const fd = fs.openSync(tmp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.linkSync(tmp, target);
  } catch (error) {
    throw translateSqliteError(error, fileName);
  } finally {
    for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  }
  const records = preparedCopies(store.db);
  records.push({ coderId: coder.id, fileName, blind: options.blind, interviewIds, preparedAt: new Date().toISOString(), choice: options.interviews });
  store.setMeta(COPIES_KEY, JSON.stringify(records));
  return { fileName, path: target, coder: { id: coder.id, initials: coder.initials }, blind: options.blind, interviewIds, hiddenCodings };
}
