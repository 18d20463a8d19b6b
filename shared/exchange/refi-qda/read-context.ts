/**
 * What every REFI-QDA reading step shares: the options and limits, the reading context (`Ctx`:
 * element locations, counted limits, required and optional attributes, warnings) and the turning
 * of lower-level errors (UTF-8, XML, ZIP) into one located QdaImportError.
 */
import { childElements, getAttribute, parseXml, XmlParseError, type XmlElement } from '../xml/xml-parser';
import { ZipError, type ZipEntry, type ZipReadOptions } from '../zip/zip';
import { decodeUtf8, Utf8Error } from '../text/utf8';
import { canonicalGuid } from './guid';
import { isXsdDateTime, isXsdInteger, parseXsdBoolean } from './values';
import { QdaImportError, type QdaImportWarning, type QdaLocation, type QdaVariableType } from './model';

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

export const PROJECT_NS = 'urn:QDA-XML:project:1.0';
export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';
export const VARIABLE_TYPES: readonly QdaVariableType[] = ['Text', 'Boolean', 'Integer', 'Float', 'Date', 'DateTime'];

/** An element with its XPath-like location. */
export interface Located {
  readonly el: XmlElement;
  readonly path: string;
}

export class Ctx {
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
export interface PendingRef {
  readonly guid: string;
  readonly at: Located;
  readonly attribute: string;
}

export function decodeXml(bytes: Uint8Array, file: string): string {
  try {
    return decodeUtf8(bytes);
  } catch (err) {
    if (err instanceof Utf8Error) throw new QdaImportError(`not valid UTF-8 (${err.message})`, { file }, 'REFI-QDA files must be UTF-8 (section 5.1); re-save the file as UTF-8');
    throw err;
  }
}

export function parseRoot(xml: string, file: string): XmlElement {
  try {
    return parseXml(xml).root;
  } catch (err) {
    if (err instanceof XmlParseError) {
      throw new QdaImportError(`XML is not well-formed: ${err.reason}`, { file, line: err.line, column: err.column }, 'the file is damaged or not XML; re-export it from the other program');
    }
    throw err;
  }
}

export function rootNamespace(root: XmlElement, expected: string, file: string, warn: (w: QdaImportWarning) => void): void {
  const loc = { file, path: `/${root.name}`, line: root.line, column: root.column };
  if (root.namespace === expected) return;
  const family = expected.replace(/[0-9.]+$/, '');
  if (root.namespace === null) warn({ message: `<${root.name}> has no namespace; read as ${expected}`, where: loc });
  else if (root.namespace.startsWith(family)) warn({ message: `namespace ${root.namespace} read as ${expected}`, where: loc });
  else throw new QdaImportError(`root element is in namespace ${root.namespace}`, loc, `expected ${expected}`);
}

/** Element text with CRLF / CR turned into LF (XML parsing already did so unless &#13; was used). */
export function normaliseText(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Turns unexpected exceptions into QdaImportError so callers only ever see one error type. */
export function guard<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw asImportError(err, file);
  }
}

export function asImportError(err: unknown, file: string): QdaImportError {
  if (err instanceof QdaImportError) return err;
  if (err instanceof ZipError) {
    return new QdaImportError(err.message, { file: err.entry ?? '(zip)' }, 'the .qdpx file is damaged or not a ZIP archive; export it again');
  }
  if (err instanceof XmlParseError) return new QdaImportError(`XML is not well-formed: ${err.reason}`, { file, line: err.line, column: err.column }, 'export it again');
  const message = err instanceof Error ? err.message : String(err);
  return new QdaImportError(`unexpected error while reading: ${message}`, { file }, 'please report this file to the Fieldnote developers');
}

export interface ArchiveFiles {
  /** Finds an internal file by the name after internal:// (sources/ or Sources/, any case, or the root). */
  find(name: string): { entry: ZipEntry; path: string } | undefined;
}

