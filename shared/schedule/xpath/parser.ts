import type { AstNode, BinaryOperator, CallNode } from './ast';
import { ExpressionError } from './errors';
import { FUNCTIONS, FUNCTION_NAMES, isFunctionName } from './functions';
import { Lexer, type Token } from './tokenizer';
import { compileLiteralPattern } from './regex-cache';
import { assertNever } from '../../util/assert-never';

/** A parsed, immutable expression. Parse once per schedule load; evaluate many times. */
export interface Expression {
  readonly source: string;
  readonly ast: AstNode;
  /** Unique `${name}`s in order of first appearance. */
  readonly references: readonly string[];
  /** True if the value of the question itself (`.`) is read. */
  readonly usesCurrent: boolean;
}

/**
 * Guards that keep the parser (and the recursive evaluator) off the call-stack limit
 * whatever the input. Real XLSForm expressions are nowhere near these.
 */
const MAX_SOURCE_LENGTH = 20_000;
const MAX_NESTING = 100;
const MAX_TREE_DEPTH = 1_000;

/**
 * XPath 1.0 precedence, loosest first (https://www.w3.org/TR/xpath-10/#section-Expressions):
 * or < and < (= !=) < (< <= > >=) < (+ -) < (* div mod) < unary minus. All left-associative.
 */
const LEVELS: readonly (readonly BinaryOperator[])[] = [
  ['or'],
  ['and'],
  ['=', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', 'div', 'mod'],
];

const KEYWORD_OPERATORS: ReadonlySet<string> = new Set(['and', 'or', 'div', 'mod']);

export function parseExpression(source: string): Expression {
  if (typeof source !== 'string') {
    throw new ExpressionError('Expression must be text.', 0);
  }
  if (source.length > MAX_SOURCE_LENGTH) {
    throw new ExpressionError(
      `Expression is too long (${source.length} characters; the limit is ${MAX_SOURCE_LENGTH}). Split it into calculate fields.`,
      MAX_SOURCE_LENGTH,
    );
  }
  return new Parser(source).parse();
}

class Parser {
  /** Tokens read so far; the lexer is pulled one token ahead of the parser at most. */
  private readonly tokens: Token[] = [];
  private readonly lexer: Lexer;
  private index = 0;
  private nesting = 0;
  /** Depth of the subtree most recently returned by a parse method. */
  private depth = 0;
  private readonly references = new Set<string>();
  private usesCurrent = false;

  constructor(private readonly source: string) {
    this.lexer = new Lexer(source);
  }

  parse(): Expression {
    const first = this.peek();
    if (first.kind === 'end') {
      throw new ExpressionError('Expression is empty.', 0);
    }
    const ast = this.parseLevel(0);
    const next = this.peek();
    if (next.kind !== 'end') {
      if (next.kind === ')') {
        throw new ExpressionError("Unmatched ')': there is no '(' for it to close.", next.start);
      }
      throw new ExpressionError(
        `Unexpected ${describeToken(next)} after a complete expression. Is an operator (and, or, =, +) missing?`,
        next.start,
      );
    }
    return {
      source: this.source,
      ast,
      references: Array.from(this.references),
      usesCurrent: this.usesCurrent,
    };
  }

  private peek(): Token {
    const buffered = this.tokens[this.index];
    if (buffered !== undefined) return buffered;
    // Only reached when index === tokens.length; advance() never moves past 'end'.
    const token = this.lexer.next();
    this.tokens.push(token);
    return token;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private binaryOperatorAt(token: Token, level: readonly BinaryOperator[]): BinaryOperator | undefined {
    if (token.kind === 'operator' || (token.kind === 'name' && KEYWORD_OPERATORS.has(token.text))) {
      const text = token.text as BinaryOperator;
      return level.includes(text) ? text : undefined;
    }
    return undefined;
  }

  private parseLevel(levelIndex: number): AstNode {
    const level = LEVELS[levelIndex];
    if (level === undefined) return this.parseUnary();

    let left = this.parseLevel(levelIndex + 1);
    let leftDepth = this.depth;
    for (;;) {
      const token = this.peek();
      const operator = this.binaryOperatorAt(token, level);
      if (operator === undefined) break;
      this.advance();
      const right = this.parseLevel(levelIndex + 1);
      leftDepth = Math.max(leftDepth, this.depth) + 1;
      if (leftDepth > MAX_TREE_DEPTH) {
        throw new ExpressionError('Expression has too many operators chained together; split it into calculate fields.', token.start);
      }
      left = { kind: 'binary', operator, operatorStart: token.start, left, right, start: left.start, end: right.end };
    }
    this.depth = leftDepth;
    return left;
  }

  private enter(token: Token): void {
    this.nesting += 1;
    if (this.nesting > MAX_NESTING) {
      throw new ExpressionError(`Expression is nested too deeply (more than ${MAX_NESTING} levels).`, token.start);
    }
  }

  private parseUnary(): AstNode {
    const token = this.peek();
    if (token.kind === 'operator' && token.text === '-') {
      this.advance();
      this.enter(token);
      const operand = this.parseUnary();
      this.nesting -= 1;
      this.depth += 1;
      return { kind: 'negate', operand, start: token.start, end: operand.end };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): AstNode {
    const token = this.advance();
    this.depth = 1;
    switch (token.kind) {
      case 'reference':
        this.references.add(token.name);
        return { kind: 'reference', name: token.name, start: token.start, end: token.end };
      case 'dot':
        this.usesCurrent = true;
        return { kind: 'current', start: token.start, end: token.end };
      case 'string':
        return { kind: 'string', value: token.value, start: token.start, end: token.end };
      case 'number':
        return { kind: 'number', value: token.value, start: token.start, end: token.end };
      case '(': {
        this.enter(token);
        if (this.peek().kind === ')') {
          throw new ExpressionError("Empty parentheses: put an expression between '(' and ')'.", token.start);
        }
        const inner = this.parseLevel(0);
        this.expectClose(token, "'('");
        this.nesting -= 1;
        return inner;
      }
      case 'name':
        return this.parseNameStart(token);
      case 'operator': {
        // Reached when an operator sits where a value belongs: `= 3`, `1 + * 2`, `1 +`.
        throw this.missingOperand(token);
      }
      case ')':
        throw new ExpressionError(this.afterOperatorMessage("')'"), this.previousOperatorStart(token));
      case ',':
        throw new ExpressionError(this.afterOperatorMessage("','"), this.previousOperatorStart(token));
      case 'end':
        throw this.unexpectedEnd();
      default:
        return assertNever(token, 'token');
    }
  }

  /** `1 + * 2` → point at '*'; `1 +` → point at '+' (the trailing operator). */
  private missingOperand(token: Token & { kind: 'operator' }): ExpressionError {
    const previous = this.tokens[this.index - 2];
    if (previous === undefined) {
      return new ExpressionError(`Expected a value before '${token.text}'.`, token.start);
    }
    return new ExpressionError(`Expected a value after ${describeToken(previous)}, found '${token.text}'.`, token.start);
  }

  private previousOperatorStart(token: Token): number {
    const previous = this.tokens[this.index - 2];
    if (previous !== undefined && isOperatorToken(previous)) return previous.start;
    return token.start;
  }

  private afterOperatorMessage(found: string): string {
    const previous = this.tokens[this.index - 2];
    if (previous !== undefined && isOperatorToken(previous)) {
      return `Expected a value after ${describeToken(previous)}, found ${found}.`;
    }
    if (previous !== undefined && previous.kind === ',') {
      return `Expected a function argument after ',', found ${found}.`;
    }
    return `Expected a value, found ${found}.`;
  }

  private unexpectedEnd(): ExpressionError {
    // advance() does not move past 'end', so the token before it is at index - 1.
    const previous = this.tokens[this.index - 1];
    if (previous === undefined) return new ExpressionError('Expression is empty.', 0);
    if (isOperatorToken(previous)) {
      return new ExpressionError(`Expression ends with ${describeToken(previous)}; add a value after it.`, previous.start);
    }
    if (previous.kind === '(') {
      return new ExpressionError("Unclosed '(': add the expression and a closing ')'.", previous.start);
    }
    if (previous.kind === ',') {
      return new ExpressionError("Expression ends with ','; add the next argument and ')'.", previous.start);
    }
    return new ExpressionError('Expression ended unexpectedly.', this.source.length);
  }

  private expectClose(open: Token, what: string): void {
    const next = this.peek();
    if (next.kind === ')') {
      this.advance();
      return;
    }
    if (next.kind === 'end') {
      throw new ExpressionError(`Unclosed ${what}: add a closing ')'.`, open.start);
    }
    throw new ExpressionError(
      `Expected ')' to close ${what} at position ${open.start}, found ${describeToken(next)}.`,
      next.start,
    );
  }

  private parseNameStart(token: Token & { kind: 'name' }): AstNode {
    const next = this.peek();
    if (next.kind !== '(') {
      if (KEYWORD_OPERATORS.has(token.text)) {
        const previous = this.tokens[this.index - 2];
        const message =
          previous === undefined
            ? `Expected a value before '${token.text}'.`
            : `Expected a value after ${describeToken(previous)}, found '${token.text}'.`;
        throw new ExpressionError(message, token.start);
      }
      if (isFunctionName(token.text)) {
        throw new ExpressionError(`${token.text} is a function: write ${token.text}(...) with parentheses.`, token.start);
      }
      throw new ExpressionError(
        `Unexpected name '${token.text}'. Refer to a question as \${${token.text}}, or quote text as '${token.text}'.`,
        token.start,
      );
    }
    if (!isFunctionName(token.text)) {
      throw new ExpressionError(
        `Unknown function '${token.text}()'. Supported functions: ${FUNCTION_NAMES.join(', ')}.`,
        token.start,
      );
    }
    const name = token.text;
    this.advance(); // '('
    this.enter(next);
    const args: AstNode[] = [];
    let depth = 0;
    if (this.peek().kind !== ')') {
      for (;;) {
        const arg = this.parseLevel(0);
        depth = Math.max(depth, this.depth);
        args.push(arg);
        if (this.peek().kind !== ',') break;
        this.advance();
      }
    }
    const closing = this.peek();
    this.expectClose(next, `${name}(`);
    this.nesting -= 1;
    this.depth = depth + 1;

    const arity = FUNCTIONS[name];
    if (args.length < arity.min || args.length > arity.max) {
      throw new ExpressionError(`${name}() ${arityText(arity.min, arity.max)}, but was given ${args.length}.`, token.start);
    }
    const call: CallNode = { kind: 'call', name, args, start: token.start, end: closing.end };
    if (args.length === 0 && (name === 'string-length' || name === 'number' || name === 'string')) {
      // XPath: with no argument these read the context node, i.e. the current question.
      this.usesCurrent = true;
    }
    if (name === 'regex') {
      const pattern = args[1];
      if (pattern !== undefined && pattern.kind === 'string') {
        // Literal patterns are checked now so a bad regex is an import-time error.
        const problem = compileLiteralPattern(pattern.value);
        if (typeof problem === 'string') {
          throw new ExpressionError(`Invalid regular expression in regex(): ${problem}`, pattern.start);
        }
      }
    }
    return call;
  }
}

function isOperatorToken(token: Token): boolean {
  return token.kind === 'operator' || (token.kind === 'name' && KEYWORD_OPERATORS.has(token.text));
}

function arityText(min: number, max: number): string {
  const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');
  if (min === max) return `takes ${min} ${plural(min)}`;
  if (max === Infinity) return `takes at least ${min} ${plural(min)}`;
  return `takes ${min} to ${max} arguments`;
}

function describeToken(token: Token): string {
  switch (token.kind) {
    case 'reference':
      return `\${${token.name}}`;
    case 'dot':
      return "'.'";
    case 'string':
      return `the text '${token.value.length > 20 ? `${token.value.slice(0, 20)}…` : token.value}'`;
    case 'number':
      return `the number ${String(token.value)}`;
    case 'name':
    case 'operator':
      return `'${token.text}'`;
    case '(':
    case ')':
    case ',':
      return `'${token.kind}'`;
    case 'end':
      return 'the end of the expression';
    default:
      return assertNever(token, 'token');
  }
}
