/**
 * Codings: coding a passage of a note (with an existing, a new or an in-vivo code), changing its
 * flags, removing it, and an interview's notes with their codings for the coding screen. Each is
 * a codebook patch written by CodebookRepo.perform, which keeps the coding's mark in its note's
 * editor state in the same transaction (codebook-write.ts).
 */
import { NotFoundError } from '../../shared/api/errors';
import { applyPatch, createCode, emptyPatch, findCode, nameKey, CodingError, type Code } from '../../shared/coding';
import type { StoredBlocks } from '../../shared/api/notes';
import { CodebookRepo } from './codebook-repo';
import { checkRange } from './codebook-write';
import { CODING_COLUMNS, CodebookError, codingOf, type ChangeOutcome, type CodingRow, type StoredCode, type StoredCoding } from './coding-rows';
import { storedBlocksOf, storedBlocksSql } from './note-blocks';
import { Repository } from './repository';

export class CodingsRepo extends Repository {
  private readonly codebook = new CodebookRepo(this.db, this.deviceId, this.clock);

  /**
   * Codes [start, end) of a note with an existing code, a new code, or an in-vivo code named
   * after the selected words (an existing sibling of that name is reused).
   */
  applyCoding(input: {
    noteId: string;
    start: number;
    end: number;
    text: string;
    codeId?: string;
    newCode?: { name: string; parentId?: string | null; color?: string };
    inVivo?: { parentId?: string | null };
    isQuote?: boolean;
    createdBy: string;
  }): ChangeOutcome & { coding: StoredCoding; code: Code; createdCode: boolean } {
    const note = this.db.prepare('SELECT id, interview_id, question, plain_text FROM note WHERE id = ?').get(input.noteId) as
      | { id: string; interview_id: string; question: string; plain_text: string }
      | undefined;
    if (note === undefined) throw new CodebookError('unknown-note', 'That note was not found. Reload the interview and try again.');
    checkRange(input, note.plain_text);
    const codingId = this.newId();
    let code: Code | undefined;
    let created = false;
    const outcome = this.codebook.perform((state) => {
      let patch = emptyPatch();
      if (input.codeId !== undefined) {
        code = findCode(state, input.codeId);
      } else {
        const name = input.inVivo !== undefined ? inVivoName(input.text) : (input.newCode?.name ?? '');
        const parentId = (input.inVivo ?? input.newCode)?.parentId ?? null;
        code = input.inVivo !== undefined ? state.codes.find((c) => c.parentId === parentId && nameKey(c.name) === nameKey(name)) : undefined;
        if (code === undefined) {
          const made = createCode(state, { id: this.newId(), name, parentId, createdBy: input.createdBy, inVivo: input.inVivo !== undefined, ...(input.newCode?.color ? { color: input.newCode.color } : {}) });
          code = made.code;
          created = true;
          patch = made.patch;
        }
      }
      const coding: StoredCoding = {
        id: codingId,
        codeId: code.id,
        interviewId: note.interview_id,
        noteId: note.id,
        questionName: note.question === '' ? null : note.question,
        start: input.start,
        end: input.end,
        text: input.text,
        isQuote: input.isQuote ?? false,
        createdBy: input.createdBy,
      };
      patch.put.codings.push(coding);
      return applyPatch(state, patch);
    }, 'codes');
    return { ...outcome, coding: outcome.change.patch.put.codings.find((c) => c.id === codingId) as StoredCoding, code: code as Code, createdCode: created };
  }

  /** Changes a coding's flags (quote) without touching its range. */
  updateCoding(id: string, changes: { isQuote?: boolean; codeId?: string }): ChangeOutcome {
    return this.codebook.perform((state) => {
      const coding = state.codings.find((c) => c.id === id) as StoredCoding | undefined;
      if (coding === undefined) throw new CodingError('unknown-coding', 'That coding was not found; it may have been removed. Reload the note.');
      if (changes.codeId !== undefined) findCode(state, changes.codeId);
      const patch = emptyPatch();
      patch.put.codings.push({ ...coding, ...(changes.isQuote !== undefined ? { isQuote: changes.isQuote } : {}), ...(changes.codeId !== undefined ? { codeId: changes.codeId } : {}) } as StoredCoding);
      return applyPatch(state, patch);
    });
  }

  removeCoding(id: string): ChangeOutcome {
    return this.codebook.perform((state) => {
      if (!state.codings.some((c) => c.id === id)) throw new CodingError('unknown-coding', 'That coding was not found; it may have been removed already. Reload the note.');
      const patch = emptyPatch();
      patch.remove.codings.push(id);
      // Memos on the coding go with it (the database would drop them too), so undo brings them back.
      patch.remove.memos.push(...state.memos.filter((m) => m.target.kind === 'coding' && m.target.codingId === id).map((m) => m.id));
      return applyPatch(state, patch);
    });
  }


  /** An interview's notes with their codings and the codes they use, for the coding screen. */
  interviewCodings(interviewId: string): { notes: { id: string; question: string; editorState: string; plainText: string; blocks: StoredBlocks | null }[]; codings: StoredCoding[]; codes: StoredCode[] } {
    if (this.db.prepare('SELECT 1 FROM interview WHERE id = ?').get(interviewId) === undefined) throw new NotFoundError('That interview');
    const rows = this.db.prepare(`SELECT note.id, question, editor_state, plain_text, ${storedBlocksSql(this.db).columns} FROM note ${storedBlocksSql(this.db).join} WHERE interview_id = ? ORDER BY note.rowid`).all(interviewId) as {
      id: string;
      question: string;
      editor_state: string;
      plain_text: string;
      blocks_version: number | null;
      blocks_order: string | null;
    }[];
    const notes = rows.map((n) => ({ id: n.id, question: n.question, editorState: n.editor_state, plainText: n.plain_text, blocks: storedBlocksOf(n) }));
    const codings = (this.db.prepare(`SELECT ${CODING_COLUMNS} FROM coding WHERE interview_id = ? ORDER BY note_id, start, id`).all(interviewId) as CodingRow[]).map(codingOf);
    const used = new Set(codings.map((c) => c.codeId));
    return { notes, codings, codes: this.codebook.codes().filter((c) => used.has(c.id)) };
  }

  /** Every interview in the order they were held. */
  interviewIdsByDate(): string[] {
    return this.db.prepare('SELECT id FROM interview ORDER BY held_at, id').pluck().all() as string[];
  }

  /** An interview's notes that hold text, by question: what there is to code. */
  notesWithText(interviewId: string): { id: string; interviewId: string; question: string; plainText: string }[] {
    return (
      this.db.prepare("SELECT id, interview_id, question, plain_text FROM note WHERE interview_id = ? AND plain_text <> '' ORDER BY question").all(interviewId) as {
        id: string;
        interview_id: string;
        question: string;
        plain_text: string;
      }[]
    ).map((n) => ({ id: n.id, interviewId: n.interview_id, question: n.question, plainText: n.plain_text }));
  }
}

/** An in-vivo code is named with the respondent's words: whitespace collapsed, at most 60 characters. */
export function inVivoName(text: string): string {
  const words = text.replace(/\s+/gu, ' ').trim().replace(/^["'“‘«(]+|["'”’»).,;:!?។]+$/gu, '').trim();
  const chars = [...words];
  return chars.length <= 60 ? words : `${chars.slice(0, 59).join('').trimEnd()}…`;
}
