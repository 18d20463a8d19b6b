import { useEffect, useState } from 'react';
import type { ProjectInfo } from '../../../shared/api/contract';
import { checkPassphrase, randomWords } from '../../../shared/api/passphrase';
import { call } from '../api';
import { ErrorMessage, Field } from '../components/form';
import { useAction } from '../use-async';
import { DestroyProject } from './destroy-project';
import { ProjectSettingsSection } from './project-settings';
import { BackupsSection } from '../team/backups-section';

const AUTO_LOCK_CHOICES = [1, 5, 10, 15, 30, 60, 0];

export function SettingsScreen({ info, onDone, onInfo, onDestroyed }: { info: ProjectInfo | null; onDone: () => void; onInfo: (info: ProjectInfo) => void; onDestroyed: () => void }) {
  const [minutes, setMinutes] = useState<number | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [rekeyDone, setRekeyDone] = useState<string | null>(null);
  const [oldBackups, setOldBackups] = useState<'reencrypt' | 'delete'>('reencrypt');
  const [suggestion] = useState(() => randomWords());
  const settings = useAction();
  const rekey = useAction();
  const strength = checkPassphrase(next, suggestion);

  useEffect(() => {
    void call('settings.get', {}).then((s) => setMinutes(s.autoLockMinutes));
  }, []);

  return (
    <main className="screen narrow" data-screen="settings">
      <h1>Settings</h1>
      <section aria-labelledby="autolock-heading">
        <h2 id="autolock-heading">Auto-lock</h2>
        <Field label="Lock the project after this long without activity" htmlFor="auto-lock">
          <select
            id="auto-lock"
            value={minutes ?? 10}
            onChange={(e) => {
              const value = Number(e.target.value);
              setMinutes(value);
              void settings.run(async () => {
                await call('settings.set', { autoLockMinutes: value });
                setSaved('Saved.');
              });
            }}
          >
            {AUTO_LOCK_CHOICES.map((m) => (
              <option key={m} value={m}>
                {m === 0 ? 'Never (not recommended)' : m === 1 ? '1 minute' : `${m} minutes`}
              </option>
            ))}
          </select>
        </Field>
        <p className="hint" role="status">
          {saved}
        </p>
        <ErrorMessage message={settings.error} />
      </section>

      {info && !info.readOnly ? (
        <section aria-labelledby="rekey-heading">
          <h2 id="rekey-heading">Change passphrase</h2>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!strength.ok) return rekey.setError(strength.hint);
              if (next !== confirm) return rekey.setError('The two new passphrases differ.');
              void rekey.run(async () => {
                const changed = await call('project.changePassphrase', { current, next, nextConfirm: confirm, oldBackups });
                onInfo(changed);
                setCurrent('');
                setNext('');
                setConfirm('');
                const { reencrypted, deleted, newBackup } = changed.oldBackups;
                const old =
                  changed.oldBackups.choice === 'reencrypt'
                    ? `${plural(reencrypted, 'old backup')} re-encrypted with the new passphrase${deleted ? `; ${plural(deleted, 'backup')} under an older passphrase deleted` : ''}`
                    : `${plural(deleted, 'old backup')} deleted`;
                setRekeyDone(`Passphrase changed. ${old}; new backup ${newBackup} made. Tell your team members who open this file.`);
              });
            }}
          >
            <Field label="Current passphrase" htmlFor="rekey-current">
              <input id="rekey-current" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
            </Field>
            <Field label="New passphrase" htmlFor="rekey-next" hint={next ? strength.hint : undefined}>
              <input id="rekey-next" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required />
            </Field>
            <Field label="New passphrase again" htmlFor="rekey-confirm">
              <input id="rekey-confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required />
            </Field>
            <fieldset className="radio-row" data-testid="old-backups">
              <legend>Backups made with the old passphrase</legend>
              <label className="inline-check">
                <input type="radio" name="old-backups" value="reencrypt" checked={oldBackups === 'reencrypt'} onChange={() => setOldBackups('reencrypt')} />
                Re-encrypt them with the new passphrase (keeps the history)
              </label>
              <label className="inline-check">
                <input type="radio" name="old-backups" value="delete" checked={oldBackups === 'delete'} onChange={() => setOldBackups('delete')} />
                Delete them
              </label>
              <p className="hint">Either way no backup opens with the old passphrase any more, and a new backup is made at once.</p>
            </fieldset>
            <ErrorMessage message={rekey.error} />
            <p className="hint" role="status" data-testid="rekey-done">
              {rekeyDone}
            </p>
            <div className="actions">
              <button type="submit" disabled={rekey.busy}>
                {rekey.busy ? 'Changing…' : 'Change passphrase'}
              </button>
            </div>
          </form>
        </section>
      ) : null}
      {info && !info.readOnly ? <ProjectSettingsSection /> : null}
      {info && !info.readOnly ? <BackupsSection onRestored={onInfo} /> : null}
      {info && !info.readOnly ? <DestroyProject title={info.title} onDestroyed={onDestroyed} /> : null}
      <div className="actions">
        <button type="button" onClick={onDone}>
          Back
        </button>
      </div>
    </main>
  );
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
