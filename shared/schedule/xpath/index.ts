/**
 * Skip-logic engine: the ODK XPath subset used in XLSForm `relevant`, `constraint`
 * and `required` columns. Parse once with parseExpression, evaluate many times.
 */
export { ExpressionError } from './errors';
export type {
  AstNode,
  BinaryNode,
  BinaryOperator,
  CallNode,
  CurrentNode,
  NegateNode,
  NumberLiteralNode,
  ReferenceNode,
  StringLiteralNode,
} from './ast';
export { FUNCTION_NAMES, type FunctionName } from './functions';
export { parseExpression, type Expression } from './parser';
export { evaluate, evaluateBoolean, type EvaluationContext } from './evaluate';
export { toBoolean, toNumber, toStringValue, type Value } from './values';
export {
  RelevanceGraph,
  RelevanceGraphError,
  type RelevanceGraphErrorKind,
  type RelevanceGraphOptions,
  type RelevanceItem,
} from './relevance-graph';
export { describeExpression, type ChoiceLabelOf, type LabelOf } from './describe';
