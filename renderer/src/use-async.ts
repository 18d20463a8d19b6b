import { useCallback, useState } from 'react';
import { ApiCallError } from './api';

/** Runs an API action, keeps `busy` and the user-facing error message for the form that started it. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof ApiCallError ? e.message : 'Something went wrong. Nothing was changed; try again.');
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
