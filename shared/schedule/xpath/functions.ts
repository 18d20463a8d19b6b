/**
 * The XLSForm/ODK functions this engine understands, with their arity. Arity is
 * checked at parse time so a schedule author learns about `selected(${q})` when the
 * schedule is imported, not halfway through an interview.
 *
 * Semantics follow the ODK XForms spec function list:
 * https://getodk.github.io/xforms-spec/#xpath-functions
 */
export const FUNCTIONS = {
  // XPath 1.0 core
  'not': { min: 1, max: 1 },
  'true': { min: 0, max: 0 },
  'false': { min: 0, max: 0 },
  'boolean': { min: 1, max: 1 },
  'number': { min: 0, max: 1 },
  'string': { min: 0, max: 1 },
  'string-length': { min: 0, max: 1 },
  'concat': { min: 0, max: Infinity },
  'contains': { min: 2, max: 2 },
  'starts-with': { min: 2, max: 2 },
  'ends-with': { min: 2, max: 2 },
  // ODK XForms extensions
  'selected': { min: 2, max: 2 },
  'count-selected': { min: 1, max: 1 },
  'selected-at': { min: 2, max: 2 },
  'if': { min: 3, max: 3 },
  'coalesce': { min: 2, max: 2 },
  'today': { min: 0, max: 0 },
  'int': { min: 1, max: 1 },
  'round': { min: 1, max: 2 },
  'regex': { min: 2, max: 2 },
} as const satisfies Record<string, { readonly min: number; readonly max: number }>;

export type FunctionName = keyof typeof FUNCTIONS;

export function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(FUNCTIONS, name);
}

export const FUNCTION_NAMES: readonly FunctionName[] = Object.keys(FUNCTIONS) as FunctionName[];
