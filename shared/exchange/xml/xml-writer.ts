/**
 * The one XML writer for every XML file Fieldnote produces: the ODK XForm, REFI-QDA projects and
 * codebooks, DDI Codebook 2.5 and the parts of a .docx. Escaping happens here only.
 *
 * XML 1.0 cannot hold C0 controls other than tab, LF and CR, U+FFFE, U+FFFF or lone surrogates,
 * not even as character references (section 2.2), so each format says what to do with them:
 * - `'refuse'` (REFI-QDA): an XmlWriteError the caller turns into a located error; the other
 *   program must get exactly the project's text, so nothing is changed silently;
 * - `'drop'` (XForm, DDI, .docx): the character is left out. It is invisible, carries no meaning
 *   in a label, a codebook or a report (a paste from a spreadsheet or a PDF leaves them), and
 *   ODK, archives and Word refuse the whole file for it.
 *
 * XmlBuilder writes structural elements indented by two spaces, one per line; text-only elements
 * on one line with their content escaped verbatim, so content white space is preserved exactly
 * (XML 1.0 sections 2.4, 2.10, 2.11 and 3.3.3).
 */
import { dropNonXmlChars, NON_XML_CHAR } from './xml-chars';

/** A character that cannot appear in an XML 1.0 document at all, even as a reference. */
export class XmlWriteError extends Error {
  constructor(
    message: string,
    readonly value: string,
  ) {
    super(message);
    this.name = 'XmlWriteError';
  }
}

/** What to do with a character XML 1.0 cannot hold. */
export type NonXmlChars = 'refuse' | 'drop';

function xmlChars(value: string, nonXml: NonXmlChars): string {
  if (nonXml === 'drop') return dropNonXmlChars(value);
  const bad = NON_XML_CHAR.exec(value);
  if (bad) {
    const cp = bad[0].codePointAt(0) as number;
    throw new XmlWriteError(`U+${cp.toString(16).toUpperCase().padStart(4, '0')} cannot be written in XML 1.0`, value);
  }
  return value;
}

/** Escapes element content. CR is written as &#13; so that end-of-line handling keeps it. */
export function escapeText(value: string, nonXml: NonXmlChars = 'refuse'): string {
  return xmlChars(value, nonXml).replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** Escapes an attribute value for double quotes; tab, LF and CR survive attribute normalisation. */
export function escapeAttribute(value: string, nonXml: NonXmlChars = 'refuse'): string {
  return xmlChars(value, nonXml).replace(/[&<>"\t\n\r]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case '\t':
        return '&#9;';
      case '\n':
        return '&#10;';
      default:
        return '&#13;';
    }
  });
}

export type XmlAttributes = ReadonlyArray<readonly [string, string | number | boolean | null | undefined]>;

/** ` name="value"` for each attribute; undefined or null values are left out. */
export function attributesText(attributes: XmlAttributes, nonXml: NonXmlChars = 'refuse'): string {
  let out = '';
  for (const [name, value] of attributes) {
    if (value === undefined || value === null) continue;
    out += ` ${name}="${escapeAttribute(String(value), nonXml)}"`;
  }
  return out;
}

/** Appends lines to a buffer. */
export class XmlBuilder {
  private readonly parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  private readonly open: string[] = [];

  constructor(private readonly nonXml: NonXmlChars = 'refuse') {}

  private indent(): string {
    return '  '.repeat(this.open.length);
  }

  /** Opens an element whose children are elements. */
  start(name: string, attributes: XmlAttributes = []): this {
    this.parts.push(`${this.indent()}<${name}${attributesText(attributes, this.nonXml)}>\n`);
    this.open.push(name);
    return this;
  }

  end(): this {
    const name = this.open.pop();
    if (name === undefined) throw new Error('XmlBuilder.end() without start()');
    this.parts.push(`${this.indent()}</${name}>\n`);
    return this;
  }

  /** An element with no content. */
  empty(name: string, attributes: XmlAttributes = []): this {
    this.parts.push(`${this.indent()}<${name}${attributesText(attributes, this.nonXml)}/>\n`);
    return this;
  }

  /** An element holding only text (written exactly, no added white space). */
  text(name: string, text: string, attributes: XmlAttributes = []): this {
    this.parts.push(`${this.indent()}<${name}${attributesText(attributes, this.nonXml)}>${escapeText(text, this.nonXml)}</${name}>\n`);
    return this;
  }

  /** Markup written as it is (already escaped), indented like an element. */
  raw(markup: string): this {
    this.parts.push(`${this.indent()}${markup}\n`);
    return this;
  }

  toString(): string {
    if (this.open.length > 0) throw new Error(`XmlBuilder: <${this.open.join('>, <')}> not closed`);
    return this.parts.join('');
  }
}

/** An element tree, for writers that build the document before writing it (the XForm). */
export interface XmlTreeElement {
  readonly tag: string;
  readonly attributes: [string, string][];
  readonly children: (XmlTreeElement | string)[];
}

/** The element on one line, children inline. */
export function inlineXml(element: XmlTreeElement, nonXml: NonXmlChars = 'refuse'): string {
  const attributes = attributesText(element.attributes, nonXml);
  if (element.children.length === 0) return `<${element.tag}${attributes}/>`;
  const children = element.children.map((child) => (typeof child === 'string' ? escapeText(child, nonXml) : inlineXml(child, nonXml))).join('');
  return `<${element.tag}${attributes}>${children}</${element.tag}>`;
}

/**
 * The element indented by two spaces per level, one element per line; an element with text in it
 * (a label with `<output/>`) stays on one line, since indentation would become part of the text.
 */
export function serialiseXml(element: XmlTreeElement, nonXml: NonXmlChars = 'refuse', indent = '', out: string[] = []): string[] {
  const attributes = attributesText(element.attributes, nonXml);
  if (element.children.length === 0) {
    out.push(`${indent}<${element.tag}${attributes}/>`);
  } else if (element.children.some((child) => typeof child === 'string')) {
    out.push(`${indent}${inlineXml(element, nonXml)}`);
  } else {
    out.push(`${indent}<${element.tag}${attributes}>`);
    for (const child of element.children) serialiseXml(child as XmlTreeElement, nonXml, `${indent}  `, out);
    out.push(`${indent}</${element.tag}>`);
  }
  return out;
}
