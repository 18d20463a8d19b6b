/**
 * API handlers for the Statistics screen and the SPSS export: tables computed from the same
 * dataset the export writes (so the app, `fieldnote stats` and PSPP count the same rows), and
 * the export's files for download.
 */
import type { StatsVariable, UnitOfAnalysis } from '../../shared/api/contract';
import type { Handlers } from '../../shared/api/dispatch';
import { InvalidInputError } from '../../shared/api/errors';
import type { BuiltDataset } from '../../shared/export/dataset';
import type { SpssVariable } from '../../shared/export/spss';
import { BREAKDOWNS, column, crosstabOf, frequencyOf, sampleOf, StatsError, tableRows, toHtml, toTsv, type CrosstabPercentages, type StatsTable } from '../../shared/stats';
import { listForms } from '../export/export-data';
import { exportFiles, projectDataset } from '../export/spss-export';
import { writeTableWorkbook } from '../export/table-xlsx';
import { PROJECT_EXTENSION } from '../store/project-store';
import type { ServiceContext } from './context';

type StatsMethods = Pick<Handlers, 'stats.variables' | 'stats.frequency' | 'stats.crosstab' | 'stats.sample' | 'stats.exportXlsx' | 'export.spss'>;

const MEDIA_TYPES: Record<string, string> = {
  csv: 'text/csv',
  sps: 'text/plain',
  sav: 'application/x-spss-sav',
  md: 'text/markdown',
  R: 'text/plain',
  dta: 'application/x-stata-dta',
  xml: 'application/xml',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Open text and IDs have no categories worth counting; scale variables are summarised, not tabulated. */
export function isCategorical(variable: SpssVariable): boolean {
  // Every categorical variable is numeric with value labels; strings are IDs and open text.
  if (variable.measure === 'scale' || variable.name === 'resp_id' || variable.type === 'string') return false;
  return true;
}

/** A statistics error names a variable the user picked; it reaches the user as invalid input. */
function userFacing<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof StatsError) throw new InvalidInputError(error.message);
    throw error;
  }
}

/** A breakdown by an intake attribute reads the schedule question bound to it, when there is one. */
function attributeVariable(built: BuiltDataset, name: string): string {
  return built.attributeVariables[name] ?? name;
}

export function statsHandlers(ctx: ServiceContext): StatsMethods {
  /** The form asked for, or the one with the most interviews when the project has several. */
  const chooseForm = (formId: string | undefined) => {
    const forms = listForms(ctx.project.db);
    if (formId !== undefined) return { forms, formId };
    const busiest = [...forms].sort((a, b) => b.interviews - a.interviews)[0];
    return { forms, formId: busiest?.formId };
  };
  const dataset = (unit: UnitOfAnalysis, formId: string | undefined, extra: { language?: string; includeText?: boolean; dontKnow?: 'missing' | 'valid' } = {}) => {
    const chosen = chooseForm(formId);
    return { ...projectDataset(ctx.project.db, ctx.interviews().settings(), { unit, ...(chosen.formId ? { formId: chosen.formId } : {}), ...extra }), forms: chosen.forms };
  };
  const baseName = () => ctx.project.fileName.slice(0, -PROJECT_EXTENSION.length) || 'fieldnote';
  const withTsv = <T extends StatsTable>(table: T) => ({ table, tsv: toTsv(table), html: toHtml(table) });
  const tableOf = (
    built: BuiltDataset,
    kind: 'frequency' | 'crosstab' | 'sample',
    options: { variable?: string | undefined; by?: string | undefined; percentages: CrosstabPercentages; variables: string[] },
  ): StatsTable =>
    userFacing(() => {
      switch (kind) {
        case 'frequency':
          return frequencyOf(built.dataset, options.variable ?? '');
        case 'crosstab':
          return crosstabOf(built.dataset, options.variable ?? '', attributeVariable(built, options.by ?? ''), options.percentages);
        case 'sample':
          return sampleOf(built.dataset, options.variables, (name) => attributeVariable(built, name));
      }
    });

  return {
    'stats.variables': ({ unit, formId }) => {
      const { built, schedule, forms, formId: chosen } = dataset(unit, formId);
      const questionOf = new Map(built.codebook.map((entry) => [entry.name, entry.question]));
      const variables: StatsVariable[] = built.dataset.variables.map((v) => {
        const question = questionOf.get(v.name);
        return { name: v.name, label: v.label, type: v.type, measure: v.measure, categorical: isCategorical(v), ...(question !== undefined ? { question } : {}) };
      });
      return {
        formId: chosen,
        forms: forms.map((f) => ({ formId: f.formId, title: f.title })),
        unit,
        rows: built.dataset.rows.length,
        variables,
        breakdowns: BREAKDOWNS.map((name) => ({ name, label: column(built.dataset, attributeVariable(built, name)).variable.label })),
        languages: schedule.languages.filter((l) => l.code !== '').map((l) => ({ code: l.code, name: l.name })),
        projectFileName: ctx.project.fileName,
      };
    },
    'stats.frequency': ({ variable, unit, formId }) => withTsv(userFacing(() => frequencyOf(dataset(unit, formId).built.dataset, variable))),
    'stats.crosstab': ({ variable, by, percentages, unit, formId }) =>
      withTsv(
        userFacing(() => {
          const { built } = dataset(unit, formId);
          return crosstabOf(built.dataset, variable, attributeVariable(built, by), percentages);
        }),
      ),
    'stats.sample': ({ variables, unit, formId }) =>
      withTsv(
        userFacing(() => {
          const { built } = dataset(unit, formId);
          return sampleOf(built.dataset, variables, (name) => attributeVariable(built, name));
        }),
      ),
    'stats.exportXlsx': async ({ kind, variable, by, percentages, variables, unit, formId }) => {
      const table = tableOf(dataset(unit, formId).built, kind, { variable, by, percentages, variables });
      const what = kind === 'sample' ? 'sample' : kind === 'crosstab' ? `${variable ?? ''} by ${by ?? ''}` : (variable ?? '');
      const bytes = await writeTableWorkbook(tableRows(table), what);
      return { fileName: `${baseName()} ${what}.xlsx`.replace(/[\\/:*?"<>|]/g, '-'), dataBase64: Buffer.from(bytes).toString('base64') };
    },
    'export.spss': async ({ unit, language, includeText, formId, formats, dontKnow, bom }) => {
      const { built, schedule } = dataset(unit, formId, { includeText, ...(language !== undefined ? { language } : {}), ...(dontKnow ? { dontKnow } : {}) });
      const { files } = await exportFiles(built, schedule.title, baseName(), formats, { bom });
      return {
        files: files.map((f) => ({ name: f.name, mediaType: MEDIA_TYPES[f.name.split('.').pop() ?? ''] ?? 'application/octet-stream', dataBase64: Buffer.from(f.bytes).toString('base64') })),
        rows: built.dataset.rows.length,
        variables: built.dataset.variables.length,
      };
    },
  };
}
