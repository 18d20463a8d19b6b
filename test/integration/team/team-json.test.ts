// JSON export/import: `fieldnote export json` → `fieldnote import json` into a new project gives the
// same interviews, notes (text and editor state), codes and segments; malformed input gives an
// error naming the file and JSON path and leaves the project unchanged; arbitrary JSON never crashes.
import fs from 'node:fs';
import nodePath from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../../electron/store/project-store';
import { readNoteMarks } from '../../../electron/store/note-marks';
import { buildJsonExport } from '../../../electron/team/json-exchange';
import { JsonImportError, MANIFEST_FILE, parseJsonExport } from '../../../electron/team/json-format';
import { PASS, tempDir } from '../../support/temp';
import { fieldnote, hashOf, seededProject } from './team-support';

function content(file: string) {
  const store = ProjectStore.open(file, PASS, { readOnly: true });
  try {
    const q = (sql: string) => store.db.prepare(sql).all();
    return {
      notes: q('SELECT id, interview_id, question, plain_text FROM note ORDER BY id'),
      codes: q('SELECT id, parent_id, name, color, definition FROM code ORDER BY id'),
      codings: q('SELECT id, code_id, note_id, start, "end", text FROM coding ORDER BY id'),
      participants: q('SELECT id, respondent_code FROM participant ORDER BY id'),
      answers: q('SELECT interview_id, participant_id, question, value, state FROM answer ORDER BY interview_id, participant_id, question'),
      memos: q('SELECT id, target_type, target_id, title, body FROM memo ORDER BY id'),
    };
  } finally {
    store.close();
  }
}

describe('JSON exchange', () => {
  it('export → import into a new project: the same content; importing twice adds nothing', async () => {
    const dir = tempDir();
    const file = nodePath.join(dir, 'seeded.fieldnote');
    await seededProject(file, { interviews: 4, seed: 21 });
    const env = { FIELDNOTE_CONFIG_DIR: nodePath.join(dir, 'cfg') };
    const out = nodePath.join(dir, 'json');
    const exported = await fieldnote(['export', 'json', file, '--out', out], env);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(fs.readdirSync(nodePath.join(out, 'interviews')).length).toBe(4);
    // Every note in plain text: owner-only files.
    if (process.platform !== 'win32') {
      for (const name of ['fieldnote.json', ...fs.readdirSync(nodePath.join(out, 'interviews')).map((f) => `interviews/${f}`)]) {
        expect(fs.statSync(nodePath.join(out, name)).mode & 0o777, name).toBe(0o600);
      }
    }
    const target = nodePath.join(dir, 'target.fieldnote');
    expect((await fieldnote(['project', 'create', target], env)).status).toBe(0);
    const imported = await fieldnote(['import', 'json', target, out], env);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/Imported 4 interview\(s\)/);
    expect(content(target)).toEqual(content(file));
    const h = hashOf(target);
    const again = await fieldnote(['import', 'json', target, out], env);
    expect(again.stdout).toMatch(/Imported 0 interview\(s\) \(4 already here\)/);
    expect(hashOf(target)).toBe(h);
    // Marks agree with segments in the imported notes.
    const store = ProjectStore.open(target, PASS, { readOnly: true });
    for (const note of store.db.prepare('SELECT id, editor_state FROM note').all() as { id: string; editor_state: string }[]) {
      const marks = readNoteMarks(note.editor_state).marks.map((m) => m.codingId).sort();
      expect(marks).toEqual((store.db.prepare('SELECT id FROM coding WHERE note_id = ? ORDER BY id').pluck().all(note.id) as string[]).sort());
    }
    store.close();

    // Malformed: a segment past the end of its note. A located error, exit 1, nothing changed.
    const name = fs.readdirSync(nodePath.join(out, 'interviews'))[0]!;
    const path = nodePath.join(out, 'interviews', name);
    const interview = JSON.parse(fs.readFileSync(path, 'utf8')) as { id: string; segments: { end: number }[] };
    const broken = nodePath.join(dir, 'broken');
    fs.cpSync(out, broken, { recursive: true });
    const fresh = nodePath.join(dir, 'fresh.fieldnote');
    (await fieldnote(['project', 'create', fresh], env));
    const h0 = hashOf(fresh);
    interview.segments[0]!.end = 10_000_000;
    fs.writeFileSync(nodePath.join(broken, 'interviews', name), JSON.stringify(interview));
    const bad = await fieldnote(['import', 'json', fresh, broken], env);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`interviews/${name} at $.segments[0].end`);
    expect(hashOf(fresh)).toBe(h0);
  });

  it('arbitrary JSON gives a located error or a valid result, never a crash', async () => {
    const dir = tempDir();
    const file = nodePath.join(dir, 'seeded.fieldnote');
    await seededProject(file, { interviews: 1, seed: 4 });
    const store = ProjectStore.open(file, PASS, { readOnly: true });
    const valid = buildJsonExport(store.db, 'T');
    store.close();
    const interviewFile = Object.keys(valid).find((k) => k !== MANIFEST_FILE)!;
    const manifest = JSON.parse(valid[MANIFEST_FILE]!) as Record<string, unknown>;
    const check = (files: Record<string, string>) => {
      try {
        const parsed = parseJsonExport(files);
        expect(parsed.manifest.format).toBe('fieldnote-json');
      } catch (error) {
        expect(error).toBeInstanceOf(JsonImportError);
        const where = (error as JsonImportError).where;
        expect(Object.keys(files)).toContain(where.file === MANIFEST_FILE || files[where.file] !== undefined ? where.file : MANIFEST_FILE);
        expect(where.path.startsWith('$')).toBe(true);
      }
    };
    fc.assert(fc.property(fc.jsonValue(), (value) => check({ [MANIFEST_FILE]: JSON.stringify(value) })), { numRuns: 300 });
    fc.assert(fc.property(fc.jsonValue(), (value) => check({ ...valid, [interviewFile]: JSON.stringify(value) })), { numRuns: 300 });
    // Mutations of a valid export: one field replaced by arbitrary JSON.
    const keys = Object.keys(manifest);
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, value) => check({ ...valid, [MANIFEST_FILE]: JSON.stringify({ ...manifest, [key]: value }) })),
      { numRuns: 300 },
    );
    fc.assert(fc.property(fc.string(), (text) => check({ [MANIFEST_FILE]: text })), { numRuns: 200 });
  });
});
