import type { AstNode, BinaryOperator, CallNode } from './ast';
import type { Expression } from './parser';
import { assertNever } from '../../util/assert-never';

export type LabelOf = (name: string) => string;
export type ChoiceLabelOf = (question: string, code: string) => string | undefined;

type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

const PHRASE: Record<ComparisonOperator, string> = {
  '=': 'is',
  '!=': 'is not',
  '<': 'is less than',
  '<=': 'is at most',
  '>': 'is more than',
  '>=': 'is at least',
};

// Negations are worded ("is not less than") rather than flipped to the opposite
// operator, because with an unanswered question both `${n} < 3` and `${n} >= 3` are
// false: the flipped wording would misstate the rule.
const NEGATED_PHRASE: Record<ComparisonOperator, string> = {
  '=': 'is not',
  '!=': 'is',
  '<': 'is not less than',
  '<=': 'is not at most',
  '>': 'is not more than',
  '>=': 'is not at least',
};

const MIRRORED: Record<ComparisonOperator, ComparisonOperator> = {
  '=': '=',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

/**
 * Plain-English rendering of simple skip logic for the schedule outline, e.g.
 * `${agency} = 'police' and ${q4} = '1'` → "Agency group is Police and Q4 is Yes".
 * Handles comparisons of a question with a literal, selected(), not(), and/or and bare
 * references; anything else (arithmetic, other functions) returns the source text
 * unchanged so the reader never sees a half-translated rule.
 */
export function describeExpression(expr: Expression, labelOf: LabelOf, choiceLabel: ChoiceLabelOf): string {
  const text = new Describer(expr.source, labelOf, choiceLabel).node(expr.ast);
  return text ?? expr.source.trim();
}

class Describer {
  constructor(
    private readonly source: string,
    private readonly labelOf: LabelOf,
    private readonly choiceLabel: ChoiceLabelOf,
  ) {}

  node(node: AstNode): string | undefined {
    switch (node.kind) {
      case 'binary':
        if (node.operator === 'and' || node.operator === 'or') {
          const left = this.operand(node.left, node.operator);
          const right = this.operand(node.right, node.operator);
          return left === undefined || right === undefined ? undefined : `${left} ${node.operator} ${right}`;
        }
        return isComparison(node.operator) ? this.comparison(node.operator, node.left, node.right, false) : undefined;
      case 'call':
        return this.call(node);
      case 'reference':
      case 'current':
        return `${this.subject(node)} is answered`;
      case 'string':
      case 'number':
      case 'negate':
        return undefined;
      default:
        return assertNever(node, 'expression node');
    }
  }

  /** Parenthesise a nested and/or of the other kind so "A and (B or C)" stays unambiguous. */
  private operand(node: AstNode, parent: 'and' | 'or'): string | undefined {
    const text = this.node(node);
    if (text === undefined) return undefined;
    const mixed = node.kind === 'binary' && (node.operator === 'and' || node.operator === 'or') && node.operator !== parent;
    return mixed ? `(${text})` : text;
  }

  private call(node: CallNode): string | undefined {
    switch (node.name) {
      case 'true':
        return 'always';
      case 'false':
        return 'never';
      case 'selected':
        return this.selected(node, false);
      case 'not':
        return this.negation(node.args[0]);
      default:
        return undefined;
    }
  }

  private negation(inner: AstNode | undefined): string | undefined {
    if (inner === undefined) return undefined;
    if (inner.kind === 'binary' && isComparison(inner.operator)) {
      return this.comparison(inner.operator, inner.left, inner.right, true);
    }
    if (inner.kind === 'call' && inner.name === 'selected') return this.selected(inner, true);
    if (inner.kind === 'call' && inner.name === 'not') return this.node(inner.args[0] ?? inner);
    if (inner.kind === 'reference' || inner.kind === 'current') return `${this.subject(inner)} is not answered`;
    const text = this.node(inner);
    return text === undefined ? undefined : `not (${text})`;
  }

  private selected(node: CallNode, negated: boolean): string | undefined {
    const [list, code] = node.args;
    if (list === undefined || code === undefined || !isSubject(list) || !isLiteral(code)) return undefined;
    const verb = negated ? 'does not include' : 'includes';
    return `${this.subject(list)} ${verb} ${this.value(list, code)}`;
  }

  private comparison(
    operator: ComparisonOperator,
    left: AstNode,
    right: AstNode,
    negated: boolean,
  ): string | undefined {
    let subject: AstNode = left;
    let literal: AstNode = right;
    let op = operator;
    if (!isSubject(left) && isSubject(right)) {
      subject = right;
      literal = left;
      op = MIRRORED[operator];
    }
    if (!isSubject(subject) || !isLiteral(literal)) return undefined;
    if (literal.kind === 'string' && literal.value === '' && (op === '=' || op === '!=')) {
      const answered = (op === '!=') !== negated;
      return `${this.subject(subject)} is ${answered ? 'answered' : 'not answered'}`;
    }
    const phrase = negated ? NEGATED_PHRASE[op] : PHRASE[op];
    return `${this.subject(subject)} ${phrase} ${this.value(subject, literal)}`;
  }

  private subject(node: AstNode & { kind: 'reference' | 'current' }): string {
    return node.kind === 'reference' ? this.labelOf(node.name) : 'This answer';
  }

  /** Choice label when the question has one for this code, else the literal itself. */
  private value(subject: AstNode & { kind: 'reference' | 'current' }, literal: AstNode & { kind: 'string' | 'number' }): string {
    const code = literal.kind === 'string' ? literal.value : this.source.slice(literal.start, literal.end);
    const label = subject.kind === 'reference' ? this.choiceLabel(subject.name, code) : undefined;
    if (label !== undefined) return label;
    return literal.kind === 'string' ? `"${code}"` : code;
  }
}

function isComparison(operator: BinaryOperator): operator is ComparisonOperator {
  return operator === '=' || operator === '!=' || operator === '<' || operator === '<=' || operator === '>' || operator === '>=';
}

function isSubject(node: AstNode): node is AstNode & { kind: 'reference' | 'current' } {
  return node.kind === 'reference' || node.kind === 'current';
}

function isLiteral(node: AstNode): node is AstNode & { kind: 'string' | 'number' } {
  return node.kind === 'string' || node.kind === 'number';
}
