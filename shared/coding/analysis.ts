// Analysis views over codings: retrieval with context, code-by-attribute matrix,
// co-occurrence, saturation and the axial relations around the core category.
import { descendantIds } from './code-tree';
import { CodingError, RELATION_TYPES, type Code, type Coding, type Relation } from './model';

export interface TextRange {
  start: number;
  end: number;
}

/** Respondent attributes of an interview (organisation type, location, agency group...); null = not recorded. */
export type Attributes = Readonly<Record<string, string | null>>;
export type AttributeLookup = (interviewId: string) => Attributes;
/** Attribute name to the values kept; null in the list keeps interviews where it is not recorded. */
export type AttributeFilter = Readonly<Record<string, readonly (string | null)[]>>;

export function matchesAttributes(attributes: Attributes, where: AttributeFilter | undefined): boolean {
  if (where === undefined) return true;
  return Object.entries(where).every(([name, allowed]) => allowed.includes(attributes[name] ?? null));
}

// ---------------------------------------------------------------- sentences

// Khmer writes no spaces between words and ends sentences with khan "។" (and "៕" at the end of
// a text), usually with no space after; Latin terminators end a sentence only before whitespace,
// so "3.5" and "www.moh.gov.kh" stay whole. Abbreviations ("Dr. Sok") do split: a known limit.
const KHMER_ENDS = new Set(['។', '៕']);
const LATIN_ENDS = new Set(['.', '!', '?', '…']);
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '»']);

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/u.test(ch);
}

/** Sentences of a text as ranges, without surrounding whitespace. Line breaks end sentences too. */
export function sentenceRanges(text: string): TextRange[] {
  const out: TextRange[] = [];
  let start = -1;
  const close = (end: number): void => {
    if (start < 0) return;
    let e = end;
    while (e > start && isSpace(text[e - 1])) e--;
    if (e > start) out.push({ start, end: e });
    start = -1;
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '\n' || ch === '\r') {
      close(i);
      i++;
      continue;
    }
    if (start < 0) {
      if (isSpace(ch)) {
        i++;
        continue;
      }
      start = i;
    }
    if (KHMER_ENDS.has(ch) || LATIN_ENDS.has(ch)) {
      let j = i + 1;
      while (j < text.length && (KHMER_ENDS.has(text[j] as string) || LATIN_ENDS.has(text[j] as string) || CLOSERS.has(text[j] as string))) j++;
      const khmer = [...text.slice(i, j)].some((c) => KHMER_ENDS.has(c));
      if (khmer || j === text.length || isSpace(text[j])) close(j);
      i = j;
      continue;
    }
    i++;
  }
  close(text.length);
  return out;
}

/** The sentence or sentences around [start, end): from the start of the first to the end of the last. */
export function sentenceAround(text: string, start: number, end: number): TextRange {
  const touching = sentenceRanges(text).filter((s) => (end > start ? s.start < end && start < s.end : s.start <= start && start <= s.end));
  const first = touching[0];
  const last = touching.at(-1);
  if (first === undefined || last === undefined) return { start, end };
  return { start: Math.min(first.start, start), end: Math.max(last.end, end) };
}

// ---------------------------------------------------------------- retrieval

export interface CodingSource {
  codes: readonly Code[];
  codings: readonly Coding[];
  /** The note's plain text (offsets as in segments.ts), or undefined if it is not loaded. */
  noteText: (noteId: string) => string | undefined;
  attributesOf: AttributeLookup;
}

export interface RetrievalQuery {
  codeId: string;
  includeDescendants?: boolean;
  where?: AttributeFilter;
}

export interface RetrievedCoding {
  coding: Coding;
  code: Code;
  /** The surrounding sentence(s) in the note; the coding's own text when the note is not at hand. */
  context: TextRange & { text: string };
  /** Where the coded text sits inside context.text, for highlighting. */
  highlight: TextRange;
  attributes: Attributes;
}

function codeSet(codes: readonly Code[], codeId: string, includeDescendants: boolean | undefined): Set<string> {
  if (!codes.some((c) => c.id === codeId)) throw new CodingError('unknown-code', `There is no code with id ${codeId}.`);
  return new Set(includeDescendants === true ? [codeId, ...descendantIds(codes, codeId)] : [codeId]);
}

/** All codings of a code (optionally with its descendants) with their sentences, filtered by respondent attributes. */
export function retrieveCodings(source: CodingSource, query: RetrievalQuery): RetrievedCoding[] {
  const wanted = codeSet(source.codes, query.codeId, query.includeDescendants);
  const codes = new Map(source.codes.map((c) => [c.id, c]));
  const out: RetrievedCoding[] = [];
  for (const coding of source.codings) {
    const code = codes.get(coding.codeId);
    if (code === undefined || !wanted.has(coding.codeId)) continue;
    const attributes = source.attributesOf(coding.interviewId);
    if (!matchesAttributes(attributes, query.where)) continue;
    const note = source.noteText(coding.noteId);
    if (note === undefined || note.slice(coding.start, coding.end) !== coding.text) {
      out.push({ coding, code, attributes, context: { start: coding.start, end: coding.end, text: coding.text }, highlight: { start: 0, end: coding.text.length } });
      continue;
    }
    const around = sentenceAround(note, coding.start, coding.end);
    out.push({
      coding,
      code,
      attributes,
      context: { ...around, text: note.slice(around.start, around.end) },
      highlight: { start: coding.start - around.start, end: coding.end - around.start },
    });
  }
  return out.sort((a, b) => compare(a.coding.interviewId, b.coding.interviewId) || compare(a.coding.noteId, b.coding.noteId) || a.coding.start - b.coding.start || compare(a.coding.id, b.coding.id));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------- code by attribute

export interface MatrixCell {
  value: string | null;
  interviews: number;
  codings: number;
  /** For drill-down: the codings counted here. */
  codingIds: string[];
  interviewIds: string[];
}

export interface MatrixRow {
  codeId: string;
  cells: MatrixCell[];
  interviews: number;
  codings: number;
}

export interface CodeAttributeMatrix {
  attribute: string;
  /** Column values in order; null (not recorded) last. */
  values: (string | null)[];
  /** Interviews per column among all interviews given, the base for "n of N". */
  interviewsPerValue: number[];
  rows: MatrixRow[];
}

export interface MatrixInput {
  codes: readonly Code[];
  codings: readonly Coding[];
  /** Row codes, in display order. */
  codeIds: readonly string[];
  attribute: string;
  /** Every interview in scope (also those without codings), for the column bases. */
  interviewIds: readonly string[];
  attributesOf: AttributeLookup;
  includeDescendants?: boolean;
  /** Column order; by default the values found, sorted, with null last. */
  values?: readonly (string | null)[];
}

export function codeByAttributeMatrix(input: MatrixInput): CodeAttributeMatrix {
  const valueOf = new Map(input.interviewIds.map((id) => [id, input.attributesOf(id)[input.attribute] ?? null]));
  const found = [...new Set(valueOf.values())];
  const values = input.values !== undefined ? [...input.values] : [...found.filter((v): v is string => v !== null).sort((a, b) => a.localeCompare(b)), ...(found.includes(null) ? [null] : [])];
  const column = new Map(values.map((v, i) => [v, i]));
  const interviewsPerValue = values.map((v) => [...valueOf.values()].filter((x) => x === v).length);
  const rows = input.codeIds.map((codeId): MatrixRow => {
    const wanted = codeSet(input.codes, codeId, input.includeDescendants);
    const cells = values.map((value): MatrixCell => ({ value, interviews: 0, codings: 0, codingIds: [], interviewIds: [] }));
    const rowInterviews = new Set<string>();
    let rowCodings = 0;
    for (const coding of input.codings) {
      if (!wanted.has(coding.codeId) || !valueOf.has(coding.interviewId)) continue;
      const cell = cells[column.get(valueOf.get(coding.interviewId) ?? null) ?? -1];
      if (cell === undefined) continue;
      cell.codings += 1;
      cell.codingIds.push(coding.id);
      if (!cell.interviewIds.includes(coding.interviewId)) cell.interviewIds.push(coding.interviewId);
      cell.interviews = cell.interviewIds.length;
      rowInterviews.add(coding.interviewId);
      rowCodings += 1;
    }
    return { codeId, cells, interviews: rowInterviews.size, codings: rowCodings };
  });
  return { attribute: input.attribute, values, interviewsPerValue, rows };
}

// ---------------------------------------------------------------- co-occurrence

export interface CoOccurrence {
  /** The pair, ordered by id. */
  codeA: string;
  codeB: string;
  /** Pairs of codings (one of each code) that co-occur. */
  count: number;
  interviews: number;
  /** [coding of codeA, coding of codeB], for drill-down. */
  pairs: Array<[string, string]>;
}

/**
 * Two codes co-occur where a coding of one and a coding of the other overlap in the same note,
 * or code answers to the same question in the same interview. Each pair of codings counts once
 * even when both hold. Codings of the same code are not compared.
 */
export function coOccurrence(codings: readonly Coding[], codeIds?: readonly string[]): CoOccurrence[] {
  const keep = codeIds === undefined ? null : new Set(codeIds);
  const byInterview = new Map<string, Coding[]>();
  for (const c of codings) {
    if (keep !== null && !keep.has(c.codeId)) continue;
    byInterview.set(c.interviewId, [...(byInterview.get(c.interviewId) ?? []), c]);
  }
  const pairs = new Map<string, CoOccurrence & { interviewSet: Set<string> }>();
  for (const [interviewId, list] of byInterview) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const x = list[i] as Coding;
        const y = list[j] as Coding;
        if (x.codeId === y.codeId) continue;
        const overlap = x.noteId === y.noteId && x.start < y.end && y.start < x.end;
        const sameQuestion = x.questionName !== null && x.questionName === y.questionName;
        if (!overlap && !sameQuestion) continue;
        const [a, b] = x.codeId < y.codeId ? [x, y] : [y, x];
        const key = `${a.codeId}\u0000${b.codeId}`;
        const entry = pairs.get(key) ?? { codeA: a.codeId, codeB: b.codeId, count: 0, interviews: 0, pairs: [], interviewSet: new Set<string>() };
        entry.count += 1;
        entry.pairs.push([a.id, b.id]);
        entry.interviewSet.add(interviewId);
        entry.interviews = entry.interviewSet.size;
        pairs.set(key, entry);
      }
    }
  }
  return [...pairs.values()]
    .map(({ interviewSet: _interviewSet, ...rest }) => rest)
    .sort((p, q) => q.count - p.count || compare(p.codeA, q.codeA) || compare(p.codeB, q.codeB));
}

// ---------------------------------------------------------------- saturation

export interface InterviewHeld {
  id: string;
  /** ISO 8601 date or date-time; ISO strings sort in time order. */
  heldOn: string;
}

export interface SaturationPoint {
  interviewId: string;
  heldOn: string;
  /** Codes used for the first time in this interview. */
  newCodeIds: string[];
  newCodes: number;
  /** Distinct codes seen up to and including this interview. */
  cumulative: number;
}

/**
 * New codes per interview in the order interviews were held (ties by id): a flattening
 * cumulative curve is the usual evidence of saturation. Codings of interviews not listed are ignored.
 */
export function saturation(interviews: readonly InterviewHeld[], codings: readonly Coding[]): SaturationPoint[] {
  const ordered = [...interviews].sort((a, b) => compare(a.heldOn, b.heldOn) || compare(a.id, b.id));
  const codesOf = new Map<string, Set<string>>();
  for (const c of codings) codesOf.set(c.interviewId, (codesOf.get(c.interviewId) ?? new Set()).add(c.codeId));
  const seen = new Set<string>();
  return ordered.map((interview) => {
    const fresh = [...(codesOf.get(interview.id) ?? [])].filter((id) => !seen.has(id)).sort(compare);
    for (const id of fresh) seen.add(id);
    return { interviewId: interview.id, heldOn: interview.heldOn, newCodeIds: fresh, newCodes: fresh.length, cumulative: seen.size };
  });
}

// ---------------------------------------------------------------- axial relations

/** Checks a relation before it is stored: both codes exist, no self-link, a known type, a label for 'custom'. */
export function checkRelation(codes: readonly Code[], relation: Relation): Relation {
  for (const id of [relation.fromCodeId, relation.toCodeId]) {
    if (!codes.some((c) => c.id === id)) throw new CodingError('unknown-code', `There is no code with id ${id}.`);
  }
  if (relation.fromCodeId === relation.toCodeId) throw new CodingError('invalid-relation', 'A relation links two different codes.');
  if (!RELATION_TYPES.includes(relation.type)) throw new CodingError('invalid-relation', `Unknown relation type "${String(relation.type)}".`);
  const label = relation.label.trim();
  if (relation.type === 'custom' && label === '') throw new CodingError('invalid-relation', 'A custom relation needs a label.');
  return { ...relation, label };
}

export interface RelationStep {
  relation: Relation;
  /** 'outgoing' when the walk followed the relation from its fromCode, 'incoming' when against it. */
  direction: 'outgoing' | 'incoming';
  /** The code this step arrives at. */
  codeId: string;
}

export interface RelatedCode {
  codeId: string;
  distance: number;
  /** A shortest path of relations from the core category to this code. */
  path: RelationStep[];
}

/** Everything linked to the core category, directly or through other codes, in either direction. */
export function relatedTo(relations: readonly Relation[], coreId: string): RelatedCode[] {
  const steps = new Map<string, RelationStep[]>();
  for (const r of [...relations].sort((a, b) => compare(a.id, b.id))) {
    steps.set(r.fromCodeId, [...(steps.get(r.fromCodeId) ?? []), { relation: r, direction: 'outgoing', codeId: r.toCodeId }]);
    steps.set(r.toCodeId, [...(steps.get(r.toCodeId) ?? []), { relation: r, direction: 'incoming', codeId: r.fromCodeId }]);
  }
  const paths = new Map<string, RelationStep[]>([[coreId, []]]);
  const queue = [coreId];
  const out: RelatedCode[] = [];
  for (let head = 0; head < queue.length; head++) {
    const here = queue[head] as string;
    const path = paths.get(here) ?? [];
    for (const step of steps.get(here) ?? []) {
      if (paths.has(step.codeId)) continue;
      const next = [...path, step];
      paths.set(step.codeId, next);
      queue.push(step.codeId);
      out.push({ codeId: step.codeId, distance: next.length, path: next });
    }
  }
  return out;
}
