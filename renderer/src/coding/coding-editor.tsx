/**
 * A note in the coding workbench: the same Lexical set-up and the same save as every note editor
 * (note-config.ts, AutosavePlugin), with coded segments as MarkNodes that hold only coding ids
 * (shared/coding/lexical-marks.ts), painted here in their codes' colours. It stays editable; the
 * services make the segments follow their marks on every save. Coding itself (codings.apply)
 * happens on the services, which send back the note's new editor state; the screen loads it
 * with `reload`.
 */
import { $isMarkNode, type MarkNode } from '@lexical/mark';
import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import {
  $getRoot,
  $getSelection,
  $isElementNode,
  $isRangeSelection,
  $addUpdateTag,
  $createRangeSelectionFromDom,
  $setSelection,
  COMMAND_PRIORITY_HIGH,
  KEY_DOWN_COMMAND,
  SKIP_DOM_SELECTION_TAG,
  mergeRegister,
  type EditorState,
  type ElementNode,
  type LexicalEditor,
} from 'lexical';
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { StoredBlocks } from '../../../shared/api/notes';
import { $selectionForRange } from '../../../shared/coding/lexical-marks';
import { FlaggedTermsPlugin } from '../editor/highlight-plugins';
import type { LatestSaver } from '../editor/latest-saver';
import { noteEditorConfig } from '../editor/note-config';
import { AutosavePlugin, loadStoredState, type NoteVersion } from '../editor/note-plugins';
import { $plainSelection, type PlainSelection } from '../editor/plain-offsets';
import { rgba } from './coding-basics';

export interface CodeRequest {
  noteId: string;
  start: number;
  end: number;
  text: string;
}

export type CodeRequestMode = 'pick' | 'in-vivo';

/** What the screen can do with an open note. */
export interface NoteHandle {
  readonly noteId: string;
  /** Sends what was typed and not yet saved. */
  drain(): Promise<void>;
  /** Loads a state the services sent (after coding, undo, merge...). */
  reload(editorState: string): void;
  /** Selects [start, end) of the plain text, scrolls to it and focuses the note. */
  reveal(start: number, end: number): void;
  focus(): void;
  setEditable(editable: boolean): void;
}

/** What a mark looks like: its codes' colours and names. */
/** What a coding's mark shows; `coder` and `dashed` when several coders' codings are on view (a second coder's are dashed). */
export type MarkLookup = (codingId: string) => { name: string; color: string; coder?: string; dashed?: boolean } | undefined;

export interface CodingEditorProps {
  interviewId: string;
  question: string;
  noteId: string;
  initialState: string;
  /** Which stored blocks initialState is, as the services sent them with it. */
  storedBlocks: StoredBlocks | null;
  label: string;
  id: string;
  flaggedTerms: readonly string[];
  lookup: MarkLookup;
  /** Changes whenever what `lookup` answers changes, so marks are painted again. */
  paintKey: string;
  onCodeRequest: (request: CodeRequest | null, mode: CodeRequestMode) => void;
  onSelection: (noteId: string, selection: PlainSelection | null, codingIds: string[]) => void;
  onHandle: (noteId: string, handle: NoteHandle | null) => void;
}

export function CodingEditor(props: CodingEditorProps) {
  const [initialConfig] = useState<InitialConfigType>(() => noteEditorConfig(props.initialState, 'Coding editor'));
  const [found, setFound] = useState<string[]>([]);
  const saver = useRef<LatestSaver<NoteVersion> | null>(null);
  return (
    <div className="note coding-note" data-note={props.question === '' ? 'general' : props.question} data-note-id={props.noteId}>
      <LexicalComposer initialConfig={initialConfig}>
        <RichTextPlugin
          contentEditable={<ContentEditable className="note-input" id={props.id} aria-label={props.label} aria-keyshortcuts="Control+K Control+I" spellCheck={false} />}
          ErrorBoundary={LexicalErrorBoundary}
        />
        <HistoryPlugin />
        <AutosavePlugin interviewId={props.interviewId} question={props.question} initialState={props.initialState} storedBlocks={props.storedBlocks} saverRef={saver} />
        <CodingPlugin {...props} saver={saver} />
        <FlaggedTermsPlugin terms={props.flaggedTerms} onFound={setFound} />
      </LexicalComposer>
      {found.length > 0 ? (
        <p className="flagged-found" data-testid="flagged-found">
          Flagged name{found.length > 1 ? 's' : ''} in this note: {found.join(', ')}. Replace with an ID before quoting.
        </p>
      ) : null}
    </div>
  );
}

function $marks(): MarkNode[] {
  const out: MarkNode[] = [];
  const visit = (element: ElementNode) => {
    for (const child of element.getChildren()) {
      if ($isMarkNode(child)) out.push(child);
      if ($isElementNode(child)) visit(child);
    }
  };
  visit($getRoot());
  return out;
}

/** Coding ids of the marks the selection touches (the caret's mark when collapsed). */
function $selectedCodingIds(): string[] {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return [];
  const ids = new Set<string>();
  for (const node of selection.getNodes()) {
    const mark = $isMarkNode(node) ? node : node.getParent();
    if ($isMarkNode(mark)) for (const id of mark.getIDs()) ids.add(id);
  }
  return [...ids];
}

function paintMarks(editor: LexicalEditor, state: EditorState, lookup: MarkLookup): void {
  state.read(() => {
    for (const mark of $marks()) {
      const element = editor.getElementByKey(mark.getKey());
      if (!element) continue;
      const codes = mark
        .getIDs()
        .map((id) => lookup(id))
        .filter((c): c is { name: string; color: string; coder?: string; dashed?: boolean } => c !== undefined);
      const first = codes[0];
      if (!first) {
        element.removeAttribute('style');
        element.removeAttribute('title');
        delete element.dataset.coders;
        continue;
      }
      // Overlaps are darker and show one bar per code under the text, stacked.
      element.style.backgroundColor = rgba(first.color, Math.min(0.2 + 0.14 * (codes.length - 1), 0.62));
      element.style.boxShadow = codes.map((c, i) => `inset 0 -${3 * (i + 1)}px 0 ${c.color}`).join(', ');
      element.style.paddingBottom = `${Math.max(0, 3 * (codes.length - 1))}px`;
      element.dataset.codes = String(codes.length);
      // A second coder's segments get a dashed outline, so two coders' work reads apart at a glance (and not by colour alone).
      const dashed = codes.find((c) => c.dashed === true);
      element.style.outline = dashed ? `1px dashed ${dashed.color}` : '';
      const coders = [...new Set(codes.map((c) => c.coder).filter((c): c is string => c !== undefined))];
      if (coders.length > 0) element.dataset.coders = coders.join(' ');
      else delete element.dataset.coders;
      element.title = codes.map((c) => (c.coder !== undefined ? `${c.name} (${c.coder})` : c.name)).join(', ');
    }
  });
}

function CodingPlugin({ noteId, lookup, paintKey, onCodeRequest, onSelection, onHandle, saver }: CodingEditorProps & { saver: RefObject<LatestSaver<NoteVersion> | null> }) {
  const [editor] = useLexicalComposerContext();
  const latest = useRef({ lookup, onCodeRequest, onSelection });
  latest.current = { lookup, onCodeRequest, onSelection };

  useEffect(() => {
    const handle: NoteHandle = {
      noteId,
      drain: async () => saver.current?.drain(),
      reload: (editorState) => loadStoredState(editor, editorState),
      reveal: (start, end) => {
        editor.update(() => {
          try {
            $setSelection($selectionForRange(start, end));
          } catch {
            // The place is gone (the note changed since the search): just open the note.
          }
        });
        editor.focus();
        window.requestAnimationFrame(() => {
          const range = window.getSelection()?.rangeCount ? window.getSelection()?.getRangeAt(0) : null;
          const box = range?.getBoundingClientRect();
          // The note sits in a scrolling pane: scroll whichever ancestors must, only when the place is out of sight.
          const node = range?.startContainer;
          const element = node instanceof Element ? node : (node?.parentElement ?? null);
          if (box && box.height > 0 && element) element.scrollIntoView({ block: 'nearest' });
          else editor.getRootElement()?.scrollIntoView({ block: 'nearest' });
        });
      },
      focus: () => editor.focus(),
      setEditable: (editable) => editor.setEditable(editable),
    };
    latest.current.onSelection(noteId, null, []);
    const unregister = mergeRegister(
      editor.registerUpdateListener(({ editorState }) => {
        paintMarks(editor, editorState, latest.current.lookup);
        const root = editor.getRootElement();
        if (root && root.contains(document.activeElement)) {
          const [selection, ids] = editorState.read(() => [$plainSelection(), $selectedCodingIds()] as const);
          latest.current.onSelection(noteId, selection, ids);
        }
      }),
      editor.registerCommand(
        KEY_DOWN_COMMAND,
        (event) => {
          // By physical key, so the shortcuts work with a Khmer keyboard layout too.
          const mode: CodeRequestMode | null =
            (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey ? (event.code === 'KeyK' ? 'pick' : event.code === 'KeyI' ? 'in-vivo' : null) : null;
          if (mode === null) return false;
          event.preventDefault();
          // The browser may not have told Lexical about the last Shift+Arrow yet (selectionchange
          // comes later than the next keydown): take the selection from the DOM as it is now.
          const fresh = $createRangeSelectionFromDom(window.getSelection(), editor);
          if (fresh) {
            // The DOM already shows this selection; writing it back would take focus from the picker.
            $addUpdateTag(SKIP_DOM_SELECTION_TAG);
            $setSelection(fresh);
          }
          const selection = $plainSelection();
          latest.current.onCodeRequest(selection ? { noteId, ...selection } : null, mode);
          return true;
        },
        COMMAND_PRIORITY_HIGH,
      ),
    );
    onHandle(noteId, handle);
    return () => {
      unregister();
      onHandle(noteId, null);
    };
  }, [editor, noteId, onHandle, saver]);

  useEffect(() => {
    const frame = window.requestAnimationFrame(() => paintMarks(editor, editor.getEditorState(), latest.current.lookup));
    return () => window.cancelAnimationFrame(frame);
  }, [editor, paintKey]);
  return null;
}
