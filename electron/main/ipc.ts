/**
 * The IPC transport of the typed API: one channel for calls, one event for "the project
 * locked", one for "lock, please" (the menu). Only the app's own window may call.
 */
import { ipcMain, type WebContents } from 'electron';
import { dispatch } from '../../shared/api/dispatch';
import type { FieldnoteServices } from '../services/fieldnote-services';
import { askToLock } from '../services/lock-request';

export const CALL_CHANNEL = 'fieldnote:call';
export const LOCKED_CHANNEL = 'fieldnote:locked';
export const LOCK_REQUEST_CHANNEL = 'fieldnote:lock-request';

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

/** The menu's Lock: the window saves what was typed and locks itself (electron/services/lock-request.ts). */
export function requestLock(services: FieldnoteServices, target: () => WebContents | null): void {
  askToLock(services, () => {
    const window = target();
    window?.send(LOCK_REQUEST_CHANNEL);
    return window !== null && window !== undefined;
  });
}
