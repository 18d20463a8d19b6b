/**
 * Notes made from plain text (imported documents, JSON without an editor state) and keeping a
 * note's coding marks in step with its coding rows after rows arrived from elsewhere (a merge,
 * an import): the note editor trusts that marks and rows agree (STYLE: "marks and coding rows
 * agree after any sequence of edits"). Its speaker rows are derived again from its state too.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import type { CodingRow as StoredCodingRow } from './coding-rows';
import { changeNoteMarks, readNoteMarks } from './note-marks';
import { rederiveSpeakers } from './note-repo';

/** A coding row with the bookkeeping columns merges and imports carry along. */
export interface CodingRow extends StoredCodingRow {
  created_at: string;
  updated_at: string;
  device_id: string;
}

/**
 * Where `text` is in `plain`: at [start, end) if it is still there, else its only occurrence,
 * else null (gone or ambiguous: never guessed).
 */
export function relocate(plain: string, start: number, end: number, text: string): { start: number; end: number } | null {
  if (plain.slice(start, end) === text) return { start, end };
  const first = plain.indexOf(text);
  if (first < 0 || text === '' || plain.indexOf(text, first + 1) >= 0) return null;
  return { start: first, end: first + text.length };
}

/**
 * Brings one note's codings and marks into agreement: codings whose text moved are relocated,
 * codings whose text is gone are removed and returned (the caller keeps them somewhere the
 * user sees), and the editor state's marks are set to exactly the remaining codings.
 */
export function reconcileNote(db: Database.Database, noteId: string): CodingRow[] {
  rederiveSpeakers(db, noteId);
  const note = db.prepare('SELECT editor_state, plain_text FROM note WHERE id = ?').get(noteId) as { editor_state: string; plain_text: string } | undefined;
  if (note === undefined) return [];
  const codings = db.prepare('SELECT * FROM coding WHERE note_id = ?').all(noteId) as CodingRow[];
  const lost: CodingRow[] = [];
  const kept: { id: string; start: number; end: number }[] = [];
  for (const coding of codings) {
    const at = relocate(note.plain_text, coding.start, coding.end, coding.text);
    if (at === null) {
      lost.push(coding);
      db.prepare('DELETE FROM coding WHERE id = ?').run(coding.id);
      continue;
    }
    if (at.start !== coding.start) db.prepare('UPDATE coding SET start = ?, "end" = ? WHERE id = ?').run(at.start, at.end, coding.id);
    kept.push({ id: coding.id, ...at });
  }
  let marks: { codingId: string; start: number; end: number }[];
  try {
    marks = readNoteMarks(note.editor_state).marks;
  } catch {
    // A note the headless editor cannot read (not a Lexical state): nothing to mark.
    return lost;
  }
  const wanted = new Map(kept.map((k) => [k.id, k]));
  const agree = marks.length === kept.length && marks.every((m) => wanted.get(m.codingId)?.start === m.start && wanted.get(m.codingId)?.end === m.end);
  if (!agree) {
    const changed = changeNoteMarks(note.editor_state, { remove: marks.filter((m) => !wanted.has(m.codingId)).map((m) => m.codingId), put: kept });
    db.prepare('UPDATE note SET editor_state = ? WHERE id = ?').run(changed.editorState, noteId);
  }
  return lost;
}
