/**
 * Interviews → a statistical dataset (variables with labels and missing values, and rows),
 * the one source for every export (SPSS, Stata, R, DDI, Excel) and the tables in the app.
 *
 * Every categorical variable is numeric with value labels: a choice list whose names are not
 * all integers (`police`, `phnom_penh`, as Kobo and ODK forms name them) is coded 1..k in
 * choice order; the codebook and the variable attribute `choice_names` keep the names.
 *
 * Missing data follows CSPro's mapping, which SPSS users expect, and blank is never a valid
 * answer:
 * - not asked (skip logic, primary-only, a respondent position the session does not have):
 *   system-missing (empty cell);
 * - no answer, by the reason the runner recorded (missing-codes.ts): -8 "Declined",
 *   -10 "Not applicable", -11 "Out of time"; not reached after an early end: -7 "Interview ended";
 * - choices marked `missing` in the schedule (Don't know 9) keep their code and are declared
 *   user-missing unless the export treats Don't know as valid.
 * Categorical variables declare `MISSING VALUES x (LO THRU -7, 9)`; numbers declare -11 THRU -7.
 * String variables (interview ID, open text) carry no missing values: readers disagree on the
 * long-string missing-values record, so a text answer not given is left blank.
 * A select_multiple that was not asked is system-missing in every 0/1 column, never 0.
 *
 * Every row carries the interview ID and the number of respondents in the session, so group
 * answers repeated on each respondent's row can be removed or clustered. In interview-unit
 * files, answers given per participant become one variable per participant position
 * (`q_p1`, `q_p2`), never a silent blank.
 *
 * The steps: relevance in words (`describeRelevance`), identification variables
 * (dataset-identification.ts), question variables (dataset-questions.ts), SPSS names, rows
 * (dataset-rows.ts), multiple-response sets and the codebook.
 */
import type { ProjectSettings } from '../api/interview';
import { eachItem, questionsOf, type Question, type Schedule } from '../schedule/model';
import { describeExpression, parseExpression, type RelevanceItem } from '../schedule/xpath';
import { cleanVariableNames, type MrSet, type SpssVariable } from './spss';
import { missingLabels } from './missing-labels';
import type { BuiltDataset, CodebookEntry, DatasetOptions, Draft, ExportInterview } from './dataset-types';
import { labelText } from './dataset-variables';
import { identificationDrafts, replaceAttributeTwins } from './dataset-identification';
import { perPositionDrafts, questionDrafts, type QuestionContext } from './dataset-questions';
import { datasetRows } from './dataset-rows';

export type { BuiltDataset, CodebookEntry, DatasetOptions, ExportAnswer, ExportInterview, ExportParticipant, Unit } from './dataset-types';
export { DECLINED, ENDED, MISSING_RANGE, NOT_APPLICABLE, NUMBER_MISSING_RANGE, OUT_OF_TIME } from './missing-codes';

export function buildDataset(schedule: Schedule, interviews: readonly ExportInterview[], settings: ProjectSettings, options: DatasetOptions): BuiltDataset {
  const language = options.language ?? (schedule.defaultLanguage || undefined);
  const questions = questionsOf(schedule).filter((q) => q.type !== 'note');
  const { relevanceOf, relevanceItems } = describeRelevance(schedule, questions, language);

  const drafts = identificationDrafts(schedule, interviews, settings, options.unit);
  const twins = replaceAttributeTwins(drafts, questions);

  const ctx: QuestionContext = {
    schedule,
    language,
    words: missingLabels(schedule, language),
    dontKnowMissing: (options.dontKnow ?? 'missing') === 'missing',
    includeText: options.includeText === true,
    relevanceOf,
    mrSets: [],
  };
  const perParticipant = options.unit === 'interview' ? perParticipantQuestions(interviews) : new Set<string>();
  const maxSession = Math.max(1, ...interviews.map((i) => i.participants.length));
  for (const question of questions) {
    if (question.attribute === 'respondent_id') continue;
    drafts.push(...(perParticipant.has(question.name) ? perPositionDrafts(ctx, question, maxSession) : questionDrafts(ctx, question, '', '')));
  }

  // SPSS names: valid, at most 64 bytes, unique ignoring case; the codebook lists changes.
  const { names, mapping } = cleanVariableNames(drafts.map((d) => d.key));
  const nameOf = new Map(drafts.map((d, i) => [d.key, names[i]!]));
  const rows = datasetRows(schedule, relevanceItems, interviews, drafts, options.unit, perParticipant.size > 0);
  // A declaration that depends on the answers given (numbers whose answers meet the missing codes).
  for (const d of drafts) {
    const settled = d.settle?.();
    if (settled) Object.assign(d, { variable: { ...d.variable, ...settled.variable }, note: settled.note ?? d.note });
  }
  const variables: SpssVariable[] = drafts.map((d, i) => ({ name: names[i]!, ...d.variable }));

  const multipleResponseSets: MrSet[] = ctx.mrSets
    .filter((set) => set.keys.length > 0)
    .map((set) => ({ name: set.name, label: set.label, variables: set.keys.map((k) => nameOf.get(k)!), countedValue: 1 }));

  const attributeVariables = Object.fromEntries([...twins].filter(([twin]) => twin !== 'resp_id').map(([twin, question]) => [twin, nameOf.get(question) ?? question]));
  return {
    dataset: { variables, rows, multipleResponseSets, fileLabel: schedule.title },
    attributeVariables,
    codebook: codebookEntries(variables, drafts),
    nameChanges: mapping.filter((m) => m.original !== m.cleaned),
    unit: options.unit,
    language: language ?? '',
  };
}

/** Each item's relevance for the rows' skip logic, and "asked when …" in words for the codebook. */
function describeRelevance(schedule: Schedule, questions: readonly Question[], language: string | undefined): { relevanceOf: Map<string, string>; relevanceItems: RelevanceItem[] } {
  const byName = new Map(questions.map((q) => [q.name, q]));
  const labelOf = (name: string) => {
    const q = byName.get(name);
    return q ? labelText(q.label, schedule, language) || name : name;
  };
  const choiceLabel = (question: string, code: string) => {
    const q = byName.get(question);
    const choice = schedule.choiceLists.find((l) => l.name === q?.listName)?.choices.find((c) => c.name === code);
    return choice ? labelText(choice.label, schedule, language) || undefined : undefined;
  };
  const relevanceOf = new Map<string, string>();
  const relevanceItems: RelevanceItem[] = [];
  for (const { item, parents } of eachItem(schedule.items)) {
    const source = item.relevant.trim();
    const expression = source === '' ? undefined : parseExpression(source);
    relevanceItems.push(expression ? { name: item.name, parentGroups: parents, relevant: expression } : { name: item.name, parentGroups: parents });
    const conditions = [...parents.map((p) => relevanceOf.get(p) ?? ''), expression ? describeExpression(expression, labelOf, choiceLabel) : ''].filter((c) => c !== '');
    relevanceOf.set(item.name, conditions.join('; and '));
  }
  return { relevanceOf, relevanceItems };
}

/** Questions answered per participant in some interview of the set (not once for the session). */
function perParticipantQuestions(interviews: readonly ExportInterview[]): Set<string> {
  const out = new Set<string>();
  for (const interview of interviews) for (const a of interview.answers) if (a.participantId !== '') out.add(a.question);
  return out;
}

function codebookEntries(variables: readonly SpssVariable[], drafts: readonly Draft[]): CodebookEntry[] {
  return variables.map((v, i) => {
    const draft = drafts[i]!;
    const entry: CodebookEntry = { name: v.name, label: v.label, type: v.type, measure: v.measure, valueLabels: v.valueLabels, missingValues: v.missingValues, relevance: draft.relevance };
    if (v.missingRange) entry.missingRange = v.missingRange;
    if (draft.question !== undefined && draft.question !== v.name) entry.question = draft.question;
    if (draft.questionText !== undefined) entry.questionText = draft.questionText;
    if (draft.choiceCodes) entry.choiceCodes = draft.choiceCodes;
    if (draft.note) entry.note = draft.note;
    return entry;
  });
}
