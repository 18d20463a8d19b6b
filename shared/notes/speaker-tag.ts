/**
 * Speaker tags in a group session's note. Alt+2 puts a SpeakerTagNode ("[P2] ") at the caret; it
 * carries the participant's id, so the note knows who said what: everything from a tag to the
 * next tag (or the end of the note) is that participant's turn, and text before the first tag
 * belongs to the whole session. The services store each turn as a `note_speaker` row (UTF-16
 * offsets into the plain text) derived from the saved editor state, and the coding workbench
 * attributes a coded passage to the participant whose turn holds it (docs/architecture.md).
 *
 * The tag is a token TextNode: it is deleted as a whole, text is never typed inside it, and its
 * text stays in the plain text (search, exports and older readers still see "[P2]").
 */
import { $applyNodeReplacement, TextNode, type LexicalNode, type NodeKey, type SerializedTextNode, type Spread } from 'lexical';
import { $leaves } from '../coding/lexical-marks';

export type SerializedSpeakerTagNode = Spread<{ participantId: string; position: number }, SerializedTextNode>;

/** The text of participant `position`'s tag, e.g. "[P2] ". */
export function speakerTagText(position: number): string {
  return `[P${position}] `;
}

export class SpeakerTagNode extends TextNode {
  __participantId: string;
  __position: number;

  static override getType(): string {
    return 'speaker-tag';
  }

  static override clone(node: SpeakerTagNode): SpeakerTagNode {
    return new SpeakerTagNode(node.__participantId, node.__position, node.__text, node.__key);
  }

  constructor(participantId = '', position = 0, text?: string, key?: NodeKey) {
    super(text ?? speakerTagText(position), key);
    this.__participantId = participantId;
    this.__position = position;
  }

  static override importJSON(json: SerializedSpeakerTagNode): SpeakerTagNode {
    return $createSpeakerTagNode(json.participantId, json.position).updateFromJSON(json);
  }

  override exportJSON(): SerializedSpeakerTagNode {
    return { ...super.exportJSON(), participantId: this.getLatest().__participantId, position: this.getLatest().__position };
  }

  getParticipantId(): string {
    return this.getLatest().__participantId;
  }

  getPosition(): number {
    return this.getLatest().__position;
  }

  override canInsertTextBefore(): boolean {
    return false;
  }

  override canInsertTextAfter(): boolean {
    return false;
  }
}

export function $createSpeakerTagNode(participantId: string, position: number): SpeakerTagNode {
  // A semibold weight tells a tag from typed text; `style` needs no DOM code in shared/.
  return $applyNodeReplacement(new SpeakerTagNode(participantId, position)).setMode('token').setStyle('font-weight: 600');
}

export function $isSpeakerTagNode(node: LexicalNode | null | undefined): node is SpeakerTagNode {
  return node instanceof SpeakerTagNode;
}

/** One participant's turn: [start, end) of the plain text, from their tag to the next tag. */
export interface SpeakerSpan {
  participantId: string;
  start: number;
  end: number;
}

/** The turns of the note, in order (none when it has no tag). */
export function $speakerSpans(): SpeakerSpan[] {
  const spans: SpeakerSpan[] = [];
  let open: SpeakerSpan | null = null;
  let end = 0;
  for (const leaf of $leaves()) {
    end = Math.max(end, leaf.end);
    if (!$isSpeakerTagNode(leaf.node)) continue;
    if (open) {
      open.end = leaf.start;
      if (open.end > open.start) spans.push(open);
    }
    open = { participantId: leaf.node.getParticipantId(), start: leaf.start, end: leaf.start };
  }
  if (open) {
    // The last turn runs to the end of the note (a trailing block separator cannot follow a leaf).
    open.end = end;
    if (open.end > open.start) spans.push(open);
  }
  return spans;
}

/**
 * The participant who said [start, end) of a note: the one whose turn holds the whole range.
 * null when the range lies (partly) outside every turn or crosses from one speaker to another:
 * the passage is then the whole session's.
 */
export function speakerOfRange(spans: readonly SpeakerSpan[], start: number, end: number): string | null {
  let speaker: string | null = null;
  let covered = start;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.end <= covered || span.start >= end) continue;
    if (span.start > covered) return null;
    if (speaker !== null && speaker !== span.participantId) return null;
    speaker = span.participantId;
    covered = span.end;
    if (covered >= end) return speaker;
  }
  return null;
}
