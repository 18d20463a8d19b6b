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

/** The export's files in memory (the app downloads them; the CLI writes them). */
export function spssFiles(db: Database.Database, deviceId: string, baseName: string, options: SpssExportOptions): SpssFiles {
  const source = loadExportSource(db, options.formId);
  const language = options.language;
  if (language !== undefined && !source.schedule.languages.some((l) => l.code === language)) {
    throw new InvalidInputError(`The schedule has no language "${language}"; it has ${source.schedule.languages.map((l) => l.code || l.name).join(', ')}.`);
  }
  const built = buildDataset(source.schedule, source.interviews, projectSettingsOf(db, deviceId), {
    unit: options.unit,
    ...(language ? { language } : {}),
    includeText: options.includeText ?? false,
  });
  const csvName = `${baseName}.csv`;
  return {
    baseName,
    built,
    files: [
      { name: csvName, bytes: writeCsv(built.dataset) },
      { name: `${baseName}.sps`, bytes: writeSps(built.dataset, { csvFileName: csvName }) },
      { name: `${baseName}.sav`, bytes: writeSav(built.dataset) },
      { name: `${baseName}-codebook.md`, bytes: new TextEncoder().encode(codebookMarkdown(built, source.schedule.title, new Date().toISOString().slice(0, 10))) },
    ],
  };
}

/** Writes every file or none. Returns the paths written. */
export function writeFilesTogether(dir: string, files: readonly { name: string; bytes: Uint8Array }[]): string[] {
  if (!fs.existsSync(dir)) throw new InvalidInputError(`The folder ${dir} does not exist. Create it or choose another.`);
  const tag = crypto.randomBytes(6).toString('hex');
  const temps: { tmp: string; target: string }[] = [];
  try {
    for (const file of files) {
      const target = nodePath.join(dir, file.name);
      const tmp = nodePath.join(dir, `.${file.name}.${tag}.tmp`);
      temps.push({ tmp, target });
      const fd = fs.openSync(tmp, 'wx', 0o600);
      try {
        fs.writeFileSync(fd, file.bytes);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    for (const { tmp, target } of temps) fs.renameSync(tmp, target);
  } catch (error) {
    for (const { tmp } of temps) fs.rmSync(tmp, { force: true });
    throw error;
  }
  return temps.map((t) => t.target);
}
