/**
 * The only bridge between the sandboxed renderer and the main process: `window.fieldnote`
 * with `call(method, input)`, `onLock(listener)`, `onLockRequest(listener)` and
 * `onSaveRequest(listener)`. No Node, no ipcRenderer, no arbitrary
 * channels reach the page.
 */
import { contextBridge, ipcRenderer } from 'electron';

const CALL_CHANNEL = 'fieldnote:call';
const LOCKED_CHANNEL = 'fieldnote:locked';
const LOCK_REQUEST_CHANNEL = 'fieldnote:lock-request';
const SAVE_REQUEST_CHANNEL = 'fieldnote:save-request';
const SAVED_CHANNEL = 'fieldnote:saved';

contextBridge.exposeInMainWorld('fieldnote', {
  call: (method: string, input: unknown) => ipcRenderer.invoke(CALL_CHANNEL, method, input),
  onLock: (listener: () => void) => {
    const handler = () => listener();
    ipcRenderer.on(LOCKED_CHANNEL, handler);
    return () => ipcRenderer.removeListener(LOCKED_CHANNEL, handler);
  },
  /** The menu's Lock: the page saves what is pending, then locks. */
  onLockRequest: (listener: () => void) => {
    const handler = () => listener();
    ipcRenderer.on(LOCK_REQUEST_CHANNEL, handler);
    return () => ipcRenderer.removeListener(LOCK_REQUEST_CHANNEL, handler);
  },
  /** The window is closing: the page sends what it holds, then the window may close. */
  onSaveRequest: (listener: () => Promise<void>) => {
    const handler = () => {
      void Promise.resolve()
        .then(listener)
        .catch(() => undefined)
        .finally(() => ipcRenderer.send(SAVED_CHANNEL));
    };
    ipcRenderer.on(SAVE_REQUEST_CHANNEL, handler);
    return () => ipcRenderer.removeListener(SAVE_REQUEST_CHANNEL, handler);
  },
});
