/**
 * The IPC transport of the typed API: one channel for calls, one event for "the project
 * locked", one for "lock, please" (the menu). Only the app's own window may call. Calls are
 * forwarded to the services in their utilityProcess (electron/services/service-client.ts), so
 * the main process, and with it the window, never waits on the database.
 */
import { ipcMain, utilityProcess, type WebContents } from 'electron';
import { askToSave } from '../services/close-request';
import { askToLock } from '../services/lock-request';
import type { HostProcess, ServiceClient } from '../services/service-client';

export const CALL_CHANNEL = 'fieldnote:call';
export const LOCKED_CHANNEL = 'fieldnote:locked';
export const LOCK_REQUEST_CHANNEL = 'fieldnote:lock-request';
export const SAVE_REQUEST_CHANNEL = 'fieldnote:save-request';
export const SAVED_CHANNEL = 'fieldnote:saved';

/** Starts electron/services/service-host.ts (bundled as `modulePath`) as a utilityProcess. */
export function startServiceHost(modulePath: string): HostProcess {
  // The packaged app's resources folder (the example schedule) is told, not guessed, in the child.
  const env = { ...process.env, FIELDNOTE_RESOURCES_DIR: process.resourcesPath };
  const child = utilityProcess.fork(modulePath, [], { serviceName: 'Fieldnote services', stdio: 'inherit', env });
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', () => listener()),
    kill: () => void child.kill(),
  };
}

export function serveApi(services: ServiceClient, isTrusted: (sender: WebContents, url: string) => boolean): void {
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!isTrusted(event.sender, event.senderFrame?.url ?? '')) {
      return { ok: false, error: { code: 'invalid_input', message: 'Calls are accepted only from the Fieldnote window.' } };
    }
    if (typeof method !== 'string') return { ok: false, error: { code: 'invalid_input', message: 'The method name must be a string.' } };
    return services.call(method, input);
  });
}

export function announceLocks(services: ServiceClient, target: () => WebContents | null): void {
  services.onLock(() => target()?.send(LOCKED_CHANNEL));
}

/** The menu's Lock: the window saves what was typed and locks itself (electron/services/lock-request.ts). */
export function requestLock(services: ServiceClient, target: () => WebContents | null): void {
  askToLock(services, () => {
    const window = target();
    window?.send(LOCK_REQUEST_CHANNEL);
    return window !== null && window !== undefined;
  });
}

/** Before the window closes: the page sends what it was still holding (electron/services/close-request.ts). */
export function requestSave(target: () => WebContents | null): Promise<void> {
  return askToSave((saved) => {
    const window = target();
    if (!window || window.isDestroyed()) return null;
    const onSaved = (event: Electron.IpcMainEvent) => {
      if (event.sender === window) saved();
    };
    ipcMain.on(SAVED_CHANNEL, onSaved);
    window.send(SAVE_REQUEST_CHANNEL);
    return () => ipcMain.removeListener(SAVED_CHANNEL, onSaved);
  });
}
