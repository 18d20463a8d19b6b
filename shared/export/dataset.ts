/**
 * Interviews → a statistical dataset (variables with labels and missing values, and rows),
 * the one source for the SPSS files, the codebook and the tables in the app.
 *
 * Missing data follows CSPro's mapping, which SPSS users expect:
 * - not asked (skip logic or primary-only): system-missing (empty cell);
 * - declined: -8 "Declined"; not reached after an early end: -7 "Interview ended";
 * - choices marked `missing` in the schedule (Don't know 9) keep their code and are declared
 *   user-missing, as are -8 and -7.
 * A select_multiple that was not asked is system-missing in every 0/1 column, never 0
 * (0 would mean "asked, not chosen").
 */
import type { ProjectSettings } from '../api/contract';
import { defaultText, eachItem, questionsOf, type Labels, type Question, type Schedule } from '../schedule/model';
import { describeExpression, parseExpression, RelevanceGraph, type RelevanceItem } from '../schedule/xpath';
import { cleanVariableNames, type MrSet, type SpssCell, type SpssDataset, type SpssValueLabel, type SpssVariable } from './spss';

export const DECLINED = -8;
export const ENDED = -7;

export type Unit = 'respondent' | 'interview';

export interface ExportParticipant {
  id: string;
  respondentNumber: number;
  respondentCode: string;
  organisationNumber: string;
  locationNumber: string;
  agencyGroup: string;
  organisationType: string;
  focusOfWork: string;
}

export interface ExportInterview {
  id: string;
  sessionType: 'one-on-one' | 'small-group' | 'focus-group';
  language: string;
  interviewer: string;
  heldAt: string;
  scheduleVersion: number;
  status: 'draft' | 'cleaned' | 'reviewed';
  primaryOnly: boolean;
  endedEarlyAtQuestion: string | null;
  participants: ExportParticipant[];
  answers: { participantId: string; question: string; value: string; state: 'answered' | 'declined' }[];
}

export interface DatasetOptions {
  unit: Unit;
  /** Language key for labels (a schedule language code); falls back to the default language. */
  language?: string;
  includeText?: boolean;
}

export interface CodebookEntry {
  name: string;
  /** The schedule name when the SPSS name had to differ from it. */
  question?: string;
  label: string;
  type: SpssVariable['type'];
  measure: SpssVariable['measure'];
  valueLabels: SpssValueLabel[];
  missingValues: (number | string)[];
  relevance: string;
  note?: string;
}

export interface BuiltDataset {
  dataset: SpssDataset;
  codebook: CodebookEntry[];
  nameChanges: { original: string; cleaned: string }[];
  unit: Unit;
}

const SESSION_CODES = { 'one-on-one': 1, 'small-group': 2, 'focus-group': 3 } as const;
const STATUS_CODES = { draft: 1, cleaned: 2, reviewed: 3 } as const;

interface Draft {
  key: string;
  variable: Omit<SpssVariable, 'name'>;
  relevance: string;
  question?: string;
  note?: string;
  /** The value of this variable for one row. */
  cell(row: RowContext): SpssCell;
}

interface RowContext {
  interview: ExportInterview;
  participant: ExportParticipant;
  /** Answers that apply to this row: shared ones overlaid with the participant's own. */
  answers: Map<string, { value: string; state: 'answered' | 'declined' }>;
  /** Questions asked by skip logic with this row's answers (and primary-only). */
  asked: Set<string>;
  /** Questions after the point where the interview ended early, that would have been asked. */
  notReached: Set<string>;
}

const isNumericCode = (code: string) => /^-?\d+(\.\d+)?$/.test(code.trim());

function text(labels: Labels, schedule: Schedule, language: string | undefined): string {
  const chosen = language !== undefined ? labels[language] : undefined;
  return chosen !== undefined && chosen !== '' ? chosen : defaultText(schedule, labels);
}

function coded(options: ProjectSettings['agencyGroups']): { labels: SpssValueLabel[]; code(value: string): SpssCell } {
  const index = new Map(options.map((o, i) => [o.code, i + 1]));
  return { labels: options.map((o, i) => ({ value: i + 1, label: o.label })), code: (value) => (value === '' ? null : (index.get(value) ?? null)) };
}

const numericVariable = (label: string, measure: SpssVariable['measure'], valueLabels: SpssValueLabel[] = [], decimals = 0): Omit<SpssVariable, 'name'> => ({
  label,
  type: 'numeric',
  width: 8,
  decimals,
  measure,
  valueLabels,
  missingValues: [],
});

const stringVariable = (label: string, width = 1): Omit<SpssVariable, 'name'> => ({ label, type: 'string', width, decimals: 0, measure: 'nominal', valueLabels: [], missingValues: [] });

export function buildDataset(schedule: Schedule, interviews: readonly ExportInterview[], settings: ProjectSettings, options: DatasetOptions): BuiltDataset {
  const language = options.language ?? (schedule.defaultLanguage || undefined);
  const questions = questionsOf(schedule).filter((q) => q.type !== 'note');
  const byName = new Map(questions.map((q) => [q.name, q]));
  const labelOf = (name: string) => {
    const q = byName.get(name);
    return q ? text(q.label, schedule, language) || name : name;
  };
  const choiceLabel = (question: string, code: string) => {
    const q = byName.get(question);
    const choice = schedule.choiceLists.find((l) => l.name === q?.listName)?.choices.find((c) => c.name === code);
    return choice ? text(choice.label, schedule, language) || undefined : undefined;
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

  const agency = coded(settings.agencyGroups);
  const orgType = coded(settings.organisationTypes);
  const focus = coded(settings.focusOfWork);
  const numberOrText = (values: string[]) => values.every((v) => v === '' || isNumericCode(v));
  const allParticipants = interviews.flatMap((i) => i.participants);
  const orgNumeric = numberOrText(allParticipants.map((p) => p.organisationNumber));
  const locNumeric = numberOrText(allParticipants.map((p) => p.locationNumber));
  const numOrText = (numeric: boolean, value: string): SpssCell => (value === '' ? null : numeric ? Number(value) : value);

  const drafts: Draft[] = [
    {
      key: 'resp_id',
      variable: numericVariable(options.unit === 'respondent' ? 'Respondent ID number' : 'Respondent ID number (first respondent of the session)', 'nominal'),
      relevance: '',
      cell: (r) => r.participant.respondentNumber,
    },
    ...(options.unit === 'interview'
      ? [{ key: 'n_resp', variable: numericVariable('Number of respondents in the session', 'scale'), relevance: '', cell: (r: RowContext) => r.interview.participants.length }]
      : []),
    { key: 'org_no', variable: orgNumeric ? numericVariable('Organisation number', 'nominal') : stringVariable('Organisation number'), relevance: '', cell: (r) => numOrText(orgNumeric, r.participant.organisationNumber) },
    { key: 'loc_no', variable: locNumeric ? numericVariable('Location number', 'nominal') : stringVariable('Location number'), relevance: '', cell: (r) => numOrText(locNumeric, r.participant.locationNumber) },
    { key: 'agency', variable: numericVariable('Agency group', 'nominal', agency.labels), relevance: '', cell: (r) => agency.code(r.participant.agencyGroup) },
    { key: 'org_type', variable: numericVariable('Organisation type', 'nominal', orgType.labels), relevance: '', cell: (r) => orgType.code(r.participant.organisationType) },
    { key: 'focus', variable: numericVariable('Focus of work', 'nominal', focus.labels), relevance: '', cell: (r) => focus.code(r.participant.focusOfWork) },
    {
      key: 'session',
      variable: numericVariable('Session type', 'nominal', [
        { value: 1, label: 'One-on-one' },
        { value: 2, label: 'Small group' },
        { value: 3, label: 'Focus group' },
      ]),
      relevance: '',
      cell: (r) => SESSION_CODES[r.interview.sessionType],
    },
    { key: 'int_lang', variable: stringVariable('Interview language'), relevance: '', cell: (r) => r.interview.language },
    { key: 'intervwr', variable: stringVariable('Interviewer (initials)'), relevance: '', cell: (r) => r.interview.interviewer },
    { key: 'int_date', variable: { ...numericVariable('Date of interview', 'scale'), type: 'date' }, relevance: '', cell: (r) => r.interview.heldAt.slice(0, 10) || null },
    { key: 'sched_v', variable: numericVariable('Schedule version', 'nominal'), relevance: '', cell: (r) => r.interview.scheduleVersion },
    {
      key: 'status',
      variable: numericVariable('Status of the notes', 'nominal', [
        { value: 1, label: 'Draft' },
        { value: 2, label: 'Cleaned' },
        { value: 3, label: 'Reviewed' },
      ]),
      relevance: '',
      cell: (r) => STATUS_CODES[r.interview.status],
    },
  ];

  const mrSets: { name: string; label: string; keys: string[] }[] = [];
  for (const question of questions) {
    drafts.push(...questionDrafts(question));
  }

  /** The missing-data code for this row, or undefined when the question has an answer to write. */
  function missingCell(r: RowContext, name: string): SpssCell | undefined {
    // Not asked by skip logic (an answer kept from before a changed answer hid it counts as not asked, as in ODK).
    if (!r.asked.has(name) && !r.notReached.has(name)) return null;
    const answer = r.answers.get(name);
    if (answer?.state === 'declined') return DECLINED;
    if (answer && answer.value !== '') return undefined; // answered: the caller writes it
    if (r.notReached.has(name)) return ENDED;
    return null;
  }

  function questionDrafts(question: Question): Draft[] {
    const label = text(question.label, schedule, language) || question.name;
    const relevance = relevanceOf.get(question.name) ?? '';
    const list = schedule.choiceLists.find((l) => l.name === question.listName);
    const choices = list?.choices ?? [];
    const missingSpecial: SpssValueLabel[] = [
      { value: DECLINED, label: 'Declined' },
      { value: ENDED, label: 'Interview ended' },
    ];
    switch (question.type) {
      case 'select_one': {
        const numeric = choices.every((c) => isNumericCode(c.name));
        const valueLabels: SpssValueLabel[] = choices.map((c) => ({ value: numeric ? Number(c.name) : c.name, label: text(c.label, schedule, language) || c.name }));
        const userMissing = choices.filter((c) => c.missing).map((c) => (numeric ? Number(c.name) : c.name));
        if (numeric) {
          const declared = [DECLINED, ENDED, ...userMissing];
          return [
            {
              key: question.name,
              question: question.name,
              variable: { ...numericVariable(label, 'nominal', [...valueLabels, ...missingSpecial]), missingValues: declared.slice(0, 3) },
              relevance,
              note: declared.length > 3 ? `Only three missing values can be declared; also treat ${declared.slice(3).join(', ')} as missing.` : undefined,
              cell: (r) => {
                const missing = missingCell(r, question.name);
                return missing !== undefined ? missing : Number(r.answers.get(question.name)!.value);
              },
            },
          ];
        }
        const declared = ['-8', '-7', ...userMissing.map(String)];
        return [
          {
            key: question.name,
            question: question.name,
            variable: {
              ...stringVariable(label, Math.max(2, ...choices.map((c) => c.name.length))),
              valueLabels: [...valueLabels, { value: '-8', label: 'Declined' }, { value: '-7', label: 'Interview ended' }],
              missingValues: declared.slice(0, 3),
            },
            relevance,
            cell: (r) => {
              const missing = missingCell(r, question.name);
              if (missing === null) return '';
              return missing !== undefined ? String(missing) : r.answers.get(question.name)!.value;
            },
          },
        ];
      }
      case 'select_multiple': {
        const keys = choices.map((c) => `${question.name}_${c.name}`);
        mrSets.push({ name: question.name, label, keys });
        return choices.map((choice, i) => ({
          key: keys[i]!,
          question: question.name,
          variable: {
            ...numericVariable(`${label}: ${text(choice.label, schedule, language) || choice.name}`, 'nominal', [
              { value: 0, label: 'Not selected' },
              { value: 1, label: 'Selected' },
              ...missingSpecial,
            ]),
            missingValues: [DECLINED, ENDED],
          },
          relevance,
          cell: (r: RowContext) => {
            const missing = missingCell(r, question.name);
            if (missing !== undefined) return missing;
            return r.answers.get(question.name)!.value.split(/\s+/).includes(choice.name) ? 1 : 0;
          },
        }));
      }
      case 'integer':
      case 'decimal':
        return [
          {
            key: question.name,
            question: question.name,
            variable: { ...numericVariable(label, 'scale', missingSpecial, question.type === 'decimal' ? 2 : 0), missingValues: [DECLINED, ENDED] },
            relevance,
            cell: (r) => {
              const missing = missingCell(r, question.name);
              if (missing !== undefined) return missing;
              const n = Number(r.answers.get(question.name)!.value);
              return Number.isFinite(n) ? n : null;
            },
          },
        ];
      case 'date':
        return [
          {
            key: question.name,
            question: question.name,
            variable: { ...numericVariable(label, 'scale'), type: 'date' },
            relevance,
            note: 'Declined and not-reached dates are system-missing (a date cannot hold -8 or -7).',
            cell: (r) => {
              const missing = missingCell(r, question.name);
              return missing !== undefined ? null : r.answers.get(question.name)!.value;
            },
          },
        ];
      case 'text':
        if (!options.includeText) return [];
        return [
          {
            key: question.name,
            question: question.name,
            variable: { ...stringVariable(label, 1), valueLabels: [{ value: '-8', label: 'Declined' }, { value: '-7', label: 'Interview ended' }], missingValues: ['-8', '-7'] },
            relevance,
            cell: (r) => {
              const missing = missingCell(r, question.name);
              if (missing === null) return '';
              return missing !== undefined ? String(missing) : r.answers.get(question.name)!.value;
            },
          },
        ];
      case 'note':
        return [];
    }
  }

  // SPSS names: valid, at most 64 bytes, unique ignoring case; the codebook lists changes.
  const { names, mapping } = cleanVariableNames(drafts.map((d) => d.key));
  const nameOf = new Map(drafts.map((d, i) => [d.key, names[i]!]));
  const variables: SpssVariable[] = drafts.map((d, i) => ({ name: names[i]!, ...d.variable }));

  // Rows, in respondent ID order.
  const rows: { order: number; cells: SpssCell[] }[] = [];
  for (const interview of interviews) {
    const participants = [...interview.participants].sort((a, b) => a.respondentNumber - b.respondentNumber);
    const targets = options.unit === 'respondent' ? participants : participants.slice(0, 1);
    for (const participant of targets) {
      const answers = new Map<string, { value: string; state: 'answered' | 'declined' }>();
      for (const a of interview.answers) if (a.participantId === '') answers.set(a.question, a);
      if (options.unit === 'respondent') for (const a of interview.answers) if (a.participantId === participant.id) answers.set(a.question, a);
      const { asked, notReached } = askedQuestions(schedule, relevanceItems, interview, answers);
      const context: RowContext = { interview, participant, answers, asked, notReached };
      rows.push({ order: participant.respondentNumber, cells: drafts.map((d) => d.cell(context)) });
    }
  }
  rows.sort((a, b) => a.order - b.order);

  const multipleResponseSets: MrSet[] = mrSets
    .filter((set) => set.keys.length > 0)
    .map((set) => ({ name: set.name, label: set.label, variables: set.keys.map((k) => nameOf.get(k)!), countedValue: 1 }));

  const codebook: CodebookEntry[] = variables.map((v, i) => {
    const draft = drafts[i]!;
    const entry: CodebookEntry = { name: v.name, label: v.label, type: v.type, measure: v.measure, valueLabels: v.valueLabels, missingValues: v.missingValues, relevance: draft.relevance };
    if (draft.question !== undefined && draft.question !== v.name) entry.question = draft.question;
    if (draft.note) entry.note = draft.note;
    return entry;
  });

  return {
    dataset: { variables, rows: rows.map((r) => r.cells), multipleResponseSets, fileLabel: schedule.title },
    codebook,
    nameChanges: mapping.filter((m) => m.original !== m.cleaned),
    unit: options.unit,
  };
}

/** Which questions skip logic asked for this row, and which an early end left unreached. */
function askedQuestions(
  schedule: Schedule,
  items: readonly RelevanceItem[],
  interview: ExportInterview,
  answers: ReadonlyMap<string, { value: string; state: 'answered' | 'declined' }>,
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
    if (!graph.isRelevant(q.name) || (interview.primaryOnly && q.priority === 'probe')) continue;
    if (ended && !answers.has(q.name)) notReached.add(q.name);
    else asked.add(q.name);
  }
  return { asked, notReached };
}
