/**
 * The one Lexical set-up of a note, shared by every note editor (runner, review, coding
 * workbench): the same nodes as the services' headless editor (shared/notes/note-model.ts), so a
 * note with coded passages or speaker tags opens with all its text and marks anywhere.
 */
import type { InitialConfigType } from '@lexical/react/LexicalComposer';
import { NOTE_NAMESPACE, NOTE_NODES } from '../../../shared/notes/note-model';

export const NOTE_THEME = {
  paragraph: 'note-paragraph',
  text: { bold: 'note-bold', italic: 'note-italic', underline: 'note-underline' },
  mark: 'code-mark',
  markOverlap: 'code-mark-overlap',
};

/** `initialState` is the saved Lexical JSON, or null for a new note. */
export function noteEditorConfig(initialState: string | null, editorName: string): InitialConfigType {
  return {
    namespace: NOTE_NAMESPACE,
    theme: NOTE_THEME,
    nodes: [...NOTE_NODES],
    // Never log note content: report only that something failed.
    onError: (error) => console.error(`${editorName} error:`, error.name),
    ...(initialState ? { editorState: initialState } : {}),
  };
}
