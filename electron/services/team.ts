/**
 * API handlers for working as a team: merging another laptop's project (preview, apply,
 * conflicts), backups and restoring them. The work is in electron/team; this file manages the
 * open project around a restore (ServiceContext's detachProject and reopen).
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import type { Handlers } from '../../shared/api/dispatch';
import { InvalidInputError, NoProjectOpenError, NotFoundError } from '../../shared/api/errors';
import { backupFolder, backupSettings, DEFAULT_BACKUP_SETTINGS, listBackups, makeBackup, restoreBackup, restoreLatestOverDamaged, setBackupSettings, checkBackup } from '../team/backups';
import { listConflicts, mergeApply, mergePreview, openOther, resolveConflict } from '../team/merge';
import type { ServiceContext } from './context';

type TeamMethods = Pick<
  Handlers,
  'merge.preview' | 'merge.apply' | 'merge.conflicts' | 'merge.resolve' | 'backups.list' | 'backups.make' | 'backups.setSettings' | 'backups.restore' | 'backups.restoreDamaged'
>;

export function teamHandlers(ctx: ServiceContext): TeamMethods {
  const writable = () => ctx.writable();
  const otherProject = (path: string, passphrase: string) => {
    const store = writable();
    const otherPath = ctx.resolveProjectPath(path);
    if (nodePath.resolve(otherPath) === nodePath.resolve(store.path)) throw new InvalidInputError('That is this project. Choose the other project file to merge.');
    if (!fs.existsSync(otherPath)) throw new NotFoundError(nodePath.basename(otherPath));
    return { store, otherPath, other: openOther(otherPath, passphrase, nodePath.dirname(store.path)) };
  };

  return {
    'merge.preview': ({ path, passphrase }) => {
      const { store, otherPath, other } = otherProject(path, passphrase);
      try {
        return mergePreview(store.db, other.store.db, { deviceId: ctx.deviceId, sourceName: nodePath.basename(otherPath) });
      } finally {
        other.dispose();
      }
    },
    'merge.apply': ({ path, passphrase, respondentClashes }) => {
      const { store, otherPath, other } = otherProject(path, passphrase);
      try {
        const backup = makeBackup(store);
        const report = mergeApply(store.db, other.store.db, { deviceId: ctx.deviceId, sourceName: nodePath.basename(otherPath), ...(respondentClashes ? { respondentClashes } : {}) });
        return { ...report, backup: backup.fileName };
      } finally {
        other.dispose();
      }
    },
    'merge.conflicts': ({ all }) => ({ conflicts: listConflicts(ctx.project.db, { all }) }),
    'merge.resolve': ({ id, choice }) => resolveConflict(writable().db, id, choice, ctx.deviceId),
    'backups.list': () => {
      const store = ctx.project;
      const settings = backupSettings(store);
      const folder = backupFolder(store.path, settings);
      return { folder, settings, backups: listBackups(store.path, folder), lastError: ctx.backups.lastError };
    },
    'backups.make': () => makeBackup(writable()),
    'backups.setSettings': (settings) => {
      const saved = setBackupSettings(writable(), settings);
      ctx.backups.restart();
      return saved;
    },
    'backups.restore': ({ fileName, passphrase }) => {
      const store = writable();
      const settings = backupSettings(store);
      const backup = listBackups(store.path, backupFolder(store.path, settings)).find((b) => b.fileName === fileName);
      if (!backup) throw new NotFoundError('That backup');
      // Checked before anything closes: a wrong passphrase or a damaged backup leaves the project open as it was.
      checkBackup(backup.path, passphrase);
      const path = ctx.detachProject();
      let saved: { savedCurrentAs: string | null };
      try {
        saved = restoreBackup(path, backup.path, passphrase, settings);
      } finally {
        ctx.reopen(path, passphrase);
      }
      return { info: ctx.project.info(), restoredFrom: backup.fileName, savedCurrentAs: saved.savedCurrentAs };
    },
    'backups.restoreDamaged': ({ path, passphrase }) => {
      const target = path !== undefined ? ctx.resolveProjectPath(path) : ctx.status().path;
      if (target === null) throw new NoProjectOpenError();
      const done = restoreLatestOverDamaged(target, passphrase, backupFolder(target, DEFAULT_BACKUP_SETTINGS));
      ctx.reopen(target, passphrase);
      return { info: ctx.project.info(), restoredFrom: done.restoredFrom, damagedKeptAs: done.damagedKeptAs };
    },
  };
}
