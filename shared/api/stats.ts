/**
 * The statistics slice of the API: the dataset's variables, frequency tables, crosstabs, the
 * sample table, and the statistics files (SPSS, Stata, R, DDI, Excel, CSV).
 */
import { z } from 'zod';
import { BREAKDOWNS, type Crosstab, type FrequencyTable, type SampleDescription } from '../stats';
import type { MethodSpec } from './common';

/** Statistics export formats: SPSS set, Stata .dta, R script, DDI Codebook XML, Excel workbook, plain CSV. */
export const exportFormat = z.enum(['spss', 'stata', 'r', 'ddi', 'excel', 'csv']);
export type ExportFormat = z.infer<typeof exportFormat>;

/** Rows of the statistics dataset: one per respondent, or one per interview session. */
export const unitOfAnalysis = z.enum(['respondent', 'interview']);
export type UnitOfAnalysis = z.infer<typeof unitOfAnalysis>;
export const statsBreakdown = z.enum(BREAKDOWNS);
const variableName = z.string().min(1).max(200);
/** Which schedule form to analyse; optional when the project has one. */
const formSelector = z.string().min(1).max(200).optional();
export const statsVariable = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(['numeric', 'string', 'date']),
  measure: z.enum(['nominal', 'ordinal', 'scale']),
  /** A variable with categories worth a frequency table (not an ID, a scale or open text). */
  categorical: z.boolean(),
  /** The schedule question it comes from, when it comes from one. */
  question: z.string().optional(),
});
export type StatsVariable = z.infer<typeof statsVariable>;
// The tables are built by shared/stats and checked against PSPP there; the schema only asserts their kind.
const frequencyTableSchema = z.custom<FrequencyTable>((x) => typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'frequency');
const crosstabSchema = z.custom<Crosstab>((x) => typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'crosstab');
const sampleSchema = z.custom<SampleDescription>((x) => typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'sample-description');
const tableQuery = { unit: unitOfAnalysis, formId: formSelector };
export const statsTableKind = z.enum(['frequency', 'crosstab', 'sample']);
/** Percentages under each crosstab count: column (default), row, or both. */
export const crosstabPercentages = z.enum(['column', 'row', 'both']);
/** Attributes or questions added to the sample table (Table 1) after the standard ones. */
const sampleVariables = z.array(z.string().min(1).max(64)).max(20);

export const statsApi = {
  /** The variables of the statistics dataset (the same dataset the SPSS export writes). */
  'stats.variables': {
    input: z.object(tableQuery).strict(),
    output: z.object({
      formId: z.string(),
      forms: z.array(z.object({ formId: z.string(), title: z.string() })),
      unit: unitOfAnalysis,
      /** Rows in the dataset: respondents or interviews. */
      rows: z.number().int(),
      variables: z.array(statsVariable),
      breakdowns: z.array(z.object({ name: statsBreakdown, label: z.string() })),
      /** Label languages the schedule has (code '' is a workbook's plain label column). */
      languages: z.array(z.object({ code: z.string(), name: z.string() })),
      projectFileName: z.string(),
    }),
  },
  /** FREQUENCIES for one variable, with the table as tab-separated text for the clipboard. */
  'stats.frequency': { input: z.object({ variable: variableName, ...tableQuery }).strict(), output: z.object({ table: frequencyTableSchema, tsv: z.string(), html: z.string() }) },
  /** CROSSTABS of a variable by a respondent attribute: counts, column %, Pearson chi-square. */
  'stats.crosstab': {
    input: z.object({ variable: variableName, by: statsBreakdown, percentages: crosstabPercentages.default('column'), ...tableQuery }).strict(),
    output: z.object({ table: crosstabSchema, tsv: z.string(), html: z.string() }),
  },
  /** The report's Table 1: the sample by organisation type, focus of work, location and agency group. */
  'stats.sample': {
    input: z.object({ variables: sampleVariables.default([]), ...tableQuery }).strict(),
    output: z.object({ table: sampleSchema, tsv: z.string(), html: z.string() }),
  },
  /** One of the tables above as an .xlsx workbook. */
  'stats.exportXlsx': {
    input: z
      .object({
        kind: statsTableKind,
        variable: variableName.optional(),
        by: statsBreakdown.optional(),
        percentages: crosstabPercentages.default('column'),
        variables: sampleVariables.default([]),
        ...tableQuery,
      })
      .strict()
      .refine((x) => x.kind === 'sample' || x.variable !== undefined, { message: 'a frequency table or crosstab needs a variable', path: ['variable'] })
      .refine((x) => x.kind !== 'crosstab' || x.by !== undefined, { message: 'a crosstab needs a breakdown', path: ['by'] }),
    output: z.object({ fileName: z.string(), dataBase64: z.string() }),
  },
  /** The statistics files of the chosen formats (NAME from the project file), for download. */
  'export.spss': {
    input: z
      .object({
        unit: unitOfAnalysis,
        language: z.string().min(1).max(50).optional(),
        includeText: z.boolean(),
        formId: formSelector,
        formats: z.array(exportFormat).min(1).max(6).default(['spss']),
        dontKnow: z.enum(['missing', 'valid']).optional(),
        bom: z.boolean().default(false),
      })
      .strict(),
    output: z.object({
      files: z.array(z.object({ name: z.string(), mediaType: z.string(), dataBase64: z.string() })),
      rows: z.number().int(),
      variables: z.number().int(),
    }),
  },
} as const satisfies Record<string, MethodSpec>;
