/**
 * The IPC transport of the typed API: one channel for calls, one event for "the project
 * locked". Only the app's own window may call.
 */
import { ipcMain, type WebContents } from 'electron';
import { dispatch } from '../../shared/api/dispatch';
import type { FieldnoteServices } from '../services/fieldnote-services';

export const CALL_CHANNEL = 'fieldnote:call';
export const LOCKED_CHANNEL = 'fieldnote:locked';

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
