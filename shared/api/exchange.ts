/**
 * The exchange slice of the API: REFI-QDA (.qdpx projects, .qdc codebooks) for other QDA tools,
 * and the JSON export and import.
 */
import { z } from 'zod';
import { base64File, differingField, empty, initials, type MethodSpec } from './common';

export const codebookPreview = z.object({
  added: z.array(z.object({ guid: z.string(), name: z.string(), path: z.string() })),
  changed: z.array(z.object({ guid: z.string(), localId: z.string(), name: z.string(), fields: z.array(differingField) })),
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

export const exchangeApi = {
  /** The project as REFI-QDA 1.5 (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder. */
  'exchange.exportQdpx': { input: empty, output: z.object({ fileName: z.string(), dataBase64: z.string(), summary: z.string() }) },
  /** The codebook alone as REFI-QDA (.qdc). */
  'exchange.exportQdc': { input: empty, output: z.object({ fileName: z.string(), dataBase64: z.string(), summary: z.string() }) },
  /** What importing a .qdc would add and change (codes matched by GUID, then by name); nothing is written. */
  'exchange.previewQdc': { input: z.object({ fileName: z.string().min(1).max(500), dataBase64: base64File }).strict(), output: codebookPreview },
  'exchange.importQdc': { input: z.object({ fileName: z.string().min(1).max(500), dataBase64: base64File, initials }).strict(), output: codebookPreview },
  /** Another tool's project: its text sources become imported documents with their codes, segments, memos and cases. */
  'exchange.importQdpx': { input: z.object({ fileName: z.string().min(1).max(500), dataBase64: base64File, initials }).strict(), output: qdpxImportSummary },
  /** The JSON export (docs/json-schema.md) as one .zip of the export folder. */
  'exchange.exportJson': { input: empty, output: z.object({ fileName: z.string(), dataBase64: z.string(), interviews: z.number().int() }) },
  'exchange.importJson': { input: z.object({ fileName: z.string().min(1).max(500), dataBase64: base64File }).strict(), output: jsonImportSummary },
} as const satisfies Record<string, MethodSpec>;
