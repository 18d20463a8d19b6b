import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, ExpressionError, parseExpression, type Expression } from '../../../shared/schedule/xpath';

/**
 * parseExpression must return or throw ExpressionError on any input. Runaway (exponential)
 * parsing shows as the test's own timeout, not as a per-call clock that a loaded machine trips.
 */
function parseOrError(source: string): Expression | ExpressionError {
  let outcome: Expression | ExpressionError;
  try {
    outcome = parseExpression(source);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    expect(error.position).toBeGreaterThanOrEqual(0);
    expect(error.position).toBeLessThanOrEqual(source.length);
    expect(error.message.length).toBeGreaterThan(0);
    outcome = error;
  }
  return outcome;
}

// Fragments that make random strings look like real skip logic, so the fuzzer reaches
// deep into the parser instead of failing on the first character.
const fragment = fc.constantFrom(
  '${a}', '${b_2}', '${', '}', '$', '.', '..', "'x'", '"y"', "'", '"', '1', '2.5', '.5', '-', '+', '*',
  ' div ', ' mod ', ' and ', ' or ', '=', '!=', '<', '<=', '>', '>=', '(', ')', ',', 'not(', 'selected(',
  'count-selected(', 'string-length(', 'if(', 'coalesce(', 'true()', 'false()', 'today()', 'regex(',
  'concat(', 'int(', 'number(', 'unknown(', ' ', '\n', '\u00a0', '/', '[', '#', 'é', '\u{1F600}', '(((((', ')))))',
);
const skipLogicLike = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(''));

describe('parseExpression on arbitrary input', () => {
  it('returns an Expression or throws ExpressionError for arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (source) => void parseOrError(source)), {
      numRuns: 2000,
    });
  });

  it('does the same for strings built from expression fragments, and evaluation never throws anything else', () => {
    let parsedCount = 0;
    fc.assert(
      fc.property(skipLogicLike, fc.constantFrom('', 'x', '1', 'a b', '2024-01-01'), (source, value) => {
        const outcome = parseOrError(source);
        if (outcome instanceof ExpressionError) return;
        parsedCount += 1;
        try {
          const result = evaluate(outcome, { value: () => value, current: value, today: () => '2024-05-01' });
          expect(['string', 'number', 'boolean']).toContain(typeof result);
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
        }
      }),
      { numRuns: 3000 },
    );
    expect(parsedCount).toBeGreaterThan(0);
  });

  it('survives huge and deeply nested inputs without a stack overflow', () => {
    for (const source of [
      '('.repeat(100_000),
      '-'.repeat(100_000),
      'not('.repeat(20_000),
      `1${' or 1'.repeat(5_000)}`,
      '${a}'.repeat(5_000),
      "'".repeat(19_999),
    ]) {
      expect(parseOrError(source)).toBeInstanceOf(ExpressionError);
    }
  });
});
