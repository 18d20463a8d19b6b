/**
 * The evidence for one evaluation question, built from what the matrix links to it: who spoke
 * to it (by organisation type, agency group and location, with a warning when only one group
 * did), the numbers (frequency tables with valid percent, and by organisation type), indicators,
 * themes with segment and respondent counts by group, the core category and relations, voices
 * (quotes whose respondents consented, flagged names found), memos, rapid-analysis summaries and
 * gaps. Pure: the store and the statistics dataset are read by the caller.
 */
import type { BuiltDataset } from '../export/dataset';
import type { FlaggedMatch } from '../coding/quotes';
import { column, crosstabOf, frequencyOf, percentage, StatsError, tableRows, type Crosstab, type FrequencyTable, type Percentage } from '../stats';
import { classify } from '../stats/categories';
import type { EvaluationQuestion, LinkTargets } from './model';
import { codeLabel } from './model';
import { comparisonSentence, countOf, frequencySentence, listText, percentText, plural } from './sentences';

export type GroupAttribute = 'organisationType' | 'agencyGroup' | 'location';
export const GROUP_ATTRIBUTES: readonly { name: GroupAttribute; label: string; plural: string }[] = [
  { name: 'organisationType', label: 'Organisation type', plural: 'organisation types' },
  { name: 'agencyGroup', label: 'Agency group', plural: 'agency groups' },
  { name: 'location', label: 'Location', plural: 'locations' },
];

export interface EvidenceRespondent {
  participantId: string;
  interviewId: string;
  /** The respondent ID as printed ("R12" or "12"). */
  code: string;
  /** Attribute labels as printed ("Government"), null when not recorded. */
  organisationType: string | null;
  agencyGroup: string | null;
  location: string | null;
  quoteConsent: boolean;
}

export interface EvidenceVoice {
  codingId: string;
  interviewId: string;
  noteId: string;
  start: number;
  end: number;
  codeName: string;
  text: string;
  attribution: string;
  flagged: FlaggedMatch[];
}

export interface EvidenceInput {
  question: EvaluationQuestion;
  parent: { ref: string; text: string } | null;
  subQuestions: { ref: string; text: string }[];
  targets: LinkTargets;
  respondents: readonly EvidenceRespondent[];
  /** Per schedule question: respondents with an answer, or with notes on it (open questions). */
  spokeTo: ReadonlyMap<string, ReadonlySet<string>>;
  /** The statistics dataset (one row per respondent), the one the app's tables and SPSS use. */
  dataset: BuiltDataset | null;
  /** Codings of the linked codes and everything below them. */
  codings: readonly { codeId: string; interviewId: string }[];
  /** Per linked code: itself and its descendants. */
  codeFamilies: ReadonlyMap<string, readonly string[]>;
  core: { id: string; name: string; family: readonly string[] } | null;
  relations: readonly { fromCodeId: string; toCodeId: string; type: string; label: string }[];
  /** Marked quotes under the linked codes from interviews whose respondents all consented. */
  voices: readonly EvidenceVoice[];
  /** Marked quotes under the linked codes left out for want of quote consent. */
  voicesExcluded: number;
  memos: readonly { codeId: string; title: string; body: string; initials: string }[];
  rqa: readonly { participantId: string; domain: string; domainLabel: string; summary: string; noteId: string | null; noteLabel: string | null }[];
}

export interface GroupCount {
  value: string | null;
  label: string;
  /** Respondents of this group who spoke to the question. */
  respondents: number;
  /** Respondents of this group in the project. */
  of: number;
}

export interface EvidenceNumbers {
  question: string;
  variable: string;
  title: string;
  frequency: FrequencyTable;
  byOrganisationType: Crosstab | null;
  rows: string[][];
  crossRows: string[][] | null;
  sentences: string[];
}

export interface EvidenceIndicator {
  question: string;
  variable: string;
  label: string;
  answers: string[];
  count: number;
  /** Valid answers: the base of the valid percent. */
  base: number;
  percent: Percentage;
  /** Respondents in the dataset (asked or not). */
  total: number;
  byOrganisationType: { label: string; count: number; base: number; percent: Percentage }[];
  sentence: string;
}

export interface EvidenceTheme {
  codeId: string;
  name: string;
  path: string[];
  segments: number;
  interviews: number;
  respondents: number;
  byGroup: { value: string | null; label: string; segments: number; respondents: number }[];
  isCore: boolean;
  underCore: boolean;
  sentence: string;
}

export interface Evidence {
  kind: 'evidence';
  question: { id: string; ref: string; criterion: string; text: string };
  parent: { ref: string; text: string } | null;
  subQuestions: { ref: string; text: string }[];
  totalRespondents: number;
  spoke: { respondents: number; sentence: string; warning: string | null; byGroup: { attribute: GroupAttribute; label: string; rows: GroupCount[] }[] };
  numbers: EvidenceNumbers[];
  indicators: EvidenceIndicator[];
  themes: EvidenceTheme[];
  core: { name: string; linked: boolean } | null;
  relations: string[];
  voices: EvidenceVoice[];
  voicesExcluded: number;
  memos: { codeName: string; title: string; body: string; initials: string }[];
  rqa: { respondent: string; attribution: string; quoteConsent: boolean; domain: string; domainLabel: string; summary: string; noteId: string | null; noteLabel: string | null; interviewId: string }[];
  gaps: string[];
}

/** A linked question answered by fewer than this share of respondents is a gap. */
const FEW_RESPONDENTS_SHARE = 0.5;
/** A linked code with fewer segments than this is a gap. */
const FEW_SEGMENTS = 3;
const NOT_RECORDED = 'Not recorded';

function byLabel(a: { label: string; value: string | null }, b: { label: string; value: string | null }): number {
  if (a.value === null) return 1;
  if (b.value === null) return -1;
  return a.label.localeCompare(b.label);
}

export function buildEvidence(input: EvidenceInput): Evidence {
  const { question, targets, respondents } = input;
  const links = question.links;
  const sectionQuestions = new Map(targets.sections.map((s) => [s.name, s.questions]));
  const linkedQuestions = [
    ...new Set([...links.filter((l) => l.kind === 'question' || l.kind === 'indicator').map((l) => l.target), ...links.filter((l) => l.kind === 'section').flatMap((l) => sectionQuestions.get(l.target) ?? [])]),
  ];
  const questionInfo = new Map(targets.questions.map((q) => [q.name, q]));
  const codeIds = links.filter((l) => l.kind === 'code').map((l) => l.target);
  const codeById = new Map(targets.codes.map((c) => [c.id, c]));
  const gaps: string[] = [];
  if (links.length === 0) gaps.push('Nothing is linked to this evaluation question yet: link schedule questions, sections or codes in the matrix.');

  // ---------------------------------------------------------------- who spoke to it
  const byInterview = new Map<string, EvidenceRespondent[]>();
  for (const r of respondents) byInterview.set(r.interviewId, [...(byInterview.get(r.interviewId) ?? []), r]);
  const spoke = new Set<string>();
  for (const name of linkedQuestions) for (const id of input.spokeTo.get(name) ?? []) spoke.add(id);
  const codedInterviews = new Set(input.codings.map((c) => c.interviewId));
  for (const interviewId of codedInterviews) for (const r of byInterview.get(interviewId) ?? []) spoke.add(r.participantId);
  const speakers = respondents.filter((r) => spoke.has(r.participantId));
  const total = respondents.length;
  const groups = GROUP_ATTRIBUTES.map(({ name, label }) => {
    const counts = new Map<string | null, GroupCount>();
    for (const r of respondents) {
      const value = r[name];
      const row = counts.get(value) ?? { value, label: value ?? NOT_RECORDED, respondents: 0, of: 0 };
      row.of++;
      if (spoke.has(r.participantId)) row.respondents++;
      counts.set(value, row);
    }
    return { attribute: name, label, rows: [...counts.values()].sort(byLabel) };
  });
  let warning: string | null = null;
  for (const group of groups.slice(0, 2)) {
    const voiced = group.rows.filter((r) => r.respondents > 0 && r.value !== null);
    if (speakers.length > 0 && voiced.length === 1 && group.rows.filter((r) => r.value !== null).length > 1) {
      warning = `Only ${voiced[0]!.label} respondents spoke to this question (${group.label.toLowerCase()}): there is nothing to triangulate with.`;
      break;
    }
  }
  if (warning !== null) gaps.push(warning);
  const orgRows = groups[0]!.rows.filter((r) => r.respondents > 0);
  const spokeSentence =
    speakers.length === 0
      ? 'No respondent has spoken to this question yet (no answers, notes or coded segments linked to it).'
      : `${countOf(speakers.length, total)} spoke to this question: ${listText(orgRows.map((r) => `${r.respondents} ${r.label}`))}.`;

  // ---------------------------------------------------------------- numbers and indicators
  const numbers: EvidenceNumbers[] = [];
  const indicators: EvidenceIndicator[] = [];
  const dataset = input.dataset;
  const variablesOf = (name: string) => (dataset === null ? [] : dataset.codebook.filter((e) => (e.question ?? e.name) === name));
  for (const name of linkedQuestions) {
    const info = questionInfo.get(name);
    if (info === undefined) {
      gaps.push(`The question “${name}” is not in the schedule analysed.`);
      continue;
    }
    const closed = info.type === 'select_one' || info.type === 'select_multiple';
    if (!closed) {
      const n = input.spokeTo.get(name)?.size ?? 0;
      if (total > 0 && n < total * FEW_RESPONDENTS_SHARE) gaps.push(`Few respondents have notes on ${questionTitle(info)}: ${countOf(n, total)}.`);
      continue;
    }
    if (dataset === null) continue;
    for (const entry of variablesOf(name)) {
      const frequency = safe(() => frequencyOf(dataset.dataset, entry.name));
      if (frequency === null) continue;
      const byOrg = safe(() => crosstabOf(dataset.dataset, entry.name, 'org_type'));
      const multiple = info.type === 'select_multiple';
      const choice = entry.label.startsWith(`${info.label}: `) ? entry.label.slice(info.label.length + 2) : entry.label;
      const title = multiple ? `${questionTitle(info)}: ${choice}` : questionTitle(info);
      const sentences: string[] = [];
      // A select_multiple's 0/1 column speaks of those who chose the answer, whatever the larger group.
      const top = multiple ? frequency.valid.find((r) => r.value === 1) : [...frequency.valid].sort((a, b) => b.frequency - a.frequency)[0];
      const main = top === undefined ? null : frequencySentence(frequency, title, top);
      if (main !== null) sentences.push(main);
      if (byOrg !== null && top !== undefined) {
        const compare = comparisonSentence(byOrg, top.label);
        if (compare !== null) sentences.push(compare);
      }
      numbers.push({ question: name, variable: entry.name, title, frequency, byOrganisationType: byOrg, rows: tableRows(frequency), crossRows: byOrg === null ? null : tableRows(byOrg), sentences });
      const valid = frequency.validTotal.frequency;
      if (total > 0 && valid < frequency.total.frequency * FEW_RESPONDENTS_SHARE) {
        gaps.push(`${title} has valid answers from only ${countOf(valid, frequency.total.frequency)}: it was not asked of most respondents.`);
      }
    }
  }
  for (const link of links.filter((l) => l.kind === 'indicator')) {
    const info = questionInfo.get(link.target);
    if (info === undefined || dataset === null) continue;
    const answers = link.value.split(' ').filter((v) => v !== '');
    const answerLabels = answers.map((a) => info.choices.find((c) => c.code === a)?.label ?? a);
    const label = `% who answered ${answerLabels.map((a) => `“${a}”`).join(' or ')} to ${questionTitle(info)}`;
    const indicator = indicatorOf(dataset, info, answers);
    if (indicator === null) continue;
    const { count, base, total: all, byOrg, variable } = indicator;
    const p = percentage(count, base);
    const sentence =
      base === all
        ? `${countOf(count, all)} answered ${answerLabels.map((a) => `“${a}”`).join(' or ')} to ${questionTitle(info)}.`
        : `${count} of the ${base} respondents who gave a valid answer (${percentText(p)}, valid percent) answered ${answerLabels.map((a) => `“${a}”`).join(' or ')} to ${questionTitle(info)}; ${all - base} of the ${all} respondents were not asked or gave no valid answer.`;
    indicators.push({ question: info.name, variable, label, answers, count, base, percent: p, total: all, byOrganisationType: byOrg, sentence });
  }

  // ---------------------------------------------------------------- themes
  const codeOfCoding = new Map<string, string[]>();
  for (const [linked, family] of input.codeFamilies) for (const id of family) codeOfCoding.set(id, [...(codeOfCoding.get(id) ?? []), linked]);
  const themes: EvidenceTheme[] = codeIds.map((codeId) => {
    const code = codeById.get(codeId);
    const family = new Set(input.codeFamilies.get(codeId) ?? [codeId]);
    const codings = input.codings.filter((c) => family.has(c.codeId));
    const interviews = new Set(codings.map((c) => c.interviewId));
    const people = [...interviews].flatMap((i) => byInterview.get(i) ?? []);
    const groupsOf = new Map<string | null, { value: string | null; label: string; segments: number; respondents: number }>();
    for (const p of people) {
      const row = groupsOf.get(p.organisationType) ?? { value: p.organisationType, label: p.organisationType ?? NOT_RECORDED, segments: 0, respondents: 0 };
      row.respondents++;
      groupsOf.set(p.organisationType, row);
    }
    for (const c of codings) {
      // A segment counts once for each organisation type present in its interview.
      for (const value of new Set((byInterview.get(c.interviewId) ?? []).map((p) => p.organisationType))) groupsOf.get(value)!.segments++;
    }
    const name = code ? codeLabel(code, targets.codes) : 'A code no longer in the codebook';
    const isCore = input.core !== null && input.core.id === codeId;
    const underCore = input.core !== null && input.core.family.includes(codeId);
    const byGroup = [...groupsOf.values()].sort(byLabel);
    if (codings.length < FEW_SEGMENTS) gaps.push(`The code “${name}” has ${plural(codings.length, 'coded segment')}: too few to carry a finding.`);
    const sentence =
      codings.length === 0
        ? `“${name}” has not been coded yet.`
        : `“${name}” was coded ${plural(codings.length, 'time')} in the notes of ${countOf(people.length, total)}` +
          (byGroup.length > 0 ? `, from ${plural(byGroup.filter((g) => g.value !== null).length, 'organisation type')}.` : '.');
    return { codeId, name, path: code?.path ?? [], segments: codings.length, interviews: interviews.size, respondents: people.length, byGroup, isCore, underCore, sentence };
  });
  const linkedFamily = new Set(codeIds.flatMap((id) => input.codeFamilies.get(id) ?? [id]));
  const nameOf = (id: string) => {
    const c = codeById.get(id);
    return c ? codeLabel(c, targets.codes) : 'a deleted code';
  };
  const relations = input.relations
    .filter((r) => linkedFamily.has(r.fromCodeId) || linkedFamily.has(r.toCodeId))
    .map((r) => `“${nameOf(r.fromCodeId)}” is a ${r.type === 'custom' ? (r.label || 'related code') : r.type} of “${nameOf(r.toCodeId)}”${r.type !== 'custom' && r.label !== '' ? ` (${r.label})` : ''}.`);

  // ---------------------------------------------------------------- voices, memos, rapid analysis
  const memos = input.memos.map((m) => ({ codeName: nameOf(m.codeId), title: m.title, body: m.body, initials: m.initials }));
  const respondentById = new Map(respondents.map((r) => [r.participantId, r]));
  const rqa = input.rqa.flatMap((cell) => {
    const r = respondentById.get(cell.participantId);
    if (r === undefined || cell.summary.trim() === '') return [];
    return [{ respondent: r.code, attribution: `(${r.code}, ${r.organisationType ?? NOT_RECORDED})`, quoteConsent: r.quoteConsent, domain: cell.domain, domainLabel: cell.domainLabel, summary: cell.summary, noteId: cell.noteId, noteLabel: cell.noteLabel, interviewId: r.interviewId }];
  });
  if (codeIds.length > 0 && input.voices.length === 0) {
    gaps.push(input.voicesExcluded > 0 ? `No quote can be used: ${input.voicesExcluded === 1 ? 'the marked quote comes' : `the ${input.voicesExcluded} marked quotes come`} from respondents without quote consent.` : 'No segment under the linked codes is marked as a quote.');
  }

  return {
    kind: 'evidence',
    question: { id: question.id, ref: question.ref, criterion: question.criterion, text: question.text },
    parent: input.parent,
    subQuestions: input.subQuestions,
    totalRespondents: total,
    spoke: { respondents: speakers.length, sentence: spokeSentence, warning, byGroup: groups },
    numbers,
    indicators,
    themes,
    core: input.core === null ? null : { name: input.core.name, linked: codeIds.some((id) => input.core!.family.includes(id)) },
    relations,
    voices: [...input.voices],
    voicesExcluded: input.voicesExcluded,
    memos,
    rqa,
    gaps,
  };
}

function questionTitle(q: { name: string; label: string }): string {
  return q.label !== '' && q.label !== q.name ? `“${q.label}”` : q.name;
}

function safe<T>(compute: () => T): T | null {
  try {
    return compute();
  } catch (error) {
    if (error instanceof StatsError) return null;
    throw error;
  }
}

/** Valid answers that chose one of `answers`, over all valid answers, overall and by organisation type. */
function indicatorOf(
  built: BuiltDataset,
  info: { name: string; type: string; choices: { code: string }[] },
  answers: readonly string[],
): { variable: string; count: number; base: number; total: number; byOrg: EvidenceIndicator['byOrganisationType'] } | null {
  const entries = built.codebook.filter((e) => (e.question ?? e.name) === info.name);
  if (entries.length === 0) return null;
  // A select_multiple counts respondents who chose any of the answers: its 0/1 columns, one per choice.
  const multiple = info.type === 'select_multiple';
  const chosenColumns = multiple ? info.choices.map((c, i) => ({ c, e: entries[i] })).filter((x) => answers.includes(x.c.code) && x.e !== undefined).map((x) => x.e!.name) : [entries[0]!.name];
  if (chosenColumns.length === 0) return null;
  const tables = chosenColumns.map((name) => ({ name, col: column(built.dataset, name) }));
  const first = tables[0]!;
  const orgs = column(built.dataset, 'org_type');
  const validRow = (i: number) => isValidCell(first.col, i);
  // The dataset holds word-named choices (yes, no) as their codes 1..k: compare codes, not names.
  const codeOfName = new Map(entries[0]!.choiceCodes?.map((c) => [c.name, String(c.value)]) ?? []);
  const wanted = answers.map((a) => codeOfName.get(a) ?? a);
  const hit = (i: number) => (multiple ? tables.some((t) => t.col.values[i] === 1) : wanted.some((a) => String(first.col.values[i]).trimEnd() === a));
  let count = 0;
  let base = 0;
  const byOrg = new Map<string, { count: number; base: number }>();
  const rows = built.dataset.rows.length;
  for (let i = 0; i < rows; i++) {
    if (!validRow(i)) continue;
    base++;
    const label = orgLabel(orgs, i);
    const cell = byOrg.get(label) ?? { count: 0, base: 0 };
    cell.base++;
    if (hit(i)) {
      count++;
      cell.count++;
    }
    byOrg.set(label, cell);
  }
  return {
    variable: chosenColumns.join(' + '),
    count,
    base,
    total: rows,
    byOrg: [...byOrg.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, c]) => ({ label, count: c.count, base: c.base, percent: percentage(c.count, c.base) })),
  };
}

/** Valid exactly as the frequency table counts it (shared/stats), so the indicator's base is its Valid total. */
function isValidCell(col: ReturnType<typeof column>, i: number): boolean {
  return classify(col.variable, col.values[i] ?? null, col.variable.name).kind === 'valid';
}

function orgLabel(orgs: ReturnType<typeof column>, i: number): string {
  const value = orgs.values[i];
  if (value === null || value === undefined) return NOT_RECORDED;
  return orgs.variable.valueLabels.find((l) => l.value === value)?.label ?? String(value);
}
