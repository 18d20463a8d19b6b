/**
 * The project's slice of the API: the app itself, creating, opening, locking and closing a
 * project file, its passphrase and copies, and the app-wide settings.
 */
import { z } from 'zod';
import { empty, passphrase, path, type MethodSpec } from './common';

export const projectState = z.enum(['none', 'open', 'locked']);

export const projectCounts = z.record(z.string(), z.number().int().nonnegative());

export const projectInfo = z.object({
  title: z.string(),
  fileName: z.string(),
  path: z.string(),
  schemaVersion: z.number().int(),
  createdAt: z.string(),
  readOnly: z.boolean(),
  counts: projectCounts,
  /**
   * Notes typed after their last whole copy was written (Fieldnote stopped while they were being
   * typed): a read-only open reads them as of that copy. 0 once the project is opened writable.
   */
  notesBehind: z.number().int().min(0),
});
export type ProjectInfo = z.infer<typeof projectInfo>;

export const projectStatus = z.object({
  state: projectState,
  fileName: z.string().nullable(),
  path: z.string().nullable(),
  title: z.string().nullable(),
  readOnly: z.boolean(),
  autoLockMinutes: z.number(),
});
export type ProjectStatus = z.infer<typeof projectStatus>;

export const projectFile = z.object({ fileName: z.string(), path: z.string() });
export type ProjectFile = z.infer<typeof projectFile>;

export const appSettings = z.object({
  /** Minutes of inactivity before the open project locks itself; 0 turns auto-lock off. */
  autoLockMinutes: z.number().int().min(0).max(240),
});
export type AppSettings = z.infer<typeof appSettings>;

const title = z.string().trim().min(1).max(200);

export const projectApi = {
  'app.info': {
    input: empty,
    output: z.object({
      mode: z.enum(['electron', 'browser']),
      appVersion: z.string(),
      schemaVersion: z.number().int(),
      projectsDir: z.string(),
    }),
  },
  'project.recent': { input: empty, output: z.object({ projects: z.array(projectFile) }) },
  'project.browse': { input: empty, output: z.object({ dir: z.string(), projects: z.array(projectFile) }) },
  'project.create': {
    input: z.object({ path, title, passphrase, passphraseConfirm: passphrase }).strict(),
    output: projectInfo,
  },
  // readOnly: for reading only (the CLI's reports and exports): no upgrade, no compaction, no backup on close.
  'project.open': { input: z.object({ path, passphrase, readOnly: z.boolean().default(false) }).strict(), output: projectInfo },
  'project.unlock': { input: z.object({ passphrase }).strict(), output: projectInfo },
  'project.lock': { input: empty, output: projectStatus },
  'project.close': { input: empty, output: projectStatus },
  'project.status': { input: empty, output: projectStatus },
  'project.info': { input: empty, output: projectInfo },
  'project.setTitle': { input: z.object({ title }).strict(), output: projectInfo },
  /**
   * Backups made under the old passphrase are re-encrypted with the new one or deleted
   * (`oldBackups`), then a new-key backup is made at once: none still opens with the old one.
   */
  'project.changePassphrase': {
    input: z.object({ current: passphrase, next: passphrase, nextConfirm: passphrase, oldBackups: z.enum(['reencrypt', 'delete']).default('reencrypt') }).strict(),
    output: projectInfo.extend({
      oldBackups: z.object({ choice: z.enum(['reencrypt', 'delete']), reencrypted: z.number().int(), deleted: z.number().int(), newBackup: z.string() }),
    }),
  },
  /** A complete encrypted copy elsewhere (same passphrase): for a full or read-only disk. */
  'project.saveCopy': { input: z.object({ path }).strict(), output: z.object({ fileName: z.string(), path: z.string() }) },
  /**
   * Deletes the open project's file and its backups, after the user typed the project's title.
   * Deleting cannot reliably erase data from SSDs (see docs/security.md); the UI says so.
   */
  'project.destroy': { input: z.object({ confirmTitle: z.string().max(200) }).strict(), output: z.object({ deleted: z.array(z.string()) }) },
  'settings.get': { input: empty, output: appSettings },
  'settings.set': { input: appSettings.strict(), output: appSettings },
} as const satisfies Record<string, MethodSpec>;
