import type { ApiError } from './errors';

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: ApiError): Result<T> {
  return { ok: false, error };
}
