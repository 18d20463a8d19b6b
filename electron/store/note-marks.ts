/**
 * A stored note (Lexical JSON) read and written with a headless Lexical editor that registers
 * the same nodes and helpers as every note editor (shared/notes/note-model.ts), so that what the
 * services derive from a note (plain text, coding ranges, speaker turns) is what the editor
 * showed, and a coding row written by a service gets its mark in the same transaction.
 */
import { $getRoot, createEditor, type LexicalEditor } from 'lexical';
import { $applyCodingToRange, $codingsFromEditorState, $removeCoding, registerCodingMarks, type MarkedCoding } from '../../shared/coding/lexical-marks';
import { InvalidInputError } from '../../shared/api/errors';
import { editorStateFromText } from '../../shared/notes/editor-state';
import { $noteContent, NOTE_NAMESPACE, NOTE_NODES, type NoteContent } from '../../shared/notes/note-model';

export interface NoteMarks {
  plainText: string;
  marks: MarkedCoding[];
}

function headless(editorState: string): LexicalEditor {
  const errors: unknown[] = [];
  // Never log note content: errors are collected and reported by name only.
  const editor = createEditor({ namespace: NOTE_NAMESPACE, nodes: [...NOTE_NODES], onError: (error) => errors.push(error) });
  registerCodingMarks(editor);
  try {
    // A note emptied in an editor may be stored as a root without children, which Lexical reads
    // (in development builds) only with an error: read it as the one empty paragraph it shows.
    editor.setEditorState(editor.parseEditorState(hasEmptyRoot(editorState) ? editorStateFromText('') : editorState));
  } catch {
    errors.push('thrown');
  }
  if (errors.length > 0) {
    throw new InvalidInputError('The note could not be read as an editor state (it holds a kind of text Fieldnote notes do not have). Nothing was saved.');
  }
  return editor;
}

function hasEmptyRoot(editorState: string): boolean {
  try {
    const children = (JSON.parse(editorState) as { root?: { children?: unknown } }).root?.children;
    return Array.isArray(children) && children.length === 0;
  } catch {
    return false;
  }
}

/** Everything the services store beside a note's editor state, as the editor reports it. */
export function readNote(editorState: string): NoteContent {
  return headless(editorState).getEditorState().read(() => $noteContent());
}

/** The note's plain text and the coding marks in it, as the editor would report them. */
export function readNoteMarks(editorState: string): NoteMarks {
  const editor = headless(editorState);
  return editor.getEditorState().read(() => ({ plainText: $getRoot().getTextContent(), marks: $codingsFromEditorState() }));
}

export interface MarkChange {
  /** Coding ids whose marks go. */
  remove: readonly string[];
  /** Codings whose marks must cover exactly [start, end). */
  put: readonly { id: string; start: number; end: number }[];
}

/** Applies mark changes to a stored editor state; returns the new state and the marks in it. */
export function changeNoteMarks(editorState: string, change: MarkChange): { editorState: string; marks: MarkedCoding[]; content: NoteContent } {
  const editor = headless(editorState);
  const failures: unknown[] = [];
  editor.update(
    () => {
      try {
        const current = new Map($codingsFromEditorState().map((m) => [m.codingId, m]));
        for (const id of change.remove) if (current.has(id)) $removeCoding(id);
        for (const coding of change.put) {
          const mark = current.get(coding.id);
          if (mark !== undefined && mark.start === coding.start && mark.end === coding.end) continue;
          if (mark !== undefined) $removeCoding(coding.id);
          $applyCodingToRange(coding.start, coding.end, coding.id);
        }
      } catch (error) {
        failures.push(error);
      }
    },
    { discrete: true },
  );
  if (failures.length > 0) throw new InvalidInputError('A coding could not be marked in its note (the range does not fall on the note text). Nothing was saved.');
  const state = editor.getEditorState();
  return { editorState: JSON.stringify(sortMarkIds(state.toJSON())), marks: state.read(() => $codingsFromEditorState()), content: state.read(() => $noteContent()) };
}

/**
 * A mark's ids are a set; Lexical keeps them in the order they were added. Stored in sorted
 * order, the same codings give the same JSON however they came about (undo restores a note
 * byte for byte).
 */
function sortMarkIds<T>(node: T): T {
  if (Array.isArray(node)) {
    for (const child of node) sortMarkIds(child);
  } else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.type === 'mark' && Array.isArray(record.ids)) (record.ids as string[]).sort();
    for (const value of Object.values(record)) sortMarkIds(value);
  }
  return node;
}
