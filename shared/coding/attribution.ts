// Who said a coded passage, and how passages count by respondent attributes. A group session is
// analysed per respondent: a passage tagged to a speaker belongs to that participant; a passage
// with no speaker belongs to the whole session and counts once under each distinct value its
// respondents have (never under a "Government + NGO" mix). A one-on-one interview's passages
// belong to its only respondent.
import { descendantIds } from './code-tree';
import type { Code, Coding } from './model';

/** One respondent with their own attributes (interview-level ones, such as language and date, included). */
export interface RespondentFacts {
  participantId: string;
  respondentCode: string;
  attributes: Readonly<Record<string, string | null>>;
  quoteConsent: boolean;
}

export interface Attribution {
  /** The speaker alone, or every respondent of the session for a whole-session passage. */
  respondents: readonly RespondentFacts[];
  /** True for a passage of a group session with no speaker. */
  wholeSession: boolean;
}

/**
 * The respondents a passage belongs to. `speakerId` is the participant whose speaker span holds
 * the passage, or null when none does (or speakers are not recorded).
 */
export function attributePassage(participants: readonly RespondentFacts[], speakerId: string | null): Attribution {
  const speaker = speakerId === null ? undefined : participants.find((p) => p.participantId === speakerId);
  if (speaker !== undefined) return { respondents: [speaker], wholeSession: false };
  if (participants.length <= 1) return { respondents: participants, wholeSession: false };
  return { respondents: participants, wholeSession: true };
}

/** The distinct values an attribute takes among a passage's respondents (null: not recorded), each counted once. */
export function attributionValues(attribution: Attribution, attribute: string): (string | null)[] {
  return [...new Set(attribution.respondents.map((r) => r.attributes[attribute] ?? null))];
}

/** Attribute name to the values kept; null in the list keeps respondents where it is not recorded. */
export type RespondentFilter = Readonly<Record<string, readonly (string | null)[]>>;

/** The respondents of a passage that pass a filter (all of them when there is none). */
export function respondentsPassing(attribution: Attribution, where: RespondentFilter | undefined): RespondentFacts[] {
  if (where === undefined) return [...attribution.respondents];
  return attribution.respondents.filter((r) => Object.entries(where).every(([name, allowed]) => allowed.includes(r.attributes[name] ?? null)));
}

// ---------------------------------------------------------------- code by respondent attribute

export interface RespondentCell {
  value: string | null;
  /** Passages in the cell; a whole-session passage counts once here even with several respondents of this value. */
  codings: number;
  /** Of those, passages of a whole group session (no speaker). */
  wholeSession: number;
  /** Distinct respondents with this value who said (or were in the session of) a passage. */
  respondents: number;
  /** Distinct interviews, for those who count by case. */
  interviews: number;
  codingIds: string[];
  interviewIds: string[];
}

export interface RespondentRow {
  codeId: string;
  cells: RespondentCell[];
  codings: number;
  interviews: number;
}

export interface RespondentMatrix {
  attribute: string;
  values: (string | null)[];
  /** Respondents per column among all respondents in scope: the base for "n of N". */
  respondentsPerValue: number[];
  /** Interviews with at least one respondent of the value. */
  interviewsPerValue: number[];
  rows: RespondentRow[];
}

export interface RespondentMatrixInput {
  codes: readonly Code[];
  codings: readonly Coding[];
  codeIds: readonly string[];
  attribute: string;
  /** Every respondent in scope, by interview (also those without codings), for the column bases. */
  respondents: ReadonlyMap<string, readonly RespondentFacts[]>;
  attributionOf: (coding: Coding) => Attribution;
  includeDescendants?: boolean;
}

/** Codes by one attribute of the respondents themselves: one column per value, never a group mix. */
export function codeByRespondentMatrix(input: RespondentMatrixInput): RespondentMatrix {
  const all = [...input.respondents.values()].flat();
  const found = [...new Set(all.map((r) => r.attributes[input.attribute] ?? null))];
  const values = [...found.filter((v): v is string => v !== null).sort((a, b) => a.localeCompare(b)), ...(found.includes(null) ? [null] : [])];
  const column = new Map(values.map((v, i) => [v, i]));
  const respondentsPerValue = values.map((v) => all.filter((r) => (r.attributes[input.attribute] ?? null) === v).length);
  const interviewsPerValue = values.map((v) => [...input.respondents.values()].filter((list) => list.some((r) => (r.attributes[input.attribute] ?? null) === v)).length);
  const children = new Map<string, Set<string>>();
  const wantedOf = (codeId: string) => {
    let set = children.get(codeId);
    if (set === undefined) children.set(codeId, (set = new Set(input.includeDescendants === false ? [codeId] : [codeId, ...descendantIds(input.codes, codeId)])));
    return set;
  };
  const attributions = new Map<string, Attribution>();
  const attributionOf = (coding: Coding) => {
    let a = attributions.get(coding.id);
    if (a === undefined) attributions.set(coding.id, (a = input.attributionOf(coding)));
    return a;
  };
  const rows = input.codeIds.map((codeId): RespondentRow => {
    const wanted = wantedOf(codeId);
    const cells = values.map(() => ({ codings: 0, wholeSession: 0, respondents: new Set<string>(), interviews: new Set<string>(), codingIds: [] as string[] }));
    const rowInterviews = new Set<string>();
    let rowCodings = 0;
    for (const coding of input.codings) {
      if (!wanted.has(coding.codeId) || !input.respondents.has(coding.interviewId)) continue;
      const attribution = attributionOf(coding);
      rowCodings += 1;
      rowInterviews.add(coding.interviewId);
      for (const value of attributionValues(attribution, input.attribute)) {
        const cell = cells[column.get(value) ?? -1];
        if (cell === undefined) continue;
        cell.codings += 1;
        if (attribution.wholeSession) cell.wholeSession += 1;
        cell.codingIds.push(coding.id);
        cell.interviews.add(coding.interviewId);
        for (const r of attribution.respondents) if ((r.attributes[input.attribute] ?? null) === value) cell.respondents.add(r.participantId);
      }
    }
    return {
      codeId,
      codings: rowCodings,
      interviews: rowInterviews.size,
      cells: cells.map((c, i) => ({
        value: values[i] ?? null,
        codings: c.codings,
        wholeSession: c.wholeSession,
        respondents: c.respondents.size,
        interviews: c.interviews.size,
        codingIds: c.codingIds,
        interviewIds: [...c.interviews],
      })),
    };
  });
  return { attribute: input.attribute, values, respondentsPerValue, interviewsPerValue, rows };
}
