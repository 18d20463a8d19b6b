/**
 * `fieldnote agreement`: inter-coder agreement per code and overall, the same computation as the
 * app's agreement table (`agreement.compute`).
 */
import { parseArgs } from 'node:util';
import { agreementReportOf, agreementRows } from '../../../shared/export/agreement-report';
import { UsageError } from '../errors';
import { requireArg } from '../io';
import { withProject } from '../project-access';
import type { Command, CommandGroup } from '../command';

const agreement: Command = {
  usage: 'fieldnote agreement PROJECT.fieldnote [--coders A,B] [--unit answer|sentence] [--json]',
  summary: "Cohen's kappa, Krippendorff's alpha and percent agreement per code between two coders (initials), weakest codes first",
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' }, coders: { type: 'string' }, unit: { type: 'string' } }, allowPositionals: true });
    const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
    const unit = values.unit ?? 'answer';
    if (unit !== 'answer' && unit !== 'sentence') throw new UsageError(`--unit is answer or sentence (got ${unit}).`);
    let coders: [string, string] | undefined;
    if (values.coders !== undefined) {
      const parts = values.coders.split(',').map((p) => p.trim());
      if (parts.length !== 2 || parts.some((p) => p === '')) throw new UsageError(`--coders takes two coders' initials separated by a comma, e.g. --coders SK,LM (got ${values.coders}).`);
      coders = [parts[0]!, parts[1]!];
    }
    const result = await withProject(io, project, async (call) => {
      const computed = await call('agreement.compute', { unit, ...(coders !== undefined ? { coders } : {}) });
      const { title } = await call('project.info', {});
      return { computed, rows: agreementRows(agreementReportOf(title, computed)) };
    }, { readOnly: true });
    if (values.json) {
      const { disagreements, ...table } = result.computed;
      // Disagreements carry note text; the JSON lists where they are, not what they say.
      io.out(JSON.stringify({ ...table, disagreements: disagreements.map((d) => ({ interview: d.interviewLabel, question: d.question, code: d.codeName, unitStart: d.unitStart, unitEnd: d.unitEnd, codedBy: d.a.length > 0 ? 'A' : 'B', decision: d.decision })) }, null, 2));
      return;
    }
    for (const row of result.rows) io.out(row.join('\t'));
  },
};

export const agreementCommand: CommandGroup = { name: 'agreement', summary: 'inter-coder agreement between two coders', commands: {}, command: agreement };
