/**
 * The statistics exports of a project: SPSS (NAME.csv, NAME.sps, NAME.sav, NAME-codebook.md and
 * NAME.R), Stata (NAME.dta), R (NAME.csv + NAME.R), DDI Codebook 2.5 (NAME-ddi.xml), Excel
 * (NAME.xlsx) and a plain CSV. All are written to temporary files in the target folder first and
 * renamed into place only when every one is complete, so a failed export leaves no partial file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import nodePath from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { InvalidInputError } from '../../shared/api/errors';
import { buildDataset, type BuiltDataset, type Unit } from '../../shared/export/dataset';
import { codebookMarkdown } from '../../shared/export/codebook-md';
import { writeCsv, writeSav, writeSps } from '../../shared/export/spss';
import { writeDta } from '../../shared/export/stata/dta-writer';
import { writeRScript } from '../../shared/export/r-script';
import { writeDdi } from '../../shared/export/ddi';
import { writeDataWorkbook } from './data-xlsx';
import { exportFormat, type ExportFormat, type ProjectSettings } from '../../shared/api/contract';
import type { Schedule } from '../../shared/schedule/model';
import { loadExportSource, projectSettingsOf } from './export-data';

export interface SpssExportOptions {
  unit: Unit;
  language?: string;
  includeText?: boolean;
  formId?: string;
  /** Don't know (choices marked missing): declared missing (default) or valid. */
  dontKnow?: 'missing' | 'valid';
}

export type { ExportFormat };
export const EXPORT_FORMATS: readonly ExportFormat[] = exportFormat.options;

export interface ExportFileOptions {
  /** CSV starts with a UTF-8 BOM, so Excel shows Khmer. */
  bom?: boolean;
  /** Fixed creation time, for reproducible bytes. */
  createdAt?: Date;
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
    ...(options.dontKnow ? { dontKnow: options.dontKnow } : {}),
  });
  return { built, schedule: source.schedule, formId: source.formId };
}

/** The files of the chosen formats for a built dataset, each file once (SPSS and R share the CSV). */
export async function exportFiles(
  built: BuiltDataset,
  scheduleTitle: string,
  baseName: string,
  formats: readonly ExportFormat[] = ['spss'],
  fileOptions: ExportFileOptions = {},
): Promise<SpssFiles> {
  const encoder = new TextEncoder();
  const createdAt = fileOptions.createdAt ?? new Date();
  const csvName = `${baseName}.csv`;
  const files = new Map<string, () => Uint8Array | Promise<Uint8Array>>();
  const csv = () => writeCsv(built.dataset, { bom: fileOptions.bom === true });
  const r = () => encoder.encode(writeRScript(built.dataset, { csvFileName: csvName }));
  for (const format of formats) {
    switch (format) {
      case 'spss':
        files.set(csvName, csv);
        files.set(`${baseName}.sps`, () => writeSps(built.dataset, { csvFileName: csvName }));
        files.set(`${baseName}.sav`, () => writeSav(built.dataset, { createdAt }));
        files.set(`${baseName}.R`, r);
        files.set(`${baseName}-codebook.md`, () => encoder.encode(codebookMarkdown(built, scheduleTitle, createdAt.toISOString().slice(0, 10))));
        break;
      case 'r':
        files.set(csvName, csv);
        files.set(`${baseName}.R`, r);
        break;
      case 'stata':
        files.set(`${baseName}.dta`, () => writeDta(built.dataset, { createdAt }));
        break;
      case 'ddi':
        files.set(`${baseName}-ddi.xml`, () =>
          encoder.encode(writeDdi(built, { title: scheduleTitle, fileName: csvName, producedAt: createdAt.toISOString().slice(0, 10) })));
        break;
      case 'excel':
        files.set(`${baseName}.xlsx`, () => writeDataWorkbook(built));
        break;
      case 'csv':
        files.set(csvName, csv);
        break;
    }
  }
  const out: { name: string; bytes: Uint8Array }[] = [];
  for (const [name, make] of files) out.push({ name, bytes: await make() });
  return { baseName, built, files: out };
}

/** The export's files in memory (the app downloads them; the CLI writes them). */
export async function spssFiles(
  db: Database.Database,
  deviceId: string,
  baseName: string,
  options: SpssExportOptions,
  formats: readonly ExportFormat[] = ['spss'],
  fileOptions: ExportFileOptions = {},
): Promise<SpssFiles> {
  const { built, schedule } = projectDataset(db, projectSettingsOf(db, deviceId), options);
  return exportFiles(built, schedule.title, baseName, formats, fileOptions);
}

/**
 * Writes every file or none. Returns the paths written. A file of the same name from an earlier
 * export is replaced only when all the new files are in place; if a rename fails half-way,
 * the files already moved are taken back and the earlier ones restored.
 */
export function writeFilesTogether(dir: string, files: readonly { name: string; bytes: Uint8Array }[]): string[] {
  // --out DIR names where the files go; a folder that does not exist yet is made (as mkdir -p).
  const existingDir = fs.statSync(dir, { throwIfNoEntry: false });
  if (existingDir && !existingDir.isDirectory()) throw new InvalidInputError(`${dir} is a file, not a folder. Choose a folder for the export.`);
  if (!existingDir) fs.mkdirSync(dir, { recursive: true });
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
