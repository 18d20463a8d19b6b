/**
 * The only bridge between the sandboxed renderer and the main process: `window.fieldnote`
 * with `call(method, input)`, `onLock(listener)` and `onLockRequest(listener)`. No Node, no ipcRenderer, no arbitrary
 * channels reach the page.
 */
import { contextBridge, ipcRenderer } from 'electron';

const CALL_CHANNEL = 'fieldnote:call';
const LOCKED_CHANNEL = 'fieldnote:locked';
const LOCK_REQUEST_CHANNEL = 'fieldnote:lock-request';

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
});
