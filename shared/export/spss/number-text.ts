/**
 * Full-precision decimal text for a double, always in plain notation.
 *
 * `String(n)` already gives the shortest text that round-trips, but switches
 * to exponent notation below 1e-6 and from 1e21 up. Plain notation is what
 * every SPSS version's F input format is guaranteed to read, so exponents are
 * expanded here by moving the decimal point in the digit string (exact: no
 * arithmetic is done on the value).
 */
export function numberToText(n: number): string {
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exponent = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const pointAt = (dot < 0 ? mantissa.length : dot) + exponent;
  let out: string;
  if (pointAt <= 0) out = `0.${'0'.repeat(-pointAt)}${digits}`;
  else if (pointAt >= digits.length) out = digits + '0'.repeat(pointAt - digits.length);
  else out = `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  return negative ? `-${out}` : out;
}
