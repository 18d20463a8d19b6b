/**
 * A schedule as stored in a project (JSON in the `schedule` table), read back. Schedules
 * imported before Fieldnote followed pyxform's language rules (docs/xlsform.md) filed every
 * plain `label`/`hint`/`constraint_message` cell under an invented language "default" and
 * set defaultLanguage to a named language. Reading applies the rules afterwards: a text
 * with only that "default" text is untranslated (shown in every language); beside other
 * languages it is the default language's text, unless that has its own. Only what is shown
 * changes: answers are keyed by question names and codes, never by labels.
 */
import { DEFAULT_LANGUAGE, UNTRANSLATED, isDefaultLanguage, languageKey, type Item, type Labels, type Schedule } from './model';

export function storedSchedule(json: string): Schedule {
  return upgradeLegacyLanguages(JSON.parse(json) as Schedule);
}

export function upgradeLegacyLanguages(schedule: Schedule): Schedule {
  const legacy = languageKey(DEFAULT_LANGUAGE);
  const hasLegacy = schedule.languages.some(isDefaultLanguage);
  // A real pyxform "default" language has no default_language set beside it.
  if (!hasLegacy || schedule.defaultLanguage === '' || schedule.defaultLanguage === legacy) return schedule;
  const target = schedule.defaultLanguage;
  const upgrade = (labels: Labels): Labels => {
    const text = labels[legacy];
    if (text === undefined) return labels;
    const { [legacy]: _legacy, ...rest } = labels;
    const others = Object.entries(rest).some(([key, value]) => key !== UNTRANSLATED && value !== '');
    if (text === '') return rest;
    if (!others) return { ...rest, [UNTRANSLATED]: text };
    return rest[target] ? rest : { ...rest, [target]: text };
  };
  const items = (list: readonly Item[]): Item[] =>
    list.map((item) =>
      item.kind === 'group'
        ? { ...item, label: upgrade(item.label), hint: upgrade(item.hint), children: items(item.children) }
        : { ...item, label: upgrade(item.label), hint: upgrade(item.hint), constraintMessage: upgrade(item.constraintMessage) },
    );
  return {
    ...schedule,
    languages: schedule.languages.filter((language) => !isDefaultLanguage(language)),
    items: items(schedule.items),
    choiceLists: schedule.choiceLists.map((list) => ({ ...list, choices: list.choices.map((choice) => ({ ...choice, label: upgrade(choice.label) })) })),
  };
}
