import type { AstNode, CallNode } from './ast';
import { ExpressionError } from './errors';
import type { Expression } from './parser';
import { compileLiteralPattern } from './regex-cache';
import {
  compare,
  countSelected,
  isSelected,
  selectedCodes,
  toBoolean,
  toNumber,
  toStringValue,
  type Value,
} from './values';
import { assertNever } from '../../util/assert-never';

export interface EvaluationContext {
  /** Current answer of question `name`; '' when unanswered or not relevant. */
  value(name: string): string;
  /** Value of the question the expression belongs to (`.`); '' if omitted. */
  current?: string;
  /** Today's date as YYYY-MM-DD. Injected so interviews and tests are reproducible. */
  today?: () => string;
}

export function evaluate(expr: Expression, ctx: EvaluationContext): Value {
  return evaluateNode(expr.ast, ctx);
}

/** Evaluate and convert with XPath boolean(): how ODK reads relevant/required/constraint. */
export function evaluateBoolean(expr: Expression, ctx: EvaluationContext): boolean {
  return booleanOf(expr.ast, ctx);
}

/**
 * XPath boolean() of a sub-expression. A `${q}` (or `.`) is a path, so a node-set holding the
 * question's node, and boolean() of a non-empty node-set is true even when the answer is blank:
 * ODK treats a bare `${q}` condition as always true (XPath 1.0 §4.3). Everywhere else a path
 * yields its string value, as in comparisons.
 */
function booleanOf(node: AstNode, ctx: EvaluationContext): boolean {
  if (node.kind === 'reference' || node.kind === 'current') return true;
  return toBoolean(evaluateNode(node, ctx));
}

function evaluateNode(node: AstNode, ctx: EvaluationContext): Value {
  switch (node.kind) {
    case 'reference':
      return ctx.value(node.name);
    case 'current':
      return ctx.current ?? '';
    case 'string':
    case 'number':
      return node.value;
    case 'negate':
      return -toNumber(evaluateNode(node.operand, ctx));
    case 'call':
      return evaluateCall(node, ctx);
    case 'binary': {
      const { operator } = node;
      switch (operator) {
        // XPath 1.0 `and`/`or` short-circuit and always yield a boolean. (ODK Web Forms
        // returns the deciding operand itself; the boolean value is the same.)
        case 'and':
          return booleanOf(node.left, ctx) && booleanOf(node.right, ctx);
        case 'or':
          return booleanOf(node.left, ctx) || booleanOf(node.right, ctx);
        case '=':
        case '!=':
        case '<':
        case '<=':
        case '>':
        case '>=':
          return compare(operator, evaluateNode(node.left, ctx), evaluateNode(node.right, ctx));
        case '+':
          return toNumber(evaluateNode(node.left, ctx)) + toNumber(evaluateNode(node.right, ctx));
        case '-':
          return toNumber(evaluateNode(node.left, ctx)) - toNumber(evaluateNode(node.right, ctx));
        case '*':
          return toNumber(evaluateNode(node.left, ctx)) * toNumber(evaluateNode(node.right, ctx));
        case 'div':
          // IEEE division, as XPath specifies: 1 div 0 = Infinity, 0 div 0 = NaN.
          return toNumber(evaluateNode(node.left, ctx)) / toNumber(evaluateNode(node.right, ctx));
        case 'mod':
          // XPath `mod` truncates like JS `%`: -5 mod 2 = -1.
          return toNumber(evaluateNode(node.left, ctx)) % toNumber(evaluateNode(node.right, ctx));
        default:
          return assertNever(operator, 'operator');
      }
    }
    default:
      return assertNever(node, 'expression node');
  }
}

/** Arity is validated by the parser, so a missing argument is an internal error. */
function arg(node: CallNode, index: number): AstNode {
  const found = node.args[index];
  if (found === undefined) {
    throw new ExpressionError(`${node.name}() is missing argument ${index + 1}.`, node.start);
  }
  return found;
}

function stringArg(node: CallNode, index: number, ctx: EvaluationContext): string {
  return toStringValue(evaluateNode(arg(node, index), ctx));
}

/** Argument, or the current question's value when omitted (XPath's context node). */
function optionalArg(node: CallNode, ctx: EvaluationContext): Value {
  const first = node.args[0];
  return first === undefined ? (ctx.current ?? '') : evaluateNode(first, ctx);
}

function evaluateCall(node: CallNode, ctx: EvaluationContext): Value {
  const { name } = node;
  switch (name) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'not':
      return !booleanOf(arg(node, 0), ctx);
    case 'boolean':
      return booleanOf(arg(node, 0), ctx);
    case 'number':
      return toNumber(optionalArg(node, ctx));
    case 'string':
      return toStringValue(optionalArg(node, ctx));
    case 'string-length':
      // UTF-16 length, as both ODK Collect (Java) and Web Forms (JS) count.
      return toStringValue(optionalArg(node, ctx)).length;
    case 'concat': {
      let out = '';
      for (const part of node.args) out += toStringValue(evaluateNode(part, ctx));
      return out;
    }
    case 'contains':
      return stringArg(node, 0, ctx).includes(stringArg(node, 1, ctx));
    case 'starts-with':
      return stringArg(node, 0, ctx).startsWith(stringArg(node, 1, ctx));
    case 'ends-with':
      return stringArg(node, 0, ctx).endsWith(stringArg(node, 1, ctx));
    case 'selected':
      // https://getodk.github.io/xforms-spec/#fn:selected — the answer is a
      // space-separated list; the code is trimmed (Web Forms: functions/xforms/select.ts).
      return isSelected(stringArg(node, 0, ctx), stringArg(node, 1, ctx));
    case 'count-selected':
      return countSelected(stringArg(node, 0, ctx));
    case 'selected-at': {
      // 0-based index, out of range gives ''.
      const codes = selectedCodes(stringArg(node, 0, ctx));
      const index = Math.trunc(toNumber(evaluateNode(arg(node, 1), ctx)));
      return Number.isNaN(index) || index < 0 ? '' : (codes[index] ?? '');
    }
    case 'if':
      // Only the chosen branch is evaluated.
      return booleanOf(arg(node, 0), ctx)
        ? evaluateNode(arg(node, 1), ctx)
        : evaluateNode(arg(node, 2), ctx);
    case 'coalesce': {
      // https://getodk.github.io/xforms-spec/#fn:coalesce — first non-empty, as a string.
      const first = stringArg(node, 0, ctx);
      return first !== '' ? first : stringArg(node, 1, ctx);
    }
    case 'today':
      return ctx.today ? ctx.today() : localDate();
    case 'int': {
      // https://getodk.github.io/xforms-spec/#fn:int — truncate towards zero.
      const n = toNumber(evaluateNode(arg(node, 0), ctx));
      return Math.trunc(n);
    }
    case 'round':
      return roundOdk(node, ctx);
    case 'regex': {
      const pattern = compileLiteralPattern(stringArg(node, 1, ctx));
      if (typeof pattern === 'string') {
        // Only reachable with a computed pattern; literal patterns are checked at parse time.
        throw new ExpressionError(`Invalid regular expression in regex(): ${pattern}`, arg(node, 1).start);
      }
      return pattern.test(stringArg(node, 0, ctx));
    }
    default:
      return assertNever(name, 'function');
  }
}

/**
 * ODK's round(value, decimals?) rounds half away from zero (round(-2.5) = -3), unlike
 * XPath 1.0 round() which rounds half up. https://getodk.github.io/xforms-spec/#fn:round
 */
function roundOdk(node: CallNode, ctx: EvaluationContext): number {
  const value = toNumber(evaluateNode(arg(node, 0), ctx));
  const decimalsNode = node.args[1];
  const decimals = decimalsNode === undefined ? 0 : toNumber(evaluateNode(decimalsNode, ctx));
  if (Number.isNaN(value) || Number.isNaN(decimals)) return NaN;
  const multiplier = 10 ** decimals;
  return (Math.round(Math.abs(value) * multiplier) / multiplier) * (value < 0 ? -1 : 1);
}

function localDate(): string {
  const now = new Date();
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${String(now.getFullYear()).padStart(4, '0')}-${month}-${day}`;
}
