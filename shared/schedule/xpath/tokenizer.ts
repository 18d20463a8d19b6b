import { ExpressionError } from './errors';

/**
 * Lexer for the XLSForm expression subset. XPath 1.0 lexical rules
 * (https://www.w3.org/TR/1999/REC-xpath-19991116/#exprlex) plus XLSForm's `${name}`
 * shorthand, which pyxform rewrites to an absolute path before ODK ever sees it
 * (https://xlsform.org/en/#relevant).
 *
 * The lexer never backtracks and consumes at least one character per token, so it is
 * linear in the input and cannot hang.
 */

export type OperatorText = '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*';

export type Token =
  | { readonly kind: 'reference'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'dot'; readonly start: number; readonly end: number }
  | { readonly kind: 'string'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: 'number'; readonly value: number; readonly start: number; readonly end: number }
  /** Function names and the operator keywords `and`, `or`, `div`, `mod`. */
  | { readonly kind: 'name'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'operator'; readonly text: OperatorText; readonly start: number; readonly end: number }
  | { readonly kind: '(' | ')' | ','; readonly start: number; readonly end: number }
  | { readonly kind: 'end'; readonly start: number; readonly end: number };

/** XPath (and XML) whitespace is exactly these four characters. */
export function isXmlWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

// XLSForm names: a letter or underscore, then letters, digits, '_', '-', '.'
// (pyxform's XML-name rule, allowing non-ASCII letters as XML does).
const NAME_START = /[\p{L}_]/u;
// Function names additionally allow a namespace prefix (`jr:choice-name`) so the
// parser can report "unknown function" instead of a confusing syntax error.
const FUNCTION_NAME = /[\p{L}_][\p{L}\p{N}_.-]*(?::[\p{L}_][\p{L}\p{N}_.-]*)?/uy;
const REFERENCE_NAME = /^[\p{L}_][\p{L}\p{N}_.-]*$/u;

/** Tokenize a whole string (used by tests and tools; the parser pulls tokens lazily). */
export function tokenize(source: string): Token[] {
  const lexer = new Lexer(source);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    tokens.push(token);
    if (token.kind === 'end') return tokens;
  }
}

/**
 * Produces one token per call. Lazy so that the parser reports the first problem in
 * reading order: in `${a} = 1 or position(..)` the unknown function comes before `..`.
 */
export class Lexer {
  private i = 0;

  constructor(private readonly source: string) {}

  next(): Token {
    const source = this.source;
    const length = source.length;
    let i = this.i;
    while (i < length && isXmlWhitespace(source.charCodeAt(i))) i += 1;
    const token: Token = i >= length ? { kind: 'end', start: length, end: length } : this.scan(i);
    this.i = token.end;
    return token;
  }

  /** Scans exactly one token starting at `i` (not whitespace, not the end). */
  private scan(i: number): Token {
    const source = this.source;
    const code = source.charCodeAt(i);
    const char = source.charAt(i);
    const start = i;
    switch (char) {
      case '(':
      case ')':
      case ',':
        return { kind: char, start, end: i + 1 };
      case '=':
        if (source.charAt(i + 1) === '=') {
          throw new ExpressionError("Use a single '=' to compare values ('==' is not XPath).", start);
        }
        return { kind: 'operator', text: '=', start, end: i + 1 };
      case '!':
        if (source.charAt(i + 1) !== '=') {
          throw new ExpressionError("Unexpected '!'. Use '!=' for 'not equal' or not(...) to negate.", start);
        }
        return { kind: 'operator', text: '!=', start, end: i + 2 };
      case '<':
      case '>': {
        const withEquals = source.charAt(i + 1) === '=';
        const text: OperatorText = char === '<' ? (withEquals ? '<=' : '<') : withEquals ? '>=' : '>';
        return { kind: 'operator', text, start, end: i + (withEquals ? 2 : 1) };
      }
      case '+':
      case '-':
      case '*':
        return { kind: 'operator', text: char, start, end: i + 1 };
      case "'":
      case '"': {
        // XPath 1.0 string literals have no escapes: the other quote kind is the only
        // way to embed a quote character.
        const close = source.indexOf(char, i + 1);
        if (close < 0) {
          throw new ExpressionError(`Unterminated string: add a closing ${char} quote.`, start);
        }
        return { kind: 'string', value: source.slice(i + 1, close), start, end: close + 1 };
      }
      case '$':
        return readReference(source, i);
      case '.':
        if (isDigit(source.charCodeAt(i + 1))) {
          return readNumber(source, i);
        }
        if (source.charAt(i + 1) === '.') {
          throw new ExpressionError("Parent paths ('..') are not supported; refer to questions as ${name}.", start);
        }
        return { kind: 'dot', start, end: i + 1 };
      case '/':
        throw new ExpressionError('Paths such as /data/question are not supported; refer to questions as ${name}.', start);
      case '[':
      case ']':
        throw new ExpressionError('Predicates ([...]) are not supported in skip logic.', start);
      case '|':
        throw new ExpressionError("Unexpected '|'. Use 'or' to combine conditions.", start);
      case '&':
        throw new ExpressionError("Unexpected '&'. Use 'and' to combine conditions.", start);
      case '@':
        throw new ExpressionError('Attributes (@name) are not supported; refer to questions as ${name}.', start);
      case '\u2018':
      case '\u2019':
      case '\u201c':
      case '\u201d':
        throw new ExpressionError("Curly quotes do not start a string; use straight quotes ' or \".", start);
      case '\u00a0':
        throw new ExpressionError('Non-breaking space (often pasted from Word or Excel); replace it with a normal space.', start);
      default:
        break;
    }

    if (isDigit(code)) {
      return readNumber(source, i);
    }

    if (NAME_START.test(char)) {
      FUNCTION_NAME.lastIndex = i;
      const match = FUNCTION_NAME.exec(source);
      // NAME_START matched, so the sticky regex always matches at least one char.
      const text = match ? match[0] : char;
      return { kind: 'name', text, start, end: i + text.length };
    }

    const shown = code >= 0xd800 && code <= 0xdbff ? source.slice(i, i + 2) : char;
    throw new ExpressionError(`Unexpected character '${shown}'.`, start);
  }
}

/** XPath Number ::= Digits ('.' Digits?)? | '.' Digits  (no exponent, no sign). */
function readNumber(source: string, start: number): Token {
  let i = start;
  while (isDigit(source.charCodeAt(i))) i += 1;
  if (source.charAt(i) === '.') {
    i += 1;
    while (isDigit(source.charCodeAt(i))) i += 1;
  }
  return { kind: 'number', value: Number(source.slice(start, i)), start, end: i };
}

/** `${name}`: pyxform's reference syntax. Anything else starting with `$` is an error. */
function readReference(source: string, start: number): Token {
  if (source.charAt(start + 1) !== '{') {
    throw new ExpressionError("'$' must start a question reference like ${name}.", start);
  }
  const close = source.indexOf('}', start + 2);
  // A reference never spans another '${' or a quote; stop there so the error points
  // at the unclosed reference rather than somewhere far away.
  const nextOpen = source.indexOf('${', start + 2);
  if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
    throw new ExpressionError("Question reference is missing its closing '}'.", start);
  }
  const name = source.slice(start + 2, close);
  if (name.length === 0) {
    throw new ExpressionError('Empty question reference ${}: put a question name between the braces.', start);
  }
  if (!REFERENCE_NAME.test(name)) {
    throw new ExpressionError(
      `'${name}' is not a valid question name: use letters, digits, '_', '-' or '.', starting with a letter or '_', and no spaces.`,
      start,
    );
  }
  return { kind: 'reference', name, start, end: close + 1 };
}
