/** Settings → Backups: the list with dates, Back up now, restore (after typing the passphrase), interval and how many to keep. */
import { useCallback, useEffect, useState } from 'react';
import type { ProjectInfo } from '../../../shared/api/contract';
import type { BackupEntryOutput, BackupSettingsInput } from '../../../shared/api/team';
import { call } from '../api';
import { ErrorMessage, Field } from '../components/form';
import { useAction } from '../use-async';

const INTERVALS = [5, 10, 15, 30, 60, 0];

export function BackupsSection({ onRestored }: { onRestored: (info: ProjectInfo) => void }) {
  const [state, setState] = useState<{ folder: string; settings: BackupSettingsInput; backups: BackupEntryOutput[]; lastError: string | null } | null>(null);
  const [restoring, setRestoring] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const load = useCallback(() => void call('backups.list', {}).then(setState), []);
  useEffect(load, [load]);
  if (!state) return null;
  const save = (settings: BackupSettingsInput) => void run(async () => setState({ ...state, settings: await call('backups.setSettings', settings) }));

  return (
    <section aria-labelledby="backups-heading" data-testid="backups-section">
      <h2 id="backups-heading">Backups</h2>
      <p>
        Encrypted copies (same passphrase) in <code>{state.folder}</code>, made while the project is open and when it closes.
      </p>
      <div className="row">
        <Field label="Back up every" htmlFor="backup-interval">
          <select id="backup-interval" value={state.settings.intervalMinutes} onChange={(e) => save({ ...state.settings, intervalMinutes: Number(e.target.value) })}>
            {INTERVALS.map((m) => (
              <option key={m} value={m}>
                {m === 0 ? 'Only when closing' : `${m} minutes`}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Keep the last" htmlFor="backup-keep">
          <input id="backup-keep" type="number" min={1} max={100} value={state.settings.keep} onChange={(e) => save({ ...state.settings, keep: Math.max(1, Math.min(100, Number(e.target.value) || 1)) })} />
        </Field>
      </div>
      {state.lastError ? <p className="error">The last automatic backup failed: {state.lastError}</p> : null}
      <div className="actions compact">
        <button type="button" disabled={busy} onClick={() => void run(async () => (await call('backups.make', {}), setDone('Backup made.'), load()))}>
          Back up now
        </button>
      </div>
      {state.backups.length === 0 ? (
        <p>No backups yet.</p>
      ) : (
        <ul data-testid="backup-list">
          {state.backups.map((b) => (
            <li key={b.fileName}>
              {new Date(b.madeAt).toLocaleString()} · {Math.round(b.size / 1024)} KB{' '}
              <button type="button" onClick={() => setRestoring(b.fileName)} aria-label={`Restore the backup of ${new Date(b.madeAt).toLocaleString()}`}>
                Restore…
              </button>
            </li>
          ))}
        </ul>
      )}
      {restoring ? (
        <form
          className="notice"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              const r = await call('backups.restore', { fileName: restoring, passphrase });
              setPassphrase('');
              setRestoring(null);
              setDone(`Restored ${r.restoredFrom}. The state before was kept as ${r.savedCurrentAs ?? 'nothing'}.`);
              onRestored(r.info);
              load();
            });
          }}
        >
          <p>The project will be replaced by this backup. Its current state is kept as a backup first, so this can be undone.</p>
          <Field label="Passphrase" htmlFor="restore-passphrase">
            <input id="restore-passphrase" type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
          </Field>
          <div className="actions compact">
            <button type="submit" className="primary" disabled={busy}>
              Restore this backup
            </button>
            <button type="button" onClick={() => setRestoring(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <ErrorMessage message={error} />
      {done ? (
        <p className="notice" role="status" data-testid="backup-done">
          {done}
        </p>
      ) : null}
    </section>
  );
}
