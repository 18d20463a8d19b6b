/**
 * The one API between the UI and the services, declared once. Electron serves it over IPC,
 * browser mode over an authenticated loopback HTTP server; both go through `dispatch`.
 * Inputs are strict objects: unknown keys and wrong types are rejected, never coerced.
 *
 * Each domain declares its slice in its own module (method name to input and output schema);
 * this module only combines them. No two slices may declare the same method
 * (test/unit/api-slices.test.ts), since a later spread would silently replace an earlier one.
 */
import type { z } from 'zod';
import type { MethodSpec } from './common';
import { projectApi } from './project';
import { scheduleApi } from './schedule';
import { interviewApi } from './interview';
import { notesApi } from './notes';
import { statsApi } from './stats';
import { codingApi } from './coding';
import { agreementApi } from './agreement';
import { exchangeApi } from './exchange';
import { teamApi } from './team';
import { evaluationApi } from './evaluation';

// The schemas and types this module declared before the split, so imports of them keep working.
export * from './project';
export * from './schedule';
export * from './interview';
export * from './stats';

export const api = {
  ...projectApi,
  ...scheduleApi,
  ...interviewApi,
  ...notesApi,
  ...statsApi,
  ...codingApi,
  ...agreementApi,
  ...exchangeApi,
  ...teamApi,
  ...evaluationApi,
} as const satisfies Record<string, MethodSpec>;

export type Api = typeof api;
export type ApiMethod = keyof Api;
export type ApiInput<M extends ApiMethod> = z.input<Api[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<Api[M]['output']>;

export const apiMethods = Object.keys(api) as ApiMethod[];

export function isApiMethod(name: string): name is ApiMethod {
  return Object.prototype.hasOwnProperty.call(api, name);
}
