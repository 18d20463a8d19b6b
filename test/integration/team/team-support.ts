// Shared by the team-*.test.ts files: seeded coded projects, an API caller, a logical dump hash.
import nodePath from 'node:path';
import { seedProject } from '../../../electron/dev/seed';
import { seedCoding } from '../../../electron/dev/seed-coding';
import { loadScheduleFile } from '../../../electron/schedule/xlsx';
import type { FieldnoteServices } from '../../../electron/services/fieldnote-services';
import { ProjectStore } from '../../../electron/store/project-store';
import { dumpHash } from '../../../electron/store/dump';
import { dispatch } from '../../../shared/api/dispatch';
import type { ApiMethod } from '../../../shared/api/contract';
import { fieldnote as runFieldnote } from '../../support/cli';
import { callApi, testServices } from '../../support/services';
import { PASS } from '../../support/temp';

export const root = nodePath.resolve(import.meta.dirname, '../../..');
export const example = nodePath.join(root, 'resources/schedules/example-evaluation.xlsx');

/** A new project with `interviews` synthetic interviews, coded (codes, codings, memos, relations). */
export async function seededProject(file: string, options: { interviews: number; seed: number; deviceId?: string; passphrase?: string }): Promise<void> {
  const loaded = await loadScheduleFile(example);
  const store = ProjectStore.create(file, options.passphrase ?? PASS, { title: `Seed ${options.seed}` });
  try {
    seedProject(store.db, options.deviceId ?? 'seed-device', loaded.schedule, { interviews: options.interviews, seed: options.seed, words: 120 });
    seedCoding(store.db, options.deviceId ?? 'seed-device', options.seed);
  } finally {
    store.close();
  }
}

export function hashOf(file: string, passphrase = PASS): string {
  const store = ProjectStore.open(file, passphrase, { readOnly: true });
  try {
    return dumpHash(store.db);
  } finally {
    store.close();
  }
}

export function services(dir: string, name = 'config', minuteMs?: number): FieldnoteServices {
  return testServices({ dir, config: name, ...(minuteMs ? { minuteMs } : {}) }).services;
}

/** A typed call (test/support/services.ts). */
export const call = callApi;

export async function callError(s: FieldnoteServices, method: ApiMethod, input: unknown): Promise<{ code: string; message: string }> {
  const result = await dispatch(s.handlers, method, input);
  if (result.ok) throw new Error(`${method} succeeded but should have failed`);
  return result.error;
}

export function fieldnote(args: string[], env: Record<string, string>) {
  return runFieldnote(args, { FIELDNOTE_PASSPHRASE: PASS, ...env });
}
