/**
 * Display rounding for statistics tables.
 *
 * SPSS and PSPP round half away from zero (PSPP prints 1.25% as 1.3%, not the
 * 1.2% that binary rounding of 1.25 "to even" would give). Percentages are
 * rounded from the counts themselves with integer arithmetic, so a share such
 * as 3 of 2000 (0.15%, not representable in binary) still shows as 0.2, and no
 * displayed figure is ever re-derived from another rounded figure.
 */

/** A share of a base, kept as counts so that it can be displayed exactly. */
export interface Percentage {
  /** Cases counted (a whole number). */
  count: number;
  /** Cases in the base the share is taken of. */
  base: number;
  /** `count * 100 / base`, or `null` when the base is empty (SPSS leaves the cell blank). */
  value: number | null;
}

/** Decimals SPSS and PSPP show for percentages. */
export const PERCENT_DECIMALS = 1;

export function percentage(count: number, base: number): Percentage {
  // Multiply before dividing: count * 100 is exact for any realistic count, so the
  // stored value is the correctly rounded double of the true share.
  return { count, base, value: base > 0 ? (count * 100) / base : null };
}

/**
 * The share as shown, rounded half away from zero from the counts (no '%' sign,
 * so spreadsheets read it as a number). Blank when the base is empty.
 */
export function formatPercentage(p: Percentage, decimals = PERCENT_DECIMALS): string {
  if (p.value === null) return '';
  if (!Number.isSafeInteger(p.count) || !Number.isSafeInteger(p.base) || p.base <= 0) return formatNumber(p.value, decimals);
  // BigInt keeps count * 100 * 10^decimals exact however large the dataset grows.
  const scale = 10n ** BigInt(decimals);
  const num = BigInt(Math.abs(p.count)) * 100n * scale;
  const den = BigInt(p.base);
  const units = (2n * num + den) / (2n * den); // floor(num/den + 1/2): half away from zero for a non-negative share
  return withSign(p.count < 0 && units > 0n, unitsToText(units, decimals));
}

/**
 * A computed statistic (chi-square, p-value, expected count) as shown,
 * rounded half away from zero the way PSPP's number formatting does it: the
 * double is written with two extra decimals; only if those read "50" is it
 * rewritten with about 16 significant digits, and the decimal text (not the
 * binary value) is then rounded. So 0.15, whose double is a hair below 0.15,
 * still shows as 0.2, as it does in PSPP.
 */
export function formatNumber(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '' : x > 0 ? '∞' : '-∞';
  const magnitude = Math.abs(x);
  let text = magnitude.toFixed(decimals + 2);
  if (text.endsWith('50') && magnitude > 0) {
    // frexp's exponent, then PSPP's estimate of the decimal exponent (C division truncates).
    const binaryExponent = Math.floor(Math.log2(magnitude)) + 1;
    const decimalExponent = Math.trunc((binaryExponent * 3) / 10);
    const significant = Math.min(100, 16 - decimalExponent);
    if (significant > decimals + 2) text = magnitude.toFixed(significant);
  }
  const rounded = roundDecimalText(text, decimals);
  return withSign(x < 0 && /[1-9]/.test(rounded), rounded);
}

/** Cuts plain decimal text to `decimals` places, rounding up when the next digit is 5 or more. */
function roundDecimalText(text: string, decimals: number): string {
  const dot = text.indexOf('.');
  const digits = text.slice(0, dot) + text.slice(dot + 1, dot + 1 + decimals);
  const next = text.charAt(dot + 1 + decimals);
  const units = BigInt(digits) + (next >= '5' ? 1n : 0n);
  return unitsToText(units, decimals);
}

/** The number `formatNumber` displays, as a number (for tests and comparisons). */
export function roundHalfAwayFromZero(x: number, decimals: number): number {
  return Number(formatNumber(x, decimals));
}

function unitsToText(units: bigint, decimals: number): string {
  if (decimals === 0) return units.toString();
  const digits = units.toString().padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

function withSign(negative: boolean, text: string): string {
  // No "-0.0": a value that rounds to zero is shown as zero.
  return negative ? `-${text}` : text;
}
