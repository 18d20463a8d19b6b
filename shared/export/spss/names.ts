/**
 * SPSS variable-name rules (PSPP manual, "Tokens" / "Variables"; IBM SPSS
 * "Variable names"): first character a letter, then letters, digits, '_' or
 * '.'; not ending in '.'; at most 64 bytes; not a reserved keyword; unique
 * ignoring case. '@', '#' and '$' are legal in places but mean something
 * (system/scratch/MR-set names), so cleaned names never use them.
 */
import { utf8Truncate } from './text';

export const SPSS_MAX_NAME_BYTES = 64;

/** Keywords that may never be used as variable names. */
export const SPSS_RESERVED_WORDS: ReadonlySet<string> = new Set([
  'ALL', 'AND', 'BY', 'EQ', 'GE', 'GT', 'LE', 'LT', 'NE', 'NOT', 'OR', 'TO', 'WITH',
]);

export interface NameMapping {
  original: string;
  cleaned: string;
}

const VALID_NAME = /^[A-Za-z][A-Za-z0-9_.]*$/;

/** True when `name` is already a valid SPSS variable name (ignoring uniqueness). */
export function isValidVariableName(name: string): boolean {
  return VALID_NAME.test(name) && name.length <= SPSS_MAX_NAME_BYTES && !name.endsWith('.')
    && !SPSS_RESERVED_WORDS.has(name.toUpperCase());
}

/** Cleans one name without regard to uniqueness; returns '' when nothing usable is left. */
function cleanOne(raw: string): string {
  if (isValidVariableName(raw)) return raw;
  // Transliterate accents (é → e) before the ASCII filter so Latin names stay readable.
  let s = raw.normalize('NFKD').replace(/\p{M}/gu, '');
  s = s.replace(/[^A-Za-z0-9_.]+/g, '_').replace(/_+/g, '_');
  s = s.replace(/^[_.]+/, '').replace(/[_.]+$/, '');
  if (s === '') return '';
  if (!/^[A-Za-z]/.test(s) || SPSS_RESERVED_WORDS.has(s.toUpperCase())) s = `v${s}`;
  return trimEnd(utf8Truncate(s, SPSS_MAX_NAME_BYTES));
}

function trimEnd(s: string): string {
  return s.replace(/[_.]+$/, '');
}

/**
 * Turns arbitrary column names into valid, case-insensitively unique SPSS
 * names. Already-valid unique names are returned unchanged (the function is
 * idempotent). Duplicates get `_2`, `_3`, … with the stem shortened so the
 * result stays within 64 bytes. Names with nothing usable (e.g. all Khmer)
 * become `v<position>`.
 */
export function cleanVariableNames(names: readonly string[]): { names: string[]; mapping: NameMapping[] } {
  const bases = names.map((n, i) => cleanOne(n) || `v${i + 1}`);
  // Every base name is reserved up front so a later variable that is already
  // valid keeps its own name instead of losing it to an earlier suffixed one.
  const taken = new Set<string>();
  const allBases = new Set(bases.map((b) => b.toLowerCase()));
  const out: string[] = [];
  for (const base of bases) {
    let name = base;
    if (taken.has(name.toLowerCase())) {
      for (let n = 2; ; n++) {
        const suffix = `_${n}`;
        const candidate = utf8Truncate(base, SPSS_MAX_NAME_BYTES - suffix.length).replace(/\.+$/, '') + suffix;
        const key = candidate.toLowerCase();
        if (!taken.has(key) && !allBases.has(key)) {
          name = candidate;
          break;
        }
      }
    }
    taken.add(name.toLowerCase());
    out.push(name);
  }
  return { names: out, mapping: names.map((original, i) => ({ original, cleaned: out[i] ?? original })) };
}

/** Cleans a multiple-response-set name: '$' followed by a valid identifier, 64 bytes in all. */
export function cleanMrSetName(raw: string, fallback: string): string {
  const body = cleanOne(raw.startsWith('$') ? raw.slice(1) : raw) || fallback;
  return `$${trimEnd(utf8Truncate(body, SPSS_MAX_NAME_BYTES - 1))}`;
}
