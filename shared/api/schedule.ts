/**
 * The schedule's slice of the API: importing, editing, versioning and exporting XLSForm
 * schedules. `scheduleSchema` is the schedule model (shared/schedule/model.ts) as a zod schema,
 * so that a schedule sent by the designer is checked field by field at the API boundary.
 * Meaning (names, expressions, lists) is checked by lint afterwards; this only guarantees the shape.
 */
import { z } from 'zod';
import { INTAKE_ATTRIBUTES, QUESTION_TYPES, type Item, type Schedule } from '../schedule/model';
import { FINDING_GROUPS } from '../schedule/findings';
import { base64File, empty, id, type MethodSpec } from './common';
const text = z.string().max(100_000);
const labels = z.record(z.string().max(200), text);
const extra = z.record(z.string().max(500), text);
const row = z.number().int().positive().optional();

const itemBase = {
  name: z.string().max(500),
  label: labels,
  hint: labels,
  relevant: text,
  appearance: text,
  extra,
  row,
};

const question = z
  .object({
    ...itemBase,
    kind: z.literal('question'),
    type: z.enum(QUESTION_TYPES),
    listName: z.string().max(500),
    required: text,
    constraint: text,
    constraintMessage: labels,
    priority: z.enum(['primary', 'probe']),
    attribute: z.enum(INTAKE_ATTRIBUTES).optional(),
  })
  .strict();

const group: z.ZodType<Item> = z.lazy(() =>
  z
    .object({
      ...itemBase,
      kind: z.literal('group'),
      children: z.array(item).max(10_000),
      endExtra: extra,
      endRow: row,
    })
    .strict(),
) as z.ZodType<Item>;

const item: z.ZodType<Item> = z.lazy(() => z.union([question, group])) as z.ZodType<Item>;

export const scheduleSchema = z
  .object({
    title: z.string().max(1000),
    formId: z.string().max(500),
    version: z.string().max(200),
    defaultLanguage: z.string().max(200),
    languages: z.array(z.object({ code: z.string().max(50), name: z.string().max(200) }).strict()).max(50),
    items: z.array(item).max(10_000),
    choiceLists: z
      .array(
        z
          .object({
            name: z.string().max(500),
            choices: z.array(z.object({ name: z.string().max(500), label: labels, missing: z.boolean(), extra, row }).strict()).max(10_000),
          })
          .strict(),
      )
      .max(5_000),
    settingsExtra: extra,
    columns: z.object({ survey: z.array(z.string()), choices: z.array(z.string()), settings: z.array(z.string()) }).strict(),
    otherSheets: z.array(z.object({ name: z.string(), rows: z.array(z.array(z.string())) }).strict()),
  })
  .strict() as unknown as z.ZodType<Schedule, Schedule>;

export const findingSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  group: z.enum(FINDING_GROUPS).optional(),
  sheet: z.string(),
  row: z.number().int().optional(),
  column: z.string().optional(),
  message: z.string(),
});

export const scheduleSummary = z.object({
  id: z.string(),
  formId: z.string(),
  title: z.string(),
  version: z.number().int(),
  formVersion: z.string(),
  questionCount: z.number().int(),
  languages: z.array(z.string()),
  updatedAt: z.string(),
  interviewCount: z.number().int(),
  superseded: z.boolean(),
});
export type ScheduleSummary = z.infer<typeof scheduleSummary>;

const scheduleFindings = z.array(findingSchema);

export const scheduleApi = {
  'schedule.list': { input: empty, output: z.object({ schedules: z.array(scheduleSummary) }) },
  'schedule.get': {
    input: z.object({ id }).strict(),
    output: z.object({ summary: scheduleSummary, schedule: scheduleSchema, findings: scheduleFindings }),
  },
  /** An XLSForm workbook. Lint errors stop the import (imported is null); warnings are kept. */
  'schedule.import': {
    input: z.object({ fileName: z.string().min(1).max(500), dataBase64: base64File }).strict(),
    output: z.object({ imported: scheduleSummary.nullable(), findings: scheduleFindings }),
  },
  'schedule.importExample': { input: empty, output: z.object({ imported: scheduleSummary.nullable(), findings: scheduleFindings }) },
  /** Saves an edit from the designer; a version used by interviews is kept and a new version made. */
  'schedule.save': {
    input: z.object({ id, schedule: scheduleSchema }).strict(),
    output: z.object({ summary: scheduleSummary, findings: scheduleFindings }),
  },
  'schedule.remove': { input: z.object({ id }).strict(), output: z.object({}) },
  'schedule.exportXlsx': { input: z.object({ id }).strict(), output: z.object({ fileName: z.string(), dataBase64: z.string() }) },
  'schedule.exportXform': { input: z.object({ id }).strict(), output: z.object({ fileName: z.string(), xml: z.string() }) },
} as const satisfies Record<string, MethodSpec>;
