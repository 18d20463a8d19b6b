/**
 * The one API between the UI and the services, declared once. Electron serves it over IPC,
 * browser mode over an authenticated loopback HTTP server; both go through `dispatch`.
 * Inputs are strict objects: unknown keys and wrong types are rejected, never coerced.
 */
import { z } from 'zod';

const empty = z.object({}).strict();

export const projectState = z.enum(['none', 'open', 'locked']);

export const projectCounts = z.record(z.string(), z.number().int().nonnegative());

export const projectInfo = z.object({
  title: z.string(),
  fileName: z.string(),
  path: z.string(),
  schemaVersion: z.number().int(),
  createdAt: z.string(),
  readOnly: z.boolean(),
  counts: projectCounts,
});
export type ProjectInfo = z.infer<typeof projectInfo>;

export const projectStatus = z.object({
  state: projectState,
  fileName: z.string().nullable(),
  path: z.string().nullable(),
  title: z.string().nullable(),
  readOnly: z.boolean(),
  autoLockMinutes: z.number(),
});
export type ProjectStatus = z.infer<typeof projectStatus>;

export const projectFile = z.object({ fileName: z.string(), path: z.string() });
export type ProjectFile = z.infer<typeof projectFile>;

export const appSettings = z.object({
  /** Minutes of inactivity before the open project locks itself; 0 turns auto-lock off. */
  autoLockMinutes: z.number().int().min(0).max(240),
});
export type AppSettings = z.infer<typeof appSettings>;

const path = z.string().min(1).max(4096);
const passphrase = z.string().min(1).max(1024);
const title = z.string().trim().min(1).max(200);

interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
}

export const api = {
  'app.info': {
    input: empty,
    output: z.object({
      mode: z.enum(['electron', 'browser']),
      appVersion: z.string(),
      schemaVersion: z.number().int(),
      projectsDir: z.string(),
    }),
  },
  'projects.recent': { input: empty, output: z.object({ projects: z.array(projectFile) }) },
  'projects.browse': { input: empty, output: z.object({ dir: z.string(), projects: z.array(projectFile) }) },
  'project.create': {
    input: z.object({ path, title, passphrase, passphraseConfirm: passphrase }).strict(),
    output: projectInfo,
  },
  'project.open': { input: z.object({ path, passphrase }).strict(), output: projectInfo },
  'project.unlock': { input: z.object({ passphrase }).strict(), output: projectInfo },
  'project.lock': { input: empty, output: projectStatus },
  'project.close': { input: empty, output: projectStatus },
  'project.status': { input: empty, output: projectStatus },
  'project.info': { input: empty, output: projectInfo },
  'project.setTitle': { input: z.object({ title }).strict(), output: projectInfo },
  'project.changePassphrase': {
    input: z.object({ current: passphrase, next: passphrase, nextConfirm: passphrase }).strict(),
    output: projectInfo,
  },
  'settings.get': { input: empty, output: appSettings },
  'settings.set': { input: appSettings.strict(), output: appSettings },
  /** The user did something (typed, clicked): postpones auto-lock. */
  'session.activity': { input: empty, output: z.object({ lockInSeconds: z.number().nullable() }) },
} as const satisfies Record<string, MethodSpec>;

export type Api = typeof api;
export type ApiMethod = keyof Api;
export type ApiInput<M extends ApiMethod> = z.input<Api[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<Api[M]['output']>;

export const apiMethods = Object.keys(api) as ApiMethod[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(api, name);
}
