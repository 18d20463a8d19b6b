/**
 * Merging another Fieldnote project into this one: a union by stable id with conflict detection.
 *
 * - A record only the other project has is added (its UUIDv7 id never clashes with one made here).
 * - A record both have with the same content: nothing to do. This is what makes merging the
 *   same project twice add nothing the second time.
 * - A record both have with different content: if the same device made both versions and the
 *   incoming one is newer, it is a later edit of the same line of work and replaces the local one
 *   ("updated"); a newer local version from the same device stays. Otherwise both sides changed
 *   it: the local version stays, the incoming one is kept in `merge_conflict` for the user to
 *   choose (never overwritten silently). Without tombstones or a common ancestor this is the
 *   safe reading: an edit on one side only, made on another device, shows as a conflict.
 * - A decision once made (a conflict kept or resolved, an ID renumbered) is found again by the
 *   hash of the incoming row, so a second merge does not ask again.
 * - Natural keys: a code new to us with the name of a local sibling code is the same code
 *   (codings and memos follow it); two answers or notes for the same interview question are a
 *   conflict; a schedule version number taken here gets the next free number; a respondent
 *   number taken here by another respondent is an ID clash the user resolves (renumber the
 *   incoming respondents from the next free number); a coder new to us with the initials of a
 *   local coder is that coder (initials are unique in a project, and the codings follow it).
 * - A note whose text is the same on both sides and whose editor states differ only in coding
 *   marks is the same note: the marks follow the codings, which are merged as a union (two
 *   coders coding the same interviews on two laptops never conflict over the notes they share).
 * - An evaluation question with the ID (ref) of a local one is that question (its links and
 *   summaries follow it); a rapid-analysis summary of the same respondent and domain with other
 *   words is a conflict.
 * - Deletions are not carried: the schema has no tombstones, so a record deleted on one side
 *   comes back from the other.
 *
 * The whole merge is one transaction; the preview runs the same code and rolls back, so what it
 * lists is exactly what applying does.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import nodePath from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { SCHEMA_VERSION } from '../store/migrations';
import { mergeRows, type MergeOptions, type MergeReport } from '../store/merge-repo';
import { hasUncompactedNotes } from '../store/note-blocks';
import { ProjectStore } from '../store/project-store';
// The merge runs a few statements once per row of both projects: each is compiled once.
import { withStatementCache } from '../store/statement-cache';
import { DamagedProjectError } from '../../shared/api/errors';

export { MERGED_TABLES, type MergedTable } from '../store/merge-rows';
export { listConflicts, MergeNeedsChoiceError, resolveConflict, type ConflictSummary, type MergeOptions, type MergeReport, type RespondentClash, type RespondentClashChoice } from '../store/merge-repo';

class Rollback extends Error {}

/**
 * The other project as the merge reads it: each statement compiled once, and a page of it that
 * does not decrypt (opened without quick_check, see openOther) named as that file's damage.
 */
function readingOther(other: Database.Database, options: MergeOptions): Database.Database {
  return withStatementCache(other, (error) => {
    // Its passphrase was checked when it opened: a page that does not decrypt now is damage.
    const code = (error as { code?: string }).code;
    return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' ? new DamagedProjectError(options.sourceName) : error;
  });
}

/**
 * Opens the other project for reading; an older schema is upgraded in a temporary encrypted copy.
 * Read-only and without the quick_check of every page (0.5–0.9 s of each of the preview's and the
 * apply's opens of 300 interviews): the merge reads every row it takes through the cipher's
 * per-page HMAC, so a damaged page still stops it (readingOther names it), and the merge is one
 * transaction, so nothing is kept.
 */
export function openOther(otherPath: string, passphrase: string, scratchDir: string): { store: ProjectStore; dispose: () => void } {
  const store = ProjectStore.open(otherPath, passphrase, { readOnly: true, checkPages: false });
  const version = store.schemaVersion();
  // A file left with notes saved as blocks (killed in mid-typing) is compacted in the copy too.
  if (version === SCHEMA_VERSION && !hasUncompactedNotes(store.db)) return { store, dispose: () => store.close() };
  const tmp = nodePath.join(scratchDir, `.merge-${crypto.randomBytes(6).toString('hex')}.fieldnote`);
  // Copied through SQLite (VACUUM INTO, same key, owner-only), not as bytes: a file killed while
  // open keeps its latest saves in its -wal, which a byte copy of the file would leave behind.
  try {
    store.saveCopy(tmp);
  } finally {
    store.close();
  }
  try {
    const upgraded = ProjectStore.open(tmp, passphrase);
    return {
      store: upgraded,
      dispose: () => {
        upgraded.close();
        for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
      },
    };
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

export function mergePreview(local: Database.Database, other: Database.Database, options: MergeOptions): MergeReport {
  let report: MergeReport | null = null;
  try {
    local.transaction(() => {
      report = mergeRows(withStatementCache(local), readingOther(other, options), { ...options, respondentClashes: 'renumber-incoming' });
      throw new Rollback();
    })();
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return report as unknown as MergeReport;
}

/** Applies the merge in one transaction; throws MergeNeedsChoiceError (nothing changed) when ID clashes need a choice. */
export function mergeApply(local: Database.Database, other: Database.Database, options: MergeOptions): MergeReport {
  return local.transaction(() => mergeRows(withStatementCache(local), readingOther(other, options), options)).immediate();
}
