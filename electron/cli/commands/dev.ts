/** `fieldnote dev seed`: synthetic projects for tests and benchmarks. The one command that writes through the store, not the API. */
import fs from 'node:fs';
import nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { formatFinding, hasErrors, ScheduleError } from '../../../shared/schedule';
import { seedProject } from '../../dev/seed';
import { seedCoding } from '../../dev/seed-coding';
import { loadScheduleFile } from '../../schedule/xlsx';
import { flushSearchIndex } from '../../store/search-index';
import { UserError } from '../errors';
import { readPassphrase, requireArg } from '../io';
import { cliServices, withStore } from '../project-access';
import type { CommandGroup } from '../command';

function wholeNumber(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UserError(`${name} must be a whole number of at least ${min} (got ${value}).`);
  return n;
}

export const devCommands: CommandGroup = {
  name: 'dev',
  summary: 'tools for development and testing',
  commands: {
    seed: {
      usage: 'fieldnote dev seed PROJECT.fieldnote --schedule FORM.xlsx --interviews N [--seed S] [--words W] [--coded]',
      summary: 'fill a project (created if missing) with N synthetic interviews that follow the schedule (--coded: and a code tree, codings, memos, relations); same seed, same content',
      async run(args, io) {
        const { values, positionals } = parseArgs({
          args,
          options: { schedule: { type: 'string' }, interviews: { type: 'string' }, seed: { type: 'string' }, words: { type: 'string' }, coded: { type: 'boolean' } },
          allowPositionals: true,
        });
        const project = nodePath.resolve(requireArg(positionals[0], 'PROJECT.fieldnote', this.usage));
        const form = requireArg(values.schedule, '--schedule FORM.xlsx', this.usage);
        const count = wholeNumber(requireArg(values.interviews, '--interviews N', this.usage), '--interviews', 0, 0);
        const seed = wholeNumber(values.seed, '--seed', 1, 0);
        const words = wholeNumber(values.words, '--words', 300, 0);
        let loaded;
        try {
          loaded = await loadScheduleFile(form);
        } catch (error) {
          if (error instanceof ScheduleError) throw new UserError(error.message);
          throw error;
        }
        if (hasErrors(loaded.findings)) {
          for (const finding of loaded.findings) io.err(formatFinding(form, finding));
          throw new UserError(`${form} has errors; fix them first (fieldnote schedule check ${form}).`);
        }
        if (!fs.existsSync(project)) {
          const passphrase = await readPassphrase(io, 'FIELDNOTE_PASSPHRASE', 'New passphrase: ', { confirm: true });
          const { call } = cliServices(io, project);
          await call('project.create', { path: project, title: `Synthetic data (seed ${seed})`, passphrase, passphraseConfirm: passphrase });
          await call('project.close', {});
        }
        // Seeding writes rows no API method writes (synthetic interviews in bulk): a store call, on purpose.
        const { summary, coded } = await withStore(io, project, ({ store, deviceId }) => {
          const seeded = seedProject(store.db, deviceId, loaded.schedule, { interviews: count, seed, words });
          const codedSummary = values.coded === true ? seedCoding(store.db, deviceId, seed) : null;
          // Closing no longer indexes pending notes (the next search does); a seeded project is
          // handed over indexed, as a project that has been searched once would be.
          flushSearchIndex(store.db);
          return { summary: seeded, coded: codedSummary };
        });
        io.out(
          `Seeded ${nodePath.basename(project)}: ${summary.interviews} interviews, ${summary.respondents} respondents, ${summary.answers} answers ` +
            `(${summary.declined} declined), ${summary.endedEarly} ended early, ${summary.primaryOnly} primary-only, ${summary.noteWords} words of notes.`,
        );
        if (coded !== null) {
          io.out(`Coded: ${coded.codes} codes, ${coded.codings} codings (${coded.quotes} quotes), ${coded.memos} memos, ${coded.relations} relations, a core category.`);
        }
      },
    },
  },
};
