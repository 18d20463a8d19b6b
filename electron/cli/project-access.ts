/**
 * Opening a project from the command line. Commands are clients of the services: they open
 * the project through the API (`project.open`, as the app's unlock screen does) on a headless
 * `FieldnoteServices` and call `dispatch`, so the CLI and the app cannot disagree. The few
 * commands the API has no method for use `withStore` and say why at the call.
 */
import nodePath from 'node:path';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api/contract';
import { dispatch } from '../../shared/api/dispatch';
import { FieldnoteError, type ErrorCode } from '../../shared/api/errors';
import { AppConfig, defaultConfigDir } from '../services/app-config';
import { FieldnoteServices } from '../services/fieldnote-services';
import { ProjectStore } from '../store/project-store';
import type { CliIo } from './command';
import { readPassphrase } from './io';

/** Calls one API method; a refusal is thrown as the FieldnoteError it was (exit 1 with its message). */
export type CallApi = <M extends ApiMethod>(method: M, input: ApiInput<M>) => Promise<ApiOutput<M>>;

/** The app's settings folder (device id, recent projects): FIELDNOTE_CONFIG_DIR or the platform's. */
export function configDirOf(io: CliIo): string {
  return io.env.FIELDNOTE_CONFIG_DIR || defaultConfigDir();
}

/** Headless services for a project file's folder, and a caller of their API. */
export function cliServices(io: CliIo, file: string): { services: FieldnoteServices; call: CallApi } {
  const services = new FieldnoteServices({ mode: 'browser', configDir: configDirOf(io), projectsDir: nodePath.dirname(nodePath.resolve(file)), appVersion: 'cli' });
  const call: CallApi = async (method, input) => {
    let unexpected: unknown = null;
    const result = await dispatch(services.handlers, method, input, { onInternalError: (_method, error) => (unexpected = error) });
    if (result.ok) return result.value as ApiOutput<typeof method>;
    // An unexpected error is rethrown as itself: main() names its kind and prints no data.
    if (unexpected !== null) throw unexpected;
    throw new FieldnoteError(result.error.code as ErrorCode, result.error.message);
  };
  return { services, call };
}

/**
 * Opens PROJECT through the API (passphrase from FIELDNOTE_PASSPHRASE or a prompt), runs `work`,
 * and always closes it. Commands that only read open it read-only, as they always did: a report
 * or an export never upgrades a colleague's file, compacts it or leaves a backup beside it.
 */
export async function withProject<T>(io: CliIo, file: string, work: (call: CallApi) => Promise<T> | T, options: { readOnly?: boolean } = {}): Promise<T> {
  const passphrase = await readPassphrase(io, 'FIELDNOTE_PASSPHRASE', 'Passphrase: ');
  const { call } = cliServices(io, file);
  const opened = await call('project.open', { path: nodePath.resolve(file), passphrase, readOnly: options.readOnly ?? false });
  if (opened.readOnly && opened.notesBehind > 0) io.err(behindWarning(opened.notesBehind));
  try {
    return await work(call);
  } finally {
    await call('project.close', {});
  }
}

/** A read-only command on a file whose last notes were never written whole says what it shows. */
export function behindWarning(notes: number): string {
  const which = notes === 1 ? '1 note in this project was' : `${notes} notes in this project were`;
  return `Warning: ${which} still being typed when Fieldnote stopped, and this command reads the file without changing it, so it shows ${notes === 1 ? 'that note' : 'them'} as last saved in full, without the last few seconds of typing. Open the project in Fieldnote once (or run any command that changes it), then run this again.`;
}

export interface CliStore {
  store: ProjectStore;
  deviceId: string;
}

/** Opens PROJECT's store itself, for what the API does not offer (each caller says what). Always closes it. */
export async function withStore<T>(io: CliIo, file: string, work: (project: CliStore) => Promise<T> | T, options: { readOnly?: boolean } = {}): Promise<T> {
  const passphrase = await readPassphrase(io, 'FIELDNOTE_PASSPHRASE', 'Passphrase: ');
  const store = ProjectStore.open(nodePath.resolve(file), passphrase, options);
  try {
    return await work({ store, deviceId: new AppConfig(configDirOf(io)).deviceId });
  } finally {
    store.close();
  }
}
