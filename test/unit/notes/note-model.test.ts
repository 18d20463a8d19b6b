import { $createParagraphNode, $createTextNode, $getRoot } from 'lexical';
import { describe, expect, it } from 'vitest';
import { $speakerSpans, $createSpeakerTagNode, speakerOfRange } from '../../../shared/notes/speaker-tag';
import { $noteContent } from '../../../shared/notes/note-model';
import { headlessNote } from '../../support/notes';

describe('speaker turns', () => {
  it('run from a tag to the next tag or the end of the note, across paragraphs; text before the first tag is the session’s', () => {
    const editor = headlessNote();
    editor.update(
      () => {
        $getRoot().append(
          $createParagraphNode().append($createTextNode('Both nodded. '), $createSpeakerTagNode('p2', 2), $createTextNode('The hotline ជួយ.')),
          $createParagraphNode().append($createTextNode('Still P2. '), $createSpeakerTagNode('p1', 1), $createTextNode('Agreed.')),
        );
      },
      { discrete: true },
    );
    const content = editor.getEditorState().read(() => $noteContent());
    const text = content.plainText;
    expect(text).toBe('Both nodded. [P2] The hotline ជួយ.\n\nStill P2. [P1] Agreed.');
    expect(content.speakers).toEqual([
      { participantId: 'p2', start: text.indexOf('[P2]'), end: text.indexOf('[P1]') },
      { participantId: 'p1', start: text.indexOf('[P1]'), end: text.length },
    ]);
    expect(speakerOfRange(content.speakers, text.indexOf('hotline'), text.indexOf('Still P2') + 8)).toBe('p2');
    expect(speakerOfRange(content.speakers, text.indexOf('Agreed'), text.length)).toBe('p1');
    expect(speakerOfRange(content.speakers, text.indexOf('Still'), text.length)).toBeNull(); // crosses speakers
    expect(speakerOfRange(content.speakers, 0, 4)).toBeNull(); // before the first tag
    expect(speakerOfRange(content.speakers, 5, text.indexOf('[P2]') + 3)).toBeNull(); // partly before it
  });

  it('survive the JSON round trip with their participant id, and a note without tags has no turns', () => {
    const editor = headlessNote();
    editor.update(() => $getRoot().append($createParagraphNode().append($createSpeakerTagNode('p3', 3), $createTextNode('Yes.'))), { discrete: true });
    const reopened = headlessNote(JSON.stringify(editor.getEditorState().toJSON()));
    expect(reopened.getEditorState().read(() => $speakerSpans())).toEqual([{ participantId: 'p3', start: 0, end: '[P3] Yes.'.length }]);
    const plain = headlessNote();
    plain.update(() => $getRoot().append($createParagraphNode().append($createTextNode('[P2] typed by hand'))), { discrete: true });
    expect(plain.getEditorState().read(() => $speakerSpans())).toEqual([]);
  });
});

describe('pasting coded text', () => {
  it('brings the words but not the coding: the coding keeps its range and the copy is uncoded', async () => {
    const { $generateJSONFromSelectedNodes, $generateNodesFromSerializedNodes, $insertGeneratedNodes } = await import('@lexical/clipboard');
    const { $applyCodingToRange, $codingsFromEditorState, $selectionForRange } = await import('../../../shared/coding/lexical-marks');
    const editor = headlessNote();
    const text = 'Families trust the shelter. Police too.';
    editor.update(() => $getRoot().append($createParagraphNode().append($createTextNode(text))), { discrete: true });
    editor.update(() => $applyCodingToRange(9, 14, 'c-1'), { discrete: true });
    // Copy "trust the" (partly coded), paste at the end of the note.
    let copied: ReturnType<typeof $generateJSONFromSelectedNodes> | null = null;
    editor.read(() => {
      copied = $generateJSONFromSelectedNodes(editor, $selectionForRange(9, 18));
    });
    editor.update(
      () => {
        const end = $selectionForRange(text.length, text.length);
        $insertGeneratedNodes(editor, $generateNodesFromSerializedNodes(copied!.nodes), end);
      },
      { discrete: true },
    );
    const after = editor.getEditorState().read(() => ({ plain: $getRoot().getTextContent(), codings: $codingsFromEditorState() }));
    expect(after.plain).toBe(`${text}trust the`);
    expect(after.codings).toEqual([{ codingId: 'c-1', start: 9, end: 14, text: 'trust' }]);
  });
});
