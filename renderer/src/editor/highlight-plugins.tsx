/**
 * Highlights over a note that store nothing in it: words from the project's flagged names
 * list (shown in the note and listed under it) and the spans review comments point at.
 */
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $getNodeByKey, $isTextNode, mergeRegister, TextNode, type EditorState, type LexicalEditor, type NodeKey, type NodeMutation } from 'lexical';
import { SpeakerTagNode } from '../../../shared/notes/speaker-tag';
import { FlaggedNames, type FlaggedHit } from './flagged-names';
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
 * each node's hits cached: a keystroke searches the one node it changed, never the whole note.
 * The first call of each listener reports every node already there (a changed list of names
 * starts again from an empty cache).
 *
 * Only paragraphs being rendered carry ranges. Chromium rebuilds the markers of every range of
 * every highlight after any change to the DOM (HighlightRegistry::ValidateHighlightMarkers), so
 * each keystroke cost what the whole note holds: 3,300 names in a 20,000-word note, ~7 ms a key
 * in layout, pre-paint, paint and hit testing. Paragraphs off screen skip rendering
 * (`content-visibility: auto`, styles.css): a text node gets ranges if it is rendered when it
 * changes, and its paragraph's `contentvisibilityautostatechange` adds or drops them later.
 * Names off screen stay found and listed.
 */
export function FlaggedTermsPlugin({ terms, onFound }: { terms: readonly string[]; onFound: (found: string[]) => void }) {
  const [editor] = useLexicalComposerContext();
  const latestOnFound = useRef(onFound);
  latestOnFound.current = onFound;
  const key = terms.join('\u0000');

  useEffect(() => {
    const owner = {};
    const names = new FlaggedNames(key === '' ? [] : key.split('\u0000'));
    /** Each text node with hits: its element, its paragraph and its ranges while that is rendered. */
    const byNode = new Map<NodeKey, { element: HTMLElement | null; block: Element | null; hits: FlaggedHit[]; ranges: Range[] }>();
    const nodesInBlock = new Map<Element, Set<NodeKey>>();
    let reported = '';
    const report = () => {
      const list = names.found();
      if (list.join('\u0000') !== reported) {
        reported = list.join('\u0000');
        latestOnFound.current(list);
      }
    };
    const rangesOf = (element: HTMLElement | null, hits: readonly FlaggedHit[]) => hits.map((hit) => domRange(element, hit.from, hit.to)).filter((r): r is Range => r !== null);
    const forget = (nodeKey: NodeKey, removed: Range[]) => {
      const entry = byNode.get(nodeKey);
      if (!entry) return;
      removed.push(...entry.ranges);
      byNode.delete(nodeKey);
      const inBlock = entry.block ? nodesInBlock.get(entry.block) : undefined;
      inBlock?.delete(nodeKey);
      if (entry.block && inBlock?.size === 0) nodesInBlock.delete(entry.block); // no removed paragraph kept alive
    };
    const onMutations = (mutations: Map<NodeKey, NodeMutation>) => {
      const removed: Range[] = [];
      const added: Range[] = [];
      const root = editor.getRootElement();
      editor.getEditorState().read(() => {
        for (const [nodeKey, mutation] of mutations) {
          forget(nodeKey, removed);
          names.remove(nodeKey);
          const node = mutation === 'destroyed' ? null : $getNodeByKey(nodeKey);
          if (!$isTextNode(node)) continue;
          const hits = names.put(nodeKey, node.getTextContent());
          if (hits.length === 0) continue;
          const element = editor.getElementByKey(nodeKey);
          const block = blockOf(element, root);
          const ranges = rendered(element) ? rangesOf(element, hits) : [];
          byNode.set(nodeKey, { element, block, hits, ranges });
          if (block) nodesInBlock.set(block, (nodesInBlock.get(block) ?? new Set()).add(nodeKey));
          added.push(...ranges);
        }
      });
      if (removed.length > 0 || added.length > 0) changeHighlightRanges(FLAGGED_HIGHLIGHT, owner, removed, added);
      report();
    };
    const onRendering = (event: Event) => {
      const block = event.target;
      const nowSkipped = (event as ContentVisibilityAutoStateChangeEvent).skipped;
      if (!(block instanceof Element) || typeof nowSkipped !== 'boolean') return;
      const removed: Range[] = [];
      const added: Range[] = [];
      for (const nodeKey of nodesInBlock.get(block) ?? []) {
        const entry = byNode.get(nodeKey);
        if (!entry) continue;
        removed.push(...entry.ranges);
        entry.ranges = nowSkipped ? [] : rangesOf(entry.element, entry.hits);
        added.push(...entry.ranges);
      }
      if (removed.length > 0 || added.length > 0) changeHighlightRanges(FLAGGED_HIGHLIGHT, owner, removed, added);
    };
    const unregister = names.active
      ? mergeRegister(
          // Every text node class of a note: mutation listeners are per class, not per subclass.
          ...[TextNode, SpeakerTagNode].map((klass) => editor.registerMutationListener(klass, onMutations)),
          editor.registerRootListener((root, previous) => {
            previous?.removeEventListener('contentvisibilityautostatechange', onRendering);
            root?.addEventListener('contentvisibilityautostatechange', onRendering);
          }),
        )
      : () => undefined;
    report();
    return () => {
      unregister();
      setHighlightRanges(FLAGGED_HIGHLIGHT, owner, []);
      if (reported !== '') latestOnFound.current([]); // the next list of names starts from nothing found
    };
  }, [editor, key]);
  return null;
}

/** False while the element's paragraph skips rendering its contents (content-visibility: auto). */
function rendered(element: HTMLElement | null): boolean {
  return element === null || typeof element.checkVisibility !== 'function' || element.checkVisibility({ contentVisibilityAuto: true });
}

/** The paragraph (a child of the editor's root element) an element is in. */
function blockOf(element: HTMLElement | null, root: HTMLElement | null): Element | null {
  let at: Element | null = element;
  while (at && at.parentElement !== root) at = at.parentElement;
  return root ? at : null;
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
