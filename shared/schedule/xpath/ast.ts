import type { FunctionName } from './functions';

/**
 * AST for the ODK XPath subset used in XLSForm `relevant`, `constraint` and
 * `required` columns. Every node carries the half-open span `[start, end)` of the
 * source text it came from, so errors and the plain-English renderer can point back
 * at the author's own text.
 */

export type EqualityOperator = '=' | '!=';
export type RelationalOperator = '<' | '<=' | '>' | '>=';
export type ArithmeticOperator = '+' | '-' | '*' | 'div' | 'mod';
export type LogicalOperator = 'and' | 'or';
export type BinaryOperator = LogicalOperator | EqualityOperator | RelationalOperator | ArithmeticOperator;

interface Span {
  readonly start: number;
  readonly end: number;
}

/** `${name}`: the value of another question (or '' when unanswered / not relevant). */
export interface ReferenceNode extends Span {
  readonly kind: 'reference';
  readonly name: string;
}

/** `.`: the value of the question the expression belongs to. */
export interface CurrentNode extends Span {
  readonly kind: 'current';
}

export interface StringLiteralNode extends Span {
  readonly kind: 'string';
  readonly value: string;
}

export interface NumberLiteralNode extends Span {
  readonly kind: 'number';
  readonly value: number;
}

export interface BinaryNode extends Span {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  /** Offset of the operator token itself. */
  readonly operatorStart: number;
  readonly left: AstNode;
  readonly right: AstNode;
}

/** Unary minus. XPath 1.0 has no unary plus. */
export interface NegateNode extends Span {
  readonly kind: 'negate';
  readonly operand: AstNode;
}

export interface CallNode extends Span {
  readonly kind: 'call';
  readonly name: FunctionName;
  readonly args: readonly AstNode[];
}

export type AstNode =
  | ReferenceNode
  | CurrentNode
  | StringLiteralNode
  | NumberLiteralNode
  | BinaryNode
  | NegateNode
  | CallNode;
