/**
 * Serialises a note for autosave without re-serialising all of it on every save. A 20,000-word
 * note is ~400 paragraphs; typing changes one. Each top-level block's JSON and text are cached
 * and invalidated from the update listener's dirty sets, so a save costs about one paragraph.
 * The output is exactly `JSON.stringify(editorState.toJSON())` and `$getRoot().getTextContent()`
 * (test/unit/renderer/incremental-serializer.test.ts checks that after random edits).
 */
import { HISTORIC_TAG, $getNodeByKey, $getRoot, $isElementNode, type EditorState, type LexicalNode, type NodeKey, type SerializedLexicalNode } from 'lexical';

interface CachedBlock {
  json: string;
  text: string;
}

/** What Lexical's EditorState.toJSON does for one node (exportNodeToJSON). */
function $exportNode(node: LexicalNode): SerializedLexicalNode {
  const serialized = node.exportJSON() as SerializedLexicalNode & { children?: SerializedLexicalNode[] };
  if ($isElementNode(node) && Array.isArray(serialized.children)) {
    for (const child of node.getChildren()) serialized.children.push($exportNode(child));
  }
  return serialized;
}

/** What editor.setEditorState reports: the root and nothing else (lexical 0.52, LexicalEditor.setEditorState). */
function replacedWholeState(dirtyElements: ReadonlyMap<NodeKey, unknown>, dirtyLeaves: ReadonlySet<NodeKey>): boolean {
  return dirtyLeaves.size === 0 && dirtyElements.size === 1 && dirtyElements.has('root');
}

// A placeholder for the root's children in its own JSON; no root property can contain it.
const CHILDREN_SLOT = '__fieldnote_children__';

export class IncrementalSerializer {
  private blocks = new Map<NodeKey, CachedBlock>();

  /** Call for every update, with the update listener's dirty sets and tags. */
  invalidate(editorState: EditorState, dirtyElements: ReadonlyMap<NodeKey, unknown>, dirtyLeaves: ReadonlySet<NodeKey>, tags: ReadonlySet<string>): void {
    if (this.blocks.size === 0) return;
    // Undo, redo and loading a state (editor.setEditorState) swap in a whole other state: Lexical
    // then reports only the root as dirty, although any block may differ, and a restored block
    // keeps its key. Trusting the dirty sets there kept the pre-undo text in the cache, so an
    // undone word was saved again (issue 13). Such updates start the cache afresh.
    if (tags.has(HISTORIC_TAG) || replacedWholeState(dirtyElements, dirtyLeaves)) {
      this.blocks.clear();
      return;
    }
    editorState.read(() => {
      for (const key of [...dirtyLeaves, ...dirtyElements.keys()]) {
        this.blocks.delete(key);
        const node = $getNodeByKey(key);
        if (node && node.getKey() !== 'root') {
          const top = node.getTopLevelElement();
          if (top) this.blocks.delete(top.getKey());
        }
      }
    });
  }

  serialize(editorState: EditorState): { editorState: string; plainText: string } {
    const snapshot = this.snapshot(editorState);
    return { editorState: snapshot.wholeState(), plainText: snapshot.plainText() };
  }

  /**
   * The note as blocks: each top-level block's JSON by its node key, in order, and the root's
   * own JSON. An unchanged block keeps the very string it had, so comparing with what was last
   * saved costs a pointer check (block-saves.ts); the whole state is put together only on demand.
   */
  snapshot(editorState: EditorState): BlockSnapshot {
    return editorState.read(() => {
      const root = $getRoot();
      const children = root.getChildren();
      const next = new Map<NodeKey, CachedBlock>();
      const order: string[] = [];
      const inline: boolean[] = [];
      children.forEach((block) => {
        const key = block.getKey();
        let cached = this.blocks.get(key);
        if (!cached) cached = { json: JSON.stringify($exportNode(block)), text: block.getTextContent() };
        next.set(key, cached);
        order.push(key);
        inline.push(!$isElementNode(block) || block.isInline());
      });
      this.blocks = next;
      const { children: _children, ...rootProps } = root.exportJSON() as { children?: unknown };
      // A copy: invalidate() deletes from the serializer's map, and a snapshot must not change.
      return new BlockSnapshot(JSON.stringify(rootProps), order, new Map(next), inline);
    });
  }
}

/** A note's blocks at one moment (IncrementalSerializer.snapshot). */
export class BlockSnapshot {
  private whole: string | null = null;

  constructor(
    /** The root's own JSON, without its children. */
    readonly root: string,
    /** The top-level blocks' node keys, in order. */
    readonly order: readonly string[],
    private readonly blocks: ReadonlyMap<NodeKey, CachedBlock>,
    private readonly inline: readonly boolean[],
  ) {}

  json(key: string): string {
    const block = this.blocks.get(key);
    if (block === undefined) throw new Error(`no block ${key} in this snapshot`);
    return block.json;
  }

  /** Exactly `JSON.stringify(editorState.toJSON())`. */
  wholeState(): string {
    if (this.whole === null) {
      // As EditorState.toJSON: the root's children first, then its own properties (RootNode.exportJSON).
      const ordered = { children: CHILDREN_SLOT, ...(JSON.parse(this.root) as object) };
      const parts = this.order.map((key) => this.json(key));
      this.whole = JSON.stringify({ root: ordered }).replace(`"${CHILDREN_SLOT}"`, () => `[${parts.join(',')}]`);
    }
    return this.whole;
  }

  /** Exactly `$getRoot().getTextContent()`. */
  plainText(): string {
    let text = '';
    this.order.forEach((key, index) => {
      text += this.blocks.get(key)?.text ?? '';
      // As ElementNode.getTextContent: a blank line after every block element but the last.
      if (!this.inline[index] && index !== this.order.length - 1) text += '\n\n';
    });
    return text;
  }
}
