/**
 * Loading and error state for API calls, written once: `useQuery` reads (data, error,
 * loading, reload; an older response that arrives late never overwrites a newer one),
 * `useMutation` changes (run, running, error). Errors show the API's own message.
 */
import { useCallback, useEffect, useRef, useState, type DependencyList, type Dispatch, type SetStateAction } from 'react';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api/contract';
import { ApiCallError, call } from './api';

/** What a user reads when a call fails: the API's message, else a sentence that changes nothing. */
export function errorMessage(error: unknown): string {
  return error instanceof ApiCallError ? error.message : 'Something went wrong. Nothing was changed; try again.';
}

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  /** Loads again; resolves with the new data, or null when the call failed or a newer load replaced it. */
  reload: () => Promise<T | null>;
  /** Replaces the data shown (after a change whose result the caller already has). */
  setData: Dispatch<SetStateAction<T | null>>;
}

/**
 * Runs `load` now and whenever `deps` change (or `reload` is called); `load` may return null to
 * load nothing (nothing chosen yet). Only the newest load sets data or error: a response to an
 * older load (slower, or made for inputs that have changed since) is dropped.
 */
export function useLoad<T>(load: () => Promise<T | null>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async (): Promise<T | null> => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const value = await loadRef.current();
      if (ticket !== latest.current) return null;
      setData(value);
      setError(null);
      return value;
    } catch (e) {
      if (ticket === latest.current) setError(errorMessage(e));
      return null;
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
    // A load that has not answered by unmount must not set state afterwards.
    return () => {
      latest.current += 1;
    };
    // The caller's deps say when to load again (load itself is read through a ref).
  }, deps);

  return { data, error, loading, reload, setData };
}

/**
 * Calls `method` with `input` and loads again when the input (compared by value) or `deps`
 * change; `input` null loads nothing. `data` is null until the first answer.
 */
export function useQuery<M extends ApiMethod>(method: M, input: ApiInput<M> | null, deps: DependencyList = []): Loaded<ApiOutput<M>> {
  const key = input === null ? null : JSON.stringify(input);
  const inputRef = useRef(input);
  inputRef.current = input;
  return useLoad(() => (inputRef.current === null ? Promise.resolve(null) : call(method, inputRef.current)), [method, key, ...deps]);
}

export interface Mutation<M extends ApiMethod> {
  /** Calls the method; resolves with its output, or null when it failed (the error is then set). */
  run: (input: ApiInput<M>) => Promise<ApiOutput<M> | null>;
  running: boolean;
  error: string | null;
  setError: (message: string | null) => void;
}

/** One change through the API, with `running` for disabling its button and the API's error message. */
export function useMutation<M extends ApiMethod>(method: M): Mutation<M> {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(
    async (input: ApiInput<M>): Promise<ApiOutput<M> | null> => {
      setRunning(true);
      setError(null);
      try {
        return await call(method, input);
      } catch (e) {
        if (mounted.current) setError(errorMessage(e));
        return null;
      } finally {
        if (mounted.current) setRunning(false);
      }
    },
    [method],
  );
  return { run, running, error, setError };
}
