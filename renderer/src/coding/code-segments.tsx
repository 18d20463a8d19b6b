/**
 * The selected code's segments, beside its details in the codes pane: each with who said it and
 * where, opening the note at that place in the middle pane.
 */
import { useEffect, useState } from 'react';
import { ErrorMessage } from '../components/form';
import { call } from '../api';
import { messageOf, type CodeNode, type Segment } from './coding-basics';
import type { NotePlace } from './note-place';

export function CodeSegments({ code, version, onOpenPlace }: { code: CodeNode; version: number; onOpenPlace: (place: NotePlace) => void }) {
  const [children, setChildren] = useState(true);
  const [segments, setSegments] = useState<Segment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    call('codings.forCode', { codeId: code.id, includeChildren: children })
      .then((r) => !stale && (setSegments(r.segments), setError(null)))
      .catch((e: unknown) => !stale && setError(messageOf(e)));
    return () => {
      stale = true;
    };
  }, [code.id, children, version]);
  const interviews = new Set((segments ?? []).map((s) => s.interviewId)).size;
  return (
    <section className="code-segments" aria-label={`Segments of ${code.name}`} data-testid="code-segments">
      <div className="pane-tools">
        <p className="muted small" role="status">
          {segments ? `${segments.length} segment${segments.length === 1 ? '' : 's'} in ${interviews} interview${interviews === 1 ? '' : 's'}` : 'Loading…'}
        </p>
        <label className="inline-check small">
          <input type="checkbox" checked={children} onChange={(e) => setChildren(e.target.checked)} /> with sub-codes
        </label>
      </div>
      <ErrorMessage message={error} />
      <ol className="compact-segments">
        {(segments ?? []).map((s) => (
          <li key={s.codingId} data-testid="code-segment">
            <button type="button" className="segment-open" onClick={() => onOpenPlace({ interviewId: s.interviewId, noteId: s.noteId, start: s.start, end: s.end })}>
              <span className="small">
                <strong>ID {s.respondentCodes.join(', ')}</strong> · {s.question || 'general notes'}
                {s.codeId !== code.id ? ` · ${s.codeName}` : ''}
                {s.isQuote ? ' · quote' : ''}
              </span>
              <span className="segment-text">“{s.text.length > 220 ? `${s.text.slice(0, 220)}…` : s.text}”</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
