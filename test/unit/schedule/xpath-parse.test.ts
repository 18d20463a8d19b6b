import { describe, expect, it } from 'vitest';
import { ExpressionError, parseExpression, type AstNode } from '../../../shared/schedule/xpath';

/** Compact S-expression view of an AST so precedence tests read clearly. */
function shape(node: AstNode): string {
  switch (node.kind) {
    case 'reference':
      return `\${${node.name}}`;
    case 'current':
      return '.';
    case 'string':
      return `'${node.value}'`;
    case 'number':
      return String(node.value);
    case 'negate':
      return `(neg ${shape(node.operand)})`;
    case 'binary':
      return `(${node.operator} ${shape(node.left)} ${shape(node.right)})`;
    case 'call':
      return `(${node.name}${node.args.map((a) => ` ${shape(a)}`).join('')})`;
  }
}

const parsed = (source: string) => shape(parseExpression(source).ast);

function errorOf(source: string): ExpressionError {
  try {
    parseExpression(source);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail`);
}

describe('parseExpression: structure', () => {
  it('collects unique references in order of first appearance', () => {
    const expr = parseExpression("${b} = 'x' and ${a} > 2 or selected(${b}, 'y') and ${c-1.x} != ''");
    expect(expr.references).toEqual(['b', 'a', 'c-1.x']);
    expect(expr.usesCurrent).toBe(false);
    expect(expr.source).toBe("${b} = 'x' and ${a} > 2 or selected(${b}, 'y') and ${c-1.x} != ''");
  });

  it('flags use of the current value, including context-defaulting functions', () => {
    expect(parseExpression('. > 3').usesCurrent).toBe(true);
    expect(parseExpression('string-length() < 10').usesCurrent).toBe(true);
    expect(parseExpression("regex(., '^[0-9]+$')").usesCurrent).toBe(true);
    expect(parseExpression('string-length(${a}) < 10').usesCurrent).toBe(false);
  });

  it('records source spans on every node', () => {
    const { ast } = parseExpression("  ${age} >= 18 and not(${x} = 'a')");
    expect(ast).toMatchObject({ kind: 'binary', operator: 'and', operatorStart: 15, start: 2, end: 34 });
    if (ast.kind !== 'binary') throw new Error('expected binary');
    expect(ast.left).toMatchObject({ kind: 'binary', operator: '>=', operatorStart: 9, start: 2, end: 14 });
    expect(ast.right).toMatchObject({ kind: 'call', name: 'not', start: 19, end: 34 });
  });

  it('parses literals', () => {
    // XPath 1.0 has no quote escapes: '' ends one literal and starts another.
    expect(errorOf("'it''s'").position).toBe(4);
    expect(parsed(`"it's"`)).toBe(`'it's'`);
    expect(parsed("'say \"hi\"'")).toBe(`'say "hi"'`);
    expect(parsed('.5')).toBe('0.5');
    expect(parsed('12.')).toBe('12');
    expect(parsed('007')).toBe('7');
    expect(parsed('.')).toBe('.');
    expect(parsed("''")).toBe("''");
  });

  it('accepts XPath whitespace anywhere between tokens, including newlines from spreadsheet cells', () => {
    expect(parsed("${a}\n=\t'x'\r\nand\ttrue ()")).toBe("(and (= ${a} 'x') (true))");
    expect(parsed('${a}=1')).toBe('(= ${a} 1)');
  });
});

describe('parseExpression: precedence and associativity (XPath 1.0 §3.4-3.5)', () => {
  it.each([
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['(1 + 2) * 3', '(* (+ 1 2) 3)'],
    ['${a} or ${b} and ${c}', '(or ${a} (and ${b} ${c}))'],
    ['${a} and ${b} or ${c}', '(or (and ${a} ${b}) ${c})'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['8 div 2 div 2', '(div (div 8 2) 2)'],
    ['7 mod 3 * 2', '(* (mod 7 3) 2)'],
    ['1 < 2 = 2 > 1', '(= (< 1 2) (> 2 1))'],
    ['${a} = 1 or ${b} != 2', '(or (= ${a} 1) (!= ${b} 2))'],
    ['- 2 * 3', '(* (neg 2) 3)'],
    ['--1', '(neg (neg 1))'],
    ['1 - -1', '(- 1 (neg 1))'],
    ['${a} + 1 > ${b} * 2', '(> (+ ${a} 1) (* ${b} 2))'],
    ["not(${a} = 'x') and selected(${m}, 'y')", "(and (not (= ${a} 'x')) (selected ${m} 'y'))"],
    ["if(${a} > 1, 'big', 'small')", "(if (> ${a} 1) 'big' 'small')"],
    ['true() and false()', '(and (true) (false))'],
    ['count-selected(${m}) >= 2', '(>= (count-selected ${m}) 2)'],
    ['concat()', '(concat)'],
  ])('%s → %s', (source, expected) => {
    expect(parsed(source)).toBe(expected);
  });

  it('treats and/or/div/mod as operators only after an operand', () => {
    expect(parsed('5 mod 2')).toBe('(mod 5 2)');
    // XPath names may contain '-', and the lexer takes the longest match: 'div-1' is one name.
    expect(errorOf('5 div-1')).toMatchObject({ position: 2 });
    expect(parsed('5 div -1')).toBe('(div 5 (neg 1))');
  });
});

describe('parseExpression: errors carry the position of the problem', () => {
  it.each([
    ['', 0, /empty/],
    ['   ', 0, /empty/],
    ['(1 + 2', 0, /Unclosed '\('/],
    ['${a} = (1 + (2 * 3)', 7, /Unclosed '\('/],
    ['(1 + 2 3', 7, /Expected '\)' to close '\(' at position 0/],
    ['1 +', 2, /ends with '\+'/],
    ['${a} = ', 5, /ends with '='/],
    ['${a} = 1 and', 9, /ends with 'and'/],
    ['1 + * 2', 4, /after '\+', found '\*'/],
    ['= 3', 0, /before '='/],
    ['and ${a}', 0, /before 'and'/],
    ['${a} = 1 and or ${b}', 13, /after 'and', found 'or'/],
    ['${a', 0, /closing '}'/],
    ['${a = 1 and ${b} = 2', 0, /closing '}'/],
    ['${}', 0, /Empty question reference/],
    ['${first name} = 1', 0, /not a valid question name/],
    ['${1abc} = 1', 0, /not a valid question name/],
    ['${x} = $a', 7, /'\$' must start/],
    ["${a} = 'yes", 7, /Unterminated string/],
    ['${a} = "yes', 7, /Unterminated string/],
    ['foo(1)', 0, /Unknown function 'foo\(\)'/],
    ["${a} = 1 and jr:choice-name(${a}, '${a}')", 13, /Unknown function 'jr:choice-name\(\)'/],
    ['${a} = 1 or position(..) = 1', 12, /Unknown function 'position\(\)'/],
    ['selected(${a})', 0, /selected\(\) takes 2 arguments, but was given 1/],
    ['${x} and if(1, 2)', 9, /if\(\) takes 3 arguments, but was given 2/],
    ['true(1)', 0, /true\(\) takes 0 arguments/],
    ['not(', 3, /Unclosed '\('/],
    ["selected(${a}, 'x'", 8, /Unclosed selected\(/],
    ['concat(1,)', 9, /argument after ','/],
    ['concat(1,', 8, /ends with ','/],
    ['()', 0, /Empty parentheses/],
    ['1 2', 2, /the number 2 after a complete expression/],
    ["${a} 'x'", 5, /the text 'x' after a complete expression/],
    [')', 0, /after '\)'|found '\)'/],
    ['(1))', 3, /Unmatched '\)'/],
    ['age > 3', 0, /Refer to a question as \$\{age\}/],
    ['${a} = yes', 7, /quote text as 'yes'/],
    ['not ${a}', 0, /not is a function/],
    ['${a} = true', 7, /true is a function/],
    ['/data/age > 3', 0, /Paths such as/],
    ['${a} == 1', 5, /single '='/],
    ['${a} ! 1', 5, /'!='/],
    ['${a} = 1 && ${b}', 9, /'and'/],
    ['${a} = 1 || ${b}', 9, /'or'/],
    ['..', 0, /Parent paths/],
    ['${a}[1]', 4, /Predicates/],
    ['@id = 1', 0, /Attributes/],
    ['${a} = \u2018x\u2019', 7, /Curly quotes/],
    ['${a}\u00a0= 1', 4, /Non-breaking space/],
    ['${a} = 1 # note', 9, /Unexpected character '#'/],
    ['${a} = 1 \u{1F600}', 9, /Unexpected character '\u{1F600}'/u],
    ['regex(${a}, "[a-")', 12, /Invalid regular expression/],
  ])('%j → position %i', (source, position, message) => {
    const error = errorOf(source);
    expect(error).toBeInstanceOf(ExpressionError);
    expect(error.name).toBe('ExpressionError');
    expect(error.position).toBe(position);
    expect(error.message).toMatch(message);
  });

  it('rejects pathological nesting with an ExpressionError instead of overflowing the stack', () => {
    expect(errorOf(`${'('.repeat(5000)}1${')'.repeat(5000)}`).message).toMatch(/nested too deeply/);
    expect(errorOf(`${'-'.repeat(5000)}1`).message).toMatch(/nested too deeply/);
    expect(errorOf(`${'not('.repeat(500)}1${')'.repeat(500)}`).message).toMatch(/nested too deeply/);
    expect(errorOf(`1${' + 1'.repeat(1500)}`).message).toMatch(/too many operators/);
    expect(errorOf('1'.repeat(20_001))).toMatchObject({ position: 20_000 });
  });

  it('still accepts deep but realistic expressions', () => {
    expect(() => parseExpression(`${'('.repeat(50)}1${')'.repeat(50)}`)).not.toThrow();
    const longOr = Array.from({ length: 400 }, (_, i) => `\${q${i}} = '${i}'`).join(' or ');
    expect(parseExpression(longOr).references).toHaveLength(400);
  });
});
