/**
 * REFI-QDA import: readQdc (.qdc codebook, section 5.2) and readQdpx (.qdpx project, sections
 * 5.3 and 8), accepting what other tools write:
 * - the namespace as default or via any prefix (or, with a warning, none or another version);
 * - GUIDs in upper or lower case or braces (canonicalised to lower case, see guid.ts);
 * - text as inline PlainTextContent or plainTextPath="internal://…" under sources/ or Sources/
 *   (any case; section 8.1 says 'sources'), or at the archive root;
 * - optional parts missing, elements out of schema order;
 * - a UTF-8 BOM and CRLF line endings in text sources: removed / turned into LF, with selection
 *   positions moved so they cover the same text (see text/line-endings.ts and `crlfPositions`).
 *
 * Required structure that is missing or wrong (a required attribute, a Coding without CodeRef, a
 * coding of an unknown code, positions past the end or start > end, duplicate GUIDs) throws
 * QdaImportError with the file, element path, line and attribute, and a hint. Data the model does
 * not carry (pictures, PDFs, audio, video, links, graphs, source-level codings) is skipped and
 * reported through `onWarning` (section 7: the importing software should tell the user).
 */
import { childElements, directText, getAttribute, parseXml, XmlParseError, type XmlElement } from '../xml/xml-parser';
import { readZip, ZipError, type ZipEntry, type ZipReadOptions } from '../zip/zip';
import { decodeUtf8, Utf8Error } from '../text/utf8';
import { codePointLength } from '../text/code-points';
import { normaliseLineEndings } from '../text/line-endings';
import { canonicalGuid } from './guid';
import { canonicalColor, isXsdDate, isXsdDateTime, isXsdDecimal, isXsdInteger, parseXsdBoolean } from './values';
import {
  QdaImportError,
  type QdaCase,
  type QdaCode,
  type QdaCodebook,
  type QdaCoding,
  type QdaImportWarning,
  type QdaLocation,
  type QdaNote,
  type QdaProject,
  type QdaSelection,
  type QdaSet,
  type QdaTextSource,
  type QdaUser,
  type QdaVariable,
  type QdaVariableType,
  type QdaVariableValue,
} from './model';

export interface QdaReadOptions {
  /**
   * How selection positions treat CR in CRLF text sources. 'count-cr': each CR is a code point
   * (the literal reading of section 10.2; NVivo, QualCoder). 'ignore-cr': positions were counted
   * on LF-only text (ATLAS.ti, and MAXQDA as QualCoder's exporter assumes). 'auto' (default):
   * 'ignore-cr' when the project origin names ATLAS.ti or MAXQDA, else 'count-cr'.
   */
  readonly crlfPositions?: 'auto' | 'count-cr' | 'ignore-cr';
  /** Receives non-fatal findings (skipped data, lenient fixes). */
  readonly onWarning?: (warning: QdaImportWarning) => void;
  /** ZIP limits (member count, member and total sizes); Fieldnote's defaults are in zip/zip.ts. Section 8.5 allows members up to 2^31−1 bytes, far more than an interview project needs. */
  readonly zipLimits?: ZipReadOptions;
  /** Counts and lengths the reader refuses beyond, with the element's location. None by default. */
  readonly limits?: QdaLimits;
}

/**
 * What one file may hold. The codec itself accepts anything the schema does; an application
 * passes the limits its own API applies (Fieldnote: shared/api/limits.ts), so a file cannot
 * bring in what the API would refuse, and a huge file is refused as soon as a count is passed.
 */
export interface QdaLimits {
  readonly codes?: number;
  readonly sources?: number;
  readonly selections?: number;
  readonly notes?: number;
  readonly cases?: number;
  readonly users?: number;
  /** Names of codes, sources, cases, notes and sets (UTF-16 code units, as the API counts). */
  readonly nameLength?: number;
  /** Descriptions of codes, sets, sources, cases and selections. */
  readonly descriptionLength?: number;
  /** The plain text of one source. */
  readonly textLength?: number;
  /** The text of one note (a memo). */
  readonly noteLength?: number;
}

type CountedKind = 'codes' | 'sources' | 'selections' | 'notes' | 'cases' | 'users';
const KIND_WORDS: Record<CountedKind, string> = { codes: 'codes', sources: 'text sources', selections: 'coded selections', notes: 'notes', cases: 'cases', users: 'users' };

const PROJECT_NS = 'urn:QDA-XML:project:1.0';
const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';
const VARIABLE_TYPES: readonly QdaVariableType[] = ['Text', 'Boolean', 'Integer', 'Float', 'Date', 'DateTime'];

/** An element with its XPath-like location. */
interface Located {
  readonly el: XmlElement;
  readonly path: string;
}

class Ctx {
  private readonly counts = new Map<CountedKind, number>();

  constructor(
    readonly file: string,
    readonly ns: string | null,
    private readonly onWarning: ((w: QdaImportWarning) => void) | undefined,
    readonly limits: QdaLimits = {},
  ) {}

  /** Counts one more `kind`; fails at the first one past the limit. */
  count(e: Located, kind: CountedKind): void {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    const max = this.limits[kind];
    if (max !== undefined && n > max) {
      this.fail(e, `the file has more than ${max} ${KIND_WORDS[kind]}`, `at most ${max} ${KIND_WORDS[kind]} are imported from one file; split it in the other program and import the parts`);
    }
  }

  /** A name attribute within the name limit. */
  name(e: Located, value: string, attribute = 'name'): string {
    const max = this.limits.nameLength;
    if (max !== undefined && value.trim().length > max) {
      this.fail(e, `the ${attribute} is ${value.length} characters long; at most ${max} are accepted`, 'shorten it in the other program and export again', attribute);
    }
    return value;
  }

  /** Description or other element text within its limit. */
  text(e: Located, value: string, max: number | undefined, what: string): string {
    if (max !== undefined && value.length > max) {
      this.fail(e, `the ${what} is ${value.length} characters long; at most ${max} are accepted`, 'shorten it in the other program and export again');
    }
    return value;
  }

  where(e: Located, attribute?: string): QdaLocation {
    const a = attribute === undefined ? undefined : getAttribute(e.el, attribute);
    return { file: this.file, path: e.path, line: a?.line ?? e.el.line, column: a?.column ?? e.el.column, ...(attribute === undefined ? {} : { attribute }) };
  }

  fail(e: Located, problem: string, hint: string, attribute?: string): never {
    throw new QdaImportError(problem, this.where(e, attribute), hint);
  }

  warn(e: Located, message: string, attribute?: string): void {
    this.onWarning?.({ message, where: this.where(e, attribute) });
  }

  /** REFI child elements (same namespace as the root, or none); others are reported and skipped. */
  children(e: Located): Located[] {
    const counts = new Map<string, number>();
    const out: Located[] = [];
    for (const el of childElements(e.el)) {
      const n = (counts.get(el.name) ?? 0) + 1;
      counts.set(el.name, n);
      const child = { el, path: `${e.path}/${el.name}[${n}]` };
      if (el.namespace !== this.ns && el.namespace !== null) {
        this.warn(child, `element in foreign namespace ${el.namespace} ignored`);
        continue;
      }
      out.push(child);
    }
    return out;
  }

  attr(e: Located, name: string): string | undefined {
    return getAttribute(e.el, name)?.value;
  }

  required(e: Located, name: string): string {
    const v = this.attr(e, name);
    if (v === undefined) this.fail(e, `required attribute ${name} is missing on <${e.el.localName}>`, `add ${name}="…" (see Project.xsd / Codebook.xsd)`, name);
    return v;
  }

  requiredGuid(e: Located, name: string): string {
    const v = this.required(e, name);
    const g = canonicalGuid(v);
    if (g === null) this.fail(e, `${JSON.stringify(v)} is not a GUID`, 'use 8-4-4-4-12 hexadecimal digits, e.g. 0b1e5c6a-1f2d-4c3b-9a8e-7d6c5b4a3f21', name);
    return g;
  }

  /** Optional GUID attribute; a malformed value is dropped with a warning (tools write ""). */
  optionalGuid(e: Located, name: string): string | undefined {
    const v = this.attr(e, name);
    if (v === undefined) return undefined;
    const g = canonicalGuid(v);
    if (g === null) {
      if (v.trim() !== '') this.warn(e, `ignored ${name}=${JSON.stringify(v)}: not a GUID`, name);
      return undefined;
    }
    return g;
  }

  optionalDateTime(e: Located, name: string): string | undefined {
    const v = this.attr(e, name)?.trim();
    if (v === undefined) return undefined;
    if (!isXsdDateTime(v)) {
      if (v !== '') this.warn(e, `ignored ${name}=${JSON.stringify(v)}: not an xsd:dateTime`, name);
      return undefined;
    }
    return v;
  }

  requiredBoolean(e: Located, name: string): boolean {
    const v = this.required(e, name);
    const b = parseXsdBoolean(v.trim());
    if (b === undefined) this.fail(e, `${JSON.stringify(v)} is not a boolean`, 'use true or false', name);
    return b;
  }

  position(e: Located, name: string): number {
    const v = this.required(e, name).trim();
    if (!isXsdInteger(v)) this.fail(e, `${JSON.stringify(v)} is not an integer`, 'positions are whole numbers of Unicode code points from 0 (section 10.2)', name);
    const n = Number(v);
    if (n < 0 || !Number.isSafeInteger(n)) this.fail(e, `position ${v} is out of range`, 'positions are code points from 0 (section 10.2)', name);
    return n;
  }

  targetGuid(e: Located, name = 'targetGUID'): string {
    return this.requiredGuid(e, name);
  }
}

/** A reference checked once everything is read. */
interface PendingRef {
  readonly guid: string;
  readonly at: Located;
  readonly attribute: string;
}

// ---------------------------------------------------------------------------------------- helpers

function decodeXml(bytes: Uint8Array, file: string): string {
  try {
    return decodeUtf8(bytes);
  } catch (err) {
    if (err instanceof Utf8Error) throw new QdaImportError(`not valid UTF-8 (${err.message})`, { file }, 'REFI-QDA files must be UTF-8 (section 5.1); re-save the file as UTF-8');
    throw err;
  }
}

function parseRoot(xml: string, file: string): XmlElement {
  try {
    return parseXml(xml).root;
  } catch (err) {
    if (err instanceof XmlParseError) {
      throw new QdaImportError(`XML is not well-formed: ${err.reason}`, { file, line: err.line, column: err.column }, 'the file is damaged or not XML; re-export it from the other program');
    }
    throw err;
  }
}

function rootNamespace(root: XmlElement, expected: string, file: string, warn: (w: QdaImportWarning) => void): void {
  const loc = { file, path: `/${root.name}`, line: root.line, column: root.column };
  if (root.namespace === expected) return;
  const family = expected.replace(/[0-9.]+$/, '');
  if (root.namespace === null) warn({ message: `<${root.name}> has no namespace; read as ${expected}`, where: loc });
  else if (root.namespace.startsWith(family)) warn({ message: `namespace ${root.namespace} read as ${expected}`, where: loc });
  else throw new QdaImportError(`root element is in namespace ${root.namespace}`, loc, `expected ${expected}`);
}

function readCodes(ctx: Ctx, codesEl: Located, withNotes: boolean, pendingNotes: PendingRef[] | null, out: Map<string, Located>): QdaCode[] {
  const codes: QdaCode[] = [];
  for (const c of ctx.children(codesEl)) {
    if (c.el.localName !== 'Code') {
      ctx.warn(c, `unexpected <${c.el.localName}> in <${codesEl.el.localName}> ignored`);
      continue;
    }
    codes.push(readCode(ctx, c, withNotes, pendingNotes, out));
  }
  return codes;
}

function readCode(ctx: Ctx, e: Located, withNotes: boolean, pendingNotes: PendingRef[] | null, out: Map<string, Located>): QdaCode {
  const guid = ctx.requiredGuid(e, 'guid');
  const prev = out.get(guid);
  if (prev) ctx.fail(e, `code GUID ${guid} is used twice (also at ${prev.path})`, 'every code needs its own GUID', 'guid');
  out.set(guid, e);
  ctx.count(e, 'codes');
  const name = ctx.name(e, ctx.required(e, 'name'));
  const isCodable = ctx.requiredBoolean(e, 'isCodable');
  const code: QdaCode = { guid, name, isCodable, noteRefs: [], children: [] };
  const colorAttr = ctx.attr(e, 'color');
  if (colorAttr !== undefined) {
    const c = canonicalColor(colorAttr);
    if (c === null) ctx.warn(e, `ignored color=${JSON.stringify(colorAttr)}: not #RRGGBB`, 'color');
    else code.color = c;
  }
  for (const c of ctx.children(e)) {
    switch (c.el.localName) {
      case 'Description':
        code.description = ctx.text(c, normaliseText(directText(c.el)), ctx.limits.descriptionLength, 'code description');
        break;
      case 'NoteRef':
        if (withNotes && pendingNotes) {
          const g = ctx.targetGuid(c);
          code.noteRefs.push(g);
          pendingNotes.push({ guid: g, at: c, attribute: 'targetGUID' });
        } else ctx.warn(c, '<NoteRef> in a codebook code ignored (not in Codebook.xsd)');
        break;
      case 'Code':
        code.children.push(readCode(ctx, c, withNotes, pendingNotes, out));
        break;
      default:
        ctx.warn(c, `unexpected <${c.el.localName}> in <Code> ignored`);
    }
  }
  return code;
}

/** Element text with CRLF / CR turned into LF (XML parsing already did so unless &#13; was used). */
function normaliseText(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

// --------------------------------------------------------------------------------------- codebook

/** Reads a .qdc codebook (string, or bytes decoded as UTF-8). */
export function readQdc(input: string | Uint8Array, options: Pick<QdaReadOptions, 'onWarning' | 'limits'> & { readonly fileName?: string } = {}): QdaCodebook {
  const file = options.fileName ?? 'codebook.qdc';
  return guard(file, () => {
    const xml = typeof input === 'string' ? input : decodeXml(input, file);
    const root = parseRoot(xml, file);
    const warn = (w: QdaImportWarning): void => options.onWarning?.(w);
    const rootLoc: Located = { el: root, path: `/${root.name}` };
    if (root.localName !== 'CodeBook') {
      throw new QdaImportError(`root element is <${root.name}>, not <CodeBook>`, { file, path: rootLoc.path, line: root.line, column: root.column }, root.localName === 'Project' ? 'this is a project (.qde); open the .qdpx instead' : 'this is not a REFI-QDA codebook (.qdc)');
    }
    if (root.namespace !== null && root.namespace.startsWith('urn:QDA-XML:project:')) {
      warn({ message: `codebook in project namespace ${root.namespace} read as ${CODEBOOK_NS}`, where: { file, path: rootLoc.path, line: root.line } });
    } else rootNamespace(root, CODEBOOK_NS, file, warn);
    const ctx: Ctx = new Ctx(file, root.namespace, options.onWarning, options.limits);
    const codeIndex = new Map<string, Located>();
    const book: QdaCodebook = { codes: [], sets: [] };
    const origin = ctx.attr(rootLoc, 'origin');
    if (origin !== undefined) book.origin = origin;
    let sawCodes = false;
    const setMembers: PendingRef[] = [];
    for (const c of ctx.children(rootLoc)) {
      if (c.el.localName === 'Codes') {
        sawCodes = true;
        book.codes.push(...readCodes(ctx, c, false, null, codeIndex));
      } else if (c.el.localName === 'Sets') {
        for (const s of ctx.children(c)) {
          if (s.el.localName !== 'Set') {
            ctx.warn(s, `unexpected <${s.el.localName}> in <Sets> ignored`);
            continue;
          }
          const set: QdaSet = { guid: ctx.requiredGuid(s, 'guid'), name: ctx.name(s, ctx.required(s, 'name')), memberCodes: [], memberSources: [], memberNotes: [] };
          for (const m of ctx.children(s)) {
            if (m.el.localName === 'Description') set.description = normaliseText(directText(m.el));
            else if (m.el.localName === 'MemberCode') {
              // Codebook.xsd: MemberCode guid="…"; accept the project form targetGUID="…" too.
              const attribute = ctx.attr(m, 'guid') === undefined && ctx.attr(m, 'targetGUID') !== undefined ? 'targetGUID' : 'guid';
              const g = ctx.requiredGuid(m, attribute);
              set.memberCodes.push(g);
              setMembers.push({ guid: g, at: m, attribute });
            } else ctx.warn(m, `<${m.el.localName}> in a codebook set ignored`);
          }
          book.sets.push(set);
        }
      } else ctx.warn(c, `unexpected <${c.el.localName}> in <CodeBook> ignored`);
    }
    if (!sawCodes) ctx.fail(rootLoc, '<CodeBook> has no <Codes>', 'a codebook needs a <Codes> element with at least one <Code>');
    const dropped = new Set<string>();
    for (const m of setMembers) {
      if (!codeIndex.has(m.guid)) {
        ctx.warn(m.at, `set member ${m.guid} is not a code in this codebook; dropped`, m.attribute);
        dropped.add(m.guid);
      }
    }
    if (dropped.size > 0) for (const s of book.sets) s.memberCodes = s.memberCodes.filter((g) => !dropped.has(g));
    return book;
  });
}

/** Turns unexpected exceptions into QdaImportError so callers only ever see one error type. */
function guard<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw asImportError(err, file);
  }
}

function asImportError(err: unknown, file: string): QdaImportError {
  if (err instanceof QdaImportError) return err;
  if (err instanceof ZipError) {
    return new QdaImportError(err.message, { file: err.entry ?? '(zip)' }, 'the .qdpx file is damaged or not a ZIP archive; export it again');
  }
  if (err instanceof XmlParseError) return new QdaImportError(`XML is not well-formed: ${err.reason}`, { file, line: err.line, column: err.column }, 'export it again');
  const message = err instanceof Error ? err.message : String(err);
  return new QdaImportError(`unexpected error while reading: ${message}`, { file }, 'please report this file to the Fieldnote developers');
}

// ---------------------------------------------------------------------------------------- project

interface ArchiveFiles {
  /** Finds an internal file by the name after internal:// (sources/ or Sources/, any case, or the root). */
  find(name: string): { entry: ZipEntry; path: string } | undefined;
}

function indexArchive(entries: readonly ZipEntry[], base: string): ArchiveFiles {
  const byLower = new Map<string, ZipEntry>();
  const exact = new Map<string, ZipEntry>();
  for (const e of entries) {
    if (e.isDirectory || !e.name.startsWith(base)) continue;
    const rel = e.name.slice(base.length).replace(/^\.\//, '');
    exact.set(rel, e);
    if (!byLower.has(rel.toLowerCase())) byLower.set(rel.toLowerCase(), e);
  }
  return {
    find(name: string) {
      const names = [name];
      try {
        const decoded = decodeURIComponent(name);
        if (decoded !== name) names.push(decoded);
      } catch {
        // keep the raw name
      }
      for (const n of names) {
        const clean = n.replace(/^\/+/, '');
        for (const candidate of [`sources/${clean}`, `Sources/${clean}`, clean]) {
          const hit = exact.get(candidate) ?? byLower.get(candidate.toLowerCase());
          if (hit) return { entry: hit, path: hit.name };
        }
      }
      return undefined;
    },
  };
}

/** Reads a .qdpx archive (section 8). */
export async function readQdpx(bytes: Uint8Array, options: QdaReadOptions = {}): Promise<QdaProject> {
  let file = '(zip)';
  try {
    const entries = readZip(bytes, options.zipLimits);
    // project.qde at the root (any case); else one .qde at the root; else one folder down.
    const files = entries.filter((e) => !e.isDirectory);
    const qde =
      files.find((e) => e.name === 'project.qde') ??
      files.find((e) => e.name.toLowerCase() === 'project.qde') ??
      single(files.filter((e) => !e.name.includes('/') && e.name.toLowerCase().endsWith('.qde'))) ??
      single(files.filter((e) => /^[^/]+\/project\.qde$/i.test(e.name)));
    if (!qde) {
      throw new QdaImportError('the archive has no project.qde', { file: '(zip)' }, 'this is not a REFI-QDA project (.qdpx); export the project again as REFI-QDA / QDPX');
    }
    const base = qde.name.includes('/') ? qde.name.slice(0, qde.name.lastIndexOf('/') + 1) : '';
    file = qde.name;
    const xml = decodeXml(await qde.read(), file);
    const archive = indexArchive(entries, base);
    return await readProjectXml(xml, file, archive, options);
  } catch (err) {
    throw asImportError(err, file);
  }
}

function single<T>(xs: readonly T[]): T | undefined {
  return xs.length === 1 ? xs[0] : undefined;
}

/**
 * Reads a bare project.qde (string). Sources given by plainTextPath cannot be resolved without the
 * archive, so this accepts inline PlainTextContent only; use readQdpx for complete projects.
 */
export async function readQde(xml: string, options: QdaReadOptions = {}): Promise<QdaProject> {
  try {
    return await readProjectXml(xml, 'project.qde', { find: () => undefined }, options);
  } catch (err) {
    throw asImportError(err, 'project.qde');
  }
}

interface RawSelection {
  readonly sel: QdaSelection;
  readonly at: Located;
}

async function readProjectXml(xml: string, file: string, archive: ArchiveFiles, options: QdaReadOptions): Promise<QdaProject> {
  const root = parseRoot(xml, file);
  const warnings = (w: QdaImportWarning): void => options.onWarning?.(w);
  const rootLoc: Located = { el: root, path: `/${root.name}` };
  if (root.localName !== 'Project') {
    throw new QdaImportError(`root element is <${root.name}>, not <Project>`, { file, path: rootLoc.path, line: root.line, column: root.column }, root.localName === 'CodeBook' ? 'this is a codebook; open it as a .qdc' : 'this is not a REFI-QDA project');
  }
  rootNamespace(root, PROJECT_NS, file, warnings);
  const ctx: Ctx = new Ctx(file, root.namespace, options.onWarning, options.limits);

  const project: QdaProject = {
    name: ctx.required(rootLoc, 'name'),
    users: [],
    codes: [],
    variables: [],
    cases: [],
    sources: [],
    notes: [],
    sets: [],
    noteRefs: [],
  };
  const origin = ctx.attr(rootLoc, 'origin');
  if (origin !== undefined) project.origin = origin;
  const creatingUser = ctx.optionalGuid(rootLoc, 'creatingUserGUID');
  if (creatingUser !== undefined) project.creatingUser = creatingUser;
  const created = ctx.optionalDateTime(rootLoc, 'creationDateTime');
  if (created !== undefined) project.creationDateTime = created;

  const mode = options.crlfPositions ?? 'auto';
  const crCounts = mode === 'count-cr' || (mode === 'auto' && !/atlas\.?ti|maxqda/i.test(origin ?? ''));

  const codeIndex = new Map<string, Located>();
  const noteRefs: PendingRef[] = [];
  const codeRefs: PendingRef[] = [];
  const seen = new Map<string, Located>();
  const skipped = new Set<string>();
  const claim = (guid: string, at: Located): void => {
    const prev = seen.get(guid);
    if (prev) ctx.fail(at, `GUID ${guid} is used twice (also at ${prev.path})`, 'every object needs its own GUID', 'guid');
    seen.set(guid, at);
  };
  const variablesByGuid = new Map<string, QdaVariable>();
  const pendingCaseVars: { c: QdaCase; vv: Located }[] = [];
  type Member = { list: string[]; guid: string; at: Located; kinds: 'code' | 'source' | 'selection' | 'note' };
  const members: Member[] = [];
  const textJobs: (() => Promise<void>)[] = [];

  const readTextBody = (e: Located, what: 'source' | 'note', inline: string | undefined): { inline?: string; path?: string } => {
    const path = ctx.attr(e, 'plainTextPath');
    if (inline !== undefined && path !== undefined) ctx.warn(e, `${what} has both PlainTextContent and plainTextPath; using PlainTextContent`, 'plainTextPath');
    return { ...(inline === undefined ? {} : { inline }), ...(path === undefined ? {} : { path }) };
  };

  /** Loads text from inline content or internal://; undefined when it cannot be loaded. */
  const loadText = async (e: Located, body: { inline?: string; path?: string }): Promise<{ text: string; file: string } | undefined> => {
    if (body.inline !== undefined) return { text: body.inline, file };
    if (body.path === undefined) return undefined;
    const m = /^internal:\/\/(.*)$/i.exec(body.path.trim());
    if (!m) {
      ctx.warn(e, `external text ${JSON.stringify(body.path)} cannot be read from the archive`, 'plainTextPath');
      return undefined;
    }
    const hit = archive.find(m[1] as string);
    if (!hit) {
      ctx.fail(e, `${body.path} is not in the archive`, `the .qdpx should contain sources/${m[1] as string} (section 8.3); export the project again with its sources`, 'plainTextPath');
    }
    const data = await hit.entry.read();
    try {
      return { text: decodeUtf8(data), file: hit.path };
    } catch (err) {
      if (err instanceof Utf8Error) {
        throw new QdaImportError(`text is not valid UTF-8 (${err.message})`, { file: hit.path }, 'plain-text sources must be UTF-8 (section 9.1.2); convert the file to UTF-8');
      }
      throw err;
    }
  };

  const readSelection = (s: Located, owner: 'source'): QdaSelection => {
    const guid = ctx.requiredGuid(s, 'guid');
    claim(guid, s);
    ctx.count(s, 'selections');
    const sel: QdaSelection = { guid, start: ctx.position(s, 'startPosition'), end: ctx.position(s, 'endPosition'), codings: [], noteRefs: [] };
    if (sel.start > sel.end) ctx.fail(s, `startPosition ${sel.start} is after endPosition ${sel.end}`, 'a selection must start at or before its end', 'startPosition');
    const name = ctx.attr(s, 'name');
    if (name !== undefined) sel.name = name;
    const user = ctx.optionalGuid(s, 'creatingUser') ?? ctx.optionalGuid(s, 'modifyingUser');
    if (user !== undefined) sel.creatingUser = user;
    const date = ctx.optionalDateTime(s, 'creationDateTime') ?? ctx.optionalDateTime(s, 'modifiedDateTime');
    if (date !== undefined) sel.creationDateTime = date;
    for (const c of ctx.children(s)) {
      switch (c.el.localName) {
        case 'Description':
          sel.description = normaliseText(directText(c.el));
          break;
        case 'Coding':
          sel.codings.push(readCoding(c));
          break;
        case 'NoteRef':
          sel.noteRefs.push(pushRef(noteRefs, c));
          break;
        default:
          ctx.warn(c, `unexpected <${c.el.localName}> in a ${owner} selection ignored`);
      }
    }
    return sel;
  };

  const pushRef = (list: PendingRef[], at: Located): string => {
    const g = ctx.targetGuid(at);
    list.push({ guid: g, at, attribute: 'targetGUID' });
    return g;
  };

  const readCoding = (c: Located): QdaCoding => {
    const guid = ctx.requiredGuid(c, 'guid');
    claim(guid, c);
    let codeGuid: string | undefined;
    const coding: Omit<QdaCoding, 'codeGuid'> & { noteRefs: string[] } = { guid, noteRefs: [] };
    const user = ctx.optionalGuid(c, 'creatingUser');
    if (user !== undefined) coding.creatingUser = user;
    const date = ctx.optionalDateTime(c, 'creationDateTime');
    if (date !== undefined) coding.creationDateTime = date;
    for (const k of ctx.children(c)) {
      if (k.el.localName === 'CodeRef') {
        if (codeGuid !== undefined) ctx.fail(k, '<Coding> has more than one <CodeRef>', 'a coding applies exactly one code');
        codeGuid = pushRef(codeRefs, k);
      } else if (k.el.localName === 'NoteRef') coding.noteRefs.push(pushRef(noteRefs, k));
      else ctx.warn(k, `unexpected <${k.el.localName}> in <Coding> ignored`);
    }
    if (codeGuid === undefined) ctx.fail(c, '<Coding> has no <CodeRef>', 'each Coding needs <CodeRef targetGUID="…"/> naming a code (Project.xsd CodingType)');
    const result: QdaCoding = { guid: coding.guid, codeGuid };
    if (coding.creatingUser !== undefined) result.creatingUser = coding.creatingUser;
    if (coding.creationDateTime !== undefined) result.creationDateTime = coding.creationDateTime;
    if (coding.noteRefs.length > 0) result.noteRefs = coding.noteRefs;
    return result;
  };

  const readTextSource = (e: Located): void => {
    const guid = ctx.requiredGuid(e, 'guid');
    claim(guid, e);
    ctx.count(e, 'sources');
    const source: QdaTextSource = { guid, name: ctx.name(e, ctx.attr(e, 'name') ?? ''), plainText: '', selections: [], noteRefs: [] };
    const rich = ctx.attr(e, 'richTextPath');
    if (rich !== undefined) source.richTextPath = rich;
    const user = ctx.optionalGuid(e, 'creatingUser');
    if (user !== undefined) source.creatingUser = user;
    const date = ctx.optionalDateTime(e, 'creationDateTime');
    if (date !== undefined) source.creationDateTime = date;
    const own: RawSelection[] = [];
    let inline: string | undefined;
    for (const c of ctx.children(e)) {
      switch (c.el.localName) {
        case 'Description':
          source.description = ctx.text(c, normaliseText(directText(c.el)), ctx.limits.descriptionLength, 'source description');
          break;
        case 'PlainTextContent':
          inline = directText(c.el);
          break;
        case 'PlainTextSelection': {
          const sel = readSelection(c, 'source');
          own.push({ sel, at: c });
          source.selections.push(sel);
          break;
        }
        case 'NoteRef':
          source.noteRefs.push(pushRef(noteRefs, c));
          break;
        case 'Coding':
          ctx.warn(c, 'coding of the whole source is not imported (only text selections carry codings)');
          break;
        case 'VariableValue':
          ctx.warn(c, 'variable values on a source are not imported (use cases)');
          break;
        default:
          ctx.warn(c, `unexpected <${c.el.localName}> in <TextSource> ignored`);
      }
    }
    const body = readTextBody(e, 'source', inline);
    if (body.inline === undefined && body.path === undefined) {
      ctx.fail(e, 'TextSource has neither PlainTextContent nor plainTextPath', 'a text source needs its plain text (Project.xsd: either PlainTextContent or plainTextPath must be filled)');
    }
    project.sources.push(source);
    textJobs.push(async () => {
      const loaded = await loadText(e, body);
      if (!loaded) {
        project.sources = project.sources.filter((s) => s !== source);
        skipped.add(guid);
        for (const r of own) skipped.add(r.sel.guid);
        return;
      }
      ctx.text(e, loaded.text, ctx.limits.textLength, `text of source “${source.name.slice(0, 80)}” (${loaded.file})`);
      placeSelections(ctx, source, own, loaded.text, loaded.file, crCounts);
    });
  };

  const readNote = (e: Located): void => {
    const guid = ctx.requiredGuid(e, 'guid');
    claim(guid, e);
    ctx.count(e, 'notes');
    const note: QdaNote = { guid, name: ctx.name(e, ctx.attr(e, 'name') ?? ''), text: '' };
    const user = ctx.optionalGuid(e, 'creatingUser') ?? ctx.optionalGuid(e, 'modifyingUser');
    if (user !== undefined) note.creatingUser = user;
    const date = ctx.optionalDateTime(e, 'creationDateTime') ?? ctx.optionalDateTime(e, 'modifiedDateTime');
    if (date !== undefined) note.creationDateTime = date;
    const refs: string[] = [];
    let inline: string | undefined;
    for (const c of ctx.children(e)) {
      switch (c.el.localName) {
        case 'Description':
          note.description = normaliseText(directText(c.el));
          break;
        case 'PlainTextContent':
          inline = directText(c.el);
          break;
        case 'NoteRef':
          refs.push(pushRef(noteRefs, c));
          break;
        case 'PlainTextSelection':
          ctx.warn(c, 'selection inside a note (an annotation range) is not imported; the note text is');
          break;
        default:
          ctx.warn(c, `<${c.el.localName}> in <Note> not imported`);
      }
    }
    if (refs.length > 0) note.noteRefs = refs;
    project.notes.push(note);
    const body = readTextBody(e, 'note', inline);
    textJobs.push(async () => {
      const loaded = await loadText(e, body);
      if (loaded) note.text = ctx.text(e, normaliseLineEndings(loaded.text).text, ctx.limits.noteLength, 'note text');
    });
  };

  const readCase = (e: Located): void => {
    const guid = ctx.requiredGuid(e, 'guid');
    claim(guid, e);
    ctx.count(e, 'cases');
    const c: QdaCase = { guid, name: ctx.name(e, ctx.attr(e, 'name') ?? ''), variables: [], sourceGuids: [], codeGuids: [], selectionGuids: [] };
    for (const k of ctx.children(e)) {
      switch (k.el.localName) {
        case 'Description':
          c.description = normaliseText(directText(k.el));
          break;
        case 'CodeRef':
          members.push({ list: c.codeGuids as string[], guid: ctx.targetGuid(k), at: k, kinds: 'code' });
          break;
        case 'SourceRef':
          members.push({ list: c.sourceGuids, guid: ctx.targetGuid(k), at: k, kinds: 'source' });
          break;
        case 'SelectionRef':
          members.push({ list: c.selectionGuids as string[], guid: ctx.targetGuid(k), at: k, kinds: 'selection' });
          break;
        case 'VariableValue':
          pendingCaseVars.push({ c, vv: k });
          break;
        default:
          ctx.warn(k, `unexpected <${k.el.localName}> in <Case> ignored`);
      }
    }
    project.cases.push(c);
  };

  const skipSource = (e: Located): void => {
    const guid = ctx.requiredGuid(e, 'guid');
    claim(guid, e);
    skipped.add(guid);
    const walk = (x: Located): void => {
      for (const c of ctx.children(x)) {
        const g = canonicalGuid(ctx.attr(c, 'guid') ?? '');
        if (g !== null) skipped.add(g);
        walk(c);
      }
    };
    walk(e);
    ctx.warn(e, `<${e.el.localName}> "${ctx.attr(e, 'name') ?? ''}" not imported: only text sources are supported`);
  };

  for (const part of ctx.children(rootLoc)) {
    switch (part.el.localName) {
      case 'Users':
        for (const u of ctx.children(part)) {
          if (u.el.localName !== 'User') {
            ctx.warn(u, `unexpected <${u.el.localName}> in <Users> ignored`);
            continue;
          }
          const guid = ctx.requiredGuid(u, 'guid');
          claim(guid, u);
          ctx.count(u, 'users');
          const user: QdaUser = { guid, name: ctx.attr(u, 'name') ?? '' };
          project.users.push(user);
        }
        break;
      case 'CodeBook':
        for (const c of ctx.children(part)) {
          if (c.el.localName === 'Codes') project.codes.push(...readCodes(ctx, c, true, noteRefs, codeIndex));
          else ctx.warn(c, `unexpected <${c.el.localName}> in <CodeBook> ignored`);
        }
        break;
      case 'Variables':
        for (const v of ctx.children(part)) {
          if (v.el.localName !== 'Variable') {
            ctx.warn(v, `unexpected <${v.el.localName}> in <Variables> ignored`);
            continue;
          }
          const guid = ctx.requiredGuid(v, 'guid');
          claim(guid, v);
          const type = ctx.required(v, 'typeOfVariable').trim() as QdaVariableType;
          if (!VARIABLE_TYPES.includes(type)) ctx.fail(v, `typeOfVariable ${JSON.stringify(type)} is unknown`, `use one of ${VARIABLE_TYPES.join(', ')}`, 'typeOfVariable');
          const variable: QdaVariable = { guid, name: ctx.required(v, 'name'), type };
          for (const d of ctx.children(v)) if (d.el.localName === 'Description') variable.description = normaliseText(directText(d.el));
          project.variables.push(variable);
          variablesByGuid.set(guid, variable);
        }
        break;
      case 'Cases':
        for (const c of ctx.children(part)) {
          if (c.el.localName === 'Case') readCase(c);
          else ctx.warn(c, `unexpected <${c.el.localName}> in <Cases> ignored`);
        }
        break;
      case 'Sources':
        for (const s of ctx.children(part)) {
          if (s.el.localName === 'TextSource') readTextSource(s);
          else if (['PictureSource', 'PDFSource', 'AudioSource', 'VideoSource'].includes(s.el.localName)) skipSource(s);
          else ctx.warn(s, `unexpected <${s.el.localName}> in <Sources> ignored`);
        }
        break;
      case 'Notes':
        for (const n of ctx.children(part)) {
          if (n.el.localName === 'Note') readNote(n);
          else ctx.warn(n, `unexpected <${n.el.localName}> in <Notes> ignored`);
        }
        break;
      case 'Sets':
        for (const s of ctx.children(part)) {
          if (s.el.localName !== 'Set') {
            ctx.warn(s, `unexpected <${s.el.localName}> in <Sets> ignored`);
            continue;
          }
          const guid = ctx.requiredGuid(s, 'guid');
          claim(guid, s);
          const set: QdaSet = { guid, name: ctx.required(s, 'name'), memberCodes: [], memberSources: [], memberNotes: [] };
          for (const m of ctx.children(s)) {
            const kind = ({ MemberCode: 'code', MemberSource: 'source', MemberNote: 'note' } as const)[m.el.localName as 'MemberCode'];
            if (m.el.localName === 'Description') set.description = normaliseText(directText(m.el));
            else if (kind === 'code') members.push({ list: set.memberCodes, guid: ctx.targetGuid(m), at: m, kinds: 'code' });
            else if (kind === 'source') members.push({ list: set.memberSources, guid: ctx.targetGuid(m), at: m, kinds: 'source' });
            else if (kind === 'note') members.push({ list: set.memberNotes, guid: ctx.targetGuid(m), at: m, kinds: 'note' });
            else ctx.warn(m, `unexpected <${m.el.localName}> in <Set> ignored`);
          }
          project.sets.push(set);
        }
        break;
      case 'Description':
        project.description = normaliseText(directText(part.el));
        break;
      case 'NoteRef':
        project.noteRefs.push(pushRef(noteRefs, part));
        break;
      case 'Links':
      case 'Graphs':
        ctx.warn(part, `<${part.el.localName}> not imported (not supported by Fieldnote)`);
        break;
      default:
        ctx.warn(part, `unexpected <${part.el.localName}> in <Project> ignored`);
    }
  }

  // Code GUIDs share the one GUID space with everything else.
  for (const [g, at] of codeIndex) claim(g, at);

  for (const job of textJobs) await job();

  // References. A coding of an unknown code breaks the project; other dangling references are
  // dropped with a warning (section 7).
  for (const r of codeRefs) {
    if (!codeIndex.has(r.guid)) {
      ctx.fail(r.at, `coding refers to code ${r.guid}, which is not in the codebook`, 'add the code to <CodeBook> or remove the coding', r.attribute);
    }
  }
  const noteGuids = new Set(project.notes.map((n) => n.guid));
  const danglingNotes = new Set<string>();
  for (const r of noteRefs) {
    if (!noteGuids.has(r.guid)) {
      danglingNotes.add(r.guid);
      ctx.warn(r.at, `NoteRef to ${r.guid}, which is not a note in <Notes>; dropped`, r.attribute);
    }
  }
  if (danglingNotes.size > 0) {
    const keep = (xs: string[]): string[] => xs.filter((g) => !danglingNotes.has(g));
    project.noteRefs = keep(project.noteRefs);
    const walk = (codes: QdaCode[]): void => {
      for (const c of codes) {
        c.noteRefs = keep(c.noteRefs);
        walk(c.children);
      }
    };
    walk(project.codes);
    for (const s of project.sources) {
      s.noteRefs = keep(s.noteRefs);
      for (const sel of s.selections) {
        sel.noteRefs = keep(sel.noteRefs);
        for (const c of sel.codings) if (c.noteRefs) c.noteRefs = keep(c.noteRefs);
      }
    }
    for (const n of project.notes) if (n.noteRefs) n.noteRefs = keep(n.noteRefs);
  }

  const sourceGuids = new Set(project.sources.map((s) => s.guid));
  const selectionGuids = new Set(project.sources.flatMap((s) => s.selections.map((x) => x.guid)));
  for (const m of members) {
    const known = m.kinds === 'code' ? codeIndex.has(m.guid) : m.kinds === 'source' ? sourceGuids.has(m.guid) : m.kinds === 'selection' ? selectionGuids.has(m.guid) : noteGuids.has(m.guid);
    if (known) m.list.push(m.guid);
    else if (skipped.has(m.guid)) ctx.warn(m.at, `reference to ${m.guid}, which was not imported; dropped`, 'targetGUID');
    else ctx.warn(m.at, `reference to ${m.guid}, which is not a ${m.kinds} in this project; dropped`, 'targetGUID');
  }
  for (const c of project.cases) {
    if (c.codeGuids && c.codeGuids.length === 0) delete c.codeGuids;
    if (c.selectionGuids && c.selectionGuids.length === 0) delete c.selectionGuids;
  }
  for (const { c, vv } of pendingCaseVars) {
    const value = readVariableValue(ctx, vv, variablesByGuid);
    if (value) c.variables.push(value);
  }
  return project;
}

/** Checks and maps selection positions onto the normalised text (section 10.2). */
function placeSelections(ctx: Ctx, source: QdaTextSource, own: readonly RawSelection[], raw: string, file: string, crCounts: boolean): void {
  const norm = normaliseLineEndings(raw, crCounts);
  source.plainText = norm.text;
  const body = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const limit = crCounts ? codePointLength(body) : codePointLength(norm.text);
  for (const { sel, at } of own) {
    if (sel.end > limit) {
      ctx.fail(at, `endPosition ${sel.end} is past the end of the text (${limit} code points in ${file})`, 'positions count Unicode code points from 0 (section 10.2); the selection does not fit this text', 'endPosition');
    }
    sel.start = norm.mapPosition(sel.start);
    sel.end = norm.mapPosition(sel.end);
  }
}

function readVariableValue(ctx: Ctx, vv: Located, variables: ReadonlyMap<string, QdaVariable>): QdaVariableValue | undefined {
  let variable: QdaVariable | undefined;
  let valueEl: Located | undefined;
  for (const k of ctx.children(vv)) {
    if (k.el.localName === 'VariableRef') {
      const g = ctx.targetGuid(k);
      variable = variables.get(g);
      if (!variable) {
        ctx.warn(k, `VariableRef to ${g}, which is not declared in <Variables>; value dropped`, 'targetGUID');
        return undefined;
      }
    } else if (/^(Text|Boolean|Integer|Float|Date|DateTime)Value$/.test(k.el.localName)) valueEl = k;
    else ctx.warn(k, `unexpected <${k.el.localName}> in <VariableValue> ignored`);
  }
  if (!variable) ctx.fail(vv, '<VariableValue> has no <VariableRef>', 'each VariableValue needs <VariableRef targetGUID="…"/> (Project.xsd VariableValueType)');
  const out: QdaVariableValue = { name: variable.name, type: variable.type, value: null };
  if (!valueEl) return out;
  const elType = valueEl.el.localName.slice(0, -'Value'.length);
  const text = directText(valueEl.el);
  const t = text.trim();
  if (elType !== variable.type) {
    ctx.warn(valueEl, `<${valueEl.el.localName}> for ${variable.type} variable "${variable.name}"; value dropped`);
    return out;
  }
  let value: QdaVariableValue['value'] | undefined;
  switch (variable.type) {
    case 'Text':
      value = normaliseText(text);
      break;
    case 'Boolean':
      value = parseXsdBoolean(t);
      break;
    case 'Integer':
      value = isXsdInteger(t) && Number.isSafeInteger(Number(t)) ? Number(t) : undefined;
      break;
    case 'Float':
      value = isXsdDecimal(t) || /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+$/.test(t) ? Number(t) : undefined;
      break;
    case 'Date':
      value = isXsdDate(t) ? t : isXsdDateTime(t) ? t.slice(0, t.indexOf('T')) : undefined;
      break;
    case 'DateTime':
      value = isXsdDateTime(t) ? t : undefined;
      break;
  }
  if (value === undefined) ctx.warn(valueEl, `${JSON.stringify(t)} is not a valid ${variable.type} value; value dropped`);
  else out.value = value;
  return out;
}
