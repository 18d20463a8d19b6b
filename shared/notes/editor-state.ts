/**
 * Notes are stored as Lexical's serialized editor state (JSON). These helpers build a minimal
 * state from paragraphs (for synthetic data and imports); the plain text is always derived from
 * a state by the note model (shared/notes/note-model.ts), never computed a second way.
 */

/**
 * A Lexical state whose plain text (as Lexical reports it: blocks joined by a blank line, line
 * breaks as "\n") is exactly `text`. For synthetic data, imports and JSON without an editor state.
 */
export function editorStateFromText(text: string): string {
  const paragraphs = text.split('\n\n').map((block) => {
    const children: Record<string, unknown>[] = [];
    block.split('\n').forEach((line, i) => {
      if (i > 0) children.push({ type: 'linebreak', version: 1 });
      if (line !== '') children.push({ type: 'text', text: line, detail: 0, format: 0, mode: 'normal', style: '', version: 1 });
    });
    return { type: 'paragraph', children, direction: null, format: '', indent: 0, textFormat: 0, textStyle: '', version: 1 };
  });
  return JSON.stringify({ root: { type: 'root', children: paragraphs, direction: null, format: '', indent: 0, version: 1 } });
}

export function editorStateFromParagraphs(paragraphs: readonly string[]): string {
  return editorStateFromText(plainTextFromParagraphs(paragraphs));
}

export function plainTextFromParagraphs(paragraphs: readonly string[]): string {
  return paragraphs.join('\n\n');
}
