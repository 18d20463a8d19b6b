/**
 * Schedule → XLSForm sheet rows: survey, choices (when there are lists), settings, then the
 * sheets Fieldnote kept without reading. Columns come back in their imported order and
 * none is added unless the schedule holds something no imported column can carry (a
 * language added in the designer, a first hint). Text goes back to the column pyxform
 * reads it from (pyxform-texts.ts): untranslated text to the plain column; the default
 * language's text to its own `::language` column, or to the plain column when the workbook
 * carried that language only there.
 */
import {

  UNTRANSLATED,
  isDefaultLanguage,
  languageKey,
  languageSuffix,
  translatedColumn,
  type Group,
  type Item,
  type Labels,
  type Language,
  type Schedule,
} from './model';
import { KNOWN_SETTINGS, PLAIN_SURVEY, SURVEY_ALIASES, TRANSLATABLE_SURVEY, splitHeader, type SheetRows, type TranslatableSurveyColumn, type WorkbookRows } from './xlsform-cells';

function isTextHeader(header: string, bases: readonly string[]): boolean {
  const [base] = splitHeader(header);
  return bases.includes(SURVEY_ALIASES[base] ?? base);
}

export function scheduleToRows(schedule: Schedule): WorkbookRows {
  const sheets: SheetRows[] = [surveyRows(schedule)];
  if (schedule.choiceLists.length > 0 || schedule.columns.choices.length > 0) sheets.push(choiceRows(schedule));
  sheets.push(settingsRows(schedule));
  for (const sheet of schedule.otherSheets) sheets.push({ name: sheet.name, rows: sheet.rows });
  return { sheets };
}

/** Where each language's text of one kind goes, and whether the plain column is needed. */
interface TextColumns {
  /** header → Labels keys written there, first non-empty wins (the plain column takes UNTRANSLATED and maybe the default language). */
  readonly byHeader: Map<string, string[]>;
  readonly needed: string[];
}

/**
 * Columns for one kind of text (label, hint, constraint_message). `always` asks for one
 * column per language even when empty (labels: a new language gets its column to fill in).
 */
function textColumns(schedule: Schedule, base: string, original: readonly string[], all: readonly Labels[], always: boolean): TextColumns {
  const byHeader = new Map<string, string[]>();
  const map = (header: string, key: string) => byHeader.set(header, [...(byHeader.get(header) ?? []), key]);
  const needed: string[] = [];
  const used = (key: string) => all.some((labels) => (labels[key] ?? '') !== '');
  const need = (header: string) => {
    if (!needed.includes(header)) needed.push(header);
  };
  for (const language of schedule.languages) {
    const key = languageKey(language);
    const header = columnOf(schedule, base, language, original);
    map(header, key);
    // `always` is for a language the designer added: one the workbook already had a column
    // for (on either sheet) gets a column here only when it has text here.
    if ((always && !inWorkbook(schedule, language)) || used(key) || original.includes(header)) need(header);
  }
  const plainUsed = used(UNTRANSLATED) || (always && schedule.languages.length === 0);
  map(base, UNTRANSLATED);
  if (plainUsed || original.includes(base)) need(base);
  return { byHeader, needed };
}

function inWorkbook(schedule: Schedule, language: Language): boolean {
  const headers = [...schedule.columns.survey, ...schedule.columns.choices];
  // pyxform's "default" language, or the default_language without a column of its own,
  // lives in the plain columns.
  const isDefault = isDefaultLanguage(language) || languageKey(language) === schedule.defaultLanguage;
  if (isDefault && headers.some((header) => isTextHeader(header, TRANSLATABLE_SURVEY) && splitHeader(header)[1] === undefined)) return true;
  const suffix = languageSuffix(language);
  return headers.some((header) => splitHeader(header)[1] === suffix);
}

/** `label::Khmer (km)`, or the plain column when the workbook held the default language there. */
function columnOf(schedule: Schedule, base: string, language: Language, original: readonly string[]): string {
  const own = translatedColumn(base, language);
  if (isDefaultLanguage(language)) return base;
  const isDefault = languageKey(language) === schedule.defaultLanguage;
  if (isDefault && !original.includes(own) && original.includes(base)) return base;
  return own;
}

function cellsOf(columns: TextColumns, labels: Labels, cells: Map<string, string>): void {
  for (const [header, keys] of columns.byHeader) {
    const text = keys.map((key) => labels[key] ?? '').find((value) => value !== '');
    if (text !== undefined) cells.set(header, text);
  }
}

function mergeColumns(original: readonly string[], needed: readonly string[], isKnown: (header: string) => boolean): string[] {
  // Keep original columns (known ones only while still needed, unknown extras always),
  // then append needed ones that were not there.
  const neededSet = new Set(needed);
  const out: string[] = [];
  for (const header of original) {
    if (out.includes(header)) continue;
    if (isKnown(header) && !neededSet.has(header)) continue;
    out.push(header);
  }
  for (const header of needed) if (!out.includes(header)) out.push(header);
  return out;
}

type FlatEntry = { kind: 'item'; item: Item } | { kind: 'end'; group: Group };

function* flatten(items: readonly Item[]): Generator<FlatEntry> {
  for (const item of items) {
    yield { kind: 'item', item };
    if (item.kind === 'group') {
      yield* flatten(item.children);
      yield { kind: 'end', group: item };
    }
  }
}

function surveyRows(schedule: Schedule): SheetRows {
  const entries = Array.from(flatten(schedule.items));
  const items = entries.flatMap((entry) => (entry.kind === 'item' ? [entry.item] : []));
  const original = schedule.columns.survey;
  const has = (get: (item: Item) => string | undefined, header: string) => items.some((item) => (get(item) ?? '') !== '') || original.includes(header);
  const textOf: Record<TranslatableSurveyColumn, (item: Item) => Labels> = {
    label: (item) => item.label,
    hint: (item) => item.hint,
    constraint_message: (item) => (item.kind === 'question' ? item.constraintMessage : {}),
  };
  const texts = {
    label: textColumns(schedule, 'label', original, items.map(textOf.label), true),
    hint: textColumns(schedule, 'hint', original, items.map(textOf.hint), false),
    constraint_message: textColumns(schedule, 'constraint_message', original, items.map(textOf.constraint_message), false),
  };

  const needed: string[] = ['type', 'name', ...texts.label.needed, ...texts.hint.needed];
  if (has((item) => item.relevant, 'relevant')) needed.push('relevant');
  if (has((item) => (item.kind === 'question' ? item.required : undefined), 'required')) needed.push('required');
  if (has((item) => (item.kind === 'question' ? item.constraint : undefined), 'constraint')) needed.push('constraint');
  needed.push(...texts.constraint_message.needed);
  if (has((item) => item.appearance, 'appearance')) needed.push('appearance');
  if (has((item) => (item.kind === 'question' && item.priority === 'probe' ? 'probe' : ''), 'priority')) needed.push('priority');
  if (has((item) => (item.kind === 'question' ? item.attribute : undefined), 'fieldnote_attribute')) needed.push('fieldnote_attribute');
  const extras = new Set<string>();
  for (const entry of entries) for (const header of Object.keys(entry.kind === 'end' ? entry.group.endExtra : entry.item.extra)) extras.add(header);
  needed.push(...extras);

  // A text column of a language since removed or renamed is known too, so it is dropped.
  const isKnown = (header: string) => !extras.has(header) && ((PLAIN_SURVEY as readonly string[]).includes(header) || isTextHeader(header, TRANSLATABLE_SURVEY));
  const headers = mergeColumns(original, needed, isKnown);

  const rows: string[][] = [headers];
  for (const entry of entries) {
    const cells = new Map<string, string>();
    if (entry.kind === 'end') {
      cells.set('type', 'end_group');
      for (const [header, value] of Object.entries(entry.group.endExtra)) cells.set(header, value);
    } else {
      const item = entry.item;
      cells.set('type', item.kind === 'group' ? 'begin_group' : item.listName !== '' ? `${item.type} ${item.listName}` : item.type);
      cells.set('name', item.name);
      cells.set('relevant', item.relevant);
      cells.set('appearance', item.appearance);
      if (item.kind === 'question') {
        cells.set('required', item.required);
        cells.set('constraint', item.constraint);
        if (item.priority === 'probe') cells.set('priority', 'probe');
        if (item.attribute) cells.set('fieldnote_attribute', item.attribute);
      }
      for (const kind of ['label', 'hint', 'constraint_message'] as const) cellsOf(texts[kind], textOf[kind](item), cells);
      for (const [header, value] of Object.entries(item.extra)) cells.set(header, value);
    }
    rows.push(headers.map((header) => cells.get(header) ?? ''));
  }
  return { name: 'survey', rows };
}

function choiceRows(schedule: Schedule): SheetRows {
  const choices = schedule.choiceLists.flatMap((list) => list.choices);
  const labels = textColumns(schedule, 'label', schedule.columns.choices, choices.map((choice) => choice.label), true);
  const needed = ['list_name', 'name', ...labels.needed];
  if (choices.some((choice) => choice.missing) || schedule.columns.choices.includes('missing')) needed.push('missing');
  const extras = new Set<string>();
  for (const choice of choices) for (const header of Object.keys(choice.extra)) extras.add(header);
  needed.push(...extras);
  const isKnown = (header: string) => !extras.has(header) && (['list_name', 'name', 'missing'].includes(header) || isTextHeader(header, ['label']));
  const headers = mergeColumns(schedule.columns.choices, needed, isKnown);
  const rows: string[][] = [headers];
  for (const list of schedule.choiceLists) {
    for (const choice of list.choices) {
      const cells = new Map<string, string>([
        ['list_name', list.name],
        ['name', choice.name],
        ['missing', choice.missing ? 'yes' : ''],
      ]);
      cellsOf(labels, choice.label, cells);
      for (const [header, value] of Object.entries(choice.extra)) cells.set(header, value);
      rows.push(headers.map((header) => cells.get(header) ?? ''));
    }
  }
  return { name: 'choices', rows };
}

function settingsRows(schedule: Schedule): SheetRows {
  const defaultLanguage = schedule.languages.find((language) => languageKey(language) === schedule.defaultLanguage);
  const values = new Map<string, string>([
    ['form_title', schedule.title],
    ['form_id', schedule.formId],
    ['version', schedule.version],
    // Written as the column suffix (`English (en)`), as pyxform matches it; pyxform's own
    // "default" needs no setting.
    ['default_language', defaultLanguage ? languageSuffix(defaultLanguage) || (isDefaultLanguage(defaultLanguage) ? '' : defaultLanguage.name) : ''],
  ]);
  for (const [header, value] of Object.entries(schedule.settingsExtra)) values.set(header, value);
  // form_title is the form id unless set, so it is written only when it says more; form_id
  // is always written, since a project keys schedule versions by it.
  if (schedule.title === schedule.formId && !schedule.columns.settings.includes('form_title')) values.set('form_title', '');
  const needed = Array.from(values.keys()).filter((header) => values.get(header) !== '' || schedule.columns.settings.includes(header));
  const extras = new Set(Object.keys(schedule.settingsExtra));
  const headers = mergeColumns(schedule.columns.settings, needed, (header) => KNOWN_SETTINGS.has(header) && !extras.has(header));
  return { name: 'settings', rows: [headers, headers.map((header) => values.get(header) ?? '')] };
}


