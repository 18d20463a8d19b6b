/**
 * `fieldnote export FORMAT`: the statistics formats through `export.spss`, the exchange formats
 * (exchange-export.ts); the same files as the app's Export screen, written all or none.
 */
import nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, writeFilesTogether, type ExportFormat } from '../../export/spss-export';
import type { Command, CommandGroup } from '../command';
import { UsageError } from '../errors';
import { requireArg } from '../io';
import { withProject } from '../project-access';
import { teamExportCommands } from './exchange-export';

/** --unit of the data and stats commands. */
export function unitOf(value: string | undefined): 'respondent' | 'interview' {
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
function dataExport(formats: readonly ExportFormat[], usage: string, summary: string, target: 'dir' | 'file' = 'dir'): Command {
  return {
    usage,
    summary,
    async run(args, io) {
      const { values, positionals } = parseArgs({ args, options: COMMON_OPTIONS, allowPositionals: true });
      const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
      const outArg = nodePath.resolve(requireArg(values.out, target === 'dir' ? '--out DIR' : '--out FILE.xml', this.usage));
      const unit = unitOf(values.unit);
      const dontKnow = dontKnowOf(values['dont-know']);
      const exported = await withProject(io, project, (call) =>
        call('export.spss', {
          unit,
          ...(values.lang ? { language: values.lang } : {}),
          includeText: values['include-text'] === true,
          ...(values.form ? { formId: values.form } : {}),
          ...(dontKnow ? { dontKnow } : {}),
          formats: [...formats],
          bom: values.bom === true,
        }),
        { readOnly: true },
      );
      // DDI names its file (--out FILE.xml); a folder given instead gets NAME-ddi.xml.
      const asFile = target === 'file' && outArg.toLowerCase().endsWith('.xml');
      const dir = asFile ? nodePath.dirname(outArg) : outArg;
      const files = exported.files.map((f) => ({ name: asFile ? nodePath.basename(outArg) : f.name, bytes: Buffer.from(f.dataBase64, 'base64') }));
      const written = { paths: writeFilesTogether(dir, files), rows: exported.rows, variables: exported.variables };
      for (const path of written.paths) io.out(path);
      io.err(`${written.rows} rows (one per ${unit}), ${written.variables} variables.`);
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
