/**
 * Browser mode: the real UI and services over HTTP on 127.0.0.1 only. Every request must
 * carry the session token (in the first URL, then an HttpOnly SameSite=Strict cookie), name
 * this server in its Host header (DNS rebinding) and, when it has an Origin, come from this
 * server's own origin. API calls are POST /api/METHOD with a JSON body and go through the
 * same `dispatch` as Electron's IPC.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nodePath from 'node:path';
import { dispatch } from '../../shared/api/dispatch';
import type { FieldnoteServices } from '../services/fieldnote-services';
import { SECURITY_HEADERS } from './security-headers';

export interface WebHostOptions {
  services: FieldnoteServices;
  /** The built renderer (index.html and assets). */
  staticDir: string;
  port?: number;
  /** Told about unexpected errors by method name only; never given request data. */
  onInternalError?: (method: string, error: unknown) => void;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'fieldnote_session';
const MAX_BODY_BYTES = 64 * 1024 * 1024;

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = crypto.randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const staticRoot = nodePath.resolve(options.staticDir);
  let port = 0;

  const tokenMatches = (candidate: string | undefined | null): boolean => {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === tokenBytes.length && crypto.timingSafeEqual(bytes, tokenBytes);
  };

  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const refuse = (status: number, message: string) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(message);
    };

    const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    if (!allowedHosts.includes(req.headers.host ?? '')) return refuse(403, 'Forbidden: unexpected Host header.');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.map((h) => `http://${h}`).includes(origin)) {
      return refuse(403, 'Forbidden: foreign Origin.');
    }
    if (req.headers['sec-fetch-site'] === 'cross-site') return refuse(403, 'Forbidden: cross-site request.');

    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null) {
      if (!tokenMatches(queryToken)) return refuse(401, 'Unauthorized: this link is not valid. Use the URL printed when Fieldnote started.');
      // Trade the token in the URL for a cookie and drop it from the address bar and history.
      url.searchParams.delete('token');
      res.writeHead(303, {
        'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
      });
      return res.end();
    }
    if (!tokenMatches(readCookie(req.headers.cookie, COOKIE))) {
      return refuse(401, 'Unauthorized: open the URL printed when Fieldnote started.');
    }

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return refuse(405, 'Method not allowed.');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(415, 'API calls send JSON.');
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      readBody(req, MAX_BODY_BYTES)
        .then(async (body) => {
          let input: unknown;
          try {
            input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
          } catch {
            return sendJson(res, { ok: false, error: { code: 'invalid_input', message: 'The request body is not valid JSON.' } });
          }
          options.services.noteCall(method);
          const result = await dispatch(options.services.handlers, method, input, { onInternalError: options.onInternalError });
          sendJson(res, result);
        })
        .catch(() => refuse(413, 'Request too large.'));
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, 'Method not allowed.');
    serveStatic(staticRoot, url.pathname, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(body);
}

function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  const relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  const file = nodePath.resolve(root, '.' + relative);
  const inside = file === root || file.startsWith(root + nodePath.sep);
  // Unknown paths get the app itself, so a reload on any screen works.
  const target = inside && fs.existsSync(file) && fs.statSync(file).isFile() ? file : nodePath.join(root, 'index.html');
  if (!fs.existsSync(target)) {
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('The UI is not built. Run: npm run build:renderer');
    return;
  }
  res.writeHead(200, { 'Content-Type': MIME[nodePath.extname(target)] ?? 'application/octet-stream' });
  fs.createReadStream(target).pipe(res);
}
