// An editor that opens a stored note adopts the loaded state as acknowledged (block-saves.ts): its
// first save sends only the paragraphs it changed, named by their stored keys, and paragraphs it
// makes get keys no stored block has. A small model of the services' store (the same rules as
// note-repo.ts saveBlocks) checks after every save that what is stored is what the editor shows.
import { $createParagraphNode, $createTextNode, $getRoot, $isElementNode, $isTextNode, type LexicalEditor } from 'lexical';
import { describe, expect, it } from 'vitest';
import { BlockSaves } from '../../../renderer/src/editor/block-saves';
import { IncrementalSerializer } from '../../../renderer/src/editor/incremental-serializer';
import { editorStateFromParagraphs } from '../../../shared/notes/editor-state';
import { headlessNote } from '../../support/notes';

type Request = ReturnType<BlockSaves['request']>;

const PARAGRAPHS = ['Families trust the shelter in Kampot now.', 'ការអប់រំល្អណាស់។ Court cases take too long.', 'Referral from police is rare.', 'Staff turnover is high.'];

/** What the services keep of a note: as note-repo.ts saveBlocks stores and refuses. */
class Store {
  constructor(
    public version: number,
    public order: string[],
    public json: Map<string, string>,
  ) {}

  /** The stored version after this request, or 'note_changed'. */
  save(request: Request): number | 'note_changed' {
    if (request.baseVersion === null) {
      this.order = [...(request.order ?? [])];
      this.json = new Map(request.changed.map((b) => [b.key, b.json]));
    } else {
      if (request.baseVersion !== this.version) return 'note_changed';
      const json = new Map(this.json);
      for (const b of request.changed) json.set(b.key, b.json);
      const order = [...(request.order ?? this.order)];
      if (new Set(order).size !== order.length || order.some((key) => !json.has(key))) return 'note_changed';
      this.order = order;
      this.json = new Map(order.map((key) => [key, json.get(key)!]));
    }
    this.version += 1;
    return this.version;
  }

  children(): unknown[] {
    return this.order.map((key) => JSON.parse(this.json.get(key)!) as unknown);
  }
}

function stored(keys: readonly string[], version = 40): { store: Store; state: string } {
  // As an editor saved it: Lexical's own JSON of each paragraph.
  const state = JSON.stringify(headlessNote(editorStateFromParagraphs(PARAGRAPHS)).getEditorState().toJSON());
  const children = (JSON.parse(state) as { root: { children: unknown[] } }).root.children;
  return { store: new Store(version, [...keys], new Map(keys.map((key, i) => [key, JSON.stringify(children[i])]))), state };
}

/** A note editor that loaded `state`, saving as AutosavePlugin does. */
function openEditor(state: string, store: Store, adopt = true) {
  const editor = headlessNote(state);
  const serializer = new IncrementalSerializer();
  editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves, tags }) => serializer.invalidate(editorState, dirtyElements, dirtyLeaves, tags));
  const saves = new BlockSaves();
  if (adopt) saves.adopt({ version: store.version, keys: [...store.order] }, childKeys(editor), state);
  const requests: Request[] = [];
  const save = () => {
    const snapshot = serializer.snapshot(editor.getEditorState());
    const generation = saves.current;
    let request = saves.request(snapshot);
    requests.push(request);
    let version = store.save(request);
    if (version === 'note_changed') {
      request = saves.request(snapshot, true);
      requests.push(request);
      version = store.save(request);
    }
    if (version === 'note_changed') throw new Error('a whole save was refused');
    saves.acknowledge(snapshot, version, generation);
    // What the services hold is what the editor shows.
    expect(store.children()).toEqual((editor.getEditorState().toJSON() as { root: { children: unknown[] } }).root.children);
    return request;
  };
  return { editor, saves, save, requests };
}

function childKeys(editor: LexicalEditor): string[] {
  return editor.getEditorState().read(() => $getRoot().getChildrenKeys());
}

function edit(editor: LexicalEditor, fn: () => void): void {
  editor.update(fn, { discrete: true });
}

function $typeAt(paragraph: number, words: string): void {
  const block = $getRoot().getChildAtIndex(paragraph);
  const text = $isElementNode(block) ? block.getFirstDescendant() : null;
  if (!$isTextNode(text)) throw new Error('no text');
  text.spliceText(0, 0, words);
}

describe('a fresh editor adopts the stored note it loaded', () => {
  it('sends one paragraph under its stored key as its first save, and new, deleted and moved paragraphs after', () => {
    const { store, state } = stored(['w0', 'm1', '17', 'n0000abcd.9']);
    const { editor, save } = openEditor(state, store);

    edit(editor, () => $typeAt(1, 'Typed: '));
    expect(save()).toEqual({ baseVersion: 40, changed: [{ key: 'm1', json: store.json.get('m1') }] });

    // A new paragraph after the first: its key is this editor's, and the order names the stored keys.
    edit(editor, () => {
      const p = $createParagraphNode().append($createTextNode('A new paragraph.'));
      $getRoot().getFirstChildOrThrow().insertAfter(p);
    });
    const added = save();
    expect(added.baseVersion).toBe(41);
    expect(added.changed).toHaveLength(1);
    const newKey = added.changed[0]!.key;
    expect(['w0', 'm1', '17', 'n0000abcd.9']).not.toContain(newKey);
    expect(added.order).toEqual(['w0', newKey, 'm1', '17', 'n0000abcd.9']);

    // A deleted paragraph: only the order says so.
    edit(editor, () => $getRoot().getChildAtIndex(3)!.remove());
    expect(save()).toEqual({ baseVersion: 42, order: ['w0', newKey, 'm1', 'n0000abcd.9'], changed: [] });

    // A moved paragraph keeps its stored key.
    edit(editor, () => {
      const last = $getRoot().getLastChildOrThrow();
      $getRoot().getFirstChildOrThrow().insertBefore(last);
    });
    expect(save()).toEqual({ baseVersion: 43, order: ['n0000abcd.9', 'w0', newKey, 'm1'], changed: [] });

    // Editing the new paragraph again names it by the same key.
    edit(editor, () => $typeAt(2, 'Again: '));
    expect(save().changed.map((b) => b.key)).toEqual([newKey]);
  });

  it('never gives a paragraph it makes the key of a stored paragraph, even a stored node key equal to its own', () => {
    // Stored keys are chosen after the editor made its paragraph, so one of them is its node key.
    const { store, state } = stored(['a', 'b', 'c', 'd']);
    const { editor, saves, save } = openEditor(state, store, false);
    const loadedKeys = childKeys(editor);
    edit(editor, () => $getRoot().append($createParagraphNode().append($createTextNode('New.'))));
    const next = childKeys(editor).at(-1)!;
    const keys = [next, `${next}x`, 'w1', 'w2'];
    store.json = new Map(keys.map((key, i) => [key, store.json.get(store.order[i]!)!]));
    store.order = keys;
    saves.adopt({ version: store.version, keys }, loadedKeys, state);
    const request = save();
    expect(request.changed).toHaveLength(1);
    expect(request.changed[0]!.key).not.toBe(next);
    expect(request.changed[0]!.key.length).toBeLessThanOrEqual(40);
    expect(request.order).toEqual([next, `${next}x`, 'w1', 'w2', request.changed[0]!.key]);
  });

  it('sends a paragraph whose stored JSON differs from what the editor makes of it, edited or not', () => {
    const { store, state } = stored(['w0', 'w1', 'w2', 'w3']);
    // Stored by another writer with its properties in another order: same paragraph, other JSON.
    const parsed = JSON.parse(state) as { root: { children: Record<string, unknown>[] } };
    parsed.root.children[2] = Object.fromEntries(Object.entries(parsed.root.children[2]!).reverse());
    const loaded = JSON.stringify(parsed);
    store.json.set('w2', JSON.stringify(parsed.root.children[2]));
    const { editor, save } = openEditor(loaded, store);
    edit(editor, () => $typeAt(0, 'Typed: '));
    expect(save().changed.map((b) => b.key)).toEqual(['w0', 'w2']);
  });

  it('falls back to the whole note when the stored version moved on, and adopts nothing when the counts differ', () => {
    const { store, state } = stored(['w0', 'w1', 'w2', 'w3']);
    const { editor, save, requests } = openEditor(state, store);
    store.version += 5; // another editor saved since this one loaded
    edit(editor, () => $typeAt(3, 'Typed: '));
    save();
    expect(requests.map((r) => r.baseVersion)).toEqual([40, null]);
    expect(requests[1]!.changed).toHaveLength(4);

    const other = stored(['w0', 'w1', 'w2']); // a version that lists one paragraph fewer than the state has
    const second = openEditor(other.state, new Store(40, ['w0', 'w1', 'w2', 'w3'], new Map()), false);
    const saves = new BlockSaves();
    saves.adopt({ version: 40, keys: ['w0', 'w1', 'w2'] }, childKeys(second.editor), other.state);
    const serializer = new IncrementalSerializer();
    expect(saves.request(serializer.snapshot(second.editor.getEditorState())).baseVersion).toBeNull();
  });

  it('forgets the adoption when the editor loads another state', () => {
    const { store, state } = stored(['w0', 'w1', 'w2', 'w3']);
    const { editor, saves } = openEditor(state, store);
    saves.reset();
    edit(editor, () => $typeAt(0, 'Typed: '));
    const request = saves.request(new IncrementalSerializer().snapshot(editor.getEditorState()));
    expect(request.baseVersion).toBeNull();
    expect(request.order).toEqual(childKeys(editor));
  });
});
