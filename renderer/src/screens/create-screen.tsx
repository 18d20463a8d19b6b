import { useState } from 'react';
import type { ProjectInfo } from '../../../shared/api/contract';
import { checkPassphrase, randomWords } from '../../../shared/api/passphrase';
import { call } from '../api';
import { ErrorMessage, Field } from '../components/form';
import { useAction } from '../use-async';

function fileNameFor(title: string): string {
  const slug = title
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug ? `${slug}.fieldnote` : '';
}

export function CreateScreen({ onCreated, onCancel }: { onCreated: (info: ProjectInfo) => void; onCancel: () => void }) {
  const [title, setTitle] = useState('');
  const [fileName, setFileName] = useState('');
  const [fileNameEdited, setFileNameEdited] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const { busy, error, setError, run } = useAction();
  const [suggestion] = useState(() => randomWords());
  const strength = checkPassphrase(passphrase, suggestion);
  const effectiveFileName = fileNameEdited ? fileName : fileNameFor(title);

  return (
    <main className="screen narrow" data-screen="create">
      <h1>New project</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!strength.ok) return setError(strength.hint);
          if (passphrase !== confirm) return setError('The two passphrases differ. Type the same passphrase twice.');
          void run(async () => {
            const info = await call('project.create', { path: effectiveFileName, title, passphrase, passphraseConfirm: confirm });
            setPassphrase('');
            setConfirm('');
            onCreated(info);
          });
        }}
      >
        <Field label="Project title" htmlFor="title">
          <input id="title" value={title} onChange={(e) => setTitle(e.target.value)} required autoFocus />
        </Field>
        <Field label="File name" htmlFor="file-name" hint="The project is one encrypted file. Its name is visible to anyone who sees the folder, so keep names and places out of it.">
          <input
            id="file-name"
            value={effectiveFileName}
            onChange={(e) => {
              setFileNameEdited(true);
              setFileName(e.target.value);
            }}
            required
          />
        </Field>
        <Field
          label="Passphrase"
          htmlFor="passphrase"
          hint={
            <span data-testid="strength" data-strength={strength.strength}>
              {passphrase ? strength.hint : 'At least 12 characters. A few unrelated random words are easy to type and hard to guess. It cannot be recovered if lost.'}
            </span>
          }
        >
          <input id="passphrase" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
        </Field>
        <Field label="Passphrase again" htmlFor="passphrase-confirm">
          <input id="passphrase-confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required />
        </Field>
        <ErrorMessage message={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create project'}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </main>
  );
}
