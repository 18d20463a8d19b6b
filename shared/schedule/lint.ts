/**
 * Checks a schedule for what would break an interview, the XForm or the SPSS export,
 * and for what is probably a slip (Don't know coded 3 in one list and 9 everywhere else).
 * Findings point at the spreadsheet cell the author has to change.
 */
import type { AstNode } from './xpath/ast';
import { ExpressionError, RelevanceGraph, RelevanceGraphError, parseExpression, type Expression, type RelevanceItem } from './xpath';
import { sortFindings, type Finding } from './findings';
import {
  defaultText,
  eachItem,
  languageKey,
  languageSuffix,
  translatedColumn,
  type Item,
  type Labels,
  type Question,
  type Schedule,
} from './model';
import { XML_NAME, isNo, isYes, parseXlsForm, type ParseOptions, type WorkbookRows } from './xlsform';
import { assertNever } from '../util/assert-never';

const SURVEY = 'survey';
const CHOICES = 'choices';

/** SPSS: https://www.ibm.com/docs/en/spss-statistics/latest?topic=view-variable-names */
export const SPSS_MAX_NAME_BYTES = 64;
export const SPSS_RESERVED = new Set(['ALL', 'AND', 'BY', 'EQ', 'GE', 'GT', 'LE', 'LT', 'NE', 'NOT', 'OR', 'TO', 'WITH']);
/** SPSS value labels are cut at 120 bytes (VALUE LABELS, .sav record type 3). */
export const SPSS_MAX_VALUE_LABEL_BYTES = 120;

export function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Why `name` cannot be an SPSS variable name, or undefined when it can. */
export function spssNameProblem(name: string): string | undefined {
  if (!/^\p{L}/u.test(name)) return 'it must start with a letter';
  if (!/^[\p{L}\p{M}\p{Nd}_.]*$/u.test(name)) return 'it may contain only letters, digits, _ and .';
  if (name.endsWith('.')) return "it must not end with '.'";
  if (SPSS_RESERVED.has(name.toUpperCase())) return `${name.toUpperCase()} is a reserved word in SPSS`;
  const bytes = utf8Length(name);
  if (bytes > SPSS_MAX_NAME_BYTES) return `it is ${bytes} bytes in UTF-8 and SPSS allows ${SPSS_MAX_NAME_BYTES}`;
  return undefined;
}

/** Parses a workbook and lints the schedule: every finding, in sheet and row order. */
export function checkWorkbook(workbook: WorkbookRows, options: ParseOptions = {}): { schedule: Schedule; findings: Finding[] } {
  const { schedule, findings } = parseXlsForm(workbook, options);
  return { schedule, findings: sortFindings([...findings, ...lintSchedule(schedule)]) };
}

interface Entry {
  readonly item: Item;
  readonly parents: readonly string[];
  readonly index: number;
}

export function lintSchedule(schedule: Schedule): Finding[] {
  return new Linter(schedule).run();
}

class Linter {
  private readonly findings: Finding[] = [];
  private readonly entries: Entry[] = [];
  /** First item with each exact name. */
  private readonly byName = new Map<string, Entry>();

  constructor(private readonly schedule: Schedule) {
    let index = 0;
    for (const { item, parents } of eachItem(schedule.items)) this.entries.push({ item, parents, index: index++ });
  }

  run(): Finding[] {
    this.checkNames();
    const expressions = this.checkExpressions();
    this.checkCycles(expressions);
    this.checkChoiceLists();
    this.checkTranslations();
    this.checkCodes();
    return sortFindings(this.findings);
  }

  private error(sheet: string, row: number | undefined, column: string | undefined, message: string): void {
    this.findings.push({ severity: 'error', sheet, row, column, message });
  }

  private warning(sheet: string, row: number | undefined, column: string | undefined, message: string): void {
    this.findings.push({ severity: 'warning', sheet, row, column, message });
  }

  private checkNames(): void {
    const byFolded = new Map<string, Entry>();
    for (const entry of this.entries) {
      const { item } = entry;
      const name = item.name;
      if (name === '') continue; // reported by the parser
      const where = (other: Entry) => (other.item.row !== undefined ? ` on row ${other.item.row}` : '');
      const first = this.byName.get(name);
      if (first !== undefined) {
        this.error(SURVEY, item.row, 'name', `name "${name}" is already used${where(first)}; every question and group needs its own name.`);
        continue;
      }
      this.byName.set(name, entry);
      const folded = name.toLowerCase();
      const similar = byFolded.get(folded);
      if (similar !== undefined) {
        this.error(SURVEY, item.row, 'name', `name "${name}" differs from "${similar.item.name}"${where(similar)} only in upper/lower case; SPSS treats them as the same variable. Rename one.`);
      } else {
        byFolded.set(folded, entry);
      }
      if (!XML_NAME.test(name)) {
        this.error(SURVEY, item.row, 'name', `name "${name}" is not a valid XLSForm name: start with a letter or _, then use only letters, digits, _, - or . (no spaces).`);
        continue;
      }
      if (item.kind === 'question' && item.type !== 'note') {
        const problem = spssNameProblem(name);
        if (problem !== undefined) this.error(SURVEY, item.row, 'name', `name "${name}" cannot be an SPSS variable name: ${problem}.`);
      }
    }
    for (const list of this.schedule.choiceLists) {
      const seen = new Map<string, number | undefined>();
      for (const choice of list.choices) {
        if (seen.has(choice.name)) {
          const row = seen.get(choice.name);
          this.error(CHOICES, choice.row, 'name', `choice "${choice.name}" appears twice in list "${list.name}"${row !== undefined ? ` (also row ${row})` : ''}; each code in a list must be unique.`);
        } else {
          seen.set(choice.name, choice.row);
        }
      }
    }
  }

  /** Parses every expression; returns the parsed `relevant` of each item that has a valid one. */
  private checkExpressions(): Map<string, Expression> {
    const relevant = new Map<string, Expression>();
    for (const entry of this.entries) {
      const { item } = entry;
      const columns: [string, string][] = [['relevant', item.relevant]];
      if (item.kind === 'question') {
        columns.push(['constraint', item.constraint]);
        if (item.required !== '' && !isYes(item.required) && !isNo(item.required)) columns.push(['required', item.required]);
      }
      for (const [column, source] of columns) {
        if (source.trim() === '') continue;
        let expression: Expression;
        try {
          expression = parseExpression(source);
        } catch (error) {
          if (!(error instanceof ExpressionError)) throw error;
          this.error(SURVEY, item.row, column, `syntax error at character ${error.position + 1} of "${source}": ${error.message}`);
          continue;
        }
        if (column === 'relevant' && this.byName.get(item.name) === entry) relevant.set(item.name, expression);
        this.checkReferences(entry, column, expression);
      }
    }
    return relevant;
  }

  private checkReferences(entry: Entry, column: string, expression: Expression): void {
    const seen = new Set<string>();
    for (const node of referenceNodes(expression.ast)) {
      if (seen.has(node.name)) continue;
      seen.add(node.name);
      const target = this.byName.get(node.name);
      const at = `at character ${node.start + 1}`;
      if (target === undefined) {
        this.error(SURVEY, entry.item.row, column, `\${${node.name}} ${at} refers to no question in the schedule; check the spelling.`);
        continue;
      }
      if (target === entry) continue; // self-reference in relevant is a cycle, reported there; in constraint it is fine
      const inside = target.parents.includes(entry.item.name) && entry.item.kind === 'group';
      if (target.index > entry.index || inside) {
        this.warning(SURVEY, entry.item.row, column,
          `\${${node.name}} ${at} is asked later${target.item.row !== undefined ? ` (row ${target.item.row})` : ''}, so it is still empty when this ${column} is checked.`);
      }
    }
  }

  private checkCycles(relevant: Map<string, Expression>): void {
    const items: RelevanceItem[] = [];
    const names = new Set<string>();
    for (const { item, parents } of this.entries) {
      if (names.has(item.name) || item.name === '') continue;
      names.add(item.name);
      // Only consistent parents: a duplicate-named group is skipped, so is everything under it.
      if (parents.some((parent) => !names.has(parent))) continue;
      const expression = relevant.get(item.name);
      items.push(expression === undefined ? { name: item.name, parentGroups: parents } : { name: item.name, parentGroups: parents, relevant: expression });
    }
    try {
      new RelevanceGraph(items);
    } catch (error) {
      if (!(error instanceof RelevanceGraphError) || error.kind !== 'cycle') throw error;
      const first = this.byName.get(error.names[0] ?? '');
      this.error(SURVEY, first?.item.row, 'relevant', `${error.message}`);
    }
  }

  private checkChoiceLists(): void {
    const lists = new Set(this.schedule.choiceLists.map((list) => list.name));
    const used = new Set<string>();
    for (const { item } of this.entries) {
      if (item.kind !== 'question' || item.listName === '') continue;
      used.add(item.listName);
      if (!lists.has(item.listName)) {
        this.error(SURVEY, item.row, 'type', `choice list "${item.listName}" is not in the choices sheet; add its choices there (list_name ${item.listName}).`);
      }
    }
    for (const list of this.schedule.choiceLists) {
      if (!used.has(list.name)) {
        this.warning(CHOICES, list.choices[0]?.row, 'list_name', `choice list "${list.name}" is not used by any question.`);
      }
    }
  }

  private checkTranslations(): void {
    const languages = this.schedule.languages;
    const checkLabels = (sheet: string, row: number | undefined, base: string, labels: Labels, what: string) => {
      const present = languages.filter((language) => (labels[languageKey(language)] ?? '') !== '');
      if (present.length === 0 || present.length === languages.length) return;
      const example = present[0]!;
      for (const language of languages) {
        if ((labels[languageKey(language)] ?? '') !== '') continue;
        const name = languageSuffix(language) || 'the label column without a language';
        this.warning(sheet, row, translatedColumn(base, language),
          `${what} has no ${base} in ${name} (it has one in ${languageSuffix(example) || 'the default column'}); ODK shows "-" there.`);
      }
    };
    for (const { item } of this.entries) {
      const what = describeItem(item);
      if (languages.length > 0 && languages.every((language) => (item.label[languageKey(language)] ?? '') === '') && item.kind === 'question') {
        this.warning(SURVEY, item.row, translatedColumn('label', languages[0]!), `${what} has no label in any language; the interviewer would see only its name.`);
      }
      checkLabels(SURVEY, item.row, 'label', item.label, what);
      checkLabels(SURVEY, item.row, 'hint', item.hint, what);
      if (item.kind === 'question') checkLabels(SURVEY, item.row, 'constraint_message', item.constraintMessage, what);
    }
    for (const list of this.schedule.choiceLists) {
      for (const choice of list.choices) {
        const what = `choice "${choice.name}" of list "${list.name}"`;
        checkLabels(CHOICES, choice.row, 'label', choice.label, what);
        for (const language of languages) {
          const text = choice.label[languageKey(language)] ?? '';
          const bytes = utf8Length(text);
          if (bytes > SPSS_MAX_VALUE_LABEL_BYTES) {
            this.warning(CHOICES, choice.row, translatedColumn('label', language),
              `label is ${bytes} bytes in UTF-8; SPSS value labels hold ${SPSS_MAX_VALUE_LABEL_BYTES}, so the exported label will be cut. Shorten it.`);
          }
        }
      }
    }
  }

  /**
   * The same answer label should carry the same code in every list, or SPSS tables and
   * MISSING VALUES disagree between questions (the reference evaluation coded Don't know
   * 9 everywhere except one question, which used 3). The code most lists use wins.
   */
  private checkCodes(): void {
    interface Use {
      readonly list: string;
      readonly code: string;
      readonly row: number | undefined;
    }
    const byLabel = new Map<string, { text: string; uses: Use[] }>();
    for (const list of this.schedule.choiceLists) {
      for (const choice of list.choices) {
        const text = defaultText(this.schedule, choice.label);
        if (text === '') continue;
        const key = normaliseLabel(text);
        let entry = byLabel.get(key);
        if (entry === undefined) byLabel.set(key, (entry = { text, uses: [] }));
        entry.uses.push({ list: list.name, code: choice.name, row: choice.row });
      }
    }
    for (const { text, uses } of byLabel.values()) {
      const lists = new Map<string, Set<string>>();
      for (const use of uses) {
        let set = lists.get(use.code);
        if (set === undefined) lists.set(use.code, (set = new Set()));
        set.add(use.list);
      }
      if (lists.size < 2) continue;
      // Majority by number of lists; ties go to the code met first.
      let majority = '';
      let most = -1;
      for (const [code, set] of lists) {
        if (set.size > most) {
          majority = code;
          most = set.size;
        }
      }
      const majorityLists = Array.from(lists.get(majority) ?? []).join(', ');
      for (const use of uses) {
        if (use.code === majority) continue;
        this.warning(CHOICES, use.row, 'name',
          `"${text}" is coded ${use.code} in list "${use.list}" but ${majority} in ${most === 1 ? 'list' : 'lists'} ${majorityLists}; use ${majority} so the same answer has the same code in every question.`);
      }
    }
  }
}

function describeItem(item: Item): string {
  switch (item.kind) {
    case 'group':
      return `group "${item.name}"`;
    case 'question':
      return describeQuestion(item);
    default:
      return assertNever(item, 'item');
  }
}

function describeQuestion(question: Question): string {
  return question.type === 'note' ? `note "${question.name}"` : `question "${question.name}"`;
}

/** Case, curly quotes and spacing do not make a different answer: "Don’t know" = "don't know". */
function normaliseLabel(text: string): string {
  return text.toLowerCase().replace(/[\u2018\u2019\u02bc`]/g, "'").replace(/\s+/g, ' ').trim();
}

/** Every `${name}` node of an expression, in source order. */
export function referenceNodes(node: AstNode): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number }[] = [];
  const visit = (current: AstNode): void => {
    switch (current.kind) {
      case 'reference':
        out.push({ name: current.name, start: current.start, end: current.end });
        return;
      case 'current':
      case 'string':
      case 'number':
        return;
      case 'negate':
        visit(current.operand);
        return;
      case 'binary':
        visit(current.left);
        visit(current.right);
        return;
      case 'call':
        for (const arg of current.args) visit(arg);
        return;
      default:
        assertNever(current, 'expression node');
    }
  };
  visit(node);
  return out.sort((a, b) => a.start - b.start);
}
