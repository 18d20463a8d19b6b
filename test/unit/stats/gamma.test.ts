import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, logGamma, regularizedGammaP, regularizedGammaQ } from '../../../shared/stats/index';

// Reference values from mpmath at 30 digits, as the nearest doubles (gammainc(a, x, inf, regularized=True)).
const Q_CASES: [number, number, number][] = [
  [2.5, 3, 0.3062189184132784],
  [10, 3, 0.9988975118698845],
  [10, 30, 7.121750862815577e-06],
  [100, 90, 0.8417790108135699],
  [0.5, 50, 1.523970604832105e-23],
  [1, 0.5, 0.6065306597126334],
  [0.1, 0.01, 0.3373787400455202],
  [500, 520, 0.1846911490987436],
];

// [chi-square, df, p]: the 5%, 1% and 0.1% critical values of the tables, and others, from mpmath.
const CHI_CASES: [number, number, number][] = [
  [3.841458820694124, 1, 0.05000000000000006],
  [5.991464547107979, 2, 0.05000000000000007],
  [7.814727903251178, 3, 0.050000000000000044],
  [18.307038053275146, 10, 0.05000000000000002],
  [6.634896601021214, 1, 0.010000000000000007],
  [10.827566170662733, 1, 0.0009999999999999996],
  [2, 1, 0.15729920705028513], // erfc(1)
  [8, 1, 0.004677734981047266], // erfc(2)
  [100, 50, 3.454931382984864e-05],
  [0.001, 1, 0.9747728793699604],
  [40, 10, 1.6944743930067385e-05],
  [1000, 999, 0.48513148927490146],
];

describe('regularized incomplete gamma', () => {
  it.each(Q_CASES)('Q(%d, %d) matches the reference to 1e-12', (a, x, q) => {
    expect(Math.abs(regularizedGammaQ(a, x) - q)).toBeLessThan(1e-12);
    expect(Math.abs(regularizedGammaP(a, x) - (1 - q))).toBeLessThan(1e-12);
  });

  it('keeps relative precision in the far tail', () => {
    expect(regularizedGammaQ(0.5, 50) / 1.523970604832105e-23).toBeCloseTo(1, 10);
    expect(chiSquareSurvival(200, 3) / 4.2185411071920426e-43).toBeCloseTo(1, 10);
  });

  it('has the closed forms for integer a: Q(k, x) = e^-x Σ_{i<k} x^i / i!', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 80, noNaN: true }), (k, x) => {
      let term = 1;
      let sum = 1;
      for (let i = 1; i < k; i++) {
        term *= x / i;
        sum += term;
      }
      expect(Math.abs(regularizedGammaQ(k, x) - Math.exp(-x) * sum)).toBeLessThan(1e-12);
    }));
  });

  it('P + Q = 1 and both stay within [0, 1]', () => {
    fc.assert(fc.property(fc.double({ min: 0.01, max: 500, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }), (a, x) => {
      const p = regularizedGammaP(a, x);
      const q = regularizedGammaQ(a, x);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(q).toBeLessThanOrEqual(1);
      expect(Math.abs(p + q - 1)).toBeLessThan(1e-12);
    }));
  });

  it('handles the edges and rejects nonsense', () => {
    expect(regularizedGammaQ(3, 0)).toBe(1);
    expect(regularizedGammaQ(3, Infinity)).toBe(0);
    expect(() => regularizedGammaQ(0, 1)).toThrow(RangeError);
    expect(() => regularizedGammaQ(1, -1)).toThrow(RangeError);
    expect(() => chiSquareSurvival(1, 0)).toThrow(RangeError);
    expect(() => chiSquareSurvival(1, 1.5)).toThrow(RangeError);
  });

  it('log-gamma matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 13);
  });
});

describe('chi-square p-values', () => {
  it.each(CHI_CASES)('chi2=%d, df=%d → p=%d (to 1e-12)', (x, df, p) => {
    expect(Math.abs(chiSquareSurvival(x, df) - p)).toBeLessThan(1e-12);
  });

  it('gives the textbook critical values at the printed precision', () => {
    expect(chiSquareSurvival(3.841, 1)).toBeCloseTo(0.05, 4);
    expect(chiSquareSurvival(5.991, 2)).toBeCloseTo(0.05, 4);
    expect(chiSquareSurvival(0, 4)).toBe(1);
  });
});
