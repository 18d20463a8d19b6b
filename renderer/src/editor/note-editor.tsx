/**
 * A live note: Lexical rich text (Khmer and English mixed freely), saved by itself while the
 * interviewer types. Same nodes and the same save (`notes.save`) as every note editor, so coded
 * passages keep their marks here and their segments follow the edits.
 */
import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { EditorRefPlugin } from '@lexical/react/LexicalEditorRefPlugin';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import type { LexicalEditor } from 'lexical';
import { memo, useState, type RefObject } from 'react';
import { CommentAnchorsPlugin, FlaggedTermsPlugin } from './highlight-plugins';
import type { StoredBlocks } from '../../../shared/api/notes';
import type { LatestSaver } from './latest-saver';
import type { PlainSelection } from './plain-offsets';
import { noteEditorConfig } from './note-config';
import { AutosavePlugin, EscapePlugin, SelectionPlugin, SpeakerTagPlugin, type NoteVersion, type SavedNote, type Speaker } from './note-plugins';

export interface NoteEditorProps {
  interviewId: string;
  /** '' for the general notes. */
  question: string;
  /** Saved Lexical JSON, or null for a new note. Read once on mount. */
  initialState: string | null;
  /** Which stored blocks initialState is, when the services said so with it (never for a state kept from this editor's saves). */
  storedBlocks?: StoredBlocks | null;
  label: string;
  id?: string;
  /** Participants in the session: with 2 or more, Alt+1 … Alt+9 insert speaker tags carrying their ids. */
  speakers: readonly Speaker[];
  flaggedTerms: readonly string[];
  placeholder?: string;
  onSending?: (version: NoteVersion) => void;
  onSaved?: (note: SavedNote) => void;
  onEscape?: () => void;
  onSelection?: (selection: PlainSelection | null) => void;
  commentSpans?: readonly { start: number; end: number }[];
  editorRef?: RefObject<LexicalEditor | null>;
  saverRef?: RefObject<LatestSaver<NoteVersion> | null>;
  className?: string;
}

/** Memoised: a parent that re-renders (the runner on every move) does not re-render a long note's plugins. */
export const NoteEditor = memo(function NoteEditor(props: NoteEditorProps) {
  const { interviewId, question, initialState, label, speakers, flaggedTerms } = props;
  const [found, setFound] = useState<string[]>([]);
  // Read once on mount, as LexicalComposer does.
  const [initialConfig] = useState<InitialConfigType>(() => noteEditorConfig(initialState, 'Note editor'));

  return (
    <div className={`note ${props.className ?? ''}`} data-note={question === '' ? 'general' : question}>
      <LexicalComposer initialConfig={initialConfig}>
        <RichTextPlugin
          contentEditable={
            <ContentEditable
              className="note-input"
              aria-label={label}
              {...(props.id ? { id: props.id } : {})}
              aria-placeholder={props.placeholder ?? ''}
              placeholder={<div className="note-placeholder">{props.placeholder ?? ''}</div>}
              spellCheck={false}
            />
          }
          ErrorBoundary={LexicalErrorBoundary}
        />
        <HistoryPlugin />
        <AutosavePlugin interviewId={interviewId} question={question} stored={initialState !== null} initialState={initialState} storedBlocks={props.storedBlocks ?? null} {...(props.onSending ? { onSending: props.onSending } : {})} {...(props.onSaved ? { onSaved: props.onSaved } : {})} {...(props.saverRef ? { saverRef: props.saverRef } : {})} />
        {speakers.length > 1 ? <SpeakerTagPlugin speakers={speakers} /> : null}
        {props.onEscape ? <EscapePlugin onEscape={props.onEscape} /> : null}
        {props.onSelection ? <SelectionPlugin onSelection={props.onSelection} /> : null}
        <FlaggedTermsPlugin terms={flaggedTerms} onFound={setFound} />
        {props.commentSpans ? <CommentAnchorsPlugin spans={props.commentSpans} /> : null}
        {props.editorRef ? <EditorRefPlugin editorRef={props.editorRef} /> : null}
      </LexicalComposer>
      {found.length > 0 ? (
        <p className="flagged-found" data-testid="flagged-found">
          Flagged name{found.length > 1 ? 's' : ''} in this note: {found.join(', ')}. Replace with an ID before sharing.
        </p>
      ) : null}
    </div>
  );
});
