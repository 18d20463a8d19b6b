/**
 * Writes NAME.csv, NAME.sps, NAME.sav and NAME-codebook.md. All four are written to temporary
 * files in the target folder first and renamed into place only when every one is complete, so a
 * failed export leaves no partial file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import nodePath from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { InvalidInputError } from '../../shared/api/errors';
import { buildDataset, type BuiltDataset, type Unit } from '../../shared/export/dataset';
import { codebookMarkdown } from '../../shared/export/codebook-md';
import { writeCsv, writeSav, writeSps } from '../../shared/export/spss';
import type { ProjectSettings } from '../../shared/api/contract';
import type { Schedule } from '../../shared/schedule/model';
import { loadExportSource, projectSettingsOf } from './export-data';

export interface SpssExportOptions {
  unit: Unit;
  language?: string;
  includeText?: boolean;
  formId?: string;
}

export interface SpssFiles {
  baseName: string;
  files: { name: string; bytes: Uint8Array }[];
  built: BuiltDataset;
}

/** The statistics dataset of a project's form: what the export writes and the app's tables count. */
export function projectDataset(db: Database.Database, settings: ProjectSettings, options: SpssExportOptions): { built: BuiltDataset; schedule: Schedule; formId: string } {
  const source = loadExportSource(db, options.formId);
  const language = options.language;
  if (language !== undefined && !source.schedule.languages.some((l) => l.code === language)) {
    throw new InvalidInputError(`The schedule has no language "${language}"; it has ${source.schedule.languages.map((l) => l.code || l.name).join(', ')}.`);
  }
  const built = buildDataset(source.schedule, source.interviews, settings, {
    unit: options.unit,
    ...(language ? { language } : {}),
    includeText: options.includeText ?? false,
  });
  return { built, schedule: source.schedule, formId: source.formId };
}

/** NAME.csv, NAME.sps, NAME.sav and NAME-codebook.md of a built dataset. */
export function exportFiles(built: BuiltDataset, scheduleTitle: string, baseName: string): SpssFiles {
  const csvName = `${baseName}.csv`;
  return {
    baseName,
    built,
    files: [
      { name: csvName, bytes: writeCsv(built.dataset) },
      { name: `${baseName}.sps`, bytes: writeSps(built.dataset, { csvFileName: csvName }) },
      { name: `${baseName}.sav`, bytes: writeSav(built.dataset) },
      { name: `${baseName}-codebook.md`, bytes: new TextEncoder().encode(codebookMarkdown(built, scheduleTitle, new Date().toISOString().slice(0, 10))) },
    ],
  };
}

/** The export's files in memory (the app downloads them; the CLI writes them). */
export function spssFiles(db: Database.Database, deviceId: string, baseName: string, options: SpssExportOptions): SpssFiles {
  const { built, schedule } = projectDataset(db, projectSettingsOf(db, deviceId), options);
  return exportFiles(built, schedule.title, baseName);
}

/**
 * Writes every file or none. Returns the paths written. A file of the same name from an earlier
 * export is replaced only when all the new files are in place; if a rename fails half-way,
 * the files already moved are taken back and the earlier ones restored.
 */
export function writeFilesTogether(dir: string, files: readonly { name: string; bytes: Uint8Array }[]): string[] {
  if (!fs.existsSync(dir)) throw new InvalidInputError(`The folder ${dir} does not exist. Create it or choose another.`);
  removeLeftovers(dir, files.map((f) => f.name));
  const tag = crypto.randomBytes(6).toString('hex');
  const temps: { tmp: string; backup: string; target: string }[] = [];
  const placed: { target: string; backup: string | null }[] = [];
  try {
    for (const file of files) {
      const target = nodePath.join(dir, file.name);
      // Checked before anything is written: a folder (or anything but a file) in the way is the user's to move.
      const existing = fs.lstatSync(target, { throwIfNoEntry: false });
      if (existing && !existing.isFile()) throw new InvalidInputError(`${target} is in the way: it exists and is not a file. Move it or choose another folder.`);
      const tmp = nodePath.join(dir, `.${file.name}.${tag}.tmp`);
      temps.push({ tmp, backup: nodePath.join(dir, `.${file.name}.${tag}.previous`), target });
      const fd = fs.openSync(tmp, 'wx', 0o600);
      try {
        fs.writeFileSync(fd, file.bytes);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    for (const { tmp, backup, target } of temps) {
      const hadFile = fs.existsSync(target);
      if (hadFile) fs.renameSync(target, backup);
      try {
        fs.renameSync(tmp, target);
      } catch (error) {
        if (hadFile) fs.renameSync(backup, target);
        throw error;
      }
      placed.push({ target, backup: hadFile ? backup : null });
    }
  } catch (error) {
    for (const { target, backup } of placed.reverse()) {
      fs.rmSync(target, { force: true });
      if (backup) fs.renameSync(backup, target);
    }
    for (const { tmp } of temps) fs.rmSync(tmp, { force: true });
    throw error;
  }
  for (const { backup } of placed) if (backup) fs.rmSync(backup, { force: true });
  return temps.map((t) => t.target);
}

/**
 * An export killed half-way (power cut, SIGKILL) leaves hidden `.NAME.TAG.tmp` files, and
 * perhaps a `.NAME.TAG.previous` copy of an earlier export moved aside. The next export into
 * the folder removes the first and puts the second back where its file is missing.
 */
function removeLeftovers(dir: string, names: readonly string[]): void {
  for (const entry of fs.readdirSync(dir)) {
    const match = /^\.(.+)\.[0-9a-f]{12}\.(tmp|previous)$/.exec(entry);
    if (!match || !names.includes(match[1]!)) continue;
    const path = nodePath.join(dir, entry);
    const target = nodePath.join(dir, match[1]!);
    if (match[2] === 'previous' && !fs.existsSync(target)) fs.renameSync(path, target);
    else fs.rmSync(path, { force: true });
  }
}
