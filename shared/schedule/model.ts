/**
 * The interview schedule as Fieldnote holds it: the meaning of an XLSForm workbook
 * (https://xlsform.org/en/), normalised so the designer, the runner, the exporters and
 * lint all read the same structure. Columns and sheets Fieldnote does not understand are
 * kept verbatim so a workbook survives import and export unchanged in meaning.
 */

/** Question types Fieldnote understands (a subset of XLSForm's). */
export const QUESTION_TYPES = ['select_one', 'select_multiple', 'integer', 'decimal', 'text', 'date', 'note'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/**
 * A language as XLSForm declares it in a column header: `label::English (en)` is
 * name "English", code "en" (https://xlsform.org/en/#multiple-language-support). Text in a
 * plain `label` column has no language of its own: see UNTRANSLATED and docs/xlsform.md
 * for when pyxform files it under the default language instead.
 */
export interface Language {
  readonly code: string;
  readonly name: string;
}

/**
 * The language pyxform calls "default" (constants.DEFAULT_LANGUAGE_VALUE). It exists only
 * when the settings give no `default_language` and a row has text both in a plain column
 * and in a `::language` column of the same kind: pyxform then files the plain text under
 * "default" (pyxform/parsing/sheet_headers.py, merge_dicts). See docs/xlsform.md.
 */
export const DEFAULT_LANGUAGE: Language = { code: '', name: 'default' };

/**
 * Labels key of text without a language: a plain `label`, `hint` or `constraint_message`
 * cell on a row with no `::language` cell of the same kind. pyxform writes such text
 * inline in the XForm (`<hint>Year</hint>`, survey_element.py xml_hint), so ODK shows it
 * in every language. A Labels value holds either this key or language keys, never both
 * (the reader merges a mixed row into the default language, as pyxform does).
 */
export const UNTRANSLATED = '';

/** The key a language's text is stored under in `Labels`: its code, or its name when it has none. */
export function languageKey(language: Language): string {
  return language.code !== '' ? language.code : language.name;
}

/** The suffix after `::` in a column header, e.g. `English (en)`. '' for DEFAULT_LANGUAGE. */
export function languageSuffix(language: Language): string {
  if (isDefaultLanguage(language)) return '';
  return language.code !== '' ? `${language.name} (${language.code})` : language.name;
}

export function isDefaultLanguage(language: Language): boolean {
  return language.code === '' && language.name === DEFAULT_LANGUAGE.name;
}

/** Column header of a translatable column in one language: `label::Khmer (km)` or `label`. */
export function translatedColumn(base: string, language: Language): string {
  const suffix = languageSuffix(language);
  return suffix === '' ? base : `${base}::${suffix}`;
}

/** Text per language key (see languageKey), or under UNTRANSLATED. A missing key means no text in that language. */
export type Labels = Readonly<Record<string, string>>;

/**
 * Fieldnote's own `priority` column: primary questions are always asked; probes are
 * follow-ups the interviewer may skip when time is short.
 */
export type Priority = 'primary' | 'probe';

/**
 * Fieldnote's `fieldnote_attribute` column: the question asks what intake already records
 * about the respondent, so it is filled from intake (shown as answered) and exported once,
 * under the question's name and codes. One question per attribute.
 */
export const INTAKE_ATTRIBUTES = ['respondent_id', 'organisation_number', 'location_number', 'agency_group', 'organisation_type', 'focus_of_work'] as const;
export type IntakeAttribute = (typeof INTAKE_ATTRIBUTES)[number];

export const INTAKE_ATTRIBUTE_TEXT: Readonly<Record<IntakeAttribute, string>> = {
  respondent_id: 'Respondent ID',
  organisation_number: 'Organisation number',
  location_number: 'Location number',
  agency_group: 'Agency group',
  organisation_type: 'Organisation type',
  focus_of_work: 'Focus of work',
};

/** Cells of columns Fieldnote does not interpret, by header text; kept for round trips. */
export type ExtraCells = Readonly<Record<string, string>>;

interface ItemBase {
  readonly name: string;
  readonly label: Labels;
  readonly hint: Labels;
  /** XLSForm `relevant` expression text, '' when always relevant. */
  readonly relevant: string;
  readonly appearance: string;
  readonly extra: ExtraCells;
  /** Row in the survey sheet as the spreadsheet shows it (header = 1); absent when not imported. */
  readonly row?: number;
}

export interface Question extends ItemBase {
  readonly kind: 'question';
  readonly type: QuestionType;
  /** Choice list name for select_one / select_multiple, '' otherwise. */
  readonly listName: string;
  /** `required` cell as written: '' (not required), yes/no/true/false, or an expression. */
  readonly required: string;
  readonly constraint: string;
  readonly constraintMessage: Labels;
  readonly priority: Priority;
  /** The intake attribute this question is bound to (`fieldnote_attribute`), if any. */
  readonly attribute?: IntakeAttribute;
}

export interface Group extends ItemBase {
  readonly kind: 'group';
  readonly children: readonly Item[];
  /** Unknown columns of the `end_group` row. */
  readonly endExtra: ExtraCells;
  readonly endRow?: number;
}

export type Item = Question | Group;

export interface Choice {
  readonly name: string;
  readonly label: Labels;
  /** Fieldnote's `missing` column: a user-missing code such as Don't know (SPSS MISSING VALUES). */
  readonly missing: boolean;
  readonly extra: ExtraCells;
  readonly row?: number;
}

export interface ChoiceList {
  readonly name: string;
  readonly choices: readonly Choice[];
}

/** A sheet Fieldnote does not interpret, kept cell for cell (header row first). */
export interface OtherSheet {
  readonly name: string;
  readonly rows: readonly (readonly string[])[];
}

export interface Schedule {
  readonly title: string;
  readonly formId: string;
  readonly version: string;
  /**
   * languageKey of the settings' `default_language`; '' when the settings give none (then
   * see defaultLanguageKey for the language shown first).
   */
  readonly defaultLanguage: string;
  readonly languages: readonly Language[];
  readonly items: readonly Item[];
  readonly choiceLists: readonly ChoiceList[];
  /** Unknown settings columns (header → value). */
  readonly settingsExtra: ExtraCells;
  /** Header order of each sheet as imported, so an export puts columns back where they were. */
  readonly columns: {
    readonly survey: readonly string[];
    readonly choices: readonly string[];
    readonly settings: readonly string[];
  };
  readonly otherSheets: readonly OtherSheet[];
}

/** Every item depth-first in schedule order, with the names of its enclosing groups (outermost first). */
export function* eachItem(items: readonly Item[], parents: readonly string[] = []): Generator<{ item: Item; parents: readonly string[] }> {
  for (const item of items) {
    yield { item, parents };
    if (item.kind === 'group') yield* eachItem(item.children, [...parents, item.name]);
  }
}

/** Questions (including notes) in schedule order, without groups. */
export function questionsOf(schedule: Schedule): Question[] {
  const out: Question[] = [];
  for (const { item } of eachItem(schedule.items)) if (item.kind === 'question') out.push(item);
  return out;
}

/** The language a Labels key belongs to, or undefined. */
export function languageOf(schedule: Schedule, key: string): Language | undefined {
  return schedule.languages.find((language) => languageKey(language) === key);
}

/**
 * The language ODK opens the form in: the settings' default_language; without one, pyxform's
 * "default" language when the form has it (pyxform marks it `default="true()"`), else the
 * first language (ODK takes the first translation when none is marked). '' without languages.
 */
export function defaultLanguageKey(schedule: Pick<Schedule, 'defaultLanguage' | 'languages'>): string {
  const keys = schedule.languages.map(languageKey);
  if (schedule.defaultLanguage !== '' && keys.includes(schedule.defaultLanguage)) return schedule.defaultLanguage;
  if (keys.includes(languageKey(DEFAULT_LANGUAGE))) return languageKey(DEFAULT_LANGUAGE);
  return keys[0] ?? '';
}

/** The text written for one language itself (not the untranslated text), or ''. */
export function ownText(labels: Labels, key: string): string {
  return key === UNTRANSLATED ? '' : (labels[key] ?? '');
}

/** The text ODK shows in one language: its own text, else the untranslated text, else ''. */
export function textInLanguage(labels: Labels, key: string): string {
  return ownText(labels, key) || (labels[UNTRANSLATED] ?? '');
}

/** True when the text has a version in some language (rather than none, or only untranslated text). */
export function isTranslated(labels: Labels): boolean {
  return Object.entries(labels).some(([key, text]) => key !== UNTRANSLATED && text !== '');
}

/** Text in the default language, else the untranslated text, else the first language that has some, else ''. */
export function defaultText(schedule: Schedule, labels: Labels): string {
  const preferred = textInLanguage(labels, defaultLanguageKey(schedule));
  if (preferred !== '') return preferred;
  for (const language of schedule.languages) {
    const text = labels[languageKey(language)];
    if (text !== undefined && text !== '') return text;
  }
  return '';
}

/** A schedule with the spreadsheet row numbers removed, for comparing meaning. */
export function withoutRows(schedule: Schedule): Schedule {
  const strip = (items: readonly Item[]): Item[] =>
    items.map((item) => {
      if (item.kind === 'question') {
        const { row: _row, ...rest } = item;
        return rest;
      }
      const { row: _row, endRow: _endRow, ...rest } = item;
      return { ...rest, children: strip(item.children) };
    });
  return {
    ...schedule,
    items: strip(schedule.items),
    choiceLists: schedule.choiceLists.map((list) => ({
      ...list,
      choices: list.choices.map(({ row: _row, ...choice }) => choice),
    })),
  };
}
