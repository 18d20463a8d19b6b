/**
 * Electron hardening, in one place: every permission denied (camera and microphone above all:
 * no audio, ever), no navigation away from the app, no new windows, no remote content, and
 * the app's CSP on every response. See docs/security.md.
 */
import { app, session, type Session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../web-host/security-headers';
import { isAppUrl, type AppOrigin } from './app-url';

export { isAppUrl, type AppOrigin };

export function hardenSession(target: Session, origin: AppOrigin): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
  target.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  // Remote content is refused outright; only the app's own files (and the dev server in development) load.
  target.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAppUrl(details.url, origin) || details.url.startsWith('devtools://') || details.url.startsWith('data:');
    callback({ cancel: !allowed });
  });
  target.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

export function hardenWebContents(contents: WebContents, origin: AppOrigin): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, origin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, origin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Applied once before any window exists. */
export function hardenApp(origin: AppOrigin): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, origin));
  app.whenReady().then(() => hardenSession(session.defaultSession, origin)).catch(() => undefined);
}
