/**
 * Lexical checks and formatting for the XML Schema datatypes REFI-QDA uses (Project.xsd:
 * xsd:dateTime, xsd:date, xsd:integer, xsd:decimal, xsd:boolean; RGBType).
 */

const DATE_PART = '(-?(?:[1-9][0-9]{3,}|0[0-9]{3}))-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])';
const TZ_PART = '(Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?';
const DATE_TIME_RE = new RegExp(`^${DATE_PART}T(?:([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]+)?|24:00:00(?:\\.0+)?)${TZ_PART}$`);
const DATE_RE = new RegExp(`^${DATE_PART}${TZ_PART}$`);

function dayFits(year: string, month: string, day: string): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
  return d <= days;
}

/** xsd:dateTime lexical form (XML Schema 1.1 Part 2 section 3.3.7), e.g. 2024-03-01T09:30:00Z. */
export function isXsdDateTime(value: string): boolean {
  const m = DATE_TIME_RE.exec(value);
  return m !== null && dayFits(m[1] as string, m[2] as string, m[3] as string);
}

/** xsd:date lexical form, e.g. 2024-03-01. */
export function isXsdDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  return m !== null && dayFits(m[1] as string, m[2] as string, m[3] as string);
}

/** xsd:integer lexical form. */
export function isXsdInteger(value: string): boolean {
  return /^[+-]?[0-9]+$/.test(value);
}

/** xsd:decimal lexical form (no exponent). */
export function isXsdDecimal(value: string): boolean {
  return /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(value);
}

/** xsd:boolean: true, false, 1, 0. Returns undefined for anything else. */
export function parseXsdBoolean(value: string): boolean | undefined {
  switch (value) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      return undefined;
  }
}

/** A finite number as an xsd:decimal without exponent notation (1e21 → "1000000000000000000000"). */
export function toXsdDecimal(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`${n} is not a finite number`);
  const s = String(n);
  const m = /^(-?)([0-9])(?:\.([0-9]+))?e([+-][0-9]+)$/.exec(s);
  if (!m) return s;
  const sign = m[1] as string;
  const digits = (m[2] as string) + (m[3] ?? '');
  const exp = Number(m[4]);
  const point = 1 + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Canonical '#RRGGBB' (upper case) from '#RRGGBB' or '#RGB' (RGBType), else null. */
export function canonicalColor(value: string): string | null {
  const v = value.trim();
  if (/^#[0-9A-Fa-f]{6}$/.test(v)) return v.toUpperCase();
  if (/^#[0-9A-Fa-f]{3}$/.test(v)) return `#${[...v.slice(1)].map((c) => c + c).join('')}`.toUpperCase();
  return null;
}
