/**
 * Double coding: the project's coders, a copy for a second coder (chosen interviews, blind or
 * not, its own passphrase), the agreement table between two coders (unit stated, weakest codes
 * first, before and after adjudication, .xlsx and Markdown) and the disagreements to settle.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { call } from '../api';
import { ErrorMessage } from '../components/form';
import { base64ToBytes, downloadFile } from '../download';
import { useOpenPlace } from '../navigation';
import { useAction } from '../use-async';
import { useMutation, useQuery } from '../use-api';
import { AgreementTable } from './agreement-table';
import { CodersSection } from './coders-section';
import { CodingNav } from './coding-nav';
import type { CoderList } from './coding-basics';
import { Disagreements } from './disagreements';
import type { NotePlace } from './note-place';
import { PrepareCopySection } from './prepare-copy-section';

type Unit = 'answer' | 'sentence';
const NO_CODERS: CoderList = { coders: [], copyCoderId: null };

export function AgreementScreen() {
  const id = useId();
  const onOpenPlace = useOpenPlace();
  const listed = useQuery('coders.list', {});
  const coders = listed.data ?? NO_CODERS;
  const reloadCoders = async () => void (await listed.reload());

  return (
    <main className="screen wide agreement-screen" data-screen="agreement">
      <div className="screen-head">
        <h1>Second coder and agreement</h1>
        <div className="actions compact">
          <CodingNav current="agreement" />
        </div>
      </div>
      <ErrorMessage message={listed.error} />
      <AgreementSection id={id} coders={coders} onOpenPlace={onOpenPlace} />
      <PrepareCopySection id={id} coders={coders} />
      <CodersSection id={id} coders={coders} onChanged={reloadCoders} />
    </main>
  );
}

function AgreementSection({ id, coders, onOpenPlace }: { id: string; coders: CoderList; onOpenPlace: (place: NotePlace) => void }) {
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [unit, setUnit] = useState<Unit>('answer');
  const [done, setDone] = useState<string | null>(null);
  const { busy: saving, error, run } = useAction();
  const record = useMutation('agreement.recordInCodebook');
  const busy = saving || record.running;
  const withCodings = useMemo(() => coders.coders.filter((c) => c.codings > 0), [coders]);
  /** Interviews chosen by hand; null: those given to the second coder (else those both coded in). */
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [choosing, setChoosing] = useState<Set<string> | null>(null);
  const allInterviews = useQuery('interview.list', {}).data?.interviews ?? [];
  const query = useMemo(() => ({ unit, ...(a !== '' && b !== '' ? { coders: [a, b] as [string, string] } : {}), ...(chosen !== null ? { interviewIds: chosen } : {}) }), [a, b, unit, chosen]);

  // Agreement needs two coders who have coded; the figures load again when the choice changes.
  const computed = useQuery('agreement.compute', withCodings.length >= 2 ? query : null);
  const result = computed.error === null ? computed.data : null;
  const compute = async () => void (await computed.reload());
  useEffect(() => {
    // The services pick the pair when none is chosen: show which.
    if (computed.data) {
      setA(computed.data.coderA.id);
      setB(computed.data.coderB.id);
    }
  }, [computed.data]);

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
      <ErrorMessage message={computed.error ?? record.error ?? error} />
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
                void record.run(query).then((recorded) => recorded && setDone(`Recorded the figures of ${Object.keys(recorded.codes).length} codes in the codebook (shown with each code's definition and in the codebook export).`))
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
