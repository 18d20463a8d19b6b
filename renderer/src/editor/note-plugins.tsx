/**
 * Plugins of the note editor: autosave, speaker tags for group sessions, Escape back to
 * the question, and a handle for the screen (flush before leaving, selection offsets).
 */
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import {
  $getSelection,
  $isRangeSelection,
  COMMAND_PRIORITY_EDITOR,
  COMMAND_PRIORITY_LOW,
  KEY_DOWN_COMMAND,
  KEY_ESCAPE_COMMAND,
  createCommand,
  mergeRegister,
  type LexicalCommand,
  type LexicalEditor,
} from 'lexical';
import { useEffect, useRef, type RefObject } from 'react';
import { call } from '../api';
import { IncrementalSerializer } from './incremental-serializer';
import { LatestSaver } from './latest-saver';
import { $plainSelection, type PlainSelection } from './plain-offsets';
import { useSaveStatus } from './save-status';

/** Debounce for note saves: with a quick local request, a note is saved well within 300 ms of the last keystroke. */
// Every keystroke must be stored within 300 ms (the kill test checks it): a short pause saves after
// 150 ms, and typing without a pause still saves every 200 ms (NOTE_MAX_WAIT_MS).
export const NOTE_SAVE_DELAY_MS = 150;
export const NOTE_MAX_WAIT_MS = 200;

export interface NoteVersion {
  readonly editorState: string;
  readonly plainText: string;
}

export interface SavedNote extends NoteVersion {
  readonly id: string;
}

export function AutosavePlugin({
  interviewId,
  question,
  onSending,
  onSaved,
  saverRef,
}: {
  interviewId: string;
  question: string;
  onSending?: (version: NoteVersion) => void;
  onSaved?: (note: SavedNote) => void;
  saverRef?: RefObject<LatestSaver<NoteVersion> | null>;
}) {
  const [editor] = useLexicalComposerContext();
  const status = useSaveStatus();
  const callbacks = useRef({ onSending, onSaved });
  callbacks.current = { onSending, onSaved };

  useEffect(() => {
    const key = `note:${question}`;
    const saver = new LatestSaver<NoteVersion>(
      async (version) => {
        callbacks.current.onSending?.(version);
        const saved = await call('interview.saveNote', { interviewId, question, ...version });
        callbacks.current.onSaved?.({ id: saved.id, ...version });
      },
      NOTE_SAVE_DELAY_MS,
      (state, error) => status?.report(key, state, error),
      NOTE_MAX_WAIT_MS,
    );
    if (saverRef) saverRef.current = saver;
    const serializer = new IncrementalSerializer();
    const unregister = editor.registerUpdateListener(({ editorState, prevEditorState, dirtyElements, dirtyLeaves }) => {
      if (dirtyElements.size === 0 && dirtyLeaves.size === 0) return;
      serializer.invalidate(editorState, dirtyElements, dirtyLeaves);
      if (prevEditorState.isEmpty()) return; // the initial state, not an edit
      saver.schedule(() => serializer.serialize(editorState));
    });
    return () => {
      unregister();
      if (saverRef?.current === saver) saverRef.current = null;
      void saver.dispose();
    };
  }, [editor, interviewId, question, status, saverRef]);
  return null;
}

/** Inserts "[P2] " for participant 2 at the cursor. */
export const INSERT_SPEAKER_TAG_COMMAND: LexicalCommand<number> = createCommand('INSERT_SPEAKER_TAG_COMMAND');

export function speakerTag(position: number): string {
  return `[P${position}] `;
}

export function $insertSpeakerTag(position: number): boolean {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return false;
  selection.insertText(speakerTag(position));
  return true;
}

/** Alt+1 … Alt+9 by physical key, so it works with a Khmer keyboard layout too. */
export function speakerFromKey(event: KeyboardEvent): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code);
  return match ? Number(match[1]) : null;
}

export function SpeakerTagPlugin({ speakers }: { speakers: number }) {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(INSERT_SPEAKER_TAG_COMMAND, (position) => $insertSpeakerTag(position), COMMAND_PRIORITY_EDITOR),
        editor.registerCommand(
          KEY_DOWN_COMMAND,
          (event) => {
            const position = speakerFromKey(event);
            if (position === null || position > speakers) return false;
            event.preventDefault();
            return editor.dispatchCommand(INSERT_SPEAKER_TAG_COMMAND, position);
          },
          COMMAND_PRIORITY_LOW,
        ),
      ),
    [editor, speakers],
  );
  return null;
}

export function EscapePlugin({ onEscape }: { onEscape: () => void }) {
  const [editor] = useLexicalComposerContext();
  const latest = useRef(onEscape);
  latest.current = onEscape;
  useEffect(
    () =>
      editor.registerCommand(
        KEY_ESCAPE_COMMAND,
        (event) => {
          event.preventDefault();
          latest.current();
          return true;
        },
        COMMAND_PRIORITY_LOW,
      ),
    [editor],
  );
  return null;
}

/** Tracks the last non-empty selection (kept when focus moves to a "Comment" button). */
export function SelectionPlugin({ onSelection }: { onSelection: (selection: PlainSelection | null) => void }) {
  const [editor] = useLexicalComposerContext();
  const latest = useRef(onSelection);
  latest.current = onSelection;
  useEffect(
    () =>
      editor.registerUpdateListener(({ editorState }) => {
        if (!editorHasFocus(editor)) return;
        latest.current(editorState.read(() => $plainSelection()));
      }),
    [editor],
  );
  return null;
}

function editorHasFocus(editor: LexicalEditor): boolean {
  const root = editor.getRootElement();
  return root !== null && root.contains(document.activeElement);
}
