/**
 * The coding workbench, three resizable panes filling the window (sizes remembered): the
 * interviews with their attributes on the left, one interview's notes in the middle (coded
 * segments highlighted, still editable), the code tree with the selected code's details,
 * segments and the memos on the right. Every codebook change goes through
 * `mutate`: the notes stop taking input, what was typed is saved, the change is made, and the
 * notes whose marks changed are reloaded from the services.
 */
import { CodingNav } from './coding-nav';
import { ErrorMessage } from '../components/form';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import type { InterviewDetail, InterviewSummary, ProjectSettings } from '../../../shared/api/contract';
import { questionsOf } from '../../../shared/schedule/model';
import { call } from '../api';
import { drainAllSavers, unsavedWorkRemains } from '../editor/latest-saver';
import type { PlainSelection } from '../editor/plain-offsets';
import { SaveIndicator, SaveStatus, SaveStatusContext } from '../editor/save-status';
import { attributeLabel, formatDateTime } from '../interviews/format';
import { interviewLanguages, textIn } from '../runner/language';
import { CodeDetails, type Mutate } from './code-details';
import { CodePicker, type PickResult } from './code-picker';
import { CodeTree } from './code-tree';
import { CodingEditor, type CodeRequest, type CodeRequestMode, type NoteHandle } from './coding-editor';
import { currentInitials, isTextTarget, messageOf, useInitials, type CodeNode, type CodebookChange, type CodingRecord, type UndoState } from './coding-basics';
import type { ApiOutput } from '../../../shared/api/contract';

type CoderList = ApiOutput<'coders.list'>;

/** A code's recorded agreement as one line, as the codebook export prints it. */
function agreementOf(recorded: ApiOutput<'codes.list'>['agreement'], codeId: string): string | undefined {
  const f = recorded?.codes[codeId];
  if (!recorded || !f) return undefined;
  const n = (v: number | null) => (v === null ? '–' : v.toFixed(3));
  return `κ ${n(f.kappa)}, α ${n(f.alpha)}, ${f.percent === null ? '–' : `${(f.percent * 100).toFixed(1)} %`} over ${f.units} ${recorded.unit === 'answer' ? "question's notes" : 'sentences'} (${recorded.coderA} and ${recorded.coderB}, ${recorded.computedAt.slice(0, 10)})`;
}
import { CodeSegments } from './code-segments';
import { DocumentsPane } from './documents-pane';
import { MemosPanel } from './memos-panel';

export interface NotePlace {
  interviewId: string;
  noteId: string;
  start: number;
  end: number;
}

type NotesData = { interviewId: string; detail: InterviewDetail; notes: { id: string; question: string; editorState: string; plainText: string }[]; codings: CodingRecord[] };

export function WorkbenchScreen({ initialInterviewId, place, onAnalysis, onQuotes, onAgreement, onHome }: { initialInterviewId?: string; place?: NotePlace; onAnalysis: () => void; onQuotes: () => void; onAgreement?: () => void; onHome: () => void }) {
  const id = useId();
  const [status] = useState(() => new SaveStatus());
  const [initials, setInitials] = useInitials();
  const [codes, setCodes] = useState<CodeNode[]>([]);
  const [undo, setUndo] = useState<UndoState>({ canUndo: false, canRedo: false, undoLabel: null, redoLabel: null });
  const [selectedCodeId, setSelectedCodeId] = useState<string | null>(null);
  const [interviews, setInterviews] = useState<InterviewSummary[] | null>(null);
  const [settings, setSettings] = useState<ProjectSettings | null>(null);
  const [terms, setTerms] = useState<string[]>([]);
  const [interviewId, setInterviewId] = useState<string | null>(place?.interviewId ?? initialInterviewId ?? null);
  const [data, setData] = useState<NotesData | null>(null);
  // Where the cursor is: the marks under it, and (after coding a selection) the range just coded,
  // so "Codes here" shows the new code at once, before the cursor moves again.
  const [caret, setCaret] = useState<{ noteId: string; selection: PlainSelection | null; ids: string[]; range?: { start: number; end: number } } | null>(null);
  const [sideTab, setSideTab] = useState<SideTab>('details');
  const [consentWarning, setConsentWarning] = useState<{ codingId: string; message: string } | null>(null);
  const notesScroll = useRef<HTMLDivElement>(null);
  const outer = useDefaultLayout({ id: 'fieldnote-workbench', storage: localStorage });
  const inner = useDefaultLayout({ id: 'fieldnote-workbench-codes', storage: localStorage });
  const [picker, setPicker] = useState<CodeRequest | null>(null);
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [newCode, setNewCode] = useState({ name: '', under: false });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const handles = useRef(new Map<string, NoteHandle>());
  const pendingPlace = useRef<NotePlace | null>(place ?? null);
  const initialsRef = useRef<HTMLInputElement>(null);
  const [coders, setCoders] = useState<CoderList>({ coders: [], copyCoderId: null });
  /** Whose codings the notes show: every coder's ('all') or one coder's id. */
  const [coderView, setCoderView] = useState<string>('all');

  const [agreement, setAgreement] = useState<ApiOutput<'codes.list'>['agreement']>(null);
  const loadCodes = useCallback(async () => {
    const list = await call('codes.list', {});
    setCodes(list.codes);
    setAgreement(list.agreement ?? null);
    setUndo(list.undo);
    return list;
  }, []);

  useEffect(() => {
    void (async () => {
      try {
        const [list, s, flagged, coderList] = await Promise.all([call('interview.list', {}), call('projectSettings.get', {}), call('flaggedTerms.list', {}), call('coders.list', {}), loadCodes()]);
        setInterviews(list.interviews);
        setCoders(coderList);
        // A copy prepared for a coder codes as that coder: start with their initials.
        const own = coderList.coders.find((c) => c.id === coderList.copyCoderId);
        if (own !== undefined && currentInitials() === '') setInitials(own.initials);
        setSettings(s);
        setTerms(flagged.terms.map((t) => t.term));
        setInterviewId((current) => current ?? list.interviews[0]?.id ?? null);
      } catch (e) {
        setError(messageOf(e));
      }
    })();
  }, [loadCodes, setInitials]);

  const loadInterview = useCallback(async (which: string) => {
    const [detail, coded] = await Promise.all([call('interview.get', { id: which }), call('codings.forInterview', { interviewId: which })]);
    return { interviewId: which, detail, notes: coded.notes, codings: coded.codings };
  }, []);

  useEffect(() => {
    if (interviewId === null) return;
    let stale = false;
    setCaret(null);
    setSegmentId(null);
    setConsentWarning(null);
    void drainAllSavers()
      .then(() => loadInterview(interviewId))
      .then((loaded) => !stale && setData(loaded))
      .catch((e: unknown) => !stale && setError(messageOf(e)));
    return () => {
      stale = true;
    };
  }, [interviewId, loadInterview]);

  const mutate: Mutate = useCallback(
    async (action: () => Promise<CodebookChange | null>) => {
      setBusy(true);
      setError(null);
      const open = [...handles.current.values()];
      for (const h of open) h.setEditable(false);
      try {
        await drainAllSavers();
        if (unsavedWorkRemains()) {
          setError('A note could not be saved, so nothing was changed. Wait until it says Saved (or check the message under the note), then try again.');
          return false;
        }
        const change = await action();
        if (change === null) return false;
        const [, fresh] = await Promise.all([loadCodes(), interviewId !== null ? loadInterview(interviewId) : Promise.resolve(null)]);
        if (fresh) {
          for (const noteId of change.touchedNoteIds) {
            const note = fresh.notes.find((n) => n.id === noteId);
            if (note) handles.current.get(noteId)?.reload(note.editorState);
          }
          setData((current) => (current && current.interviewId === fresh.interviewId ? { ...current, codings: fresh.codings } : fresh));
        }
        setVersion((v) => v + 1);
        return true;
      } catch (e) {
        setError(messageOf(e));
        return false;
      } finally {
        for (const h of open) h.setEditable(true);
        setBusy(false);
      }
    },
    [interviewId, loadCodes, loadInterview],
  );

  const step = useCallback((direction: 'undo' | 'redo') => void mutate(() => call(direction === 'undo' ? 'codes.undo' : 'codes.redo', {})), [mutate]);

  // Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo and redo codebook changes, outside text fields (they have their own undo).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || isTextTarget(e.target) || busy) return;
      if (e.code === 'KeyZ') {
        e.preventDefault();
        step(e.shiftKey ? 'redo' : 'undo');
      } else if (e.code === 'KeyY' && !e.shiftKey) {
        e.preventDefault();
        step('redo');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step, busy]);

  const codingsById = useMemo(() => new Map((data?.codings ?? []).map((c) => [c.id, c])), [data]);
  const codesById = useMemo(() => new Map(codes.map((c) => [c.id, c])), [codes]);
  const coderInitials = useMemo(() => new Map(coders.coders.map((c) => [c.id, c.initials])), [coders]);
  /** With two coders or more, the second and later coders' segments are drawn dashed. */
  const firstCoderId = coders.copyCoderId ?? [...coders.coders].sort((a, b) => b.codings - a.codings)[0]?.id ?? null;
  const shown = useCallback((coding: CodingRecord) => coderView === 'all' || coding.coderId === coderView, [coderView]);
  const lookup = useCallback(
    (codingId: string) => {
      const coding = codingsById.get(codingId);
      if (coding === undefined || !shown(coding)) return undefined;
      const code = codesById.get(coding.codeId);
      if (code === undefined) return undefined;
      const coder = coding.coderId ? coderInitials.get(coding.coderId) : undefined;
      return { name: code.name, color: code.color, ...(coder !== undefined && coders.coders.length > 1 ? { coder, dashed: coderView === 'all' && coding.coderId !== firstCoderId } : {}) };
    },
    [codingsById, codesById, shown, coderInitials, coders, firstCoderId, coderView],
  );
  const paintKey = useMemo(
    () => `${(data?.codings ?? []).map((c) => `${c.id}:${c.codeId}`).join(',')}|${codes.map((c) => `${c.id}:${c.color}:${c.name}`).join(',')}|${coderView}|${firstCoderId ?? ''}`,
    [data, codes, coderView, firstCoderId],
  );

  const onHandle = useCallback((noteId: string, handle: NoteHandle | null) => {
    if (handle) handles.current.set(noteId, handle);
    else handles.current.delete(noteId);
    const wanted = pendingPlace.current;
    if (handle && wanted && wanted.noteId === noteId) {
      pendingPlace.current = null;
      window.setTimeout(() => handle.reveal(wanted.start, wanted.end), 50);
    }
  }, []);
  const onSelection = useCallback((noteId: string, selection: PlainSelection | null, ids: string[]) => setCaret({ noteId, selection, ids }), []);
  const onCodeRequest = useCallback(
    (request: CodeRequest | null, mode: CodeRequestMode) => {
      if (request === null) {
        setError('Select some words in the note first, then press Ctrl+K (choose a code) or Ctrl+I (in-vivo code).');
        return;
      }
      if (currentInitials() === '') {
        setError('Type your initials first (top of the screen): every coded segment records who coded it.');
        initialsRef.current?.focus();
        return;
      }
      setError(null);
      if (mode === 'pick') setPicker(request);
      else void apply(request, { kind: 'in-vivo' });
    },
    // `apply` reads the latest state through applyRef, so this callback never goes stale.
    [],
  );

  const applyRef = useRef<(request: CodeRequest, how: PickResult | { kind: 'in-vivo' }) => Promise<void>>(async () => undefined);
  applyRef.current = async (request, how) => {
    const ok = await mutate(() =>
      call('codings.apply', {
        noteId: request.noteId,
        start: request.start,
        end: request.end,
        text: request.text,
        initials: currentInitials(),
        ...(how.kind === 'existing' ? { codeId: how.codeId } : how.kind === 'new' ? { newCode: { name: how.name, parentId: how.parentId } } : { inVivo: {} }),
      }),
    );
    if (ok) {
      setCaret({ noteId: request.noteId, selection: { start: request.start, end: request.end, text: request.text }, ids: [], range: { start: request.start, end: request.end } });
      // The coded words stay selected (the marks were just reloaded), so the cursor is where it was.
      window.setTimeout(() => handles.current.get(request.noteId)?.reveal(request.start, request.end), 0);
    }
  };
  function apply(request: CodeRequest, how: PickResult | { kind: 'in-vivo' }) {
    return applyRef.current(request, how);
  }

  const selectedCode = selectedCodeId ? (codesById.get(selectedCodeId) ?? null) : null;
  const summary = interviews?.find((i) => i.id === interviewId) ?? null;
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
  const segment = segmentId ? codingsById.get(segmentId) : undefined;

  /** The codings under the cursor: the marks it touches, or those overlapping the range just coded. */
  const codesAt = (here: typeof caret): CodingRecord[] => {
    if (!here) return [];
    const ids = new Set(here.ids);
    const range = here.range ?? here.selection;
    for (const c of data?.codings ?? []) if (range && c.noteId === here.noteId && c.start < range.end && range.start < c.end) ids.add(c.id);
    return (data?.codings ?? []).filter((c) => ids.has(c.id) && shown(c));
  };

  /** Marks or unmarks a quote, saying at once when whoever said it (its speaker, or someone in a whole group session) did not agree to be quoted. */
  const markQuote = async (c: CodingRecord) => {
    const ok = await mutate(() => call('codings.setQuote', { id: c.id, isQuote: !c.isQuote }));
    if (!ok || c.isQuote) return setConsentWarning(null);
    try {
      const who = await call('codings.attribution', { id: c.id });
      const refused = who.refusedQuoting;
      if (refused.length === 0) return setConsentWarning(null);
      setConsentWarning({
        codingId: c.id,
        message: who.wholeSession
          ? `Respondent${refused.length === 1 ? '' : 's'} ${refused.join(', ')} did not agree to be quoted, and this passage belongs to the whole group session: it stays out of the quote bank and its export. Tag its speaker in the notes if one person said it.`
          : `Respondent ${refused.join(', ')} did not agree to be quoted: this quote stays out of the quote bank and its export.`,
      });
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const reorder = async (codeId: string, direction: 'up' | 'down') => {
    try {
      const { moved } = await call('codes.reorder', { id: codeId, direction });
      if (moved) await loadCodes();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  /** Opens a note at a place: at once when the interview is open, else after it loads. */
  const openPlace = (place: NotePlace) => {
    const handle = place.interviewId === interviewId ? handles.current.get(place.noteId) : undefined;
    if (handle) return handle.reveal(place.start, place.end);
    pendingPlace.current = place;
    setInterviewId(place.interviewId);
  };

  return (
    <SaveStatusContext.Provider value={status}>
      <main className="screen wide workbench workspace" data-screen="coding" aria-busy={busy}>
        <div className="screen-head workspace-head">
          <h1>Code the notes</h1>
          <div className="actions compact">
            <label htmlFor={`${id}-initials`} className="inline-label">
              Your initials
            </label>
            <input id={`${id}-initials`} ref={initialsRef} className="initials" maxLength={10} value={initials} onChange={(e) => setInitials(e.target.value)} />
            {coders.coders.length > 1 ? (
              <>
                <label htmlFor={`${id}-coder-view`} className="inline-label">
                  Show codings of
                </label>
                <select id={`${id}-coder-view`} value={coderView} onChange={(e) => setCoderView(e.target.value)} data-testid="coder-view">
                  <option value="all">every coder ({firstCoderId !== null ? `${coderInitials.get(firstCoderId) ?? ''} solid, ` : ''}others dashed)</option>
                  {coders.coders.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.initials}
                      {c.name !== '' ? ` (${c.name})` : ''} only
                    </option>
                  ))}
                </select>
              </>
            ) : null}
            {coders.copyCoderId !== null ? (
              <span className="badge" title="This file was prepared for this coder: every segment coded in it records them.">
                copy of {coderInitials.get(coders.copyCoderId)}
              </span>
            ) : null}
            <SaveIndicator status={status} />
            <CodingNav current="workbench" onAnalysis={onAnalysis} onQuotes={onQuotes} {...(onAgreement ? { onAgreement } : {})} onHome={onHome} />
          </div>
        </div>
        <ErrorMessage message={error} />
        <Group orientation="horizontal" className="workspace-panes" id="fieldnote-workbench" defaultLayout={outer.defaultLayout} onLayoutChanged={outer.onLayoutChanged}>
          <Panel id="documents" defaultSize="22" minSize="12">
            <DocumentsPane interviews={interviews} settings={settings} selectedId={interviewId} onOpen={setInterviewId} />
          </Panel>
          <Separator className="pane-separator" aria-label="Resize the interviews pane" />
          <Panel id="notes" defaultSize="46" minSize="25">
            <section className="pane notes-pane" aria-labelledby={`${id}-notes`}>
              <div className="pane-head">
                <h2 id={`${id}-notes`}>{summary ? `Notes · ID ${summary.respondentCodes.join(', ')}` : 'Notes'}</h2>
                {data && summary ? (
                  <span className="muted small">
                    {formatDateTime(summary.heldAt)} · {data.detail.summary.scheduleTitle} · interviewer {summary.interviewer}
                  </span>
                ) : null}
              </div>
              <div className="pane-scroll" ref={notesScroll} tabIndex={0} role="region" aria-label="Notes of this interview">
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
                              <div className="codes-here" role="group" aria-label="Codes here" data-testid="codes-here">
                                <h3>Codes here</h3>
                                <ul>
                                  {coded.map((c) => {
                                    const code = codesById.get(c.codeId);
                                    return (
                                      <li key={c.id} data-code={code?.name}>
                                        <span className="swatch" style={{ background: code?.color }} aria-hidden="true" />
                                        <button type="button" className="link" onClick={() => setSelectedCodeId(c.codeId)}>
                                          {code?.name ?? 'code'}
                                        </button>
                                        <span className="muted segment-text">“{c.text.length > 80 ? `${c.text.slice(0, 80)}…` : c.text}”</span>
                                        {c.isQuote ? <span className="badge">quote</span> : null}
                                        {coders.coders.length > 1 && c.coderId ? (
                                          <span className={c.coderId === firstCoderId ? 'badge coder-badge' : 'badge coder-badge coder-other'} title="Coded by">
                                            {coderInitials.get(c.coderId)}
                                          </span>
                                        ) : null}
                                        <span className="actions compact">
                                          <button type="button" onClick={() => void markQuote(c)}>
                                            {c.isQuote ? 'Unmark quote' : 'Mark as quote'}
                                          </button>
                                          <button
                                            type="button"
                                            onClick={() => {
                                              setSegmentId(c.id);
                                              setSideTab('memos');
                                            }}
                                            aria-pressed={segmentId === c.id}
                                          >
                                            Memo on segment
                                          </button>
                                          <button type="button" onClick={() => void mutate(() => call('codings.remove', { id: c.id }))} aria-label={`Remove ${code?.name ?? 'code'} from this segment`}>
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
                            ) : null}
                          </li>
                        );
                      })}
                    </ol>
                  </>
                ) : null}
              </div>
            </section>
          </Panel>
          <Separator className="pane-separator" aria-label="Resize the codes pane" />
          <Panel id="codes" defaultSize="32" minSize="18">
            <Group orientation="vertical" id="fieldnote-workbench-codes" defaultLayout={inner.defaultLayout} onLayoutChanged={inner.onLayoutChanged}>
              <Panel id="tree" defaultSize="45" minSize="15">
                <section className="pane code-pane" aria-labelledby={`${id}-codes`}>
                  <div className="pane-head">
                    <h2 id={`${id}-codes`}>Codes</h2>
                    <div className="actions compact">
                      <button type="button" disabled={!undo.canUndo || busy} onClick={() => step('undo')} title={undo.undoLabel ? `Undo ${undo.undoLabel} (Ctrl+Z)` : 'Nothing to undo'} aria-keyshortcuts="Control+Z">
                        Undo
                      </button>
                      <button type="button" disabled={!undo.canRedo || busy} onClick={() => step('redo')} title={undo.redoLabel ? `Redo ${undo.redoLabel} (Ctrl+Shift+Z)` : 'Nothing to redo'} aria-keyshortcuts="Control+Shift+Z">
                        Redo
                      </button>
                    </div>
                  </div>
                  <p className="muted small undo-line" data-testid="undo-label" aria-live="polite">
                    {undo.undoLabel ? `Undo: ${undo.undoLabel}` : 'Nothing to undo'}
                  </p>
                  <form
                    className="new-code"
                    onSubmit={(e) => {
                      e.preventDefault();
                      const name = newCode.name.trim();
                      if (name === '' || currentInitials() === '') {
                        if (currentInitials() === '') setError('Type your initials first (top of the screen).');
                        return;
                      }
                      void mutate(async () => {
                        const created = await call('codes.create', { name, parentId: newCode.under && selectedCodeId ? selectedCodeId : null, initials: currentInitials() });
                        setSelectedCodeId(created.code.id);
                        return created;
                      }).then((ok) => ok && setNewCode({ ...newCode, name: '' }));
                    }}
                  >
                    <label htmlFor={`${id}-new`} className="visually-hidden">
                      New code
                    </label>
                    <div className="inline-form">
                      <input id={`${id}-new`} placeholder="New code" value={newCode.name} onChange={(e) => setNewCode({ ...newCode, name: e.target.value })} />
                      <button type="submit" disabled={newCode.name.trim() === '' || busy}>
                        Add
                      </button>
                    </div>
                    {selectedCode ? (
                      <label className="inline-check small">
                        <input type="checkbox" checked={newCode.under} onChange={(e) => setNewCode({ ...newCode, under: e.target.checked })} /> as a sub-code of “{selectedCode.name}”
                      </label>
                    ) : null}
                  </form>
                  <div className="pane-scroll">
                    {codes.length === 0 ? <p className="muted">No codes yet. Select words in a note and press Ctrl+K to code them.</p> : null}
                    <CodeTree
                      codes={codes}
                      selectedId={selectedCodeId}
                      onSelect={setSelectedCodeId}
                      onMove={(codeId, parentId) => void mutate(() => call('codes.move', { id: codeId, parentId }))}
                      onReorder={(codeId, direction) => void reorder(codeId, direction)}
                      onDelete={(codeId) => setSelectedCodeId(codeId)}
                    />
                    <p className="hint small">↑ ↓ move through codes, ← → fold; Alt+↑ / Alt+↓ reorder; Alt+← / Alt+→ move out or under the code above; drag to move.</p>
                  </div>
                </section>
              </Panel>
              <Separator className="pane-separator horizontal" aria-label="Resize the code details" />
              <Panel id="side" defaultSize="55" minSize="15">
                <section className="pane side-pane" aria-label="Selected code and memos">
                  <div role="tablist" aria-label="About the selected code" className="tabs pane-tabs">
                    {SIDE_TABS.map((t) => (
                      <button key={t.key} type="button" role="tab" aria-selected={sideTab === t.key} tabIndex={sideTab === t.key ? 0 : -1} onClick={() => setSideTab(t.key)}>
                        {t.label}
                        {t.key === 'segments' && selectedCode ? ` (${selectedCode.codingsWithDescendants})` : ''}
                      </button>
                    ))}
                  </div>
                  <div className="pane-scroll" role="tabpanel">
                    {sideTab !== 'memos' && !selectedCode ? <p className="muted">Choose a code in the tree to see its details and segments.</p> : null}
                    {sideTab === 'details' && selectedCode ? (
                      <CodeDetails
                        key={`${selectedCode.id}:${selectedCode.name}:${selectedCode.color}:${selectedCode.kind}:${selectedCode.definition}:${selectedCode.inclusion}:${selectedCode.exclusion}:${selectedCode.example}`}
                        code={selectedCode}
                        codes={codes}
                        mutate={mutate}
                        onSelect={setSelectedCodeId}
                        agreement={agreementOf(agreement, selectedCode.id)}
                      />
                    ) : null}
                    {sideTab === 'segments' && selectedCode ? <CodeSegments code={selectedCode} version={version} onOpenPlace={openPlace} /> : null}
                    {sideTab === 'memos' ? (
                      <>
                        <MemosPanel
                          codes={codes}
                          mutate={mutate}
                          version={version}
                          onOpenPlace={openPlace}
                          onSelectCode={(codeId) => {
                            setSelectedCodeId(codeId);
                            setSideTab('details');
                          }}
                          onOpenInterview={setInterviewId}
                          targets={{
                            code: selectedCode,
                            interview: summary ? { id: summary.id, label: summary.respondentCodes.join(', ') } : null,
                            segment: segment ? { id: segment.id, text: segment.text } : null,
                          }}
                        />
                        {segment ? (
                          <p className="muted small">
                            Selected segment: “{segment.text.length > 60 ? `${segment.text.slice(0, 60)}…` : segment.text}”{' '}
                            <button type="button" className="link" onClick={() => setSegmentId(null)}>
                              clear
                            </button>
                          </p>
                        ) : null}
                      </>
                    ) : null}
                  </div>
                </section>
              </Panel>
            </Group>
          </Panel>
        </Group>
        {picker ? (
          <CodePicker
            codes={codes}
            selectedText={picker.text}
            defaultParentId={null}
            onCancel={() => {
              const noteId = picker.noteId;
              setPicker(null);
              window.setTimeout(() => handles.current.get(noteId)?.focus(), 0);
            }}
            onPick={(result) => {
              const request = picker;
              setPicker(null);
              void apply(request, result);
            }}
          />
        ) : null}
      </main>
    </SaveStatusContext.Provider>
  );
}

const SIDE_TABS = [
  { key: 'details', label: 'Details' },
  { key: 'segments', label: 'Segments' },
  { key: 'memos', label: 'Memos' },
] as const;
type SideTab = (typeof SIDE_TABS)[number]['key'];
