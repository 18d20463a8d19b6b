/**
 * The coding workbench, three resizable panes filling the window (sizes remembered): the
 * interviews with their attributes on the left, one interview's notes in the middle (coded
 * segments highlighted, still editable), the code tree with the selected code's details,
 * segments and the memos on the right. Every codebook change goes through
 * `mutate`: the notes stop taking input, what was typed is saved, the change is made, and the
 * notes whose marks changed are reloaded from the services.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import { call } from '../api';
import { ErrorMessage } from '../components/form';
import { drainAllSavers, unsavedWorkRemains } from '../editor/latest-saver';
import type { PlainSelection } from '../editor/plain-offsets';
import { SaveStatus, SaveStatusContext } from '../editor/save-status';
import { useLoad, useMutation, useQuery } from '../use-api';
import type { Mutate } from './code-details';
import { CodePicker, type PickResult } from './code-picker';
import { CodesPane } from './codes-pane';
import type { CodeRequest, CodeRequestMode, NoteHandle } from './coding-editor';
import { currentInitials, isTextTarget, messageOf, useInitials, type CodebookChange, type CoderList, type CodingRecord, type UndoState } from './coding-basics';
import { DocumentsPane } from './documents-pane';
import type { NotePlace } from './note-place';
import { SidePane, type SideTab } from './side-pane';
import { WorkbenchHead } from './workbench-head';
import { WorkbenchNotes, type Caret, type NotesData } from './workbench-notes';

const NO_UNDO: UndoState = { canUndo: false, canRedo: false, undoLabel: null, redoLabel: null };
const NO_CODERS: CoderList = { coders: [], copyCoderId: null };

async function loadInterview(which: string): Promise<NotesData> {
  const [detail, coded] = await Promise.all([call('interview.get', { id: which }), call('codings.forInterview', { interviewId: which })]);
  return { interviewId: which, detail, notes: coded.notes, codings: coded.codings };
}

export function WorkbenchScreen({ initialInterviewId, place }: { initialInterviewId?: string; place?: NotePlace }) {
  const [status] = useState(() => new SaveStatus());
  const [initials, setInitials] = useInitials();
  const codebook = useQuery('codes.list', {});
  const codes = useMemo(() => codebook.data?.codes ?? [], [codebook.data]);
  const interviewList = useQuery('interview.list', {});
  const settings = useQuery('projectSettings.get', {});
  const flagged = useQuery('flaggedTerms.list', {});
  const terms = useMemo(() => (flagged.data?.terms ?? []).map((t) => t.term), [flagged.data]);
  const coderList = useQuery('coders.list', {});
  const coders = coderList.data ?? NO_CODERS;
  const [selectedCodeId, setSelectedCodeId] = useState<string | null>(null);
  const [interviewId, setInterviewId] = useState<string | null>(place?.interviewId ?? initialInterviewId ?? null);
  // The notes shown: what was typed is saved before another interview's notes load.
  const interview = useLoad(async () => (interviewId === null ? null : drainAllSavers().then(() => loadInterview(interviewId))), [interviewId]);
  const data = interview.data;
  const [caret, setCaret] = useState<Caret | null>(null);
  const [sideTab, setSideTab] = useState<SideTab>('details');
  const [consentWarning, setConsentWarning] = useState<{ codingId: string; message: string } | null>(null);
  const outer = useDefaultLayout({ id: 'fieldnote-workbench', storage: localStorage });
  const inner = useDefaultLayout({ id: 'fieldnote-workbench-codes', storage: localStorage });
  const [picker, setPicker] = useState<CodeRequest | null>(null);
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const reorderCode = useMutation('codes.reorder');
  const handles = useRef(new Map<string, NoteHandle>());
  const pendingPlace = useRef<NotePlace | null>(place ?? null);
  const initialsRef = useRef<HTMLInputElement>(null);
  /** Whose codings the notes show: every coder's ('all') or one coder's id. */
  const [coderView, setCoderView] = useState<string>('all');

  // A copy prepared for a coder codes as that coder: start with their initials.
  useEffect(() => {
    const own = coderList.data?.coders.find((c) => c.id === coderList.data?.copyCoderId);
    if (own !== undefined && currentInitials() === '') setInitials(own.initials);
  }, [coderList.data, setInitials]);
  // With no interview asked for, the first one opens.
  useEffect(() => {
    const first = interviewList.data?.interviews[0]?.id;
    if (first !== undefined) setInterviewId((current) => current ?? first);
  }, [interviewList.data]);
  useEffect(() => {
    setCaret(null);
    setSegmentId(null);
    setConsentWarning(null);
  }, [interviewId]);

  const reloadCodes = codebook.reload;
  const setInterviewData = interview.setData;
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
        const [, fresh] = await Promise.all([reloadCodes(), interviewId !== null ? loadInterview(interviewId) : Promise.resolve(null)]);
        if (fresh) {
          for (const noteId of change.touchedNoteIds) {
            const note = fresh.notes.find((n) => n.id === noteId);
            if (note) handles.current.get(noteId)?.reload(note.editorState);
          }
          setInterviewData((current) => (current && current.interviewId === fresh.interviewId ? { ...current, codings: fresh.codings } : fresh));
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
    [interviewId, reloadCodes, setInterviewData],
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
  const summary = interviewList.data?.interviews.find((i) => i.id === interviewId) ?? null;
  const segment = segmentId ? codingsById.get(segmentId) : undefined;

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
    const done = await reorderCode.run({ id: codeId, direction });
    if (done?.moved) await reloadCodes();
  };

  /** Opens a note at a place: at once when the interview is open, else after it loads. */
  const openPlace = (where: NotePlace) => {
    const handle = where.interviewId === interviewId ? handles.current.get(where.noteId) : undefined;
    if (handle) return handle.reveal(where.start, where.end);
    pendingPlace.current = where;
    setInterviewId(where.interviewId);
  };

  const loadError = codebook.error ?? interviewList.error ?? settings.error ?? flagged.error ?? coderList.error ?? interview.error;
  return (
    <SaveStatusContext.Provider value={status}>
      <main className="screen wide workbench workspace" data-screen="coding" aria-busy={busy}>
        <WorkbenchHead status={status} initials={initials} onInitials={setInitials} initialsRef={initialsRef} coders={coders} firstCoderId={firstCoderId} coderInitials={coderInitials} coderView={coderView} onCoderView={setCoderView} />
        <ErrorMessage message={error ?? reorderCode.error ?? loadError} />
        <Group orientation="horizontal" className="workspace-panes" id="fieldnote-workbench" defaultLayout={outer.defaultLayout} onLayoutChanged={outer.onLayoutChanged}>
          <Panel id="documents" defaultSize="22" minSize="12">
            <DocumentsPane interviews={interviewList.data?.interviews ?? null} settings={settings.data} selectedId={interviewId} onOpen={setInterviewId} />
          </Panel>
          <Separator className="pane-separator" aria-label="Resize the interviews pane" />
          <Panel id="notes" defaultSize="46" minSize="25">
            <WorkbenchNotes
              data={data}
              summary={summary}
              settings={settings.data}
              terms={terms}
              caret={caret}
              busy={busy}
              codesById={codesById}
              coders={{ several: coders.coders.length > 1, firstCoderId, initials: coderInitials }}
              shown={shown}
              lookup={lookup}
              paintKey={paintKey}
              consentWarning={consentWarning}
              segmentId={segmentId}
              onCodeRequest={onCodeRequest}
              onSelection={onSelection}
              onHandle={onHandle}
              onSelectCode={setSelectedCodeId}
              onMarkQuote={(c) => void markQuote(c)}
              onMemoOnSegment={(codingId) => {
                setSegmentId(codingId);
                setSideTab('memos');
              }}
              onRemove={(c) => void mutate(() => call('codings.remove', { id: c.id }))}
            />
          </Panel>
          <Separator className="pane-separator" aria-label="Resize the codes pane" />
          <Panel id="codes" defaultSize="32" minSize="18">
            <Group orientation="vertical" id="fieldnote-workbench-codes" defaultLayout={inner.defaultLayout} onLayoutChanged={inner.onLayoutChanged}>
              <Panel id="tree" defaultSize="45" minSize="15">
                <CodesPane codes={codes} undo={codebook.data?.undo ?? NO_UNDO} busy={busy} selectedCodeId={selectedCodeId} onSelect={setSelectedCodeId} mutate={mutate} onStep={step} onReorder={(codeId, direction) => void reorder(codeId, direction)} onError={setError} />
              </Panel>
              <Separator className="pane-separator horizontal" aria-label="Resize the code details" />
              <Panel id="side" defaultSize="55" minSize="15">
                <SidePane
                  tab={sideTab}
                  onTab={setSideTab}
                  codes={codes}
                  selectedCode={selectedCode}
                  agreement={codebook.data?.agreement}
                  mutate={mutate}
                  version={version}
                  onOpenPlace={openPlace}
                  onSelectCode={setSelectedCodeId}
                  onOpenInterview={setInterviewId}
                  interview={summary ? { id: summary.id, label: summary.respondentCodes.join(', ') } : null}
                  segment={segment}
                  onClearSegment={() => setSegmentId(null)}
                />
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
