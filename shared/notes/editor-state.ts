/**
 * Notes are stored as Lexical's serialized editor state (JSON) next to their plain text.
 * These helpers build a minimal state from paragraphs (for synthetic data and imports) and
 * read the plain text back the way Lexical's `$getRoot().getTextContent()` does: block
 * children joined by a blank line ("\n\n").
 */

interface SerializedText {
  type: 'text';
  text: string;
  detail: 0;
  format: 0;
  mode: 'normal';
  style: '';
  version: 1;
}

interface SerializedParagraph {
  type: 'paragraph';
  children: SerializedText[];
  direction: null;
  format: '';
  indent: 0;
  textFormat: 0;
  textStyle: '';
  version: 1;
}

export function editorStateFromParagraphs(paragraphs: readonly string[]): string {
  const children: SerializedParagraph[] = paragraphs.map((text) => ({
    type: 'paragraph',
    children: text === '' ? [] : [{ type: 'text', text, detail: 0, format: 0, mode: 'normal', style: '', version: 1 }],
    direction: null,
    format: '',
    indent: 0,
    textFormat: 0,
    textStyle: '',
    version: 1,
  }));
  return JSON.stringify({ root: { type: 'root', children, direction: null, format: '', indent: 0, version: 1 } });
}

export function plainTextFromParagraphs(paragraphs: readonly string[]): string {
  return paragraphs.join('\n\n');
}

interface AnyNode {
  type?: string;
  text?: string;
  children?: AnyNode[];
}

/** Plain text of a serialized state: text nodes concatenated, blocks separated by "\n\n", line breaks as "\n". */
export function plainTextOfEditorState(json: string): string {
  const state = JSON.parse(json) as { root?: AnyNode };
  const blocks = state.root?.children ?? [];
  const inline = (node: AnyNode): string => {
    if (node.type === 'linebreak') return '\n';
    if (typeof node.text === 'string') return node.text;
    return (node.children ?? []).map(inline).join('');
  };
  return blocks.map(inline).join('\n\n');
}
