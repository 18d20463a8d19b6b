/**
 * The identification variables at the start of every dataset row: interview ID, respondent ID,
 * session size, organisation, location, agency, type, focus, session type, language,
 * interviewer, date, schedule version and status; and their replacement by a schedule question
 * bound to the same intake attribute.
 */
import type { ProjectSettings } from '../api/interview';
import type { IntakeAttribute, Question, Schedule } from '../schedule/model';
import type { SpssCell } from './spss';
import type { Draft, ExportInterview, RowContext, Unit } from './dataset-types';
import { categorical, coded, isNumericCode, numericVariable, stringVariable } from './dataset-variables';

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

const numberOrText = (values: string[]) => values.every((v) => v === '' || isNumericCode(v));

export function identificationDrafts(schedule: Schedule, interviews: readonly ExportInterview[], settings: ProjectSettings, unit: Unit): Draft[] {
  const allParticipants = interviews.flatMap((i) => i.participants);
  const agency = coded(settings.agencyGroups, allParticipants.map((p) => p.agencyGroup));
  const orgType = coded(settings.organisationTypes, allParticipants.map((p) => p.organisationType));
  const focus = coded(settings.focusOfWork, allParticipants.map((p) => p.focusOfWork));
  const orgNumeric = numberOrText(allParticipants.map((p) => p.organisationNumber));
  const locations = settings.locations ?? [];
  // Location numbers print as place names: numbers keep their value; otherwise 1..k in the settings' order.
  const locNumeric = numberOrText([...allParticipants.map((p) => p.locationNumber), ...locations.map((l) => l.code)]);
  const location = locNumeric
    ? { labels: locations.map((l) => ({ value: Number(l.code), label: l.label })), code: (value: string): SpssCell => (value === '' ? null : Number(value)) }
    : coded(locations, allParticipants.map((p) => p.locationNumber));
  const languageCodes = coded(
    schedule.languages.filter((l) => l.code !== '').map((l) => ({ code: l.code, label: l.name })),
    interviews.map((i) => i.language),
  );
  const interviewers = coded([], interviews.map((i) => i.interviewer));

  return [
    { key: 'int_id', variable: stringVariable('Interview ID', 36), relevance: '', cell: (r) => r.interview.id },
    {
      key: 'resp_id',
      variable: numericVariable(unit === 'respondent' ? 'Respondent ID number' : 'Respondent ID number (first respondent of the session)', 'nominal'),
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
}

/**
 * A question bound to an intake attribute is that attribute, exported once under the
 * schedule's name and codes: its identification twin (agency beside agency_group) goes.
 * The respondent ID stays the numeric first variable, under the bound question's name.
 * Returns the twins replaced, identification key → question name.
 */
export function replaceAttributeTwins(drafts: Draft[], questions: readonly Question[]): Map<string, string> {
  const twins = new Map<string, string>();
  for (const q of questions) if (q.attribute !== undefined) twins.set(ATTRIBUTE_TWIN[q.attribute], q.name);
  const respondentQuestion = twins.get('resp_id');
  for (let i = drafts.length - 1; i >= 0; i -= 1) {
    const draft = drafts[i]!;
    if (draft.key === 'resp_id' && respondentQuestion !== undefined) drafts[i] = { ...draft, key: respondentQuestion, question: respondentQuestion };
    else if (twins.has(draft.key)) drafts.splice(i, 1);
  }
  return twins;
}
