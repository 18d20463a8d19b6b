// A headless note editor for tests: the same nodes and mark normalizer as every note editor.
import { createEditor, type LexicalEditor } from 'lexical';
import { registerCodingMarks } from '../../shared/coding/lexical-marks';
import { NOTE_NAMESPACE, NOTE_NODES } from '../../shared/notes/note-model';

export function headlessNote(editorState?: string): LexicalEditor {
  const editor = createEditor({
    namespace: NOTE_NAMESPACE,
    nodes: [...NOTE_NODES],
    onError: (error) => {
      throw error;
    },
  });
  registerCodingMarks(editor);
  if (editorState !== undefined) editor.setEditorState(editor.parseEditorState(editorState));
  return editor;
}

/** The state after one edit of a stored note, as an editor would send it to notes.save. */
export function editNote(editorState: string, edit: () => void): string {
  const editor = headlessNote(editorState);
  editor.update(edit, { discrete: true });
  return JSON.stringify(editor.getEditorState().toJSON());
}
