/**
 * The walk through a schedule: given the answers so far, which questions the
 * interviewer would ask, in order. Relevance follows ODK (inherited from groups; a
 * question that is not asked reads as empty), computed with the skip-logic engine's
 * RelevanceGraph so the runner, the CLI and this agree by construction.
 */
import { RelevanceGraph, parseExpression, type RelevanceItem } from './xpath';
import { eachItem, type Priority, type Schedule } from './model';

/** An answer: text, or for select_multiple the chosen codes (or one space-separated string). */
export type AnswerValue = string | number | readonly string[];

export interface WalkOptions {
  /**
   * Primary questions only, as in an interview short of time: from now on the probes not yet
   * asked are left out. A probe that already has an answer (or was declined) was asked: it
   * stays asked, its answer counts for the logic, statistics and exports (see probeLeftOut).
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
 * True when "primary questions only" leaves this question out: a probe nobody has answered
 * yet. What was said before the switch is never thrown away, so an answered probe stays in.
 * The runner, the walk and the dataset all decide with this one rule.
 */
export function probeLeftOut(question: { readonly priority: Priority }, primaryOnly: boolean, hasAnswer: boolean): boolean {
  return primaryOnly && question.priority === 'probe' && !hasAnswer;
}

/**
 * Names of the questions that would be asked, in schedule order. Groups and notes are
 * not listed; a relevant question without an answer is listed (it is asked and left
 * empty). Throws RelevanceGraphError for a schedule whose logic goes round in a circle and
 * ExpressionError for invalid expressions: lint reports both first.
 */
export function walkSchedule(schedule: Schedule, answers: Readonly<Record<string, AnswerValue>>, options: WalkOptions = {}): string[] {
  const items: RelevanceItem[] = [];
  for (const { item, parents } of eachItem(schedule.items)) {
    const relevant = item.relevant.trim() === '' ? undefined : parseExpression(item.relevant);
    items.push(relevant === undefined ? { name: item.name, parentGroups: parents } : { name: item.name, parentGroups: parents, relevant });
  }
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(answers)) values[name] = answerText(value);
  const graph = new RelevanceGraph(items, options.today ? { answers: values, today: options.today } : { answers: values });
  const asked: string[] = [];
  for (const { item } of eachItem(schedule.items)) {
    if (item.kind !== 'question' || item.type === 'note') continue;
    if (probeLeftOut(item, options.primaryOnly === true, Object.hasOwn(answers, item.name))) continue;
    if (graph.isRelevant(item.name)) asked.push(item.name);
  }
  return asked;
}
