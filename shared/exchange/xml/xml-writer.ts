/**
 * Deterministic XML text builder. Structural elements are indented by two spaces, one per line;
 * text-only elements are written on one line with their content escaped verbatim, so content
 * white space is preserved exactly (XML 1.0 sections 2.4, 2.10, 2.11 and 3.3.3).
 */
import { isXmlChar } from './xml-parser';

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

function checkChars(value: string): void {
  for (const ch of value) {
    const cp = ch.codePointAt(0) as number;
    if (!isXmlChar(cp)) {
      throw new XmlWriteError(`U+${cp.toString(16).toUpperCase().padStart(4, '0')} cannot be written in XML 1.0`, value);
    }
  }
}

/** Escapes element content. CR is written as &#13; so that end-of-line handling keeps it. */
export function escapeText(value: string): string {
  checkChars(value);
  return value.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** Escapes an attribute value for double quotes; tab, LF and CR survive attribute normalisation. */
export function escapeAttribute(value: string): string {
  checkChars(value);
  return value.replace(/[&<>"\t\n\r]/g, (c) => {
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

/** Appends lines to a buffer; undefined or null attribute values are left out. */
export class XmlBuilder {
  private readonly parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  private readonly open: string[] = [];

  private attrs(attributes: XmlAttributes): string {
    let out = '';
    for (const [name, value] of attributes) {
      if (value === undefined || value === null) continue;
      out += ` ${name}="${escapeAttribute(String(value))}"`;
    }
    return out;
  }

  private indent(): string {
    return '  '.repeat(this.open.length);
  }

  /** Opens an element whose children are elements. */
  start(name: string, attributes: XmlAttributes = []): this {
    this.parts.push(`${this.indent()}<${name}${this.attrs(attributes)}>\n`);
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
    this.parts.push(`${this.indent()}<${name}${this.attrs(attributes)}/>\n`);
    return this;
  }

  /** An element holding only text (written exactly, no added white space). */
  text(name: string, text: string, attributes: XmlAttributes = []): this {
    this.parts.push(`${this.indent()}<${name}${this.attrs(attributes)}>${escapeText(text)}</${name}>\n`);
    return this;
  }

  toString(): string {
    if (this.open.length > 0) throw new Error(`XmlBuilder: <${this.open.join('>, <')}> not closed`);
    return this.parts.join('');
  }
}
