/**
 * The one note model. Every note editor (interview runner, review, coding workbench) and the
 * services' headless editor register the same nodes, so a state written by one opens with all
 * its text and marks in any other. What the services store beside the editor state (plain text,
 * coding rows' ranges, speaker turns, the search index) is derived from the state by
 * `$noteContent`, never sent separately.
 */
import { MarkNode } from '@lexical/mark';
import { $getRoot, type Klass, type LexicalNode } from 'lexical';
import { $codingsFromEditorState, type MarkedCoding } from '../coding/lexical-marks';
import { $speakerSpans, SpeakerTagNode, type SpeakerSpan } from './speaker-tag';

/** The nodes of a note beyond Lexical's own (paragraphs, text, line breaks). */
export const NOTE_NODES: readonly Klass<LexicalNode>[] = [MarkNode, SpeakerTagNode];

export const NOTE_NAMESPACE = 'fieldnote-note';

export interface NoteContent {
  plainText: string;
  codings: MarkedCoding[];
  speakers: SpeakerSpan[];
}

/** What the services store beside a note's editor state (run inside editor.read / update). */
export function $noteContent(): NoteContent {
  return { plainText: $getRoot().getTextContent(), codings: $codingsFromEditorState(), speakers: $speakerSpans() };
}
