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
 * name "English", code "en" (https://xlsform.org/en/#multiple-language-support). A plain
 * `label` column belongs to pyxform's unnamed language, which we call DEFAULT_LANGUAGE.
 */
export interface Language {
  readonly code: string;
  readonly name: string;
}

/** pyxform's name for text in columns without `::language` ("default"). */
export const DEFAULT_LANGUAGE: Language = { code: '', name: 'default' };

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

/** Text per language key (see languageKey). A missing key means no text in that language. */
export type Labels = Readonly<Record<string, string>>;

/**
 * Fieldnote's own `priority` column: primary questions are always asked; probes are
 * follow-ups the interviewer may skip when time is short.
 */
export type Priority = 'primary' | 'probe';

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
  /** languageKey of the default language ('' when the schedule has no languages). */
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

/** Text in the default language, else the first language that has some, else ''. */
export function defaultText(schedule: Schedule, labels: Labels): string {
  const preferred = labels[schedule.defaultLanguage];
  if (preferred !== undefined && preferred !== '') return preferred;
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
