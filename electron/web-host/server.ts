/**
 * Browser mode: the real UI and services over HTTP on 127.0.0.1 only. Every request must
 * carry the session token (in the first URL, then an HttpOnly SameSite=Strict cookie), name
 * this server in its Host header (DNS rebinding) and, when it has an Origin, come from this
 * server's own origin. API calls are POST /api/METHOD with a JSON body and go through the
 * same `dispatch` as Electron's IPC.
 *
 * Cookies are not port-scoped and SameSite treats every port of 127.0.0.1 as one site, so a
 * page on another local port (a notebook or dev server) can make the browser send our cookie.
 * Hence: requests the browser marks `Sec-Fetch-Site: same-site` or `cross-site` are refused,
 * the cookie is named after the port (two hosts never overwrite each other's), the URL token
 * is traded once (a leaked link from history opens nothing), and no request, however
 * malformed, can throw out of the handler and end the process with unsaved work.
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

/** The session cookie's name for a host on `port`. */
export function sessionCookieName(port: number): string {
  return `fieldnote_session_${port}`;
}
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
  let tokenTraded = false;

  const tokenMatches = (candidate: string | undefined | null): boolean => {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === tokenBytes.length && crypto.timingSafeEqual(bytes, tokenBytes);
  };

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      failSafely(res, error);
    }
  });

  // The last line of defence: anything thrown answers 500 (or closes the socket if the answer
  // had started) and is reported by name only; it never reaches the process.
  const failSafely = (res: http.ServerResponse, error: unknown) => {
    options.onInternalError?.('request', error);
    if (!res.headersSent) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error. Fieldnote is still running; try again.');
    } else {
      res.destroy();
    }
  };
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
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
    // Another port of 127.0.0.1 is "same-site" to the browser; only our own pages and typed
    // addresses ("none") may reach us.
    const fetchSite = req.headers['sec-fetch-site'];
    if (fetchSite === 'cross-site' || fetchSite === 'same-site') return refuse(403, 'Forbidden: request from another site or port.');

    let url: URL;
    let pathname: string;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return refuse(400, 'Bad request: the address has a malformed %-encoding.');
    }
    const cookieName = sessionCookieName(port);
    const hasCookie = tokenMatches(readCookie(req.headers.cookie, cookieName));
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null) {
      if (!tokenMatches(queryToken)) return refuse(401, 'Unauthorized: this link is not valid. Use the URL printed when Fieldnote started.');
      // The token in the URL works once: the first visit trades it for a cookie; later visits
      // need that cookie, so the link left in history or a shell log opens nothing.
      if (tokenTraded && !hasCookie) {
        return refuse(401, 'Unauthorized: this link has already been used. Use the browser tab that opened it, or restart Fieldnote for a new link.');
      }
      tokenTraded = true;
      url.searchParams.delete('token');
      res.writeHead(303, {
        'Set-Cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + url.search,
      });
      return void res.end();
    }
    if (!hasCookie) {
      return refuse(401, 'Unauthorized: open the URL printed when Fieldnote started.');
    }

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return refuse(405, 'Method not allowed.');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(415, 'API calls send JSON.');
      const method = pathname.slice('/api/'.length);
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
        }, (error: unknown) => {
          if (error instanceof BodyTooLargeError) refuse(413, 'Request too large.');
          else failSafely(res, error);
        })
        .catch((error: unknown) => failSafely(res, error));
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, 'Method not allowed.');
    serveStatic(staticRoot, pathname, res, (error) => failSafely(res, error));
  };

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

class BodyTooLargeError extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError('too large'));
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

/** `pathname` is already decoded; a NUL or other odd byte just fails to match a file. */
function serveStatic(root: string, pathname: string, res: http.ServerResponse, onError: (error: unknown) => void): void {
  const relative = pathname === '/' ? '/index.html' : pathname;
  if (relative.includes('\0')) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Bad request.');
    return;
  }
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
  const stream = fs.createReadStream(target);
  stream.on('error', onError);
  stream.pipe(res);
}
