import nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../electron/main/app-url';

const rendererDir = nodePath.resolve('/opt/Fieldnote/resources/app.asar/.vite/renderer/main_window');
const packaged = { rendererDir, devServerUrl: undefined };
const url = (p: string) => pathToFileURL(p).href;

// Issue 17: isAppUrl accepted any file:// URL for navigation, IPC trust and the request filter.
describe('isAppUrl', () => {
  it('accepts the app\'s own files, with a route in the hash', () => {
    expect(isAppUrl(url(nodePath.join(rendererDir, 'index.html')), packaged)).toBe(true);
    expect(isAppUrl(url(nodePath.join(rendererDir, 'assets/index-abc.js')), packaged)).toBe(true);
    expect(isAppUrl(`${url(nodePath.join(rendererDir, 'index.html'))}#/settings`, packaged)).toBe(true);
  });

  it('refuses other files, .. escapes, sibling folders with the same prefix and network file URLs', () => {
    expect(isAppUrl('file:///home/someone/Downloads/evil.html', packaged)).toBe(false);
    expect(isAppUrl(`file://${rendererDir}/../../../../evil.html`, packaged)).toBe(false);
    expect(isAppUrl(`file://${rendererDir}/%2e%2e/%2e%2e/evil.html`, packaged)).toBe(false);
    expect(isAppUrl(url(`${rendererDir}-evil/index.html`), packaged)).toBe(false);
    expect(isAppUrl(url(rendererDir), packaged)).toBe(false);
    expect(isAppUrl('file://attacker.example/share/index.html', packaged)).toBe(false);
    expect(isAppUrl('not a url', packaged)).toBe(false);
  });

  it('refuses the web, and in development accepts only the dev server\'s origin', () => {
    expect(isAppUrl('https://example.com/', packaged)).toBe(false);
    const dev = { rendererDir, devServerUrl: 'http://localhost:5173' };
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('http://localhost:5173.evil.example/', dev)).toBe(false);
  });
});
