import nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { BREAKDOWNS, crosstabOf, frequencyOf, StatsError, tableRows } from '../../../shared/stats';
import { spssFiles, writeFilesTogether } from '../../export/spss-export';
import { UsageError, UserError } from '../errors';
import { requireArg } from '../io';
import { withProject } from '../project-access';
import type { CommandGroup } from '../registry';
import { teamExportCommands } from './team';

function unitOf(value: string | undefined): 'respondent' | 'interview' {
  if (value === undefined || value === 'respondent' || value === 'interview') return value ?? 'respondent';
  throw new UsageError(`--unit is respondent or interview (got ${value}).`);
}

export const exportCommands: CommandGroup = {
  name: 'export',
  summary: 'export a project for other tools',
  commands: {
    ...teamExportCommands,
    spss: {
      usage: 'fieldnote export spss PROJECT.fieldnote --out DIR [--lang CODE] [--unit respondent|interview] [--include-text] [--form FORM_ID]',
      summary: 'write NAME.csv, NAME.sps (SPSS syntax), NAME.sav and NAME-codebook.md into DIR, all or none',
      async run(args) {
        const { values, positionals } = parseArgs({
          args,
          options: { out: { type: 'string' }, lang: { type: 'string' }, unit: { type: 'string' }, 'include-text': { type: 'boolean' }, form: { type: 'string' } },
          allowPositionals: true,
        });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const out = nodePath.resolve(requireArg(values.out, '--out DIR', this.usage));
        const unit = unitOf(values.unit);
        const baseName = nodePath.basename(project, '.fieldnote');
        const written = await withProject(
          project,
          ({ store, deviceId }) => {
            const files = spssFiles(store.db, deviceId, baseName, {
              unit,
              ...(values.lang ? { language: values.lang } : {}),
              includeText: values['include-text'] === true,
              ...(values.form ? { formId: values.form } : {}),
            });
            return { paths: writeFilesTogether(out, files.files), rows: files.built.dataset.rows.length, variables: files.built.dataset.variables.length };
          },
          { readOnly: true },
        );
        for (const path of written.paths) console.log(path);
        console.error(`${written.rows} rows (one per ${unit}), ${written.variables} variables.`);
      },
    },
  },
};

export const statsCommands: CommandGroup = {
  name: 'stats',
  summary: 'frequency tables and crosstabs, as the app shows them',
  commands: {
    freq: {
      usage: `fieldnote stats freq PROJECT.fieldnote VARIABLE [--by ${BREAKDOWNS.join('|')}] [--unit respondent|interview] [--form FORM_ID]`,
      summary: 'print the frequency table of a variable (N, percent, valid percent, cumulative percent), or its crosstab with chi-square',
      async run(args) {
        const { values, positionals } = parseArgs({ args, options: { by: { type: 'string' }, unit: { type: 'string' }, form: { type: 'string' } }, allowPositionals: true });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const variable = requireArg(positionals[1], 'VARIABLE', this.usage);
        const rows = await withProject(
          project,
          ({ store, deviceId }) => {
            const { built } = spssFiles(store.db, deviceId, 'stats', { unit: unitOf(values.unit), ...(values.form ? { formId: values.form } : {}) });
            try {
              return tableRows(values.by ? crosstabOf(built.dataset, variable, values.by) : frequencyOf(built.dataset, variable));
            } catch (error) {
              if (error instanceof StatsError) throw new UserError(error.message);
              throw error;
            }
          },
          { readOnly: true },
        );
        // The title on its own line; notes (one-cell rows) as they are; the grid aligned.
        const [header, ...body] = rows;
        console.log(header![0]);
        const grid = [['', ...header!.slice(1)], ...body.filter((r) => r.length > 1)];
        const widths = grid[0]!.map((_, c) => Math.max(...grid.map((r) => [...(r[c] ?? '')].length)));
        for (const row of [['', ...header!.slice(1)], ...body]) {
          if (row.length <= 1) console.log(row[0] ?? '');
          else console.log(row.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd());
        }
      },
    },
  },
};
