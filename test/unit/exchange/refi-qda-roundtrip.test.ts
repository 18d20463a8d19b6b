import { describe, expect, it } from 'vitest';
import { readQdc, readQdpx, writeQdc, writeQdpx, writeQde, CodePointIndex, QdaExportError, type QdaCode, type QdaProject } from '../../../shared/exchange/index';
import { sampleProject, SAMPLE_TEXT_2 } from '../../../shared/exchange/refi-qda/sample-project';
import { readZip } from '../../../shared/exchange/zip/zip';
import { decodeUtf8 } from '../../../shared/exchange/text/utf8';

const lf = (s: string): string => s.replace(/\r\n?/g, '\n');

function selectedTexts(p: QdaProject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of p.sources) {
    const index = new CodePointIndex(s.plainText);
    for (const sel of s.selections) out[sel.guid] = lf(index.slice(sel.start, sel.end));
  }
  return out;
}

describe('REFI-QDA round trip: export → import', () => {
  it('keeps users, codes, variables, cases, memos, sets and project fields', async () => {
    const original = sampleProject();
    const back = await readQdpx(await writeQdpx(original));
    expect(back.name).toBe(original.name);
    expect(back.origin).toBe(original.origin);
    expect(back.creatingUser).toBe(original.creatingUser);
    expect(back.creationDateTime).toBe(original.creationDateTime);
    expect(back.description).toBe(original.description);
    expect(back.users).toEqual(original.users);
    expect(back.codes).toEqual(original.codes);
    expect(back.variables).toEqual(original.variables);
    expect(back.cases).toEqual(original.cases);
    expect(back.notes).toEqual(original.notes);
    expect(back.sets).toEqual(original.sets);
    expect(back.noteRefs).toEqual(original.noteRefs);
  });

  it('selections cover exactly the same text (emoji, Khmer marks, CRLF normalised to LF)', async () => {
    const original = sampleProject();
    const back = await readQdpx(await writeQdpx(original));
    expect(back.sources.map((s) => s.plainText)).toEqual(original.sources.map((s) => lf(s.plainText)));
    const want = selectedTexts(original);
    // Selection …201 ends between CR and LF; after normalisation the line end is one LF, which the
    // selection does not include (documented in text/line-endings.ts).
    want['00000000-0000-4000-8000-000000000201'] = 'A: The clinic is far away.';
    expect(selectedTexts(back)).toEqual(want);
    // Spot checks on what the texts are.
    const t = selectedTexts(back);
    expect(t['00000000-0000-4000-8000-0000000001f5']).toBe('ការអប់រំ');
    expect(t['00000000-0000-4000-8000-0000000001fe']).toBe('The clinic is far away.\nQ2');
    expect(t['00000000-0000-4000-8000-000000000201']).toBe('A: The clinic is far away.');
    // The source without CRs keeps its positions, codings and memo links unchanged.
    expect(back.sources[0]).toEqual(original.sources[0]);
    // The CRLF source: same codings and links, positions shifted by the removed CRs.
    const [orig2, back2] = [original.sources[1]!, back.sources[1]!];
    expect(back2.selections.map(({ start: _s, end: _e, ...rest }) => rest)).toEqual(orig2.selections.map(({ start: _s, end: _e, ...rest }) => rest));
    expect(SAMPLE_TEXT_2.includes('\r\n')).toBe(true);
  });

  it('reaches a fixed point: import → export → import changes nothing', async () => {
    const once = await readQdpx(await writeQdpx(sampleProject()));
    const bytes = await writeQdpx(once);
    const twice = await readQdpx(bytes);
    expect(twice).toEqual(once);
    expect(Buffer.from(await writeQdpx(twice)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('is deterministic: exporting twice gives identical bytes', async () => {
    const a = await writeQdpx(sampleProject());
    const b = await writeQdpx(sampleProject());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const stored = await writeQdpx(sampleProject(), { compression: 'store' });
    expect(Buffer.from(stored).equals(Buffer.from(await writeQdpx(sampleProject(), { compression: 'store' })))).toBe(true);
  });

  it('lays the archive out as section 8.1 says: project.qde and sources/GUID.txt referenced as internal://GUID.txt', async () => {
    const p = sampleProject();
    const entries = readZip(await writeQdpx(p));
    expect(entries.map((e) => e.name)).toEqual(['project.qde', ...p.sources.map((s) => `sources/${s.guid}.txt`)]);
    const qde = decodeUtf8(await entries[0]!.read());
    for (const s of p.sources) expect(qde).toContain(`plainTextPath="internal://${s.guid}.txt"`);
    const text = await entries[2]!.read();
    expect(text[0]).not.toBe(0xef); // no BOM
    expect(decodeUtf8(text)).toBe(SAMPLE_TEXT_2);
  });

  it('writes GUIDs in canonical lower case whatever case the model uses', async () => {
    const p = sampleProject();
    const upper = (g: string): string => `{${g.toUpperCase()}}`;
    p.codes[1]!.guid = upper(p.codes[1]!.guid);
    p.sources[0]!.selections[0]!.codings[0]!.codeGuid = upper(p.sources[0]!.selections[0]!.codings[0]!.codeGuid);
    const qde = writeQde(p);
    expect(qde).not.toMatch(/[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{11}[A-F]/);
    expect(qde).not.toContain('{');
    const back = await readQdpx(await writeQdpx(p));
    expect(back.codes[1]!.guid).toBe(sampleProject().codes[1]!.guid);
  });

  it('writes floats as xsd:decimal without exponent', () => {
    const qde = writeQde(sampleProject());
    expect(qde).toContain('<FloatValue>0.0000001</FloatValue>');
    expect(qde).toContain('<FloatValue>1234.5</FloatValue>');
  });
});

describe('QDC codebook round trip', () => {
  it('keeps the code tree and code sets (codebook codes carry no memo links)', () => {
    const p = sampleProject();
    const stripNotes = (codes: QdaCode[]): QdaCode[] => codes.map((c) => ({ ...c, noteRefs: [], children: stripNotes(c.children) }));
    const sets = [{ guid: '00000000-0000-4000-8000-000000000700', name: 'Barriers', description: 'd', memberCodes: [p.codes[0]!.children[0]!.guid], memberSources: [], memberNotes: [] }];
    const qdc = writeQdc({ origin: 'Fieldnote 0.1.0', codes: p.codes, sets });
    expect(qdc).toContain('<MemberCode guid="00000000-0000-4000-8000-000000000065"/>');
    expect(qdc).not.toContain('NoteRef');
    const back = readQdc(qdc);
    expect(back).toEqual({ origin: 'Fieldnote 0.1.0', codes: stripNotes(p.codes), sets });
    expect(writeQdc(back)).toBe(qdc);
  });
});

describe('export refuses models that would not validate or would not be self-consistent', () => {
  const cases: [string, (p: QdaProject) => void, RegExp][] = [
    ['a bad GUID', (p) => (p.codes[0]!.guid = 'not-a-guid'), /codes\[0\]\.guid: "not-a-guid" is not a GUID/],
    ['a duplicate GUID', (p) => (p.notes[0]!.guid = p.codes[0]!.guid), /notes\[0\]\.guid: GUID .* is already used by codes\[0\]\.guid/],
    ['a coding of an unknown code', (p) => (p.sources[0]!.selections[0]!.codings[0]!.codeGuid = '00000000-0000-4000-8000-00000000dead'), /codeGuid: refers to .*dead, which is not a code/],
    ['a selection past the end', (p) => (p.sources[0]!.selections[0]!.end = 10_000), /selections\[0\]\.end: end 10000 is past the end of the text \(\d+ code points\)/],
    ['start after end', (p) => (p.sources[0]!.selections[0]!.start = p.sources[0]!.selections[0]!.end + 1), /is before start/],
    ['a bad colour', (p) => (p.codes[0]!.color = 'red'), /is not a colour/],
    ['a bad date-time', (p) => (p.notes[0]!.creationDateTime = '2024-02-30T10:00:00Z'), /not an xsd:dateTime/],
    ['an undeclared variable', (p) => (p.cases[0]!.variables[0]!.name = 'Nope'), /no variable named "Nope"/],
    ['a wrong value type', (p) => (p.cases[0]!.variables[0]!.value = 'thirty'), /is not a safe integer/],
    ['a NUL character', (p) => (p.notes[0]!.text = 'a\u0000b'), /notes\[0\]: U\+0000 cannot be written/],
    ['a memo link to a non-note', (p) => p.sources[0]!.noteRefs.push(p.codes[0]!.guid), /noteRefs\[1\]: refers to .* which is not a note/],
  ];
  it.each(cases)('%s', async (_name, mutate, message) => {
    const p = sampleProject();
    mutate(p);
    await expect(writeQdpx(p)).rejects.toThrow(QdaExportError);
    await expect(writeQdpx(p)).rejects.toThrow(message);
  });

  it('refuses an empty codebook (Codes needs a Code)', () => {
    expect(() => writeQdc({ codes: [], sets: [] })).toThrow(/at least one code/);
  });
});
