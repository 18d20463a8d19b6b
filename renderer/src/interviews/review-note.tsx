/**
 * A note in review: editable (clean-up saves itself), with reviewers' comments anchored to
 * a selected span and shown beside it. Anchors are plain-text offsets kept by the services;
 * the note's Lexical state holds nothing about comments.
 */
import { useRef, useState } from 'react';
import type { Note, ReviewComment } from '../../../shared/api/contract';
import { ApiCallError, call } from '../api';
import type { LatestSaver } from '../editor/latest-saver';
import { NoteEditor } from '../editor/note-editor';
import type { NoteVersion, Speaker } from '../editor/note-plugins';
import type { PlainSelection } from '../editor/plain-offsets';
import { formatDateTime } from './format';

export function ReviewNote({
  interviewId,
  question,
  title,
  note,
  comments,
  flaggedTerms,
  speakers,
  initials,
  onInitials,
  onComments,
}: {
  interviewId: string;
  question: string;
  title: string;
  note: Note | undefined;
  comments: readonly ReviewComment[];
  flaggedTerms: readonly string[];
  speakers: readonly Speaker[];
  initials: string;
  onInitials: (initials: string) => void;
  onComments: (change: (all: ReviewComment[]) => ReviewComment[]) => void;
}) {
  const [noteId, setNoteId] = useState(note?.id ?? null);
  const [selection, setSelection] = useState<PlainSelection | null>(null);
  const [draft, setDraft] = useState<{ anchor: PlainSelection; body: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const saver = useRef<LatestSaver<NoteVersion> | null>(null);
  const mine = noteId ? comments.filter((c) => c.noteId === noteId) : [];
  const editorId = `review-note-${question || 'general'}`;

  const addComment = async () => {
    if (!draft || !noteId) return;
    setError(null);
    try {
      await saver.current?.drain(); // the anchor points into the text as saved
      const comment = await call('interview.addComment', {
        noteId,
        anchorStart: draft.anchor.start,
        anchorEnd: draft.anchor.end,
        anchorText: draft.anchor.text,
        body: draft.body,
        initials: initials.trim(),
      });
      onComments((all) => [...all, comment]);
      setDraft(null);
    } catch (e) {
      setError(e instanceof ApiCallError ? e.message : 'The comment was not saved; try again.');
    }
  };

  const resolve = (comment: ReviewComment) =>
    void call('interview.resolveComment', { id: comment.id, resolved: !comment.resolved }).then(() =>
      onComments((all) => all.map((c) => (c.id === comment.id ? { ...c, resolved: !comment.resolved } : c))),
    );

  return (
    <div className="review-note" data-testid={`review-note-${question || 'general'}`}>
      <div className="review-note-text">
        <label htmlFor={editorId} className="panel-title">
          {title}
        </label>
        <NoteEditor
          id={editorId}
          interviewId={interviewId}
          question={question}
          initialState={note?.editorState ?? null}
          storedBlocks={note?.blocks ?? null}
          label={title}
          speakers={speakers}
          flaggedTerms={flaggedTerms}
          onSaved={(saved) => setNoteId(saved.id)}
          onSelection={setSelection}
          commentSpans={mine.filter((c) => !c.resolved).map((c) => ({ start: c.anchorStart, end: c.anchorEnd }))}
          saverRef={saver}
        />
        <button
          type="button"
          className="comment-button"
          disabled={!selection || !noteId}
          title={selection ? undefined : 'Select words in the note first'}
          onClick={() => selection && setDraft({ anchor: selection, body: '' })}
        >
          Comment on selection
        </button>
      </div>
      <aside className="review-comments" aria-label={`Comments on ${title}`}>
        {draft ? (
          <form
            className="comment-form"
            onSubmit={(e) => {
              e.preventDefault();
              void addComment();
            }}
          >
            <blockquote className="anchor-text">{draft.anchor.text}</blockquote>
            <label htmlFor={`${editorId}-comment`}>Comment</label>
            <textarea id={`${editorId}-comment`} autoFocus rows={3} value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} />
            <label htmlFor={`${editorId}-initials`}>Your initials</label>
            <input id={`${editorId}-initials`} maxLength={10} value={initials} onChange={(e) => onInitials(e.target.value)} />
            {error ? (
              <p className="error" role="alert">
                {error}
              </p>
            ) : null}
            <div className="actions compact">
              <button type="submit" className="primary" disabled={draft.body.trim() === '' || initials.trim() === ''}>
                Add comment
              </button>
              <button type="button" onClick={() => setDraft(null)}>
                Cancel
              </button>
            </div>
          </form>
        ) : null}
        {mine.map((c) => (
          <div key={c.id} className={`comment${c.resolved ? ' resolved' : ''}`} data-testid="comment">
            <blockquote className="anchor-text">{c.anchorText}</blockquote>
            <p className="comment-body">{c.body}</p>
            <p className="comment-meta">
              {c.initials} · {formatDateTime(c.createdAt)}
              {c.resolved ? ' · resolved' : ''}
            </p>
            <button type="button" className="link" onClick={() => resolve(c)}>
              {c.resolved ? 'Reopen' : 'Resolve'}
            </button>
          </div>
        ))}
      </aside>
    </div>
  );
}
