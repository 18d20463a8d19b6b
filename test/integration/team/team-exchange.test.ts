// REFI-QDA from a real project: exports validate against the 1.5 schemas (xmllint), export →
// import into a new project → export again keeps codes, segments (the same text) and memos,
// positions survive emoji, Khmer combining marks and CRLF, and malformed files change nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../../electron/store/project-store';
import { readNoteMarks } from '../../../electron/store/note-marks';
import { dumpHash } from '../../../electron/store/dump';
import { exportQdc, exportQdpx, importQdc, importQdpx, previewQdc, projectToQda } from '../../../electron/team/refi-qda';
import { readQdpx, readZip, writeQdpx, writeZip, encodeUtf8, type QdaProject } from '../../../shared/exchange';
import { PASS, tempDir } from '../../support/temp';
import { call, callError, hashOf, seededProject, services } from './team-support';

const HAS_XMLLINT = spawnSync('xmllint', ['--version']).status === 0;
if (!HAS_XMLLINT) console.log('team-exchange: skipping schema validation: `xmllint` is not installed (apt-get install libxml2-utils)');
const xsd = (name: string) => nodePath.join(import.meta.dirname, '../../fixtures/refi-qda', name);

function xmllint(schema: string, file: string) {
  const r = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** Codes by path, segments as (code path, text), memos as (title, body): what another tool shows. */
function meaning(project: QdaProject) {
  const paths = new Map<string, string>();
  const walk = (codes: QdaProject['codes'], prefix: string) => {
    for (const c of codes) {
      paths.set(c.guid, `${prefix}${c.name}`);
      walk(c.children, `${prefix}${c.name}/`);
    }
  };
  walk(project.codes, '');
  const segments: string[] = [];
  for (const s of project.sources) {
    const cps = [...s.plainText];
    for (const sel of s.selections) for (const c of sel.codings) segments.push(`${paths.get(c.codeGuid)}|${cps.slice(sel.start, sel.end).join('')}`);
  }
  return { codes: [...paths.values()].sort(), segments: segments.sort(), memos: project.notes.map((n) => `${n.name}|${n.text}`).sort() };
}

describe('REFI-QDA exchange of a project', () => {
  it.skipIf(!HAS_XMLLINT)('exports of a seeded coded project validate against Project.xsd and Codebook.xsd', async () => {
    const dir = tempDir();
    const file = nodePath.join(dir, 'seeded.fieldnote');
    await seededProject(file, { interviews: 6, seed: 7 });
    const store = ProjectStore.open(file, PASS);
    try {
      const { bytes } = await exportQdpx(store.db, 'Seeded');
      const entries = readZip(bytes);
      const qde = entries.find((e) => e.name === 'project.qde')!;
      fs.writeFileSync(nodePath.join(dir, 'project.qde'), await qde.read());
      const lint = xmllint(xsd('Project.xsd'), nodePath.join(dir, 'project.qde'));
      expect(lint.output).toContain('validates');
      expect(lint.ok).toBe(true);
      expect(entries.filter((e) => e.name.startsWith('sources/')).length).toBe(6);
      fs.writeFileSync(nodePath.join(dir, 'codebook.qdc'), exportQdc(store.db).xml);
      const lintQdc = xmllint(xsd('Codebook.xsd'), nodePath.join(dir, 'codebook.qdc'));
      expect(lintQdc.ok, lintQdc.output).toBe(true);
    } finally {
      store.close();
    }
  });

  it('export → import into a new project → export again: the same codes, segments (same text) and memos', async () => {
    const dir = tempDir();
    const file = nodePath.join(dir, 'seeded.fieldnote');
    await seededProject(file, { interviews: 5, seed: 11 });
    const a = ProjectStore.open(file, PASS);
    const first = await exportQdpx(a.db, 'Seeded');
    a.close();
    const b = ProjectStore.create(nodePath.join(dir, 'fresh.fieldnote'), PASS, { title: 'Fresh' });
    try {
      const summary = await importQdpx(b.db, first.bytes, 'ZZ', 'device-b');
      expect(summary.documents).toBe(5);
      const again = await readQdpx((await exportQdpx(b.db, 'Fresh')).bytes);
      const original = await readQdpx(first.bytes);
      expect(meaning(again)).toEqual(meaning(original));
      expect(meaning(again).segments.length).toBeGreaterThan(10);
      // Marks in the imported notes agree with the coding rows.
      for (const note of b.db.prepare('SELECT id, editor_state FROM note').all() as { id: string; editor_state: string }[]) {
        const rows = b.db.prepare('SELECT id, start, "end" FROM coding WHERE note_id = ? ORDER BY id').all(note.id) as { id: string; start: number; end: number }[];
        const marks = readNoteMarks(note.editor_state).marks.map((m) => ({ id: m.codingId, start: m.start, end: m.end })).sort((x, y) => (x.id < y.id ? -1 : 1));
        expect(marks).toEqual(rows);
      }
      // Importing the same file again adds nothing.
      const before = b.db.prepare('SELECT count(*) FROM coding').pluck().get();
      const twice = await importQdpx(b.db, first.bytes, 'ZZ', 'device-b');
      expect(twice.documents).toBe(0);
      expect(b.db.prepare('SELECT count(*) FROM coding').pluck().get()).toBe(before);
    } finally {
      b.close();
    }
  });

  it('positions: emoji, Khmer combining marks and CRLF cover exactly the same text after import and export', async () => {
    const raw = '\uFEFFFirst line 👩‍👩‍👧 family\r\nក្រុមគ្រួសារ ការអប់រំ\r\n\r\nLast 🇰🇭 flag';
    const cps = [...raw.slice(1).replace(/\r\n/g, '\n')];
    const find = (s: string) => {
      const text = cps.join('');
      const at = text.indexOf(s);
      return { start: [...text.slice(0, at)].length, end: [...text.slice(0, at)].length + [...s].length };
    };
    const wanted = ['👩‍👩‍👧 family', 'ក្រុមគ្រួសារ', '🇰🇭 flag'];
    const code = { guid: '0190e6a8-0000-7000-8000-000000000001', name: 'Family', isCodable: true, noteRefs: [], children: [] };
    // The file says CRLF, positions counted on the text with CR (NVivo): compute them on the raw text.
    const rawText = raw.slice(1);
    const rawCps = (s: string) => {
      const at = rawText.indexOf(s);
      return { start: [...rawText.slice(0, at)].length, end: [...rawText.slice(0, at)].length + [...s].length };
    };
    const source = {
      guid: '0190e6a8-0000-7000-8000-000000000002',
      name: 'Doc',
      plainText: rawText,
      selections: wanted.map((w, i) => ({ guid: `0190e6a8-0000-7000-8000-00000000001${i}`, ...rawCps(w), codings: [{ guid: `0190e6a8-0000-7000-8000-00000000002${i}`, codeGuid: code.guid }], noteRefs: [] })),
      noteRefs: [],
    };
    const project: QdaProject = { name: 'P', origin: 'NVivo', users: [], codes: [code], variables: [], cases: [], sources: [source], notes: [], sets: [], noteRefs: [] };
    const bytes = await writeQdpx(project);
    // writeQdpx writes plainText as given; put the BOM in front of the stored source as other tools do.
    const entries = readZip(bytes);
    const rebuilt = await writeZip(
      await Promise.all(entries.map(async (e) => ({ name: e.name, data: e.name.startsWith('sources/') ? encodeUtf8(raw) : await e.read() }))),
      { compression: 'store' },
    );
    const dir = tempDir();
    const store = ProjectStore.create(nodePath.join(dir, 'p.fieldnote'), PASS, { title: 'P' });
    try {
      await importQdpx(store.db, rebuilt, 'AB', 'dev');
      const texts = (store.db.prepare('SELECT text FROM coding ORDER BY start').all() as { text: string }[]).map((r) => r.text);
      expect(texts).toEqual(wanted);
      const plain = store.db.prepare('SELECT plain_text FROM note').pluck().get() as string;
      expect(plain).toBe(cps.join(''));
      const back = projectToQda(store.db, 'P');
      expect(back.sources[0]!.selections.map((s) => ({ start: s.start, end: s.end }))).toEqual(wanted.map(find));
    } finally {
      store.close();
    }
  });

  it('a .qdc import is previewed first; codes match by GUID, then by name', async () => {
    const dir = tempDir();
    const file = nodePath.join(dir, 'seeded.fieldnote');
    await seededProject(file, { interviews: 2, seed: 3 });
    const store = ProjectStore.open(file, PASS);
    try {
      const xml = exportQdc(store.db).xml;
      // Same GUIDs: nothing to add. A renamed code and a new one show in the preview.
      const firstName = store.db.prepare('SELECT name FROM code ORDER BY position LIMIT 1').pluck().get() as string;
      const edited = xml.replace(`name="${firstName}"`, `name="${firstName} (renamed)"`).replace('</Codes>', '<Code guid="0190e6a8-0000-7000-8000-0000000000aa" name="Brand new" isCodable="true"/></Codes>');
      const hash = hashOfDb(store);
      const preview = previewQdc(store.db, edited, 'codes.qdc');
      expect(hashOfDb(store)).toBe(hash);
      expect(preview.added.map((a) => a.name)).toEqual(['Brand new']);
      expect(preview.changed.map((c) => c.fields.map((f) => f.name))).toEqual([['name']]);
      const applied = importQdc(store.db, edited, 'codes.qdc', 'AB', 'dev');
      expect(applied.added.length).toBe(1);
      expect(store.db.prepare('SELECT count(*) FROM code WHERE name = ?').pluck().get(`${firstName} (renamed)`)).toBe(1);
      // A codebook from elsewhere (other GUIDs) with a known name matches by name.
      const other = '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder"><Codes><Code guid="0190e6a8-0000-7000-8000-0000000000bb" name="BRAND NEW" isCodable="true"/></Codes></CodeBook>';
      const matched = previewQdc(store.db, other, 'x.qdc');
      expect(matched.added).toEqual([]);
      expect(matched.changed.map((c) => c.localId)).toEqual([store.db.prepare("SELECT id FROM code WHERE name = 'Brand new'").pluck().get()]);
    } finally {
      store.close();
    }
  });

  it('malformed files: a clear located error and the project unchanged', async () => {
    const dir = tempDir();
    const s = services(dir);
    await call(s, 'project.create', { path: 'p.fieldnote', title: 'P', passphrase: PASS, passphraseConfirm: PASS });
    await call(s, 'codes.create', { name: 'Existing', initials: 'AB' });
    const file = nodePath.join(dir, 'p.fieldnote');
    const b64 = (data: Uint8Array | string) => Buffer.from(data).toString('base64');
    const before = () => {
      const h = (s.project.db.prepare('SELECT count(*) FROM code').pluck().get() as number) + ':' + (s.project.db.prepare('SELECT count(*) FROM interview').pluck().get() as number);
      return h;
    };
    const h0 = before();
    // A zip that is not a .qdpx.
    const notQdpx = await writeZip([{ name: 'readme.txt', data: encodeUtf8('hello') }]);
    const e1 = await callError(s, 'exchange.importQdpx', { fileName: 'x.qdpx', dataBase64: b64(notQdpx), initials: 'AB' });
    expect(e1).toMatchObject({ code: 'invalid_input' });
    expect(e1.message).toMatch(/project\.qde/);
    // Not a zip at all.
    const e2 = await callError(s, 'exchange.importQdpx', { fileName: 'x.qdpx', dataBase64: b64('not a zip'), initials: 'AB' });
    expect(e2.code).toBe('invalid_input');
    // XML that breaks the schema (a Code without its name).
    const e3 = await callError(s, 'exchange.importQdc', { fileName: 'bad.qdc', dataBase64: b64('<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="0190e6a8-0000-7000-8000-0000000000cc" isCodable="true"/></Codes></CodeBook>'), initials: 'AB' });
    expect(e3.code).toBe('invalid_input');
    expect(e3.message).toMatch(/bad\.qdc.*Code/);
    // Positions past the end of the text.
    const code = { guid: '0190e6a8-0000-7000-8000-000000000001', name: 'C', isCodable: true, noteRefs: [], children: [] };
    const good: QdaProject = {
      name: 'P', users: [], codes: [code], variables: [], cases: [], notes: [], sets: [], noteRefs: [],
      sources: [{ guid: '0190e6a8-0000-7000-8000-000000000002', name: 'D', plainText: 'short text', selections: [{ guid: '0190e6a8-0000-7000-8000-000000000003', start: 0, end: 5, codings: [{ guid: '0190e6a8-0000-7000-8000-000000000004', codeGuid: code.guid }], noteRefs: [] }], noteRefs: [] }],
    };
    const pastEnd = new TextDecoder().decode(await (readZip(await writeQdpx(good)).find((e) => e.name === 'project.qde')!.read())).replace('endPosition="5"', 'endPosition="500"');
    const zipped = await writeZip(await Promise.all(readZip(await writeQdpx(good)).map(async (e) => ({ name: e.name, data: e.name === 'project.qde' ? encodeUtf8(pastEnd) : await e.read() }))));
    const e4 = await callError(s, 'exchange.importQdpx', { fileName: 'p.qdpx', dataBase64: b64(zipped), initials: 'AB' });
    expect(e4.code).toBe('invalid_input');
    expect(e4.message).toMatch(/PlainTextSelection/);
    expect(before()).toBe(h0);
    const dumpBefore = hashOfDb(s.project);
    await callError(s, 'exchange.importQdpx', { fileName: 'p.qdpx', dataBase64: b64(zipped), initials: 'AB' });
    expect(hashOfDb(s.project)).toBe(dumpBefore);
    s.close();
    expect(hashOf(file)).toMatch(/^[0-9a-f]{64}$/);
  });
});

function hashOfDb(store: ProjectStore): string {
  return dumpHash(store.db);
}
