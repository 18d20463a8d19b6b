/**
 * Checks a schedule for what would break an interview, the XForm or the SPSS export,
 * and for what is probably a slip (Don't know coded 3 in one list and 9 everywhere else).
 * Findings point at the spreadsheet cell the author has to change, and carry a group
 * (findings.ts FINDING_GROUPS) so they can be read most important first: this file holds
 * the structural checks (names, expressions, lists); lint-data, lint-logic, lint-privacy
 * and lint-translations the rest.
 */
import type { AstNode } from './xpath/ast';
import { ExpressionError, RelevanceGraph, RelevanceGraphError, parseExpression, type Expression, type RelevanceItem } from './xpath';
import { sortFindings, type Finding, type FindingGroup } from './findings';
import { eachItem, type Item, type Labels, type Question, type Schedule } from './model';
import { XML_NAME, isNo, isYes, parseXlsForm, type ParseOptions, type WorkbookRows } from './xlsform';
import { assertNever } from '../util/assert-never';
import { dataFindings } from './lint-data';
import { probeDependencyFindings } from './lint-logic';
import { privacyFindings } from './lint-privacy';
import { translationFindings } from './lint-translations';

export { SPSS_MAX_NAME_BYTES, SPSS_MAX_VALUE_LABEL_BYTES, SPSS_RESERVED, spssNameProblem, stataNameProblem, utf8Length } from './lint-data';
export { formatCoverage, translationCoverage, type CoverageLine } from './lint-translations';

const SURVEY = 'survey';
const CHOICES = 'choices';

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
    this.checkLabels();
    this.findings.push(...dataFindings(this.schedule), ...probeDependencyFindings(this.schedule), ...privacyFindings(this.schedule.items), ...translationFindings(this.schedule));
    this.checkIntakeAttributes();
    return sortFindings(this.findings);
  }

  /** `fieldnote_attribute`: one question per attribute, and a type that can hold what intake records. */
  private checkIntakeAttributes(): void {
    const seen = new Map<string, Entry>();
    for (const entry of this.entries) {
      const { item } = entry;
      if (item.kind !== 'question' || item.attribute === undefined) continue;
      const first = seen.get(item.attribute);
      if (first) this.error('survey', item.row, 'fieldnote_attribute', `"${item.name}" and "${first.item.name}" are both bound to ${item.attribute}; bind one question to it.`);
      else seen.set(item.attribute, entry);
      const coded = item.attribute === 'agency_group' || item.attribute === 'organisation_type' || item.attribute === 'focus_of_work';
      if (coded && item.type !== 'select_one') this.error('survey', item.row, 'fieldnote_attribute', `"${item.name}" is bound to ${item.attribute}, which intake records as one choice: make it a select_one.`);
      if (!coded && (item.type === 'select_one' || item.type === 'select_multiple' || item.type === 'note')) {
        this.error('survey', item.row, 'fieldnote_attribute', `"${item.name}" is bound to ${item.attribute}, which intake records as a number or text: make it an integer or text question.`);
      }
    }
  }

  private error(sheet: string, row: number | undefined, column: string | undefined, message: string): void {
    this.findings.push({ severity: 'error', sheet, row, column, message });
  }

  private warning(group: FindingGroup, sheet: string, row: number | undefined, column: string | undefined, message: string): void {
    this.findings.push({ severity: 'warning', group, sheet, row, column, message });
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
        this.warning('logic', SURVEY, entry.item.row, column,
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
        this.warning('form', CHOICES, list.choices[0]?.row, 'list_name', `choice list "${list.name}" is not used by any question.`);
      }
    }
  }

  /** A question without any label shows the interviewer only its name; `${q}` in a text must name a question. */
  private checkLabels(): void {
    for (const { item } of this.entries) {
      const texts: [string, Labels][] = [['label', item.label], ['hint', item.hint]];
      if (item.kind === 'question') texts.push(['constraint_message', item.constraintMessage]);
      for (const [column, labels] of texts) {
        const unknown = new Set(Object.values(labels).flatMap((text) => Array.from(text.matchAll(/\$\{([^}\s]+)\}/g), (match) => match[1]!)).filter((name) => !this.byName.has(name)));
        for (const name of unknown) {
          this.error(SURVEY, item.row, column, `\${${name}} in the ${column.replace('_', ' ')} refers to no question in the schedule, so it cannot show an answer there; check the spelling.`);
        }
      }
      if (item.kind !== 'question' || Object.values(item.label).some((text) => text !== '')) continue;
      this.warning('form', SURVEY, item.row, 'label', `${describeItem(item)} has no label in any language; the interviewer would see only its name.`);
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
