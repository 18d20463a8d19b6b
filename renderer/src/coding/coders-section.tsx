/** The project's coders on the Second coder screen: who has coded how much, whom this file codes as, and adding one. */
import { useState } from 'react';
import { ErrorMessage, Field } from '../components/form';
import { useMutation } from '../use-api';
import type { CoderList } from './coding-basics';

export function CodersSection({ id, coders, onChanged }: { id: string; coders: CoderList; onChanged: () => Promise<void> }) {
  const [initials, setInitials] = useState('');
  const [name, setName] = useState('');
  const create = useMutation('coders.create');
  const setCopyCoder = useMutation('coders.setCopyCoder');
  const busy = create.running || setCopyCoder.running;
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
              void setCopyCoder.run({ coderId: e.target.value === '' ? null : e.target.value }).then((done) => done && onChanged())
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
          void create.run({ initials: initials.trim(), ...(name.trim() !== '' ? { name: name.trim() } : {}) }).then((made) => {
            if (made === null) return;
            setInitials('');
            setName('');
            return onChanged();
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
      <ErrorMessage message={create.error ?? setCopyCoder.error} />
    </section>
  );
}
