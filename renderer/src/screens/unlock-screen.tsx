import { useState } from 'react';
import type { ProjectInfo } from '../../../shared/api/contract';
import { ApiCallError, call } from '../api';
import { RestoreDamaged } from '../team/restore-damaged';
import { ErrorMessage, Field } from '../components/form';
import { useAction } from '../use-async';

export interface UnlockTarget {
  fileName: string;
  /** Set when opening a file; absent when unlocking the project that was locked. */
  path?: string;
  reason?: string;
}

export function UnlockScreen({ target, onUnlocked, onCancel }: { target: UnlockTarget; onUnlocked: (info: ProjectInfo) => void; onCancel: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const { busy, error, run } = useAction();
  const [damaged, setDamaged] = useState(false);

  return (
    <main className="screen narrow" data-screen="unlock">
      <h1>{target.path ? 'Open project' : 'Project locked'}</h1>
      <p className="lead">
        <strong data-testid="unlock-file">{target.fileName}</strong>
      </p>
      {target.reason ? <p className="notice">{target.reason}</p> : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            setDamaged(false);
            const info = await (target.path ? call('project.open', { path: target.path, passphrase }) : call('project.unlock', { passphrase })).catch((e: unknown) => {
              if (e instanceof ApiCallError && e.error.code === 'damaged_project') setDamaged(true);
              throw e;
            });
            setPassphrase('');
            onUnlocked(info);
          });
        }}
      >
        <Field label="Passphrase" htmlFor="unlock-passphrase">
          <input id="unlock-passphrase" type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required autoFocus />
        </Field>
        <ErrorMessage message={error} />
        {damaged ? <RestoreDamaged path={target.path} passphrase={passphrase} onRestored={onUnlocked} /> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Unlocking…' : 'Unlock'}
          </button>
          <button type="button" onClick={onCancel}>
            {target.path ? 'Back' : 'Close project'}
          </button>
        </div>
      </form>
    </main>
  );
}
