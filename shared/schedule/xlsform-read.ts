/**
 * XLSForm sheet rows → Schedule. Pure: the .xlsx bytes are read elsewhere
 * (electron/schedule/xlsx.ts); here a workbook is just sheets of rows of cell values,
 * header row first, so that row index i is spreadsheet row i + 1.
 *
 * Conventions follow the XLSForm spec (https://xlsform.org/en/) and pyxform, which is
 * what ODK users' workbooks are tested against:
 * - sheets `survey` (required), `choices`, `settings`; sheet names match case-insensitively;
 * - translatable columns are `label::English (en)`; a plain `label`, `hint` or
 *   `constraint_message` is text without a language, or the default language's text on a
 *   row that also has `::language` cells (pyxform-texts.ts, docs/xlsform.md);
 * - `begin_group` / `begin group` and `end_group` / `end group` are both accepted, as are
 *   `select_one LIST` and `select one LIST`;
 * - `required` takes yes/no/true/false (any case) or an expression (pyxform aliases.yes_no).
 * Fieldnote adds columns: `priority` (primary|probe) and `fieldnote_attribute` (the intake
 * attribute a question is filled from) on survey, and `missing` (yes/no) on choices.
 *
 * Every non-empty row either becomes part of the schedule or yields a finding; empty rows
 * are skipped but never renumber the rows after them. The steps, in order: find the
 * sheets, read the headers (which declare the languages), read the settings (which name
 * the default language), then the survey and choices rows, then settle the languages.
 */
import {
  DEFAULT_LANGUAGE,
  eachItem,
  languageKey,
  languageSuffix,
  type Choice,
  type ChoiceList,
  type Item,
  type Labels,
  type Language,
  type OtherSheet,
  type Schedule,
} from './model';
import { ScheduleError, columnLetter, sortFindings, type Finding } from './findings';
import {
  CHOICE_ALIASES,
  KNOWN_SETTINGS,
  PLAIN_SURVEY,
  SURVEY_ALIASES,
  TRANSLATABLE_SURVEY,
  XML_NAME,
  abbreviate,
  cellText,
  isEmptyRow,
  isNo,
  isYes,
  parseLanguage,
  splitHeader,
  type Cell,
  type SheetRows,
  type WorkbookRows,
} from './xlsform-cells';
import { choiceLabelsAsPyxform, combineTextCells, type TextCell } from './pyxform-texts';
import { Languages, roleKey, settingsRole, type ColumnRole, type HeaderInfo, type RowCells, type SheetReader } from './xlsform-columns';
import { readSurvey } from './xlsform-survey';

export interface ParseOptions {
  /** form_id when the settings sheet gives none (pyxform uses the file name). */
  readonly defaultFormId?: string;
}

export interface ParseResult {
  readonly schedule: Schedule;
  readonly findings: readonly Finding[];
}

/**
 * Where a plain cell's text goes on a row that also has `::language` cells: the settings'
 * default_language, or pyxform's "default" (xls2json.workbook_to_json: `default_language =
 * settings.get("default_language", "default")`).
 */
interface DefaultLanguage {
  readonly language: Language;
  readonly key: string;
  /** The settings text, '' when not set. */
  readonly setting: string;
  /** True when a `::language` column is that language (else it exists only through plain cells). */
  readonly hasColumn: boolean;
}

export function parseXlsForm(workbook: WorkbookRows, options: ParseOptions = {}): ParseResult {
  return new XlsFormReader(workbook, options).read();
}

class XlsFormReader implements SheetReader {
  private readonly findings: Finding[] = [];
  private readonly languages = new Languages();
  /** Spreadsheet row of the settings values (normally 2). */
  private settingsRow: number | undefined;

  constructor(
    private readonly workbook: WorkbookRows,
    private readonly options: ParseOptions,
  ) {}

  read(): ParseResult {
    const { survey, choices, settings: settingsSheet, others } = this.findSheets();
    // Headers first, so languages come out in column order: survey, then choices.
    const surveyHeader = this.readHeader(survey, 'survey', (header) => this.surveyRole(header));
    this.requireColumns(survey, 'survey', surveyHeader, ['type', 'name'], 'type, name, label, ...');
    const choicesHeader = choices ? this.readHeader(choices, 'choices', (header) => this.choiceRole(header)) : undefined;
    if (choices && choicesHeader) this.requireColumns(choices, 'choices', choicesHeader, ['list_name', 'name'], 'list_name, name, label, ...');
    const settingsHeader = settingsSheet ? this.readHeader(settingsSheet, 'settings', settingsRole) : undefined;
    const settings = settingsSheet && settingsHeader ? this.readSettings(settingsSheet, settingsHeader) : new Map<string, string>();

    const defaultLanguage = this.defaultLanguage(settings.get('default_language') ?? '');
    const items = readSurvey(this, survey, surveyHeader, defaultLanguage.key);
    const choiceLists = choices && choicesHeader ? this.readChoices(choices, choicesHeader, defaultLanguage.key) : [];
    const languages = this.settleLanguages(defaultLanguage, items, choiceLists);
    const scheduleDefault = this.checkDefaultLanguage(defaultLanguage, languages, settingsSheet?.name ?? 'settings', settingsHeader !== undefined);

    const formId = settings.get('form_id') || this.options.defaultFormId || 'schedule';
    const settingsExtra: Record<string, string> = {};
    for (const [key, value] of settings) if (!KNOWN_SETTINGS.has(key)) settingsExtra[key] = value;
    const otherSheets: OtherSheet[] = others.map((sheet) => ({ name: sheet.name, rows: sheet.rows.map((row) => (row ?? []).map(cellText)) }));
    const headersOf = (header: HeaderInfo | undefined) => (header ? header.headers.filter((text) => text !== '') : []);

    const schedule: Schedule = {
      title: settings.get('form_title') || formId,
      formId,
      version: settings.get('version') ?? '',
      defaultLanguage: scheduleDefault,
      languages,
      items,
      choiceLists,
      settingsExtra,
      columns: { survey: headersOf(surveyHeader), choices: headersOf(choicesHeader), settings: headersOf(settingsHeader) },
      otherSheets,
    };
    return { schedule, findings: sortFindings(this.findings) };
  }

  private findSheets() {
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
    const choices = find('choices');
    const settings = find('settings');
    const known = new Set([survey, choices, settings]);
    return { survey, choices, settings, others: this.workbook.sheets.filter((sheet) => !known.has(sheet)) };
  }

  private requireColumns(sheet: SheetRows, what: string, header: HeaderInfo, required: readonly string[], example: string): void {
    for (const column of required) {
      if (!header.byKey.has(column)) {
        throw new ScheduleError(`the ${what} sheet has no "${column}" column; its first row must name the columns (${example}).`, '', sheet.name, 1);
      }
    }
  }

  error(sheet: string, row: number | undefined, column: string | undefined, message: string): void {
    this.findings.push({ severity: 'error', sheet, row, column, message });
  }

  warning(sheet: string, row: number | undefined, column: string | undefined, message: string): void {
    this.findings.push({ severity: 'warning', sheet, row, column, message });
  }

  private translatedRole(key: string, suffix: string | undefined): ColumnRole {
    return { kind: 'translated', key, language: suffix === undefined ? null : this.languages.add(parseLanguage(suffix)) };
  }

  private surveyRole(header: string): ColumnRole {
    const [base, suffix] = splitHeader(header);
    const canonical = SURVEY_ALIASES[base] ?? base;
    if ((TRANSLATABLE_SURVEY as readonly string[]).includes(canonical)) return this.translatedRole(canonical, suffix);
    if (suffix === undefined && (PLAIN_SURVEY as readonly string[]).includes(canonical)) return { kind: 'plain', key: canonical };
    return { kind: 'extra', header };
  }

  private choiceRole(header: string): ColumnRole {
    const [base, suffix] = splitHeader(header);
    if (base === 'label') return this.translatedRole('label', suffix);
    const canonical = CHOICE_ALIASES[base] ?? base;
    if (suffix === undefined && (canonical === 'list_name' || canonical === 'name' || canonical === 'missing')) {
      return { kind: 'plain', key: canonical };
    }
    return { kind: 'extra', header };
  }

  private readHeader(sheet: SheetRows, what: string, roleOf: (header: string) => ColumnRole): HeaderInfo {
    const headers = (sheet.rows[0] ?? []).map(cellText);
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
      const key = roleKey(role);
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
   * Reads one data row into known cells, text cells (in column order) and extras. Cells
   * under no header, or under an ignored duplicate header, are reported rather than dropped.
   */
  readRow(sheet: SheetRows, header: HeaderInfo, row: readonly Cell[], rowNumber: number): RowCells {
    const plain = new Map<string, string>();
    const texts = new Map<string, TextCell[]>();
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
          let cells = texts.get(role.key);
          if (cells === undefined) texts.set(role.key, (cells = []));
          cells.push({ language: role.language, text, column: header.headers[index]! });
          break;
        }
        case 'extra':
          extra[role.header] = text;
          break;
      }
    });
    return { plain, texts, extra };
  }

  /** The text of one kind on a row, as pyxform combines plain and `::language` cells. */
  text(sheet: string, row: number, cells: RowCells, key: string, defaultKey: string): Labels {
    const found = cells.texts.get(key);
    if (found === undefined) return {};
    const { labels, ignored } = combineTextCells(found, defaultKey);
    for (const { cell, winner } of ignored) {
      this.warning(sheet, row, cell.column,
        winner.language === null
          ? `pyxform ignores this text because the plain "${winner.column}" cell to its right replaces every "${key}" of the row; empty one of them.`
          : `pyxform ignores this text because "${winner.column}" holds the same language's ${key}; empty one of them.`);
    }
    return labels;
  }

  private readChoices(sheet: SheetRows, header: HeaderInfo, defaultKey: string): ChoiceList[] {
    const lists = new Map<string, Choice[]>();
    for (let i = 1; i < sheet.rows.length; i += 1) {
      const row = sheet.rows[i];
      if (isEmptyRow(row)) continue;
      const rowNumber = i + 1;
      const cells = this.readRow(sheet, header, row, rowNumber);
      const choice = this.readChoice(sheet.name, rowNumber, cells, defaultKey);
      if (choice === undefined) continue;
      let list = lists.get(choice.listName);
      if (list === undefined) lists.set(choice.listName, (list = []));
      list.push(choice.choice);
    }
    return Array.from(lists, ([name, choices]) => {
      const labels = choiceLabelsAsPyxform(choices.map((choice) => choice.label), defaultKey);
      return { name, choices: choices.map((choice, index) => ({ ...choice, label: labels[index]! })) };
    });
  }

  private readChoice(sheet: string, rowNumber: number, cells: RowCells, defaultKey: string): { listName: string; choice: Choice } | undefined {
    const listName = cells.plain.get('list_name') ?? '';
    const name = cells.plain.get('name') ?? '';
    if (listName === '') {
      this.error(sheet, rowNumber, 'list_name', `this choice has no list_name, so no question can use it; write the name of its choice list.`);
      return undefined;
    }
    if (!XML_NAME.test(listName)) {
      this.error(sheet, rowNumber, 'list_name', `list_name "${listName}" is not a valid name: start with a letter or _, then use only letters, digits, _, - or . (no spaces).`);
      return undefined;
    }
    if (name === '') {
      this.error(sheet, rowNumber, 'name', `this choice in list "${listName}" has no name (the code stored for the answer, e.g. 1).`);
      return undefined;
    }
    const missingText = cells.plain.get('missing') ?? '';
    let missing = false;
    if (isYes(missingText)) missing = true;
    else if (missingText !== '' && !isNo(missingText)) {
      this.error(sheet, rowNumber, 'missing', `missing must be yes or no, not "${missingText}".`);
    }
    const label = this.text(sheet, rowNumber, cells, 'label', defaultKey);
    return { listName, choice: { name, label, missing, extra: cells.extra, row: rowNumber } };
  }

  private readSettings(sheet: SheetRows, header: HeaderInfo): Map<string, string> {
    const settings = new Map<string, string>();
    let seen = false;
    for (let i = 1; i < sheet.rows.length; i += 1) {
      const row = sheet.rows[i];
      if (isEmptyRow(row)) continue;
      if (seen) {
        this.error(sheet.name, i + 1, undefined, 'the settings sheet has one row of values under its header; this extra row is ignored. Delete it.');
        continue;
      }
      seen = true;
      this.settingsRow = i + 1;
      const { plain, extra } = this.readRow(sheet, header, row, i + 1);
      for (const [key, value] of plain) settings.set(key, value);
      for (const [key, value] of Object.entries(extra)) settings.set(key, value);
    }
    return settings;
  }

  /**
   * The language plain cells join on mixed rows. pyxform matches default_language against
   * the column suffix as text (survey.py itext: `lang == self.default_language`); Fieldnote
   * also matches `English(en)` to `English (en)` because both read as the same language.
   */
  private defaultLanguage(setting: string): DefaultLanguage {
    if (setting === '') return { language: DEFAULT_LANGUAGE, key: languageKey(DEFAULT_LANGUAGE), setting, hasColumn: false };
    const parsed = parseLanguage(setting);
    const column = this.languages.all.find((language) => languageSuffix(language) === setting || languageKey(language) === languageKey(parsed));
    const language = column ?? parsed;
    return { language, key: languageKey(language), setting, hasColumn: column !== undefined };
  }

  /**
   * The schedule's languages: those of the `::language` columns, plus the default language
   * when plain cells gave it text (pyxform's itext has a translation for every language
   * that holds a text: survey.py _setup_translations).
   */
  private settleLanguages(defaultLanguage: DefaultLanguage, items: readonly Item[], choiceLists: readonly ChoiceList[]): Language[] {
    const languages = [...this.languages.all];
    if (defaultLanguage.hasColumn) return languages;
    const key = defaultLanguage.key;
    const used = (labels: Labels) => (labels[key] ?? '') !== '';
    let hasText = choiceLists.some((list) => list.choices.some((choice) => used(choice.label)));
    for (const { item } of eachItem(items)) {
      if (hasText) break;
      hasText = used(item.label) || used(item.hint) || (item.kind === 'question' && used(item.constraintMessage));
    }
    return hasText ? [defaultLanguage.language, ...languages] : languages;
  }

  /** The schedule's defaultLanguage, with a warning when the setting names no language of the form. */
  private checkDefaultLanguage(defaultLanguage: DefaultLanguage, languages: readonly Language[], sheet: string, hasHeader: boolean): string {
    if (defaultLanguage.setting === '') return '';
    if (languages.some((language) => languageKey(language) === defaultLanguage.key)) return defaultLanguage.key;
    const near = languages.find((language) => language.name.toLowerCase() === defaultLanguage.language.name.toLowerCase());
    const names = languages.map((language) => languageSuffix(language)).filter((suffix) => suffix !== '');
    this.warning(sheet, this.settingsRow ?? 2, hasHeader ? 'default_language' : undefined,
      `default_language "${defaultLanguage.setting}" is not the language of any column${names.length > 0 ? ` (${names.join(', ')})` : ''}; pyxform compares the whole text, so no language is marked default and ODK opens the form in the first one.${near ? ` Write "${languageSuffix(near)}".` : ''}`);
    return near ? languageKey(near) : '';
  }
}
