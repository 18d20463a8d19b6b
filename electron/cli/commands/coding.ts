/**
 * `fieldnote search` and `fieldnote codes`: the coding workbench from the command line,
 * through the same API calls as the app (`search.notes`, `codes.list`).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { requireArg } from '../io';
import { withProject } from '../project-access';
import type { Command, CommandGroup } from '../command';

function limitOf(value: string | undefined): number {
  if (value === undefined) return 50;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new UsageError(`--limit is a whole number from 1 to 500 (got ${value}).`);
  return n;
}

const search: Command = {
  usage: 'fieldnote search PROJECT.fieldnote QUERY [--limit N] [--json]',
  summary: 'find notes containing every word of QUERY (substrings too, Khmer included): respondent ID, question and a snippet per note',
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' }, limit: { type: 'string' } }, allowPositionals: true });
    const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
    const query = requireArg(positionals.slice(1).join(' ').trim(), 'QUERY', this.usage);
    const limit = limitOf(values.limit);
    const found = await withProject(io, project, (call) => call('search.notes', { query, limit }), { readOnly: true });
    if (values.json) {
      io.out(JSON.stringify(found, null, 2));
      return;
    }
    for (const hit of found.hits) {
      const snippet = hit.snippet.replace(/\s+/gu, ' ').trim();
      io.out(`${hit.respondentCodes.join(', ')}\t${hit.question === '' ? 'general notes' : hit.question}\t${hit.snippetStart > 0 ? '…' : ''}${snippet}…`);
    }
    const shown = found.hits.length < found.total ? ` (showing ${found.hits.length}; use --limit for more)` : '';
    io.err(`${found.total} note${found.total === 1 ? '' : 's'} match${found.total === 1 ? 'es' : ''}${shown}.${found.method === 'like' ? ' A word shorter than 3 characters: searched without the index.' : ''}`);
  },
};

export const searchCommand: CommandGroup = { name: 'search', summary: 'full-text search of notes', commands: {}, command: search };

export const codesCommands: CommandGroup = {
  name: 'codes',
  summary: 'the codebook of the coding workbench',
  commands: {
    list: {
      usage: 'fieldnote codes list PROJECT.fieldnote [--json]',
      summary: 'print the code tree with segments and interviews per code (and with its sub-codes)',
      async run(args, io) {
        const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const { codes: tree } = await withProject(io, project, (call) => call('codes.list', {}), { readOnly: true });
        if (values.json) {
          io.out(JSON.stringify(tree, null, 2));
          return;
        }
        for (const code of tree) {
          const flags = [code.kind === 'theme' ? 'theme' : '', code.isCore ? 'core' : '', code.inVivo ? 'in vivo' : ''].filter((f) => f !== '');
          const below = code.codingsWithDescendants !== code.codings ? `; with sub-codes ${code.codingsWithDescendants} in ${code.interviewsWithDescendants}` : '';
          io.out(`${'  '.repeat(code.depth)}${code.name}${flags.length > 0 ? ` [${flags.join(', ')}]` : ''}  ${code.codings} segments in ${code.interviews} interviews${below}`);
        }
        if (tree.length === 0) io.err('The project has no codes yet.');
      },
    },
  },
};
