/** A copy of the project for a second coder: chosen interviews (all, a seeded sample, or picked), blind or not, its own passphrase. */
import { useEffect, useState } from 'react';
import { call } from '../api';
import { ErrorMessage, Field } from '../components/form';
import { useAction } from '../use-async';
import { useQuery } from '../use-api';
import type { CoderList } from './coding-basics';

export function PrepareCopySection({ id, coders }: { id: string; coders: CoderList }) {
  const [coderId, setCoderId] = useState('');
  const [mode, setMode] = useState<'all' | 'sample' | 'picked'>('sample');
  const [size, setSize] = useState('5');
  const [seed, setSeed] = useState(() => String(Math.floor(Math.random() * 100_000)));
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [blind, setBlind] = useState(true);
  const [fileName, setFileName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const listed = useQuery('interview.list', {});
  const interviews = listed.data?.interviews ?? [];
  useEffect(() => {
    // A sample cannot be larger than the project.
    if (listed.data) setSize((current) => String(Math.max(1, Math.min(Number(current) || 1, listed.data?.interviews.length ?? 1))));
  }, [listed.data]);
  const coder = coders.coders.find((c) => c.id === coderId);
  const project = useQuery('project.info', {});
  useEffect(() => {
    // The copy's file is named after this project and the coder, until the user types another name.
    if (coder !== undefined && project.data) setFileName(`${project.data.fileName.replace(/\.fieldnote$/, '')}-${coder.initials.replace(/[^A-Za-z0-9_-]/g, '')}.fieldnote`);
  }, [coder, project.data]);

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
