/**
 * The team slice of the API: merging another evaluator's project, and backups (made on a
 * timer, restored on request or when the project no longer opens).
 */
import { z } from 'zod';
import { differingField, empty, id, passphrase, path, type MethodSpec } from './common';
import { projectInfo } from './project';

export const conflictKind = z.enum(['record', 'respondent-id', 'unplaced']);
export const conflictStatus = z.enum(['open', 'kept-local', 'took-incoming', 'renumbered']);
export const mergeConflict = z.object({
  id: z.string(),
  kind: conflictKind,
  table: z.string(),
  recordId: z.string(),
  label: z.string(),
  detail: z.string(),
  status: conflictStatus,
  source: z.string(),
  fields: z.array(differingField),
});
export type MergeConflict = z.infer<typeof mergeConflict>;

export const respondentClash = z.object({
  participantId: z.string(),
  respondentNumber: z.number().int(),
  respondentCode: z.string(),
  newNumber: z.number().int(),
  newCode: z.string(),
});

export const mergeReport = z.object({
  tables: z.record(z.string(), z.object({ added: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), conflicts: z.number().int() })),
  conflicts: z.array(mergeConflict),
  respondentClashes: z.array(respondentClash),
  codesMatchedByName: z.array(z.object({ incomingId: z.string(), localId: z.string(), name: z.string() })),
  scheduleVersionsRenumbered: z.array(z.object({ formId: z.string(), from: z.number().int(), to: z.number().int() })),
  notes: z.array(z.string()),
});
export type MergeReport = z.infer<typeof mergeReport>;

export const backupSettings = z
  .object({
    /** Minutes between automatic backups while the project is open; 0 turns them off. */
    intervalMinutes: z.number().int().min(0).max(24 * 60),
    keep: z.number().int().min(1).max(100),
    /** A full path, or '' for the folder beside the project (NAME.backups). */
    folder: z.string().max(4096),
  })
  .strict();
export type BackupSettingsInput = z.infer<typeof backupSettings>;

export const backupEntry = z.object({ fileName: z.string(), path: z.string(), madeAt: z.string(), size: z.number().int() });
export type BackupEntryOutput = z.infer<typeof backupEntry>;

export const teamApi = {
  /** What merging another project would add, update and put in conflict; nothing is written. */
  'merge.preview': { input: z.object({ path, passphrase }).strict(), output: mergeReport },
  /** Merges another project in one transaction, after an automatic backup. ID clashes need respondentClashes. */
  'merge.apply': {
    input: z.object({ path, passphrase, respondentClashes: z.enum(['renumber-incoming']).optional() }).strict(),
    output: mergeReport.extend({ backup: z.string() }),
  },
  'merge.conflicts': { input: z.object({ all: z.boolean().default(false) }).strict(), output: z.object({ conflicts: z.array(mergeConflict) }) },
  'merge.resolve': { input: z.object({ id, choice: z.enum(['keep-local', 'take-incoming']) }).strict(), output: z.object({ placed: z.number().int(), unplaced: z.number().int() }) },
  'backups.list': {
    input: empty,
    output: z.object({ folder: z.string(), settings: backupSettings, backups: z.array(backupEntry), lastError: z.string().nullable() }),
  },
  'backups.make': { input: empty, output: backupEntry },
  'backups.setSettings': { input: backupSettings, output: backupSettings },
  /** Replaces the open project with a backup, after keeping the current state as a backup too. */
  'backups.restore': {
    input: z.object({ fileName: z.string().min(1).max(500), passphrase }).strict(),
    output: z.object({ info: projectInfo, restoredFrom: z.string(), savedCurrentAs: z.string().nullable() }),
  },
  /** A project that no longer opens (damaged_project): the newest backup that opens takes its place; the damaged file is renamed aside. */
  'backups.restoreDamaged': {
    input: z.object({ path: path.optional(), passphrase }).strict(),
    output: z.object({ info: projectInfo, restoredFrom: z.string(), damagedKeptAs: z.string().nullable() }),
  },
} as const satisfies Record<string, MethodSpec>;
