import { useState } from 'react';
import { call } from '../api';
import { ErrorMessage, Field } from '../components/form';
import { useAction } from '../use-async';

/** Deletes the project file and its backups after the title is typed; honest about SSDs. */
export function DestroyProject({ title, onDestroyed }: { title: string; onDestroyed: () => void }) {
  const [typed, setTyped] = useState('');
  const { busy, error, run } = useAction();
  return (
    <section aria-labelledby="destroy-heading" className="danger-zone">
      <h2 id="destroy-heading">Destroy this project</h2>
      <p>
        Deletes the project file and its automatic backups from this computer. Copies elsewhere (a colleague's laptop, a USB stick, exports) are not
        touched. On SSDs and flash drives deleted data can remain in the drive's spare blocks; it stays encrypted with this project's passphrase.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            await call('project.destroy', { confirmTitle: typed });
            onDestroyed();
          });
        }}
      >
        <Field label={`Type the project's title to confirm: ${title}`} htmlFor="destroy-confirm">
          <input id="destroy-confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
        </Field>
        <ErrorMessage message={error} />
        <button type="submit" className="danger" disabled={busy || typed.trim() !== title.trim()}>
          Destroy project
        </button>
      </form>
    </section>
  );
}
