/**
 * Findings that would change the data an analyst receives: the same answer coded
 * differently in two lists, a Don't know that is not a missing value, names SPSS or Stata
 * cannot use (the export renames them), value labels SPSS cuts; and, once, as information,
 * choices named in words rather than numeric codes.
 */
import type { Finding } from './findings';
import { defaultText, eachItem, languageKey, translatedColumn, type Schedule } from './model';
import { cleanVariableNames } from '../export/spss/names';

const CHOICES = 'choices';
const SURVEY = 'survey';

/** SPSS: https://www.ibm.com/docs/en/spss-statistics/latest?topic=view-variable-names */
export const SPSS_MAX_NAME_BYTES = 64;
export const SPSS_RESERVED = new Set(['ALL', 'AND', 'BY', 'EQ', 'GE', 'GT', 'LE', 'LT', 'NE', 'NOT', 'OR', 'TO', 'WITH']);
/** SPSS value labels are cut at 120 bytes (VALUE LABELS, .sav record type 3). */
export const SPSS_MAX_VALUE_LABEL_BYTES = 120;

/** Stata: https://www.stata.com/manuals/u11.pdf (11.3 Naming conventions): 32 characters, letters, digits, _. */
const STATA_MAX_NAME_CHARS = 32;
const STATA_RESERVED = new Set([
  '_all', '_b', 'byte', '_coef', '_cons', 'double', 'float', 'if', 'in', 'int', 'long', '_n', '_N', '_pi', '_pred', '_rc', '_skip', 'strL', 'using', 'with',
]);

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

/** Why `name` cannot be a Stata variable name, or undefined when it can. */
export function stataNameProblem(name: string): string | undefined {
  if (!/^[A-Za-z_]/.test(name)) return 'it must start with a letter or _';
  if (!/^[A-Za-z0-9_]*$/.test(name)) return 'it may contain only letters, digits and _';
  if (STATA_RESERVED.has(name) || /^str\d+$/.test(name)) return `${name} is a reserved word in Stata`;
  if ([...name].length > STATA_MAX_NAME_CHARS) return `it is ${[...name].length} characters and Stata allows ${STATA_MAX_NAME_CHARS}`;
  return undefined;
}

/** Case, curly quotes and spacing do not make a different answer: "Don’t know" = "don't know". */
export function normaliseLabel(text: string): string {
  return text.toLowerCase().replace(/[\u2018\u2019\u02bc`]/g, "'").replace(/[\u200b\u200c\u200d]/g, '').replace(/\s+/g, ' ').trim();
}

// Answers that are not answers: Don't know, refused, not applicable, in English and Khmer.
const NON_ANSWER = [
  /^(i )?(don'?t|do not|dont) know\b/, /^dk$/, /^not sure$/, /^refused?\b/, /^no answer$/, /^prefer not to (say|answer)$/,
  /^not applicable$/, /^n\/?a$/, /មិនដឹង/, /បដិសេធ/, /មិនឆ្លើយ/, /មិនពាក់ព័ន្ធ/,
];

export function isNonAnswer(text: string): boolean {
  const normal = normaliseLabel(text);
  return normal !== '' && NON_ANSWER.some((pattern) => pattern.test(normal));
}

export function dataFindings(schedule: Schedule): Finding[] {
  return [...inconsistentCodes(schedule), ...nonAnswersNotMissing(schedule), ...unusableNames(schedule), ...longValueLabels(schedule), ...wordNamedChoices(schedule)];
}

/**
 * The same answer label should carry the same code in every list, or SPSS tables and
 * MISSING VALUES disagree between questions (the reference evaluation coded Don't know
 * 9 everywhere except one question, which used 3). The code most lists use wins.
 */
function inconsistentCodes(schedule: Schedule): Finding[] {
  interface Use {
    readonly list: string;
    readonly code: string;
    readonly row: number | undefined;
  }
  const byLabel = new Map<string, { text: string; uses: Use[] }>();
  for (const list of schedule.choiceLists) {
    for (const choice of list.choices) {
      const text = defaultText(schedule, choice.label);
      if (text === '') continue;
      const key = normaliseLabel(text);
      let entry = byLabel.get(key);
      if (entry === undefined) byLabel.set(key, (entry = { text, uses: [] }));
      entry.uses.push({ list: list.name, code: choice.name, row: choice.row });
    }
  }
  const findings: Finding[] = [];
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
      findings.push({
        severity: 'warning', group: 'data', sheet: CHOICES, row: use.row, column: 'name',
        message: `"${text}" is coded ${use.code} in list "${use.list}" but ${majority} in ${most === 1 ? 'list' : 'lists'} ${majorityLists}; use ${majority} so the same answer has the same code in every question.`,
      });
    }
  }
  return findings;
}

/** Don't know / refused choices not marked `missing`: said once, with every list named. */
function nonAnswersNotMissing(schedule: Schedule): Finding[] {
  const found: { list: string; code: string; text: string; row: number | undefined }[] = [];
  for (const list of schedule.choiceLists) {
    for (const choice of list.choices) {
      if (choice.missing) continue;
      const text = Object.values(choice.label).find(isNonAnswer);
      if (text !== undefined) found.push({ list: list.name, code: choice.name, text: defaultText(schedule, choice.label) || text, row: choice.row });
    }
  }
  if (found.length === 0) return [];
  const first = found[0]!;
  const where = found.map((entry) => `${entry.list} (${entry.code}${entry.row !== undefined ? `, row ${entry.row}` : ''})`).join(', ');
  return [{
    severity: 'warning', group: 'data', sheet: CHOICES, row: first.row, column: 'missing',
    message: `"${first.text}"${found.length > 1 ? ` and ${found.length - 1} more like it are` : ' is'} not marked missing, so exports count ${found.length > 1 ? 'them' : 'it'} as real answers: write yes in the missing column for ${where}.`,
  }];
}

function unusableNames(schedule: Schedule): Finding[] {
  const questions = [...eachItem(schedule.items)].map(({ item }) => item).filter((item) => item.kind === 'question' && item.type !== 'note');
  const cleaned = cleanVariableNames(questions.map((question) => question.name)).names;
  const findings: Finding[] = [];
  questions.forEach((question, index) => {
    const spss = spssNameProblem(question.name);
    const stata = stataNameProblem(question.name);
    if (spss === undefined && stata === undefined) return;
    const problems = [spss !== undefined ? `not a valid SPSS name (${spss})` : '', stata !== undefined ? `not a valid Stata name (${stata})` : ''].filter(Boolean).join(' and ');
    const rename = spss !== undefined ? ` The SPSS export renames it to ${cleaned[index]}.` : '';
    findings.push({ severity: 'warning', group: 'data', sheet: SURVEY, row: question.row, column: 'name', message: `name "${question.name}" is ${problems}.${rename} Rename it so every file uses the same name.` });
  });
  return findings;
}

function longValueLabels(schedule: Schedule): Finding[] {
  const findings: Finding[] = [];
  for (const list of schedule.choiceLists) {
    for (const choice of list.choices) {
      for (const language of schedule.languages) {
        const bytes = utf8Length(choice.label[languageKey(language)] ?? '');
        if (bytes > SPSS_MAX_VALUE_LABEL_BYTES) {
          findings.push({ severity: 'warning', group: 'data', sheet: CHOICES, row: choice.row, column: translatedColumn('label', language),
            message: `label is ${bytes} bytes in UTF-8; SPSS value labels hold ${SPSS_MAX_VALUE_LABEL_BYTES}, so the exported label will be cut. Shorten it.` });
        }
      }
    }
  }
  return findings;
}

/** Lists whose choices are named in words (yes, no): said once, since exports number them. */
function wordNamedChoices(schedule: Schedule): Finding[] {
  const used = new Set<string>();
  for (const { item } of eachItem(schedule.items)) if (item.kind === 'question' && item.listName !== '') used.add(item.listName);
  const lists = schedule.choiceLists.filter((list) => used.has(list.name) && list.choices.some((choice) => !/^-?\d+$/.test(choice.name)));
  if (lists.length === 0) return [];
  const first = lists[0]!;
  const names = lists.slice(0, 5).map((list) => list.name).join(', ') + (lists.length > 5 ? ` and ${lists.length - 5} more` : '');
  return [{
    severity: 'info', group: 'information', sheet: CHOICES, row: first.choices[0]?.row, column: 'name',
    message: `${lists.length === 1 ? 'list' : `${lists.length} lists`} ${names} name${lists.length === 1 ? 's its' : ' their'} choices in words (e.g. "${first.choices.find((choice) => !/^-?\d+$/.test(choice.name))!.name}") rather than numbers: the SPSS, Stata and R exports code them 1, 2, 3… in choice order and keep the names in the codebook; name choices with numbers to choose the codes yourself.`,
  }];
}
