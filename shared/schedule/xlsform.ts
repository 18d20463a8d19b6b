/**
 * XLSForm sheet rows ⇄ Schedule. Pure: the .xlsx bytes are read and written elsewhere
 * (electron/schedule/xlsx.ts); here a workbook is just sheets of rows of cell values,
 * header row first, so that row index i is spreadsheet row i + 1.
 *
 * Conventions follow the XLSForm spec (https://xlsform.org/en/) and pyxform, which is
 * what ODK users' workbooks are tested against:
 * - sheets `survey` (required), `choices`, `settings`; sheet names match case-insensitively;
 * - translatable columns are `label::English (en)`; a plain `label` is pyxform's
 *   "default" language (https://xlsform.org/en/#multiple-language-support);
 * - `begin_group` / `begin group` and `end_group` / `end group` are both accepted, as are
 *   `select_one LIST` and `select one LIST`;
 * - `required` takes yes/no/true/false (any case) or an expression (pyxform aliases.yes_no).
 * Fieldnote adds two columns: `priority` (primary|probe) on survey and `missing` (yes/no)
 * on choices.
 *
 * Every non-empty row either becomes part of the schedule or yields a finding; empty rows
 * are skipped but never renumber the rows after them. Runs in one pass per sheet.
 */
import {
  DEFAULT_LANGUAGE,
  QUESTION_TYPES,
  isDefaultLanguage,
  languageKey,
  languageSuffix,
  translatedColumn,
  type Choice,
  type ChoiceList,
  type Group,
  type Item,
  type Labels,
  type Language,
  type OtherSheet,
  type Priority,
  type Question,
  type QuestionType,
  type Schedule,
} from './model';
import { ScheduleError, columnLetter, sortFindings, type Finding } from './findings';

/** A cell value as a spreadsheet library hands it over (dates already turned into text). */
export type Cell = string | number | boolean | null | undefined;
export interface SheetRows {
  readonly name: string;
  /** rows[0] is the header row (spreadsheet row 1); a missing row is an empty row. */
  readonly rows: readonly (readonly Cell[] | undefined)[];
}
export interface WorkbookRows {
  readonly sheets: readonly SheetRows[];
}

export interface ParseOptions {
  /** form_id when the settings sheet gives none (pyxform uses the file name). */
  readonly defaultFormId?: string;
}

export interface ParseResult {
  readonly schedule: Schedule;
  readonly findings: readonly Finding[];
}

/** XLSForm types Fieldnote recognises but does not (yet) support, for a clearer message. */
const UNSUPPORTED_XLSFORM_TYPES = new Set([
  'begin_repeat', 'end_repeat', 'calculate', 'hidden', 'time', 'datetime', 'geopoint', 'geotrace', 'geoshape',
  'image', 'audio', 'video', 'file', 'barcode', 'acknowledge', 'range', 'rank', 'start', 'end', 'today', 'deviceid',
  'username', 'phonenumber', 'email', 'audit', 'background-audio', 'select_one_from_file', 'select_multiple_from_file',
  'trigger', 'xml-external', 'csv-external', 'string',
]);

const TRANSLATABLE_SURVEY = ['label', 'hint', 'constraint_message'] as const;
type TranslatableSurveyColumn = (typeof TRANSLATABLE_SURVEY)[number];
const PLAIN_SURVEY = ['type', 'name', 'relevant', 'required', 'constraint', 'appearance', 'priority'] as const;
type PlainSurveyColumn = (typeof PLAIN_SURVEY)[number];

/** pyxform's header aliases (pyxform/aliases.py survey_header) that we accept on import. */
const SURVEY_ALIASES: Readonly<Record<string, PlainSurveyColumn | TranslatableSurveyColumn>> = {
  relevance: 'relevant',
  'jr:constraintMsg': 'constraint_message',
  constraining_message: 'constraint_message',
};
const CHOICE_ALIASES: Readonly<Record<string, 'list_name' | 'name'>> = { 'list name': 'list_name', value: 'name' };

// pyxform reads `label::English (en)`: name, then an optional IANA-style code in brackets.
const LANGUAGE_SUFFIX = /^(.*?)\s*\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\)$/;

// An XML name as pyxform requires for `name` and `list_name` (letters, digits, _ - .).
export const XML_NAME = /^[\p{L}_][\p{L}\p{N}\p{M}_.-]*$/u;

const YES = new Set(['yes', 'true', 'true()']);
const NO = new Set(['no', 'false', 'false()']);

export function isYes(text: string): boolean {
  return YES.has(text.trim().toLowerCase());
}
export function isNo(text: string): boolean {
  return NO.has(text.trim().toLowerCase());
}

export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  return String(cell);
}

function parseLanguage(suffix: string): Language {
  const match = LANGUAGE_SUFFIX.exec(suffix.trim());
  if (match) return { name: match[1]!.trim(), code: match[2]! };
  return { name: suffix.trim(), code: '' };
}

/** What one header cell means. */
type ColumnRole =
  | { kind: 'plain'; key: string }
  | { kind: 'translated'; key: string; language: string }
  | { kind: 'extra'; header: string }
  | { kind: 'none' };

interface HeaderInfo {
  readonly roles: ColumnRole[];
  readonly headers: string[];
  readonly byKey: Map<string, number>;
}

class Languages {
  private readonly list: Language[] = [];
  private readonly keys = new Set<string>();

  add(language: Language): string {
    const key = languageKey(language);
    if (!this.keys.has(key)) {
      this.keys.add(key);
      this.list.push(language);
    }
    return key;
  }

  get all(): Language[] {
    return this.list;
  }
}

export function parseXlsForm(workbook: WorkbookRows, options: ParseOptions = {}): ParseResult {
  return new XlsFormParser(workbook, options).parse();
}

class XlsFormParser {
  private readonly findings: Finding[] = [];
  private readonly languages = new Languages();
  /** Spreadsheet row of the settings values (normally 2). */
  private settingsRow: number | undefined;

  constructor(
    private readonly workbook: WorkbookRows,
    private readonly options: ParseOptions,
  ) {}

  parse(): ParseResult {
    const find = (name: string) => this.workbook.sheets.find((sheet) => sheet.name.trim().toLowerCase() === name);
    const survey = find('survey');
    if (survey === undefined) {
      const names = this.workbook.sheets.map((sheet) => `"${sheet.name}"`).join(', ');
      throw new ScheduleError(
        `the workbook has no sheet named "survey" (it has ${names || 'no sheets'}); XLSForm keeps the questions in a sheet called survey.`,
        '',
        'survey',
      );
    }
    const choicesSheet = find('choices');
    const settingsSheet = find('settings');

    // Headers first, so languages come out in column order: survey, then choices.
    const surveyHeader = this.readHeader(survey, 'survey', (header) => this.surveyRole(header));
    for (const required of ['type', 'name'] as const) {
      if (!surveyHeader.byKey.has(required)) {
        throw new ScheduleError(`the survey sheet has no "${required}" column; its first row must name the columns (type, name, label, ...).`, '', survey.name, 1);
      }
    }
    const choicesHeader = choicesSheet ? this.readHeader(choicesSheet, 'choices', (header) => this.choiceRole(header)) : undefined;
    if (choicesSheet && choicesHeader) {
      for (const required of ['list_name', 'name'] as const) {
        if (!choicesHeader.byKey.has(required)) {
          throw new ScheduleError(`the choices sheet has no "${required}" column; its first row must name the columns (list_name, name, label, ...).`, '', choicesSheet.name, 1);
        }
      }
    }
    const settingsHeader = settingsSheet ? this.readHeader(settingsSheet, 'settings', (header) => settingsRole(header)) : undefined;

    const items = this.parseSurvey(survey, surveyHeader);
    const choiceLists = choicesSheet && choicesHeader ? this.parseChoices(choicesSheet, choicesHeader) : [];
    const settings = settingsSheet && settingsHeader ? this.parseSettings(settingsSheet, settingsHeader) : new Map<string, string>();

    const languages = this.languages.all;
    const defaultLanguage = this.resolveDefaultLanguage(settings.get('default_language') ?? '', settingsSheet?.name ?? 'settings', settingsHeader);
    const formId = settings.get('form_id') || this.options.defaultFormId || 'schedule';
    const settingsExtra: Record<string, string> = {};
    for (const [key, value] of settings) if (!KNOWN_SETTINGS.has(key)) settingsExtra[key] = value;

    const known = new Set([survey, choicesSheet, settingsSheet]);
    const otherSheets: OtherSheet[] = this.workbook.sheets
      .filter((sheet) => !known.has(sheet))
      .map((sheet) => ({ name: sheet.name, rows: sheet.rows.map((row) => (row ?? []).map(cellText)) }));

    const schedule: Schedule = {
      title: settings.get('form_title') || formId,
      formId,
      version: settings.get('version') ?? '',
      defaultLanguage,
      languages,
      items,
      choiceLists,
      settingsExtra,
      columns: {
        survey: surveyHeader.headers.filter((header) => header !== ''),
        choices: choicesHeader ? choicesHeader.headers.filter((header) => header !== '') : [],
        settings: settingsHeader ? settingsHeader.headers.filter((header) => header !== '') : [],
      },
      otherSheets,
    };
    return { schedule, findings: sortFindings(this.findings) };
  }

  private error(sheet: string, row: number | undefined, column: string | undefined, message: string): void {
    this.findings.push({ severity: 'error', sheet, row, column, message });
  }

  private warning(sheet: string, row: number | undefined, column: string | undefined, message: string): void {
    this.findings.push({ severity: 'warning', sheet, row, column, message });
  }

  private surveyRole(header: string): ColumnRole {
    const [base, suffix] = splitHeader(header);
    const canonical = SURVEY_ALIASES[base] ?? base;
    if ((TRANSLATABLE_SURVEY as readonly string[]).includes(canonical)) {
      const language = suffix === undefined ? DEFAULT_LANGUAGE : parseLanguage(suffix);
      return { kind: 'translated', key: canonical, language: this.languages.add(language) };
    }
    if (suffix === undefined && (PLAIN_SURVEY as readonly string[]).includes(canonical)) return { kind: 'plain', key: canonical };
    return { kind: 'extra', header };
  }

  private choiceRole(header: string): ColumnRole {
    const [base, suffix] = splitHeader(header);
    if (base === 'label') {
      const language = suffix === undefined ? DEFAULT_LANGUAGE : parseLanguage(suffix);
      return { kind: 'translated', key: 'label', language: this.languages.add(language) };
    }
    const canonical = CHOICE_ALIASES[base] ?? base;
    if (suffix === undefined && (canonical === 'list_name' || canonical === 'name' || canonical === 'missing')) {
      return { kind: 'plain', key: canonical };
    }
    return { kind: 'extra', header };
  }

  private readHeader(sheet: SheetRows, what: string, roleOf: (header: string) => ColumnRole): HeaderInfo {
    const headerRow = sheet.rows[0] ?? [];
    const headers = headerRow.map(cellText);
    if (headers.every((header) => header === '')) {
      throw new ScheduleError(`the ${what} sheet has no header row; row 1 must name the columns.`, '', sheet.name, 1);
    }
    const roles: ColumnRole[] = [];
    const byKey = new Map<string, number>();
    headers.forEach((header, index) => {
      if (header === '') {
        roles.push({ kind: 'none' });
        return;
      }
      const role = roleOf(header);
      const key = role.kind === 'plain' ? role.key : role.kind === 'translated' ? `${role.key}::${role.language}` : role.kind === 'extra' ? `extra:${role.header}` : '';
      const previous = byKey.get(key);
      if (previous !== undefined) {
        this.error(sheet.name, 1, columnLetter(index), `column "${header}" appears twice (columns ${columnLetter(previous)} and ${columnLetter(index)}); Fieldnote reads column ${columnLetter(previous)} and ignores this one. Delete or rename one of them.`);
        roles.push({ kind: 'none' });
        return;
      }
      byKey.set(key, index);
      roles.push(role);
    });
    return { roles, headers, byKey };
  }

  /**
   * Reads one data row into known cells and extras. Cells under no header, or under an
   * ignored duplicate header, are reported rather than dropped.
   */
  private readRow(sheet: SheetRows, header: HeaderInfo, row: readonly Cell[], rowNumber: number) {
    const plain = new Map<string, string>();
    const translated = new Map<string, Record<string, string>>();
    const extra: Record<string, string> = {};
    row.forEach((cell, index) => {
      const text = cellText(cell);
      if (text === '') return;
      const role = header.roles[index];
      if (role === undefined || role.kind === 'none') {
        this.error(sheet.name, rowNumber, columnLetter(index), `this cell ("${abbreviate(text)}") is in a column without a header, so Fieldnote cannot tell what it is; add a column header or move the text.`);
        return;
      }
      switch (role.kind) {
        case 'plain':
          plain.set(role.key, text);
          break;
        case 'translated': {
          let labels = translated.get(role.key);
          if (labels === undefined) translated.set(role.key, (labels = {}));
          labels[role.language] = text;
          break;
        }
        case 'extra':
          extra[role.header] = text;
          break;
      }
    });
    return { plain, translated, extra };
  }

  private parseSurvey(sheet: SheetRows, header: HeaderInfo): Item[] {
    interface OpenGroup {
      readonly row: number;
      readonly start: Omit<Group, 'children' | 'endExtra' | 'endRow'>;
      readonly children: Item[];
    }
    const top: Item[] = [];
    const stack: OpenGroup[] = [];
    const current = () => stack[stack.length - 1]?.children ?? top;
    const sheetName = sheet.name;

    for (let i = 1; i < sheet.rows.length; i += 1) {
      const cells = sheet.rows[i];
      if (cells === undefined || cells.every((cell) => cellText(cell) === '')) continue;
      const rowNumber = i + 1;
      const { plain, translated, extra } = this.readRow(sheet, header, cells, rowNumber);
      const typeText = (plain.get('type') ?? '').replace(/\s+/g, ' ');
      const name = plain.get('name') ?? '';
      if (typeText === '') {
        if (plain.size > 0 || translated.size > 0 || Object.keys(extra).length > 0) {
          this.error(sheetName, rowNumber, 'type', `this row has no type, so it is not part of the schedule; write a type such as text, integer, select_one LIST, note or begin_group.`);
        }
        continue;
      }
      const type = parseType(typeText);
      const label: Labels = translated.get('label') ?? {};
      const hint: Labels = translated.get('hint') ?? {};
      const relevant = plain.get('relevant') ?? '';
      const appearance = plain.get('appearance') ?? '';

      switch (type.kind) {
        case 'unsupported':
          this.error(sheetName, rowNumber, 'type', `type "${typeText}" is an XLSForm type Fieldnote does not support; use one of ${SUPPORTED_TYPES_TEXT}.`);
          continue;
        case 'unknown':
          this.error(sheetName, rowNumber, 'type', `unknown type "${typeText}"; use one of ${SUPPORTED_TYPES_TEXT}.`);
          continue;
        case 'select-without-list':
          this.error(sheetName, rowNumber, 'type', `"${typeText}" needs the name of a choice list after it, e.g. "${typeText} yes_no".`);
          continue;
        case 'begin_group': {
          if (name === '') {
            this.error(sheetName, rowNumber, 'name', 'this begin_group has no name; every group needs one (used in the XForm path).');
          }
          this.rejectQuestionOnlyColumns(sheetName, rowNumber, plain, translated, 'begin_group');
          stack.push({ row: rowNumber, children: [], start: { kind: 'group', name, label, hint, relevant, appearance, extra, row: rowNumber } });
          continue;
        }
        case 'end_group': {
          const open = stack.pop();
          if (open === undefined) {
            this.error(sheetName, rowNumber, 'type', 'end_group without a matching begin_group above it; delete this row or add the begin_group.');
            continue;
          }
          const ignored = [...Array.from(plain.keys()).filter((key) => key !== 'type' && key !== 'name'), ...translated.keys()];
          if (ignored.length > 0) {
            this.error(sheetName, rowNumber, ignored[0], `end_group rows only close a group; the ${ignored.join(', ')} here would be ignored. Move it to the begin_group row (${open.row}) or a question.`);
          }
          if (name !== '' && name !== open.start.name) {
            this.warning(sheetName, rowNumber, 'name', `end_group is named "${name}" but closes group "${open.start.name}" (begun on row ${open.row}).`);
          }
          const group: Group = { ...open.start, children: open.children, endExtra: extra, endRow: rowNumber };
          current().push(group);
          continue;
        }
        case 'question': {
          if (name === '') {
            this.error(sheetName, rowNumber, 'name', `this ${type.type} row has no name, so it is not part of the schedule; every question needs a unique name.`);
            continue;
          }
          const priorityText = (plain.get('priority') ?? '').toLowerCase();
          let priority: Priority = 'primary';
          if (priorityText === 'probe') priority = 'probe';
          else if (priorityText !== '' && priorityText !== 'primary') {
            this.error(sheetName, rowNumber, 'priority', `priority "${plain.get('priority')}" is not primary or probe; the question is treated as primary.`);
          }
          const question: Question = {
            kind: 'question',
            type: type.type,
            listName: type.listName,
            name,
            label,
            hint,
            relevant,
            required: plain.get('required') ?? '',
            constraint: plain.get('constraint') ?? '',
            constraintMessage: translated.get('constraint_message') ?? {},
            appearance,
            priority,
            extra,
            row: rowNumber,
          };
          current().push(question);
          continue;
        }
      }
    }
    // Unclosed groups: report each, and close them at the end so their questions still count.
    while (stack.length > 0) {
      const open = stack.pop()!;
      this.error(sheetName, open.row, 'type', `begin_group "${open.start.name}" has no matching end_group; add an end_group row after its last question.`);
      current().push({ ...open.start, children: open.children, endExtra: {} });
    }
    return top;
  }

  /** A group has no value, so required/constraint/priority on it would be silently meaningless. */
  private rejectQuestionOnlyColumns(sheet: string, row: number, plain: Map<string, string>, translated: Map<string, Labels>, what: string): void {
    for (const column of ['required', 'constraint', 'priority'] as const) {
      if (plain.has(column)) this.error(sheet, row, column, `${what} rows cannot have a ${column}; move it to the questions inside the group.`);
    }
    if (translated.has('constraint_message')) this.error(sheet, row, 'constraint_message', `${what} rows cannot have a constraint_message.`);
  }

  private parseChoices(sheet: SheetRows, header: HeaderInfo): ChoiceList[] {
    const lists = new Map<string, Choice[]>();
    for (let i = 1; i < sheet.rows.length; i += 1) {
      const cells = sheet.rows[i];
      if (cells === undefined || cells.every((cell) => cellText(cell) === '')) continue;
      const rowNumber = i + 1;
      const { plain, translated, extra } = this.readRow(sheet, header, cells, rowNumber);
      const listName = plain.get('list_name') ?? '';
      const name = plain.get('name') ?? '';
      if (listName === '') {
        this.error(sheet.name, rowNumber, 'list_name', `this choice has no list_name, so no question can use it; write the name of its choice list.`);
        continue;
      }
      if (!XML_NAME.test(listName)) {
        this.error(sheet.name, rowNumber, 'list_name', `list_name "${listName}" is not a valid name: start with a letter or _, then use only letters, digits, _, - or . (no spaces).`);
        continue;
      }
      if (name === '') {
        this.error(sheet.name, rowNumber, 'name', `this choice in list "${listName}" has no name (the code stored for the answer, e.g. 1).`);
        continue;
      }
      const missingText = plain.get('missing') ?? '';
      let missing = false;
      if (isYes(missingText)) missing = true;
      else if (missingText !== '' && !isNo(missingText)) {
        this.error(sheet.name, rowNumber, 'missing', `missing must be yes or no, not "${missingText}".`);
      }
      let list = lists.get(listName);
      if (list === undefined) lists.set(listName, (list = []));
      list.push({ name, label: translated.get('label') ?? {}, missing, extra, row: rowNumber });
    }
    return Array.from(lists, ([name, choices]) => ({ name, choices }));
  }

  private parseSettings(sheet: SheetRows, header: HeaderInfo): Map<string, string> {
    const settings = new Map<string, string>();
    let seen = false;
    for (let i = 1; i < sheet.rows.length; i += 1) {
      const cells = sheet.rows[i];
      if (cells === undefined || cells.every((cell) => cellText(cell) === '')) continue;
      if (seen) {
        this.error(sheet.name, i + 1, undefined, 'the settings sheet has one row of values under its header; this extra row is ignored. Delete it.');
        continue;
      }
      seen = true;
      this.settingsRow = i + 1;
      const { plain, extra } = this.readRow(sheet, header, cells, i + 1);
      for (const [key, value] of plain) settings.set(key, value);
      for (const [key, value] of Object.entries(extra)) settings.set(key, value);
    }
    return settings;
  }

  private resolveDefaultLanguage(text: string, sheetName: string, header: HeaderInfo | undefined): string {
    const languages = this.languages.all;
    if (text !== '') {
      const parsed = parseLanguage(text);
      const match = languages.find(
        (language) =>
          languageSuffix(language) === text ||
          (parsed.code !== '' && language.code === parsed.code) ||
          language.name.toLowerCase() === text.toLowerCase(),
      );
      if (match) return languageKey(match);
      this.error(sheetName, this.settingsRow ?? 2, header ? 'default_language' : undefined,
        `default_language "${text}" is not one of the languages of the label columns (${languages.map((language) => languageSuffix(language) || 'label').join(', ') || 'none'}).`);
    }
    const first = languages.find((language) => !isDefaultLanguage(language)) ?? languages[0];
    // pyxform would make an untitled "default" language the default; Fieldnote takes the
    // first named language instead so a bilingual schedule opens in a real language.
    return first ? languageKey(first) : '';
  }
}

const KNOWN_SETTINGS = new Set(['form_title', 'form_id', 'version', 'default_language']);

function settingsRole(header: string): ColumnRole {
  const base = header === 'set form title' ? 'form_title' : header === 'set form id' ? 'form_id' : header;
  if (KNOWN_SETTINGS.has(base)) return { kind: 'plain', key: base };
  return { kind: 'extra', header };
}

function splitHeader(header: string): [string, string | undefined] {
  const at = header.indexOf('::');
  if (at === -1) return [header.trim(), undefined];
  return [header.slice(0, at).trim(), header.slice(at + 2).trim()];
}

const SUPPORTED_TYPES_TEXT = 'select_one LIST, select_multiple LIST, integer, decimal, text, date, note, begin_group, end_group';

type ParsedType =
  | { kind: 'question'; type: QuestionType; listName: string }
  | { kind: 'begin_group' }
  | { kind: 'end_group' }
  | { kind: 'select-without-list' }
  | { kind: 'unsupported' }
  | { kind: 'unknown' };

function parseType(text: string): ParsedType {
  const words = text.split(' ');
  let first = words[0]!.toLowerCase();
  let rest = words.slice(1);
  // "select one yn", "begin group", "end group": the spec allows a space for the underscore.
  if (rest.length > 0 && ['select', 'begin', 'end'].includes(first)) {
    const second = rest[0]!.toLowerCase();
    if ((first === 'select' && (second === 'one' || second === 'multiple')) || ((first === 'begin' || first === 'end') && (second === 'group' || second === 'repeat'))) {
      first = `${first}_${second}`;
      rest = rest.slice(1);
    }
  }
  if (first === 'select_one' || first === 'select_multiple') {
    if (rest.length === 0) return { kind: 'select-without-list' };
    if (rest.length > 1) return { kind: 'unsupported' }; // e.g. `select_one yn or_other`
    return { kind: 'question', type: first, listName: rest[0]! };
  }
  if (rest.length > 0) return UNSUPPORTED_XLSFORM_TYPES.has(first) ? { kind: 'unsupported' } : { kind: 'unknown' };
  if (first === 'begin_group') return { kind: 'begin_group' };
  if (first === 'end_group') return { kind: 'end_group' };
  if ((QUESTION_TYPES as readonly string[]).includes(first)) return { kind: 'question', type: first as QuestionType, listName: '' };
  return UNSUPPORTED_XLSFORM_TYPES.has(first) ? { kind: 'unsupported' } : { kind: 'unknown' };
}

function abbreviate(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}

// ---------------------------------------------------------------------------------------
// Schedule → rows

/**
 * The workbook for a schedule: survey, choices (when there are lists), settings, then the
 * sheets Fieldnote kept without reading. Columns come back in their imported order; new
 * ones are appended in the canonical XLSForm order.
 */
export function scheduleToRows(schedule: Schedule): WorkbookRows {
  const sheets: SheetRows[] = [surveyRows(schedule)];
  if (schedule.choiceLists.length > 0 || schedule.columns.choices.length > 0) sheets.push(choiceRows(schedule));
  sheets.push(settingsRows(schedule));
  for (const sheet of schedule.otherSheets) sheets.push({ name: sheet.name, rows: sheet.rows });
  return { sheets };
}

function mergeColumns(original: readonly string[], needed: readonly string[], isKnown: (header: string) => boolean, neededSet: ReadonlySet<string>): string[] {
  // Keep original columns that still carry something (known and needed, or unknown extras),
  // then append needed ones that were not there.
  const out: string[] = [];
  const seen = new Set<string>();
  for (const header of original) {
    if (seen.has(header)) continue;
    if (isKnown(header) && !neededSet.has(header)) continue;
    out.push(header);
    seen.add(header);
  }
  for (const header of needed) {
    if (seen.has(header)) continue;
    out.push(header);
    seen.add(header);
  }
  return out;
}

function surveyRows(schedule: Schedule): SheetRows {
  const all = Array.from(flatten(schedule.items));
  const has = (get: (item: Item) => string | undefined) => all.some((entry) => entry.kind !== 'end' && (get(entry.item) ?? '') !== '');
  const needed: string[] = ['type', 'name'];
  const translatedColumns = new Map<string, { base: TranslatableSurveyColumn; key: string }>();
  const addTranslated = (base: TranslatableSurveyColumn, always: boolean) => {
    for (const language of schedule.languages) {
      const key = languageKey(language);
      const header = translatedColumn(base, language);
      translatedColumns.set(header, { base, key });
      const text = (item: Item) => (base === 'label' ? item.label[key] : base === 'hint' ? item.hint[key] : item.kind === 'question' ? item.constraintMessage[key] : undefined);
      if (always || has(text) || schedule.columns.survey.includes(header)) needed.push(header);
    }
  };
  addTranslated('label', true);
  addTranslated('hint', false);
  const plainOptional: [PlainSurveyColumn, (item: Item) => string | undefined][] = [
    ['relevant', (item) => item.relevant],
    ['required', (item) => (item.kind === 'question' ? item.required : undefined)],
    ['constraint', (item) => (item.kind === 'question' ? item.constraint : undefined)],
  ];
  for (const [header, get] of plainOptional) if (has(get) || schedule.columns.survey.includes(header)) needed.push(header);
  addTranslated('constraint_message', false);
  if (has((item) => item.appearance) || schedule.columns.survey.includes('appearance')) needed.push('appearance');
  if (has((item) => (item.kind === 'question' && item.priority === 'probe' ? 'probe' : '')) || schedule.columns.survey.includes('priority')) needed.push('priority');
  const extras = new Set<string>();
  for (const entry of all) for (const header of Object.keys(entry.kind === 'end' ? entry.group.endExtra : entry.item.extra)) extras.add(header);
  for (const header of extras) needed.push(header);

  const neededSet = new Set(needed);
  const isKnown = (header: string) => !extras.has(header) && (isKnownSurveyHeader(header) || translatedColumns.has(header));
  const headers = mergeColumns(schedule.columns.survey, needed, isKnown, neededSet);

  const rows: string[][] = [headers];
  for (const entry of all) {
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
      }
      for (const [header, { base, key }] of translatedColumns) {
        const labels = base === 'label' ? item.label : base === 'hint' ? item.hint : item.kind === 'question' ? item.constraintMessage : {};
        const text = labels[key];
        if (text !== undefined) cells.set(header, text);
      }
      for (const [header, value] of Object.entries(item.extra)) cells.set(header, value);
    }
    rows.push(headers.map((header) => cells.get(header) ?? ''));
  }
  return { name: 'survey', rows };
}

function isKnownSurveyHeader(header: string): boolean {
  return (PLAIN_SURVEY as readonly string[]).includes(header);
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

function choiceRows(schedule: Schedule): SheetRows {
  const needed = ['list_name', 'name'];
  const labelColumns = new Map<string, string>();
  for (const language of schedule.languages) {
    const header = translatedColumn('label', language);
    labelColumns.set(header, languageKey(language));
    needed.push(header);
  }
  const anyMissing = schedule.choiceLists.some((list) => list.choices.some((choice) => choice.missing));
  if (anyMissing || schedule.columns.choices.includes('missing')) needed.push('missing');
  const extras = new Set<string>();
  for (const list of schedule.choiceLists) for (const choice of list.choices) for (const header of Object.keys(choice.extra)) extras.add(header);
  for (const header of extras) needed.push(header);
  const isKnown = (header: string) => !extras.has(header) && (['list_name', 'name', 'missing'].includes(header) || labelColumns.has(header));
  const headers = mergeColumns(schedule.columns.choices, needed, isKnown, new Set(needed));
  const rows: string[][] = [headers];
  for (const list of schedule.choiceLists) {
    for (const choice of list.choices) {
      const cells = new Map<string, string>([
        ['list_name', list.name],
        ['name', choice.name],
        ['missing', choice.missing ? 'yes' : ''],
      ]);
      for (const [header, key] of labelColumns) cells.set(header, choice.label[key] ?? '');
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
    // Written as the column suffix (`English (en)`), as pyxform matches it.
    ['default_language', defaultLanguage && !isDefaultLanguage(defaultLanguage) ? languageSuffix(defaultLanguage) : ''],
  ]);
  for (const [header, value] of Object.entries(schedule.settingsExtra)) values.set(header, value);
  const needed = Array.from(values.keys()).filter((header) => values.get(header) !== '' || schedule.columns.settings.includes(header));
  const extras = new Set(Object.keys(schedule.settingsExtra));
  const headers = mergeColumns(schedule.columns.settings, needed, (header) => KNOWN_SETTINGS.has(header) && !extras.has(header), new Set(needed));
  return { name: 'settings', rows: [headers, headers.map((header) => values.get(header) ?? '')] };
}
