/**
 * XPath 1.0 value model and conversions, as ODK applies them to form values.
 * https://www.w3.org/TR/xpath-10/#section-Basics (string(), number(), boolean())
 *
 * Answers are strings; an unanswered (or non-relevant) question is ''. In real ODK a
 * `${name}` is a one-node node-set, but ODK Web Forms gives an empty node the boolean
 * value false and the number NaN (packages/xpath/src/evaluations/NodeEvaluation.ts),
 * which is exactly how a plain '' string behaves here, so the node-set detour is not
 * needed.
 */
import { assertNever } from '../../util/assert-never';

export type Value = string | number | boolean;

export function toBoolean(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return value.length > 0;
}

// XPath 1.0 Number: optional whitespace, optional '-', Digits ('.' Digits?)? | '.' Digits.
// Stricter than JS Number(): '1e3', '0x10', '+5', 'Infinity' are NaN in XPath.
const XPATH_NUMBER = /^[ \t\n\r]*-?(?:\d+(?:\.\d*)?|\.\d+)[ \t\n\r]*$/;
const ISO_DATE_TIME =
  /^[ \t\n\r]*(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?[ \t\n\r]*$/;
const DAY_MS = 86_400_000;

export function toNumber(value: Value): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return stringToNumber(value);
}

export function stringToNumber(value: string): number {
  // Without this check Number('') would be 0; XPath says NaN.
  if (value.length === 0) return NaN;
  if (XPATH_NUMBER.test(value)) return Number(value);
  return dateToDays(value);
}

/**
 * ODK converts date and dateTime strings to a number of days since 1970-01-01 so that
 * `${visit} < today()` and `(today() - ${dob}) div 365.25` work
 * (https://getodk.github.io/xforms-spec/#fn:number, Web Forms' `number` override in
 * packages/xpath/src/functions/xforms/number.ts). We have no form time zone, so a
 * date without an offset is taken as a UTC calendar day: dates compare correctly with
 * each other; a dateTime with an explicit offset is shifted to UTC.
 */
function dateToDays(value: string): number {
  const match = ISO_DATE_TIME.exec(value);
  if (match === null) return NaN;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return NaN;
  }
  const millis = fraction === undefined ? 0 : Math.round(Number(fraction) * 1000);
  let epoch = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0-99 to 1900-1999.
  if (year < 100) epoch = new Date(epoch).setUTCFullYear(year);
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    epoch -= sign * offsetMinutes * 60_000;
  }
  return epoch / DAY_MS;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function toStringValue(value: Value): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return numberToString(value);
}

/**
 * XPath 1.0 string(number): 'NaN', 'Infinity', integers without a decimal point,
 * never exponent notation (https://www.w3.org/TR/xpath-10/#function-string).
 */
export function numberToString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === 0) return '0'; // also -0
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  const text = String(value);
  return text.includes('e') ? expandExponent(text) : text;
}

function expandExponent(text: string): string {
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign = '', lead = '', rest = '', exponentText = '0'] = match;
  const digits = lead + rest;
  const point = 1 + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * XPath 1.0 comparison of two non-node-set values
 * (https://www.w3.org/TR/xpath-10/#booleans):
 * - `=` / `!=`: if either side is boolean compare as booleans, else if either is a
 *   number compare as numbers, else compare as strings. `!=` is the plain negation
 *   of `=`, so `'' != 3` is true (NaN is unequal to everything).
 * - `<`, `<=`, `>`, `>=`: both sides are converted to numbers, so anything involving
 *   NaN (e.g. an unanswered question) is false.
 */
export function compare(operator: ComparisonOperator, left: Value, right: Value): boolean {
  switch (operator) {
    case '=':
      return equals(left, right);
    case '!=':
      return !equals(left, right);
    case '<':
      return toNumber(left) < toNumber(right);
    case '<=':
      return toNumber(left) <= toNumber(right);
    case '>':
      return toNumber(left) > toNumber(right);
    case '>=':
      return toNumber(left) >= toNumber(right);
    default:
      return assertNever(operator, 'comparison operator');
  }
}

function equals(left: Value, right: Value): boolean {
  if (typeof left === 'boolean' || typeof right === 'boolean') return toBoolean(left) === toBoolean(right);
  if (typeof left === 'number' || typeof right === 'number') return toNumber(left) === toNumber(right);
  return left === right;
}

/** Trim exactly XML whitespace (not NBSP etc.), as ODK's select functions do. */
export function trimXml(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isXmlSpace(value.charCodeAt(start))) start += 1;
  while (end > start && isXmlSpace(value.charCodeAt(end - 1))) end -= 1;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

function isXmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * Split a select_multiple answer ("a b c") into its choice codes. Runs of XML
 * whitespace separate codes; leading/trailing whitespace is ignored. An empty answer
 * has no codes.
 */
export function selectedCodes(value: string): string[] {
  const trimmed = trimXml(value);
  if (trimmed.length === 0) return [];
  return trimmed.split(/[ \t\n\r]+/);
}

/** `selected(list, code)` without allocating: scan the list for a whole-word match. */
export function isSelected(list: string, code: string): boolean {
  const wanted = trimXml(code);
  const length = list.length;
  let i = 0;
  while (i < length) {
    while (i < length && isXmlSpace(list.charCodeAt(i))) i += 1;
    const start = i;
    while (i < length && !isXmlSpace(list.charCodeAt(i))) i += 1;
    if (i > start && i - start === wanted.length && list.startsWith(wanted, start)) return true;
  }
  return false;
}

export function countSelected(list: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < list.length; i += 1) {
    const space = isXmlSpace(list.charCodeAt(i));
    if (!space && !inWord) count += 1;
    inWord = !space;
  }
  return count;
}
