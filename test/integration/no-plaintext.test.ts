import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import { FieldnoteServices } from '../../electron/services/fieldnote-services';
import { PASS, tempDir } from '../support/temp';

/** Every file below `dir` (bounded), for a byte search. */
function filesUnder(dir: string, since: number, out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = nodePath.join(dir, entry.name);
    try {
      if (entry.isDirectory()) filesUnder(full, since, out);
      else if (entry.isFile()) {
        const stat = fs.statSync(full);
        if (stat.mtimeMs >= since && stat.size < 50 * 1024 * 1024) out.push(full);
      }
    } catch {
      // vanished or unreadable: not ours
    }
  }
  return out;
}

function containing(files: string[], markers: string[]): string[] {
  const needles = markers.flatMap((m) => [Buffer.from(m, 'utf8'), Buffer.from(m, 'utf16le')]);
  return files.filter((file) => {
    try {
      const bytes = fs.readFileSync(file);
      return needles.some((n) => bytes.includes(n));
    } catch {
      return false;
    }
  });
}

describe('nothing readable on disk', () => {
  it('marker strings written into every table never appear in the project, its -wal/-shm or the temp folder', async () => {
    const started = Date.now() - 1000;
    const dir = tempDir();
    const services = new FieldnoteServices({ mode: 'browser', configDir: nodePath.join(dir, 'config'), projectsDir: dir, appVersion: 'test' });
    const id = crypto.randomBytes(6).toString('hex');
    const marker = (table: string) => `MARKER-${table}-${id}`;
    const api = async (method: string, input: unknown) => {
      const result = await dispatch(services.handlers, method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value;
    };

    await api('project.create', { path: 'secret.fieldnote', title: marker('meta'), passphrase: PASS, passphraseConfirm: PASS });
    // Every table must hold a marker written through the services. A new table fails this test
    // until the test writes into it too: that is the point.
    const writers: Record<string, () => Promise<unknown>> = {
      meta: () => api('project.setTitle', { title: marker('meta') }),
    };
    const tables = (services.project.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]).filter(
      (t) => !t.includes('_fts_'),
    );
    expect(tables.sort()).toEqual(Object.keys(writers).sort());
    for (const write of Object.values(writers)) await write();
    const markers = tables.map(marker);
    // Prove the markers really are in the database (readable through the key).
    for (const table of tables) {
      const rows = services.project.db.prepare(`SELECT * FROM ${table}`).all();
      expect(JSON.stringify(rows), table).toContain(marker(table));
    }

    const projectFiles = () => fs.readdirSync(dir).filter((n) => n.startsWith('secret.fieldnote')).map((n) => nodePath.join(dir, n));
    const whileOpen = projectFiles();
    expect(whileOpen.some((f) => f.endsWith('-wal'))).toBe(true);
    expect(containing(whileOpen, markers)).toEqual([]);

    await api('project.lock', {});
    await api('project.unlock', { passphrase: PASS });
    await api('project.close', {});
    const afterClose = projectFiles();
    expect(afterClose).toEqual([nodePath.join(dir, 'secret.fieldnote')]);
    expect(containing(afterClose, markers)).toEqual([]);
    expect(containing(filesUnder(dir, 0), markers)).toEqual([]);
    expect(containing(filesUnder(os.tmpdir(), started), markers)).toEqual([]);
  });
});
