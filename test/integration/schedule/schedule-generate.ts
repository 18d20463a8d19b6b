/**
 * Synthetic XLSForm workbooks for round-trip, benchmark and ODK differential tests:
 * nested groups, every question type Fieldnote supports, relevance using the functions
 * of the skip-logic engine, English and Khmer labels, unknown columns. Seeded, so a
 * failure names the seed that reproduces it.
 */
import type { AnswerValue, WorkbookRows } from '../../../shared/schedule';
import { seededRandom as random } from '../../../shared/util/seeded-random';

export { seededRandom as random } from '../../../shared/util/seeded-random';

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

export const LISTS: Record<string, readonly (readonly [string, string, string])[]> = {
  yn: [['1', 'Yes', 'បាទ/ចាស'], ['2', 'No', 'ទេ']],
  yndk: [['1', 'Yes', 'បាទ/ចាស'], ['2', 'No', 'ទេ'], ['9', "Don't know", 'មិនដឹង']],
  abc: [['a', 'Alpha', 'ក'], ['b', 'Beta', 'ខ'], ['c', 'Gamma', 'គ'], ['d', 'Delta', 'ឃ']],
};

export type GeneratedType = 'select_one yn' | 'select_one yndk' | 'select_one abc' | 'select_multiple abc' | 'integer' | 'decimal' | 'text' | 'date' | 'note';
const TYPES: readonly GeneratedType[] = ['select_one yn', 'select_one yndk', 'select_one abc', 'select_multiple abc', 'integer', 'decimal', 'text', 'date', 'note'];

export interface GeneratedQuestion {
  readonly name: string;
  readonly type: GeneratedType;
}

export interface GeneratedForm {
  readonly workbook: WorkbookRows;
  readonly questions: readonly GeneratedQuestion[];
}

export interface GenerateOptions {
  readonly questions: number;
  /** Probability that a question or group gets a `relevant`. */
  readonly relevance?: number;
  readonly maxDepth?: number;
}

const TEXTS = ['a', 'abc', 'xyz', 'a b', 'Phnom'];
const DATES = ['2019-05-01', '2020-01-01', '2023-12-31'];

/** A condition on an earlier question, exercising the engine's functions. */
function condition(rnd: () => number, q: GeneratedQuestion): string {
  const ref = `\${${q.name}}`;
  switch (q.type) {
    case 'select_one yn':
    case 'select_one yndk':
    case 'select_one abc': {
      const code = pick(rnd, LISTS[q.type.split(' ')[1]!]!)[0];
      return pick(rnd, [`${ref} = '${code}'`, `${ref} != '${code}'`, `${ref} = ''`, `selected(${ref}, '${code}')`, `not(${ref} = '${code}')`, `coalesce(${ref}, 'none') = 'none'`]);
    }
    case 'select_multiple abc': {
      const code = pick(rnd, LISTS.abc!)[0];
      return pick(rnd, [`selected(${ref}, '${code}')`, `count-selected(${ref}) >= 2`, `not(selected(${ref}, '${code}'))`, `selected-at(${ref}, 0) = '${code}'`, `${ref} = ''`]);
    }
    case 'integer':
      return pick(rnd, [`${ref} > 5`, `${ref} + 1 < 10`, `${ref} mod 2 = 1`, `${ref} div 2 >= 2`, `-${ref} < -3`, `if(${ref} > 3, 'hi', 'lo') = 'hi'`, `${ref} = ''`, `string(${ref}) = '3'`, `${ref} >= 0 and ${ref} <= 7`]);
    case 'decimal':
      return pick(rnd, [`${ref} > 2.5`, `int(${ref}) = 2`, `round(${ref}) >= 3`, `${ref} * 2 < 5`, `number(${ref}) <= 1.5`]);
    case 'text':
      return pick(rnd, [`string-length(${ref}) > 2`, `contains(${ref}, 'b')`, `starts-with(${ref}, 'a')`, `ends-with(${ref}, 'z')`, `concat(${ref}, '!') = 'abc!'`, `regex(${ref}, '^[a-c ]+$')`, `${ref} != ''`]);
    case 'date':
      return pick(rnd, [`${ref} < '2020-01-01'`, `${ref} >= '2021-06-30'`, `${ref} != ''`, `${ref} < today()`]);
    case 'note':
      return 'true()';
  }
}

function relevance(rnd: () => number, earlier: readonly GeneratedQuestion[]): string {
  const candidates = earlier.filter((q) => q.type !== 'note');
  if (candidates.length === 0) return '';
  const one = () => condition(rnd, pick(rnd, candidates));
  const r = rnd();
  if (r < 0.6) return one();
  if (r < 0.8) return `${one()} and ${one()}`;
  if (r < 0.95) return `${one()} or ${one()}`;
  return `not(${one()}) or (${one()} and ${one()})`;
}

export function generateForm(seed: number, options: GenerateOptions): GeneratedForm {
  const rnd = random(seed);
  const probability = options.relevance ?? 0.5;
  const maxDepth = options.maxDepth ?? 3;
  const header = ['type', 'name', 'label::English (en)', 'label::Khmer (km)', 'hint::English (en)', 'relevant', 'required', 'priority', 'review_status'];
  const survey: string[][] = [header];
  const questions: GeneratedQuestion[] = [];
  let depth = 0;
  let groups = 0;
  for (let i = 0; i < options.questions; i += 1) {
    if (depth < maxDepth && rnd() < 0.12) {
      groups += 1;
      const rel = rnd() < probability ? relevance(rnd, questions) : '';
      survey.push(['begin_group', `g${groups}`, `Section ${groups}`, `ផ្នែក ${groups}`, '', rel, '', '', '']);
      depth += 1;
    } else if (depth > 0 && rnd() < 0.1) {
      survey.push(['end_group', '', '', '', '', '', '', '', '']);
      depth -= 1;
    }
    const type = pick(rnd, TYPES);
    const name = `q${i + 1}`;
    const rel = rnd() < probability ? relevance(rnd, questions) : '';
    const priority = type !== 'note' && rnd() < 0.2 ? 'probe' : '';
    const hint = rnd() < 0.1 ? `Hint for ${name}` : '';
    const extra = rnd() < 0.05 ? 'reviewed' : '';
    survey.push([type, name, `Question ${i + 1}`, `សំណួរ ${i + 1}`, hint, rel, '', priority, extra]);
    questions.push({ name, type });
  }
  while (depth > 0) {
    survey.push(['end_group', '', '', '', '', '', '', '', '']);
    depth -= 1;
  }
  const choices: string[][] = [['list_name', 'name', 'label::English (en)', 'label::Khmer (km)', 'missing']];
  for (const [list, items] of Object.entries(LISTS)) {
    for (const [code, en, km] of items) choices.push([list, code, en, km, code === '9' ? 'yes' : '']);
  }
  const settings = [['form_title', 'form_id', 'version', 'default_language'], [`Generated ${seed}`, `generated_${seed}`, '1', 'English (en)']];
  return {
    workbook: { sheets: [{ name: 'survey', rows: survey }, { name: 'choices', rows: choices }, { name: 'settings', rows: settings }] },
    questions,
  };
}

/** Random answers to a random subset of the questions; some deliberately empty. */
export function generateAnswers(rnd: () => number, questions: readonly GeneratedQuestion[], fill = 0.7): Record<string, AnswerValue> {
  const answers: Record<string, AnswerValue> = {};
  for (const q of questions) {
    if (q.type === 'note' || rnd() > fill) continue;
    switch (q.type) {
      case 'select_one yn':
      case 'select_one yndk':
      case 'select_one abc':
        answers[q.name] = pick(rnd, LISTS[q.type.split(' ')[1]!]!)[0];
        break;
      case 'select_multiple abc':
        answers[q.name] = LISTS.abc!.map(([code]) => code).filter(() => rnd() < 0.5);
        break;
      case 'integer':
        answers[q.name] = String(Math.floor(rnd() * 12));
        break;
      case 'decimal':
        answers[q.name] = String(Math.round(rnd() * 50) / 10);
        break;
      case 'text':
        answers[q.name] = pick(rnd, TEXTS);
        break;
      case 'date':
        answers[q.name] = pick(rnd, DATES);
        break;
    }
  }
  return answers;
}
