/**
 * When the SQLite binding cannot load (wrong Node, wrong architecture, damaged install), a
 * request that needs it gets a clear error naming the cause, and the browser-mode host stays
 * up (issue 22). The binding's failure is simulated the way Node reports it.
 */
import fs from 'node:fs';
import http from 'node:http';
import nodePath from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PASS, tempDir } from '../../support/temp';

vi.mock('better-sqlite3-multiple-ciphers', () => ({
  default: class {
    constructor() {
      const error = new Error(
        "The module '/x/node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 127. This version of Node.js requires NODE_MODULE_VERSION 115.",
      );
      Object.assign(error, { code: 'ERR_DLOPEN_FAILED' });
      throw error;
    }
  },
}));

const { FieldnoteServices } = await import('../../../electron/services/fieldnote-services');
const { startWebHost } = await import('../../../electron/web-host/server');

function post(port: number, path: string, cookie: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', Cookie: cookie } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('a database engine that cannot load', () => {
  it('answers create with the cause and what to do, and the host keeps serving', async () => {
    const dir = tempDir();
    const staticDir = nodePath.join(dir, 'static');
    fs.mkdirSync(staticDir);
    fs.writeFileSync(nodePath.join(staticDir, 'index.html'), '<!doctype html><title>Fieldnote</title>');
    const services = new FieldnoteServices({ mode: 'browser', configDir: nodePath.join(dir, 'config'), projectsDir: dir, appVersion: 'test' });
    const host = await startWebHost({ services, staticDir });
    try {
      // The cookie's name is the host's business (it may be per port); take it from the first visit.
      const cookie = await new Promise<string>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: host.port, path: `/?token=${host.token}`, headers: { Host: `127.0.0.1:${host.port}` } }, (res) => {
            res.resume();
            const set = res.headers['set-cookie']?.[0];
            if (set) resolve(set.split(';')[0]!);
            else reject(new Error('no session cookie'));
          })
          .on('error', reject);
      });
      const created = await post(host.port, '/api/project.create', cookie, { path: nodePath.join(dir, 'evaluation.fieldnote'), title: 'Evaluation', passphrase: PASS, passphraseConfirm: PASS });
      const reply = JSON.parse(created.body) as { ok: boolean; error?: { code: string; message: string } };
      expect(reply.ok).toBe(false);
      expect(reply.error?.code).toBe('native_module');
      expect(reply.error?.message).toContain('cannot load its encrypted database engine');
      expect(reply.error?.message).toContain('built for another version of Node.js');
      expect(reply.error?.message).toContain('Node.js 22.14 or newer');
      expect(fs.readdirSync(dir).filter((name) => name.endsWith('.fieldnote'))).toEqual([]);

      const info = await post(host.port, '/api/app.info', cookie, {});
      expect(info.status).toBe(200);
      expect((JSON.parse(info.body) as { ok: boolean }).ok).toBe(true);
    } finally {
      await host.close();
      services.close();
    }
  });
});
