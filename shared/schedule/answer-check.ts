/**
 * Whether an answer fits its schedule: the question exists and takes answers, and a choice
 * question's value is made of its choices' codes. Every write of an answer (the runner's API
 * call, a correction, a JSON import) checks this, so a value the schedule cannot label never
 * reaches the statistics and the SPSS file (where one such value used to stop the whole export).
 */
import { questionsOf, type Question, type Schedule } from './model';

export interface AnswerToCheck {
  readonly question: string;
  readonly value: string;
  readonly state: 'answered' | 'declined';
}

const shown = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** Questions by name, for checking many answers against one schedule. */
export function questionIndex(schedule: Schedule): ReadonlyMap<string, Question> {
  return new Map(questionsOf(schedule).map((q) => [q.name, q]));
}

/**
 * What is wrong with this answer, in words that say what to do, or null when it fits.
 * Only codes are quoted back (never free text: that would be interview content).
 */
export function answerProblem(schedule: Schedule, questions: ReadonlyMap<string, Question>, answer: AnswerToCheck): string | null {
  const question = questions.get(answer.question);
  if (!question) return `the schedule "${schedule.title}" has no question "${answer.question}". Use a question name from the schedule.`;
  if (question.type === 'note') return `"${question.name}" is a note to read out; it takes no answer.`;
  if (answer.state === 'declined' || answer.value === '') return null;
  if (question.type !== 'select_one' && question.type !== 'select_multiple') return null;
  const choices = schedule.choiceLists.find((l) => l.name === question.listName)?.choices.map((c) => c.name) ?? [];
  const codes = question.type === 'select_multiple' ? answer.value.split(/\s+/).filter((c) => c !== '') : [answer.value];
  const unknown = codes.filter((c) => !choices.includes(c));
  if (unknown.length === 0) return null;
  return `${shown(unknown.join(' '))} is not a choice of "${question.name}" (its choices are ${choices.join(', ') || 'none'}). Pick one of those codes.`;
}
