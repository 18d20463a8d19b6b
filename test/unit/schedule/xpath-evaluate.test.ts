import { describe, expect, it } from 'vitest';
import {
  evaluate,
  evaluateBoolean,
  ExpressionError,
  parseExpression,
  type EvaluationContext,
} from '../../../shared/schedule/xpath';

function ctx(values: Record<string, string> = {}, extra: Partial<EvaluationContext> = {}): EvaluationContext {
  return { value: (name) => values[name] ?? '', ...extra };
}

const run = (source: string, values: Record<string, string> = {}, extra: Partial<EvaluationContext> = {}) =>
  evaluate(parseExpression(source), ctx(values, extra));
const holds = (source: string, values: Record<string, string> = {}, extra: Partial<EvaluationContext> = {}) =>
  evaluateBoolean(parseExpression(source), ctx(values, extra));

describe('evaluate: literals, references and the current value', () => {
  it('returns typed values', () => {
    expect(run("'text'")).toBe('text');
    expect(run('42')).toBe(42);
    expect(run('1.50')).toBe(1.5);
    expect(run('${a}', { a: 'hello' })).toBe('hello');
    expect(run('${a}')).toBe('');
    expect(run('.', {}, { current: '7' })).toBe('7');
    expect(run('.')).toBe('');
  });
});

describe('evaluate: arithmetic', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['7 div 2', 3.5],
    ['8 div 2 div 2', 2],
    ['7 mod 3', 1],
    ['-7 mod 3', -1],
    ['7 mod -3', 1],
    ['5.5 mod 2', 1.5],
    ['-3', -3],
    ['--3', 3],
    ['- ${n} + 1', -4],
    ['${n} * 2', 10],
    ["'3' + '4'", 7],
    ['true() + true()', 2],
    ['1 div 0', Infinity],
    ['-1 div 0', -Infinity],
  ])('%s = %s', (source, expected) => {
    expect(run(source, { n: '5' })).toBe(expected);
  });

  it('gives NaN for arithmetic on an unanswered question or non-numeric text', () => {
    expect(run('${n} + 1')).toBeNaN();
    expect(run('${n} * 0', { n: 'abc' })).toBeNaN();
    expect(run('0 div 0')).toBeNaN();
    expect(run('1 mod 0')).toBeNaN();
    expect(run('-${n}')).toBeNaN();
  });

  it('converts text to numbers with XPath rules, not JavaScript ones', () => {
    expect(run('${n} + 0', { n: ' 12 ' })).toBe(12);
    expect(run('${n} + 0', { n: '-.5' })).toBe(-0.5);
    expect(run('${n} + 0', { n: '1e3' })).toBeNaN();
    expect(run('${n} + 0', { n: '0x10' })).toBeNaN();
    expect(run('${n} + 0', { n: '+5' })).toBeNaN();
    expect(run('${n} + 0', { n: 'Infinity' })).toBeNaN();
    expect(run('${n} + 0', { n: '   ' })).toBeNaN();
  });
});

describe('evaluate: comparisons (XPath 1.0 §3.4)', () => {
  it('compares numerically when either side is a number', () => {
    expect(holds('${n} = 5', { n: '5' })).toBe(true);
    expect(holds('${n} = 5', { n: '05.0' })).toBe(true);
    expect(holds('5 = ${n}', { n: '5.0' })).toBe(true);
    expect(holds('${n} != 5', { n: '6' })).toBe(true);
    expect(holds('${n} > 3', { n: '10' })).toBe(true);
    expect(holds('${n} > 3', { n: '2' })).toBe(false);
    expect(holds('${n} >= 3', { n: '3' })).toBe(true);
    expect(holds('${n} <= 3', { n: '3' })).toBe(true);
    expect(holds('${n} < 3', { n: '3' })).toBe(false);
  });

  it('compares as strings when both sides are strings', () => {
    expect(holds("${a} = 'police'", { a: 'police' })).toBe(true);
    expect(holds("${a} = 'police'", { a: 'Police' })).toBe(false);
    expect(holds("${a} = '1'", { a: '1.0' })).toBe(false); // string comparison
    expect(holds('${a} = 1', { a: '1.0' })).toBe(true); // numeric comparison
    expect(holds('${a} = ${b}', { a: 'x', b: 'x' })).toBe(true);
    expect(holds("${a} != 'police'", { a: 'health' })).toBe(true);
  });

  it('relational operators always compare numbers, so text is NaN and never ordered', () => {
    expect(holds("'10' > '9'")).toBe(true); // numerically, not lexicographically
    expect(holds("'b' > 'a'")).toBe(false);
    expect(holds("'b' < 'a'")).toBe(false);
  });

  it('compares as booleans when either side is boolean', () => {
    expect(holds('${a} = true()', { a: 'anything' })).toBe(true);
    expect(holds('${a} = false()')).toBe(true);
    expect(holds('${a} != true()')).toBe(true);
    expect(holds('0 = false()')).toBe(true);
    expect(holds("'false' = true()")).toBe(true); // non-empty string is true
    expect(holds('(1 < 2) = true()')).toBe(true);
    expect(holds('true() > false()')).toBe(true); // relational: 1 > 0
  });

  it('treats NaN as unequal to everything, itself included', () => {
    expect(holds('0 div 0 = 0 div 0')).toBe(false);
    expect(holds('0 div 0 != 0 div 0')).toBe(true);
  });
});

describe('evaluate: ODK empty-value rules', () => {
  it("${x} = '' is true when unanswered and false when answered", () => {
    expect(holds("${x} = ''")).toBe(true);
    expect(holds("${x} = ''", { x: 'a' })).toBe(false);
    expect(holds("${x} != ''")).toBe(false);
    expect(holds("${x} != ''", { x: 'a' })).toBe(true);
  });

  it('an empty answer is NaN next to a number: =, <, >, <=, >= are all false, != is true', () => {
    expect(holds('${n} > 3')).toBe(false);
    expect(holds('${n} < 3')).toBe(false);
    expect(holds('${n} >= 0')).toBe(false);
    expect(holds('${n} <= 0')).toBe(false);
    expect(holds('${n} = 0')).toBe(false);
    expect(holds('${n} != 0')).toBe(true);
    expect(holds("${n} = '0'")).toBe(false);
  });

  it("not(selected(${m}, 'a')) is true when the select_multiple is empty", () => {
    expect(holds("not(selected(${m}, 'a'))")).toBe(true);
    expect(holds("selected(${m}, 'a')")).toBe(false);
    expect(holds("not(selected(${m}, 'a'))", { m: 'a b' })).toBe(false);
  });

  it('a bare ${x} is a node-set, true even when unanswered (as ODK); its string value is empty', () => {
    expect(holds('${x}')).toBe(true);
    expect(holds('not(${x})')).toBe(false);
    expect(holds('boolean(${x})', { x: 'false' })).toBe(true);
    expect(holds('boolean(string(${x}))')).toBe(false);
    expect(holds('boolean(string(${x}))', { x: '0' })).toBe(true);
    expect(holds("${x} != ''")).toBe(false);
  });
});

describe('evaluate: and / or / not', () => {
  it('follows truth tables and returns booleans', () => {
    expect(run('1 and 2')).toBe(true);
    expect(run("1 and ''")).toBe(false);
    expect(run('0 or 0')).toBe(false);
    expect(run("0 or 'x'")).toBe(true);
    expect(run('not(0)')).toBe(true);
    expect(run("not('x')")).toBe(false);
    expect(run('not(0 div 0)')).toBe(true);
  });

  it('short-circuits: the right side is not evaluated when the left decides', () => {
    const read: string[] = [];
    const context: EvaluationContext = {
      value: (name) => {
        read.push(name);
        return name === 'yes' ? 'y' : '';
      },
    };
    expect(evaluateBoolean(parseExpression("${no} != '' and ${other} != ''"), context)).toBe(false);
    expect(evaluateBoolean(parseExpression("${yes} != '' or ${other} != ''"), context)).toBe(true);
    expect(read).toEqual(['no', 'yes']);
  });

  it('applies precedence: a or b and c', () => {
    expect(holds("${a} = 'y' or ${b} = 'y' and ${c} = 'y'", { a: 'y' })).toBe(true);
    expect(holds("(${a} = 'y' or ${b} = 'y') and ${c} = 'y'", { a: 'y' })).toBe(false);
  });
});

describe('evaluate: select functions', () => {
  it('selected() matches whole space-separated codes and trims the wanted code', () => {
    expect(holds("selected(${m}, 'b')", { m: 'a b c' })).toBe(true);
    expect(holds("selected(${m}, 'b')", { m: 'ab bc' })).toBe(false);
    expect(holds("selected(${m}, ' b ')", { m: 'a b' })).toBe(true);
    expect(holds("selected(${m}, 'c')", { m: '  a\tb\n c  ' })).toBe(true);
    expect(holds("selected(${m}, 'a b')", { m: 'a b' })).toBe(false);
    expect(holds("selected(${m}, '')", { m: 'a b' })).toBe(false);
    expect(holds('selected(${m}, 2)', { m: '1 2' })).toBe(true);
    expect(holds("selected(${s}, 'yes')", { s: 'yes' })).toBe(true); // select_one works too
  });

  it('count-selected() counts codes, 0 when empty', () => {
    expect(run('count-selected(${m})', { m: 'a b c' })).toBe(3);
    expect(run('count-selected(${m})', { m: '  a   b ' })).toBe(2);
    expect(run('count-selected(${m})')).toBe(0);
    expect(run('count-selected(${m})', { m: ' ' })).toBe(0);
    expect(holds('count-selected(${m}) >= 2', { m: 'a b' })).toBe(true);
  });

  it('selected-at() is 0-based and empty out of range', () => {
    expect(run('selected-at(${m}, 1)', { m: 'a b c' })).toBe('b');
    expect(run('selected-at(${m}, 5)', { m: 'a b c' })).toBe('');
    expect(run('selected-at(${m}, -1)', { m: 'a b c' })).toBe('');
    expect(run('selected-at(${m}, ${i})', { m: 'a b c' })).toBe('');
  });
});

describe('evaluate: string and number functions', () => {
  it('string-length()', () => {
    expect(run('string-length(${a})', { a: 'hello' })).toBe(5);
    expect(run('string-length(${a})')).toBe(0);
    expect(run('string-length(12.50)')).toBe(4); // '12.5'
    expect(run('string-length()', {}, { current: 'abc' })).toBe(3);
    expect(holds('string-length(.) <= 3', {}, { current: 'abcd' })).toBe(false);
  });

  it('if() evaluates only the chosen branch', () => {
    expect(run("if(${a} > 1, 'big', 'small')", { a: '5' })).toBe('big');
    expect(run("if(${a} > 1, 'big', 'small')")).toBe('small');
    const read: string[] = [];
    const context: EvaluationContext = { value: (n) => (read.push(n), '') };
    evaluate(parseExpression('if(true(), ${x}, ${y})'), context);
    expect(read).toEqual(['x']);
  });

  it('coalesce() returns the first non-empty value as text', () => {
    expect(run('coalesce(${a}, ${b})', { b: 'second' })).toBe('second');
    expect(run('coalesce(${a}, ${b})', { a: 'first', b: 'second' })).toBe('first');
    expect(run("coalesce(${a}, 'default')")).toBe('default');
    expect(run('coalesce(${a}, ${b})')).toBe('');
    expect(run('coalesce(3, 4)')).toBe('3');
  });

  it('number(), string(), int(), round(), boolean()', () => {
    expect(run('number(${a})', { a: '3.5' })).toBe(3.5);
    expect(run('number(${a})')).toBeNaN();
    expect(run('number(true())')).toBe(1);
    expect(run('number()', {}, { current: '8' })).toBe(8);
    expect(run('string(1 div 0)')).toBe('Infinity');
    expect(run('string(0 div 0)')).toBe('NaN');
    expect(run('string(2.0)')).toBe('2');
    expect(run('string(-0)')).toBe('0');
    expect(run('string(1 < 2)')).toBe('true');
    expect(run('string(1000000 * 1000000 * 1000000 * 1000)')).toBe('1000000000000000000000');
    expect(run('string(1 div 10000000)')).toBe('0.0000001');
    expect(run('int(3.9)')).toBe(3);
    expect(run('int(-3.9)')).toBe(-3);
    expect(run('int(${a})')).toBeNaN();
    expect(run('round(2.5)')).toBe(3);
    expect(run('round(-2.5)')).toBe(-3); // ODK rounds half away from zero
    expect(run('round(3.14159, 2)')).toBe(3.14);
    expect(run('round(${a})')).toBeNaN();
    expect(run("boolean('')")).toBe(false);
  });

  it('concat(), contains(), starts-with(), ends-with()', () => {
    expect(run("concat(${a}, '-', 2, '-', true())", { a: 'x' })).toBe('x-2-true');
    expect(run('concat()')).toBe('');
    expect(holds("contains(${a}, 'lic')", { a: 'police' })).toBe(true);
    expect(holds("starts-with(${a}, 'pol')", { a: 'police' })).toBe(true);
    expect(holds("ends-with(${a}, 'ice')", { a: 'police' })).toBe(true);
    expect(holds("contains(${a}, 'x')")).toBe(false);
  });

  it('regex() tests with JavaScript semantics and reports a bad computed pattern', () => {
    expect(holds("regex(., '^[0-9]{4}$')", {}, { current: '2024' })).toBe(true);
    expect(holds("regex(., '^[0-9]{4}$')", {}, { current: '24' })).toBe(false);
    expect(holds("regex(${a}, 'b+')", { a: 'abbc' })).toBe(true);
    const bad = parseExpression('regex(${a}, ${pattern})');
    expect(() => evaluate(bad, ctx({ a: 'x', pattern: '(' }))).toThrow(ExpressionError);
    try {
      evaluate(bad, ctx({ a: 'x', pattern: '(' }));
    } catch (error) {
      expect((error as ExpressionError).position).toBe(12);
    }
  });
});

describe('evaluate: dates and today()', () => {
  const today = () => '2024-03-15';

  it('today() comes from the injected clock', () => {
    expect(run('today()', {}, { today })).toBe('2024-03-15');
    expect(holds('${d} = today()', { d: '2024-03-15' }, { today })).toBe(true);
  });

  it('falls back to the local date when no clock is injected', () => {
    expect(run('today()')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('orders dates and does day arithmetic the way ODK does (days since 1970-01-01)', () => {
    expect(holds('${d} < today()', { d: '2024-03-14' }, { today })).toBe(true);
    expect(holds('${d} < today()', { d: '2024-03-15' }, { today })).toBe(false);
    expect(holds('${d} > today()')).toBe(false); // unanswered
    expect(run('today() - ${d}', { d: '2024-02-28' }, { today })).toBe(16); // leap year
    expect(run("number('1970-01-02')")).toBe(1);
    expect(run("number('1970-01-01T12:00:00Z')")).toBe(0.5);
    expect(run("number('1970-01-02T00:00:00+02:00')")).toBeCloseTo(1 - 2 / 24, 10);
    expect(holds('(today() - ${dob}) div 365.25 >= 18', { dob: '2000-01-01' }, { today })).toBe(true);
    expect(holds('(today() - ${dob}) div 365.25 >= 18', { dob: '2010-01-01' }, { today })).toBe(false);
    expect(run("number('2023-02-29')")).toBeNaN();
    expect(run("number('2024-13-01')")).toBeNaN();
  });
});
