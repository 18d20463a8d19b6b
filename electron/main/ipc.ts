/**
 * The IPC transport of the typed API: one channel for calls, one event for "the project
 * locked", one for "lock, please" (the menu). Only the app's own window may call.
 */
import { ipcMain, type WebContents } from 'electron';
import { dispatch } from '../../shared/api/dispatch';
import type { FieldnoteServices } from '../services/fieldnote-services';

export const CALL_CHANNEL = 'fieldnote:call';
export const LOCKED_CHANNEL = 'fieldnote:locked';
export const LOCK_REQUEST_CHANNEL = 'fieldnote:lock-request';
/** How long the window has to send its last keystrokes before the menu's Lock locks anyway. */
const LOCK_REQUEST_TIMEOUT_MS = 3_000;

export function serveApi(services: FieldnoteServices, isTrusted: (sender: WebContents, url: string) => boolean): void {
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!isTrusted(event.sender, event.senderFrame?.url ?? '')) {
      return { ok: false, error: { code: 'invalid_input', message: 'Calls are accepted only from the Fieldnote window.' } };
    }
    if (typeof method !== 'string') return { ok: false, error: { code: 'invalid_input', message: 'The method name must be a string.' } };
    services.noteCall(method);
    return dispatch(services.handlers, method, input, {
      onInternalError: (name, error) => console.error(`internal error in ${name}: ${(error as Error)?.name ?? 'Error'}`),
    });
  });
}

export function announceLocks(services: FieldnoteServices, target: () => WebContents | null): void {
  services.onLock(() => target()?.send(LOCKED_CHANNEL));
}

/**
 * The menu's Lock (Ctrl+L: the accelerator takes the key before the page sees it). The window
 * first sends what was typed in the last moments (its savers are drained) and locks itself;
 * should it not answer, the services lock anyway.
 */
export function requestLock(services: FieldnoteServices, target: () => WebContents | null): void {
  const window = target();
  if (!window) {
    services.lock('user');
    return;
  }
  let locked = false;
  const stop = services.onLock(() => {
    locked = true;
  });
  window.send(LOCK_REQUEST_CHANNEL);
  setTimeout(() => {
    stop();
    if (!locked) services.lock('user');
  }, LOCK_REQUEST_TIMEOUT_MS);
}
