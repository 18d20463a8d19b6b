/**
 * A note stored as blocks (migration "notes stored as blocks"): its top-level Lexical nodes
 * (paragraphs), each serialized on its own, so that an autosave writes only the blocks that
 * changed. This module reads one block with the headless note editor (same nodes and coding-mark
 * normaliser as every note editor) into what the services derive from it, puts blocks together
 * into what `$noteContent` would report for the whole note, and compacts blocks back into
 * note.editor_state / note.plain_text for every other reader.
 *
 * Why per block and then combined: a block's text, its coding marks and its speaker tags do not
 * depend on the other blocks; only their offsets do. Lexical's plain text joins top-level blocks
 * with "\n\n" (lexical-marks.ts), a coding's range runs from its first marked character to its
 * last, across paragraphs when its marks are in several (marks are inline, so a coding that
 * crosses paragraphs has one mark per paragraph with the same id), and a speaker turn runs from
 * its tag to the next tag. test/integration/note-model-property.test.ts checks the combination
 * against the whole-note derivation after random edits.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import { $getRoot, createEditor, type LexicalEditor } from 'lexical';
import { InvalidInputError } from '../../shared/api/errors';
import type { StoredBlocks } from '../../shared/api/notes';
import { $leaves, registerCodingMarks } from '../../shared/coding/lexical-marks';
import { NOTE_NAMESPACE, NOTE_NODES, type NoteContent } from '../../shared/notes/note-model';
import { $isSpeakerTagNode, type SpeakerSpan } from '../../shared/notes/speaker-tag';
import { readNote } from './note-marks';

/** What the services derive from one block, in offsets into the block's own text. */
export interface BlockContent {
  text: string;
  marks: readonly { codingId: string; start: number; end: number }[];
  tags: readonly { participantId: string; offset: number }[];
}

/** The root's own JSON when a note is empty or came without one. */
export const DEFAULT_ROOT = '{"direction":null,"format":"","indent":0,"type":"root","version":1}';

/** A whole editor state from the root's own properties and the blocks' JSON, in order. */
export function assembleState(root: string, blocks: readonly string[]): string {
  const props = root.trim().replace(/^\{/, '').replace(/\}$/, '').trim();
  return `{"root":{"children":[${blocks.join(',')}]${props === '' ? '' : `,${props}`}}}`;
}

/** Reads blocks one at a time with one headless editor. */
export class BlockReader {
  private readonly editor: LexicalEditor;
  private readonly errors: unknown[] = [];

  constructor() {
    // Never log note content: errors are collected and reported by name only.
    this.editor = createEditor({ namespace: NOTE_NAMESPACE, nodes: [...NOTE_NODES], onError: (error) => this.errors.push(error) });
    registerCodingMarks(this.editor);
  }

  read(json: string): BlockContent {
    const [content] = this.readAll(DEFAULT_ROOT, [json]);
    if (content === undefined) throw new Error('one block read as none');
    return content;
  }

  /** Many blocks at once (a whole note): one parse, then each top-level block's share. */
  readAll(root: string, jsons: readonly string[]): BlockContent[] {
    // Nothing to read (a save that only reorders, or an emptied note): Lexical refuses an empty root.
    if (jsons.length === 0) return [];
    this.errors.length = 0;
    let contents: BlockContent[] | null = null;
    try {
      this.editor.setEditorState(this.editor.parseEditorState(assembleState(root, jsons)));
      contents = this.editor.getEditorState().read(() => $blockContents());
    } catch {
      this.errors.push('thrown');
    }
    if (this.errors.length > 0 || contents === null || contents.length !== jsons.length) {
      throw new InvalidInputError('A paragraph of the note could not be read as an editor state (it holds a kind of text Fieldnote notes do not have). Nothing was saved.');
    }
    return contents;
  }
}

/** Each top-level block's text, coding marks and speaker tags, in offsets into its own text. */
function $blockContents(): BlockContent[] {
  const blocks = $getRoot().getChildren();
  const index = new Map(blocks.map((block, i) => [block.getKey(), i]));
  const starts: number[] = [];
  let offset = 0;
  const contents = blocks.map((block, i) => {
    if (i > 0) offset += 2; // the "\n\n" Lexical puts between top-level blocks
    starts.push(offset);
    const text = block.getTextContent();
    offset += text.length;
    return { text, marks: [] as { codingId: string; start: number; end: number }[], tags: [] as { participantId: string; offset: number }[] };
  });
  for (const leaf of $leaves()) {
    const top = leaf.node.getKey() === 'root' ? null : leaf.node.getTopLevelElement();
    const i = top === null ? undefined : index.get(top.getKey());
    if (i === undefined) continue;
    const content = contents[i]!;
    const start = leaf.start - starts[i]!;
    const end = leaf.end - starts[i]!;
    if ($isSpeakerTagNode(leaf.node)) content.tags.push({ participantId: leaf.node.getParticipantId(), offset: start });
    if (leaf.end === leaf.start) continue;
    for (const id of leaf.ids) {
      const mark = content.marks.find((m) => m.codingId === id);
      if (mark === undefined) content.marks.push({ codingId: id, start, end });
      else mark.end = end;
    }
  }
  return contents;
}

/** What `$noteContent` reports for the note these blocks make, in this order. */
export function combineBlocks(blocks: readonly BlockContent[]): NoteContent {
  const texts: string[] = [];
  const ranges = new Map<string, { start: number; end: number }>();
  const tags: { participantId: string; offset: number }[] = [];
  let offset = 0;
  blocks.forEach((block, i) => {
    if (i > 0) offset += 2; // the "\n\n" Lexical puts between top-level blocks
    for (const mark of block.marks) {
      const range = ranges.get(mark.codingId);
      if (range === undefined) ranges.set(mark.codingId, { start: offset + mark.start, end: offset + mark.end });
      else range.end = offset + mark.end;
    }
    for (const tag of block.tags) tags.push({ participantId: tag.participantId, offset: offset + tag.offset });
    texts.push(block.text);
    offset += block.text.length;
  });
  const plainText = texts.join('\n\n');
  const codings = [...ranges]
    .map(([codingId, r]) => ({ codingId, start: r.start, end: r.end, text: plainText.slice(r.start, r.end) }))
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.codingId < b.codingId ? -1 : 1));
  const speakers: SpeakerSpan[] = [];
  tags.forEach((tag, i) => {
    const end = tags[i + 1]?.offset ?? plainText.length;
    if (end > tag.offset) speakers.push({ participantId: tag.participantId, start: tag.offset, end });
  });
  return { plainText, codings, speakers };
}

/** A note's blocks as the services last stored them: the editor's keys in order, and what each holds. */
export interface NoteBlocks {
  version: number;
  order: string[];
  root: string;
  json: Map<string, string>;
  content: Map<string, BlockContent>;
}

/**
 * What the services derived from each stored block, per note, while the project is open: a
 * delta save then reads only the blocks it receives. Checked against the stored version, so a
 * note written by anything else is read again from the database.
 */
export class NoteBlockCache {
  private readonly byNote = new Map<string, NoteBlocks>();

  get(noteId: string, version: number): NoteBlocks | undefined {
    const cached = this.byNote.get(noteId);
    return cached?.version === version ? cached : undefined;
  }

  set(noteId: string, blocks: NoteBlocks): void {
    this.byNote.set(noteId, blocks);
  }

  clear(): void {
    this.byNote.clear();
  }
}

interface HeadRow {
  note_id: string;
  version: number;
  block_order: string;
  root: string;
  compacted: number;
  updated_at: string;
  device_id: string;
}

export function readHead(db: Database.Database, noteId: string): HeadRow | undefined {
  return db.prepare('SELECT * FROM note_block_head WHERE note_id = ?').get(noteId) as HeadRow | undefined;
}

/** A note's stored blocks, read and derived afresh from the database. */
export function loadBlocks(db: Database.Database, head: HeadRow, reader = new BlockReader()): NoteBlocks {
  const order = JSON.parse(head.block_order) as string[];
  const json = new Map((db.prepare('SELECT block_key, json FROM note_block WHERE note_id = ?').all(head.note_id) as { block_key: string; json: string }[]).map((r) => [r.block_key, r.json]));
  const blocks = order.map((key) => {
    const block = json.get(key);
    if (block === undefined) throw new Error('a stored note lists a block it does not have');
    return block;
  });
  const read = reader.readAll(head.root, blocks);
  const content = new Map(order.map((key, i) => [key, read[i]!]));
  return { version: head.version, order, root: head.root, json, content };
}

/**
 * How many notes have blocks newer than their whole copy (0 for a file from before notes were
 * stored as blocks). Only a read-only open can see any: every writable open compacts first.
 */
export function countUncompactedNotes(db: Database.Database): number {
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'note_block_head'").get() === undefined) return 0;
  return db.prepare('SELECT count(*) FROM note_block_head WHERE compacted = 0').pluck().get() as number;
}

/**
 * SQL columns and join that say which stored blocks a note's editor_state is,
 * read in the same statement as the note so that both come from one snapshot of the file. Only
 * a compacted head (compacted = 1) qualifies: its note.editor_state was written from exactly the
 * blocks of head.version in head.block_order (by compactNotes, a first whole save, or migration
 * 10 from the state itself), and any other write of editor_state deletes the head (trigger
 * note_state_replaced). A note still lagging behind its blocks gets null: its editor saves whole.
 */
export function storedBlocksSql(db: Database.Database): { columns: string; join: string } {
  // A file from before notes were stored as blocks, opened read-only (not upgraded), has no head:
  // its notes have no stored blocks.
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'note_block_head'").get() === undefined) {
    return { columns: 'NULL AS blocks_version, NULL AS blocks_order', join: '' };
  }
  return { columns: 'h.version AS blocks_version, h.block_order AS blocks_order', join: 'LEFT JOIN note_block_head h ON h.note_id = note.id AND h.compacted = 1' };
}

/** What storedBlocksSql's columns read, for the editor that opens the note. */
export function storedBlocksOf(row: { blocks_version: number | null; blocks_order: string | null }): StoredBlocks | null {
  if (row.blocks_version === null || row.blocks_order === null) return null;
  return { version: row.blocks_version, keys: JSON.parse(row.blocks_order) as string[] };
}

/** Whether some note's whole state lags behind its blocks (a file killed in mid-typing, opened read-only). */
export function hasUncompactedNotes(db: Database.Database): boolean {
  return db.prepare('SELECT 1 FROM note_block_head WHERE compacted = 0 LIMIT 1').get() !== undefined;
}

/**
 * Writes note.editor_state and note.plain_text from the blocks of every note whose copies lag
 * behind them (saved by delta since). Run before anything else reads notes: every API call but
 * the few that read none (METHODS_READING_NO_NOTE in electron/services/fieldnote-services.ts),
 * when typing pauses (ProjectSession's idle compaction), opening (after a kill) and closing a project.
 */
export function compactNotes(db: Database.Database): number {
  const stale = db.prepare('SELECT note_id FROM note_block_head WHERE compacted = 0').pluck().all() as string[];
  if (stale.length === 0) return 0;
  db.transaction(() => {
    for (const noteId of stale) {
      const head = readHead(db, noteId);
      if (head === undefined) continue;
      const order = JSON.parse(head.block_order) as string[];
      const json = new Map((db.prepare('SELECT block_key, json FROM note_block WHERE note_id = ?').all(noteId) as { block_key: string; json: string }[]).map((r) => [r.block_key, r.json]));
      const state = assembleState(head.root, order.map((key) => json.get(key) ?? ''));
      const plainText = readNote(state).plainText;
      // compacted = 2 tells the note_state_replaced trigger that this write comes from the blocks.
      db.prepare('UPDATE note_block_head SET compacted = 2 WHERE note_id = ?').run(noteId);
      db.prepare('UPDATE note SET editor_state = ?, plain_text = ?, updated_at = ?, device_id = ? WHERE id = ?').run(state, plainText, head.updated_at, head.device_id, noteId);
      db.prepare('UPDATE note_block_head SET compacted = 1 WHERE note_id = ?').run(noteId);
    }
  })();
  return stale.length;
}
