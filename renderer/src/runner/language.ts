/**
 * The interview language as intake stores it: one schedule language key ('en', 'km') or
 * two joined with '+' for both side by side ('en+km').
 */
import { defaultLanguageKey, defaultText, languageKey, ownText, textInLanguage, type Labels, type Schedule } from '../../../shared/schedule/model';

export const BOTH_SEPARATOR = '+';

export interface LanguageOption {
  readonly value: string;
  readonly label: string;
}

export function languageOptions(schedule: Pick<Schedule, 'languages'>): LanguageOption[] {
  const single = schedule.languages.map((l) => ({ value: languageKey(l), label: l.name }));
  if (single.length === 0) return [{ value: 'default', label: 'The schedule’s language' }];
  const both = single.length > 1 ? [{ value: single.map((l) => l.value).join(BOTH_SEPARATOR), label: `Both (${single.map((l) => l.label).join(' and ')})` }] : [];
  return [...single, ...both];
}

/** Language keys to show, in order; falls back to the schedule's default language. */
export function interviewLanguages(schedule: Schedule, language: string): string[] {
  const known = new Set(schedule.languages.map(languageKey));
  const keys = language.split(BOTH_SEPARATOR).filter((key) => known.has(key));
  return keys.length > 0 ? keys : [defaultLanguageKey(schedule)];
}

export function languageName(schedule: Schedule, key: string): string {
  return schedule.languages.find((l) => languageKey(l) === key)?.name ?? key;
}

/** BCP 47 tag for the lang attribute (Khmer text needs it to pick a Khmer font and line breaking). */
export function langAttribute(key: string): string | undefined {
  return /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(key) ? key : undefined;
}

/**
 * Text in one language: its own, else the untranslated text (shown in every language, as
 * ODK does), else the default language's so nothing shows blank.
 */
export function textIn(schedule: Schedule, labels: Labels, key: string): string {
  return textInLanguage(labels, key) || defaultText(schedule, labels);
}

/**
 * The texts to show for the interview's languages, in order: the first language's text
 * (with textIn's fallbacks), then each further language only where it has text of its own
 * that differs, so "both languages" never repeats an untranslated hint or a missing
 * translation's fallback.
 */
export function textsToShow(schedule: Schedule, labels: Labels, languages: readonly string[]): { key: string; text: string }[] {
  const [first, ...rest] = languages;
  if (first === undefined) return [];
  const shown = [{ key: first, text: textIn(schedule, labels, first) }];
  for (const key of rest) {
    const text = ownText(labels, key);
    if (text !== '' && !shown.some((entry) => entry.text === text)) shown.push({ key, text });
  }
  return shown.filter((entry) => entry.text !== '');
}
