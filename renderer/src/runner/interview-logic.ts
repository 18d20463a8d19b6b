/**
 * What the runner knows about one interview at a time: its answers, which items the skip
 * logic asks now, and each question's state for the outline. Relevance is kept up to date
 * incrementally with the skip-logic engine's RelevanceGraph (one graph per participant
 * when answers are recorded per participant), so a keyed answer costs only
 * the re-evaluation of the questions that depend on it.
 *
 * Answers are never deleted when logic hides their question: they stay here (and in the
 * project) and the question is reported as 'hidden-answered'.
 */
import type { Answer, InterviewDetail, MissingReason } from '../../../shared/api/contract';
import { eachItem, type Item, type Question, type Schedule } from '../../../shared/schedule/model';
import { probeLeftOut } from '../../../shared/schedule/walk';
import { RelevanceGraph, parseExpression, type RelevanceItem } from '../../../shared/schedule/xpath';

export type QuestionState =
  /** Every participant it is asked of has an answer (or some declined, some answered). */
  | 'answered'
  | 'declined'
  /** Asked of several participants, answered for some. */
  | 'partial'
  | 'not-asked'
  | 'skipped'
  /** Not asked because "primary only" was switched on before this probe was answered. */
  | 'probe-skipped'
  /** Answered earlier, then a changed answer hid it: the answer is kept. */
  | 'hidden-answered'
  /** A note to read out; it takes no answer. */
  | 'read-out';

export const STATE_TEXT: Record<QuestionState, string> = {
  answered: 'answered',
  declined: 'declined',
  partial: 'partly answered',
  'not-asked': 'not yet asked',
  skipped: 'skipped by logic',
  'probe-skipped': 'skipped: primary only',
  'hidden-answered': 'answered, now skipped by logic',
  'read-out': 'read out',
};

/** Why a required question has no answer, as the runner and the review say it. */
export const MISSING_REASON_TEXT: Record<Exclude<MissingReason, ''>, string> = {
  declined: 'declined to answer',
  'not-applicable': 'not applicable',
  'out-of-time': 'ran out of time',
};

/** XLSForm `required`: yes/true (an expression is not evaluated: the question is then treated as optional). */
export function isRequired(question: Question): boolean {
  return /^(yes|true|true\(\)|1)$/i.test(question.required.trim());
}

/** A question or note in schedule order, with the groups around it. */
export interface RunnerItem {
  readonly question: Question;
  readonly groups: readonly { name: string; label: Schedule['items'][number]['label'] }[];
  readonly index: number;
}

const keyOf = (participantId: string, question: string) => `${participantId}\u0000${question}`;

/** Parsed once per schedule: the graph's items and the runner's question list. */
export interface ScheduleIndex {
  readonly schedule: Schedule;
  readonly relevanceItems: readonly RelevanceItem[];
  readonly items: readonly RunnerItem[];
  readonly byName: ReadonlyMap<string, RunnerItem>;
}

export function indexSchedule(schedule: Schedule): ScheduleIndex {
  const relevanceItems: RelevanceItem[] = [];
  const items: RunnerItem[] = [];
  const groupLabels = new Map<string, Item['label']>();
  for (const { item, parents } of eachItem(schedule.items)) {
    const relevant = item.relevant.trim() === '' ? undefined : parseExpression(item.relevant);
    relevanceItems.push(relevant === undefined ? { name: item.name, parentGroups: parents } : { name: item.name, parentGroups: parents, relevant });
    if (item.kind === 'group') groupLabels.set(item.name, item.label);
    else items.push({ question: item, groups: parents.map((name) => ({ name, label: groupLabels.get(name) ?? {} })), index: items.length });
  }
  return { schedule, relevanceItems, items, byName: new Map(items.map((i) => [i.question.name, i])) };
}

export interface AnswerTarget {
  /** '' for an answer recorded once for the whole session. */
  readonly participantId: string;
  readonly label: string;
}

export class InterviewLogic {
  private readonly graphs = new Map<string, RelevanceGraph>();
  private readonly answers = new Map<string, Answer>();

  constructor(
    readonly index: ScheduleIndex,
    private readonly detail: Pick<InterviewDetail, 'answerMode' | 'participants'>,
    answers: readonly Answer[],
    readonly primaryOnly: boolean,
  ) {
    for (const a of answers) this.answers.set(keyOf(a.participantId, a.question), a);
    for (const key of this.graphKeys()) this.graphs.set(key, new RelevanceGraph(index.relevanceItems, { answers: this.graphAnswers(key) }));
  }

  /** The same answers with primary-only switched: answered probes stay asked, the others are left out. */
  withPrimaryOnly(primaryOnly: boolean): InterviewLogic {
    return new InterviewLogic(this.index, this.detail, [...this.answers.values()], primaryOnly);
  }

  get perParticipant(): boolean {
    return this.detail.answerMode === 'per-participant' && this.detail.participants.length > 1;
  }

  private graphKeys(): string[] {
    return this.perParticipant ? this.detail.participants.map((p) => p.id) : [''];
  }

  /** What the skip logic sees: declined reads as empty. A probe answered before primary-only keeps its value. */
  private graphValue(answer: Answer): string {
    return answer.state === 'declined' ? '' : answer.value;
  }

  private graphAnswers(graphKey: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const a of this.answers.values()) if (a.participantId === '') out[a.question] = this.graphValue(a);
    if (graphKey !== '') for (const a of this.answers.values()) if (a.participantId === graphKey) out[a.question] = this.graphValue(a);
    return out;
  }

  /**
   * Who answers this question: the session once, or in per-participant mode each participant
   * it is asked of, for every question that takes an answer (text and numbers too: what one
   * participant said is theirs).
   */
  targets(question: Question): AnswerTarget[] {
    if (question.type === 'note') return [];
    // A question filled from intake holds each respondent's own attribute, whatever the answer mode.
    if (this.perParticipant || (question.attribute !== undefined && this.detail.participants.length > 1)) {
      return this.detail.participants.filter((p) => this.relevantFor(p.id, question.name)).map((p) => ({ participantId: p.id, label: `P${p.position} · ID ${p.respondentCode}` }));
    }
    return [{ participantId: '', label: 'Session' }];
  }

  answer(participantId: string, question: string): Answer | undefined {
    return this.answers.get(keyOf(participantId, question));
  }

  allAnswers(): Answer[] {
    return [...this.answers.values()];
  }

  /** Records an answer (or removes it when `answer` is null) and brings relevance up to date. */
  set(participantId: string, question: string, answer: Answer | null): void {
    const key = keyOf(participantId, question);
    if (answer === null) this.answers.delete(key);
    else this.answers.set(key, answer);
    const value = answer === null ? '' : this.graphValue(answer);
    for (const [graphKey, graph] of this.graphs) {
      if (participantId === '' || participantId === graphKey) graph.setAnswer(question, value);
    }
  }

  private relevantFor(graphKey: string, name: string): boolean {
    const graph = this.graphs.get(this.perParticipant ? graphKey : '') ?? this.graphs.get('');
    return graph ? graph.isRelevant(name) : false;
  }

  /** Asked now: relevant for someone in the session and not a probe left out by primary only. */
  isAsked(question: Question): boolean {
    return this.relevantForSomeone(question.name) && !this.leftOutByPrimaryOnly(question);
  }

  private relevantForSomeone(name: string): boolean {
    for (const graph of this.graphs.values()) if (graph.isRelevant(name)) return true;
    return false;
  }

  /** A probe nobody has answered yet while primary-only is on (answers given before the switch stay). */
  private leftOutByPrimaryOnly(question: Question): boolean {
    return probeLeftOut(question, this.primaryOnly, this.storedFor(question.name).length > 0);
  }

  private storedFor(name: string): Answer[] {
    const out: Answer[] = [];
    const shared = this.answers.get(keyOf('', name));
    if (shared) out.push(shared);
    for (const p of this.detail.participants) {
      const a = this.answers.get(keyOf(p.id, name));
      if (a) out.push(a);
    }
    return out;
  }

  state(question: Question): QuestionState {
    const stored = this.storedFor(question.name);
    if (!this.relevantForSomeone(question.name)) return stored.length > 0 ? 'hidden-answered' : 'skipped';
    // Relevant, yet left out: only because primary-only was switched on before it was asked.
    if (this.leftOutByPrimaryOnly(question)) return 'probe-skipped';
    if (question.type === 'note') return 'read-out';
    const targets = this.targets(question);
    const given = targets.map((t) => this.answer(t.participantId, question.name)).filter((a): a is Answer => a !== undefined);
    if (given.length === 0) return 'not-asked';
    if (given.length < targets.length) return 'partial';
    return given.every((a) => a.state === 'declined') ? 'declined' : 'answered';
  }

  /**
   * True when some participant's stored answer is hidden from them by logic while the
   * question is still asked of others (per-participant sessions).
   */
  partlyHidden(question: Question): boolean {
    if (!this.perParticipant || question.type === 'note' || !this.isAsked(question)) return false;
    return this.detail.participants.some((p) => this.answers.has(keyOf(p.id, question.name)) && !this.relevantFor(p.id, question.name));
  }

  /** The next asked item after `name` (schedule order), or null at the end. */
  next(name: string): RunnerItem | null {
    const from = this.index.byName.get(name)?.index ?? -1;
    for (let i = from + 1; i < this.index.items.length; i += 1) {
      const item = this.index.items[i]!;
      if (this.isAsked(item.question)) return item;
    }
    return null;
  }

  previous(name: string): RunnerItem | null {
    const from = this.index.byName.get(name)?.index ?? this.index.items.length;
    for (let i = from - 1; i >= 0; i -= 1) {
      const item = this.index.items[i]!;
      if (this.isAsked(item.question)) return item;
    }
    return null;
  }

  first(): RunnerItem | null {
    return this.next('\u0000');
  }

  /** Who still has no answer (not even declined) to a question that is asked now. */
  unanswered(question: Question): AnswerTarget[] {
    if (!this.isAsked(question)) return [];
    return this.targets(question).filter((t) => this.answer(t.participantId, question.name) === undefined);
  }

  /** Primary questions still asked and not answered (or declined) yet. */
  primaryRemaining(): number {
    let n = 0;
    for (const item of this.index.items) {
      const q = item.question;
      if (q.type === 'note' || q.priority !== 'primary') continue;
      const s = this.state(q);
      if (s === 'not-asked' || s === 'partial') n += 1;
    }
    return n;
  }
}
