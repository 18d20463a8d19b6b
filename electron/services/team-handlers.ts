/**
 * API handlers for working as a team and with other tools: REFI-QDA (.qdpx, .qdc) and JSON
 * exchange, merging another project, backups and restoring them. The work is in electron/team;
 * this file turns format errors into located `invalid_input` messages and manages the open project
 * around a restore.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import type { Handlers } from '../../shared/api/dispatch';
import { FieldnoteError, InvalidInputError, NoProjectOpenError, NotFoundError } from '../../shared/api/errors';
import { QdaImportError, ZipError, encodeUtf8 } from '../../shared/exchange';
import { MemberUtf8Error } from '../workers/exchange-tasks';
import { runOffThread } from '../workers/off-thread';
import { PROJECT_EXTENSION } from '../store/project-store';
import { backupFolder, backupSettings, DEFAULT_BACKUP_SETTINGS, listBackups, makeBackup, restoreBackup, restoreLatestOverDamaged, setBackupSettings, checkBackup } from '../team/backups';
import { buildJsonExport, importJson } from '../team/json-exchange';
import { JsonImportError } from '../team/json-format';
import { listConflicts, mergeApply, mergePreview, openOther, resolveConflict } from '../team/merge';
import { exportQdc, exportQdpx, importCodebook, importReadProject, previewCodebook } from '../team/refi-qda';
import type { FieldnoteServices } from './fieldnote-services';

type TeamMethods = Pick<
  Handlers,
  | 'exchange.exportQdpx'
  | 'exchange.exportQdc'
  | 'exchange.previewQdc'
  | 'exchange.importQdc'
  | 'exchange.importQdpx'
  | 'exchange.exportJson'
  | 'exchange.importJson'
  | 'merge.preview'
  | 'merge.apply'
  | 'merge.conflicts'
  | 'merge.resolve'
  | 'backups.list'
  | 'backups.make'
  | 'backups.setSettings'
  | 'backups.restore'
  | 'backups.restoreDamaged'
>;

/** A problem in a file the user brought, as a message that says where. */
export function exchangeError(error: unknown): unknown {
  if (error instanceof QdaImportError) return new InvalidInputError(`The file could not be imported: ${error.message}. Nothing was changed.`);
  if (error instanceof JsonImportError) return new InvalidInputError(`The JSON could not be imported: ${error.message}. Nothing was changed.`);
  if (error instanceof ZipError) return new InvalidInputError(`The file is not a readable ZIP archive (${error.entry ? `${error.entry}: ` : ''}${error.message}). Nothing was changed.`);
  if (error instanceof MemberUtf8Error) return new InvalidInputError(`The file could not be imported: ${error.file} is not valid UTF-8 at byte ${error.byteOffset}. Re-save it as UTF-8 and try again. Nothing was changed.`);
  return error;
}

async function guardAsync<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw exchangeError(error);
  }
}

const fromBase64 = (data: string) => new Uint8Array(Buffer.from(data, 'base64'));
const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export function teamHandlers(services: FieldnoteServices): TeamMethods {
  const writable = () => {
    const store = services.project;
    if (store.readOnly) throw new FieldnoteError('read_only', `${store.fileName} is open read-only; save a copy to change it.`);
    return store;
  };
  const baseName = () => nodePath.basename(services.project.path, PROJECT_EXTENSION);
  const otherProject = (path: string, passphrase: string) => {
    const store = writable();
    const otherPath = services.resolveProjectPath(path);
    if (nodePath.resolve(otherPath) === nodePath.resolve(store.path)) throw new InvalidInputError('That is this project. Choose the other project file to merge.');
    if (!fs.existsSync(otherPath)) throw new NotFoundError(nodePath.basename(otherPath));
    return { store, otherPath, other: openOther(otherPath, passphrase, nodePath.dirname(store.path)) };
  };

  return {
    // Reading and writing files runs off the thread that serves the UI (electron/workers); only
    // the database work stays here.
    'exchange.exportQdpx': async () => {
      const { bytes, summary } = await exportQdpx(services.project.db, services.project.getMeta('title') ?? baseName(), (project) => runOffThread('writeQdpx', project));
      return { fileName: `${baseName()}.qdpx`, dataBase64: toBase64(bytes), summary };
    },
    'exchange.exportQdc': () => {
      const { xml, summary } = exportQdc(services.project.db);
      return { fileName: `${baseName()}-codebook.qdc`, dataBase64: toBase64(encodeUtf8(xml)), summary };
    },
    'exchange.previewQdc': ({ fileName, dataBase64 }) =>
      guardAsync(async () => {
        const { codebook, warnings } = await runOffThread('readQdc', fromBase64(dataBase64), fileName);
        return previewCodebook(services.project.db, codebook, warnings);
      }),
    'exchange.importQdc': ({ fileName, dataBase64, initials }) =>
      guardAsync(async () => {
        const db = writable().db;
        const { codebook, warnings } = await runOffThread('readQdc', fromBase64(dataBase64), fileName);
        return importCodebook(db, codebook, warnings, initials, services.deviceId);
      }),
    'exchange.importQdpx': ({ dataBase64, initials }) =>
      guardAsync(async () => {
        const db = writable().db;
        const { project, warnings } = await runOffThread('readQdpx', fromBase64(dataBase64));
        return importReadProject(db, project, warnings, initials, services.deviceId);
      }),
    'exchange.exportJson': async () => {
      const files = buildJsonExport(services.project.db, services.project.getMeta('title') ?? baseName());
      const zip = await runOffThread('writeZip', Object.entries(files).map(([name, content]) => ({ name, data: encodeUtf8(content) })));
      return { fileName: `${baseName()}-json.zip`, dataBase64: toBase64(zip), interviews: Object.keys(files).length - 1 };
    },
    'exchange.importJson': ({ fileName, dataBase64 }) =>
      guardAsync(async () => {
        const db = writable().db;
        const files = await runOffThread('readJsonZip', fromBase64(dataBase64), fileName);
        return importJson(db, files, services.deviceId);
      }),
    'merge.preview': ({ path, passphrase }) => {
      const { store, otherPath, other } = otherProject(path, passphrase);
      try {
        return mergePreview(store.db, other.store.db, { deviceId: services.deviceId, sourceName: nodePath.basename(otherPath) });
      } finally {
        other.dispose();
      }
    },
    'merge.apply': ({ path, passphrase, respondentClashes }) => {
      const { store, otherPath, other } = otherProject(path, passphrase);
      try {
        const backup = makeBackup(store);
        const report = mergeApply(store.db, other.store.db, { deviceId: services.deviceId, sourceName: nodePath.basename(otherPath), ...(respondentClashes ? { respondentClashes } : {}) });
        return { ...report, backup: backup.fileName };
      } finally {
        other.dispose();
      }
    },
    'merge.conflicts': ({ all }) => ({ conflicts: listConflicts(services.project.db, { all: all ?? false }) }),
    'merge.resolve': ({ id, choice }) => resolveConflict(writable().db, id, choice, services.deviceId),
    'backups.list': () => {
      const store = services.project;
      const settings = backupSettings(store);
      const folder = backupFolder(store.path, settings);
      return { folder, settings, backups: listBackups(store.path, folder), lastError: services.backups.lastError };
    },
    'backups.make': () => makeBackup(writable()),
    'backups.setSettings': (settings) => {
      const saved = setBackupSettings(writable(), settings);
      services.backups.restart();
      return saved;
    },
    'backups.restore': ({ fileName, passphrase }) => {
      const store = writable();
      const settings = backupSettings(store);
      const backup = listBackups(store.path, backupFolder(store.path, settings)).find((b) => b.fileName === fileName);
      if (!backup) throw new NotFoundError('That backup');
      // Checked before anything closes: a wrong passphrase or a damaged backup leaves the project open as it was.
      checkBackup(backup.path, passphrase);
      const path = services.detachProject();
      let saved: { savedCurrentAs: string | null };
      try {
        saved = restoreBackup(path, backup.path, passphrase, settings);
      } finally {
        services.reopen(path, passphrase);
      }
      return { info: services.project.info(), restoredFrom: backup.fileName, savedCurrentAs: saved.savedCurrentAs };
    },
    'backups.restoreDamaged': ({ path, passphrase }) => {
      const target = path !== undefined ? services.resolveProjectPath(path) : services.status().path;
      if (target === null) throw new NoProjectOpenError();
      const done = restoreLatestOverDamaged(target, passphrase, backupFolder(target, DEFAULT_BACKUP_SETTINGS));
      services.reopen(target, passphrase);
      return { info: services.project.info(), restoredFrom: done.restoredFrom, damagedKeptAs: done.damagedKeptAs };
    },
  };
}
