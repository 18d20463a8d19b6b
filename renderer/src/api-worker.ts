/**
 * Sends large API calls (a long note's autosave) from a worker thread, so that encoding and
 * uploading a 20,000-word note never holds up the keystroke being typed on the main thread.
 * Same origin, same cookie: the browser-mode host sees an ordinary call.
 */
interface ApiRequest {
  id: number;
  method: string;
  input: unknown;
}

const scope = self as unknown as { onmessage: ((event: MessageEvent<ApiRequest>) => void) | null; postMessage(message: unknown): void };

scope.onmessage = (event) => {
  const { id, method, input } = event.data;
  fetch(`/api/${encodeURIComponent(method)}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input), credentials: 'same-origin' })
    .then(async (response) => {
      if (response.status === 401) {
        return { ok: false, error: { code: 'internal', message: 'This browser session has expired. Open the URL printed when Fieldnote started.' } };
      }
      return (await response.json()) as unknown;
    })
    .catch(() => ({ ok: false, error: { code: 'internal', message: 'Fieldnote is not running. Start it again and reload this page.' } }))
    .then((result) => scope.postMessage({ id, result }));
};
