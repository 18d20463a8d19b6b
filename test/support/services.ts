/**
 * Headless services for integration tests, as both transports use them: `dispatch` on
 * `services.handlers`. `openTestServices()` also creates a project in a temp folder (the test
 * passphrase), which most tests start from.
 */
import nodePath from 'node:path';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api/contract';
import { dispatch } from '../../shared/api/dispatch';
import type { ApiError } from '../../shared/api/errors';
import type { Result } from '../../shared/api/result';
import { FieldnoteServices } from '../../electron/services/fieldnote-services';
import { PASS, tempDir } from './temp';

/** A result checked by the test's assertions, not by the compiler. */
export type Value = Record<string, unknown> & { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface TestServices {
  /** The projects folder (a temp folder unless given). */
  dir: string;
  services: FieldnoteServices;
  /** Calls METHOD through dispatch; a refusal throws an Error carrying its `code`. */
  call(method: string, input?: unknown): Promise<Value>;
  /** Calls METHOD and returns its refusal; throws if it succeeded. */
  fail(method: string, input?: unknown): Promise<ApiError>;
  /** The result exactly as dispatch returns it. */
  result(method: string, input?: unknown): Promise<Result<unknown>>;
}

export interface TestServicesOptions {
  /** The projects folder; a new temp folder by default. */
  dir?: string;
  /** The settings folder's name inside `dir` (another name is another installation). */
  config?: string;
  /** Length of a "minute" for auto-lock and backups. */
  minuteMs?: number;
  /** Quiet spell after a note save before the notes are compacted (ProjectSession). */
  idleCompactionMs?: number;
}

/** Services with no project open. */
export function testServices(options: TestServicesOptions = {}): TestServices {
  const dir = options.dir ?? tempDir();
  const services = new FieldnoteServices({
    mode: 'browser',
    configDir: nodePath.join(dir, options.config ?? 'config'),
    projectsDir: dir,
    appVersion: 'test',
    ...(options.minuteMs ? { minuteMs: options.minuteMs } : {}),
    ...(options.idleCompactionMs ? { idleCompactionMs: options.idleCompactionMs } : {}),
  });
  const result = (method: string, input: unknown = {}) => dispatch(services.handlers, method, input);
  return {
    dir,
    services,
    result,
    async call(method, input) {
      const r = await result(method, input);
      if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code}: ${r.error.message}`), { code: r.error.code });
      return r.value as Value;
    },
    async fail(method, input) {
      const r = await result(method, input);
      if (r.ok) throw new Error(`${method} succeeded but should have failed`);
      return r.error;
    },
  };
}

/** Services with a new project open: `file` (test.fieldnote) in `dir`, titled `title`, under the test passphrase. */
export async function openTestServices(options: TestServicesOptions & { file?: string; title?: string } = {}): Promise<TestServices> {
  const t = testServices(options);
  await t.call('project.create', { path: options.file ?? 'test.fieldnote', title: options.title ?? 'Test', passphrase: PASS, passphraseConfirm: PASS });
  return t;
}

/** A typed call on any services object, for tests that want the API's own types. */
export async function callApi<M extends ApiMethod>(services: FieldnoteServices, method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const result = await dispatch(services.handlers, method, input);
  if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.message}`), { code: result.error.code });
  return result.value as ApiOutput<M>;
}
