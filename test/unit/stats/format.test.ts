import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercentage, percentage, roundHalfAwayFromZero } from '../../../shared/stats/index';

describe('formatPercentage', () => {
  it('rounds half away from zero, as SPSS and PSPP print 1 of 80 as 1.3', () => {
    expect(formatPercentage(percentage(1, 80))).toBe('1.3'); // 1.25
    expect(formatPercentage(percentage(3, 80))).toBe('3.8'); // 3.75
    expect(formatPercentage(percentage(1, 16))).toBe('6.3'); // 6.25
    expect(formatPercentage(percentage(29, 200))).toBe('14.5');
  });

  it('rounds from the counts, not from a binary approximation of the share', () => {
    // 3 of 2000 is exactly 0.15%; the double nearest 0.15 is slightly below it, so rounding it gives 0.1.
    expect(((3 * 100) / 2000).toFixed(1)).toBe('0.1');
    expect(formatPercentage(percentage(3, 2000))).toBe('0.2');
    expect(formatPercentage(percentage(20, 54))).toBe('37.0');
    expect(formatPercentage(percentage(1, 3), 2)).toBe('33.33');
    expect(formatPercentage(percentage(2, 3), 0)).toBe('67');
  });

  it('shows zero with a leading zero and an empty base as blank', () => {
    expect(formatPercentage(percentage(0, 7))).toBe('0.0');
    expect(formatPercentage(percentage(0, 0))).toBe('');
    expect(percentage(0, 0).value).toBeNull();
    expect(formatPercentage(percentage(5, 5))).toBe('100.0');
  });

  it('agrees with exact decimal rounding for any count and base', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (base, raw) => {
      const count = raw % (base + 1);
      // Exact: tenths = count*1000/base, rounded half up, by integer long division.
      const q = Math.floor((count * 1000) / base);
      const rem = count * 1000 - q * base;
      const tenths = 2 * rem >= base ? q + 1 : q;
      expect(formatPercentage(percentage(count, base))).toBe(`${Math.floor(tenths / 10)}.${tenths % 10}`);
    }));
  });
});

describe('formatNumber', () => {
  it('rounds half away from zero on both sides of zero', () => {
    expect(formatNumber(0.125, 2)).toBe('0.13');
    expect(formatNumber(-0.125, 2)).toBe('-0.13');
    expect(formatNumber(2.5, 0)).toBe('3');
    expect(formatNumber(-2.5, 0)).toBe('-3');
    expect(formatNumber(0.0004, 3)).toBe('0.000');
    expect(formatNumber(-0.0004, 3)).toBe('0.000'); // no "-0.000"
    expect(formatNumber(3.8414588, 2)).toBe('3.84');
    expect(roundHalfAwayFromZero(5.555, 1)).toBe(5.6);
  });

  it('rounds the decimal text as PSPP does, so a double just below a written half still rounds up', () => {
    expect(formatNumber(0.15, 1)).toBe('0.2'); // PSPP prints 3 of 2000 as .2%
    expect(formatNumber(0.14999, 1)).toBe('0.1');
    expect(formatNumber(0.1249999999, 2)).toBe('0.12');
    // Here the double is a full 16-digit step below the half, and PSPP rounds down too.
    expect(formatNumber(1.005, 2)).toBe('1.00');
    expect(formatNumber(99.96, 1)).toBe('100.0');
    expect(formatNumber(0, 3)).toBe('0.000');
    expect(formatNumber(1234567.891, 0)).toBe('1234568');
  });

  it('agrees with the count-based percentage for any count and base whose share is not an exact half', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(1, 2), (base, raw, decimals) => {
      const count = raw % (base + 1);
      // An exact tie: count * 100 * 10^decimals / base ends in exactly one half.
      const twice = BigInt(count) * 200n * 10n ** BigInt(decimals);
      fc.pre(twice % BigInt(base) !== 0n || (twice / BigInt(base)) % 2n === 0n);
      const p = percentage(count, base);
      expect(formatNumber(p.value as number, decimals)).toBe(formatPercentage(p, decimals));
    }), { numRuns: 2000 });
  });

  it('at an exact half, a percentage rounds up from its counts while a computed number reads its double as PSPP does', () => {
    // 23 of 2000 is exactly 1.15%; PSPP's FREQUENCIES prints it as 1.1% because the double is below 1.15.
    expect(formatNumber(percentage(23, 2000).value as number, 1)).toBe('1.1');
    expect(formatPercentage(percentage(23, 2000))).toBe('1.2');
    // 723 of 4000 is exactly 18.075%.
    expect(formatNumber(percentage(723, 4000).value as number, 2)).toBe('18.07');
    expect(formatPercentage(percentage(723, 4000), 2)).toBe('18.08');
  });
});
