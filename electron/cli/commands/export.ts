import nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { BREAKDOWNS, crosstabOf, frequencyOf, sampleOf, StatsError, tableRows, type CrosstabPercentages } from '../../../shared/stats';
import { projectSettingsOf } from '../../export/export-data';
import { EXPORT_FORMATS, projectDataset, spssFiles, writeFilesTogether, type ExportFormat } from '../../export/spss-export';
import { UsageError, UserError } from '../errors';
import { requireArg } from '../io';
import { withProject } from '../project-access';
import type { CommandGroup } from '../registry';
import { teamExportCommands } from './team';

function unitOf(value: string | undefined): 'respondent' | 'interview' {
  if (value === undefined || value === 'respondent' || value === 'interview') return value ?? 'respondent';
  throw new UsageError(`--unit is respondent or interview (got ${value}).`);
}

const COMMON_OPTIONS = {
  out: { type: 'string' },
  lang: { type: 'string' },
  unit: { type: 'string' },
  'include-text': { type: 'boolean' },
  form: { type: 'string' },
  'dont-know': { type: 'string' },
  bom: { type: 'boolean' },
} as const;
const COMMON_USAGE = '[--lang CODE] [--unit respondent|interview] [--include-text] [--dont-know missing|valid] [--form FORM_ID]';

function dontKnowOf(value: string | undefined): 'missing' | 'valid' | undefined {
  if (value === undefined || value === 'missing' || value === 'valid') return value;
  throw new UsageError(`--dont-know is missing or valid (got ${value}).`);
}

/** One `fieldnote export FORMAT` command: files of `formats` into DIR (or FILE for DDI), all or none. */
function dataExport(formats: readonly ExportFormat[], usage: string, summary: string, target: 'dir' | 'file' = 'dir') {
  return {
    usage,
    summary,
    async run(this: { usage: string }, args: string[]) {
      const { values, positionals } = parseArgs({ args, options: COMMON_OPTIONS, allowPositionals: true });
      const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
      const outArg = nodePath.resolve(requireArg(values.out, target === 'dir' ? '--out DIR' : '--out FILE.xml', this.usage));
      const unit = unitOf(values.unit);
      const dontKnow = dontKnowOf(values['dont-know']);
      const baseName = nodePath.basename(project, '.fieldnote');
      const written = await withProject(
        project,
        async ({ store, deviceId }) => {
          const files = await spssFiles(
            store.db,
            deviceId,
            baseName,
            {
              unit,
              ...(values.lang ? { language: values.lang } : {}),
              includeText: values['include-text'] === true,
              ...(values.form ? { formId: values.form } : {}),
              ...(dontKnow ? { dontKnow } : {}),
            },
            formats,
            { bom: values.bom === true },
          );
          // DDI names its file (--out FILE.xml); a folder given instead gets NAME-ddi.xml.
          const asFile = target === 'file' && outArg.toLowerCase().endsWith('.xml');
          const dir = asFile ? nodePath.dirname(outArg) : outArg;
          const named = asFile ? files.files.map((f) => ({ ...f, name: nodePath.basename(outArg) })) : files.files;
          return { paths: writeFilesTogether(dir, named), rows: files.built.dataset.rows.length, variables: files.built.dataset.variables.length };
        },
        { readOnly: true },
      );
      for (const path of written.paths) console.log(path);
      console.error(`${written.rows} rows (one per ${unit}), ${written.variables} variables.`);
    },
  };
}

export const exportCommands: CommandGroup = {
  name: 'export',
  summary: 'export a project for other tools',
  commands: {
    ...teamExportCommands,
    spss: dataExport(
      ['spss'],
      `fieldnote export spss PROJECT.fieldnote --out DIR ${COMMON_USAGE} [--bom]`,
      'write NAME.csv, NAME.sps (SPSS syntax), NAME.sav, NAME.R and NAME-codebook.md into DIR (made if missing), all or none',
    ),
    stata: dataExport(['stata'], `fieldnote export stata PROJECT.fieldnote --out DIR ${COMMON_USAGE}`, 'write NAME.dta (Stata 14+, format 118) into DIR'),
    r: dataExport(['r'], `fieldnote export r PROJECT.fieldnote --out DIR ${COMMON_USAGE} [--bom]`, 'write NAME.csv and NAME.R (haven labelled vectors and factors) into DIR'),
    ddi: dataExport(['ddi'], `fieldnote export ddi PROJECT.fieldnote --out FILE.xml ${COMMON_USAGE}`, 'write a DDI Codebook 2.5 XML file (variables, categories with frequencies, missing flags); a folder gets NAME-ddi.xml', 'file'),
    excel: dataExport(['excel'], `fieldnote export excel PROJECT.fieldnote --out DIR ${COMMON_USAGE}`, 'write NAME.xlsx with data (codes), labelled and variables sheets into DIR'),
    all: dataExport(
      EXPORT_FORMATS,
      `fieldnote export all PROJECT.fieldnote --out DIR ${COMMON_USAGE} [--bom]`,
      'write every statistics format (SPSS, Stata, R, DDI, Excel, CSV) into DIR, all or none',
    ),
  },
};

/** Prints table rows as the app lays them out: the title alone, notes as they are, the grid aligned. */
function printRows(rows: string[][]): void {
  const [header, ...body] = rows;
  console.log(header![0]);
  const grid = [['', ...header!.slice(1)], ...body.filter((r) => r.length > 1)];
  const widths = grid[0]!.map((_, c) => Math.max(...grid.map((r) => [...(r[c] ?? '')].length)));
  for (const row of [['', ...header!.slice(1)], ...body]) {
    if (row.length <= 1) console.log(row[0] ?? '');
    else console.log(row.map((cell, c) => (c >= 1 && /^-?[\d.]+$/.test(cell) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd());
  }
}

function percentagesOf(value: string | undefined): CrosstabPercentages {
  if (value === undefined) return 'column';
  if (value === 'column' || value === 'row' || value === 'both') return value;
  throw new UsageError(`--percentages is column, row or both (got ${value}).`);
}

export const statsCommands: CommandGroup = {
  name: 'stats',
  summary: 'frequency tables, crosstabs and the sample table, as the app shows them',
  commands: {
    freq: {
      usage: `fieldnote stats freq PROJECT.fieldnote VARIABLE [--by ${BREAKDOWNS.join('|')}] [--percentages column|row|both] [--unit respondent|interview] [--form FORM_ID]`,
      summary: 'print the frequency table of a variable (N, percent, valid percent, cumulative percent), or its crosstab with chi-square',
      async run(args) {
        const { values, positionals } = parseArgs({ args, options: { by: { type: 'string' }, unit: { type: 'string' }, form: { type: 'string' }, percentages: { type: 'string' } }, allowPositionals: true });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const variable = requireArg(positionals[1], 'VARIABLE', this.usage);
        const percentages = percentagesOf(values.percentages);
        const rows = await withProject(
          project,
          ({ store, deviceId }) => {
            const { built } = projectDataset(store.db, projectSettingsOf(store.db, deviceId), { unit: unitOf(values.unit), ...(values.form ? { formId: values.form } : {}) });
            try {
              return tableRows(values.by ? crosstabOf(built.dataset, variable, built.attributeVariables[values.by] ?? values.by, percentages) : frequencyOf(built.dataset, variable));
            } catch (error) {
              if (error instanceof StatsError) throw new UserError(error.message);
              throw error;
            }
          },
          { readOnly: true },
        );
        printRows(rows);
      },
    },
    sample: {
      usage: 'fieldnote stats sample PROJECT.fieldnote [--add VARIABLE]... [--json] [--unit respondent|interview] [--form FORM_ID]',
      summary: 'print the sample table (Table 1: organisation type, focus of work, location, agency group, and any --add), or it as JSON',
      async run(args) {
        const { values, positionals } = parseArgs({
          args,
          options: { json: { type: 'boolean' }, add: { type: 'string', multiple: true }, unit: { type: 'string' }, form: { type: 'string' } },
          allowPositionals: true,
        });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const table = await withProject(
          project,
          ({ store, deviceId }) => {
            const { built } = projectDataset(store.db, projectSettingsOf(store.db, deviceId), { unit: unitOf(values.unit), ...(values.form ? { formId: values.form } : {}) });
            try {
              return sampleOf(built.dataset, values.add ?? [], (name) => built.attributeVariables[name] ?? name);
            } catch (error) {
              if (error instanceof StatsError) throw new UserError(error.message);
              throw error;
            }
          },
          { readOnly: true },
        );
        if (values.json) console.log(JSON.stringify(table, null, 2));
        else printRows(tableRows(table));
      },
    },
  },
};
