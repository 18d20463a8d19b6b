/**
 * `fieldnote evidence PROJECT --out FILE.docx [--question ID]`: the evaluation matrix's report,
 * one section per evaluation question with its tables, sentences, quotes and gaps, built by the
 * app's own export (`evaluation.report`). FILE.md gives Markdown. Written all or nothing.
 */
import nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../../util/atomic-write';
import { UsageError } from '../errors';
import { requireArg } from '../io';
import { withProject } from '../project-access';
import type { Command, CommandGroup } from '../command';

const evidence: Command = {
  usage: 'fieldnote evidence PROJECT.fieldnote --out FILE.docx|FILE.md [--question ID]',
  summary: 'write the evidence for each evaluation question (or one): who spoke to it, numbers, themes, quotes, gaps',
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' }, question: { type: 'string' } }, allowPositionals: true });
    const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
    const out = nodePath.resolve(requireArg(values.out, '--out FILE.docx', this.usage));
    const format = out.toLowerCase().endsWith('.docx') ? 'docx' : out.toLowerCase().endsWith('.md') ? 'md' : null;
    if (format === null) throw new UsageError(`--out must end in .docx (Word) or .md (Markdown) (got ${nodePath.basename(out)}).\nUsage: ${this.usage}`);
    const file = await withProject(io, project, (call) => call('evaluation.report', { format, ...(values.question !== undefined ? { id: values.question } : {}) }), { readOnly: true });
    writeFileAtomic(out, Buffer.from(file.dataBase64, 'base64'));
    io.out(out);
  },
};

export const evidenceCommand: CommandGroup = { name: 'evidence', summary: 'the evaluation matrix as a report', commands: {}, command: evidence };
