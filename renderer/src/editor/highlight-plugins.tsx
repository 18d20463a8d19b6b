/**
 * Highlights over a note that store nothing in it: words from the project's flagged names
 * list (shown in the note and listed under it) and the spans review comments point at.
 */
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $getNodeByKey, $isTextNode, mergeRegister, TextNode, type EditorState, type LexicalEditor, type NodeKey, type NodeMutation } from 'lexical';
import { SpeakerTagNode } from '../../../shared/notes/speaker-tag';
import { FlaggedNames } from './flagged-names';
import { useEffect, useRef } from 'react';
import { changeHighlightRanges, domRange, setHighlightRanges } from './highlights';
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

/**
 * Flagged names in the note, highlighted and listed. Works on the text nodes Lexical reports as
 * created, updated or destroyed (mutation listeners, called after the DOM is reconciled), with
 * each node's ranges cached: a keystroke searches the one node it changed, never the whole note.
 * The first call of each listener reports every node already there (a changed list of names
 * starts again from an empty cache).
 */
export function FlaggedTermsPlugin({ terms, onFound }: { terms: readonly string[]; onFound: (found: string[]) => void }) {
  const [editor] = useLexicalComposerContext();
  const latestOnFound = useRef(onFound);
  latestOnFound.current = onFound;
  const key = terms.join('\u0000');

  useEffect(() => {
    const owner = {};
    const names = new FlaggedNames(key === '' ? [] : key.split('\u0000'));
    const rangesByNode = new Map<string, Range[]>();
    let reported = '';
    const report = () => {
      const list = names.found();
      if (list.join('\u0000') !== reported) {
        reported = list.join('\u0000');
        latestOnFound.current(list);
      }
    };
    const onMutations = (mutations: Map<NodeKey, NodeMutation>) => {
      const removed: Range[] = [];
      const added: Range[] = [];
      editor.getEditorState().read(() => {
        for (const [nodeKey, mutation] of mutations) {
          removed.push(...(rangesByNode.get(nodeKey) ?? []));
          rangesByNode.delete(nodeKey);
          names.remove(nodeKey);
          const node = mutation === 'destroyed' ? null : $getNodeByKey(nodeKey);
          if (!$isTextNode(node)) continue;
          const hits = names.put(nodeKey, node.getTextContent());
          if (hits.length === 0) continue;
          const element = editor.getElementByKey(nodeKey);
          const ranges = hits.map((hit) => domRange(element, hit.from, hit.to)).filter((r): r is Range => r !== null);
          rangesByNode.set(nodeKey, ranges);
          added.push(...ranges);
        }
      });
      if (removed.length > 0 || added.length > 0) changeHighlightRanges(FLAGGED_HIGHLIGHT, owner, removed, added);
      report();
    };
    // Every text node class of a note: mutation listeners are per class, not per subclass.
    const unregister = names.active ? mergeRegister(...[TextNode, SpeakerTagNode].map((klass) => editor.registerMutationListener(klass, onMutations))) : () => undefined;
    report();
    return () => {
      unregister();
      setHighlightRanges(FLAGGED_HIGHLIGHT, owner, []);
      if (reported !== '') latestOnFound.current([]); // the next list of names starts from nothing found
    };
  }, [editor, key]);
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
