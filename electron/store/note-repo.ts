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
import { InvalidInputError, NoteChangedError, NotFoundError } from '../../shared/api/errors';
import { speakerOfRange, type SpeakerSpan } from '../../shared/notes/speaker-tag';
import { changeNoteMarks, readNote } from './note-marks';
import { assembleState, BlockReader, combineBlocks, DEFAULT_ROOT, loadBlocks, NoteBlockCache, readHead, type NoteBlocks } from './note-blocks';
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
  /** The stored blocks' version after this save: the base of the editor's next delta save. */
  version: number;
}

/** A note saved as blocks: all of them (baseVersion null), or those changed since baseVersion. */
export interface BlocksSave {
  baseVersion: number | null;
  /** The root's own JSON (without children), when it changed or with a whole save. */
  root?: string | undefined;
  /** The blocks' keys in order, when the order changed (always with a whole save). */
  order?: readonly string[] | undefined;
  changed: readonly { key: string; json: string }[];
}

export class NoteRepo extends Repository {
  constructor(
    db: Database.Database,
    deviceId: string,
    clock: RepoClock = {},
    private readonly removed: RemovedCodings = new RemovedCodings(),
    private readonly blocks: NoteBlockCache = new NoteBlockCache(),
  ) {
    super(db, deviceId, clock);
  }

  /** Saves a note ('' is the general notes) from its whole Lexical editor state. */
  save(interviewId: string, question: string, editorState: string): SavedNoteRecord {
    let root: { children?: unknown } | undefined;
    try {
      root = (JSON.parse(editorState) as { root?: { children?: unknown } }).root;
    } catch {
      root = undefined;
    }
    if (root === undefined || root === null || typeof root !== 'object' || !Array.isArray(root.children)) {
      throw new InvalidInputError('The note could not be read as an editor state (it has no root with paragraphs). Nothing was saved.');
    }
    const { children, ...props } = root as { children: unknown[] };
    const changed = children.map((child, i) => ({ key: `w${i}`, json: JSON.stringify(child) }));
    // Imports, seeds and scripts save whole states and no editor will send a delta against them:
    // the note stays whole (no blocks) until an editor saves it.
    return this.saveBlocks(interviewId, question, { baseVersion: null, root: JSON.stringify(props), order: changed.map((b) => b.key), changed }, false);
  }

  /**
   * Saves a note from its blocks: every block with baseVersion null, else the blocks changed
   * since the save that returned baseVersion (NoteChangedError when that is not the stored
   * version: the editor then sends the whole note). In one transaction: the blocks, and what the
   * services derive from the whole note (coding rows, speaker turns); the plain text and the
   * whole state are written by compactNotes later (now for a note saved for the first time, or
   * a whole state that does not stay as blocks).
   */
  saveBlocks(interviewId: string, question: string, input: BlocksSave, keepBlocks = true): SavedNoteRecord {
    const reader = new BlockReader();
    const read = reader.readAll(input.root ?? DEFAULT_ROOT, input.changed.map((b) => b.json));
    const incoming = new Map(input.changed.map((b, i) => [b.key, { json: b.json, content: read[i]! }]));
    const whole = input.baseVersion === null;
    if (whole && input.order === undefined) throw new InvalidInputError('A whole note must list its paragraphs in order. Nothing was saved.');
    const now = this.now();
    let next: NoteBlocks | null = null;
    const saved = this.db.transaction((): SavedNoteRecord => {
      const touched = this.db.prepare('UPDATE interview SET updated_at = ?, device_id = ? WHERE id = ?').run(now, this.deviceId, interviewId).changes;
      if (touched === 0) throw new NotFoundError('That interview');
      const noteId = this.db.prepare('SELECT id FROM note WHERE interview_id = ? AND question = ?').pluck().get(interviewId, question) as string | undefined;
      const head = noteId === undefined ? undefined : readHead(this.db, noteId);
      let base: NoteBlocks;
      if (whole) base = { version: head?.version ?? 0, order: [], root: DEFAULT_ROOT, json: new Map(), content: new Map() };
      else if (noteId === undefined || head === undefined || head.version !== input.baseVersion) throw new NoteChangedError();
      else base = this.blocks.get(noteId, head.version) ?? loadBlocks(this.db, head, reader);
      const order = [...(input.order ?? base.order)];
      const json = new Map(base.json);
      const content = new Map(base.content);
      for (const [key, block] of incoming) {
        json.set(key, block.json);
        content.set(key, block.content);
      }
      if (new Set(order).size !== order.length || order.some((key) => !content.has(key))) {
        if (whole) throw new InvalidInputError('The note lists a paragraph it does not send, or one twice. Nothing was saved.');
        throw new NoteChangedError();
      }
      const kept = new Set(order);
      const gone = base.order.filter((key) => !kept.has(key));
      for (const key of gone) {
        json.delete(key);
        content.delete(key);
      }
      const written = new Set(incoming.keys());
      let noteContent = combineBlocks(order.map((key) => content.get(key)!));
      const existing = new Set(noteId === undefined ? [] : (this.db.prepare('SELECT id FROM coding WHERE note_id = ?').pluck().all(noteId) as string[]));
      const returning = noteContent.codings.filter((c) => !existing.has(c.codingId)).map((c) => c.codingId);
      const orphans = noteId === undefined ? returning : returning.filter((codingId) => !this.restore(noteId, codingId));
      if (orphans.length > 0) {
        for (const key of order) {
          if (!content.get(key)!.marks.some((m) => orphans.includes(m.codingId))) continue;
          const stripped = JSON.stringify((JSON.parse(changeNoteMarks(assembleState(DEFAULT_ROOT, [json.get(key)!]), { remove: orphans, put: [] }).editorState) as { root: { children: unknown[] } }).root.children[0]);
          json.set(key, stripped);
          content.set(key, reader.read(stripped));
          written.add(key);
        }
        noteContent = combineBlocks(order.map((key) => content.get(key)!));
      }
      const root = input.root ?? base.root;
      const version = whole ? Math.max(Date.now() * 1000, base.version + 1) : base.version + 1;
      const id = noteId ?? this.newId();
      // A whole save from an editor writes only the blocks, like a delta, and leaves the note's
      // whole state to compaction: writing both would double what the editor's first save writes.
      const compacted = whole && (noteId === undefined || !keepBlocks);
      if (compacted) {
        // The whole state replaces the note (the note_state_replaced trigger drops its old blocks).
        this.db
          .prepare(
            `INSERT INTO note (id, interview_id, question, editor_state, plain_text, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (interview_id, question) DO UPDATE SET editor_state = excluded.editor_state, plain_text = excluded.plain_text, updated_at = excluded.updated_at, device_id = excluded.device_id`,
          )
          .run(id, interviewId, question, assembleState(root, order.map((key) => json.get(key)!)), noteContent.plainText, now, this.deviceId);
      }
      if (whole) {
        this.db.prepare('DELETE FROM note_block WHERE note_id = ?').run(id);
      } else {
        const remove = this.db.prepare('DELETE FROM note_block WHERE note_id = ? AND block_key = ?');
        for (const key of gone) remove.run(id, key);
      }
      if (keepBlocks) {
        const put = this.db.prepare('INSERT INTO note_block (note_id, block_key, json) VALUES (?, ?, ?) ON CONFLICT (note_id, block_key) DO UPDATE SET json = excluded.json');
        for (const key of whole ? order : written) put.run(id, key, json.get(key)!);
        this.db
          .prepare(
            `INSERT INTO note_block_head (note_id, version, block_order, root, compacted, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (note_id) DO UPDATE SET version = excluded.version, block_order = excluded.block_order, root = excluded.root, compacted = excluded.compacted, updated_at = excluded.updated_at, device_id = excluded.device_id`,
          )
          .run(id, version, JSON.stringify(order), root, compacted ? 1 : 0, now, this.deviceId);
      }
      this.followMarks(id, noteContent, now);
      writeSpeakers(this.db, id, interviewId, noteContent.speakers);
      if (keepBlocks) next = { version, order, root, json, content };
      return { id, updatedAt: now, plainText: noteContent.plainText, droppedCodingIds: orphans, version };
    })();
    if (next !== null) this.blocks.set(saved.id, next);
    return saved;
  }

  /** Coding rows take their mark's range and text; a coding whose mark is gone is deleted. */
  private followMarks(noteId: string, content: { codings: readonly { codingId: string; start: number; end: number; text: string }[] }, now: string): void {
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
  const participants = spans.length === 0 ? new Set<string>() : new Set(db.prepare('SELECT id FROM participant WHERE interview_id = ?').pluck().all(interviewId) as string[]);
  const rows = spans.filter((span) => participants.has(span.participantId));
  const stored = db.prepare('SELECT participant_id, start, "end" FROM note_speaker WHERE note_id = ? ORDER BY start').all(noteId) as { participant_id: string; start: number; end: number }[];
  // An edit outside a group note's tags changes no turn: nothing to write.
  if (stored.length === rows.length && stored.every((r, i) => r.participant_id === rows[i]!.participantId && r.start === rows[i]!.start && r.end === rows[i]!.end)) return;
  db.prepare('DELETE FROM note_speaker WHERE note_id = ?').run(noteId);
  const insert = db.prepare('INSERT INTO note_speaker (note_id, participant_id, start, "end") VALUES (?, ?, ?, ?)');
  for (const span of rows) insert.run(noteId, span.participantId, span.start, span.end);
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
