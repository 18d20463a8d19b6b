/** `fieldnote stats ...`: the app's frequency, crosstab and sample tables (`stats.*`), printed as the app lays them out. */
import { parseArgs } from 'node:util';
import { BREAKDOWNS, tableRows, type Breakdown, type CrosstabPercentages } from '../../../shared/stats';
import type { CliIo, CommandGroup } from '../command';
import { UsageError } from '../errors';
import { requireArg } from '../io';
import { withProject } from '../project-access';
import { unitOf } from './export';

/** Prints table rows as the app lays them out: the title alone, notes as they are, the grid aligned. */
function printRows(io: CliIo, rows: string[][]): void {
  const [header, ...body] = rows;
  io.out(header?.[0] ?? '');
  const grid = [['', ...header!.slice(1)], ...body.filter((r) => r.length > 1)];
  const widths = grid[0]!.map((_, c) => Math.max(...grid.map((r) => [...(r[c] ?? '')].length)));
  for (const row of [['', ...header!.slice(1)], ...body]) {
    if (row.length <= 1) io.out(row[0] ?? '');
    else io.out(row.map((cell, c) => (c >= 1 && /^-?[\d.]+$/.test(cell) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd());
  }
}

function breakdownOf(value: string | undefined): Breakdown | undefined {
  if (value === undefined) return undefined;
  if ((BREAKDOWNS as readonly string[]).includes(value)) return value as Breakdown;
  throw new UsageError(`--by is ${BREAKDOWNS.join(', ')} (got ${value}).`);
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
      async run(args, io) {
        const { values, positionals } = parseArgs({ args, options: { by: { type: 'string' }, unit: { type: 'string' }, form: { type: 'string' }, percentages: { type: 'string' } }, allowPositionals: true });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const variable = requireArg(positionals[1], 'VARIABLE', this.usage);
        const percentages = percentagesOf(values.percentages);
        const query = { unit: unitOf(values.unit), ...(values.form ? { formId: values.form } : {}) };
        const by = breakdownOf(values.by);
        const rows = await withProject(io, project, async (call) =>
          tableRows(by ? (await call('stats.crosstab', { variable, by, percentages, ...query })).table : (await call('stats.frequency', { variable, ...query })).table),
          { readOnly: true },
        );
        printRows(io, rows);
      },
    },
    sample: {
      usage: 'fieldnote stats sample PROJECT.fieldnote [--add VARIABLE]... [--json] [--unit respondent|interview] [--form FORM_ID]',
      summary: 'print the sample table (Table 1: organisation type, focus of work, location, agency group, and any --add), or it as JSON',
      async run(args, io) {
        const { values, positionals } = parseArgs({
          args,
          options: { json: { type: 'boolean' }, add: { type: 'string', multiple: true }, unit: { type: 'string' }, form: { type: 'string' } },
          allowPositionals: true,
        });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const query = { unit: unitOf(values.unit), ...(values.form ? { formId: values.form } : {}) };
        const { table } = await withProject(io, project, (call) => call('stats.sample', { ...(values.add ? { variables: values.add } : {}), ...query }), { readOnly: true });
        if (values.json) io.out(JSON.stringify(table, null, 2));
        else printRows(io, tableRows(table));
      },
    },
  },
};
