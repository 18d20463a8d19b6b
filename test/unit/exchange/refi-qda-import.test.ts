import { describe, expect, it } from 'vitest';
import { CodePointIndex, QdaImportError, readQdc, readQde, readQdpx, type QdaImportWarning, type QdaProject } from '../../../shared/exchange/index';
import { writeZip } from '../../../shared/exchange/zip/zip';
import { encodeUtf8 } from '../../../shared/exchange/text/utf8';

const utf8 = (s: string): Uint8Array => encodeUtf8(s);
const BOM = '\uFEFF';

async function qdpx(files: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  return writeZip(Object.entries(files).map(([name, v]) => ({ name, data: typeof v === 'string' ? utf8(v) : v })));
}

async function importError(p: Promise<unknown> | (() => unknown)): Promise<QdaImportError> {
  try {
    if (typeof p === 'function') p();
    else await p;
  } catch (err) {
    expect(err).toBeInstanceOf(QdaImportError);
    return err as QdaImportError;
  }
  throw new Error('expected a QdaImportError');
}

function selected(p: QdaProject, sourceIndex: number): string[] {
  const s = p.sources[sourceIndex]!;
  const index = new CodePointIndex(s.plainText);
  return s.selections.map((sel) => index.slice(sel.start, sel.end));
}

// ------------------------------------------------------------------------------------------------
// QualCoder style: default namespace plus xsd/xsi declarations, lower-case GUIDs, text sources in
// sources/ written with a BOM (utf-8-sig), a journal note by plainTextPath, an annotation note with
// a PlainTextSelection inside, empty creatingUser="" attributes.
// ------------------------------------------------------------------------------------------------
const QC_TEXT = 'Line one 😀 about ការអប់រំ.\nLine two.\n';
const QUALCODER_QDE = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="qc_project.qda" origin="QualCoder 3.6" creatingUserGUID="9c4bd1a1-2e5f-4d7b-8e3a-1f2b3c4d5e6f" creationDateTime="2024-01-05T10:11:12Z" xmlns="urn:QDA-XML:project:1.0">
<Users>
<User guid="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" name="default" />
</Users>
<CodeBook>
<Codes>
<Code guid="2dfba8c9-59f5-4424-99d6-ea9bce18134b" name="education" isCodable="true" color="#F0F">
<Description>All talk of school</Description>
</Code>
</Codes>
</CodeBook>
<Variables>
<Variable guid="11111111-2222-4333-8444-555555555555" name="gender" typeOfVariable="Text">
</Variable>
</Variables>
<Cases>
<Case guid="aaaaaaaa-2222-4333-8444-555555555555" name="ID1">
<VariableValue>
<VariableRef targetGUID="11111111-2222-4333-8444-555555555555" />
<TextValue>female</TextValue>
</VariableValue>
<SourceRef targetGUID="8e7fddfe-db36-48dc-b464-80c3a4decd90"/>
</Case>
</Cases>
<Sources>
<TextSource plainTextPath="internal://6f35c6f2-bd8f-4f08-ad49-6d62cb8442a5.txt" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" creationDateTime="2024-01-05T10:00:00Z" guid="8e7fddfe-db36-48dc-b464-80c3a4decd90" name="interview.txt">
<Description>first interview</Description>
<PlainTextSelection guid="08cbced0-d736-44c8-8fd6-eb4d29fe46c5" startPosition="17" endPosition="25" name="ការអប់រំ" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" creationDateTime="2024-01-05T10:05:00Z">
<Coding guid="76414714-63c4-4a25-a47e-66fef80bd52e" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" >
<CodeRef targetGUID="2dfba8c9-59f5-4424-99d6-ea9bce18134b" />
</Coding>
</PlainTextSelection>
<NoteRef targetGUID="0f758eeb-d61d-4e91-b250-79861c3869a6" />
</TextSource>
</Sources>
<Notes>
<Note guid="4691a8a0-d67c-4dcc-91d6-e9075dc230cc" creatingUser="5c94bc9e-db8c-4f1d-9cd6-e900c7440860" creationDateTime="2024-01-06T06:11:56Z" name="Journal"  plainTextPath="internal://4691a8a0-d67c-4dcc-91d6-e9075dc230cc.txt" >
<Description /></Note>
<Note guid="0f758eeb-d61d-4e91-b250-79861c3869a6" creatingUser="" creationDateTime="2024-01-06T07:00:00Z" >
<PlainTextContent>Annotation on the emoji</PlainTextContent>
<PlainTextSelection guid="d61907b2-d0d4-48dc-b8b7-5e4f7ae5faa6" startPosition="9" endPosition="10" />
</Note>
</Notes>
</Project>
`;

describe('import of foreign files', () => {
  it('reads a QualCoder-style export (BOM text, journal note file, annotation note)', async () => {
    const warnings: QdaImportWarning[] = [];
    const p = await readQdpx(
      await qdpx({
        'project.qde': QUALCODER_QDE,
        'sources/6f35c6f2-bd8f-4f08-ad49-6d62cb8442a5.txt': BOM + QC_TEXT,
        'sources/4691a8a0-d67c-4dcc-91d6-e9075dc230cc.txt': `${BOM}Journal entry\r\nline 2`,
      }),
      { onWarning: (w) => warnings.push(w) },
    );
    expect(p.name).toBe('qc_project.qda');
    expect(p.codes).toEqual([{ guid: '2dfba8c9-59f5-4424-99d6-ea9bce18134b', name: 'education', isCodable: true, color: '#FF00FF', description: 'All talk of school', noteRefs: [], children: [] }]);
    expect(p.sources[0]!.plainText).toBe(QC_TEXT);
    expect(selected(p, 0)).toEqual(['ការអប់រំ']);
    expect(p.sources[0]!.selections[0]!.codings[0]!.codeGuid).toBe('2dfba8c9-59f5-4424-99d6-ea9bce18134b');
    expect(p.sources[0]!.noteRefs).toEqual(['0f758eeb-d61d-4e91-b250-79861c3869a6']);
    expect(p.notes.map((n) => n.text)).toEqual(['Journal entry\nline 2', 'Annotation on the emoji']);
    expect(p.notes[1]!.creatingUser).toBeUndefined();
    expect(p.cases[0]).toEqual({ guid: 'aaaaaaaa-2222-4333-8444-555555555555', name: 'ID1', variables: [{ name: 'gender', type: 'Text', value: 'female' }], sourceGuids: ['8e7fddfe-db36-48dc-b464-80c3a4decd90'] });
    expect(warnings.map((w) => w.message)).toEqual([
      'selection inside a note (an annotation range) is not imported; the note text is',
    ]);
    expect(warnings[0]!.where).toMatchObject({ file: 'project.qde', path: '/Project/Notes[1]/Note[2]/PlainTextSelection[1]' });
  });

  it('reads an NVivo-style export: upper-case and braced GUIDs, Sources/ folder, CRLF text counted with CR', async () => {
    const text = 'Interviewer: Hello.\r\nRespondent: The fees 😀 are too high.\r\nInterviewer: Thanks.\r\n';
    // Positions count every code point of the file, CR included (section 10.2).
    const cps = [...text];
    const find = (needle: string): [number, number] => {
      const at = [...text.slice(0, text.indexOf(needle))].length;
      return [at, at + [...needle].length];
    };
    const [s1, e1] = find('The fees 😀 are too high.\r\nInterviewer');
    const [s2, e2] = find('fees 😀');
    expect(e1).toBeLessThan(cps.length);
    const qde = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Project name="NVivo Project" origin="NVivo 14" xmlns="urn:QDA-XML:project:1.0">
  <Users><User guid="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" name="Analyst"/></Users>
  <CodeBook><Codes>
    <Code guid="{5A5F4E2B-6C4D-4E3F-9A1B-2C3D4E5F6A7B}" name="Costs" isCodable="1">
      <Code guid="5A5F4E2B-6C4D-4E3F-9A1B-2C3D4E5F6A7C" name="Fees" isCodable="true" color="#00ff00"/>
    </Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="142EB46D-612E-4593-A385-D0E5D04D1288" name="Int 1" richTextPath="internal://142EB46D-612E-4593-A385-D0E5D04D1289.docx" plainTextPath="internal://142EB46D-612E-4593-A385-D0E5D04D1288.txt" creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB">
      <PlainTextSelection guid="95916796-D0A0-4B49-9E2B-0D2B1D0F0A01" startPosition="${s1}" endPosition="${e1}" modifyingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" modifiedDateTime="2018-03-27T19:11:47Z">
        <Coding guid="95916796-D0A0-4B49-9E2B-0D2B1D0F0A02"><CodeRef targetGUID="5a5f4e2b-6c4d-4e3f-9a1b-2c3d4e5f6a7b"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="95916796-D0A0-4B49-9E2B-0D2B1D0F0A03" startPosition="${s2}" endPosition="${e2}">
        <Coding guid="95916796-D0A0-4B49-9E2B-0D2B1D0F0A04"><CodeRef targetGUID="{5A5F4E2B-6C4D-4E3F-9A1B-2C3D4E5F6A7C}"/></Coding>
      </PlainTextSelection>
      <Coding guid="95916796-D0A0-4B49-9E2B-0D2B1D0F0A05"><CodeRef targetGUID="5A5F4E2B-6C4D-4E3F-9A1B-2C3D4E5F6A7B"/></Coding>
    </TextSource>
    <PDFSource guid="876DCA5E-0703-4E92-952C-3DCFF3E8461F" name="Report.pdf" path="internal://876DCA5E-0703-4E92-952C-3DCFF3E8461F.pdf"/>
  </Sources>
  <Links><Link guid="876DCA5E-0703-4E92-952C-3DCFF3E84620" originGUID="5A5F4E2B-6C4D-4E3F-9A1B-2C3D4E5F6A7B" targetGUID="142EB46D-612E-4593-A385-D0E5D04D1288"/></Links>
  <Sets><Set guid="876DCA5E-0703-4E92-952C-3DCFF3E84621" name="Docs"><MemberSource targetGUID="142EB46D-612E-4593-A385-D0E5D04D1288"/><MemberSource targetGUID="876DCA5E-0703-4E92-952C-3DCFF3E8461F"/></Set></Sets>
</Project>`;
    const warnings: string[] = [];
    const p = await readQdpx(
      await qdpx({ 'project.qde': qde, 'Sources/142EB46D-612E-4593-A385-D0E5D04D1288.TXT': text, 'Sources/876DCA5E-0703-4E92-952C-3DCFF3E8461F.pdf': 'pdf' }),
      { onWarning: (w) => warnings.push(w.message) },
    );
    expect(p.users).toEqual([{ guid: 'ad68fbe7-e1ee-4a82-a279-23cc698c89eb', name: 'Analyst' }]);
    expect(p.codes[0]!.guid).toBe('5a5f4e2b-6c4d-4e3f-9a1b-2c3d4e5f6a7b');
    expect(p.codes[0]!.children[0]!.color).toBe('#00FF00');
    expect(p.sources[0]!.plainText).toBe(text.replace(/\r\n/g, '\n'));
    expect(selected(p, 0)).toEqual(['The fees 😀 are too high.\nInterviewer', 'fees 😀']);
    expect(p.sources[0]!.selections[0]).toMatchObject({ creatingUser: 'ad68fbe7-e1ee-4a82-a279-23cc698c89eb', creationDateTime: '2018-03-27T19:11:47Z' });
    expect(p.sources[0]!.selections[1]!.codings[0]!.codeGuid).toBe('5a5f4e2b-6c4d-4e3f-9a1b-2c3d4e5f6a7c');
    expect(p.sources[0]!.richTextPath).toBe('internal://142EB46D-612E-4593-A385-D0E5D04D1289.docx');
    expect(p.sets[0]!.memberSources).toEqual(['142eb46d-612e-4593-a385-d0e5d04d1288']);
    expect(warnings).toEqual([
      'coding of the whole source is not imported (only text selections carry codings)',
      '<PDFSource> "Report.pdf" not imported: only text sources are supported',
      '<Links> not imported (not supported by Fieldnote)',
      'reference to 876dca5e-0703-4e92-952c-3dcff3e8461f, which was not imported; dropped',
    ]);
  });

  it('reads a prefixed namespace, inline PlainTextContent and a minimal project', async () => {
    const qde = `<qda:Project xmlns:qda="urn:QDA-XML:project:1.0" name="Minimal">
      <qda:Sources>
        <qda:TextSource guid="0B1E5C6A-1F2D-4C3B-9A8E-7D6C5B4A3F21" name="inline">
          <qda:PlainTextContent>Alpha 😀 beta ការ</qda:PlainTextContent>
          <qda:PlainTextSelection guid="0B1E5C6A-1F2D-4C3B-9A8E-7D6C5B4A3F22" startPosition="6" endPosition="7"/>
        </qda:TextSource>
      </qda:Sources>
    </qda:Project>`;
    const p = await readQdpx(await qdpx({ 'project.qde': qde }));
    expect(p).toEqual({
      name: 'Minimal',
      users: [],
      codes: [],
      variables: [],
      cases: [],
      notes: [],
      sets: [],
      noteRefs: [],
      sources: [{ guid: '0b1e5c6a-1f2d-4c3b-9a8e-7d6c5b4a3f21', name: 'inline', plainText: 'Alpha 😀 beta ការ', selections: [{ guid: '0b1e5c6a-1f2d-4c3b-9a8e-7d6c5b4a3f22', start: 6, end: 7, codings: [], noteRefs: [] }], noteRefs: [] }],
    });
    expect(selected(p, 0)).toEqual(['😀']);
    // readQde reads the same XML without an archive.
    expect(await readQde(qde)).toEqual(p);
  });

  it('reads an empty <Project name=""/> and an archive with a top folder', async () => {
    expect((await readQdpx(await qdpx({ 'export/project.qde': '<Project xmlns="urn:QDA-XML:project:1.0" name=""/>' }))).name).toBe('');
  });

  it('treats positions as counted on LF text for ATLAS.ti (crlfPositions auto), or as told', async () => {
    // Raw code points: a \r \n b b \r \n c c (9); on LF text: a \n b b \n c c (7).
    const text = 'a\r\nbb\r\ncc';
    const qde = (origin: string, start: number, end: number): string =>
      `<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="${origin}"><Sources><TextSource guid="0b1e5c6a-1f2d-4c3b-9a8e-7d6c5b4a3f21" plainTextPath="internal://t.txt"><PlainTextSelection guid="0b1e5c6a-1f2d-4c3b-9a8e-7d6c5b4a3f22" startPosition="${start}" endPosition="${end}"/></TextSource></Sources></Project>`;
    const atlas = await readQdpx(await qdpx({ 'project.qde': qde('ATLAS.ti 23', 5, 7), 'sources/t.txt': text }));
    expect(selected(atlas, 0)).toEqual(['cc']);
    const nvivo = await readQdpx(await qdpx({ 'project.qde': qde('NVivo', 7, 9), 'sources/t.txt': text }));
    expect(selected(nvivo, 0)).toEqual(['cc']);
    expect(nvivo.sources[0]!.selections[0]).toMatchObject({ start: 5, end: 7 });
    const forced = await readQdpx(await qdpx({ 'project.qde': qde('NVivo', 5, 7), 'sources/t.txt': text }), { crlfPositions: 'ignore-cr' });
    expect(selected(forced, 0)).toEqual(['cc']);
    const wrong = await importError(readQdpx(await qdpx({ 'project.qde': qde('ATLAS.ti', 7, 9), 'sources/t.txt': text })));
    expect(wrong.problem).toMatch(/endPosition 9 is past the end of the text \(7 code points/);
  });

  it('reads a foreign .qdc: prefixed namespace, upper-case GUIDs, MemberCode guid=', () => {
    const qdc = `\uFEFF<?xml version="1.0" encoding="utf-8"?>
<cb:CodeBook xmlns:cb="urn:QDA-XML:codebook:1.0" origin="MAXQDA 2022">
  <cb:Codes>
    <cb:Code guid="5A5F4E2B-6C4D-4E3F-9A1B-2C3D4E5F6A7B" name="Parent" isCodable="false">
      <cb:Description>Top</cb:Description>
      <cb:Code guid="5A5F4E2B-6C4D-4E3F-9A1B-2C3D4E5F6A7C" name="Child &amp; more" isCodable="true" color="#abcdef"/>
    </cb:Code>
  </cb:Codes>
  <cb:Sets><cb:Set guid="5A5F4E2B-6C4D-4E3F-9A1B-2C3D4E5F6A7D" name="S"><cb:MemberCode guid="5A5F4E2B-6C4D-4E3F-9A1B-2C3D4E5F6A7C"/></cb:Set></cb:Sets>
</cb:CodeBook>`;
    expect(readQdc(utf8(qdc))).toEqual({
      origin: 'MAXQDA 2022',
      codes: [
        {
          guid: '5a5f4e2b-6c4d-4e3f-9a1b-2c3d4e5f6a7b',
          name: 'Parent',
          isCodable: false,
          description: 'Top',
          noteRefs: [],
          children: [{ guid: '5a5f4e2b-6c4d-4e3f-9a1b-2c3d4e5f6a7c', name: 'Child & more', isCodable: true, color: '#ABCDEF', noteRefs: [], children: [] }],
        },
      ],
      sets: [{ guid: '5a5f4e2b-6c4d-4e3f-9a1b-2c3d4e5f6a7d', name: 'S', memberCodes: ['5a5f4e2b-6c4d-4e3f-9a1b-2c3d4e5f6a7c'], memberSources: [], memberNotes: [] }],
    });
  });
});

// ------------------------------------------------------------------------------------------------
// Malformed input: a located QdaImportError with a hint.
// ------------------------------------------------------------------------------------------------
const G = (n: number): string => `0b1e5c6a-1f2d-4c3b-9a8e-${n.toString().padStart(12, '0')}`;
function project(sources: string, codes = `<CodeBook><Codes><Code guid="${G(1)}" name="c" isCodable="true"/></Codes></CodeBook>`): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="p">\n${codes}\n<Sources>\n${sources}\n</Sources>\n</Project>`;
}
const textSource = (inner: string, attrs = `plainTextPath="internal://${G(2)}.txt"`): string => `<TextSource guid="${G(2)}" name="s" ${attrs}>\n${inner}\n</TextSource>`;

describe('malformed input gives a located QdaImportError', () => {
  it('a ZIP without project.qde', async () => {
    const err = await importError(readQdpx(await qdpx({ 'readme.txt': 'hi', 'sources/x.txt': 'x' })));
    expect(err.where.file).toBe('(zip)');
    expect(err.problem).toMatch(/no project\.qde/);
    expect(err.hint).toMatch(/not a REFI-QDA project/);
  });

  it('bytes that are not a ZIP', async () => {
    const err = await importError(readQdpx(utf8('<Project name="x"/>')));
    expect(err.where.file).toBe('(zip)');
    expect(err.message).toMatch(/not a ZIP archive/);
  });

  it('project.qde that is not well-formed XML', async () => {
    const err = await importError(readQdpx(await qdpx({ 'project.qde': project(textSource('<PlainTextSelection guid="x">')) })));
    expect(err.where).toMatchObject({ file: 'project.qde', line: 7 });
    expect(err.problem).toMatch(/not well-formed: end tag <\/TextSource> does not match <PlainTextSelection>/);
  });

  it('a DOCTYPE in project.qde', async () => {
    const err = await importError(readQdpx(await qdpx({ 'project.qde': '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x "y">]><Project name="&x;"/>' })));
    expect(err.problem).toMatch(/DOCTYPE/);
  });

  it('a Coding without CodeRef', async () => {
    const sel = `<PlainTextSelection guid="${G(3)}" startPosition="0" endPosition="1"><Coding guid="${G(4)}"/></PlainTextSelection>`;
    const err = await importError(readQdpx(await qdpx({ 'project.qde': project(textSource(sel)), [`sources/${G(2)}.txt`]: 'abc' })));
    expect(err.where).toMatchObject({ file: 'project.qde', path: '/Project/Sources[1]/TextSource[1]/PlainTextSelection[1]/Coding[1]', line: 6 });
    expect(err.problem).toBe('<Coding> has no <CodeRef>');
    expect(err.message).toContain('Project.xsd CodingType');
  });

  it('a selection coded with an unknown code', async () => {
    const sel = `<PlainTextSelection guid="${G(3)}" startPosition="0" endPosition="1"><Coding guid="${G(4)}"><CodeRef targetGUID="${G(99).toUpperCase()}"/></Coding></PlainTextSelection>`;
    const err = await importError(readQdpx(await qdpx({ 'project.qde': project(textSource(sel)), [`sources/${G(2)}.txt`]: 'abc' })));
    expect(err.where).toMatchObject({ path: '/Project/Sources[1]/TextSource[1]/PlainTextSelection[1]/Coding[1]/CodeRef[1]', attribute: 'targetGUID' });
    expect(err.problem).toBe(`coding refers to code ${G(99)}, which is not in the codebook`);
  });

  it('a selection past the end of the text (code points, not UTF-16 units)', async () => {
    // "😀😀" is 2 code points (4 UTF-16 units): endPosition 3 is past the end.
    const sel = `<PlainTextSelection guid="${G(3)}" startPosition="0" endPosition="3"/>`;
    const err = await importError(readQdpx(await qdpx({ 'project.qde': project(textSource(sel)), [`sources/${G(2)}.txt`]: '😀😀' })));
    expect(err.where).toMatchObject({ attribute: 'endPosition', line: 6 });
    expect(err.problem).toBe(`endPosition 3 is past the end of the text (2 code points in sources/${G(2)}.txt)`);
    const ok = `<PlainTextSelection guid="${G(3)}" startPosition="0" endPosition="2"/>`;
    await expect(readQdpx(await qdpx({ 'project.qde': project(textSource(ok)), [`sources/${G(2)}.txt`]: '😀😀' }))).resolves.toBeDefined();
  });

  it('start after end, and negative or non-integer positions', async () => {
    const make = async (s: string, e: string): Promise<QdaImportError> =>
      importError(readQde(project(`<TextSource guid="${G(2)}"><PlainTextContent>abcdef</PlainTextContent><PlainTextSelection guid="${G(3)}" startPosition="${s}" endPosition="${e}"/></TextSource>`)));
    expect((await make('4', '2')).problem).toBe('startPosition 4 is after endPosition 2');
    expect((await make('-1', '2')).problem).toMatch(/out of range/);
    expect((await make('1.5', '2')).problem).toMatch(/not an integer/);
    expect((await make('1', '')).where.attribute).toBe('endPosition');
  });

  it('a missing required attribute or a malformed GUID', async () => {
    const noGuid = await importError(readQde('<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Users><User name="x"/></Users></Project>'));
    expect(noGuid.where).toMatchObject({ path: '/Project/Users[1]/User[1]', attribute: 'guid' });
    expect(noGuid.problem).toBe('required attribute guid is missing on <User>');
    const badGuid = await importError(readQde('<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Users><User guid="1234"/></Users></Project>'));
    expect(badGuid.problem).toBe('"1234" is not a GUID');
    const noName = await importError(readQde('<Project xmlns="urn:QDA-XML:project:1.0"/>'));
    expect(noName.where.attribute).toBe('name');
  });

  it('a text source file missing from the archive, or not UTF-8', async () => {
    const missing = await importError(readQdpx(await qdpx({ 'project.qde': project(textSource('')) })));
    expect(missing.where).toMatchObject({ file: 'project.qde', attribute: 'plainTextPath' });
    expect(missing.hint).toContain(`sources/${G(2)}.txt`);
    const latin1 = await importError(readQdpx(await qdpx({ 'project.qde': project(textSource('')), [`sources/${G(2)}.txt`]: new Uint8Array([0x63, 0x61, 0x66, 0xe9]) })));
    expect(latin1.where.file).toBe(`sources/${G(2)}.txt`);
    expect(latin1.problem).toMatch(/not valid UTF-8/);
  });

  it('a text source without any text', async () => {
    const err = await importError(readQde(project(textSource('', ''))));
    expect(err.problem).toBe('TextSource has neither PlainTextContent nor plainTextPath');
  });

  it('duplicate GUIDs', async () => {
    const err = await importError(readQde(project('', `<CodeBook><Codes><Code guid="${G(1)}" name="a" isCodable="true"/><Code guid="${G(1).toUpperCase()}" name="b" isCodable="true"/></Codes></CodeBook>`)));
    expect(err.problem).toMatch(/used twice/);
    expect(err.where.path).toBe('/Project/CodeBook[1]/Codes[1]/Code[2]');
  });

  it('a codebook where a project is expected and vice versa', async () => {
    const qdc = '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="0b1e5c6a-1f2d-4c3b-9a8e-000000000001" name="a" isCodable="true"/></Codes></CodeBook>';
    expect((await importError(readQdpx(await qdpx({ 'project.qde': qdc })))).hint).toMatch(/codebook/);
    expect((await importError(() => readQdc('<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>'))).hint).toMatch(/\.qdpx/);
    expect((await importError(() => readQdc('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>'))).problem).toMatch(/no <Codes>/);
    expect((await importError(() => readQdc('<CodeBook xmlns="urn:other"><Codes/></CodeBook>'))).problem).toMatch(/namespace urn:other/);
    expect((await importError(() => readQdc(new Uint8Array([0xff, 0xfe, 0x3c, 0x00])))).problem).toMatch(/not valid UTF-8/);
  });
});
