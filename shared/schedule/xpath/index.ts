/**
 * Skip-logic engine: the ODK XPath subset used in XLSForm `relevant`, `constraint`
 * and `required` columns. Parse once with parseExpression, evaluate many times.
 *
 * Hand-written: general XPath libraries (xpath, fontoxpath) evaluate against a DOM and do not
 * implement ODK's rules (an empty answer compares as '', `selected()`, `${name}` references,
 * positions for located errors, the relevance graph that re-evaluates only what an answer
 * touches); ODK's own engine (@getodk/xforms-engine) runs a whole form, not one expression.
 * Tests compare this engine with ODK's on the same forms (test/integration/schedule/xform-odk.test.ts).
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
