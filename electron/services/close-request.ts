/**
 * Closing the desktop window (its close button, Quit, Cmd+Q). The page holds what was typed in
 * the last few hundred milliseconds in its savers (renderer/src/editor/latest-saver.ts), which a
 * closing window would drop. So the window is asked first: the page drains its savers and says
 * so (renderer/src/app.tsx), and only then does the window close and the services back up and
 * close the project. If there is no page to ask, or it does not answer within
 * CLOSE_REQUEST_TIMEOUT_MS (a page that hangs), the window closes anyway: a close the user asked
 * for always happens.
 */

export const CLOSE_REQUEST_TIMEOUT_MS = 3_000;

/**
 * `ask` sends the request to the page, with the function the page's answer calls, and returns
 * what stops listening for that answer, or null when there was no page to ask. Resolves once the
 * page has saved or the time is up; either way the listening stops.
 */
export function askToSave(ask: (saved: () => void) => (() => void) | null, timeoutMs = CLOSE_REQUEST_TIMEOUT_MS): Promise<void> {
  return new Promise((resolve) => {
    let stopListening: (() => void) | null = null;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      stopListening?.();
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    stopListening = ask(finish);
    if (stopListening === null) finish();
  });
}
