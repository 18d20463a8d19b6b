/**
 * What an autosave sends: only the blocks (top-level nodes, by node key) that differ from the
 * services' copy as of the last acknowledged save, the order when it changed, and that save's
 * version as the base. With nothing acknowledged yet (a new editor, or after the editor loaded a
 * state the services sent, whose nodes have new keys) every block goes, with no base: a whole
 * save. The services refuse a delta whose base is not their version (`note_changed`: a save that
 * failed after being stored, coding that rewrote the note); the saver then sends the whole note,
 * so no text is lost (note-plugins.tsx).
 */
import type { ApiInput } from '../../../shared/api/contract';
import type { BlockSnapshot } from './incremental-serializer';

type BlocksInput = Extract<ApiInput<'notes.save'>, { blocks: unknown }>['blocks'];

interface Acknowledged {
  version: number;
  snapshot: BlockSnapshot;
}

export class BlockSaves {
  private acked: Acknowledged | null = null;
  /** Bumped when the editor's nodes are replaced: an answer to a request sent before is not a base. */
  private generation = 0;

  /** The editor now shows a state it did not type (loaded from the services, or a fresh editor). */
  reset(): void {
    this.acked = null;
    this.generation += 1;
  }

  get current(): number {
    return this.generation;
  }

  /** The request for this snapshot: a delta against the last acknowledged save, or the whole note. */
  request(snapshot: BlockSnapshot, whole = false): BlocksInput {
    const acked = this.acked;
    if (acked === null || whole) {
      return { baseVersion: null, root: snapshot.root, order: [...snapshot.order], changed: snapshot.order.map((key) => ({ key, json: snapshot.json(key) })) };
    }
    const before = new Set(acked.snapshot.order);
    // Same key and the very same JSON string (the serializer's cache): unchanged. A block that
    // was serialised again compares by content, so an undo that restores a block sends nothing.
    const changed = snapshot.order.filter((key) => !before.has(key) || acked.snapshot.json(key) !== snapshot.json(key)).map((key) => ({ key, json: snapshot.json(key) }));
    const sameOrder = acked.snapshot.order.length === snapshot.order.length && acked.snapshot.order.every((key, i) => snapshot.order[i] === key);
    return {
      baseVersion: acked.version,
      ...(snapshot.root === acked.snapshot.root ? {} : { root: snapshot.root }),
      ...(sameOrder ? {} : { order: [...snapshot.order] }),
      changed,
    };
  }

  /** The services stored `snapshot` as `version` (ignored if the editor's nodes were replaced since `generation`). */
  acknowledge(snapshot: BlockSnapshot, version: number, generation: number): void {
    if (generation === this.generation) this.acked = { version, snapshot };
  }
}
