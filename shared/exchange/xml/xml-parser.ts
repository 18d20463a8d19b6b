/**
 * A small, strict, non-validating XML 1.0 (fifth edition) parser with Namespaces in XML 1.0,
 * enough for REFI-QDA files (REFI-QDA 1.5 section 5: UTF-8 XML, default namespace
 * urn:QDA-XML:project:1.0 or urn:QDA-XML:codebook:1.0, or any prefix bound to it).
 *
 * Supported: XML declaration, elements, attributes, text, CDATA sections, comments, processing
 * instructions, the five predefined entities and numeric character references, namespace
 * declarations (default and prefixed). Refused: DOCTYPE (no DTD means no entity expansion, so no
 * "billion laughs"), undeclared entities, declared encodings other than UTF-8, and anything
 * not well-formed. Every error carries a line and column.
 *
 * Input is a JavaScript string; end-of-line handling (XML 1.0 section 2.11) turns CRLF and lone CR
 * into LF before parsing, attribute values are normalised per section 3.3.3 (literal tab and
 * newline become a space; character references are kept).
 */

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

export interface XmlAttribute {
  /** Qualified name as written, e.g. `xsi:type`. */
  readonly name: string;
  readonly prefix: string | null;
  readonly localName: string;
  /** Namespace URI; null for unprefixed attributes (Namespaces in XML section 6.3). */
  readonly namespace: string | null;
  readonly value: string;
  readonly line: number;
  readonly column: number;
}

export interface XmlText {
  readonly kind: 'text';
  readonly text: string;
  readonly cdata: boolean;
}

export interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  readonly prefix: string | null;
  readonly localName: string;
  /** Namespace URI, or null when no default namespace is in scope and no prefix is used. */
  readonly namespace: string | null;
  /** Attributes other than namespace declarations, in document order. */
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlNode[];
  readonly line: number;
  readonly column: number;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlDocument {
  readonly root: XmlElement;
  /** Value of `encoding` in the XML declaration, if any. */
  readonly encoding: string | null;
}

export class XmlParseError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
    this.name = 'XmlParseError';
  }
}

export interface XmlParseOptions {
  /** Deepest element nesting accepted. Default 256. */
  readonly maxDepth?: number;
}

const NAME_START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
// The U+0300–U+036F range starts with a combining mark; it is a range, not a combined character.
// eslint-disable-next-line no-misleading-character-class
const NAME_RE = new RegExp(`^[${NAME_START}][${NAME_CHAR}]*$`, 'u');
/** Anything outside the XML 1.0 Char production (section 2.2); lone surrogates included. */
const BAD_CHAR_RE = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
/** Characters that end a name while scanning: white space and markup delimiters. */
const NAME_STOP: ReadonlySet<number> = new Set([...' \t\n/>=<?&"\'[]'].map((c) => c.charCodeAt(0)));
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** True for an XML 1.0 Char (section 2.2). */
export function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** True when `name` matches the XML 1.0 Name production (section 2.3). */
export function isXmlName(name: string): boolean {
  return NAME_RE.test(name);
}

/** Parses a whole document. Throws XmlParseError with a line and column on any problem. */
export function parseXml(input: string, options: XmlParseOptions = {}): XmlDocument {
  return new Parser(input, options.maxDepth ?? 256).document();
}

interface OpenElement {
  name: string;
  prefix: string | null;
  localName: string;
  namespace: string | null;
  attributes: XmlAttribute[];
  children: XmlNode[];
  line: number;
  column: number;
  scope: ReadonlyMap<string, string>;
}

class Parser {
  private readonly s: string;
  private pos = 0;
  private readonly lineStarts: number[] = [0];

  constructor(
    input: string,
    private readonly maxDepth: number,
  ) {
    this.s = input.replace(/\r\n?/g, '\n');
    for (let i = this.s.indexOf('\n'); i >= 0; i = this.s.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  private where(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.lineStarts[lo] as number) + 1 };
  }

  private fail(reason: string, offset = this.pos): never {
    const { line, column } = this.where(Math.min(offset, this.s.length));
    throw new XmlParseError(reason, line, column);
  }

  private startsWith(t: string): boolean {
    return this.s.startsWith(t, this.pos);
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (this.pos < this.s.length) {
      const c = this.s.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a) this.pos++;
      else break;
    }
    return this.pos > start;
  }

  document(): XmlDocument {
    const bad = BAD_CHAR_RE.exec(this.s);
    if (bad) {
      const cp = bad[0].codePointAt(0) ?? 0;
      this.fail(`character U+${cp.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, bad.index);
    }
    if (this.s.charCodeAt(0) === 0xfeff) this.pos = 1;
    let encoding: string | null = null;
    if (this.startsWith('<?xml') && /[ \t\n]/.test(this.s.charAt(this.pos + 5))) encoding = this.xmlDeclaration();
    this.misc();
    if (this.pos >= this.s.length) this.fail('the document has no root element');
    if (this.s.charAt(this.pos) !== '<') this.fail('text is not allowed before the root element');
    const root = this.element();
    this.misc();
    if (this.pos < this.s.length) {
      this.fail(this.s.charAt(this.pos) === '<' ? 'only one root element is allowed' : 'text is not allowed after the root element');
    }
    return { root, encoding };
  }

  /** XML 1.0 section 2.8 XMLDecl. Returns the declared encoding. */
  private xmlDeclaration(): string | null {
    const start = this.pos;
    this.pos += 5;
    const end = this.s.indexOf('?>', this.pos);
    if (end < 0) this.fail('unterminated XML declaration', start);
    const body = this.s.slice(this.pos, end);
    const re = /^[ \t\n]+(version|encoding|standalone)[ \t\n]*=[ \t\n]*(?:"([^"]*)"|'([^']*)')/;
    let rest = body;
    const seen: Record<string, string> = {};
    for (;;) {
      const m = re.exec(rest);
      if (!m) break;
      const key = m[1] as string;
      if (key in seen) this.fail(`"${key}" appears twice in the XML declaration`, start);
      seen[key] = m[2] ?? m[3] ?? '';
      rest = rest.slice(m[0].length);
    }
    if (rest.trim() !== '') this.fail('malformed XML declaration', start);
    if (seen.version === undefined) this.fail('the XML declaration has no version', start);
    if (!/^1\.[0-9]+$/.test(seen.version)) this.fail(`unsupported XML version "${seen.version}"`, start);
    const encoding = seen.encoding ?? null;
    if (encoding !== null && !/^utf-?8$/i.test(encoding)) {
      this.fail(`declared encoding "${encoding}" is not supported: REFI-QDA files are UTF-8 (re-save the file as UTF-8)`, start);
    }
    this.pos = end + 2;
    return encoding;
  }

  /** Comments, processing instructions and white space outside the root element. */
  private misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.startsWith('<!--')) this.comment();
      else if (this.startsWith('<?')) this.processingInstruction();
      else if (this.startsWith('<!DOCTYPE') || this.startsWith('<!doctype')) {
        this.fail('DOCTYPE declarations are refused (no DTDs, so no entity expansion); remove the DOCTYPE');
      } else return;
    }
  }

  private comment(): void {
    const start = this.pos;
    const end = this.s.indexOf('--', this.pos + 4);
    if (end < 0) this.fail('unterminated comment', start);
    if (this.s.charAt(end + 2) !== '>') this.fail('"--" is not allowed inside a comment', end);
    this.pos = end + 3;
  }

  private processingInstruction(): void {
    const start = this.pos;
    this.pos += 2;
    const target = this.name('processing instruction target');
    if (target.toLowerCase() === 'xml') this.fail('the XML declaration is only allowed at the very start of the document', start);
    const end = this.s.indexOf('?>', this.pos);
    if (end < 0) this.fail('unterminated processing instruction', start);
    if (end > this.pos && !this.skipSpace()) this.fail('malformed processing instruction', this.pos);
    this.pos = end + 2;
  }

  private name(what: string): string {
    const start = this.pos;
    while (this.pos < this.s.length && !NAME_STOP.has(this.s.charCodeAt(this.pos))) this.pos++;
    const name = this.s.slice(start, this.pos);
    if (name === '') this.fail(`expected ${what}`, start);
    if (!NAME_RE.test(name)) this.fail(`"${name}" is not a valid XML name`, start);
    return name;
  }

  private splitQName(qname: string, offset: number): { prefix: string | null; localName: string } {
    const i = qname.indexOf(':');
    if (i < 0) return { prefix: null, localName: qname };
    const prefix = qname.slice(0, i);
    const localName = qname.slice(i + 1);
    if (prefix === '' || localName === '' || localName.includes(':')) this.fail(`"${qname}" is not a valid qualified name`, offset);
    return { prefix, localName };
  }

  /** Parses the element at this.pos and its content, iteratively (no recursion). */
  private element(): XmlElement {
    const stack: OpenElement[] = [];
    const rootScope: ReadonlyMap<string, string> = new Map([['xml', XML_NAMESPACE]]);
    let root: XmlElement | null = null;
    const open = (): void => {
      const el = this.startTag(stack.length > 0 ? (stack[stack.length - 1] as OpenElement).scope : rootScope);
      if (el.selfClosing) {
        const done = finish(el.open);
        if (stack.length === 0) root = done;
        else (stack[stack.length - 1] as OpenElement).children.push(done);
      } else {
        if (stack.length >= this.maxDepth) this.fail(`elements are nested deeper than ${this.maxDepth} levels`);
        stack.push(el.open);
      }
    };
    open();
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as OpenElement;
      if (this.pos >= this.s.length) this.fail(`unexpected end of document: <${top.name}> (line ${top.line}) is not closed`);
      const c = this.s.charAt(this.pos);
      if (c === '<') {
        if (this.startsWith('</')) {
          const start = this.pos;
          this.pos += 2;
          const name = this.name('element name');
          this.skipSpace();
          if (this.s.charAt(this.pos) !== '>') this.fail(`expected ">" to close </${name}`);
          this.pos++;
          if (name !== top.name) this.fail(`end tag </${name}> does not match <${top.name}> opened on line ${top.line}`, start);
          stack.pop();
          const done = finish(top);
          if (stack.length === 0) root = done;
          else (stack[stack.length - 1] as OpenElement).children.push(done);
        } else if (this.startsWith('<!--')) {
          this.comment();
        } else if (this.startsWith('<![CDATA[')) {
          const end = this.s.indexOf(']]>', this.pos + 9);
          if (end < 0) this.fail('unterminated CDATA section');
          pushText(top, this.s.slice(this.pos + 9, end), true);
          this.pos = end + 3;
        } else if (this.startsWith('<?')) {
          this.processingInstruction();
        } else if (this.startsWith('<!')) {
          this.fail(this.startsWith('<!DOCTYPE') ? 'DOCTYPE is only allowed before the root element, and is refused anyway' : 'markup declarations are not allowed here');
        } else {
          open();
        }
      } else {
        pushText(top, this.charData(), false);
      }
    }
    if (root === null) this.fail('internal error: no root element');
    return root;
  }

  /** Next "&" at or after `from` (cached: positions only move forward, so this stays linear). */
  private nextAmp = -2;
  private findAmp(from: number): number {
    if (this.nextAmp === -1 || this.nextAmp >= from) return this.nextAmp;
    this.nextAmp = this.s.indexOf('&', from);
    return this.nextAmp;
  }

  /** Character data and references up to the next "<". */
  private charData(): string {
    let out = '';
    while (this.pos < this.s.length) {
      const lt = this.s.indexOf('<', this.pos);
      const amp = this.findAmp(this.pos);
      const stop = lt < 0 ? this.s.length : lt;
      if (amp >= 0 && amp < stop) {
        out += this.checkedText(this.pos, amp);
        this.pos = amp;
        out += this.reference();
      } else {
        out += this.checkedText(this.pos, stop);
        this.pos = stop;
        break;
      }
    }
    return out;
  }

  private checkedText(from: number, to: number): string {
    const text = this.s.slice(from, to);
    const bad = text.indexOf(']]>');
    if (bad >= 0) this.fail('"]]>" is not allowed in text (escape ">" as &gt;)', from + bad);
    return text;
  }

  /** XML 1.0 section 4.1 references: predefined entities and character references only. */
  private reference(): string {
    const start = this.pos;
    const semi = this.s.indexOf(';', this.pos);
    if (semi < 0 || semi - start > 40) this.fail('"&" must start an entity or character reference (escape it as &amp;)', start);
    const body = this.s.slice(start + 1, semi);
    this.pos = semi + 1;
    if (body.startsWith('#')) {
      const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
      if (!m) this.fail(`malformed character reference "&${body};"`, start);
      const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2] as string, 10);
      if (!isXmlChar(cp)) this.fail(`character reference "&${body};" is not an allowed XML character`, start);
      return String.fromCodePoint(cp);
    }
    const value = PREDEFINED[body];
    if (value === undefined) {
      if (!NAME_RE.test(body)) this.fail('"&" must start an entity or character reference (escape it as &amp;)', start);
      this.fail(`undeclared entity "&${body};" (only &lt; &gt; &amp; &quot; &apos; and numeric references are allowed)`, start);
    }
    return value;
  }

  private startTag(parentScope: ReadonlyMap<string, string>): { open: OpenElement; selfClosing: boolean } {
    const start = this.pos;
    const { line, column } = this.where(start);
    this.pos++;
    const name = this.name('element name');
    const raw: { name: string; value: string; offset: number }[] = [];
    let selfClosing = false;
    for (;;) {
      const hadSpace = this.skipSpace();
      if (this.pos >= this.s.length) this.fail(`unterminated start tag <${name}`, start);
      const c = this.s.charAt(this.pos);
      if (c === '>') {
        this.pos++;
        break;
      }
      if (c === '/') {
        if (this.s.charAt(this.pos + 1) !== '>') this.fail('expected "/>"');
        this.pos += 2;
        selfClosing = true;
        break;
      }
      if (!hadSpace) this.fail(`expected white space, ">" or "/>" in <${name}>`);
      const offset = this.pos;
      const attrName = this.name('attribute name');
      this.skipSpace();
      if (this.s.charAt(this.pos) !== '=') this.fail(`attribute "${attrName}" needs ="value"`);
      this.pos++;
      this.skipSpace();
      const value = this.attributeValue();
      if (raw.some((a) => a.name === attrName)) this.fail(`attribute "${attrName}" appears twice`, offset);
      raw.push({ name: attrName, value, offset });
    }
    // Namespaces in XML 1.0 sections 3-6.
    let scope = parentScope;
    for (const a of raw) {
      let prefix: string | null = null;
      if (a.name === 'xmlns') prefix = '';
      else if (a.name.startsWith('xmlns:')) prefix = a.name.slice(6);
      if (prefix === null) continue;
      if (prefix.includes(':') || (prefix === '' && a.name !== 'xmlns')) this.fail(`"${a.name}" is not a valid namespace declaration`, a.offset);
      if (prefix === 'xmlns') this.fail('the "xmlns" prefix must not be declared', a.offset);
      if (prefix === 'xml' && a.value !== XML_NAMESPACE) this.fail('the "xml" prefix can only be bound to its own namespace', a.offset);
      if (prefix !== '' && prefix !== 'xml' && a.value === XML_NAMESPACE) this.fail('the XML namespace can only be bound to the "xml" prefix', a.offset);
      if (prefix !== '' && a.value === '') this.fail(`prefix "${prefix}" cannot be undeclared in XML 1.0`, a.offset);
      if (scope === parentScope) scope = new Map(parentScope);
      (scope as Map<string, string>).set(prefix, a.value);
    }
    const q = this.splitQName(name, start + 1);
    let namespace: string | null;
    if (q.prefix === null) {
      const d = scope.get('');
      namespace = d === undefined || d === '' ? null : d;
    } else {
      if (q.prefix === 'xmlns') this.fail('elements cannot use the "xmlns" prefix', start + 1);
      const ns = scope.get(q.prefix);
      if (ns === undefined) this.fail(`namespace prefix "${q.prefix}" is not declared`, start + 1);
      namespace = ns;
    }
    const attributes: XmlAttribute[] = [];
    const expanded = new Set<string>();
    for (const a of raw) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
      const aq = this.splitQName(a.name, a.offset);
      let ans: string | null = null;
      if (aq.prefix !== null) {
        const ns = scope.get(aq.prefix);
        if (ns === undefined) this.fail(`namespace prefix "${aq.prefix}" is not declared`, a.offset);
        ans = ns;
      }
      const key = `${ans ?? ''}\u0000${aq.localName}`;
      if (expanded.has(key)) this.fail(`attribute "${a.name}" appears twice (after namespace resolution)`, a.offset);
      expanded.add(key);
      const w = this.where(a.offset);
      attributes.push({ name: a.name, prefix: aq.prefix, localName: aq.localName, namespace: ans, value: a.value, line: w.line, column: w.column });
    }
    return {
      open: { name, prefix: q.prefix, localName: q.localName, namespace, attributes, children: [], line, column, scope },
      selfClosing,
    };
  }

  /** XML 1.0 section 3.3.3: literal white space becomes a space; references are expanded. */
  private attributeValue(): string {
    const quote = this.s.charAt(this.pos);
    if (quote !== '"' && quote !== "'") this.fail('attribute values must be quoted');
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= this.s.length) this.fail('unterminated attribute value');
      const c = this.s.charAt(this.pos);
      if (c === quote) {
        this.pos++;
        return out;
      }
      if (c === '<') this.fail('"<" is not allowed in attribute values (escape it as &lt;)');
      if (c === '&') out += this.reference();
      else {
        out += c === '\t' || c === '\n' ? ' ' : c;
        this.pos++;
      }
    }
  }
}

function pushText(el: OpenElement, text: string, cdata: boolean): void {
  if (text !== '' || cdata) el.children.push({ kind: 'text', text, cdata });
}

function finish(o: OpenElement): XmlElement {
  return {
    kind: 'element',
    name: o.name,
    prefix: o.prefix,
    localName: o.localName,
    namespace: o.namespace,
    attributes: o.attributes,
    children: o.children,
    line: o.line,
    column: o.column,
  };
}

/** Child elements of `el`, in order. */
export function childElements(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.kind === 'element') out.push(c);
  return out;
}

/** Concatenated text and CDATA directly inside `el` (not inside child elements). */
export function directText(el: XmlElement): string {
  let out = '';
  for (const c of el.children) if (c.kind === 'text') out += c.text;
  return out;
}

/** The unprefixed attribute `localName` of `el`, or undefined. */
export function getAttribute(el: XmlElement, localName: string): XmlAttribute | undefined {
  return el.attributes.find((a) => a.namespace === null && a.localName === localName);
}
