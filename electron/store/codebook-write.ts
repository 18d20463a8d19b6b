/**
 * Writing a codebook patch (shared/coding) into the tables, inside the caller's transaction: the
 * rows in an order the constraints accept, then each changed coding's mark in its note's Lexical
 * state (note-marks.ts, a headless editor), so marks and coding rows always agree.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import type { CodebookPatch } from '../../shared/coding';
import { changeNoteMarks } from './note-marks';
import { CODING_COLUMNS, CodebookError, memoTargetColumns, type CodingRow, type StoredCode, type StoredCoding, type StoredMemo } from './coding-rows';

/** Who writes: the connection, this device (stamped on rows) and the time of the change. */
interface Writer {
  db: Database.Database;
  deviceId: string;
  now: string;
}

export function codingRowsById(db: Database.Database, ids: readonly string[]): Map<string, CodingRow> {
  if (ids.length === 0) return new Map();
  const rows = db.prepare(`SELECT ${CODING_COLUMNS} FROM coding WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as CodingRow[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** Writes rows in an order the constraints accept; must run inside a transaction. */
export function writePatch({ db, deviceId, now }: Writer, patch: CodebookPatch): string[] {
  // Foreign keys are checked at commit: a patch may insert a child before its parent.
  db.pragma('defer_foreign_keys = ON');
  const existingCodings = codingRowsById(db, [...patch.put.codings.map((c) => c.id), ...patch.remove.codings]);
  const del = (table: string, ids: readonly string[]) => {
    if (ids.length > 0) db.prepare(`DELETE FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(ids));
  };
  del('relation', patch.remove.relations);
  del('memo', patch.remove.memos);
  del('coding', patch.remove.codings);

  // Codes that stay but change: park their names and core flag first, so that the unique
  // sibling-name and single-core indexes hold between two statements of one patch (a swap).
  const park = db.prepare('UPDATE code SET name = id, is_core = 0 WHERE id = ?');
  for (const code of patch.put.codes) park.run(code.id);
  const putCode = db.prepare(
    `INSERT INTO code (id, parent_id, name, color, definition, inclusion, exclusion, example, is_core, kind, in_vivo, created_by, position, created_at, updated_at, device_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, (SELECT coalesce(max(position), 0) + 1 FROM code)), ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, color = excluded.color, definition = excluded.definition,
       inclusion = excluded.inclusion, exclusion = excluded.exclusion, example = excluded.example, is_core = excluded.is_core, kind = excluded.kind,
       in_vivo = excluded.in_vivo, updated_at = excluded.updated_at, device_id = excluded.device_id`,
  );
  for (const code of patch.put.codes as StoredCode[]) {
    putCode.run(code.id, code.parentId, code.name, code.color, code.definition, code.inclusion, code.exclusion, code.example, code.isCore ? 1 : 0, code.kind, code.inVivo ? 1 : 0, code.createdBy, code.position ?? null, now, now, deviceId);
  }
  const putCoding = db.prepare(
    `INSERT INTO coding (${CODING_COLUMNS}, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET code_id = excluded.code_id, note_id = excluded.note_id, interview_id = excluded.interview_id, question = excluded.question,
       start = excluded.start, "end" = excluded."end", text = excluded.text, is_quote = excluded.is_quote, updated_at = excluded.updated_at, device_id = excluded.device_id`,
  );
  for (const c of patch.put.codings as StoredCoding[]) {
    putCoding.run(c.id, c.codeId, c.noteId, c.interviewId, c.questionName ?? '', c.start, c.end, c.text, c.isQuote === true ? 1 : 0, c.createdBy ?? '', now, now, deviceId);
  }
  const putMemo = db.prepare(
    `INSERT INTO memo (id, kind, target_type, target_id, title, body, initials, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, target_type = excluded.target_type, target_id = excluded.target_id, title = excluded.title,
       body = excluded.body, initials = excluded.initials, updated_at = excluded.updated_at, device_id = excluded.device_id`,
  );
  for (const m of patch.put.memos as StoredMemo[]) {
    const target = memoTargetColumns(m.target);
    // A memo brought back by undo keeps the date it was written (created_at is not updated on conflict).
    putMemo.run(m.id, m.kind ?? (target.type === 'code' ? 'code-memo' : 'theoretical'), target.type, target.id, m.title, m.body, m.createdBy, m.createdAt ?? now, now, deviceId);
  }
  const putRelation = db.prepare(
    `INSERT INTO relation (id, from_code, to_code, type, label, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET from_code = excluded.from_code, to_code = excluded.to_code, type = excluded.type, label = excluded.label,
       updated_at = excluded.updated_at, device_id = excluded.device_id`,
  );
  for (const r of patch.put.relations) putRelation.run(r.id, r.fromCodeId, r.toCodeId, r.type, r.label, now, now, deviceId);

  // Deepest codes first: parent_id is ON DELETE RESTRICT, which SQLite checks at once.
  if (patch.remove.codes.length > 0) {
    const parents = new Map((db.prepare('SELECT id, parent_id FROM code').all() as { id: string; parent_id: string | null }[]).map((r) => [r.id, r.parent_id]));
    const depth = (id: string): number => {
      let d = 0;
      for (let p = parents.get(id); p !== null && p !== undefined && d < 10_000; p = parents.get(p)) d++;
      return d;
    };
    const ordered = [...patch.remove.codes].sort((a, b) => depth(b) - depth(a));
    const deleteCodeRow = db.prepare('DELETE FROM code WHERE id = ?');
    for (const id of ordered) deleteCodeRow.run(id);
  }
  return syncMarks({ db, deviceId, now }, patch, existingCodings);
}


/** Adds, moves and removes the marks of the codings a patch changed; returns the notes touched. */
function syncMarks({ db, deviceId, now }: Writer, patch: CodebookPatch, before: Map<string, CodingRow>): string[] {
  const byNote = new Map<string, { remove: string[]; put: { id: string; start: number; end: number; text: string }[] }>();
  const entry = (noteId: string) => {
    let e = byNote.get(noteId);
    if (e === undefined) byNote.set(noteId, (e = { remove: [], put: [] }));
    return e;
  };
  for (const id of patch.remove.codings) {
    const old = before.get(id);
    if (old !== undefined) entry(old.note_id).remove.push(id);
  }
  for (const c of patch.put.codings) {
    const old = before.get(c.id);
    if (old !== undefined && old.note_id === c.noteId && old.start === c.start && old.end === c.end) continue;
    if (old !== undefined && old.note_id !== c.noteId) entry(old.note_id).remove.push(c.id);
    entry(c.noteId).put.push({ id: c.id, start: c.start, end: c.end, text: c.text });
  }
  const read = db.prepare('SELECT editor_state, plain_text FROM note WHERE id = ?');
  const save = db.prepare('UPDATE note SET editor_state = ?, updated_at = ?, device_id = ? WHERE id = ?');
  for (const [noteId, change] of byNote) {
    const note = read.get(noteId) as { editor_state: string; plain_text: string } | undefined;
    if (note === undefined) {
      if (change.put.length > 0) throw new CodebookError('unknown-note', 'The note to code no longer exists. Reload the interview and try again.');
      continue;
    }
    for (const c of change.put) checkRange(c, note.plain_text);
    const marked = changeNoteMarks(note.editor_state, change);
    for (const c of change.put) {
      const mark = marked.marks.find((m) => m.codingId === c.id);
      if (mark === undefined || mark.start !== c.start || mark.end !== c.end) {
        throw new CodebookError('note-mismatch', 'The coded text could not be marked exactly in the note (it crosses a paragraph break at its edge). Select the text again and retry.');
      }
    }
    save.run(marked.editorState, now, deviceId, noteId);
  }
  return [...byNote.keys()];
}

/** Refuses a range that is empty, past the end of the note, or not the text given. */
export function checkRange(range: { start: number; end: number; text: string }, plainText: string): void {
  if (!Number.isInteger(range.start) || !Number.isInteger(range.end) || range.start < 0 || range.end <= range.start) {
    throw new CodebookError('invalid-range', `A coded segment needs some text: ${range.start}..${range.end} is empty or reversed. Select the text again.`);
  }
  if (range.end > plainText.length) {
    throw new CodebookError('past-end', `The segment ends at ${range.end}, past the end of the note (${plainText.length} characters). Reload the note and select the text again.`);
  }
  if (plainText.slice(range.start, range.end) !== range.text) {
    throw new CodebookError('text-mismatch', 'The selected text is not what the note holds at that place (the note changed). Reload the note and select the text again.');
  }
}
