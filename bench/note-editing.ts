/**
 * A note editor for the autosave benchmarks, set up as AutosavePlugin sets one up (the
 * incremental serializer and block tracking), with a keystroke and a save over loopback HTTP.
 */
import type { FieldnoteServices } from '../electron/services/fieldnote-services';
import { $getRoot, $isElementNode, $isTextNode, createEditor, type LexicalEditor } from 'lexical';
import { dispatch } from '../shared/api/dispatch';
import { registerCodingMarks } from '../shared/coding/lexical-marks';
import { NOTE_NAMESPACE, NOTE_NODES } from '../shared/notes/note-model';
import { BlockSaves } from '../renderer/src/editor/block-saves';
import { IncrementalSerializer } from '../renderer/src/editor/incremental-serializer';

/** A note editor as the app sets one up, with the autosave's serializer and block tracking. */
export interface Editor {
  editor: LexicalEditor;
  serializer: IncrementalSerializer;
  saves: BlockSaves;
}

export function openEditor(state: string): Editor {
  const editor = createEditor({ namespace: NOTE_NAMESPACE, nodes: [...NOTE_NODES], onError: (error) => { throw error; } });
  registerCodingMarks(editor);
  const serializer = new IncrementalSerializer();
  const saves = new BlockSaves();
  editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves, tags }) => serializer.invalidate(editorState, dirtyElements, dirtyLeaves, tags));
  editor.setEditorState(editor.parseEditorState(state));
  return { editor, serializer, saves };
}

export async function call(services: FieldnoteServices, method: string, input: unknown): Promise<Record<string, unknown>> {
  const result = await dispatch(services.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as Record<string, unknown>;
}

/** A project with one interview whose general notes hold 20,000 words (400 paragraphs of 50). */
/** One keystroke typed into paragraph `at`, as the editor applies it. */
export function typeInto(editor: LexicalEditor, at: number, character: string): void {
  editor.update(
    () => {
      const blocks = $getRoot().getChildren();
      const paragraph = blocks[at % blocks.length];
      const text = $isElementNode(paragraph) ? paragraph.getFirstChild() : null;
      if ($isTextNode(text)) text.spliceText(10, 0, character);
    },
    { discrete: true },
  );
}

/** Serialise, send, parse, validate, save, commit: ms from the keystroke's state to the answer, and the request's size. */
export async function saveOverHttp(url: string, interviewId: string, note: Editor, whole = false): Promise<{ ms: number; bytes: number }> {
  const began = performance.now();
  const generation = note.saves.current;
  const snapshot = note.serializer.snapshot(note.editor.getEditorState());
  const body = JSON.stringify({ interviewId, question: '', blocks: note.saves.request(snapshot, whole) });
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  const result = (await response.json()) as { ok: boolean; value?: { version: number }; error?: { message: string } };
  if (!result.ok || result.value === undefined) throw new Error(`notes.save: ${result.error?.message}`);
  note.saves.acknowledge(snapshot, result.value.version, generation);
  return { ms: performance.now() - began, bytes: Buffer.byteLength(body) };
}
