/**
 * Notes: the one way a note is written. `save` takes the editor state alone and derives, in one
 * transaction, everything stored beside it: the plain text (which the search index follows by
 * trigger, search-index.ts), each coding row's range and text (they follow their marks: text
 * typed before a coded passage moves it, deleting the passage deletes the coding, and undoing
 * that delete brings it back: RemovedCodings), and the
 * speaker turns of a group note (`note_speaker`). Nothing derived is sent by the editor, so the
 * copies cannot disagree.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import { NotFoundError } from '../../shared/api/errors';
import { speakerOfRange, type SpeakerSpan } from '../../shared/notes/speaker-tag';
import type { NoteContent } from '../../shared/notes/note-model';
import { changeNoteMarks, readNote } from './note-marks';
import type { RepoClock } from './ids';
import { Repository } from './repository';

interface RemovedCoding {
  row: Record<string, unknown>;
  memos: Record<string, unknown>[];
}

/**
 * Codings a save removed because their marks left the note (a coded passage deleted or cut),
 * kept in memory with their memos while the project is open. When the editor's undo (or a paste
 * of the cut passage into the same note) brings the mark back, the coding returns with its id,
 * code, coder, quote flag and memos instead of being lost. Never written anywhere; forgotten on
 * lock and close, when the editor's undo history goes too.
 */
export class RemovedCodings {
  private readonly byNote = new Map<string, Map<string, RemovedCoding>>();

  keep(noteId: string, codingId: string, removed: RemovedCoding): void {
    const note = this.byNote.get(noteId) ?? new Map<string, RemovedCoding>();
    note.set(codingId, removed);
    this.byNote.set(noteId, note);
  }

  take(noteId: string, codingId: string): RemovedCoding | undefined {
    const removed = this.byNote.get(noteId)?.get(codingId);
    this.byNote.get(noteId)?.delete(codingId);
    return removed;
  }

  clear(): void {
    this.byNote.clear();
  }
}

export interface SavedNoteRecord {
  id: string;
  updatedAt: string;
  plainText: string;
  /**
   * Coding ids whose marks the services dropped from the state sent, because no coding row of
   * this note has them (a coded passage deleted, its coding removed by that save, then brought
   * back by the editor's undo): a mark without its row would be a code nobody can see or remove.
   * The editor removes the same marks, so it shows what is stored.
   */
  droppedCodingIds: string[];
}

export class NoteRepo extends Repository {
  constructor(
    db: Database.Database,
    deviceId: string,
    clock: RepoClock = {},
    private readonly removed: RemovedCodings = new RemovedCodings(),
  ) {
    super(db, deviceId, clock);
  }

  /** Saves a note ('' is the general notes) from its Lexical editor state. */
  save(interviewId: string, question: string, editorState: string): SavedNoteRecord {
    let state = editorState;
    let content: NoteContent = readNote(state);
    const now = this.now();
    return this.db.transaction((): SavedNoteRecord => {
      const touched = this.db.prepare('UPDATE interview SET updated_at = ?, device_id = ? WHERE id = ?').run(now, this.deviceId, interviewId).changes;
      if (touched === 0) throw new NotFoundError('That interview');
      const noteId = this.db.prepare('SELECT id FROM note WHERE interview_id = ? AND question = ?').pluck().get(interviewId, question) as string | undefined;
      const existing = new Set(noteId === undefined ? [] : (this.db.prepare('SELECT id FROM coding WHERE note_id = ?').pluck().all(noteId) as string[]));
      const returning = content.codings.filter((c) => !existing.has(c.codingId)).map((c) => c.codingId);
      const orphans = noteId === undefined ? returning : returning.filter((codingId) => !this.restore(noteId, codingId));
      if (orphans.length > 0) {
        const stripped = changeNoteMarks(state, { remove: orphans, put: [] });
        state = stripped.editorState;
        content = stripped.content;
      }
      const id = noteId ?? this.newId();
      this.db
        .prepare(
          `INSERT INTO note (id, interview_id, question, editor_state, plain_text, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (interview_id, question) DO UPDATE SET editor_state = excluded.editor_state, plain_text = excluded.plain_text, updated_at = excluded.updated_at, device_id = excluded.device_id`,
        )
        .run(id, interviewId, question, state, content.plainText, now, this.deviceId);
      this.followMarks(id, content, now);
      writeSpeakers(this.db, id, interviewId, content.speakers);
      return { id, updatedAt: now, plainText: content.plainText, droppedCodingIds: orphans };
    })();
  }

  /** Coding rows take their mark's range and text; a coding whose mark is gone is deleted. */
  private followMarks(noteId: string, content: NoteContent, now: string): void {
    const rows = this.db.prepare('SELECT id, start, "end", text FROM coding WHERE note_id = ?').all(noteId) as { id: string; start: number; end: number; text: string }[];
    const marks = new Map(content.codings.map((c) => [c.codingId, c]));
    const move = this.db.prepare('UPDATE coding SET start = ?, "end" = ?, text = ?, updated_at = ?, device_id = ? WHERE id = ?');
    const remove = this.db.prepare('DELETE FROM coding WHERE id = ?');
    for (const row of rows) {
      const mark = marks.get(row.id);
      if (mark === undefined) {
        this.removed.keep(noteId, row.id, {
          row: this.db.prepare('SELECT * FROM coding WHERE id = ?').get(row.id) as Record<string, unknown>,
          memos: this.db.prepare("SELECT * FROM memo WHERE target_type = 'coding' AND target_id = ?").all(row.id) as Record<string, unknown>[],
        });
        remove.run(row.id);
      }
      else if (mark.start !== row.start || mark.end !== row.end || mark.text !== row.text) move.run(mark.start, mark.end, mark.text, now, this.deviceId, row.id);
    }
  }

  /**
   * Puts back a coding this session's saves removed from this note, with its memos; followMarks
   * then gives it its mark's range. False when there is none to put back or its code is gone.
   */
  private restore(noteId: string, codingId: string): boolean {
    const back = this.removed.take(noteId, codingId);
    if (back === undefined) return false;
    if (this.db.prepare('SELECT 1 FROM code WHERE id = ?').get(back.row.code_id) === undefined) return false;
    // coder_id is left to the insert trigger, which gives back the coder the row had (coding_coder_kept).
    insertRow(this.db, 'coding', back.row, ['coder_id']);
    for (const memo of back.memos) insertRow(this.db, 'memo', memo, []);
    return true;
  }

  /** The speaker turns of a note, in order (UTF-16 offsets into its plain text). */
  speakers(noteId: string): SpeakerSpan[] {
    return (this.db.prepare('SELECT participant_id, start, "end" FROM note_speaker WHERE note_id = ? ORDER BY start').all(noteId) as { participant_id: string; start: number; end: number }[]).map((r) => ({
      participantId: r.participant_id,
      start: r.start,
      end: r.end,
    }));
  }

  /**
   * Who said [start, end) of a note: the participant id whose turn holds the whole range, or
   * null for the whole session (no speaker tag before it, or the range crosses speakers).
   */
  speakerOf(noteId: string, start: number, end: number): string | null {
    return speakerOfRange(this.speakers(noteId), start, end);
  }
}

/** Inserts a row read earlier with SELECT * (the column names are the table's own). */
function insertRow(db: Database.Database, table: 'coding' | 'memo', row: Record<string, unknown>, leaveOut: readonly string[]): void {
  const columns = Object.keys(row).filter((c) => !leaveOut.includes(c));
  db.prepare(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...columns.map((c) => row[c]));
}

/**
 * The note's speaker turns as rows. A tag for someone who is not a participant of this
 * interview (pasted from another interview's note) stays in the text but gives no row: that
 * passage counts as the whole session's.
 */
function writeSpeakers(db: Database.Database, noteId: string, interviewId: string, spans: readonly SpeakerSpan[]): void {
  db.prepare('DELETE FROM note_speaker WHERE note_id = ?').run(noteId);
  if (spans.length === 0) return;
  const participants = new Set(db.prepare('SELECT id FROM participant WHERE interview_id = ?').pluck().all(interviewId) as string[]);
  const insert = db.prepare('INSERT INTO note_speaker (note_id, participant_id, start, "end") VALUES (?, ?, ?, ?)');
  for (const span of spans) if (participants.has(span.participantId)) insert.run(noteId, span.participantId, span.start, span.end);
}

/**
 * Derives a note's speaker rows again from its stored state, for notes written by a merge or an
 * import (run inside their transaction). A state the note model cannot read gives no rows.
 */
export function rederiveSpeakers(db: Database.Database, noteId: string): void {
  const note = db.prepare('SELECT interview_id, editor_state FROM note WHERE id = ?').get(noteId) as { interview_id: string; editor_state: string } | undefined;
  if (note === undefined) return;
  let spans: SpeakerSpan[];
  try {
    spans = readNote(note.editor_state).speakers;
  } catch {
    spans = [];
  }
  writeSpeakers(db, noteId, note.interview_id, spans);
}
