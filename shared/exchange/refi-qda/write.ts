/**
 * REFI-QDA export: writeQdc (codebook, section 5.2, Codebook.xsd) and writeQdpx (project,
 * sections 5.3 and 8: a ZIP holding project.qde and plain-text sources under sources/).
 *
 * Before writing, the model is checked so the output validates against the schemas and is
 * self-consistent: GUIDType syntax and uniqueness, RGBType colours, xsd:dateTime values,
 * references to existing codes / notes / sources / selections / variables, and selection
 * positions inside the text (section 10.2: code points from 0, end exclusive). Problems throw
 * QdaExportError naming the model path. Output order follows the model's arrays; with fixed ZIP
 * timestamps the same model always gives the same bytes.
 */
import { XmlBuilder, type XmlAttributes } from '../xml/xml-writer';
import { color, GuidRegistry, guidAt, optDateTime, optGuid, str, walkCodes, withXmlErrors } from './write-checks';
import { writeZip, type ZipInput } from '../zip/zip';
import { encodeUtf8 } from '../text/utf8';
import { codePointLength } from '../text/code-points';
import { isXsdDate, isXsdDateTime, toXsdDecimal } from './values';
import {
  QdaExportError,
  type QdaCode,
  type QdaCodebook,
  type QdaCoding,
  type QdaProject,
  type QdaSet,
  type QdaVariableValue,
} from './model';

export const PROJECT_NAMESPACE = 'urn:QDA-XML:project:1.0';
export const CODEBOOK_NAMESPACE = 'urn:QDA-XML:codebook:1.0';
/** Folder for internal sources (section 8.1: 'sources', lower case). */
export const SOURCES_FOLDER = 'sources';
/** Section 8.5: largest internal file. */
const MAX_INTERNAL_FILE = 0x7fffffff;

export interface QdpxWriteOptions {
  /** ZIP compression: 'deflate' (default) or 'store'. */
  readonly compression?: 'deflate' | 'store';
}

// ------------------------------------------------------------------------------------------ codes

function writeCodeTree(x: XmlBuilder, codes: readonly QdaCode[], path: string, withNotes: boolean, reg: GuidRegistry | null): void {
  codes.forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (typeof c.isCodable !== 'boolean') throw new QdaExportError('isCodable must be true or false', `${p}.isCodable`);
    const attrs: XmlAttributes = [
      ['guid', guidAt(c.guid, `${p}.guid`)],
      ['name', str(c.name, `${p}.name`)],
      ['isCodable', c.isCodable ? 'true' : 'false'],
      ['color', color(c.color, `${p}.color`)],
    ];
    const noteRefs = withNotes && reg ? (c.noteRefs ?? []).map((n, k) => reg.ref(['note'], n, `${p}.noteRefs[${k}]`)) : [];
    const children = c.children ?? [];
    if (c.description === undefined && noteRefs.length === 0 && children.length === 0) {
      x.empty('Code', attrs);
      return;
    }
    x.start('Code', attrs);
    if (c.description !== undefined) withXmlErrors(`${p}.description`, () => x.text('Description', str(c.description, `${p}.description`)));
    for (const n of noteRefs) x.empty('NoteRef', [['targetGUID', n]]);
    writeCodeTree(x, children, `${p}.children`, withNotes, reg);
    x.end();
  });
}

// --------------------------------------------------------------------------------------- codebook

/** A .qdc codebook (Codebook.xsd, namespace urn:QDA-XML:codebook:1.0). */
export function writeQdc(codebook: QdaCodebook): string {
  const reg = new GuidRegistry();
  walkCodes(codebook.codes, 'codes', 0, (c, p) => reg.add('code', c.guid, `${p}.guid`));
  if (codebook.codes.length === 0) throw new QdaExportError('a codebook needs at least one code (Codebook.xsd: Codes has Code 1..n)', 'codes');
  const x = new XmlBuilder();
  withXmlErrors('origin', () => x.start('CodeBook', [['xmlns', CODEBOOK_NAMESPACE], ['origin', codebook.origin]]));
  x.start('Codes');
  withXmlErrors('codes', () => writeCodeTree(x, codebook.codes, 'codes', false, null));
  x.end();
  const sets = codebook.sets ?? [];
  if (sets.length > 0) {
    x.start('Sets');
    sets.forEach((s, i) => {
      const p = `sets[${i}]`;
      reg.add('set', s.guid, `${p}.guid`);
      if ((s.memberSources ?? []).length > 0 || (s.memberNotes ?? []).length > 0) {
        throw new QdaExportError('codebook sets can only hold codes (Codebook.xsd SetType has MemberCode only)', p);
      }
      const members = (s.memberCodes ?? []).map((m, k) => reg.ref(['code'], m, `${p}.memberCodes[${k}]`));
      withXmlErrors(p, () => {
        const attrs: XmlAttributes = [['guid', guidAt(s.guid, `${p}.guid`)], ['name', str(s.name, `${p}.name`)]];
        if (s.description === undefined && members.length === 0) {
          x.empty('Set', attrs);
          return;
        }
        x.start('Set', attrs);
        if (s.description !== undefined) x.text('Description', s.description);
        // Codebook.xsd MemberCodeType carries the code in a "guid" attribute (not targetGUID).
        for (const m of members) x.empty('MemberCode', [['guid', m]]);
        x.end();
      });
    });
    x.end();
  }
  x.end();
  return x.toString();
}

// ---------------------------------------------------------------------------------------- project

/** The project.qde XML (Project.xsd) with text sources referenced as internal://GUID.txt. */
export function writeQde(project: QdaProject): string {
  return buildQde(project).xml;
}

/** A .qdpx archive: project.qde plus sources/GUID.txt (UTF-8, no BOM) for every text source. */
export async function writeQdpx(project: QdaProject, options: QdpxWriteOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
  const { xml, files } = buildQde(project);
  const entries: ZipInput[] = [{ name: 'project.qde', data: encodeUtf8(xml) }, ...files];
  return writeZip(entries, { compression: options.compression ?? 'deflate' });
}

function buildQde(project: QdaProject): { xml: string; files: ZipInput[] } {
  const reg = new GuidRegistry();
  // Pass 1: register every identified object so references can be checked in any direction.
  (project.users ?? []).forEach((u, i) => reg.add('user', u.guid, `users[${i}].guid`));
  walkCodes(project.codes ?? [], 'codes', 0, (c, p) => reg.add('code', c.guid, `${p}.guid`));
  (project.variables ?? []).forEach((v, i) => reg.add('variable', v.guid, `variables[${i}].guid`));
  (project.cases ?? []).forEach((c, i) => reg.add('case', c.guid, `cases[${i}].guid`));
  (project.notes ?? []).forEach((n, i) => reg.add('note', n.guid, `notes[${i}].guid`));
  (project.sources ?? []).forEach((s, i) => {
    reg.add('source', s.guid, `sources[${i}].guid`);
    (s.selections ?? []).forEach((sel, j) => {
      reg.add('selection', sel.guid, `sources[${i}].selections[${j}].guid`);
      (sel.codings ?? []).forEach((c, k) => reg.add('coding', c.guid, `sources[${i}].selections[${j}].codings[${k}].guid`));
    });
  });
  (project.sets ?? []).forEach((s, i) => reg.add('set', s.guid, `sets[${i}].guid`));

  const x = new XmlBuilder();
  const files: ZipInput[] = [];
  withXmlErrors('name', () =>
    x.start('Project', [
      ['xmlns', PROJECT_NAMESPACE],
      ['name', str(project.name, 'name')],
      ['origin', project.origin],
      ['creatingUserGUID', optGuid(project.creatingUser, 'creatingUser')],
      ['creationDateTime', optDateTime(project.creationDateTime, 'creationDateTime')],
    ]),
  );

  const users = project.users ?? [];
  if (users.length > 0) {
    x.start('Users');
    users.forEach((u, i) => withXmlErrors(`users[${i}].name`, () => x.empty('User', [['guid', guidAt(u.guid, `users[${i}].guid`)], ['name', u.name]])));
    x.end();
  }

  const codes = project.codes ?? [];
  if (codes.length > 0) {
    x.start('CodeBook').start('Codes');
    withXmlErrors('codes', () => writeCodeTree(x, codes, 'codes', true, reg));
    x.end().end();
  }

  const variables = project.variables ?? [];
  const variableByName = new Map<string, { guid: string; type: string }>();
  if (variables.length > 0) {
    x.start('Variables');
    variables.forEach((v, i) => {
      const p = `variables[${i}]`;
      if (!['Text', 'Boolean', 'Integer', 'Float', 'Date', 'DateTime'].includes(v.type)) throw new QdaExportError(`unknown variable type ${JSON.stringify(v.type)}`, `${p}.type`);
      if (variableByName.has(v.name)) throw new QdaExportError(`a variable named ${JSON.stringify(v.name)} is already declared`, `${p}.name`);
      const guid = guidAt(v.guid, `${p}.guid`);
      variableByName.set(str(v.name, `${p}.name`), { guid, type: v.type });
      withXmlErrors(p, () => {
        const attrs: XmlAttributes = [['guid', guid], ['name', v.name], ['typeOfVariable', v.type]];
        if (v.description === undefined) x.empty('Variable', attrs);
        else x.start('Variable', attrs).text('Description', v.description).end();
      });
    });
    x.end();
  }

  const cases = project.cases ?? [];
  if (cases.length > 0) {
    x.start('Cases');
    cases.forEach((c, i) => {
      const p = `cases[${i}]`;
      const codeRefs = (c.codeGuids ?? []).map((g, k) => reg.ref(['code'], g, `${p}.codeGuids[${k}]`));
      const sourceRefs = (c.sourceGuids ?? []).map((g, k) => reg.ref(['source'], g, `${p}.sourceGuids[${k}]`));
      const selectionRefs = (c.selectionGuids ?? []).map((g, k) => reg.ref(['selection'], g, `${p}.selectionGuids[${k}]`));
      withXmlErrors(p, () => {
        x.start('Case', [['guid', guidAt(c.guid, `${p}.guid`)], ['name', c.name]]);
        if (c.description !== undefined) x.text('Description', c.description);
        for (const g of codeRefs) x.empty('CodeRef', [['targetGUID', g]]);
        (c.variables ?? []).forEach((v, k) => writeVariableValue(x, v, variableByName, `${p}.variables[${k}]`));
        for (const g of sourceRefs) x.empty('SourceRef', [['targetGUID', g]]);
        for (const g of selectionRefs) x.empty('SelectionRef', [['targetGUID', g]]);
        x.end();
      });
    });
    x.end();
  }

  const sources = project.sources ?? [];
  if (sources.length > 0) {
    x.start('Sources');
    sources.forEach((s, i) => {
      const p = `sources[${i}]`;
      const guid = guidAt(s.guid, `${p}.guid`);
      const text = str(s.plainText, `${p}.plainText`);
      const data = encodeUtf8(text);
      if (data.length > MAX_INTERNAL_FILE) throw new QdaExportError('the text is larger than the 2 GiB internal file limit (section 8.5)', `${p}.plainText`);
      files.push({ name: `${SOURCES_FOLDER}/${guid}.txt`, data });
      const length = codePointLength(text);
      const rich = s.richTextPath !== undefined && /^(absolute|relative):\/\//.test(s.richTextPath) ? s.richTextPath : undefined;
      withXmlErrors(p, () => {
        x.start('TextSource', [
          ['guid', guid],
          ['name', str(s.name, `${p}.name`)],
          ['richTextPath', rich],
          ['plainTextPath', `internal://${guid}.txt`],
          ['creatingUser', optGuid(s.creatingUser, `${p}.creatingUser`)],
          ['creationDateTime', optDateTime(s.creationDateTime, `${p}.creationDateTime`)],
        ]);
        if (s.description !== undefined) x.text('Description', s.description);
        (s.selections ?? []).forEach((sel, j) => {
          const q = `${p}.selections[${j}]`;
          if (!Number.isInteger(sel.start) || sel.start < 0) throw new QdaExportError(`start ${sel.start} is not a non-negative integer`, `${q}.start`);
          if (!Number.isInteger(sel.end) || sel.end < sel.start) throw new QdaExportError(`end ${sel.end} is before start ${sel.start}`, `${q}.end`);
          if (sel.end > length) throw new QdaExportError(`end ${sel.end} is past the end of the text (${length} code points)`, `${q}.end`);
          const codings = sel.codings ?? [];
          const noteRefs = (sel.noteRefs ?? []).map((n, k) => reg.ref(['note'], n, `${q}.noteRefs[${k}]`));
          const attrs: XmlAttributes = [
            ['guid', guidAt(sel.guid, `${q}.guid`)],
            ['name', sel.name],
            ['startPosition', sel.start],
            ['endPosition', sel.end],
            ['creatingUser', optGuid(sel.creatingUser, `${q}.creatingUser`)],
            ['creationDateTime', optDateTime(sel.creationDateTime, `${q}.creationDateTime`)],
          ];
          if (sel.description === undefined && codings.length === 0 && noteRefs.length === 0) {
            x.empty('PlainTextSelection', attrs);
            return;
          }
          x.start('PlainTextSelection', attrs);
          if (sel.description !== undefined) x.text('Description', sel.description);
          codings.forEach((c, k) => writeCoding(x, c, reg, `${q}.codings[${k}]`));
          for (const n of noteRefs) x.empty('NoteRef', [['targetGUID', n]]);
          x.end();
        });
        (s.noteRefs ?? []).forEach((n, k) => x.empty('NoteRef', [['targetGUID', reg.ref(['note'], n, `${p}.noteRefs[${k}]`)]]));
        x.end();
      });
    });
    x.end();
  }

  const notes = project.notes ?? [];
  if (notes.length > 0) {
    x.start('Notes');
    notes.forEach((n, i) => {
      const p = `notes[${i}]`;
      const noteRefs = (n.noteRefs ?? []).map((r, k) => reg.ref(['note'], r, `${p}.noteRefs[${k}]`));
      withXmlErrors(p, () => {
        x.start('Note', [
          ['guid', guidAt(n.guid, `${p}.guid`)],
          ['name', str(n.name, `${p}.name`)],
          ['creatingUser', optGuid(n.creatingUser, `${p}.creatingUser`)],
          ['creationDateTime', optDateTime(n.creationDateTime, `${p}.creationDateTime`)],
        ]);
        if (n.description !== undefined) x.text('Description', n.description);
        x.text('PlainTextContent', str(n.text, `${p}.text`));
        for (const r of noteRefs) x.empty('NoteRef', [['targetGUID', r]]);
        x.end();
      });
    });
    x.end();
  }

  const sets = project.sets ?? [];
  if (sets.length > 0) {
    x.start('Sets');
    sets.forEach((s, i) => writeSet(x, s, reg, `sets[${i}]`));
    x.end();
  }

  if (project.description !== undefined) withXmlErrors('description', () => x.text('Description', project.description as string));
  (project.noteRefs ?? []).forEach((n, k) => x.empty('NoteRef', [['targetGUID', reg.ref(['note'], n, `noteRefs[${k}]`)]]));
  x.end();
  return { xml: x.toString(), files };
}

function writeCoding(x: XmlBuilder, c: QdaCoding, reg: GuidRegistry, p: string): void {
  const codeGuid = reg.ref(['code'], c.codeGuid, `${p}.codeGuid`);
  x.start('Coding', [
    ['guid', guidAt(c.guid, `${p}.guid`)],
    ['creatingUser', optGuid(c.creatingUser, `${p}.creatingUser`)],
    ['creationDateTime', optDateTime(c.creationDateTime, `${p}.creationDateTime`)],
  ]);
  x.empty('CodeRef', [['targetGUID', codeGuid]]);
  (c.noteRefs ?? []).forEach((n, k) => x.empty('NoteRef', [['targetGUID', reg.ref(['note'], n, `${p}.noteRefs[${k}]`)]]));
  x.end();
}

function writeSet(x: XmlBuilder, s: QdaSet, reg: GuidRegistry, p: string): void {
  const codes = (s.memberCodes ?? []).map((g, k) => reg.ref(['code'], g, `${p}.memberCodes[${k}]`));
  const sources = (s.memberSources ?? []).map((g, k) => reg.ref(['source'], g, `${p}.memberSources[${k}]`));
  const notes = (s.memberNotes ?? []).map((g, k) => reg.ref(['note'], g, `${p}.memberNotes[${k}]`));
  withXmlErrors(p, () => {
    const attrs: XmlAttributes = [['guid', guidAt(s.guid, `${p}.guid`)], ['name', str(s.name, `${p}.name`)]];
    if (s.description === undefined && codes.length + sources.length + notes.length === 0) {
      x.empty('Set', attrs);
      return;
    }
    x.start('Set', attrs);
    if (s.description !== undefined) x.text('Description', s.description);
    for (const g of codes) x.empty('MemberCode', [['targetGUID', g]]);
    for (const g of sources) x.empty('MemberSource', [['targetGUID', g]]);
    for (const g of notes) x.empty('MemberNote', [['targetGUID', g]]);
    x.end();
  });
}

function writeVariableValue(x: XmlBuilder, v: QdaVariableValue, byName: ReadonlyMap<string, { guid: string; type: string }>, p: string): void {
  const decl = byName.get(v.name);
  if (!decl) throw new QdaExportError(`no variable named ${JSON.stringify(v.name)} is declared in project.variables`, `${p}.name`);
  if (decl.type !== v.type) throw new QdaExportError(`type ${v.type} differs from the declared ${decl.type}`, `${p}.type`);
  x.start('VariableValue');
  x.empty('VariableRef', [['targetGUID', decl.guid]]);
  const value = v.value;
  if (value !== null && value !== undefined) {
    const bad = (what: string): never => {
      throw new QdaExportError(`${JSON.stringify(value)} is not ${what}`, `${p}.value`);
    };
    switch (v.type) {
      case 'Text':
        x.text('TextValue', typeof value === 'string' ? value : bad('a string'));
        break;
      case 'Boolean':
        x.text('BooleanValue', typeof value === 'boolean' ? String(value) : bad('true or false'));
        break;
      case 'Integer':
        x.text('IntegerValue', typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : bad('a safe integer'));
        break;
      case 'Float':
        x.text('FloatValue', typeof value === 'number' && Number.isFinite(value) ? toXsdDecimal(value) : bad('a finite number'));
        break;
      case 'Date':
        x.text('DateValue', typeof value === 'string' && isXsdDate(value) ? value : bad('an xsd:date such as 2024-03-01'));
        break;
      case 'DateTime':
        x.text('DateTimeValue', typeof value === 'string' && isXsdDateTime(value) ? value : bad('an xsd:dateTime such as 2024-03-01T09:30:00Z'));
        break;
    }
  }
  x.end();
}
