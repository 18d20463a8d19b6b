/**
 * Which URLs are the app's own: for navigation, for trusting an IPC sender and for the request
 * filter (electron/main/security.ts). Kept apart from the Electron glue so it is tested in Node.
 *
 * A `file://` URL counts only when it names a file inside the folder the app's renderer was
 * loaded from (so a page that somehow navigated to file:///home/…/evil.html, or a symlink-free
 * `..` trick, is not the app); in development, URLs on the dev server's origin.
 */
import nodePath from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AppOrigin {
  /** The folder holding the built renderer (index.html and assets). */
  rendererDir: string;
  /** The Vite dev server's URL in development, else undefined. */
  devServerUrl: string | undefined;
}

export function isAppUrl(url: string, origin: AppOrigin): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') {
    // A host (file://server/share/…) is a network path, never the app.
    if (parsed.host !== '') return false;
    let file: string;
    try {
      file = nodePath.resolve(fileURLToPath(parsed));
    } catch {
      return false;
    }
    const root = nodePath.resolve(origin.rendererDir);
    return file.startsWith(root + nodePath.sep);
  }
  if (origin.devServerUrl === undefined) return false;
  return parsed.origin === new URL(origin.devServerUrl).origin;
}
