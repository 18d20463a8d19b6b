/**
 * Plugins of every note editor: the one autosave, speaker tags for group sessions, Escape back
 * to the question, and a handle for the screen (flush before leaving, selection offsets).
 */
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import {
  $getRoot,
  $getSelection,
  $isRangeSelection,
  CLEAR_HISTORY_COMMAND,
  COMMAND_PRIORITY_EDITOR,
  COMMAND_PRIORITY_LOW,
  KEY_DOWN_COMMAND,
  KEY_ESCAPE_COMMAND,
  createCommand,
  mergeRegister,
  type EditorState,
  type LexicalCommand,
  type LexicalEditor,
} from 'lexical';
import { useEffect, useRef, type RefObject } from 'react';
import type { StoredBlocks } from '../../../shared/api/notes';
import { $removeCoding, registerCodingMarks } from '../../../shared/coding/lexical-marks';
import { $createSpeakerTagNode } from '../../../shared/notes/speaker-tag';
import { ApiCallError, call } from '../api';
import { BlockSaves } from './block-saves';
import { IncrementalSerializer, type BlockSnapshot } from './incremental-serializer';
import { LatestSaver } from './latest-saver';
import { $plainSelection, type PlainSelection } from './plain-offsets';
import { useSaveStatus } from './save-status';

/** Debounce for note saves: with a quick local request, a note is saved well within 300 ms of the last keystroke. */
// Every keystroke must be stored within 300 ms (the kill test checks it): a short pause saves after
// 150 ms, and typing without a pause still saves every 160 ms (NOTE_MAX_WAIT_MS). A due save then
// waits for the frame that shows the keystroke, at most PAINT_DEADLINE_MS (40 ms, latest-saver.ts):
// the request starts at most 200 ms after the keystroke, as before that wait existed.
export const NOTE_SAVE_DELAY_MS = 150;
export const NOTE_MAX_WAIT_MS = 160;

/** A version of a note the saver sends: its blocks, and the whole state and text on demand. */
export interface NoteVersion {
  readonly blocks: BlockSnapshot;
  readonly editorState: string;
  readonly plainText: string;
}

/** Puts the whole state and plain text together only when someone reads them. */
function versionOf(blocks: BlockSnapshot): NoteVersion {
  return {
    blocks,
    get editorState() {
      return blocks.wholeState();
    },
    get plainText() {
      return blocks.plainText();
    },
  };
}

export interface SavedNote extends NoteVersion {
  readonly id: string;
}

/** Updates that load a state the services sent: not an edit, so not saved back. */
export const REMOTE_TAG = 'fieldnote-remote';

/** Shows a state the services stored (after coding, codebook undo, a merge); the editor's own undo history starts afresh. */
export function loadStoredState(editor: LexicalEditor, editorState: string): void {
  editor.setEditorState(editor.parseEditorState(editorState), { tag: REMOTE_TAG });
  editor.dispatchCommand(CLEAR_HISTORY_COMMAND, undefined);
}

/**
 * The one autosave of a note, in every editor. Every update that changes the content (typing,
 * undo, redo, paste, cut, drag, IME composition: Lexical reports them all as updates with dirty
 * nodes) schedules a save through `notes.save` of the blocks that changed since the last
 * acknowledged save (block-saves.ts; the whole note when there is none, or when the services'
 * copy is not that one); the services derive the plain text, coding ranges and speaker turns
 * from the whole note. The saver registers itself for
 * `drainAllSavers`, so a lock first sends what was typed in the last moments.
 *
 * `initialState` with `storedBlocks` (what the services said that state is) lets even the first
 * save send only what changed: the editor adopts the loaded state as acknowledged (block-saves.ts).
 * Pass storedBlocks only with the very state the services sent with it: a state the screen kept
 * from the editor's own saves is newer than that version, and adopting it would leave typed text
 * unsent.
 */
export function AutosavePlugin({
  interviewId,
  question,
  initialState,
  storedBlocks,
  onSending,
  onSaved,
  saverRef,
  stored = true,
}: {
  interviewId: string;
  question: string;
  /**
   * False for a note not stored yet (a question's notes opened for the first time): it is not
   * saved while it holds no text, so walking through questions makes no empty notes.
   */
  stored?: boolean;
  initialState?: string | null;
  storedBlocks?: StoredBlocks | null;
  onSending?: (version: NoteVersion) => void;
  onSaved?: (note: SavedNote) => void;
  saverRef?: RefObject<LatestSaver<NoteVersion> | null>;
}) {
  const [editor] = useLexicalComposerContext();
  const status = useSaveStatus();
  const callbacks = useRef({ onSending, onSaved });
  callbacks.current = { onSending, onSaved };
  // Read on mount, like the composer's initial state: it describes the editor's first nodes only.
  const loaded = useRef(initialState && storedBlocks ? { state: initialState, stored: storedBlocks } : null);
  // Whether the note may be in the project: read once, as the composer reads its initial state.
  const exists = useRef(stored);

  useEffect(() => {
    const key = `note:${interviewId}:${question}`;
    const saves = new BlockSaves();
    // Kept for a second run of this effect (React's StrictMode runs it twice): adopting again later
    // is safe, a stale version is refused by the services and the note is then sent whole.
    const adopting = loaded.current;
    const adopt = (editorState: EditorState) => {
      if (adopting !== null) saves.adopt(adopting.stored, editorState.read(() => $getRoot().getChildrenKeys()), adopting.state);
    };
    // The composer's initial state may be committed already, or land in the first update below.
    if (!editor.getEditorState().isEmpty()) adopt(editor.getEditorState());
    const saver = new LatestSaver<NoteVersion>(
      async (version) => {
        // Lexical's first paragraph in a new note is an update like any other: not a note yet.
        if (!exists.current && version.plainText === '') return;
        const generation = saves.current;
        const delta = saves.request(version.blocks);
        // Nothing differs from what the services hold (a reopened note's first update, an undo
        // back to the stored text): a save would only bump the note's version.
        if (delta.baseVersion !== null && delta.changed.length === 0 && delta.order === undefined && delta.root === undefined) return;
        callbacks.current.onSending?.(version);
        // From the first send on the note may be stored (even if its answer is lost): emptying it is then saved.
        exists.current = true;
        const send = (whole: boolean) => call('notes.save', { interviewId, question, blocks: whole ? saves.request(version.blocks, true) : delta });
        let saved;
        try {
          saved = await send(false);
        } catch (error) {
          // The services' copy is not the one this delta was made against: send the whole note.
          if (!(error instanceof ApiCallError && error.error.code === 'note_changed')) throw error;
          saved = await send(true);
        }
        saves.acknowledge(version.blocks, saved.version, generation);
        // Marks of segments that no longer exist were not stored: show the note as stored.
        if (saved.droppedCodingIds.length > 0) editor.update(() => saved.droppedCodingIds.forEach((id) => $removeCoding(id)));
        callbacks.current.onSaved?.({
          id: saved.id,
          blocks: version.blocks,
          get editorState() {
            return version.editorState;
          },
          get plainText() {
            return version.plainText;
          },
        });
      },
      NOTE_SAVE_DELAY_MS,
      (state, error) => status?.report(key, state, error),
      NOTE_MAX_WAIT_MS,
    );
    if (saverRef) saverRef.current = saver;
    const serializer = new IncrementalSerializer();
    const unregister = mergeRegister(
      // Coded passages stay contiguous while typing, in every editor (shared/coding/lexical-marks.ts).
      registerCodingMarks(editor),
      editor.registerUpdateListener(({ editorState, prevEditorState, dirtyElements, dirtyLeaves, tags }) => {
        if (dirtyElements.size === 0 && dirtyLeaves.size === 0) return; // selection only
        serializer.invalidate(editorState, dirtyElements, dirtyLeaves, tags);
        if (tags.has(REMOTE_TAG)) {
          // What the services stored replaces any version not yet sent: sending that later would undo it.
          saver.discard();
          // Its nodes have new keys: the next save sends the whole note.
          saves.reset();
          return;
        }
        if (prevEditorState.isEmpty()) {
          adopt(editorState); // the initial state
          return;
        }
        saver.schedule(() => versionOf(serializer.snapshot(editorState)));
      }),
    );
    return () => {
      unregister();
      if (saverRef?.current === saver) saverRef.current = null;
      void saver.dispose();
    };
    // `stored` is read once, as the editor's initial state is.
  }, [editor, interviewId, question, status, saverRef]);
  return null;
}

/** Puts participant `position`'s speaker tag at the cursor. */
export const INSERT_SPEAKER_TAG_COMMAND: LexicalCommand<number> = createCommand('INSERT_SPEAKER_TAG_COMMAND');

/** A participant a speaker tag can name: Alt+position tags them. */
export interface Speaker {
  readonly id: string;
  readonly position: number;
}

export function $insertSpeakerTag(speaker: Speaker): boolean {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return false;
  selection.insertNodes([$createSpeakerTagNode(speaker.id, speaker.position)]);
  return true;
}

/** Alt+1 … Alt+9 by physical key, so it works with a Khmer keyboard layout too. */
export function speakerFromKey(event: KeyboardEvent): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code);
  return match ? Number(match[1]) : null;
}

/** Alt+N in a group session's note: a speaker tag carrying participant N's id (shared/notes/speaker-tag.ts). */
export function SpeakerTagPlugin({ speakers }: { speakers: readonly Speaker[] }) {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      mergeRegister(
        editor.registerCommand(
          INSERT_SPEAKER_TAG_COMMAND,
          (position) => {
            const speaker = speakers.find((s) => s.position === position);
            return speaker ? $insertSpeakerTag(speaker) : false;
          },
          COMMAND_PRIORITY_EDITOR,
        ),
        editor.registerCommand(
          KEY_DOWN_COMMAND,
          (event) => {
            const position = speakerFromKey(event);
            if (position === null || !speakers.some((s) => s.position === position)) return false;
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
