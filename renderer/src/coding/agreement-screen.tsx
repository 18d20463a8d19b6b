/**
 * Double coding: the project's coders, a copy for a second coder (chosen interviews, blind or
 * not, its own passphrase), the agreement table between two coders (unit stated, weakest codes
 * first, before and after adjudication, .xlsx and Markdown) and the disagreements to settle.
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { AgreementOutput, DisagreementOutput } from '../../../shared/api/agreement';
import type { ApiOutput } from '../../../shared/api/contract';
import { call } from '../api';
import { ErrorMessage, Field } from '../components/form';
import { base64ToBytes, downloadFile } from '../download';
import { useAction } from '../use-async';
import { CodingNav } from './coding-nav';
import { currentInitials, messageOf, useInitials } from './coding-basics';
import type { NotePlace } from './workbench-screen';

type CoderList = ApiOutput<'coders.list'>;
type Unit = 'answer' | 'sentence';
type Decision = 'accept-a' | 'accept-b' | 'keep-both' | 'neither';

const fig = (v: number | null) => (v === null ? '–' : v.toFixed(3));
const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)} %`);
const clip = (text: string, n = 280) => (text.length > n ? `${text.slice(0, n)}…` : text);

const DECISION_LABEL: Record<Decision, string> = { 'accept-a': 'Accept A', 'accept-b': 'Accept B', 'keep-both': 'Keep both', neither: 'Neither' };

export function AgreementScreen({ onOpenPlace, onWorkbench, onAnalysis, onQuotes, onHome }: { onOpenPlace: (place: NotePlace) => void; onWorkbench: () => void; onAnalysis: () => void; onQuotes: () => void; onHome: () => void }) {
  const id = useId();
  const [coders, setCoders] = useState<CoderList>({ coders: [], copyCoderId: null });
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setCoders(await call('coders.list', {}));
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);
  useEffect(() => void load(), [load]);

  return (
    <main className="screen wide agreement-screen" data-screen="agreement">
      <div className="screen-head">
        <h1>Second coder and agreement</h1>
        <div className="actions compact">
          <CodingNav current="agreement" onWorkbench={onWorkbench} onAnalysis={onAnalysis} onQuotes={onQuotes} onHome={onHome} />
        </div>
      </div>
      <ErrorMessage message={error} />
      <AgreementSection id={id} coders={coders} onOpenPlace={onOpenPlace} />
      <PrepareCopySection id={id} coders={coders} />
      <CodersSection id={id} coders={coders} onChanged={load} />
    </main>
  );
}

function CodersSection({ id, coders, onChanged }: { id: string; coders: CoderList; onChanged: () => Promise<void> }) {
  const [initials, setInitials] = useState('');
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();
  return (
    <section className="panel" aria-labelledby={`${id}-coders`}>
      <h2 id={`${id}-coders`}>Coders</h2>
      <p className="muted">Every coded segment records its coder. A copy prepared for a coder codes as that coder, whatever initials are typed in it.</p>
      <table className="data-table compact-table" aria-label="Coders">
        <thead>
          <tr>
            <th scope="col">Initials</th>
            <th scope="col">Name</th>
            <th scope="col">Coded segments</th>
            <th scope="col">This file</th>
          </tr>
        </thead>
        <tbody>
          {coders.coders.map((c) => (
            <tr key={c.id} data-coder={c.initials}>
              <td>{c.initials}</td>
              <td>{c.name}</td>
              <td>{c.codings}</td>
              <td>{coders.copyCoderId === c.id ? 'belongs to this coder' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {coders.coders.length === 0 ? <p className="muted">No coders yet: the first coded segment makes one from its initials, or add one here.</p> : null}
      {coders.coders.length > 0 ? (
        <div className="inline-fields">
          <label htmlFor={`${id}-copy-owner`}>Segments coded in this file record</label>
          <select
            id={`${id}-copy-owner`}
            value={coders.copyCoderId ?? ''}
            onChange={(e) =>
              void run(async () => {
                await call('coders.setCopyCoder', { coderId: e.target.value === '' ? null : e.target.value });
                await onChanged();
              })
            }
          >
            <option value="">the coder with the initials typed</option>
            {coders.coders.map((c) => (
              <option key={c.id} value={c.id}>
                always {c.initials}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            await call('coders.create', { initials: initials.trim(), ...(name.trim() !== '' ? { name: name.trim() } : {}) });
            setInitials('');
            setName('');
            await onChanged();
          });
        }}
      >
        <Field label="Initials" htmlFor={`${id}-coder-initials`}>
          <input id={`${id}-coder-initials`} maxLength={10} value={initials} onChange={(e) => setInitials(e.target.value)} required />
        </Field>
        <Field label="Name (optional)" htmlFor={`${id}-coder-name`}>
          <input id={`${id}-coder-name`} maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <div className="actions compact">
          <button type="submit" disabled={busy}>
            Add coder
          </button>
        </div>
      </form>
      <ErrorMessage message={error} />
    </section>
  );
}

function PrepareCopySection({ id, coders }: { id: string; coders: CoderList }) {
  const [coderId, setCoderId] = useState('');
  const [mode, setMode] = useState<'all' | 'sample' | 'picked'>('sample');
  const [size, setSize] = useState('5');
  const [seed, setSeed] = useState(() => String(Math.floor(Math.random() * 100_000)));
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [blind, setBlind] = useState(true);
  const [fileName, setFileName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [interviews, setInterviews] = useState<ApiOutput<'interview.list'>['interviews']>([]);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  useEffect(() => {
    void call('interview.list', {}).then((r) => {
      setInterviews(r.interviews);
      // A sample cannot be larger than the project.
      setSize((current) => String(Math.max(1, Math.min(Number(current) || 1, r.interviews.length))));
    });
  }, []);
  const coder = coders.coders.find((c) => c.id === coderId);
  useEffect(() => {
    if (coder === undefined) return;
    void call('project.info', {}).then((info) => setFileName(`${info.fileName.replace(/\.fieldnote$/, '')}-${coder.initials.replace(/[^A-Za-z0-9_-]/g, '')}.fieldnote`));
  }, [coder]);

  return (
    <section className="panel" aria-labelledby={`${id}-copy`}>
      <h2 id={`${id}-copy`}>Prepare a copy for a second coder</h2>
      <p className="muted">A separate encrypted project file with the chosen interviews and the codebook, under its own passphrase. Merge it back here when it is coded.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            setDone(null);
            const choice = mode === 'all' ? { mode } : mode === 'sample' ? { mode, size: Number(size), seed: Number(seed) } : { mode, ids: [...picked] };
            const made = await call('secondCoder.prepare', { path: fileName.trim(), passphrase, passphraseConfirm: confirm, coderId, interviews: choice, blind });
            setPassphrase('');
            setConfirm('');
            setDone(`Saved ${made.fileName}: ${made.interviewIds.length} interviews for ${made.coder.initials}${made.blind ? `, blind (${made.hiddenCodings} coded segments of other coders left out)` : ''}. Give it to ${made.coder.initials} with its passphrase, by a separate way.`);
          });
        }}
      >
        <Field label="For coder" htmlFor={`${id}-copy-coder`}>
          <select id={`${id}-copy-coder`} value={coderId} onChange={(e) => setCoderId(e.target.value)} required>
            <option value="">Choose a coder…</option>
            {coders.coders.map((c) => (
              <option key={c.id} value={c.id} disabled={c.id === coders.copyCoderId}>
                {c.initials}
                {c.name !== '' ? ` (${c.name})` : ''}
              </option>
            ))}
          </select>
        </Field>
        <fieldset>
          <legend>Interviews</legend>
          <label>
            <input type="radio" name={`${id}-mode`} checked={mode === 'all'} onChange={() => setMode('all')} /> All {interviews.length}
          </label>
          <label>
            <input type="radio" name={`${id}-mode`} checked={mode === 'sample'} onChange={() => setMode('sample')} /> A random sample
          </label>
          {mode === 'sample' ? (
            <span className="inline-fields">
              of
              <input id={`${id}-size`} aria-label="Sample size (interviews)" type="number" min={1} max={interviews.length || undefined} value={size} onChange={(e) => setSize(e.target.value)} className="short" />
              interviews, seed
              <input id={`${id}-seed`} aria-label="Sample seed" type="number" min={0} value={seed} onChange={(e) => setSeed(e.target.value)} className="short" />
              <span className="hint">The same seed draws the same sample: report it.</span>
            </span>
          ) : null}
          <label>
            <input type="radio" name={`${id}-mode`} checked={mode === 'picked'} onChange={() => setMode('picked')} /> Picked
          </label>
          {mode === 'picked' ? (
            <ul className="pick-list" aria-label="Interviews to give">
              {interviews.map((i) => (
                <li key={i.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={picked.has(i.id)}
                      onChange={(e) =>
                        setPicked((current) => {
                          const next = new Set(current);
                          if (e.target.checked) next.add(i.id);
                          else next.delete(i.id);
                          return next;
                        })
                      }
                    />{' '}
                    {i.respondentCodes.join(', ')} · {i.heldAt.slice(0, 10)}
                  </label>
                </li>
              ))}
            </ul>
          ) : null}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={blind} onChange={(e) => setBlind(e.target.checked)} /> Blind: leave out every other coder’s coded segments (the codebook stays)
        </label>
        <Field label="File name of the copy" htmlFor={`${id}-copy-file`} hint="In your projects folder, or a full path.">
          <input id={`${id}-copy-file`} value={fileName} onChange={(e) => setFileName(e.target.value)} required />
        </Field>
        <Field label="Passphrase of the copy" htmlFor={`${id}-copy-pass`} hint="Not this project's passphrase: the second coder will know it.">
          <input id={`${id}-copy-pass`} type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
        </Field>
        <Field label="The same passphrase again" htmlFor={`${id}-copy-pass2`}>
          <input id={`${id}-copy-pass2`} type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required />
        </Field>
        <div className="actions compact">
          <button type="submit" className="primary" disabled={busy || coderId === '' || (mode === 'picked' && picked.size === 0)}>
            Prepare the copy
          </button>
        </div>
      </form>
      {busy ? (
        <p className="muted" role="status">
          Preparing the copy: a complete encrypted copy is written, rekeyed and trimmed. This takes a few seconds for a large project.
        </p>
      ) : null}
      <ErrorMessage message={error} />
      {done ? (
        <p className="notice" role="status" data-testid="copy-done">
          {done}
        </p>
      ) : null}
    </section>
  );
}

function AgreementSection({ id, coders, onOpenPlace }: { id: string; coders: CoderList; onOpenPlace: (place: NotePlace) => void }) {
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [unit, setUnit] = useState<Unit>('answer');
  const [result, setResult] = useState<AgreementOutput | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const withCodings = useMemo(() => coders.coders.filter((c) => c.codings > 0), [coders]);
  /** Interviews chosen by hand; null: those given to the second coder (else those both coded in). */
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [choosing, setChoosing] = useState<Set<string> | null>(null);
  const [allInterviews, setAllInterviews] = useState<ApiOutput<'interview.list'>['interviews']>([]);
  useEffect(() => {
    void call('interview.list', {}).then((r) => setAllInterviews(r.interviews));
  }, []);
  const query = useMemo(() => ({ unit, ...(a !== '' && b !== '' ? { coders: [a, b] as [string, string] } : {}), ...(chosen !== null ? { interviewIds: chosen } : {}) }), [a, b, unit, chosen]);

  const compute = useCallback(async () => {
    try {
      const r = await call('agreement.compute', query);
      setResult(r);
      setA(r.coderA.id);
      setB(r.coderB.id);
      setError(null);
    } catch (e) {
      setResult(null);
      setError(messageOf(e));
    }
  }, [query, setError]);
  useEffect(() => {
    if (coders.coders.filter((c) => c.codings > 0).length >= 2) void compute();
  }, [compute, coders]);

  const save = (method: 'agreement.exportXlsx' | 'agreement.exportMarkdown') =>
    void run(async () => {
      const file = await call(method, query);
      downloadFile(file.fileName, base64ToBytes(file.dataBase64), file.mediaType);
      setDone(`Saved ${file.fileName} to your downloads.`);
    });

  return (
    <section className="panel" aria-labelledby={`${id}-agreement`}>
      <h2 id={`${id}-agreement`}>Agreement between two coders</h2>
      {withCodings.length < 2 ? <p className="muted">Agreement needs two coders who have coded: prepare a copy for a second coder, have it coded, and merge it back (Project home, Merge another project).</p> : null}
      <div className="inline-fields">
        <label htmlFor={`${id}-a`}>Coder A</label>
        <select
          id={`${id}-a`}
          value={a}
          onChange={(e) => {
            // Choosing the other side's coder swaps the two.
            if (e.target.value === b) setB(a);
            setA(e.target.value);
          }}
        >
          {coders.coders.map((c) => (
            <option key={c.id} value={c.id}>
              {c.initials}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-b`}>Coder B</label>
        <select
          id={`${id}-b`}
          value={b}
          onChange={(e) => {
            if (e.target.value === a) setA(b);
            setB(e.target.value);
          }}
        >
          {coders.coders.map((c) => (
            <option key={c.id} value={c.id}>
              {c.initials}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-unit`}>Unit</label>
        <select id={`${id}-unit`} value={unit} onChange={(e) => setUnit(e.target.value as Unit)}>
          <option value="answer">each question's note</option>
          <option value="sentence">each sentence</option>
        </select>
        <button type="button" onClick={() => void compute()} disabled={busy}>
          Recompute
        </button>
      </div>
      {result ? (
        <div className="inline-fields">
          <span data-testid="agreement-interviews">
            On {result.interviews.length} interviews ({chosen === null ? 'those given to the second coder, or both coded in' : 'chosen'}).
          </span>
          <button type="button" onClick={() => setChoosing(choosing === null ? new Set(result.interviews.map((i) => i.id)) : null)} aria-expanded={choosing !== null}>
            Choose interviews…
          </button>
          {chosen !== null ? (
            <button type="button" onClick={() => setChosen(null)}>
              Back to the default
            </button>
          ) : null}
        </div>
      ) : null}
      {choosing !== null ? (
        <fieldset>
          <legend>Interviews to compute agreement on</legend>
          <ul className="pick-list">
            {allInterviews.map((i) => (
              <li key={i.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={choosing.has(i.id)}
                    onChange={(e) => {
                      const next = new Set(choosing);
                      if (e.target.checked) next.add(i.id);
                      else next.delete(i.id);
                      setChoosing(next);
                    }}
                  />{' '}
                  {i.respondentCodes.join(', ')} · {i.heldAt.slice(0, 10)}
                </label>
              </li>
            ))}
          </ul>
          <div className="actions compact">
            <button
              type="button"
              disabled={choosing.size === 0}
              onClick={() => {
                setChosen([...choosing]);
                setChoosing(null);
              }}
            >
              Use these {choosing.size}
            </button>
          </div>
        </fieldset>
      ) : null}
      <ErrorMessage message={error} />
      {result ? (
        <>
          <AgreementTable result={result} />
          <div className="actions compact">
            <button type="button" onClick={() => save('agreement.exportXlsx')} disabled={busy}>
              Export .xlsx
            </button>
            <button type="button" onClick={() => save('agreement.exportMarkdown')} disabled={busy}>
              Export Markdown
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const recorded = await call('agreement.recordInCodebook', query);
                  setDone(`Recorded the figures of ${Object.keys(recorded.codes).length} codes in the codebook (shown with each code's definition and in the codebook export).`);
                })
              }
            >
              Record in the codebook
            </button>
          </div>
          {done ? (
            <p className="notice" role="status">
              {done}
            </p>
          ) : null}
          <Disagreements result={result} onChanged={compute} onOpenPlace={onOpenPlace} />
        </>
      ) : null}
    </section>
  );
}

function AgreementTable({ result }: { result: AgreementOutput }) {
  const after = result.decisions > 0;
  const row = (name: string, f: AgreementOutput['overall'], later: AgreementOutput['overall'] | null, key: string) => (
    <tr key={key} data-code={name}>
      <th scope="row">{name}</th>
      <td>{f.units}</td>
      <td>{f.both}</td>
      <td>{f.onlyA}</td>
      <td>{f.onlyB}</td>
      <td>{f.neither}</td>
      <td>{pct(f.percent)}</td>
      <td data-figure="kappa">{fig(f.kappa)}</td>
      <td data-figure="alpha">{fig(f.alpha)}</td>
      {after ? <td data-figure="kappa-after">{fig(later?.kappa ?? f.kappa)}</td> : null}
      {after ? <td data-figure="alpha-after">{fig(later?.alpha ?? f.alpha)}</td> : null}
    </tr>
  );
  return (
    <table className="data-table agreement-table" data-testid="agreement-table">
      <caption>
        <strong>{result.unitDescription}.</strong> Coders {result.coderA.initials} (A) and {result.coderB.initials} (B), {result.interviews.length} interviews, {result.unitCount} units. Weakest codes first.
      </caption>
      <thead>
        <tr>
          <th scope="col">Code</th>
          <th scope="col">Units</th>
          <th scope="col">Both</th>
          <th scope="col">Only {result.coderA.initials}</th>
          <th scope="col">Only {result.coderB.initials}</th>
          <th scope="col">Neither</th>
          <th scope="col">Agreement</th>
          <th scope="col">Cohen's κ</th>
          <th scope="col">Krippendorff's α</th>
          {after ? <th scope="col">κ after adjudication</th> : null}
          {after ? <th scope="col">α after adjudication</th> : null}
        </tr>
      </thead>
      <tbody>
        {result.codes.map((c) => row(c.codePath.join(' › '), c, c.after, c.codeId))}
        {row('All codes (pooled)', result.overall, result.overallAfter, 'overall')}
      </tbody>
    </table>
  );
}

function Disagreements({ result, onChanged, onOpenPlace }: { result: AgreementOutput; onChanged: () => Promise<void>; onOpenPlace: (place: NotePlace) => void }) {
  const [initials, setInitials] = useInitials();
  const [comments, setComments] = useState<Record<string, string>>({});
  const [showSettled, setShowSettled] = useState(true);
  const { busy, error, setError, run } = useAction();
  const list = result.disagreements.filter((d) => showSettled || d.decision === null);
  const open = result.disagreements.filter((d) => d.decision === null).length;
  const decide = (d: DisagreementOutput, decision: Decision) =>
    void run(async () => {
      if (currentInitials() === '') {
        setError('Type your initials first: every decision records who made it.');
        return;
      }
      await call('agreement.adjudicate', { unit: result.unit, noteId: d.noteId, unitStart: d.unitStart, unitEnd: d.unitEnd, codeId: d.codeId, coderA: result.coderA.id, coderB: result.coderB.id, decision, comment: comments[d.key] ?? '', initials: currentInitials() });
      await onChanged();
    });
  return (
    <div className="disagreements" data-testid="disagreements">
      <h3>
        Disagreements: {result.disagreements.length} ({open} to settle)
      </h3>
      <div className="inline-fields">
        <label htmlFor="adjudication-initials">Your initials</label>
        <input id="adjudication-initials" className="initials" maxLength={10} value={initials} onChange={(e) => setInitials(e.target.value)} />
        <label className="check">
          <input type="checkbox" checked={showSettled} onChange={(e) => setShowSettled(e.target.checked)} /> show settled ones
        </label>
      </div>
      <ErrorMessage message={error} />
      <ol className="disagreement-list">
        {list.map((d) => (
          <li key={d.key} data-testid="disagreement" data-code={d.codeName} data-decision={d.decision ?? ''}>
            <p>
              <strong>{d.codeName}</strong> · respondent {d.interviewLabel} · {d.question === '' ? 'general notes' : `question ${d.question}`}{' '}
              <button type="button" className="link" onClick={() => onOpenPlace({ interviewId: d.interviewId, noteId: d.noteId, start: d.unitStart, end: d.unitEnd })}>
                open in the note
              </button>
            </p>
            <blockquote className="unit-text">{clip(d.unitText)}</blockquote>
            <p>
              <span className="badge coder-badge">A {result.coderA.initials}</span> {d.a.length > 0 ? d.a.map((s) => `“${clip(s.text, 160)}”`).join(' · ') : <em>did not code it here</em>}
            </p>
            <p>
              <span className="badge coder-badge coder-other">B {result.coderB.initials}</span> {d.b.length > 0 ? d.b.map((s) => `“${clip(s.text, 160)}”`).join(' · ') : <em>did not code it here</em>}
            </p>
            {d.decision === null ? (
              <div className="inline-fields">
                <label htmlFor={`comment-${d.key}`}>Comment</label>
                <input id={`comment-${d.key}`} className="comment" value={comments[d.key] ?? ''} maxLength={10_000} onChange={(e) => setComments((c) => ({ ...c, [d.key]: e.target.value }))} placeholder="Why (kept on the note, at this text)" />
                {(Object.keys(DECISION_LABEL) as Decision[]).map((k) => (
                  <button key={k} type="button" disabled={busy} onClick={() => decide(d, k)}>
                    {DECISION_LABEL[k]}
                  </button>
                ))}
              </div>
            ) : (
              <p>
                Settled: <strong data-testid="decision">{DECISION_LABEL[d.decision]}</strong>{' '}
                {d.adjudicationId !== null ? (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() =>
                      void run(async () => {
                        await call('agreement.undoDecision', { id: d.adjudicationId as string });
                        await onChanged();
                      })
                    }
                  >
                    Undo decision
                  </button>
                ) : null}
              </p>
            )}
          </li>
        ))}
      </ol>
      {result.disagreements.length === 0 ? <p className="muted">The two coders agree on every unit.</p> : null}
      <DecisionHistory result={result} />
    </div>
  );
}

/** Every decision between these two coders, undone ones too: the record of how the disagreements were settled. */
function DecisionHistory({ result }: { result: AgreementOutput }) {
  const [decisions, setDecisions] = useState<ApiOutput<'agreement.decisions'>['decisions']>([]);
  useEffect(() => {
    void call('agreement.decisions', {}).then((r) => setDecisions(r.decisions));
  }, [result]);
  const pair = new Set([result.coderA.id, result.coderB.id]);
  const mine = decisions.filter((d) => pair.has(d.coderA) && pair.has(d.coderB));
  if (mine.length === 0) return null;
  const names = new Map(result.codes.map((c) => [c.codeId, c.codePath.join(' › ')]));
  const initials = new Map([
    [result.coderA.id, result.coderA.initials],
    [result.coderB.id, result.coderB.initials],
  ]);
  // A decision names its A and B as they were when it was made.
  const label = (d: (typeof mine)[number]) =>
    d.decision === 'accept-a' ? `accept ${initials.get(d.coderA) ?? 'A'}` : d.decision === 'accept-b' ? `accept ${initials.get(d.coderB) ?? 'B'}` : d.decision === 'keep-both' ? 'keep both' : 'neither';
  return (
    <details className="decision-history" data-testid="decision-history">
      <summary>Decision history ({mine.length})</summary>
      <ol>
        {mine.map((d) => (
          <li key={d.id} data-undone={d.undoneAt !== null}>
            {d.decidedAt.slice(0, 16).replace('T', ' ')} · {d.initials} · {names.get(d.codeId) ?? 'code'} ({d.unit === 'answer' ? 'answer' : 'sentence'}): <strong>{label(d)}</strong>
            {d.removedCodings > 0 ? `, ${d.removedCodings} segment(s) removed` : ''}
            {d.comment !== '' ? ` — “${clip(d.comment, 120)}”` : ''}
            {d.undoneAt !== null ? <em> (undone {d.undoneAt.slice(0, 16).replace('T', ' ')})</em> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}
