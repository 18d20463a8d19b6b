/**
 * The evaluation matrix: evaluation questions (and sub-questions) grouped by criterion, each
 * linked to what answers it: schedule questions, whole sections, codes, and indicators (the
 * share of a close-ended question's valid answers that chose given codes). Pure records; the
 * store keeps them in `evaluation_question` and `evaluation_link`.
 */

/** The OECD DAC criteria, offered first; any other criterion the evaluator types is kept. */
export const SUGGESTED_CRITERIA = ['Relevance', 'Coherence', 'Effectiveness', 'Efficiency', 'Impact', 'Sustainability'] as const;

export const LINK_KINDS = ['question', 'section', 'code', 'indicator'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export interface EvaluationLink {
  kind: LinkKind;
  /** A schedule question or section (group) name, or a code id. */
  target: string;
  /** For an indicator: the choice codes counted, space-separated ("1" for Yes); '' otherwise. */
  value: string;
}

export interface EvaluationQuestion {
  id: string;
  /** The evaluator's label, "EQ1" or "EQ1.2", unique in the project (case-insensitively). */
  ref: string;
  parentId: string | null;
  criterion: string;
  text: string;
  position: number;
  links: EvaluationLink[];
}

/** What links can point at, by name: the analysed schedule and the codebook. */
export interface LinkTargets {
  questions: { name: string; label: string; type: string; section: string | null; choices: { code: string; label: string }[] }[];
  /** Groups of the schedule with the questions inside them (nested groups included). */
  sections: { name: string; label: string; questions: string[] }[];
  codes: { id: string; name: string; path: string[] }[];
}

/** Main questions by position, each followed by its sub-questions: the order of the matrix and the report. */
export function inMatrixOrder<T extends { id: string; parentId: string | null; position: number }>(questions: readonly T[]): T[] {
  const byPosition = [...questions].sort((a, b) => a.position - b.position);
  const ids = new Set(questions.map((q) => q.id));
  const out: T[] = [];
  for (const main of byPosition.filter((q) => q.parentId === null || !ids.has(q.parentId))) {
    out.push(main, ...byPosition.filter((q) => q.parentId === main.id));
  }
  return out;
}

/** Criteria in the order the evaluator first used them, each with its questions in matrix order. */
export function groupByCriterion<T extends { id: string; parentId: string | null; criterion: string; position: number }>(questions: readonly T[]): { criterion: string; questions: T[] }[] {
  const sorted = inMatrixOrder(questions);
  const groups = new Map<string, T[]>();
  for (const q of sorted) groups.set(q.criterion, [...(groups.get(q.criterion) ?? []), q]);
  return [...groups.entries()].map(([criterion, list]) => ({ criterion, questions: list }));
}

/** An RQA domain key: a schedule section or an evaluation question. */
export function domainKey(kind: 'section' | 'eq', id: string): string {
  return `${kind}:${id}`;
}

/** Codes named by path where a name alone is ambiguous ("Training > Police training"). */
export function codeLabel(code: { name: string; path: string[] }, all: readonly { name: string }[]): string {
  const same = all.filter((c) => c.name.toLocaleLowerCase() === code.name.toLocaleLowerCase()).length;
  return same > 1 ? code.path.join(' > ') : code.name;
}
