/**
 * Full-text search of the notes (FTS5 trigram index, or LIKE for words shorter than three
 * characters) and coding every place a search finds in one undo step.
 */
import { applyPatch, createCode, emptyPatch, findCode, sentenceAround, type Code } from '../../shared/coding';
import type { NoteHit } from './api-types';
import { CodebookRepo } from './codebook-repo';
import { CodebookError, type ChangeOutcome, type StoredCoding } from './coding-rows';
import { Repository } from './repository';
import { RespondentFactsRepo } from './respondent-facts-repo';
import { flushSearchIndex, searchIndexPending } from './search-index';

const ESCAPE = /[.*+?^${}()|[\]\\]/g;
/** FTS5's trigram tokenizer needs at least three characters to use its index. */
const TRIGRAM = 3;

export class SearchRepo extends Repository {
  private readonly codebook = new CodebookRepo(this.db, this.deviceId, this.clock);
  private readonly cases = new RespondentFactsRepo(this.db, this.deviceId, this.clock);

  /**
   * Notes containing every word of the query, anywhere (substrings too: Khmer has no spaces).
   * Words of three characters or more use the FTS5 trigram index; the trigram tokenizer cannot
   * match anything shorter, so a query with a shorter word falls back to LIKE over the plain
   * text (a full scan, still fast at project sizes, and case-insensitive for ASCII only).
   */
  searchNotes(query: string, limit = 50, offset = 0): { method: 'fts' | 'like'; total: number; hits: NoteHit[] } {
    const terms = [...new Set(query.trim().split(/\s+/u).filter((t) => t !== ''))];
    if (terms.length === 0) return { method: 'fts', total: 0, hits: [] };
    // A project opened read-only cannot bring its index up to date: with notes waiting to be
    // indexed (saved since the last search), it searches the plain text instead.
    const useFts = terms.every((t) => [...t].length >= TRIGRAM) && !(this.db.readonly && searchIndexPending(this.db));
    if (useFts && !this.db.readonly) flushSearchIndex(this.db);
    let rows: { id: string; interview_id: string; question: string; plain_text: string }[];
    let total: number;
    if (useFts) {
      // Each word a quoted FTS5 string (a substring for trigram); quotes inside are doubled.
      const match = terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
      total = this.db.prepare('SELECT count(*) FROM note_fts WHERE note_fts MATCH ?').pluck().get(match) as number;
      rows = this.db
        .prepare(
          `SELECT n.id, n.interview_id, n.question, n.plain_text FROM note_fts f JOIN note n ON n.rowid = f.rowid
           WHERE note_fts MATCH ? ORDER BY f.rank, n.rowid LIMIT ? OFFSET ?`,
        )
        .all(match, limit, offset) as typeof rows;
    } else {
      const like = terms.map(() => "n.plain_text LIKE ? ESCAPE '\\'").join(' AND ');
      const patterns = terms.map((t) => `%${t.replace(/[\\%_]/g, '\\$&')}%`);
      total = this.db.prepare(`SELECT count(*) FROM note n WHERE ${like}`).pluck().get(...patterns) as number;
      rows = this.db
        .prepare(`SELECT n.id, n.interview_id, n.question, n.plain_text FROM note n JOIN interview i ON i.id = n.interview_id WHERE ${like} ORDER BY i.held_at, n.rowid LIMIT ? OFFSET ?`)
        .all(...patterns, limit, offset) as typeof rows;
    }
    const facts = this.cases.interviewFacts();
    const labels = this.cases.questionLabels();
    const pattern = new RegExp(terms.map((t) => t.replace(ESCAPE, '\\$&')).join('|'), 'giu');
    const hits = rows.map((row): NoteHit => {
      const matches: { start: number; end: number }[] = [];
      for (const m of row.plain_text.matchAll(pattern)) {
        matches.push({ start: m.index, end: m.index + m[0].length });
        if (matches.length >= 20) break;
      }
      const first = matches[0] ?? { start: 0, end: 0 };
      const snippetStart = Math.max(0, first.start - 60);
      const snippetEnd = Math.min(row.plain_text.length, first.end + 80);
      const f = facts.get(row.interview_id);
      return {
        noteId: row.id,
        interviewId: row.interview_id,
        respondentCodes: f?.respondentCodes ?? [],
        heldAt: f?.heldAt ?? '',
        question: row.question,
        questionLabel: row.question === '' ? 'General notes' : (labels(f?.scheduleId ?? '', row.question) ?? row.question),
        snippet: row.plain_text.slice(snippetStart, snippetEnd),
        snippetStart,
        snippetMatches: matches.filter((m) => m.end <= snippetEnd).map((m) => ({ start: m.start - snippetStart, end: m.end - snippetStart })),
        matches,
      };
    });
    return { method: useFts ? 'fts' : 'like', total, hits };
  }

  /**
   * Codes every place a search finds (in the notes given, or in every matching note) in one
   * transaction and one undo step: the words found, or the sentence around each. A place the
   * code already covers exactly is skipped.
   */
  codeSearchHits(input: {
    query: string;
    noteIds?: readonly string[];
    codeId?: string;
    newCode?: { name: string; parentId?: string | null };
    scope: 'words' | 'sentence';
    createdBy: string;
  }): ChangeOutcome & { code: Code; applied: number } {
    const terms = [...new Set(input.query.trim().split(/\s+/u).filter((t) => t !== ''))];
    if (terms.length === 0) throw new CodebookError('invalid-range', 'Type what to search for first.');
    const noteIds = input.noteIds ?? this.searchNotes(input.query, 1_000_000).hits.map((h) => h.noteId);
    const pattern = new RegExp(terms.map((t) => t.replace(ESCAPE, '\\$&')).join('|'), 'giu');
    const read = this.db.prepare('SELECT id, interview_id, question, plain_text FROM note WHERE id = ?');
    const places: { noteId: string; interviewId: string; question: string; start: number; end: number; text: string }[] = [];
    for (const noteId of noteIds) {
      const note = read.get(noteId) as { id: string; interview_id: string; question: string; plain_text: string } | undefined;
      if (note === undefined) continue;
      // Only notes holding every word are hits; then each occurrence of any word is a place.
      const lower = note.plain_text.toLocaleLowerCase();
      if (!terms.every((t) => lower.includes(t.toLocaleLowerCase()))) continue;
      const seen = new Set<string>();
      for (const m of note.plain_text.matchAll(pattern)) {
        const range = input.scope === 'sentence' ? sentenceAround(note.plain_text, m.index, m.index + m[0].length) : { start: m.index, end: m.index + m[0].length };
        const key = `${range.start}:${range.end}`;
        if (seen.has(key) || range.end <= range.start) continue;
        seen.add(key);
        places.push({ noteId: note.id, interviewId: note.interview_id, question: note.question, start: range.start, end: range.end, text: note.plain_text.slice(range.start, range.end) });
      }
    }
    let code: Code | undefined;
    let applied = 0;
    const outcome = this.codebook.perform((state) => {
      let patch = emptyPatch();
      if (input.codeId !== undefined) code = findCode(state, input.codeId);
      else {
        const made = createCode(state, { id: this.newId(), name: input.newCode?.name ?? '', parentId: input.newCode?.parentId ?? null, createdBy: input.createdBy });
        code = made.code;
        patch = made.patch;
      }
      const target = code;
      const existing = new Set(
        (this.db.prepare('SELECT note_id, start, "end" FROM coding WHERE code_id = ?').all(target.id) as { note_id: string; start: number; end: number }[]).map((r) => `${r.note_id}:${r.start}:${r.end}`),
      );
      for (const p of places) {
        if (existing.has(`${p.noteId}:${p.start}:${p.end}`)) continue;
        patch.put.codings.push({ id: this.newId(), codeId: target.id, interviewId: p.interviewId, noteId: p.noteId, questionName: p.question === '' ? null : p.question, start: p.start, end: p.end, text: p.text, isQuote: false, createdBy: input.createdBy } as StoredCoding);
        applied += 1;
      }
      return applyPatch(state, patch);
    }, 'codes');
    return { ...outcome, code: code as Code, applied };
  }
}
