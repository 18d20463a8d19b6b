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
 * - declined: -8 "Declined"; not reached after an early end: -7 "Interview ended";
 * - choices marked `missing` in the schedule (Don't know 9) keep their code and are declared
 *   user-missing unless the export treats Don't know as valid.
 * Categorical variables declare `MISSING VALUES x (LO THRU -7, 9)`; numbers declare -8 and -7.
 * String variables (interview ID, open text) carry no missing values: readers disagree on the
 * long-string missing-values record, so a declined or unreached text answer is left blank.
 * A select_multiple that was not asked is system-missing in every 0/1 column, never 0.
 *
 * Every row carries the interview ID and the number of respondents in the session, so group
 * answers repeated on each respondent's row can be removed or clustered. In interview-unit
 * files, answers given per participant become one variable per participant position
 * (`q_p1`, `q_p2`), never a silent blank.
 */
import type { ProjectSettings } from '../api/interview';
import { defaultText, eachItem, questionsOf, type IntakeAttribute, type Labels, type Question, type Schedule } from '../schedule/model';
import { probeLeftOut } from '../schedule/walk';
import { describeExpression, parseExpression, RelevanceGraph, type RelevanceItem } from '../schedule/xpath';
import { cleanVariableNames, type MrSet, type SpssCell, type SpssDataset, type SpssValueLabel, type SpssVariable } from './spss';
import { missingLabels } from './missing-labels';

export const DECLINED = -8;
export const ENDED = -7;
/** Categorical variables declare LO THRU -7: declined, ended and any other negative code. */
export const MISSING_RANGE = { low: null, high: ENDED } as const;

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
  /** Choices marked `missing` (Don't know): declared user-missing (default) or counted as valid answers. */
  dontKnow?: 'missing' | 'valid';
}

export interface CodebookEntry {
  name: string;
  /** The schedule name when the SPSS name had to differ from it. */
  question?: string;
  label: string;
  /** Question text (the schedule label) when the variable comes from a question. */
  questionText?: string;
  type: SpssVariable['type'];
  measure: SpssVariable['measure'];
  valueLabels: SpssValueLabel[];
  missingValues: (number | string)[];
  missingRange?: SpssVariable['missingRange'];
  /** Word-named choices: the code each choice name became. */
  choiceCodes?: { value: number; name: string }[];
  relevance: string;
  note?: string;
}

export interface BuiltDataset {
  dataset: SpssDataset;
  /**
   * Identification variables (agency, org_type, focus, org_no, loc_no) that a schedule question
   * bound to the same intake attribute replaces, by the variable that carries them instead.
   */
  attributeVariables: Readonly<Record<string, string>>;
  codebook: CodebookEntry[];
  nameChanges: { original: string; cleaned: string }[];
  unit: Unit;
  /** Export language key used for labels ('' for the schedule's default). */
  language: string;
}

/** The identification variable that holds each intake attribute when no question is bound to it. */
const ATTRIBUTE_TWIN: Readonly<Record<IntakeAttribute, string>> = {
  respondent_id: 'resp_id',
  organisation_number: 'org_no',
  location_number: 'loc_no',
  agency_group: 'agency',
  organisation_type: 'org_type',
  focus_of_work: 'focus',
};

const SESSION_CODES = { 'one-on-one': 1, 'small-group': 2, 'focus-group': 3 } as const;
const STATUS_CODES = { draft: 1, cleaned: 2, reviewed: 3 } as const;

interface Draft {
  key: string;
  variable: Omit<SpssVariable, 'name'>;
  relevance: string;
  question?: string;
  questionText?: string;
  choiceCodes?: { value: number; name: string }[];
  note?: string;
  /** The value of this variable for one row. */
  cell(row: RowContext): SpssCell;
}

interface AnswerView {
  /** Answers that apply: shared ones overlaid with the participant's own. */
  answers: Map<string, { value: string; state: 'answered' | 'declined' }>;
  /** Questions asked by skip logic with these answers (and primary-only). */
  asked: Set<string>;
  /** Questions after the point where the interview ended early, that would have been asked. */
  notReached: Set<string>;
}

interface RowContext extends AnswerView {
  interview: ExportInterview;
  participant: ExportParticipant;
  /** Interview unit: each participant's view, by position in respondent-number order. */
  positions: AnswerView[];
}

const isNumericCode = (code: string) => /^-?\d+(\.\d+)?$/.test(code.trim());

function text(labels: Labels, schedule: Schedule, language: string | undefined): string {
  const chosen = language !== undefined ? labels[language] : undefined;
  return chosen !== undefined && chosen !== '' ? chosen : defaultText(schedule, labels);
}

/** Attribute options coded 1..k in list order; values not in the list follow, sorted. */
function coded(options: readonly { code: string; label: string }[], used: readonly string[]): { labels: SpssValueLabel[]; code(value: string): SpssCell } {
  const all = [...options];
  const known = new Set(options.map((o) => o.code));
  for (const value of [...new Set(used)].filter((v) => v !== '' && !known.has(v)).sort()) all.push({ code: value, label: value });
  const index = new Map(all.map((o, i) => [o.code, i + 1]));
  return { labels: all.map((o, i) => ({ value: i + 1, label: o.label })), code: (value) => (value === '' ? null : (index.get(value) ?? null)) };
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

/** Questions answered per participant in some interview of the set (not once for the session). */
function perParticipantQuestions(interviews: readonly ExportInterview[]): Set<string> {
  const out = new Set<string>();
  for (const interview of interviews) for (const a of interview.answers) if (a.participantId !== '') out.add(a.question);
  return out;
}

export function buildDataset(schedule: Schedule, interviews: readonly ExportInterview[], settings: ProjectSettings, options: DatasetOptions): BuiltDataset {
  const language = options.language ?? (schedule.defaultLanguage || undefined);
  const words = missingLabels(schedule, language);
  const dontKnowMissing = (options.dontKnow ?? 'missing') === 'missing';
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

  const allParticipants = interviews.flatMap((i) => i.participants);
  const agency = coded(settings.agencyGroups, allParticipants.map((p) => p.agencyGroup));
  const orgType = coded(settings.organisationTypes, allParticipants.map((p) => p.organisationType));
  const focus = coded(settings.focusOfWork, allParticipants.map((p) => p.focusOfWork));
  const numberOrText = (values: string[]) => values.every((v) => v === '' || isNumericCode(v));
  const orgNumeric = numberOrText(allParticipants.map((p) => p.organisationNumber));
  const locations = settings.locations ?? [];
  // Location numbers print as place names: numbers keep their value; otherwise 1..k in the settings' order.
  const locNumeric = numberOrText([...allParticipants.map((p) => p.locationNumber), ...locations.map((l) => l.code)]);
  const location = locNumeric
    ? { labels: locations.map((l) => ({ value: Number(l.code), label: l.label })), code: (value: string): SpssCell => (value === '' ? null : Number(value)) }
    : coded(locations, allParticipants.map((p) => p.locationNumber));
  const scheduleLanguages = schedule.languages.filter((l) => l.code !== '');
  const languageCodes = coded(
    scheduleLanguages.map((l) => ({ code: l.code, label: l.name })),
    interviews.map((i) => i.language),
  );
  const interviewers = coded([], interviews.map((i) => i.interviewer));
  const perParticipant = options.unit === 'interview' ? perParticipantQuestions(interviews) : new Set<string>();
  const maxSession = Math.max(1, ...interviews.map((i) => i.participants.length));
  const categorical = (label: string, valueLabels: SpssValueLabel[]) => numericVariable(label, 'nominal', valueLabels);

  const drafts: Draft[] = [
    { key: 'int_id', variable: stringVariable('Interview ID', 36), relevance: '', cell: (r) => r.interview.id },
    {
      key: 'resp_id',
      variable: numericVariable(options.unit === 'respondent' ? 'Respondent ID number' : 'Respondent ID number (first respondent of the session)', 'nominal'),
      relevance: '',
      cell: (r) => r.participant.respondentNumber,
    },
    { key: 'n_resp', variable: numericVariable('Number of respondents in the session', 'scale'), relevance: '', cell: (r: RowContext) => r.interview.participants.length },
    { key: 'org_no', variable: orgNumeric ? numericVariable('Organisation number', 'nominal') : stringVariable('Organisation number'), relevance: '', cell: (r) => (r.participant.organisationNumber === '' ? (orgNumeric ? null : '') : orgNumeric ? Number(r.participant.organisationNumber) : r.participant.organisationNumber) },
    { key: 'loc_no', variable: categorical('Location', location.labels), relevance: '', cell: (r) => location.code(r.participant.locationNumber) },
    { key: 'agency', variable: categorical('Agency group', agency.labels), relevance: '', cell: (r) => agency.code(r.participant.agencyGroup) },
    { key: 'org_type', variable: categorical('Organisation type', orgType.labels), relevance: '', cell: (r) => orgType.code(r.participant.organisationType) },
    { key: 'focus', variable: categorical('Focus of work', focus.labels), relevance: '', cell: (r) => focus.code(r.participant.focusOfWork) },
    {
      key: 'session',
      variable: categorical('Session type', [
        { value: 1, label: 'One-on-one' },
        { value: 2, label: 'Small group' },
        { value: 3, label: 'Focus group' },
      ]),
      relevance: '',
      cell: (r) => SESSION_CODES[r.interview.sessionType],
    },
    { key: 'int_lang', variable: categorical('Interview language', languageCodes.labels), relevance: '', cell: (r) => languageCodes.code(r.interview.language) },
    { key: 'intervwr', variable: categorical('Interviewer (initials)', interviewers.labels), relevance: '', cell: (r) => interviewers.code(r.interview.interviewer) },
    { key: 'int_date', variable: { ...numericVariable('Date of interview', 'scale'), type: 'date' }, relevance: '', cell: (r) => r.interview.heldAt.slice(0, 10) || null },
    { key: 'sched_v', variable: numericVariable('Schedule version', 'nominal'), relevance: '', cell: (r) => r.interview.scheduleVersion },
    {
      key: 'status',
      variable: categorical('Status of the notes', [
        { value: 1, label: 'Draft' },
        { value: 2, label: 'Cleaned' },
        { value: 3, label: 'Reviewed' },
      ]),
      relevance: '',
      cell: (r) => STATUS_CODES[r.interview.status],
    },
  ];

  // A question bound to an intake attribute is that attribute, exported once under the
  // schedule's name and codes: its identification twin (agency beside agency_group) goes.
  // The respondent ID stays the numeric first variable, under the bound question's name.
  const twins = new Map<string, string>();
  for (const q of questions) if (q.attribute !== undefined) twins.set(ATTRIBUTE_TWIN[q.attribute], q.name);
  const respondentQuestion = twins.get('resp_id');
  for (let i = drafts.length - 1; i >= 0; i -= 1) {
    const draft = drafts[i]!;
    if (draft.key === 'resp_id' && respondentQuestion !== undefined) drafts[i] = { ...draft, key: respondentQuestion, question: respondentQuestion };
    else if (twins.has(draft.key)) drafts.splice(i, 1);
  }

  const mrSets: { name: string; label: string; keys: string[] }[] = [];
  for (const question of questions) {
    if (question.attribute === 'respondent_id') continue;
    if (!perParticipant.has(question.name)) {
      drafts.push(...questionDrafts(question, '', ''));
      continue;
    }
    // Interview unit, answered per participant: one variable per participant position.
    for (let position = 1; position <= maxSession; position++) {
      for (const draft of questionDrafts(question, `_p${position}`, ` (respondent ${position} of the session)`)) {
        drafts.push({
          ...draft,
          note: [draft.note, `Answered per participant: this column holds respondent ${position} of the session (in respondent ID order); empty when the session had fewer respondents.`]
            .filter(Boolean)
            .join(' '),
          cell: (r) => {
            const view = r.positions[position - 1];
            return view ? draft.cell({ ...r, ...view }) : null;
          },
        });
      }
    }
  }

  /** The missing-data code for this row, or undefined when the question has an answer to write. */
  function missingCell(r: AnswerView, name: string): SpssCell | undefined {
    // Not asked by skip logic (an answer kept from before a changed answer hid it counts as not asked, as in ODK).
    if (!r.asked.has(name) && !r.notReached.has(name)) return null;
    const answer = r.answers.get(name);
    if (answer?.state === 'declined') return DECLINED;
    if (answer && answer.value !== '') return undefined; // answered: the caller writes it
    if (r.notReached.has(name)) return ENDED;
    return null;
  }

  function questionDrafts(question: Question, suffix: string, labelSuffix: string): Draft[] {
    const questionText = text(question.label, schedule, language) || question.name;
    const label = questionText + labelSuffix;
    const relevance = relevanceOf.get(question.name) ?? '';
    const list = schedule.choiceLists.find((l) => l.name === question.listName);
    const choices = list?.choices ?? [];
    const missingSpecial: SpssValueLabel[] = [
      { value: DECLINED, label: words.declined },
      { value: ENDED, label: words.ended },
    ];
    const base = { question: question.name, questionText, relevance };
    switch (question.type) {
      case 'select_one': {
        const numeric = choices.every((c) => isNumericCode(c.name));
        const codeOf = new Map(choices.map((c, i) => [c.name, numeric ? Number(c.name) : i + 1]));
        const valueLabels: SpssValueLabel[] = choices.map((c) => ({ value: codeOf.get(c.name)!, label: text(c.label, schedule, language) || c.name }));
        const userMissing = dontKnowMissing ? choices.filter((c) => c.missing).map((c) => codeOf.get(c.name)!) : [];
        // LO THRU -7 holds declined, ended and negative missing codes; one more discrete value fits beside it.
        // A valid answer coded -7 or lower (Don't know -9 counted as valid, say) would fall in the range:
        // then SPSS's three discrete values declare declined, ended and one missing choice instead.
        const validInRange = valueLabels.some((v) => typeof v.value === 'number' && v.value <= ENDED && !userMissing.includes(v.value));
        const discrete = validInRange ? [DECLINED, ENDED, ...userMissing] : userMissing.filter((v) => v > ENDED);
        const declared = validInRange ? 3 : 1;
        const choiceCodes = numeric ? undefined : choices.map((c) => ({ value: codeOf.get(c.name)!, name: c.name }));
        return [
          {
            key: question.name + suffix,
            ...base,
            ...(choiceCodes ? { choiceCodes } : {}),
            variable: {
              ...categorical(label, [...valueLabels, ...missingSpecial]),
              missingValues: discrete.slice(0, declared),
              ...(validInRange ? {} : { missingRange: MISSING_RANGE }),
              ...(choiceCodes ? { attributes: { choice_names: choiceCodes.map((c) => `${c.value}=${c.name}`).join(' ') } } : {}),
            },
            note:
              discrete.length > declared
                ? `SPSS declares ${validInRange ? 'three missing values' : 'one missing value beside a range'}; also treat ${discrete.slice(declared).join(', ')} as missing.`
                : undefined,
            cell: (r) => {
              const missing = missingCell(r, question.name);
              if (missing !== undefined) return missing;
              return codeOf.get(r.answers.get(question.name)!.value.trim()) ?? null;
            },
          },
        ];
      }
      case 'select_multiple': {
        const keys = choices.map((c) => `${question.name}${suffix}_${c.name}`);
        mrSets.push({ name: question.name + suffix, label, keys });
        return choices.map((choice, i) => ({
          key: keys[i]!,
          ...base,
          variable: {
            ...categorical(`${label}: ${text(choice.label, schedule, language) || choice.name}`, [
              { value: 0, label: words.notSelected },
              { value: 1, label: words.selected },
              ...missingSpecial,
            ]),
            missingValues: [],
            missingRange: MISSING_RANGE,
          },
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
            key: question.name + suffix,
            ...base,
            variable: { ...numericVariable(label, 'scale', missingSpecial, question.type === 'decimal' ? 2 : 0), missingValues: [DECLINED, ENDED] },
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
            key: question.name + suffix,
            ...base,
            variable: { ...numericVariable(label, 'scale'), type: 'date' },
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
            key: question.name + suffix,
            ...base,
            variable: stringVariable(label, 1),
            note: 'Open text: a declined, unreached or unasked answer is blank (string variables carry no missing values, so every reader agrees).',
            cell: (r) => {
              const missing = missingCell(r, question.name);
              return missing !== undefined ? '' : r.answers.get(question.name)!.value;
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

  const viewOf = (interview: ExportInterview, participant: ExportParticipant | null): AnswerView => {
    const answers = new Map<string, { value: string; state: 'answered' | 'declined' }>();
    for (const a of interview.answers) if (a.participantId === '') answers.set(a.question, a);
    if (participant) for (const a of interview.answers) if (a.participantId === participant.id) answers.set(a.question, a);
    return { answers, ...askedQuestions(schedule, relevanceItems, interview, answers) };
  };

  // Rows, in respondent ID order.
  const rows: { order: number; cells: SpssCell[] }[] = [];
  for (const interview of interviews) {
    const participants = [...interview.participants].sort((a, b) => a.respondentNumber - b.respondentNumber);
    if (options.unit === 'respondent') {
      for (const participant of participants) {
        const context: RowContext = { interview, participant, ...viewOf(interview, participant), positions: [] };
        rows.push({ order: participant.respondentNumber, cells: drafts.map((d) => d.cell(context)) });
      }
    } else {
      const first = participants[0];
      if (!first) continue;
      const positions = perParticipant.size > 0 ? participants.map((p) => viewOf(interview, p)) : [];
      const context: RowContext = { interview, participant: first, ...viewOf(interview, null), positions };
      rows.push({ order: first.respondentNumber, cells: drafts.map((d) => d.cell(context)) });
    }
  }
  rows.sort((a, b) => a.order - b.order);

  const multipleResponseSets: MrSet[] = mrSets
    .filter((set) => set.keys.length > 0)
    .map((set) => ({ name: set.name, label: set.label, variables: set.keys.map((k) => nameOf.get(k)!), countedValue: 1 }));

  const codebook: CodebookEntry[] = variables.map((v, i) => {
    const draft = drafts[i]!;
    const entry: CodebookEntry = { name: v.name, label: v.label, type: v.type, measure: v.measure, valueLabels: v.valueLabels, missingValues: v.missingValues, relevance: draft.relevance };
    if (v.missingRange) entry.missingRange = v.missingRange;
    if (draft.question !== undefined && draft.question !== v.name) entry.question = draft.question;
    if (draft.questionText !== undefined) entry.questionText = draft.questionText;
    if (draft.choiceCodes) entry.choiceCodes = draft.choiceCodes;
    if (draft.note) entry.note = draft.note;
    return entry;
  });

  const attributeVariables = Object.fromEntries([...twins].filter(([twin]) => twin !== 'resp_id').map(([twin, question]) => [twin, nameOf.get(question) ?? question]));
  return {
    dataset: { variables, rows: rows.map((r) => r.cells), multipleResponseSets, fileLabel: schedule.title },
    attributeVariables,
    codebook,
    nameChanges: mapping.filter((m) => m.original !== m.cleaned),
    unit: options.unit,
    language: language ?? '',
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
    if (!graph.isRelevant(q.name) || probeLeftOut(q, interview.primaryOnly, answers.has(q.name))) continue;
    if (ended && !answers.has(q.name)) notReached.add(q.name);
    else asked.add(q.name);
  }
  return { asked, notReached };
}
