/**
 * Highlights over a note that store nothing in it: words from the project's flagged names
 * list (shown in the note and listed under it) and the spans review comments point at.
 */
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $getRoot, mergeRegister, type EditorState, type LexicalEditor } from 'lexical';
import { useEffect, useRef } from 'react';
import { domRange, setHighlightRanges } from './highlights';
import { $textSpans } from './plain-offsets';

export const FLAGGED_HIGHLIGHT = 'fieldnote-flagged';
export const COMMENT_HIGHLIGHT = 'fieldnote-comment';

/** Runs `paint` after every update and once the editor is on screen; clears on unmount. */
function usePainter(editor: LexicalEditor, paint: (state: EditorState) => void, deps: readonly unknown[]) {
  useEffect(() => {
    const frame = window.requestAnimationFrame(() => paint(editor.getEditorState()));
    return mergeRegister(
      editor.registerUpdateListener(({ editorState }) => paint(editorState)),
      () => window.cancelAnimationFrame(frame),
    );
    // `paint` is rebuilt on every render; `deps` says when it means something new.
  }, [editor, ...deps]);
}

export function FlaggedTermsPlugin({ terms, onFound }: { terms: readonly string[]; onFound: (found: string[]) => void }) {
  const [editor] = useLexicalComposerContext();
  const owner = useRef({});
  const reported = useRef('');
  const latestOnFound = useRef(onFound);
  latestOnFound.current = onFound;
  const key = terms.join('\u0000');

  usePainter(
    editor,
    (state) => {
      const wanted = terms.filter((t) => t.trim() !== '').map((term) => ({ term, lower: term.toLowerCase() }));
      const found = new Set<string>();
      const ranges: Range[] = [];
      if (wanted.length > 0) {
        state.read(() => {
          for (const node of $getRoot().getAllTextNodes()) {
            const lower = node.getTextContent().toLowerCase();
            for (const { term, lower: needle } of wanted) {
              for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
                found.add(term);
                const range = domRange(editor.getElementByKey(node.getKey()), at, at + needle.length);
                if (range) ranges.push(range);
              }
            }
          }
        });
      }
      setHighlightRanges(FLAGGED_HIGHLIGHT, owner.current, ranges);
      const list = [...found].sort();
      if (list.join('\u0000') !== reported.current) {
        reported.current = list.join('\u0000');
        latestOnFound.current(list);
      }
    },
    [key],
  );
  useEffect(() => {
    const me = owner.current;
    return () => setHighlightRanges(FLAGGED_HIGHLIGHT, me, []);
  }, []);
  return null;
}

export function CommentAnchorsPlugin({ spans }: { spans: readonly { start: number; end: number }[] }) {
  const [editor] = useLexicalComposerContext();
  const owner = useRef({});
  const key = spans.map((s) => `${s.start}-${s.end}`).join(',');

  usePainter(
    editor,
    (state) => {
      const ranges: Range[] = [];
      if (spans.length > 0) {
        state.read(() => {
          for (const text of $textSpans()) {
            for (const span of spans) {
              const from = Math.max(span.start, text.start);
              const to = Math.min(span.end, text.end);
              if (from >= to) continue;
              const range = domRange(editor.getElementByKey(text.node.getKey()), from - text.start, to - text.start);
              if (range) ranges.push(range);
            }
          }
        });
      }
      setHighlightRanges(COMMENT_HIGHLIGHT, owner.current, ranges);
    },
    [key],
  );
  useEffect(() => {
    const me = owner.current;
    return () => setHighlightRanges(COMMENT_HIGHLIGHT, me, []);
  }, []);
  return null;
}
