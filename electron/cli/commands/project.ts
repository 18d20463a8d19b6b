import nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { ProjectStore } from '../../store/project-store';
import { readPassphrase, requireArg } from '../io';
import { clearRetirement, markRetirement, retireOldKeyBackups } from '../../team/backups';
import { UsageError } from '../errors';
import type { CommandGroup } from '../registry';

export const projectCommands: CommandGroup = {
  name: 'project',
  summary: 'create a project, show what it holds, change its passphrase',
  commands: {
    create: {
      usage: 'fieldnote project create FILE.fieldnote [--title TITLE]',
      summary: 'create a new encrypted project (passphrase from FIELDNOTE_PASSPHRASE or asked twice)',
      async run(args) {
        const { values, positionals } = parseArgs({ args, options: { title: { type: 'string' } }, allowPositionals: true });
        const file = requireArg(positionals[0], 'FILE', this.usage);
        const passphrase = await readPassphrase('FIELDNOTE_PASSPHRASE', 'New passphrase: ', { confirm: true });
        const title = values.title ?? nodePath.basename(file, '.fieldnote');
        const store = ProjectStore.create(nodePath.resolve(file), passphrase, { title });
        store.close();
        console.log(`Created ${nodePath.basename(file)} ("${title}").`);
      },
    },
    info: {
      usage: 'fieldnote project info FILE.fieldnote [--json]',
      summary: 'title, schema version and counts of what the project holds',
      async run(args) {
        const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
        const file = requireArg(positionals[0], 'FILE', this.usage);
        const passphrase = await readPassphrase('FIELDNOTE_PASSPHRASE', 'Passphrase: ');
        const store = ProjectStore.open(nodePath.resolve(file), passphrase, { readOnly: true });
        try {
          const info = store.info();
          if (values.json) {
            const { title, fileName: file, schemaVersion, createdAt, counts } = info;
            console.log(JSON.stringify({ title, file, schemaVersion, createdAt, counts }, null, 2));
          } else {
            console.log(`Title:          ${info.title}`);
            console.log(`File:           ${info.fileName}`);
            console.log(`Schema version: ${info.schemaVersion}`);
            console.log(`Created:        ${info.createdAt}`);
            for (const [what, n] of Object.entries(info.counts)) console.log(`${(what + ':').padEnd(16)}${n}`);
          }
        } finally {
          store.close();
        }
      },
    },
    rekey: {
      usage: 'fieldnote project rekey FILE.fieldnote [--old-backups reencrypt|delete]',
      summary: 'change the passphrase (new one from FIELDNOTE_NEW_PASSPHRASE or asked twice); old-key backups are re-encrypted (default) or deleted',
      async run(args) {
        const { values, positionals } = parseArgs({ args, options: { 'old-backups': { type: 'string' } }, allowPositionals: true });
        const file = nodePath.resolve(requireArg(positionals[0], 'FILE', this.usage));
        const choice = values['old-backups'] ?? 'reencrypt';
        if (choice !== 'reencrypt' && choice !== 'delete') throw new UsageError(`--old-backups must be reencrypt or delete (got ${choice}).\n${this.usage}`);
        const current = await readPassphrase('FIELDNOTE_PASSPHRASE', 'Current passphrase: ');
        const next = await readPassphrase('FIELDNOTE_NEW_PASSPHRASE', 'New passphrase: ', { confirm: true });
        const store = ProjectStore.open(file, current);
        markRetirement(store);
        try {
          store.changePassphrase(current, next);
        } catch (error) {
          if (store.db.open) clearRetirement(store);
          throw error;
        } finally {
          store.close();
        }
        const reopened = ProjectStore.open(file, next);
        try {
          const retired = retireOldKeyBackups(reopened, current, next, choice);
          console.log(`Changed the passphrase of ${nodePath.basename(file)}.`);
          console.log(
            choice === 'reencrypt'
              ? `Old backups: ${retired.reencrypted} re-encrypted with the new passphrase${retired.deleted ? `, ${retired.deleted} under an older passphrase deleted` : ''}.`
              : `Old backups: ${retired.deleted} deleted.`,
          );
          console.log(`New backup: ${retired.newBackup}.`);
        } finally {
          reopened.close();
        }
      },
    },
  },
};
