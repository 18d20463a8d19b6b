/**
 * A strict, non-validating XML 1.0 + Namespaces parser to a small tree, enough for REFI-QDA
 * files (REFI-QDA 1.5 section 5: UTF-8 XML, default namespace urn:QDA-XML:project:1.0 or
 * urn:QDA-XML:codebook:1.0, or any prefix bound to it). The tokenizer is `saxes` (well-formed
 * XML 1.0 and namespaces, no DTD processing); this module builds the tree and adds our limits
 * and located errors:
 * - DOCTYPE is refused (no DTD means no entity expansion, so no "billion laughs"); so are
 *   undeclared entities and declared encodings other than UTF-8;
 * - every error carries a line and column, at the markup that caused it, and says what to do;
 * - element nesting deeper than `maxDepth` (default 256) is refused before the tree grows.
 *
 * Input is a JavaScript string; end-of-line handling (XML 1.0 section 2.11) turns CRLF and lone
 * CR into LF before parsing; attribute values are normalised per section 3.3.3 (literal tab and
 * newline become a space; character references are kept).
 */
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import { NON_XML_CHAR } from './xml-chars';

export { isXmlChar, isXmlName } from './xml-chars';

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

/** Parses a whole document. Throws XmlParseError with a line and column on any problem. */
export function parseXml(input: string, options: XmlParseOptions = {}): XmlDocument {
  return new TreeBuilder(input.replace(/\r\n?/g, '\n'), options.maxDepth ?? 256).document();
}

/** Markup where "&" is literal (CDATA, comments, processing instructions), or an "&" that starts no reference. */
const LONE_AMPERSAND = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|&(?!(?:#[0-9]+|#x[0-9a-fA-F]+|[^\s;&<>"']{1,40});)/g;

interface OpenElement {
  readonly tag: SaxesTagNS;
  /** Offset of its "<" in the source. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** Offset just after its start tag's ">". */
  readonly end: number;
  readonly children: XmlNode[];
}

class TreeBuilder {
  private readonly lineStarts: number[] = [0];
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private readonly stack: OpenElement[] = [];
  private root: XmlElement | null = null;
  private encoding: string | null = null;
  /** Offset of the "<" of the start tag being read. */
  private tagOffset = 0;

  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
  ) {
    for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  document(): XmlDocument {
    const bad = NON_XML_CHAR.exec(this.s);
    if (bad) {
      const cp = bad[0].codePointAt(0) ?? 0;
      this.fail(`character U+${cp.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, bad.index);
    }
    // saxes reads "&amp</a>" as one long reference to the end of the file; a lone "&" is found here.
    for (const m of this.s.matchAll(LONE_AMPERSAND)) {
      if (m[0] === '&') this.fail('"&" must start an entity or character reference (escape it as &amp;)', m.index);
    }
    const p = this.parser;
    p.on('error', (err) => this.translate(err.message.replace(/^\d+:\d+: /, '')));
    p.on('xmldecl', (decl) => this.declaration(decl.encoding));
    p.on('doctype', () => this.fail('DOCTYPE declarations are refused (no DTDs, so no entity expansion); remove the DOCTYPE', this.s.lastIndexOf('<!', p.position)));
    p.on('opentagstart', () => this.startTag());
    p.on('opentag', (tag) => this.openTag(tag));
    p.on('closetag', () => this.closeTag());
    p.on('text', (text) => this.pushText(text, false));
    p.on('cdata', (text) => this.pushText(text, true));
    p.write(this.s).close();
    if (this.root === null) this.fail('the document has no root element');
    return { root: this.root, encoding: this.encoding };
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

  private fail(reason: string, offset = this.parser.position): never {
    const { line, column } = this.where(Math.max(0, Math.min(offset, this.s.length)));
    throw new XmlParseError(reason, line, column);
  }

  /** XML 1.0 section 4.3.3: REFI-QDA files are UTF-8 (section 5.1). */
  private declaration(encoding: string | undefined): void {
    this.encoding = encoding ?? null;
    if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
      this.fail(`declared encoding "${encoding}" is not supported: REFI-QDA files are UTF-8 (re-save the file as UTF-8)`, this.s.indexOf('<?xml'));
    }
  }

  private startTag(): void {
    this.tagOffset = this.s.lastIndexOf('<', this.parser.position - 1);
    if (this.stack.length >= this.maxDepth) this.fail(`elements are nested deeper than ${this.maxDepth} levels`, this.tagOffset);
  }

  private openTag(tag: SaxesTagNS): void {
    const { line, column } = this.where(this.tagOffset);
    // saxes reports a self-closing tag as an open and a close tag: both go through the stack.
    this.stack.push({ tag, offset: this.tagOffset, line, column, end: this.parser.position, children: [] });
  }

  /** saxes closes the open element before it says the names differ, so the names are compared here. */
  private closeTag(): void {
    const open = this.stack.pop();
    if (open === undefined) return;
    if (!open.tag.isSelfClosing) {
      const start = this.s.lastIndexOf('</', this.parser.position - 1);
      const name = /^<\/([^\s>]*)/.exec(this.s.slice(start))?.[1] ?? '';
      if (name !== open.tag.name) this.fail(`end tag </${name}> does not match <${open.tag.name}> opened on line ${open.line}`, start);
    }
    this.add(this.finish(open));
  }

  private add(element: XmlElement): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.children.push(element);
    else this.root = element;
  }

  private pushText(text: string, cdata: boolean): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent && (text !== '' || cdata)) parent.children.push({ kind: 'text', text, cdata });
  }

  private finish(open: OpenElement): XmlElement {
    const { tag } = open;
    const { end } = open;
    // Attribute positions: saxes reports none, so they are found in the start tag's own text
    // (values cannot hold "<" and their quotes pair, so names are found in order).
    const raw = this.s.slice(open.offset, end);
    const nameAt = new Map<string, number>();
    for (const m of raw.matchAll(/[\s]([^\s=/>]+)\s*=\s*(?:"[^"]*"|'[^']*')/g)) nameAt.set(m[1] as string, open.offset + (m.index ?? 0) + 1);
    const attributes: XmlAttribute[] = [];
    for (const a of Object.values(tag.attributes) as SaxesAttributeNS[]) {
      if (a.name === 'xmlns' || a.prefix === 'xmlns') continue;
      const { line, column } = this.where(nameAt.get(a.name) ?? open.offset);
      attributes.push({ name: a.name, prefix: a.prefix === '' ? null : a.prefix, localName: a.local, namespace: a.uri === '' ? null : a.uri, value: a.value, line, column });
    }
    return {
      kind: 'element',
      name: tag.name,
      prefix: tag.prefix === '' ? null : tag.prefix,
      localName: tag.local,
      namespace: tag.uri === '' ? null : tag.uri,
      attributes,
      children: open.children,
      line: open.line,
      column: open.column,
    };
  }

  /** saxes's message as ours: what is wrong, where it starts, what to do. */
  private translate(message: string): never {
    const at = this.parser.position;
    const top = this.stack[this.stack.length - 1];
    const back = (text: string) => this.s.lastIndexOf(text, at - 1);
    let m: RegExpExecArray | null;
    if (message.startsWith('unclosed tag: ') || message === 'unexpected end.') {
      if (top) this.fail(`unexpected end of document: <${top.tag.name}> (line ${top.line}) is not closed`, this.s.length);
      this.fail('unexpected end of document');
    }
    // A close tag that does not match its element is caught in closeTag; this one closes nothing.
    if (message.startsWith('unmatched closing tag: ') || message === 'unexpected close tag.') {
      const start = back('</');
      this.fail(`end tag </${/^<\/([^\s>]*)/.exec(this.s.slice(start))?.[1] ?? ''}> has no start tag`, start);
    }
    if ((m = /^duplicate attribute: (.*)\.$/.exec(message))) {
      const name = m[1] as string;
      if (name.startsWith('{')) this.fail(`attribute "${name}" appears twice (after namespace resolution)`, this.tagOffset);
      this.fail(`attribute "${name}" appears twice`, back(name));
    }
    if (message === 'undefined entity.') {
      const amp = back('&');
      this.fail(`undeclared entity "${this.s.slice(amp, this.s.indexOf(';', amp) + 1)}" (only &lt; &gt; &amp; &quot; &apos; and numeric references are allowed)`, amp);
    }
    if (message === 'malformed character entity.') {
      const amp = back('&');
      this.fail(`character reference "${this.s.slice(amp, this.s.indexOf(';', amp) + 1)}" is not an allowed XML character`, amp);
    }
    if (message === 'disallowed character in entity name.' || message === 'empty entity name.') this.fail('"&" must start an entity or character reference (escape it as &amp;)', back('&'));
    if (message === 'unquoted attribute value.') this.fail('attribute values must be quoted');
    if (message === 'disallowed character.' && this.s.charAt(at - 1) === '<') this.fail('"<" is not allowed in attribute values (escape it as &lt;)', at - 1);
    if (message === 'the string "]]>" is disallowed in char data.') this.fail('"]]>" is not allowed in text (escape ">" as &gt;)', back(']]>'));
    if (message === 'documents may contain only one root.') this.fail('only one root element is allowed', back('<'));
    if (message === 'text data outside of root node.') this.fail(this.root === null ? 'text is not allowed before the root element' : 'text is not allowed after the root element', at - 1);
    if (message === 'document must contain a root element.') this.fail('the document has no root element');
    if ((m = /^unbound namespace prefix: "(.*)"\.$/.exec(message))) this.fail(`namespace prefix "${m[1]}" is not declared`, this.tagOffset);
    if (message === 'invalid attempt to undefine prefix in XML 1.0') {
      const prefix = /xmlns:([^\s=]+)\s*=\s*(?:""|'')/.exec(this.s.slice(this.tagOffset, at))?.[1] ?? '';
      this.fail(`prefix "${prefix}" cannot be undeclared in XML 1.0`, this.tagOffset);
    }
    if ((m = /^malformed name: (.*)\.$/.exec(message))) this.fail(`"${m[1]}" is not a valid qualified name`, this.tagOffset);
    if (message.startsWith('disallowed character in tag name') || message.startsWith('disallowed character in attribute name') || message.startsWith('disallowed character in closing tag')) {
      const start = back('<');
      const name = /^<\/?([^\s/>=]*)/.exec(this.s.slice(start))?.[1] ?? '';
      this.fail(`"${name}" is not a valid XML name`, start);
    }
    if (message === 'malformed comment.') this.fail('"--" is not allowed inside a comment', back('--'));
    if (message === 'inappropriately located doctype declaration.') this.fail('DOCTYPE is only allowed before the root element, and is refused anyway', back('<!'));
    if (/XML declaration must be at the start|XML declaration must appear at the start|an XML declaration must be at the start/.test(message)) {
      this.fail('the XML declaration is only allowed at the very start of the document', back('<?'));
    }
    if (message.startsWith('version number must match')) this.fail('unsupported XML version (only 1.x)', this.s.indexOf('<?xml'));
    if (message === 'no whitespace between attributes.') this.fail('expected white space, ">" or "/>" between attributes', at - 1);
    if (message === 'forward-slash in opening tag not followed by >.') this.fail('expected "/>"', at - 1);
    this.fail(message.replace(/\.$/, ''), at - 1);
  }
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
