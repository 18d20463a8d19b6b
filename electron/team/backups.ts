/**
 * Encrypted backups of a project: complete copies made with VACUUM INTO, so they stay encrypted
 * under the same key and open with the same passphrase like any project. They live in
 * `ProjectStore.backupDir(path)` (a folder beside the project) unless the user picks another
 * folder; the newest `keep` are kept. Names sort by time: `TITLE-2026-03-01T09-30-00-123Z.fieldnote`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import nodePath from 'node:path';
import { FieldnoteError, InvalidInputError, NotFoundError } from '../../shared/api/errors';
import { PRIVATE_FOLDER, PROJECT_EXTENSION, ProjectStore, restrictFile } from '../store/project-store';
import type { BackupEntry, BackupSettings } from '../store/api-types';
import { opensWith, rekeyDatabaseFile } from '../store/backup-file';

export type { BackupEntry, BackupSettings } from '../store/api-types';

export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { intervalMinutes: 10, keep: 5, folder: '' };
const SETTINGS_KEY = 'backup_settings';

export function backupSettings(store: ProjectStore): BackupSettings {
  const raw = store.getMeta(SETTINGS_KEY);
  if (raw === null) return DEFAULT_BACKUP_SETTINGS;
  try {
    return { ...DEFAULT_BACKUP_SETTINGS, ...(JSON.parse(raw) as Partial<BackupSettings>) };
  } catch {
    return DEFAULT_BACKUP_SETTINGS;
  }
}

export function setBackupSettings(store: ProjectStore, settings: BackupSettings): BackupSettings {
  if (settings.folder !== '' && !nodePath.isAbsolute(settings.folder)) throw new InvalidInputError('A backup folder must be a full path (or empty for the folder beside the project).');
  store.setMeta(SETTINGS_KEY, JSON.stringify(settings));
  return settings;
}

export function backupFolder(projectPath: string, settings: BackupSettings = DEFAULT_BACKUP_SETTINGS): string {
  return settings.folder === '' ? ProjectStore.backupDir(projectPath) : settings.folder;
}

/**
 * Creates the backups folder if needed. The folder beside the project is made owner-only (0700),
 * also when an older version created it 0755; a folder the user picked keeps the mode they gave it.
 */
function ensureBackupFolder(projectPath: string, folder: string): void {
  fs.mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER });
  if (nodePath.resolve(folder) === nodePath.resolve(ProjectStore.backupDir(projectPath))) restrictFile(folder, PRIVATE_FOLDER);
}

const STAMP = /-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)(-[0-9a-f]{4})?\.fieldnote$/;

function baseName(projectPath: string): string {
  return nodePath.basename(projectPath, PROJECT_EXTENSION);
}

/** Backups of this project in `folder`, newest first. */
export function listBackups(projectPath: string, folder: string): BackupEntry[] {
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const prefix = `${baseName(projectPath)}-`;
  const out: BackupEntry[] = [];
  for (const name of names) {
    const m = STAMP.exec(name);
    if (!m || !name.startsWith(prefix) || name.length - m[0].length !== prefix.length - 1) continue;
    const stamp = m[1]!;
    const madeAt = `${stamp.slice(0, 10)}T${stamp.slice(11, 13)}:${stamp.slice(14, 16)}:${stamp.slice(17, 19)}.${stamp.slice(20, 23)}Z`;
    const full = nodePath.join(folder, name);
    out.push({ fileName: name, path: full, madeAt, size: fs.statSync(full).size });
  }
  return out.sort((a, b) => (a.fileName < b.fileName ? 1 : a.fileName > b.fileName ? -1 : 0));
}

/**
 * Makes an encrypted backup of the open project and removes the oldest beyond `keep`.
 * `target` (a full file path) makes a one-off backup there instead, without rotation.
 */
export function makeBackup(store: ProjectStore, options: { target?: string; settings?: BackupSettings } = {}): BackupEntry {
  const settings = options.settings ?? backupSettings(store);
  let target = options.target;
  if (target === undefined) {
    const folder = backupFolder(store.path, settings);
    ensureBackupFolder(store.path, folder);
    const stamp = new Date().toISOString().replace(/:/g, '-').replace('.', '-');
    target = nodePath.join(folder, `${baseName(store.path)}-${stamp}${PROJECT_EXTENSION}`);
    if (fs.existsSync(target)) target = target.replace(/\.fieldnote$/, `-${crypto.randomBytes(2).toString('hex')}.fieldnote`);
  }
  // A damaged project is never copied over good backups (rotation would push them out). No
  // quick_check first (it read every page once more: 0.6 s of a 1.6 s backup of 300 interviews):
  // VACUUM INTO reads every page it copies, table and index alike, through the cipher's per-page
  // HMAC, so a damaged page fails the copy and nothing is kept; what it does not read (free pages)
  // is not in the backup. quick_check then only names the damage.
  try {
    store.saveCopy(target);
  } catch (error) {
    if (error instanceof FieldnoteError && (error.code === 'damaged_project' || error.code === 'wrong_passphrase')) {
      try {
        store.checkIntegrity();
      } catch (damage) {
        if (damage instanceof FieldnoteError && damage.code === 'damaged_project') {
          throw new FieldnoteError('damaged_project', `${store.fileName} is damaged: some of its pages cannot be read, so no backup was made and the existing backups were kept. Close the project and restore a backup.`);
        }
        throw damage;
      }
    }
    throw error;
  }
  if (options.target === undefined) rotate(store.path, backupFolder(store.path, settings), settings.keep);
  const stat = fs.statSync(target);
  return { fileName: nodePath.basename(target), path: target, madeAt: stat.mtime.toISOString(), size: stat.size };
}

function rotate(projectPath: string, folder: string, keep: number): void {
  for (const old of listBackups(projectPath, folder).slice(Math.max(1, keep))) fs.rmSync(old.path, { force: true });
}

/** Checks that a backup opens with the passphrase and is a project; throws the store's named error if not. */
export function checkBackup(file: string, passphrase: string): void {
  const store = ProjectStore.open(file, passphrase, { readOnly: true });
  store.close();
}

/**
 * Replaces the (closed) project file with a backup. The current file is first kept as a backup
 * itself (copied byte for byte: a closed project is one complete file), so a restore can be undone.
 * The replacement is a copy to a sibling temp file renamed over the project: all or nothing.
 * Returns the name of the backup of the state before.
 */
export function restoreBackup(projectPath: string, backupPath: string, passphrase: string, settings: BackupSettings = DEFAULT_BACKUP_SETTINGS): { savedCurrentAs: string | null } {
  if (!fs.existsSync(backupPath)) throw new NotFoundError('That backup');
  checkBackup(backupPath, passphrase);
  let savedCurrentAs: string | null = null;
  if (fs.existsSync(projectPath)) {
    const folder = backupFolder(projectPath, settings);
    ensureBackupFolder(projectPath, folder);
    const stamp = new Date().toISOString().replace(/:/g, '-').replace('.', '-');
    const keepAs = nodePath.join(folder, `${baseName(projectPath)}-${stamp}${PROJECT_EXTENSION}`);
    fs.copyFileSync(projectPath, keepAs, fs.constants.COPYFILE_EXCL);
    restrictFile(keepAs);
    savedCurrentAs = nodePath.basename(keepAs);
  }
  replaceFile(projectPath, backupPath);
  return { savedCurrentAs };
}

/**
 * A project that no longer opens (damaged_project): the damaged file is renamed aside to
 * `NAME.damaged-STAMP` (kept, never changed, for a later rescue) and the newest backup that
 * opens with the passphrase takes its place.
 */
export function restoreLatestOverDamaged(projectPath: string, passphrase: string, folder: string): { restoredFrom: string; damagedKeptAs: string | null } {
  const candidates = listBackups(projectPath, folder);
  if (candidates.length === 0) throw new NotFoundError(`A backup of ${nodePath.basename(projectPath)} in ${folder}`);
  let chosen: BackupEntry | null = null;
  let lastError: unknown = null;
  for (const candidate of candidates) {
    try {
      checkBackup(candidate.path, passphrase);
      chosen = candidate;
      break;
    } catch (error) {
      lastError = error;
    }
  }
  if (chosen === null) throw lastError instanceof FieldnoteError ? lastError : new FieldnoteError('damaged_project', 'No backup of this project could be opened.');
  let damagedKeptAs: string | null = null;
  if (fs.existsSync(projectPath)) {
    const stamp = new Date().toISOString().replace(/:/g, '-').replace('.', '-');
    damagedKeptAs = `${projectPath}.damaged-${stamp}`;
    fs.renameSync(projectPath, damagedKeptAs);
    for (const side of ['-wal', '-shm']) if (fs.existsSync(projectPath + side)) fs.renameSync(projectPath + side, damagedKeptAs + side);
  }
  replaceFile(projectPath, chosen.path);
  return { restoredFrom: chosen.fileName, damagedKeptAs: damagedKeptAs === null ? null : nodePath.basename(damagedKeptAs) };
}

function replaceFile(projectPath: string, from: string): void {
  const tmp = `${projectPath}.restoring-${crypto.randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.copyFileSync(from, tmp);
    restrictFile(tmp);
    const fd = fs.openSync(tmp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // A stale WAL beside the project belongs to the old file; it must not be replayed into the backup.
    for (const side of ['-wal', '-shm']) fs.rmSync(projectPath + side, { force: true });
    fs.renameSync(tmp, projectPath);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** What happens to backups made under the old passphrase when it changes. */
export type OldBackupsChoice = 'reencrypt' | 'delete';

export interface RetiredBackups {
  choice: OldBackupsChoice;
  /** Old-key backups now encrypted with the new passphrase. */
  reencrypted: number;
  /** Backups deleted: all of them for 'delete'; for 'reencrypt' those under an even older passphrase or unreadable. */
  deleted: number;
  /** The backup made with the new passphrase right after the change. */
  newBackup: string;
}

/**
 * After a passphrase change: no backup may still open with a retired passphrase (people rekey
 * because someone left the team or a passphrase leaked, and restoring such a backup would
 * silently bring the old passphrase back). Each backup is re-encrypted with `next` (through a
 * sibling temp file renamed over it, so a crash leaves it under the old or the new key) or
 * deleted; one that opens with neither passphrase (an older key still) is deleted. Then a backup
 * under the new passphrase is made at once. Running it again after a crash finishes the job.
 */
export function retireOldKeyBackups(store: ProjectStore, current: string, next: string, choice: OldBackupsChoice): RetiredBackups {
  const folders = retirementFolders(store);
  let reencrypted = 0;
  let deleted = 0;
  for (const folder of folders) {
    for (const backup of listBackups(store.path, folder)) {
      if (choice === 'reencrypt' && opensWith(backup.path, next)) continue;
      if (choice === 'reencrypt' && opensWith(backup.path, current)) {
        rekeyFile(backup.path, current, next);
        reencrypted += 1;
      } else {
        fs.rmSync(backup.path, { force: true });
        deleted += 1;
      }
    }
  }
  const made = makeBackup(store);
  clearRetirement(store);
  return { choice, reencrypted, deleted, newBackup: made.fileName };
}

/**
 * A kill between the passphrase change and the end of `retireOldKeyBackups` would leave backups
 * under the retired passphrase. So a marker file (no content) is written into the backup folders
 * before the change and removed after; the next open of the project with its passphrase finds
 * the marker and deletes every backup that does not open with that passphrase (the old one is
 * no longer known, so they cannot be re-encrypted), then makes a new backup.
 */
export const RETIREMENT_MARKER = '.passphrase-change-pending';

function retirementFolders(store: ProjectStore): Set<string> {
  return new Set([backupFolder(store.path, backupSettings(store)), ProjectStore.backupDir(store.path)]);
}

/** Called before the project's passphrase changes. */
export function markRetirement(store: ProjectStore): void {
  for (const folder of retirementFolders(store)) {
    if (listBackups(store.path, folder).length === 0) continue;
    const marker = nodePath.join(folder, RETIREMENT_MARKER);
    const fd = fs.openSync(marker, 'w', 0o600);
    try {
      fs.writeSync(fd, nodePath.basename(store.path));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** Called when the change failed before the swap, and after the old backups are retired. */
export function clearRetirement(store: ProjectStore): void {
  for (const folder of retirementFolders(store)) fs.rmSync(nodePath.join(folder, RETIREMENT_MARKER), { force: true });
}

/** On open: finishes a retirement a kill interrupted. Returns how many backups were deleted (null when none was pending). */
export function finishInterruptedRetirement(store: ProjectStore, passphrase: string): number | null {
  if (store.readOnly) return null;
  const pending = [...retirementFolders(store)].filter((folder) => fs.existsSync(nodePath.join(folder, RETIREMENT_MARKER)));
  if (pending.length === 0) return null;
  let deleted = 0;
  for (const folder of pending) {
    for (const backup of listBackups(store.path, folder)) {
      if (opensWith(backup.path, passphrase)) continue;
      fs.rmSync(backup.path, { force: true });
      deleted += 1;
    }
  }
  makeBackup(store);
  clearRetirement(store);
  return deleted;
}

function rekeyFile(file: string, current: string, next: string): void {
  const tmp = `${file}.rekey-${crypto.randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.copyFileSync(file, tmp);
    restrictFile(tmp);
    rekeyDatabaseFile(tmp, current, next);
    const fd = fs.openSync(tmp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
    fs.rmSync(`${tmp}-journal`, { force: true });
  }
}
