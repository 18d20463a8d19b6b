import { $createParagraphNode, $createTextNode, $getRoot, $isElementNode, $isTextNode, createEditor, type LexicalEditor } from 'lexical';
import { describe, expect, it } from 'vitest';
import { IncrementalSerializer } from '../../../renderer/src/editor/incremental-serializer';

function random(seed: number) {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) & 0x7fffffff;
    return a / 0x7fffffff;
  };
}

function setup(): { editor: LexicalEditor; serializer: IncrementalSerializer } {
  const editor = createEditor({ namespace: 'test', onError: (e) => { throw e; } });
  const serializer = new IncrementalSerializer();
  editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves, tags }) => serializer.invalidate(editorState, dirtyElements, dirtyLeaves, tags));
  editor.update(
    () => {
      const root = $getRoot();
      for (let i = 0; i < 40; i++) {
        const p = $createParagraphNode();
        p.append($createTextNode(`Paragraph ${i}: the officers said ការអប់រំ helped.`));
        root.append(p);
      }
    },
    { discrete: true },
  );
  return { editor, serializer };
}

describe('incremental note serialisation', () => {
  it('equals toJSON() and getTextContent() after a long random sequence of edits', () => {
    const { editor, serializer } = setup();
    const rnd = random(7);
    serializer.serialize(editor.getEditorState()); // warm the cache
    for (let step = 0; step < 300; step++) {
      editor.update(
        () => {
          const root = $getRoot();
          const blocks = root.getChildren();
          const block = blocks[Math.floor(rnd() * blocks.length)];
          const r = rnd();
          if (!block || !$isElementNode(block)) return;
          const text = block.getFirstChild();
          if (r < 0.5 && $isTextNode(text)) text.setTextContent(text.getTextContent() + (rnd() < 0.5 ? ' more' : ' ប៉ូលីស'));
          else if (r < 0.65) block.insertAfter($createParagraphNode().append($createTextNode(`new ${step}`)));
          else if (r < 0.75 && blocks.length > 3) block.remove();
          else if (r < 0.85 && $isTextNode(text)) text.insertAfter($createTextNode(' [P2] ').toggleFormat('bold'));
          else if ($isTextNode(text)) text.setTextContent('');
        },
        { discrete: true },
      );
      if (step % 7 === 0 || step === 299) {
        const state = editor.getEditorState();
        const fast = serializer.serialize(state);
        expect(fast.editorState).toBe(JSON.stringify(state.toJSON()));
        expect(fast.plainText).toBe(state.read(() => $getRoot().getTextContent()));
      }
    }
  });
});

describe('incremental serialisation after undo and redo', () => {
  it('serialises what undo and redo show, not the cached paragraph (issue 13: undo was not saved)', async () => {
    const { registerHistory, createEmptyHistoryState } = await import('@lexical/history');
    const { UNDO_COMMAND, REDO_COMMAND } = await import('lexical');
    const editor = createEditor({ namespace: 'test', onError: (e) => { throw e; } });
    const serializer = new IncrementalSerializer();
    editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves, tags }) => serializer.invalidate(editorState, dirtyElements, dirtyLeaves, tags));
    registerHistory(editor, createEmptyHistoryState(), 0);
    editor.update(() => { $getRoot().append($createParagraphNode().append($createTextNode('Met the officer'))); }, { discrete: true });
    serializer.serialize(editor.getEditorState());
    editor.update(() => { const t = $getRoot().getFirstDescendant(); if ($isTextNode(t)) t.setTextContent('Met the officer Sokha Chan'); }, { discrete: true });
    expect(serializer.serialize(editor.getEditorState()).plainText).toBe('Met the officer Sokha Chan');
    editor.dispatchCommand(UNDO_COMMAND, undefined);
    await Promise.resolve();
    const undone = editor.getEditorState();
    expect(undone.read(() => $getRoot().getTextContent())).toBe('Met the officer');
    expect(serializer.serialize(undone)).toEqual({ editorState: JSON.stringify(undone.toJSON()), plainText: 'Met the officer' });
    editor.dispatchCommand(REDO_COMMAND, undefined);
    await Promise.resolve();
    expect(serializer.serialize(editor.getEditorState()).plainText).toBe('Met the officer Sokha Chan');
  });
});
