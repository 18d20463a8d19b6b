/**
 * What an autosave sends: only the blocks (top-level nodes) that differ from the services' copy
 * as of the last acknowledged save, the order when it changed, and that save's version as the
 * base. The services refuse a delta whose base is not their version (`note_changed`: a save that
 * failed after being stored, coding that rewrote the note); the saver then sends the whole note,
 * so no text is lost (note-plugins.tsx).
 *
 * A fresh editor has acknowledged nothing, but when the services said which stored blocks its
 * initial state is (`StoredBlocks`: version and keys, shared/api/notes.ts) the editor adopts that
 * state as acknowledged: root child i is stored block keys[i], and its acknowledged JSON is the
 * stored child's own JSON from the state loaded (not the editor's serialisation of it, so a block
 * Lexical would normalise differently is sent rather than assumed stored). Requests then name
 * those blocks by their stored keys, and blocks made in this editor get this editor's prefix,
 * which no stored key starts with. Without adoption (no stored blocks, counts that differ, a
 * state loaded later) every block goes under its node key, with no base: a whole save.
 */
import type { ApiInput } from '../../../shared/api/contract';
import type { StoredBlocks } from '../../../shared/api/notes';
import { BlockSnapshot } from './incremental-serializer';

type BlocksInput = Extract<ApiInput<'notes.save'>, { blocks: unknown }>['blocks'];

interface Acknowledged {
  version: number;
  snapshot: BlockSnapshot;
}

/** A loaded state to adopt at the first request (parsing it at load would cost the editor's first frame). */
interface Adoption {
  stored: StoredBlocks;
  /** The editor's node keys of the loaded state's root children, in order. */
  editorKeys: readonly string[];
  loaded: string;
}

/**
 * "n", 8 random base-36 characters and ".", which no stored key starts with: stored keys are
 * node keys (digits), `w<i>`, `m<i>` and other editors' prefixed keys. With a Lexical node key
 * (a counter) it stays within the 40 characters a key may have (shared/api/notes.ts).
 */
function freshPrefix(stored: readonly string[]): string {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(8));
    const prefix = `n${[...bytes].map((b) => (b % 36).toString(36)).join('')}.`;
    if (!stored.some((key) => key.startsWith(prefix))) return prefix;
  }
}

export class BlockSaves {
  private acked: Acknowledged | null = null;
  /** Bumped when the editor's nodes are replaced: an answer to a request sent before is not a base. */
  private generation = 0;
  private adoption: Adoption | null = null;
  /** Node keys of adopted blocks to their stored keys. */
  private storedKeys = new Map<string, string>();
  /** Put before the node key of every other block while adopted blocks are in use. */
  private prefix: string | null = null;

  /** The editor now shows a state it did not type (loaded from the services, or a fresh editor). */
  reset(): void {
    this.acked = null;
    this.adoption = null;
    this.storedKeys = new Map();
    this.prefix = null;
    this.generation += 1;
  }

  get current(): number {
    return this.generation;
  }

  /**
   * The editor shows `loaded`, the state the services sent with `stored`, as nodes `editorKeys`
   * (its root's children, in order) and nothing was typed yet: adopt it as acknowledged at the
   * first request, when the counts agree. Call before any request.
   */
  adopt(stored: StoredBlocks, editorKeys: readonly string[], loaded: string): void {
    if (this.acked !== null) return;
    this.adoption = { stored, editorKeys: [...editorKeys], loaded };
  }

  /** The stored key a request names a block by. */
  private keyOf(key: string): string {
    return this.storedKeys.get(key) ?? (this.prefix === null ? key : this.prefix + key);
  }

  private settleAdoption(): void {
    const adoption = this.adoption;
    this.adoption = null;
    if (adoption === null || this.acked !== null) return;
    const { stored, editorKeys } = adoption;
    if (editorKeys.length !== stored.keys.length || new Set(stored.keys).size !== stored.keys.length || new Set(editorKeys).size !== editorKeys.length) return;
    let root: { children?: unknown } | undefined;
    try {
      root = (JSON.parse(adoption.loaded) as { root?: { children?: unknown } }).root;
    } catch {
      return;
    }
    if (root === undefined || root === null || typeof root !== 'object' || !Array.isArray(root.children) || root.children.length !== stored.keys.length) return;
    const { children, ...props } = root as { children: unknown[] };
    const blocks = new Map(editorKeys.map((key, i) => [key, { json: JSON.stringify(children[i]), text: '' }]));
    this.acked = { version: stored.version, snapshot: new BlockSnapshot(JSON.stringify(props), editorKeys, blocks, editorKeys.map(() => false)) };
    this.storedKeys = new Map(editorKeys.map((key, i) => [key, stored.keys[i]!]));
    this.prefix = freshPrefix(stored.keys);
  }

  /** The request for this snapshot: a delta against the last acknowledged save, or the whole note. */
  request(snapshot: BlockSnapshot, whole = false): BlocksInput {
    if (this.adoption !== null) this.settleAdoption();
    const acked = this.acked;
    const order = snapshot.order.map((key) => this.keyOf(key));
    if (acked === null || whole) {
      return { baseVersion: null, root: snapshot.root, order, changed: snapshot.order.map((key, i) => ({ key: order[i]!, json: snapshot.json(key) })) };
    }
    const before = new Set(acked.snapshot.order);
    // Same key and the very same JSON string (the serializer's cache): unchanged. A block that
    // was serialised again compares by content, so an undo that restores a block sends nothing.
    const changed = snapshot.order.flatMap((key, i) => (!before.has(key) || acked.snapshot.json(key) !== snapshot.json(key) ? [{ key: order[i]!, json: snapshot.json(key) }] : []));
    const sameOrder = acked.snapshot.order.length === snapshot.order.length && acked.snapshot.order.every((key, i) => snapshot.order[i] === key);
    return {
      baseVersion: acked.version,
      ...(snapshot.root === acked.snapshot.root ? {} : { root: snapshot.root }),
      ...(sameOrder ? {} : { order }),
      changed,
    };
  }

  /** The services stored `snapshot` as `version` (ignored if the editor's nodes were replaced since `generation`). */
  acknowledge(snapshot: BlockSnapshot, version: number, generation: number): void {
    if (generation === this.generation) this.acked = { version, snapshot };
  }
}
