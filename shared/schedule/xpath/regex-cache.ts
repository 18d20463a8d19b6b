/**
 * Compiled patterns for `regex()`. ODK Web Forms compiles the pattern with plain
 * `new RegExp(pattern)` (no flags) on every call; ODK Collect uses java.util.regex.
 * We use JS semantics like Web Forms, but cache so a constraint re-checked on every
 * keystroke does not recompile. The cache is bounded because dynamic patterns
 * (`regex(., ${pattern})`) could otherwise grow it without limit.
 */
const MAX_ENTRIES = 256;
const cache = new Map<string, RegExp | string>();

/** Returns the compiled pattern, or a message describing why it does not compile. */
export function compileLiteralPattern(pattern: string): RegExp | string {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  let result: RegExp | string;
  try {
    result = new RegExp(pattern);
  } catch (error) {
    result = error instanceof Error ? error.message : String(error);
  }
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(pattern, result);
  return result;
}
