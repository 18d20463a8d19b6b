/** `fieldnote project ...`: create, describe and rekey a project, through the same API calls as the app's project screens. */
import nodePath from 'node:path';
import { parseArgs } from 'node:util';
import type { CommandGroup } from '../command';
import { UsageError } from '../errors';
import { readPassphrase, requireArg } from '../io';
import { cliServices, withProject } from '../project-access';

export const projectCommands: CommandGroup = {
  name: 'project',
  summary: 'create a project, show what it holds, change its passphrase',
  commands: {
    create: {
      usage: 'fieldnote project create FILE.fieldnote [--title TITLE]',
      summary: 'create a new encrypted project (passphrase from FIELDNOTE_PASSPHRASE or asked twice)',
      async run(args, io) {
        const { values, positionals } = parseArgs({ args, options: { title: { type: 'string' } }, allowPositionals: true });
        const file = nodePath.resolve(requireArg(positionals[0], 'FILE', this.usage));
        const passphrase = await readPassphrase(io, 'FIELDNOTE_PASSPHRASE', 'New passphrase: ', { confirm: true });
        const title = values.title ?? nodePath.basename(file, '.fieldnote');
        const { call } = cliServices(io, file);
        await call('project.create', { path: file, title, passphrase, passphraseConfirm: passphrase });
        await call('project.close', {});
        io.out(`Created ${nodePath.basename(file)} ("${title}").`);
      },
    },
    info: {
      usage: 'fieldnote project info FILE.fieldnote [--json]',
      summary: 'title, schema version and counts of what the project holds',
      async run(args, io) {
        const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
        const file = requireArg(positionals[0], 'FILE', this.usage);
        const info = await withProject(io, file, (call) => call('project.info', {}), { readOnly: true });
        if (values.json) {
          const { title, fileName, schemaVersion, createdAt, counts } = info;
          io.out(JSON.stringify({ title, file: fileName, schemaVersion, createdAt, counts }, null, 2));
          return;
        }
        io.out(`Title:          ${info.title}`);
        io.out(`File:           ${info.fileName}`);
        io.out(`Schema version: ${info.schemaVersion}`);
        io.out(`Created:        ${info.createdAt}`);
        for (const [what, n] of Object.entries(info.counts)) io.out(`${(what + ':').padEnd(16)}${n}`);
      },
    },
    rekey: {
      usage: 'fieldnote project rekey FILE.fieldnote [--old-backups reencrypt|delete]',
      summary: 'change the passphrase (new one from FIELDNOTE_NEW_PASSPHRASE or asked twice); old-key backups are re-encrypted (default) or deleted',
      async run(args, io) {
        const { values, positionals } = parseArgs({ args, options: { 'old-backups': { type: 'string' } }, allowPositionals: true });
        const file = nodePath.resolve(requireArg(positionals[0], 'FILE', this.usage));
        const choice = values['old-backups'] ?? 'reencrypt';
        if (choice !== 'reencrypt' && choice !== 'delete') throw new UsageError(`--old-backups must be reencrypt or delete (got ${choice}).\n${this.usage}`);
        const current = await readPassphrase(io, 'FIELDNOTE_PASSPHRASE', 'Current passphrase: ');
        const next = await readPassphrase(io, 'FIELDNOTE_NEW_PASSPHRASE', 'New passphrase: ', { confirm: true });
        const retired = await withProject({ ...io, env: { ...io.env, FIELDNOTE_PASSPHRASE: current } }, file, async (call) => {
          const changed = await call('project.changePassphrase', { current, next, nextConfirm: next, oldBackups: choice });
          return changed.oldBackups;
        });
        io.out(`Changed the passphrase of ${nodePath.basename(file)}.`);
        io.out(
          choice === 'reencrypt'
            ? `Old backups: ${retired.reencrypted} re-encrypted with the new passphrase${retired.deleted ? `, ${retired.deleted} under an older passphrase deleted` : ''}.`
            : `Old backups: ${retired.deleted} deleted.`,
        );
        io.out(`New backup: ${retired.newBackup}.`);
      },
    },
  },
};
