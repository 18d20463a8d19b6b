import { useState } from 'react';
import { call } from '../api';
import { ErrorMessage, Field } from '../components/form';
import { useAction } from '../use-async';

/** A complete encrypted copy elsewhere: the way out of a read-only or full disk. */
export function SaveCopyForm({ fileName }: { fileName: string }) {
  const [path, setPath] = useState(fileName.replace(/\.fieldnote$/, '-copy.fieldnote'));
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          const saved = await call('project.saveCopy', { path });
          setDone(`Saved ${saved.fileName} (same passphrase). Open it from the start screen to keep working.`);
        });
      }}
    >
      <Field label="Save a copy as" htmlFor="save-copy-path" hint="A file name (in your projects folder) or a full path to another disk or folder.">
        <input id="save-copy-path" value={path} onChange={(e) => setPath(e.target.value)} required />
      </Field>
      <ErrorMessage message={error} />
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        Save a copy
      </button>
    </form>
  );
}
