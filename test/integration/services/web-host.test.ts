import fs from 'node:fs';
import http from 'node:http';
import nodePath from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionCookieName, startWebHost, type WebHost } from '../../../electron/web-host/server';
import { testServices } from '../../support/services';
import { PASS, tempDir } from '../../support/temp';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { Host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

let host: WebHost;
let cookie: string;
let dir: string;

beforeEach(async () => {
  dir = tempDir();
  const staticDir = nodePath.join(dir, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(nodePath.join(staticDir, 'index.html'), '<!doctype html><title>Fieldnote</title>');
  const services = testServices({ dir }).services;
  host = await startWebHost({ services, staticDir });
  cookie = `${sessionCookieName(host.port)}=${host.token}`;
});

afterEach(async () => {
  await host.close();
});

const api = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  request(host.port, `/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie, ...headers }, body: JSON.stringify(body) });

describe('browser-mode host', () => {
  it('listens on 127.0.0.1 with a token of at least 128 bits in the printed URL', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+$/);
    expect(Buffer.from(host.token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('answers 401 to the page and the API without the token, and to a wrong token', async () => {
    expect((await request(host.port, '/')).status).toBe(401);
    expect((await request(host.port, '/?token=wrong')).status).toBe(401);
    expect((await request(host.port, '/', { headers: { Cookie: `${sessionCookieName(host.port)}=wrong` } })).status).toBe(401);
    const noCookie = await request(host.port, '/api/app.info', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(noCookie.status).toBe(401);
  });

  it('trades the token for an HttpOnly SameSite=Strict cookie and removes it from the URL', async () => {
    const first = await request(host.port, `/?token=${host.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const setCookie = first.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toContain(`fieldnote_session_${host.port}=${host.token}`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const page = await request(host.port, '/', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Fieldnote</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe-(eval|inline)/);
    expect(page.headers['content-security-policy']).toContain("object-src 'none'");
    expect(page.headers['permissions-policy']).toContain('camera=()');
    expect(page.headers['permissions-policy']).toContain('microphone=()');
  });

  it('refuses a foreign Host header (DNS rebinding) with 403, even with the token', async () => {
    for (const hostHeader of ['evil.example:80', `attacker.test:${host.port}`, '127.0.0.1', `127.0.0.2:${host.port}`]) {
      const reply = await request(host.port, '/', { headers: { Host: hostHeader, Cookie: cookie } });
      expect(reply.status, hostHeader).toBe(403);
    }
    expect((await request(host.port, '/', { headers: { Host: `localhost:${host.port}`, Cookie: cookie } })).status).toBe(200);
  });

  it('refuses a foreign Origin with 403, and accepts its own', async () => {
    expect((await api('app.info', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('app.info', {}, { Origin: `http://127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await api('app.info', {}, { Origin: 'null' })).status).toBe(403);
    expect((await api('app.info', {}, { Origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
  });

  it('serves the typed API: results as values, unknown methods and bad input rejected', async () => {
    const info = JSON.parse((await api('app.info', {})).body);
    expect(info).toMatchObject({ ok: true, value: { mode: 'browser' } });
    expect(JSON.parse((await api('no.such.method', {})).body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.parse((await api('project.open', { path: 7, passphrase: PASS })).body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const notJson = await request(host.port, '/api/app.info', { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: '{nope' });
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const form = await request(host.port, '/api/app.info', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie }, body: 'a=1' });
    expect(form.status).toBe(415);
  });

  it('runs a whole create, lock and unlock over HTTP', async () => {
    const created = JSON.parse((await api('project.create', { path: 'web', title: 'Web', passphrase: PASS, passphraseConfirm: PASS })).body);
    expect(created).toMatchObject({ ok: true, value: { fileName: 'web.fieldnote' } });
    expect(JSON.parse((await api('project.lock', {})).body)).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(JSON.parse((await api('project.unlock', { passphrase: 'nope nope nope' })).body)).toMatchObject({ ok: false, error: { code: 'wrong_passphrase' } });
    expect(JSON.parse((await api('project.unlock', { passphrase: PASS })).body)).toMatchObject({ ok: true, value: { title: 'Web' } });
  });

  it('does not serve files outside the UI folder', async () => {
    fs.writeFileSync(nodePath.join(dir, 'secret.txt'), 'not for the browser');
    const reply = await request(host.port, '/../secret.txt', { headers: { Cookie: cookie } });
    expect(reply.body).not.toContain('not for the browser');
    const encoded = await request(host.port, '/%2e%2e/secret.txt', { headers: { Cookie: cookie } });
    expect(encoded.body).not.toContain('not for the browser');
  });

  // Issue 17, failure 1: `GET /%E0%A4%A` threw an uncaught URIError and ended the host.
  it('answers 400 to malformed %-encodings, in pages and API paths, and keeps serving', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/a%zz', '/api/%E0%A4%A', '/api/app.info%']) {
      const method = path.startsWith('/api/') ? 'POST' : 'GET';
      const reply = await request(host.port, path, { method, headers: { Cookie: cookie, 'Content-Type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
      expect(reply.status, path).toBe(400);
    }
    expect((await request(host.port, '/%00', { headers: { Cookie: cookie } })).status).toBe(400);
    expect((await api('app.info', {})).status).toBe(200);
  });

  it('answers 500 and keeps serving when a handler throws outside dispatch', async () => {
    const errors: string[] = [];
    const dir2 = tempDir();
    const services = testServices({ dir: dir2 }).services;
    let calls = 0;
    services.noteCall = () => {
      calls += 1;
      if (calls === 1) throw new Error('boom');
    };
    const other = await startWebHost({ services, staticDir: nodePath.join(dir, 'static'), onInternalError: (where) => errors.push(where) });
    try {
      const otherCookie = `${sessionCookieName(other.port)}=${other.token}`;
      const call = () => request(other.port, '/api/app.info', { method: 'POST', headers: { Cookie: otherCookie, 'Content-Type': 'application/json' }, body: '{}' });
      expect((await call()).status).toBe(500);
      expect((await call()).status).toBe(200);
      expect(errors).toEqual(['request']);
    } finally {
      await other.close();
    }
  });

  it('trades the URL token once: a second visit without the cookie is refused', async () => {
    expect((await request(host.port, `/?token=${host.token}`)).status).toBe(303);
    const replay = await request(host.port, `/?token=${host.token}`);
    expect(replay.status).toBe(401);
    expect(replay.body).toContain('already been used');
    // The tab that holds the cookie may follow the link again.
    expect((await request(host.port, `/?token=${host.token}`, { headers: { Cookie: cookie } })).status).toBe(303);
  });

  it('names the cookie after the port and ignores another port\'s cookie', async () => {
    const reply = await request(host.port, '/', { headers: { Cookie: `${sessionCookieName(host.port + 1)}=${host.token}` } });
    expect(reply.status).toBe(401);
  });

  it('refuses requests the browser marks as coming from another site or another local port', async () => {
    for (const site of ['same-site', 'cross-site']) {
      expect((await request(host.port, '/', { headers: { Cookie: cookie, 'Sec-Fetch-Site': site } })).status, site).toBe(403);
    }
    expect((await request(host.port, '/', { headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(200);
    expect((await request(host.port, '/', { headers: { Cookie: cookie, 'Sec-Fetch-Site': 'none' } })).status).toBe(200);
  });
});
