/**
 * The reference for the typing benchmark: a bare Lexical editor (rich text and history, nothing
 * else), bundled for production by bench/bare-lexical/build.ts. The benchmark loads the same note
 * into it and gives its box the same size and font as Fieldnote's note editor.
 */
import { createEmptyHistoryState, registerHistory } from '@lexical/history';
import { registerRichText } from '@lexical/rich-text';
import { createEditor } from 'lexical';

const element = document.getElementById('editor');
if (!element) throw new Error('no #editor element');
const editor = createEditor({ namespace: 'bare', theme: { paragraph: 'note-paragraph' }, onError: (error) => console.error('bare editor error:', error.name) });
editor.setRootElement(element);
registerRichText(editor);
registerHistory(editor, createEmptyHistoryState(), 300);
(window as unknown as { loadNote: (state: string) => void }).loadNote = (state) => editor.setEditorState(editor.parseEditorState(state));
