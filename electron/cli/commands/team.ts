/**
 * Team commands: REFI-QDA and JSON import, merging another project, backups, through the same
 * API calls as the app where it has them. Each prints a summary of what changed.
 * Exit 0 / 1 (user error, nothing changed) / 2 (usage).
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { parseArgs } from 'node:util';
import type { MergeReport } from '../../../shared/api/team';
import { exchangeError } from '../../services/exchange';
import { makeBackup } from '../../team/backups';
import { importJson, readJsonExportDir } from '../../team/json-exchange';
import type { CliIo, CommandGroup } from '../command';
import { UsageError } from '../errors';
import { readPassphrase, requireArg } from '../io';
import { withProject, withStore } from '../project-access';

async function guarded<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw exchangeError(error);
  }
}

function printMerge(io: CliIo, report: MergeReport): void {
  for (const [table, c] of Object.entries(report.tables)) {
    if (c.added + c.updated + c.conflicts === 0) continue;
    io.out(`${table.padEnd(16)} added ${c.added}, updated ${c.updated}, in conflict ${c.conflicts}, unchanged ${c.unchanged}`);
  }
  for (const clash of report.respondentClashes) io.out(`ID clash: incoming ${clash.respondentCode} → ${clash.newCode}`);
  for (const s of report.scheduleVersionsRenumbered) io.out(`Schedule ${s.formId}: incoming version ${s.from} added as version ${s.to}`);
  for (const m of report.codesMatchedByName) io.out(`Code matched by name: ${m.name}`);
  for (const c of report.conflicts.filter((x) => x.status === 'open')) io.out(`Conflict: ${c.label}: ${c.detail}`);
  for (const n of report.notes) io.out(n);
  const added = Object.values(report.tables).reduce((n, c) => n + c.added, 0);
  const conflicts = report.conflicts.filter((c) => c.status === 'open').length;
  io.out(`${added} record(s) added, ${conflicts} conflict(s) to resolve in the app.`);
}

export const importCommands: CommandGroup = {
  name: 'import',
  summary: 'bring codebooks, projects and JSON from other tools into a project',
  commands: {
    qdc: {
      usage: 'fieldnote import qdc PROJECT.fieldnote FILE.qdc [--preview] [--initials AB]',
      summary: 'add a REFI-QDA codebook: codes matched by GUID, then by name; --preview lists what would change',
      async run(args, io) {
        const { values, positionals } = parseArgs({ args, options: { preview: { type: 'boolean' }, initials: { type: 'string' } }, allowPositionals: true });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const file = nodePath.resolve(requireArg(positionals[1], 'FILE.qdc', this.usage));
        const upload = { fileName: nodePath.basename(file), dataBase64: fs.readFileSync(file).toString('base64') };
        const result = await withProject(io, project, (call) => (values.preview ? call('exchange.previewQdc', upload) : call('exchange.importQdc', { ...upload, initials: values.initials ?? 'QDC' })), { readOnly: values.preview === true });
        for (const a of result.added) io.out(`+ ${a.path}`);
        for (const c of result.changed) io.out(`~ ${c.name}: ${c.fields.map((f) => f.name).join(', ')}`);
        for (const w of result.warnings) io.err(`warning: ${w}`);
        io.out(`${values.preview ? 'Would add' : 'Added'} ${result.added.length} code(s), ${values.preview ? 'change' : 'changed'} ${result.changed.length}, ${result.unchanged} unchanged.`);
      },
    },
    qdpx: {
      usage: 'fieldnote import qdpx PROJECT.fieldnote FILE.qdpx [--initials AB]',
      summary: "another tool's REFI-QDA project: its text sources become imported documents with their codes, segments, memos and cases",
      async run(args, io) {
        const { values, positionals } = parseArgs({ args, options: { initials: { type: 'string' } }, allowPositionals: true });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const file = nodePath.resolve(requireArg(positionals[1], 'FILE.qdpx', this.usage));
        const upload = { fileName: nodePath.basename(file), dataBase64: fs.readFileSync(file).toString('base64'), initials: values.initials ?? 'QDA' };
        const s = await withProject(io, project, (call) => call('exchange.importQdpx', upload));
        for (const w of s.warnings) io.err(`warning: ${w}`);
        io.out(`Imported ${s.documents} document(s) (${s.skippedDocuments} already here), ${s.codesAdded} new code(s), ${s.codesChanged} changed, ${s.segments} segment(s), ${s.memos} memo(s), ${s.respondents} respondent(s).`);
      },
    },
    json: {
      usage: 'fieldnote import json PROJECT.fieldnote DIR',
      summary: 'a JSON export (docs/json-schema.md); records already in the project are skipped',
      async run(args, io) {
        const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const dir = nodePath.resolve(requireArg(positionals[1], 'DIR', this.usage));
        // The API's exchange.importJson takes the app's .zip; the CLI reads the folder itself.
        const s = await withStore(io, project, ({ store, deviceId }) => guarded(() => importJson(store.db, readJsonExportDir(dir), deviceId)));
        for (const r of s.renumbered) io.out(`Respondent ${r.from} renumbered ${r.to} (the number was taken here).`);
        io.out(`Imported ${s.interviews} interview(s) (${s.skippedInterviews} already here), ${s.notes} note(s), ${s.segments} segment(s), ${s.codes} code(s), ${s.memos} memo(s), ${s.schedules} schedule version(s).`);
      },
    },
  },
};

export const mergeCommand: CommandGroup = {
  name: 'merge',
  summary: 'merge another project into this one',
  commands: {},
  command: {
    usage: 'fieldnote merge PROJECT.fieldnote OTHER.fieldnote [--preview] [--renumber-clashes]',
    summary: "merge OTHER into PROJECT in one transaction after a backup (OTHER's passphrase from FIELDNOTE_OTHER_PASSPHRASE); conflicts are kept for the app",
    async run(args, io) {
      const { values, positionals } = parseArgs({ args, options: { preview: { type: 'boolean' }, 'renumber-clashes': { type: 'boolean' } }, allowPositionals: true });
      const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
      const other = nodePath.resolve(requireArg(positionals[1], 'OTHER.fieldnote', this.usage));
      if (nodePath.resolve(project) === other) throw new UsageError('PROJECT and OTHER are the same file.');
      const otherPassphrase = await readPassphrase(io, 'FIELDNOTE_OTHER_PASSPHRASE', 'Passphrase of the other project: ');
      const report = await withProject(io, project, async (call) => {
        if (values.preview) return call('merge.preview', { path: other, passphrase: otherPassphrase });
        const applied = await call('merge.apply', { path: other, passphrase: otherPassphrase, ...(values['renumber-clashes'] ? { respondentClashes: 'renumber-incoming' as const } : {}) });
        io.err(`Backup: ${applied.backup}`);
        return applied;
      }, { readOnly: values.preview === true });
      if (values.preview) io.out('Preview (nothing changed):');
      printMerge(io, report);
    },
  },
};

export const backupCommand: CommandGroup = {
  name: 'backup',
  summary: 'an encrypted backup of a project',
  commands: {},
  command: {
    usage: 'fieldnote backup PROJECT.fieldnote [--out FILE.fieldnote]',
    summary: 'write an encrypted copy (same passphrase) to FILE, or into the backups folder beside the project (keeping the last 5)',
    async run(args, io) {
      const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true });
      const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
      const target = values.out ? nodePath.resolve(values.out) : undefined;
      // backups.make writes into the backups folder; a copy to a place of the user's choosing (--out) is not in the API.
      const entry = target ? await withStore(io, project, ({ store }) => makeBackup(store, { target })) : await withProject(io, project, (call) => call('backups.make', {}));
      io.out(`Backed up to ${entry.path} (${entry.size} bytes, encrypted with the project's passphrase).`);
    },
  },
};
