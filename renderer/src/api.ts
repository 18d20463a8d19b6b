/**
 * The renderer's only way to the services: the typed API over the Electron preload bridge
 * when present, otherwise over HTTP to the browser-mode host (same origin, cookie auth).
 */
import { createClient, type ApiClient, type Transport } from '../../shared/api/client';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api/contract';
import type { ApiError } from '../../shared/api/errors';
import type { Result } from '../../shared/api/result';

interface Bridge {
  call(method: string, input: unknown): Promise<Result<unknown>>;
  onLock(listener: () => void): () => void;
  /** The menu's Lock asks the page to save what is pending and lock (Electron only). */
  onLockRequest?(listener: () => void): () => void;
  /** The desktop window is closing: drain the savers; the window closes once this settles. */
  onSaveRequest?(listener: () => Promise<void>): () => void;
}

declare global {
  interface Window {
    fieldnote?: Bridge;
  }
}

/** Autosaves of notes go through a worker thread (see api-worker.ts): they can be large. */
const WORKER_METHODS: ReadonlySet<string> = new Set(['notes.save']);
let worker: Worker | null | undefined;
let nextRequest = 0;
const waiting = new Map<number, (result: Result<unknown>) => void>();

function apiWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL('./api-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ id: number; result: Result<unknown> }>) => {
      waiting.get(event.data.id)?.(event.data.result);
      waiting.delete(event.data.id);
    };
  } catch {
    worker = null;
  }
  return worker;
}

const httpTransport: Transport = async (method, input) => {
  const thread = WORKER_METHODS.has(method) ? apiWorker() : null;
  if (thread) {
    // Posting copies the strings (cheap); encoding the JSON and uploading happen in the worker.
    const id = nextRequest++;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      thread.postMessage({ id, method, input: input ?? {} });
    });
  }
  const body = JSON.stringify(input ?? {});
  try {
    const response = await fetch(`/api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      credentials: 'same-origin',
    });
    if (response.status === 401) {
      return { ok: false, error: { code: 'internal', message: 'This browser session has expired. Open the URL printed when Fieldnote started.' } };
    }
    return (await response.json()) as Result<unknown>;
  } catch {
    return { ok: false, error: { code: 'internal', message: 'Fieldnote is not running. Start it again and reload this page.' } };
  }
};

export const bridge: Bridge | undefined = window.fieldnote;
export const client: ApiClient = createClient(bridge ? (m, i) => bridge.call(m, i) : httpTransport);

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

/** Calls a method and throws `ApiCallError` on failure, for code that shows errors in one place. */
export async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const result = await client.call(method, input);
  if (!result.ok) throw new ApiCallError(result.error);
  return result.value;
}
