/**
 * The workbench's middle pane: one interview's respondents and its notes, each an editable
 * coding editor with its buttons, and the codes under the cursor with what can be done to them.
 */
import { useId, useMemo } from 'react';
import type { InterviewDetail, InterviewSummary, ProjectSettings } from '../../../shared/api/contract';
import type { StoredBlocks } from '../../../shared/api/notes';
import { questionsOf } from '../../../shared/schedule/model';
import type { PlainSelection } from '../editor/plain-offsets';
import { attributeLabel, formatDateTime } from '../interviews/format';
import { interviewLanguages, textIn } from '../runner/language';
import { CodingEditor, type CodeRequest, type CodeRequestMode, type MarkLookup, type NoteHandle } from './coding-editor';
import type { CodeNode, CodingRecord } from './coding-basics';

export type NotesData = { interviewId: string; detail: InterviewDetail; notes: { id: string; question: string; editorState: string; plainText: string; blocks: StoredBlocks | null }[]; codings: CodingRecord[] };

/** Where the cursor is: the marks under it, and (after coding a selection) the range just coded. */
export type Caret = { noteId: string; selection: PlainSelection | null; ids: string[]; range?: { start: number; end: number } };

export interface CodersShown {
  /** More than one coder: segments carry their coder's initials. */
  several: boolean;
  firstCoderId: string | null;
  initials: ReadonlyMap<string, string>;
}

export function WorkbenchNotes({
  data,
  summary,
  settings,
  terms,
  caret,
  busy,
  codesById,
  coders,
  shown,
  lookup,
  paintKey,
  consentWarning,
  segmentId,
  onCodeRequest,
  onSelection,
  onHandle,
  onSelectCode,
  onMarkQuote,
  onMemoOnSegment,
  onRemove,
}: {
  data: NotesData | null;
  summary: InterviewSummary | null;
  settings: ProjectSettings | null;
  terms: readonly string[];
  caret: Caret | null;
  busy: boolean;
  codesById: ReadonlyMap<string, CodeNode>;
  coders: CodersShown;
  shown: (coding: CodingRecord) => boolean;
  lookup: MarkLookup;
  paintKey: string;
  consentWarning: { codingId: string; message: string } | null;
  segmentId: string | null;
  onCodeRequest: (request: CodeRequest | null, mode: CodeRequestMode) => void;
  onSelection: (noteId: string, selection: PlainSelection | null, ids: string[]) => void;
  onHandle: (noteId: string, handle: NoteHandle | null) => void;
  onSelectCode: (codeId: string) => void;
  onMarkQuote: (coding: CodingRecord) => void;
  onMemoOnSegment: (codingId: string) => void;
  onRemove: (coding: CodingRecord) => void;
}) {
  const id = useId();
  const notes = useMemo(() => {
    if (!data) return [];
    const order = new Map(questionsOf(data.detail.schedule).map((q, i) => [q.name, { index: i, question: q }]));
    const language = interviewLanguages(data.detail.schedule, data.detail.summary.language)[0] ?? '';
    return [...data.notes]
      .sort((a, b) => (a.question === '' ? -1 : b.question === '' ? 1 : (order.get(a.question)?.index ?? 1e9) - (order.get(b.question)?.index ?? 1e9)))
      .map((n) => {
        const q = order.get(n.question)?.question;
        return { ...n, title: n.question === '' ? 'General notes' : `${n.question}: ${q ? textIn(data.detail.schedule, q.label, language) : ''}` };
      });
  }, [data]);

  /** The codings under the cursor: the marks it touches, or those overlapping the range just coded. */
  const codesAt = (here: Caret | null): CodingRecord[] => {
    if (!here) return [];
    const ids = new Set(here.ids);
    const range = here.range ?? here.selection;
    for (const c of data?.codings ?? []) if (range && c.noteId === here.noteId && c.start < range.end && range.start < c.end) ids.add(c.id);
    return (data?.codings ?? []).filter((c) => ids.has(c.id) && shown(c));
  };

  return (
    <section className="pane notes-pane" aria-labelledby={`${id}-notes`}>
      <div className="pane-head">
        <h2 id={`${id}-notes`}>{summary ? `Notes · ID ${summary.respondentCodes.join(', ')}` : 'Notes'}</h2>
        {data && summary ? (
          <span className="muted small">
            {formatDateTime(summary.heldAt)} · {data.detail.summary.scheduleTitle} · interviewer {summary.interviewer}
          </span>
        ) : null}
      </div>
      <div className="pane-scroll" tabIndex={0} role="region" aria-label="Notes of this interview">
        {data && summary ? (
          <>
            <table className="data-table compact-table" aria-label="Respondents">
              <thead>
                <tr>
                  <th scope="col">ID</th>
                  <th scope="col">Agency group</th>
                  <th scope="col">Organisation type</th>
                  <th scope="col">Focus of work</th>
                  <th scope="col">Location</th>
                  <th scope="col">Quotes</th>
                </tr>
              </thead>
              <tbody>
                {data.detail.participants.map((p) => (
                  <tr key={p.id}>
                    <td>{p.respondentCode}</td>
                    <td>{attributeLabel(settings?.agencyGroups, p.agencyGroup)}</td>
                    <td>{attributeLabel(settings?.organisationTypes, p.organisationType)}</td>
                    <td>{attributeLabel(settings?.focusOfWork, p.focusOfWork)}</td>
                    <td>{p.locationNumber}</td>
                    <td>{p.quoteConsent ? 'may quote' : 'no quotes'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="hint small">Select words, then Ctrl+K to choose or create a code, Ctrl+I for an in-vivo code. Put the cursor in a highlight to see its codes.</p>
            {notes.length === 0 ? <p className="muted">This interview has no notes.</p> : null}
            <ol className="coding-notes">
              {notes.map((n) => {
                const here = caret?.noteId === n.id ? caret : null;
                const coded = codesAt(here);
                return (
                  <li key={`${data.interviewId}:${n.id}`} className="coding-note-card" data-testid={`coding-note-${n.question || 'general'}`}>
                    <label htmlFor={`${id}-note-${n.id}`} className="panel-title">
                      {n.title}
                    </label>
                    <CodingEditor
                      id={`${id}-note-${n.id}`}
                      interviewId={data.interviewId}
                      question={n.question}
                      noteId={n.id}
                      initialState={n.editorState}
                      storedBlocks={n.blocks}
                      label={n.title}
                      flaggedTerms={terms}
                      lookup={lookup}
                      paintKey={paintKey}
                      onCodeRequest={onCodeRequest}
                      onSelection={onSelection}
                      onHandle={onHandle}
                    />
                    <div className="actions compact note-actions">
                      <button type="button" disabled={!here?.selection || busy} onClick={() => here?.selection && onCodeRequest({ noteId: n.id, ...here.selection }, 'pick')} aria-keyshortcuts="Control+K">
                        Code selection…
                      </button>
                      <button type="button" disabled={!here?.selection || busy} onClick={() => here?.selection && onCodeRequest({ noteId: n.id, ...here.selection }, 'in-vivo')} aria-keyshortcuts="Control+I">
                        In-vivo code
                      </button>
                    </div>
                    {coded.length > 0 ? (
                      <CodesHere coded={coded} codesById={codesById} coders={coders} consentWarning={consentWarning} segmentId={segmentId} onSelectCode={onSelectCode} onMarkQuote={onMarkQuote} onMemoOnSegment={onMemoOnSegment} onRemove={onRemove} />
                    ) : null}
                  </li>
                );
              })}
            </ol>
          </>
        ) : null}
      </div>
    </section>
  );
}

/** The codes under the cursor in one note, each with quote, memo and remove. */
function CodesHere({
  coded,
  codesById,
  coders,
  consentWarning,
  segmentId,
  onSelectCode,
  onMarkQuote,
  onMemoOnSegment,
  onRemove,
}: {
  coded: CodingRecord[];
  codesById: ReadonlyMap<string, CodeNode>;
  coders: CodersShown;
  consentWarning: { codingId: string; message: string } | null;
  segmentId: string | null;
  onSelectCode: (codeId: string) => void;
  onMarkQuote: (coding: CodingRecord) => void;
  onMemoOnSegment: (codingId: string) => void;
  onRemove: (coding: CodingRecord) => void;
}) {
  return (
    <div className="codes-here" role="group" aria-label="Codes here" data-testid="codes-here">
      <h3>Codes here</h3>
      <ul>
        {coded.map((c) => {
          const code = codesById.get(c.codeId);
          return (
            <li key={c.id} data-code={code?.name}>
              <span className="swatch" style={{ background: code?.color }} aria-hidden="true" />
              <button type="button" className="link" onClick={() => onSelectCode(c.codeId)}>
                {code?.name ?? 'code'}
              </button>
              <span className="muted segment-text">“{c.text.length > 80 ? `${c.text.slice(0, 80)}…` : c.text}”</span>
              {c.isQuote ? <span className="badge">quote</span> : null}
              {coders.several && c.coderId ? (
                <span className={c.coderId === coders.firstCoderId ? 'badge coder-badge' : 'badge coder-badge coder-other'} title="Coded by">
                  {coders.initials.get(c.coderId)}
                </span>
              ) : null}
              <span className="actions compact">
                <button type="button" onClick={() => onMarkQuote(c)}>
                  {c.isQuote ? 'Unmark quote' : 'Mark as quote'}
                </button>
                <button type="button" onClick={() => onMemoOnSegment(c.id)} aria-pressed={segmentId === c.id}>
                  Memo on segment
                </button>
                <button type="button" onClick={() => onRemove(c)} aria-label={`Remove ${code?.name ?? 'code'} from this segment`}>
                  Remove
                </button>
              </span>
              {consentWarning?.codingId === c.id ? (
                <p className="error small" role="alert" data-testid="quote-consent-warning">
                  {consentWarning.message}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
