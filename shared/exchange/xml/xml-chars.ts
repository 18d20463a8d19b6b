/** What XML 1.0 (fifth edition) allows: the Char production (section 2.2) and the Name production (section 2.3). */

/** True for an XML 1.0 Char: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF. */
export function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Anything outside the Char production; lone surrogates included (the `u` flag reads them as code points). */
export const NON_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NON_XML_CHARS = new RegExp(NON_XML_CHAR.source, 'gu');

/** The text without the characters no XML 1.0 document can hold, even as a reference. */
export function dropNonXmlChars(value: string): string {
  return NON_XML_CHAR.test(value) ? value.replace(NON_XML_CHARS, '') : value;
}

const NAME_START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
// The U+0300–U+036F range starts with a combining mark; it is a range, not a combined character.
// eslint-disable-next-line no-misleading-character-class
export const XML_NAME_RE = new RegExp(`^[${NAME_START}][${NAME_CHAR}]*$`, 'u');

/** True when `name` matches the XML 1.0 Name production. */
export function isXmlName(name: string): boolean {
  return XML_NAME_RE.test(name);
}
