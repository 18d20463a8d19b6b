/**
 * Language edits for the designer: add, remove, rename a language, copy one language's
 * texts into another as a translator's starting point, and count what each still lacks.
 * Pure functions from schedule to schedule; every text of the schedule (labels, hints,
 * constraint messages, choice labels) moves with its language.
 */
import { eachItem, isDefaultLanguage, isTranslated, languageKey, languageSuffix, ownText, type Item, type Labels, type Language, type Schedule } from './model';
import { splitHeader } from './xlsform-cells';

export class LanguageEditError extends Error {
  override readonly name = 'LanguageEditError';
}

function mapTexts(schedule: Schedule, fn: (labels: Labels) => Labels): Schedule {
  const mapItems = (items: readonly Item[]): Item[] =>
    items.map((item) =>
      item.kind === 'group'
        ? { ...item, label: fn(item.label), hint: fn(item.hint), children: mapItems(item.children) }
        : { ...item, label: fn(item.label), hint: fn(item.hint), constraintMessage: fn(item.constraintMessage) },
    );
  return {
    ...schedule,
    items: mapItems(schedule.items),
    choiceLists: schedule.choiceLists.map((list) => ({ ...list, choices: list.choices.map((choice) => ({ ...choice, label: fn(choice.label) })) })),
  };
}

function checkNew(schedule: Schedule, language: Language, except?: string): void {
  if (language.name.trim() === '') throw new LanguageEditError('A language needs a name, e.g. Khmer.');
  if (language.code !== '' && !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(language.code)) {
    throw new LanguageEditError(`"${language.code}" is not a language code; use two or three letters such as km or en.`);
  }
  const key = languageKey(language);
  if (schedule.languages.some((known) => languageKey(known) === key && key !== except)) {
    throw new LanguageEditError(`The schedule already has a language ${language.code || language.name}.`);
  }
}

export function addLanguage(schedule: Schedule, language: Language): Schedule {
  const clean = { name: language.name.trim(), code: language.code.trim() };
  checkNew(schedule, clean);
  return { ...schedule, languages: [...schedule.languages, clean] };
}

export function removeLanguage(schedule: Schedule, key: string): Schedule {
  const drop = (labels: Labels): Labels => {
    if (!(key in labels)) return labels;
    const { [key]: _dropped, ...rest } = labels;
    return rest;
  };
  const next = mapTexts(schedule, drop);
  return { ...next, languages: schedule.languages.filter((language) => languageKey(language) !== key), defaultLanguage: schedule.defaultLanguage === key ? '' : schedule.defaultLanguage };
}

export function renameLanguage(schedule: Schedule, key: string, language: Language): Schedule {
  const clean = { name: language.name.trim(), code: language.code.trim() };
  checkNew(schedule, clean, key);
  const newKey = languageKey(clean);
  const move = (labels: Labels): Labels => {
    if (newKey === key || !(key in labels)) return labels;
    const out: Record<string, string> = {};
    for (const [k, text] of Object.entries(labels)) out[k === key ? newKey : k] = text;
    return out;
  };
  const next = mapTexts(schedule, move);
  const old = schedule.languages.find((known) => languageKey(known) === key);
  // The renamed language keeps its columns' places in the workbook.
  const renameColumn = (header: string) => {
    const [base, suffix] = splitHeader(header);
    return old !== undefined && suffix !== undefined && suffix === languageSuffix(old) ? `${base}::${languageSuffix(clean)}` : header;
  };
  return {
    ...next,
    columns: { ...schedule.columns, survey: schedule.columns.survey.map(renameColumn), choices: schedule.columns.choices.map(renameColumn) },
    languages: schedule.languages.map((known) => (languageKey(known) === key ? clean : known)),
    // Naming pyxform's unnamed "default" language makes it the default_language, so its text
    // stays in the plain columns and ODK still opens the form in it.
    defaultLanguage: schedule.defaultLanguage === key || (old !== undefined && isDefaultLanguage(old) && schedule.defaultLanguage === '') ? newKey : schedule.defaultLanguage,
  };
}

/** Fills every text `to` lacks with `from`'s, so a translator overwrites rather than starts blank. Returns how many were copied. */
export function copyLanguage(schedule: Schedule, from: string, to: string): { schedule: Schedule; copied: number } {
  let copied = 0;
  const next = mapTexts(schedule, (labels) => {
    const source = ownText(labels, from);
    if (source === '' || ownText(labels, to) !== '') return labels;
    copied += 1;
    return { ...labels, [to]: source };
  });
  return { schedule: next, copied };
}

/** Labels (survey and choice) per language key that have a version in some language but not in this one. */
export function missingLabelCounts(schedule: Schedule): Map<string, { missing: number; total: number }> {
  const labels: Labels[] = [];
  for (const { item } of eachItem(schedule.items)) labels.push(item.label);
  for (const list of schedule.choiceLists) for (const choice of list.choices) labels.push(choice.label);
  const translated = labels.filter(isTranslated);
  const counts = new Map<string, { missing: number; total: number }>();
  for (const language of schedule.languages) {
    const key = languageKey(language);
    counts.set(key, { missing: translated.filter((text) => ownText(text, key) === '').length, total: translated.length });
  }
  return counts;
}
