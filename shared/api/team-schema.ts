/**
 * Schemas of the team API: REFI-QDA and JSON exchange, merging another project, backups.
 * Part of the one contract (contract.ts imports these).
 */
import { z } from 'zod';

const field = z.object({ name: z.string(), local: z.string(), incoming: z.string() });

export const codebookPreview = z.object({
  added: z.array(z.object({ guid: z.string(), name: z.string(), path: z.string() })),
  changed: z.array(z.object({ guid: z.string(), localId: z.string(), name: z.string(), fields: z.array(field) })),
  unchanged: z.number().int(),
  warnings: z.array(z.string()),
});
export type CodebookPreview = z.infer<typeof codebookPreview>;

export const qdpxImportSummary = z.object({
  documents: z.number().int(),
  skippedDocuments: z.number().int(),
  codesAdded: z.number().int(),
  codesChanged: z.number().int(),
  segments: z.number().int(),
  memos: z.number().int(),
  respondents: z.number().int(),
  warnings: z.array(z.string()),
});

export const jsonImportSummary = z.object({
  schedules: z.number().int(),
  codes: z.number().int(),
  interviews: z.number().int(),
  skippedInterviews: z.number().int(),
  notes: z.number().int(),
  segments: z.number().int(),
  memos: z.number().int(),
  renumbered: z.array(z.object({ from: z.string(), to: z.string() })),
});

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
  fields: z.array(field),
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
