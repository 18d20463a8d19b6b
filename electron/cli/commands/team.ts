/**
 * Team and exchange commands: REFI-QDA and JSON export/import, merging another project, backups.
 * Each prints a summary of what changed. Exit 0 / 1 (user error, nothing changed) / 2 (usage).
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { decodeUtf8 } from '../../../shared/exchange';
import { exchangeError } from '../../services/exchange';
import { makeBackup } from '../../team/backups';
import { buildJsonExport, importJson, readJsonExportDir, writeJsonExport } from '../../team/json-exchange';
import { mergeApply, mergePreview, openOther, type MergeReport } from '../../team/merge';
import { exportQdc, exportQdpx, importQdc, importQdpx, previewQdc } from '../../team/refi-qda';
import { UsageError, UserError } from '../errors';
import { readPassphrase, requireArg } from '../io';
import { withProject } from '../project-access';
import type { Command, CommandGroup } from '../registry';
import { PRIVATE_FILE, restrictFile } from '../../store/project-store';

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
    async run(args) {
      const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true });
      const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
      const out = nodePath.resolve(requireArg(values.out, '--out FILE.qdpx', this.usage));
      const { bytes, summary } = await withProject(project, ({ store }) => exportQdpx(store.db, store.getMeta('title') ?? nodePath.basename(project, '.fieldnote')), { readOnly: true });
      writeNew(out, bytes);
      console.log(`Wrote ${out}: ${summary}`);
    },
  },
  qdc: {
    usage: 'fieldnote export qdc PROJECT.fieldnote --out FILE.qdc',
    summary: 'the codebook as REFI-QDA (.qdc)',
    async run(args) {
      const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true });
      const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
      const out = nodePath.resolve(requireArg(values.out, '--out FILE.qdc', this.usage));
      const { xml, summary } = await withProject(project, ({ store }) => exportQdc(store.db), { readOnly: true });
      writeNew(out, xml);
      console.log(`Wrote ${out}: ${summary}`);
    },
  },
  json: {
    usage: 'fieldnote export json PROJECT.fieldnote --out DIR',
    summary: 'interviews, answers, notes (text and editor state), codes, segments and memos as JSON files in DIR (docs/json-schema.md)',
    async run(args) {
      const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true });
      const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
      const out = nodePath.resolve(requireArg(values.out, '--out DIR', this.usage));
      const files = await withProject(project, ({ store }) => buildJsonExport(store.db, store.getMeta('title') ?? ''), { readOnly: true });
      const written = await guarded(() => writeJsonExport(out, files));
      console.log(`Wrote ${written.length} file(s) into ${out} (${written.length - 1} interview(s)).`);
    },
  },
};

function printMerge(report: MergeReport): void {
  for (const [table, c] of Object.entries(report.tables)) {
    if (c.added + c.updated + c.conflicts === 0) continue;
    console.log(`${table.padEnd(16)} added ${c.added}, updated ${c.updated}, in conflict ${c.conflicts}, unchanged ${c.unchanged}`);
  }
  for (const clash of report.respondentClashes) console.log(`ID clash: incoming ${clash.respondentCode} → ${clash.newCode}`);
  for (const s of report.scheduleVersionsRenumbered) console.log(`Schedule ${s.formId}: incoming version ${s.from} added as version ${s.to}`);
  for (const m of report.codesMatchedByName) console.log(`Code matched by name: ${m.name}`);
  for (const c of report.conflicts.filter((x) => x.status === 'open')) console.log(`Conflict: ${c.label}: ${c.detail}`);
  for (const n of report.notes) console.log(n);
  const added = Object.values(report.tables).reduce((n, c) => n + c.added, 0);
  const conflicts = report.conflicts.filter((c) => c.status === 'open').length;
  console.log(`${added} record(s) added, ${conflicts} conflict(s) to resolve in the app.`);
}

export const importCommands: CommandGroup = {
  name: 'import',
  summary: 'bring codebooks, projects and JSON from other tools into a project',
  commands: {
    qdc: {
      usage: 'fieldnote import qdc PROJECT.fieldnote FILE.qdc [--preview] [--initials AB]',
      summary: 'add a REFI-QDA codebook: codes matched by GUID, then by name; --preview lists what would change',
      async run(args) {
        const { values, positionals } = parseArgs({ args, options: { preview: { type: 'boolean' }, initials: { type: 'string' } }, allowPositionals: true });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const file = nodePath.resolve(requireArg(positionals[1], 'FILE.qdc', this.usage));
        const xml = decodeUtf8(fs.readFileSync(file));
        const result = await withProject(
          project,
          ({ store, deviceId }) => guarded(() => (values.preview ? previewQdc(store.db, xml, nodePath.basename(file)) : importQdc(store.db, xml, nodePath.basename(file), values.initials ?? 'QDC', deviceId))),
          { readOnly: values.preview === true },
        );
        for (const a of result.added) console.log(`+ ${a.path}`);
        for (const c of result.changed) console.log(`~ ${c.name}: ${c.fields.map((f) => f.name).join(', ')}`);
        for (const w of result.warnings) console.error(`warning: ${w}`);
        console.log(`${values.preview ? 'Would add' : 'Added'} ${result.added.length} code(s), ${values.preview ? 'change' : 'changed'} ${result.changed.length}, ${result.unchanged} unchanged.`);
      },
    },
    qdpx: {
      usage: 'fieldnote import qdpx PROJECT.fieldnote FILE.qdpx [--initials AB]',
      summary: "another tool's REFI-QDA project: its text sources become imported documents with their codes, segments, memos and cases",
      async run(args) {
        const { values, positionals } = parseArgs({ args, options: { initials: { type: 'string' } }, allowPositionals: true });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const file = nodePath.resolve(requireArg(positionals[1], 'FILE.qdpx', this.usage));
        const bytes = new Uint8Array(fs.readFileSync(file));
        const s = await withProject(project, ({ store, deviceId }) => guarded(() => importQdpx(store.db, bytes, values.initials ?? 'QDA', deviceId)));
        for (const w of s.warnings) console.error(`warning: ${w}`);
        console.log(`Imported ${s.documents} document(s) (${s.skippedDocuments} already here), ${s.codesAdded} new code(s), ${s.codesChanged} changed, ${s.segments} segment(s), ${s.memos} memo(s), ${s.respondents} respondent(s).`);
      },
    },
    json: {
      usage: 'fieldnote import json PROJECT.fieldnote DIR',
      summary: 'a JSON export (docs/json-schema.md); records already in the project are skipped',
      async run(args) {
        const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
        const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
        const dir = nodePath.resolve(requireArg(positionals[1], 'DIR', this.usage));
        const s = await withProject(project, ({ store, deviceId }) => guarded(() => importJson(store.db, readJsonExportDir(dir), deviceId)));
        for (const r of s.renumbered) console.log(`Respondent ${r.from} renumbered ${r.to} (the number was taken here).`);
        console.log(`Imported ${s.interviews} interview(s) (${s.skippedInterviews} already here), ${s.notes} note(s), ${s.segments} segment(s), ${s.codes} code(s), ${s.memos} memo(s), ${s.schedules} schedule version(s).`);
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
    async run(args) {
      const { values, positionals } = parseArgs({ args, options: { preview: { type: 'boolean' }, 'renumber-clashes': { type: 'boolean' } }, allowPositionals: true });
      const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
      const other = nodePath.resolve(requireArg(positionals[1], 'OTHER.fieldnote', this.usage));
      if (nodePath.resolve(project) === other) throw new UsageError('PROJECT and OTHER are the same file.');
      const otherPassphrase = await readPassphrase('FIELDNOTE_OTHER_PASSPHRASE', 'Passphrase of the other project: ');
      const report = await withProject(
        project,
        ({ store, deviceId }) => {
          const opened = openOther(other, otherPassphrase, nodePath.dirname(store.path));
          try {
            const options = { deviceId, sourceName: nodePath.basename(other), ...(values['renumber-clashes'] ? { respondentClashes: 'renumber-incoming' as const } : {}) };
            if (values.preview) return mergePreview(store.db, opened.store.db, options);
            const backup = makeBackup(store);
            console.error(`Backup: ${backup.path}`);
            return mergeApply(store.db, opened.store.db, options);
          } finally {
            opened.dispose();
          }
        },
        { readOnly: values.preview === true },
      );
      if (values.preview) console.log('Preview (nothing changed):');
      printMerge(report);
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
    async run(args) {
      const { values, positionals } = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true });
      const project = requireArg(positionals[0], 'PROJECT.fieldnote', this.usage);
      const entry = await withProject(project, ({ store }) => makeBackup(store, values.out ? { target: nodePath.resolve(values.out) } : {}));
      console.log(`Backed up to ${entry.path} (${entry.size} bytes, encrypted with the project's passphrase).`);
    },
  },
};
