/**
 * Loads ODK's own form engine (@getodk/xforms-engine, the engine of ODK Web Forms) in Node.
 * It is built for browsers: jsdom provides the DOM globals it needs, and its bundled
 * web-tree-sitter reads the CommonJS free variables `__dirname` and `module`, which an ES
 * module lacks (Node then reports "both require() and top-level await are present").
 */
import { JSDOM } from 'jsdom';

export type OdkEngine = typeof import('@getodk/xforms-engine');

export async function loadOdkEngine(): Promise<OdkEngine> {
  const dom = new JSDOM('');
  const globals = globalThis as Record<string, unknown>;
  const window = dom.window as unknown as Record<string, unknown>;
  for (const name of ['DOMParser', 'XMLSerializer', 'Node', 'Document', 'XPathResult', 'Element', 'Attr', 'Text', 'NodeFilter']) globals[name] = window[name];
  globals.document = dom.window.document;
  globals.__dirname = '/';
  globals.module = { exports: {} };
  return import('@getodk/xforms-engine');
}
