/**
 * `fieldnote export qdpx|qdc|json`: the exchange formats. REFI-QDA through the app's own
 * `exchange.export*` calls; JSON as a folder (the API gives the app a .zip instead).
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { buildJsonExport, writeJsonExport } from '../../team/json-exchange';
import { PRIVATE_FILE, restrictFile } from '../../store/project-store';
import { exchangeError } from '../../services/exchange';
import type { Command } from '../command';
import { UserError } from '../errors';
import { requireArg } from '../io';
import { withProject, withStore } from '../project-access';

async function guarded<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw exchangeError(error);
  }
}

function writeNew(file: string, data: Uint8Array | string): void {
  try {
    // Exchange files hold every note in plain text: readable by their owner only.
    fs.writeFileSync(file, data, { flag: 'wx', mode: PRIVATE_FILE });
    restrictFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UserError(`${file} already exists. Choose another name.`);
    throw error;
  }
}

export const teamExportCommands: Record<string, Command> = {
  qdpx: {
    usage: 'fieldnote export qdpx PROJECT.fieldnote --out FILE.qdpx',
    summary: 'the project as REFI-QDA 1.5 (interviews as text sources, codes, coded segments, memos, respondents as cases)',
    async run(args, io) {
      const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true });
      const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
      const out = nodePath.resolve(requireArg(values.out, '--out FILE.qdpx', this.usage));
      const { dataBase64, summary } = await withProject(io, project, (call) => call('exchange.exportQdpx', {}), { readOnly: true });
      writeNew(out, Buffer.from(dataBase64, 'base64'));
      io.out(`Wrote ${out}: ${summary}`);
    },
  },
  qdc: {
    usage: 'fieldnote export qdc PROJECT.fieldnote --out FILE.qdc',
    summary: 'the codebook as REFI-QDA (.qdc)',
    async run(args, io) {
      const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true });
      const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
      const out = nodePath.resolve(requireArg(values.out, '--out FILE.qdc', this.usage));
      const { dataBase64, summary } = await withProject(io, project, (call) => call('exchange.exportQdc', {}), { readOnly: true });
      writeNew(out, Buffer.from(dataBase64, 'base64'));
      io.out(`Wrote ${out}: ${summary}`);
    },
  },
  json: {
    usage: 'fieldnote export json PROJECT.fieldnote --out DIR',
    summary: 'interviews, answers, notes (text and editor state), codes, segments and memos as JSON files in DIR (docs/json-schema.md)',
    async run(args, io) {
      const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true });
      const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
      const out = nodePath.resolve(requireArg(values.out, '--out DIR', this.usage));
      // The API's exchange.exportJson gives the app one .zip to download; the CLI writes the folder itself.
      const files = await withStore(io, project, ({ store }) => buildJsonExport(store.db, store.getMeta('title') ?? ''), { readOnly: true });
      const written = await guarded(() => writeJsonExport(out, files));
      io.out(`Wrote ${written.length} file(s) into ${out} (${written.length - 1} interview(s)).`);
    },
  },
};
