/**
 * The walk through a schedule: given the answers so far, which questions the
 * interviewer would ask, in order. Relevance follows ODK (inherited from groups; a
 * question that is not asked reads as empty), computed with the skip-logic engine's
 * RelevanceGraph so the runner, the CLI and this agree by construction.
 */
import { RelevanceGraph, parseExpression, type RelevanceItem } from './xpath';
import { eachItem, type Schedule } from './model';

/** An answer: text, or for select_multiple the chosen codes (or one space-separated string). */
export type AnswerValue = string | number | readonly string[];

export interface WalkOptions {
  /**
   * Leave out probe questions, as in an interview short of time. Probes are then not
   * asked, so their answers are ignored: a question that depends on a probe sees it empty.
   */
  readonly primaryOnly?: boolean;
  /** Today's date (YYYY-MM-DD) for today(); defaults to the local date. */
  readonly today?: () => string;
}

/** The answer as ODK stores it: select_multiple codes space-separated. */
export function answerText(value: AnswerValue | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  return value.join(' ');
}

/**
 * Names of the questions that would be asked, in schedule order. Groups and notes are
 * not listed; a relevant question without an answer is listed (it is asked and left
 * empty). Throws RelevanceGraphError for a schedule whose logic goes round in a circle and
 * ExpressionError for invalid expressions: lint reports both first.
 */
export function walkSchedule(schedule: Schedule, answers: Readonly<Record<string, AnswerValue>>, options: WalkOptions = {}): string[] {
  const items: RelevanceItem[] = [];
  const probes = new Set<string>();
  for (const { item, parents } of eachItem(schedule.items)) {
    if (item.kind === 'question' && item.priority === 'probe') probes.add(item.name);
    const relevant = item.relevant.trim() === '' ? undefined : parseExpression(item.relevant);
    items.push(relevant === undefined ? { name: item.name, parentGroups: parents } : { name: item.name, parentGroups: parents, relevant });
  }
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(answers)) {
    if (options.primaryOnly && probes.has(name)) continue;
    values[name] = answerText(value);
  }
  const graph = new RelevanceGraph(items, options.today ? { answers: values, today: options.today } : { answers: values });
  const asked: string[] = [];
  for (const { item } of eachItem(schedule.items)) {
    if (item.kind !== 'question' || item.type === 'note') continue;
    if (options.primaryOnly && item.priority === 'probe') continue;
    if (graph.isRelevant(item.name)) asked.push(item.name);
  }
  return asked;
}
