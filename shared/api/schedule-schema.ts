/**
 * The schedule model (shared/schedule/model.ts) as a zod schema, so that a schedule sent by
 * the designer is checked field by field at the API boundary. Meaning (names, expressions,
 * lists) is checked by lint afterwards; this only guarantees the shape.
 */
import { z } from 'zod';
import { INTAKE_ATTRIBUTES, QUESTION_TYPES, type Item, type Schedule } from '../schedule/model';
import { FINDING_GROUPS } from '../schedule/findings';

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
