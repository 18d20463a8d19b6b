/** Dataset rows: which questions each respondent (or session) was asked, and the cells in respondent ID order. */
import { questionsOf, type Schedule } from '../schedule/model';
import { probeLeftOut } from '../schedule/walk';
import { RelevanceGraph, type RelevanceItem } from '../schedule/xpath';
import type { SpssCell } from './spss';
import type { AnswerView, Draft, ExportAnswer, ExportInterview, ExportParticipant, RowContext, Unit } from './dataset-types';

/** The answers that apply to one participant (or the session, for null), and what was asked. */
export function answerView(schedule: Schedule, items: readonly RelevanceItem[], interview: ExportInterview, participant: ExportParticipant | null): AnswerView {
  const answers = new Map<string, ExportAnswer>();
  for (const a of interview.answers) if (a.participantId === '') answers.set(a.question, a);
  if (participant) for (const a of interview.answers) if (a.participantId === participant.id) answers.set(a.question, a);
  return { answers, ...askedQuestions(schedule, items, interview, answers) };
}

/** Which questions skip logic asked for this row, and which an early end left unreached. */
function askedQuestions(
  schedule: Schedule,
  items: readonly RelevanceItem[],
  interview: ExportInterview,
  answers: ReadonlyMap<string, ExportAnswer>,
): { asked: Set<string>; notReached: Set<string> } {
  const values: Record<string, string> = {};
  for (const [name, a] of answers) if (a.state === 'answered') values[name] = a.value;
  const graph = new RelevanceGraph(items, { answers: values });
  const asked = new Set<string>();
  const notReached = new Set<string>();
  let ended = false;
  for (const q of questionsOf(schedule)) {
    if (q.type === 'note') continue;
    if (interview.endedEarlyAtQuestion !== null && q.name === interview.endedEarlyAtQuestion) ended = true;
    if (!graph.isRelevant(q.name) || probeLeftOut(q, interview.primaryOnly, answers.has(q.name))) continue;
    if (ended && !answers.has(q.name)) notReached.add(q.name);
    else asked.add(q.name);
  }
  return { asked, notReached };
}

/**
 * One row per respondent, or per session (its first respondent's identification, each
 * participant's own answers by position when `perPosition`), in respondent ID order.
 */
export function datasetRows(schedule: Schedule, items: readonly RelevanceItem[], interviews: readonly ExportInterview[], drafts: readonly Draft[], unit: Unit, perPosition: boolean): SpssCell[][] {
  const rows: { order: number; cells: SpssCell[] }[] = [];
  const view = (interview: ExportInterview, participant: ExportParticipant | null) => answerView(schedule, items, interview, participant);
  for (const interview of interviews) {
    const participants = [...interview.participants].sort((a, b) => a.respondentNumber - b.respondentNumber);
    if (unit === 'respondent') {
      for (const participant of participants) {
        const context: RowContext = { interview, participant, ...view(interview, participant), positions: [] };
        rows.push({ order: participant.respondentNumber, cells: drafts.map((d) => d.cell(context)) });
      }
    } else {
      const first = participants[0];
      if (!first) continue;
      const positions = perPosition ? participants.map((p) => view(interview, p)) : [];
      const context: RowContext = { interview, participant: first, ...view(interview, null), positions };
      rows.push({ order: first.respondentNumber, cells: drafts.map((d) => d.cell(context)) });
    }
  }
  rows.sort((a, b) => a.order - b.order);
  return rows.map((r) => r.cells);
}
