/**
 * The only bridge between the sandboxed renderer and the main process: `window.fieldnote`
 * with `call(method, input)` and `onLock(listener)`. No Node, no ipcRenderer, no arbitrary
 * channels reach the page.
 */
import { contextBridge, ipcRenderer } from 'electron';

const CALL_CHANNEL = 'fieldnote:call';
const LOCKED_CHANNEL = 'fieldnote:locked';

contextBridge.exposeInMainWorld('fieldnote', {
  call: (method: string, input: unknown) => ipcRenderer.invoke(CALL_CHANNEL, method, input),
  onLock: (listener: () => void) => {
    const handler = () => listener();
    ipcRenderer.on(LOCKED_CHANNEL, handler);
    return () => ipcRenderer.removeListener(LOCKED_CHANNEL, handler);
  },
});
