/**
 * Queries over the codings: retrieval of a code's segments with their sentences and who said
 * them, a matrix cell's segments, codes by a respondent attribute, co-occurrence, saturation and
 * the codes related to the core category.
 */
import {
  codeByRespondentMatrix,
  codePath,
  coOccurrence,
  descendantIds,
  findCode,
  relatedTo,
  respondentsPassing,
  saturation,
  sentenceAround,
  type Code,
  type CoOccurrence,
  type RelatedCode,
  type RespondentFacts,
  type RespondentMatrix,
  type SaturationPoint,
} from '../../shared/coding';
import type { AttributeName, InterviewFilter, RetrievedSegment } from './api-types';
import { CodebookRepo } from './codebook-repo';
import { CODING_COLUMNS, codingOf, domain, type CodingRow, type StoredCoding } from './coding-rows';
import { Repository } from './repository';
import { passesDates, respondentPasses, RespondentFactsRepo } from './respondent-facts-repo';

export class AnalysisRepo extends Repository {
  private readonly codebook = new CodebookRepo(this.db, this.deviceId, this.clock);
  private readonly cases = new RespondentFactsRepo(this.db, this.deviceId, this.clock);


  /** Codings of a code (and its descendants, if asked) with their sentences, respondent IDs and attributes. */
  retrieve(codeId: string, includeChildren: boolean, filter?: InterviewFilter): RetrievedSegment[] {
    const codes = this.codebook.codes();
    const wanted = domain(() => {
      findCode({ codes, codings: [], memos: [], relations: [] }, codeId);
      return includeChildren ? [codeId, ...descendantIds(codes, codeId)] : [codeId];
    });
    const facts = this.cases.interviewFacts();
    const respondents = this.cases.respondentFacts();
    const speakers = this.cases.speakerSpans();
    // Interviews outside the dates, or with no respondent the filter keeps, are left out in SQL;
    // each passage is then kept when its own speaker (or, for a whole session, one of its respondents) passes.
    const allowed = filter === undefined ? null : [...facts.values()].filter((f) => passesDates(f, filter) && (respondents.get(f.id) ?? []).some((r) => respondentPasses(r, filter))).map((f) => f.id);
    // Only a window of each note around its coding crosses into JavaScript: reading whole notes
    // (thousands of characters each, hundreds of notes) is what a large retrieval would spend
    // its time on. substr counts characters, not UTF-16 units, so contextOf checks the window
    // and falls back to the whole note where they differ (text outside the BMP, e.g. emoji).
    const found = this.db
      .prepare(
        `SELECT ${CODING_COLUMNS.split(', ').map((c) => `c.${c}`).join(', ')}, max(c.start - ?, 0) AS win_start,
           substr(n.plain_text, max(c.start - ?, 0) + 1, c."end" - max(c.start - ?, 0) + ?) AS win
         FROM coding c JOIN note n ON n.id = c.note_id
         WHERE c.code_id IN (SELECT value FROM json_each(?)) AND (? IS NULL OR c.interview_id IN (SELECT value FROM json_each(?)))`,
      )
      .all(CONTEXT_WINDOW, CONTEXT_WINDOW, CONTEXT_WINDOW, CONTEXT_WINDOW, JSON.stringify(wanted), allowed === null ? null : 1, JSON.stringify(allowed ?? [])) as (CodingRow & { win_start: number; win: string })[];
    const rows = found
      .map((r) => ({ coding: codingOf(r), window: { start: r.win_start, text: r.win } }))
      .map((row) => ({ ...row, attribution: this.cases.attributionOf(row.coding, respondents, speakers) }))
      .filter((row) => filter?.where === undefined || respondentsPassing(row.attribution, filter.where).length > 0);
    const wholeNote = this.db.prepare('SELECT plain_text FROM note WHERE id = ?').pluck();
    const contextIn = (coding: StoredCoding, window: { start: number; text: string }) => {
      const local = { start: coding.start - window.start, end: coding.end - window.start, text: coding.text };
      if (window.text.slice(local.start, local.end) !== coding.text) return contextOf(wholeNote.get(coding.noteId) as string | undefined, coding);
      const { context, highlight } = contextOf(window.text, local);
      return { context: { ...context, start: context.start + window.start, end: context.end + window.start }, highlight };
    };
    const byId = new Map(codes.map((c) => [c.id, c]));
    const paths = new Map<string, string[]>();
    const pathOf = (id: string) => {
      let p = paths.get(id);
      if (p === undefined) paths.set(id, (p = codePath(codes, id).map((c) => c.name)));
      return p;
    };
    rows.sort(({ coding: x }, { coding: y }) => compareText(x.interviewId, y.interviewId) || compareText(x.noteId, y.noteId) || x.start - y.start || compareText(x.id, y.id));
    return rows.map(({ coding, window, attribution }): RetrievedSegment => {
      const f = facts.get(coding.interviewId);
      const code = byId.get(coding.codeId) as Code;
      const { context, highlight } = contextIn(coding, window);
      return {
        codingId: coding.id,
        codeId: code.id,
        codeName: code.name,
        codePath: pathOf(code.id),
        interviewId: coding.interviewId,
        noteId: coding.noteId,
        question: coding.questionName ?? '',
        start: coding.start,
        end: coding.end,
        text: coding.text,
        isQuote: coding.isQuote === true,
        context,
        highlight,
        respondentCodes: attribution.respondents.map((r) => r.respondentCode),
        wholeSession: attribution.wholeSession,
        heldAt: f?.heldAt ?? '',
        attributes: attribution.respondents.length === 1 ? { ...(attribution.respondents[0]?.attributes ?? {}) } : { ...(f?.attributes ?? {}) },
      };
    });
  }

  /** The segments of the given codings (a matrix cell's drill-down), in retrieval order. */
  segmentsByIds(codingIds: readonly string[]): RetrievedSegment[] {
    const rows = this.db.prepare('SELECT DISTINCT code_id FROM coding WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(codingIds)) as string[];
    const wanted = new Set(codingIds);
    return rows.flatMap((codeId) => this.retrieve(codeId, false)).filter((s) => wanted.has(s.codingId)).sort(
      (x, y) => compareText(x.interviewId, y.interviewId) || compareText(x.noteId, y.noteId) || x.start - y.start || compareText(x.codingId, y.codingId),
    );
  }

  /**
   * Codes by one attribute of the respondents themselves (default rows: top-level codes): a
   * passage counts under its speaker's value; a whole-session passage of a group once under each
   * value its respondents have, and is counted apart as whole-session.
   */
  matrix(attribute: AttributeName, codeIds: readonly string[] | undefined, includeChildren: boolean, filter?: InterviewFilter): RespondentMatrix {
    const codes = this.codebook.codes();
    const facts = this.cases.interviewFacts();
    const all = this.cases.respondentFacts();
    const speakers = this.cases.speakerSpans();
    const inScope = new Map<string, RespondentFacts[]>();
    for (const [interviewId, list] of all) {
      const f = facts.get(interviewId);
      if (f === undefined || !passesDates(f, filter)) continue;
      const kept = list.filter((r) => respondentPasses(r, filter));
      if (kept.length > 0) inScope.set(interviewId, kept);
    }
    const rows = codeIds ?? codes.filter((c) => c.parentId === null).sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).map((c) => c.id);
    return domain(() => {
      for (const id of rows) findCode({ codes, codings: [], memos: [], relations: [] }, id);
      return codeByRespondentMatrix({
        codes,
        codings: this.codebook.codings(),
        codeIds: rows,
        attribute,
        respondents: inScope,
        // Attributed among all the session's respondents, then only those in scope are counted.
        attributionOf: (coding) => {
          const a = this.cases.attributionOf(coding, all, speakers);
          const kept = (inScope.get(coding.interviewId) ?? []).map((r) => r.participantId);
          return { ...a, respondents: a.respondents.filter((r) => kept.includes(r.participantId)) };
        },
        includeDescendants: includeChildren,
      });
    });
  }

  cooccurrence(codeIds?: readonly string[]): CoOccurrence[] {
    return coOccurrence(this.codebook.codings(), codeIds);
  }

  /** New codes per interview in the order interviews were held. */
  saturation(): SaturationPoint[] {
    const interviews = (this.db.prepare('SELECT id, held_at FROM interview').all() as { id: string; held_at: string }[]).map((i) => ({ id: i.id, heldOn: i.held_at }));
    return saturation(interviews, this.codebook.codings());
  }

  /** Codes linked to the core category, directly or through others. */
  relatedToCore(): RelatedCode[] {
    const core = this.codebook.coreCode();
    return core === null ? [] : relatedTo(this.codebook.relations(), core.id);
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How far around a coding its sentence is looked for; a longer sentence is cut here. */
const CONTEXT_WINDOW = 300;

/**
 * The sentence(s) around a coding (shared/coding sentenceAround), found in a window of the note
 * rather than the whole note: retrieval of a large code stays proportional to what it shows.
 * When the note no longer matches the coding, the context is the coded text alone.
 */
export function contextOf(note: string | undefined, coding: { start: number; end: number; text: string }): { context: { start: number; end: number; text: string }; highlight: { start: number; end: number } } {
  if (note === undefined || note.slice(coding.start, coding.end) !== coding.text) {
    return { context: { start: coding.start, end: coding.end, text: coding.text }, highlight: { start: 0, end: coding.text.length } };
  }
  let from = Math.max(0, coding.start - CONTEXT_WINDOW);
  let to = Math.min(note.length, coding.end + CONTEXT_WINDOW);
  // Start and end the window on a line break where there is one, so the edge is a sentence edge.
  const lineBefore = coding.start > 0 ? note.lastIndexOf('\n', coding.start - 1) : -1;
  if (lineBefore >= from) from = lineBefore + 1;
  const lineAfter = note.indexOf('\n', coding.end);
  if (lineAfter !== -1 && lineAfter <= to) to = lineAfter;
  const around = sentenceAround(note.slice(from, to), coding.start - from, coding.end - from);
  const start = around.start + from;
  const end = around.end + from;
  return { context: { start, end, text: note.slice(start, end) }, highlight: { start: coding.start - start, end: coding.end - start } };
}
