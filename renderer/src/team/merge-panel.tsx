/**
 * Merging another project file: choose it and type its passphrase → preview (added, updated,
 * in conflict, ID clashes) → confirm (with the choice for ID clashes) → the conflicts to resolve.
 */
import { useCallback, useEffect, useState } from 'react';
import type { MergeConflict, MergeReport } from '../../../shared/api/team';
import { call } from '../api';
import { ErrorMessage, Field } from '../components/form';
import { useAction } from '../use-async';

function totals(report: MergeReport) {
  const t = Object.values(report.tables);
  return { added: t.reduce((n, x) => n + x.added, 0), updated: t.reduce((n, x) => n + x.updated, 0), conflicts: report.conflicts.filter((c) => c.status === 'open').length };
}

export function MergePanel({ onChanged }: { onChanged: () => void }) {
  const [path, setPath] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [preview, setPreview] = useState<MergeReport | null>(null);
  const [renumber, setRenumber] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [conflicts, setConflicts] = useState<MergeConflict[]>([]);
  const { busy, error, run } = useAction();

  const loadConflicts = useCallback(() => void call('merge.conflicts', {}).then((r) => setConflicts(r.conflicts)), []);
  useEffect(loadConflicts, [loadConflicts]);

  return (
    <section aria-labelledby="merge-heading" data-testid="merge-panel">
      <h2 id="merge-heading">Merge another project</h2>
      <p>Bring in the interviews, notes, codes and memos of a colleague's copy. You see what will change first; a backup is made before anything is written.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            setDone(null);
            setPreview(await call('merge.preview', { path, passphrase }));
            setRenumber(false);
          });
        }}
      >
        <Field label="Other project file" htmlFor="merge-path" hint="A file name in your projects folder or a full path.">
          <input id="merge-path" value={path} onChange={(e) => setPath(e.target.value)} required />
        </Field>
        <Field label="Its passphrase" htmlFor="merge-passphrase">
          <input id="merge-passphrase" type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
        </Field>
        <div className="actions compact">
          <button type="submit" disabled={busy}>
            Preview merge
          </button>
        </div>
      </form>
      {preview ? (
        <div className="notice" data-testid="merge-preview">
          <h3>What the merge will do</h3>
          <p data-testid="merge-totals">
            {totals(preview).added} added, {totals(preview).updated} updated, {totals(preview).conflicts} in conflict.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Records</th>
                <th scope="col">Added</th>
                <th scope="col">Updated</th>
                <th scope="col">In conflict</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(preview.tables)
                .filter(([, c]) => c.added + c.updated + c.conflicts > 0)
                .map(([table, c]) => (
                  <tr key={table}>
                    <th scope="row">{table}</th>
                    <td>{c.added}</td>
                    <td>{c.updated}</td>
                    <td>{c.conflicts}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          {preview.conflicts.filter((c) => c.status === 'open').length > 0 ? (
            <ul>
              {preview.conflicts
                .filter((c) => c.status === 'open')
                .map((c) => (
                  <li key={c.id}>
                    {c.label}: {c.detail}
                  </li>
                ))}
            </ul>
          ) : null}
          {preview.respondentClashes.length > 0 ? (
            <fieldset data-testid="merge-clashes">
              <legend>Respondent ID clashes</legend>
              <p>These respondent IDs were issued on both laptops to different people:</p>
              <ul>
                {preview.respondentClashes.map((c) => (
                  <li key={c.participantId}>
                    Incoming {c.respondentCode} would become {c.newCode}
                  </li>
                ))}
              </ul>
              <label>
                <input type="checkbox" checked={renumber} onChange={(e) => setRenumber(e.target.checked)} /> Renumber the incoming respondents from the next free number
              </label>
            </fieldset>
          ) : null}
          <div className="actions compact">
            <button
              type="button"
              className="primary"
              disabled={busy || (preview.respondentClashes.length > 0 && !renumber)}
              onClick={() =>
                void run(async () => {
                  const applied = await call('merge.apply', { path, passphrase, ...(renumber ? { respondentClashes: 'renumber-incoming' as const } : {}) });
                  const t = totals(applied);
                  setPreview(null);
                  setPassphrase('');
                  setDone(`Merged: ${t.added} added, ${t.updated} updated, ${t.conflicts} conflict(s) to resolve. Backup made first: ${applied.backup}.`);
                  loadConflicts();
                  onChanged();
                })
              }
            >
              Merge now
            </button>
            <button type="button" onClick={() => setPreview(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      <ErrorMessage message={error} />
      {done ? (
        <p className="notice" role="status" data-testid="merge-done">
          {done}
        </p>
      ) : null}
      {conflicts.length > 0 ? (
        <div data-testid="merge-conflicts">
          <h3>Conflicts to resolve</h3>
          <p>Both projects changed these. This project's version is in use; choose which to keep.</p>
          <ul>
            {conflicts.map((c) => (
              <li key={c.id}>
                <strong>{c.label}</strong> ({c.source}): {c.detail}
                {c.fields.length > 0 ? (
                  <ul>
                    {c.fields.map((f) => (
                      <li key={f.name}>
                        {f.name}: here “{f.local.slice(0, 120)}”, theirs “{f.incoming.slice(0, 120)}”
                      </li>
                    ))}
                  </ul>
                ) : null}
                <div className="actions compact">
                  <button type="button" disabled={busy} onClick={() => void run(async () => (await call('merge.resolve', { id: c.id, choice: 'keep-local' }), loadConflicts(), onChanged()))}>
                    Keep this project's version
                  </button>
                  <button type="button" disabled={busy} onClick={() => void run(async () => (await call('merge.resolve', { id: c.id, choice: 'take-incoming' }), loadConflicts(), onChanged()))}>
                    Use theirs
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
