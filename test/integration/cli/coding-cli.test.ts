// `fieldnote search`, `fieldnote codes list` and `fieldnote dev seed --coded`, run as a user runs them.
import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../../electron/store/project-store';
import { readNoteMarks } from '../../../electron/store/note-marks';
import { fieldnote as runFieldnote } from '../../support/cli';
import { PASS, tempDir } from '../../support/temp';

const root = nodePath.resolve(import.meta.dirname, '../../..');
const example = nodePath.join(root, 'resources/schedules/example-evaluation.xlsx');

function fieldnote(args: string[], env: Record<string, string> = {}) {
  return runFieldnote(args, { FIELDNOTE_PASSPHRASE: PASS, FIELDNOTE_CONFIG_DIR: nodePath.join(tempDir(), 'config'), ...env });
}

/** The coding tables, without the device id (it names the machine, not the content). */
function dumpCoding(file: string): Record<string, unknown[]> {
  const store = ProjectStore.open(file, PASS, { readOnly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of ['code', 'coding', 'memo', 'relation', 'note']) {
      out[table] = store.db.prepare(`SELECT * FROM ${table} ORDER BY id`).all().map((row) => {
        const { device_id: _device, ...rest } = row as Record<string, unknown>;
        return rest;
      });
    }
    return out;
  } finally {
    store.close();
  }
}

describe('coding from the command line', () => {
  // Seeded once for the file, in a folder of its own (tempDir's are removed after each test).
  let dir = '';
  let project = '';
  let seeded: Awaited<ReturnType<typeof fieldnote>>;
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'fieldnote-coding-cli-'));
    project = nodePath.join(dir, 'coded.fieldnote');
    seeded = await fieldnote(['dev', 'seed', project, '--schedule', example, '--interviews', '12', '--seed', '7', '--words', '400', '--coded']);
  }, 60_000);

  it('dev seed --coded writes a code tree, codings with their marks, memos, relations and a core category, the same for the same seed', async () => {
    expect(seeded.status, seeded.stderr).toBe(0);
    expect(seeded.stdout).toMatch(/Coded: 32 codes, \d+ codings \(\d+ quotes\), \d+ memos, 7 relations, a core category\./);
    const again = nodePath.join(tempDir(), 'again.fieldnote');
    expect((await fieldnote(['dev', 'seed', again, '--schedule', example, '--interviews', '12', '--seed', '7', '--words', '400', '--coded'])).status).toBe(0);
    const a = dumpCoding(project);
    expect(dumpCoding(again)).toEqual(a);
    expect(a.coding!.length).toBeGreaterThanOrEqual(100);
    expect(a.coding!.some((c) => (c as { is_quote: number }).is_quote === 1)).toBe(true);
    expect(a.code!.filter((c) => (c as { is_core: number }).is_core === 1)).toHaveLength(1);
    // Every note's marks are exactly its coding rows.
    for (const note of a.note as { id: string; editor_state: string }[]) {
      const rows = (a.coding as { id: string; note_id: string; start: number; end: number }[]).filter((c) => c.note_id === note.id);
      const marks = readNoteMarks(note.editor_state).marks;
      expect(marks.map((m) => [m.codingId, m.start, m.end]).sort()).toEqual(rows.map((r) => [r.id, r.start, r.end]).sort());
    }
  });

  it('codes list prints the tree with counts, or JSON', async () => {
    const text = await fieldnote(['codes', 'list', project]);
    expect(text.status, text.stderr).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Institutional capacity \[theme\] {2}0 segments in 0 interviews; with sub-codes \d+ in \d+$/);
    expect(lines[1]).toMatch(/^ {2}Training \[theme\]/);
    expect(lines[2]).toMatch(/^ {4}Police training {2}\d+ segments in \d+ interviews$/);
    expect(text.stdout).toContain('Trust between agencies [theme, core]');
    const json = await fieldnote(['codes', 'list', project, '--json']);
    const tree = JSON.parse(json.stdout) as { name: string; depth: number; codingsWithDescendants: number }[];
    expect(tree).toHaveLength(32);
    const total = tree.filter((c) => c.depth === 0).reduce((n, c) => n + c.codingsWithDescendants, 0);
    const { coding } = dumpCoding(project);
    expect(total).toBe(coding!.length);
  });

  it('search prints respondent ID, question and snippet per note; --json gives offsets; exit codes 0, 1, 2', async () => {
    const found = await fieldnote(['search', project, 'អប់រំ']);
    expect(found.status, found.stderr).toBe(0);
    const lines = found.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const [ids, question, snippet] = line.split('\t');
      expect(ids).toMatch(/^\d+(, \d+)*$/);
      expect(question).not.toBe('');
      expect(snippet).toContain('អប់រំ');
    }
    expect(found.stderr).toMatch(/^\d+ notes? match/);
    const json = JSON.parse((await fieldnote(['search', project, 'police', '--json', '--limit', '3'])).stdout) as { method: string; total: number; hits: { noteId: string; matches: { start: number; end: number }[] }[] };
    expect(json.method).toBe('fts');
    expect(json.hits).toHaveLength(3);
    expect(json.total).toBeGreaterThan(3);
    const store = ProjectStore.open(project, PASS, { readOnly: true });
    try {
      const text = store.db.prepare('SELECT plain_text FROM note WHERE id = ?').pluck().get(json.hits[0]!.noteId) as string;
      const m = json.hits[0]!.matches[0]!;
      expect(text.slice(m.start, m.end).toLowerCase()).toBe('police');
    } finally {
      store.close();
    }
    const none = await fieldnote(['search', project, 'zzzqqq']);
    expect(none.status).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('0 notes match');

    expect((await fieldnote(['search', project, 'police'], { FIELDNOTE_PASSPHRASE: 'wrong passphrase entirely' })).status).toBe(1);
    expect((await fieldnote(['search', nodePath.join(tempDir(), 'missing.fieldnote'), 'police'])).status).toBe(1);
    const usage = await fieldnote(['search', project]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Missing QUERY');
    expect((await fieldnote(['search', project, 'police', '--limit', 'lots'])).status).toBe(2);
    expect((await fieldnote(['codes', 'list'])).status).toBe(2);
    expect((await fieldnote(['--help'])).stdout).toContain('fieldnote search PROJECT.fieldnote QUERY');
  });
});
