/**
 * The server side of the API, shared by both transports: look the method up, validate the
 * input against its schema, run the handler, and turn any error into a value. Errors that are
 * not a `FieldnoteError` become `internal` with a generic message so that nothing from the
 * data (which could be interview content) leaks into the UI or a log.
 */
import type { z } from 'zod';
import { api, isApiMethod, type Api, type ApiMethod, type ApiOutput } from './contract';
import { FieldnoteError } from './errors';
import { fail, ok, type Result } from './result';

/**
 * What a handler receives: the input after its schema parsed it, so defaults declared in the
 * schema (`.default(...)`) are already filled in and no handler repeats them.
 */
export type HandlerInput<M extends ApiMethod> = z.output<Api[M]['input']>;

export type Handlers = { [M in ApiMethod]: (input: HandlerInput<M>) => Promise<ApiOutput<M>> | ApiOutput<M> };

export interface DispatchOptions {
  /** Told about unexpected errors (never their data); the host decides where that goes. */
  onInternalError?: (method: string, error: unknown) => void;
}

export async function dispatch(
  handlers: Handlers,
  method: string,
  rawInput: unknown,
  options: DispatchOptions = {},
): Promise<Result<unknown>> {
  if (!isApiMethod(method)) {
    return fail({ code: 'invalid_input', message: `Unknown method "${method.slice(0, 80)}".` });
  }
  const parsed = api[method].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (field ${issue.path.join('.')})` : '';
    return fail({ code: 'invalid_input', message: `Invalid input for ${method}${where}: ${issue?.message ?? 'rejected'}.` });
  }
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown> | unknown;
    return ok(await handler(parsed.data));
  } catch (error) {
    if (error instanceof FieldnoteError) return fail({ code: error.code, message: error.message });
    options.onInternalError?.(method, error);
    return fail({ code: 'internal', message: 'Something went wrong inside Fieldnote. Nothing was changed; try again.' });
  }
}
