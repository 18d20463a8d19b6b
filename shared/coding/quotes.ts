// Quotes for reports: attribution from a template, the consent filter, and flagged names or
// places that would identify a respondent.
import { CodingError } from './model';

export interface Respondent {
  /** The respondent ID shown in reports ("33"), never a name. */
  id: string | number;
  attributes: Readonly<Record<string, string | null>>;
}

/**
 * Fills an attribution template: "({id}, {organisationType})" gives "(33, Government)".
 * `{id}` is the respondent ID, any other `{name}` an attribute. An unknown placeholder is an
 * error (a typo must not print a wrong attribution); an attribute not recorded prints `missing`.
 */
export function formatAttribution(template: string, respondent: Respondent, missing = 'not recorded'): string {
  return template.replace(/\{([^{}]*)\}/g, (_whole, raw: string) => {
    const name = raw.trim();
    if (name === 'id') return String(respondent.id);
    if (!Object.hasOwn(respondent.attributes, name)) {
      throw new CodingError('unknown-placeholder', `The attribution template uses {${name}}, which is not a respondent attribute.`);
    }
    return respondent.attributes[name] ?? missing;
  });
}

export interface ConsentSplit<T> {
  allowed: T[];
  /** Quotes left out because consent is refused or was not recorded, so the UI can say how many. */
  excluded: T[];
}

/** Keeps only quotes whose respondent gave quote consent; unknown consent counts as no. */
export function filterByQuoteConsent<T>(quotes: readonly T[], consentOf: (quote: T) => boolean | null | undefined): ConsentSplit<T> {
  const allowed: T[] = [];
  const excluded: T[] = [];
  for (const quote of quotes) (consentOf(quote) === true ? allowed : excluded).push(quote);
  return { allowed, excluded };
}

export interface FlaggedMatch {
  start: number;
  end: number;
  /** The flagged term as listed. */
  term: string;
}

const KHMER = /[\u1780-\u17FF\u19E0-\u19FF]/u;
const ESCAPE = /[.*+?^${}()|[\]\\]/g;

/**
 * Finds flagged terms (names, villages, organisations) in a quote, case-insensitively. Latin-
 * script terms match whole words only ("Sok" is not found in "Sokha"); a term with Khmer letters
 * matches anywhere, because Khmer writes no spaces between words. Spaces inside a term match
 * any run of whitespace. Returns UTF-16 ranges in the quote, ordered, for highlighting.
 */
export function findFlaggedTerms(quote: string, terms: readonly string[]): FlaggedMatch[] {
  const out: FlaggedMatch[] = [];
  for (const term of terms) {
    const trimmed = term.trim();
    if (trimmed === '') continue;
    const body = trimmed.split(/\s+/u).map((part) => part.replace(ESCAPE, '\\$&')).join('\\s+');
    const pattern = KHMER.test(trimmed) ? body : `(?<![\\p{L}\\p{M}\\p{N}])${body}(?![\\p{L}\\p{M}\\p{N}])`;
    // 'i' with 'u' folds case without changing string lengths, so match offsets are quote offsets.
    for (const match of quote.matchAll(new RegExp(pattern, 'giu'))) {
      out.push({ start: match.index, end: match.index + match[0].length, term });
    }
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end || (a.term < b.term ? -1 : 1));
}

/** Merges overlapping matches into the ranges to highlight. */
export function highlightRanges(matches: readonly FlaggedMatch[]): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const m of [...matches].sort((a, b) => a.start - b.start)) {
    const last = out.at(-1);
    if (last !== undefined && m.start <= last.end) last.end = Math.max(last.end, m.end);
    else out.push({ start: m.start, end: m.end });
  }
  return out;
}
