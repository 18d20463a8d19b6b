import { useState } from 'react';
import type { Schedule } from '../../../shared/schedule/model';
import { updateChoiceList } from './schedule-edit';
import { textColumns, withText } from './item-editor';

export function ChoiceListsEditor({ schedule, onChange }: { schedule: Schedule; onChange: (next: Schedule) => void }) {
  const [selected, setSelected] = useState(schedule.choiceLists[0]?.name ?? '');
  const [newList, setNewList] = useState('');
  const list = schedule.choiceLists.find((l) => l.name === selected);
  const languages = textColumns(schedule, list?.choices.map((choice) => choice.label) ?? []);

  return (
    <section aria-label="Choice lists" className="choice-lists">
      <div className="row-fields">
        <div className="field">
          <label htmlFor="choice-list">Choice list</label>
          <select id="choice-list" value={selected} onChange={(e) => setSelected(e.target.value)}>
            {schedule.choiceLists.map((l) => (
              <option key={l.name} value={l.name}>
                {l.name} ({l.choices.length})
              </option>
            ))}
          </select>
        </div>
        <form
          className="field inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const name = newList.trim();
            if (!name || schedule.choiceLists.some((l) => l.name === name)) return;
            onChange({ ...schedule, choiceLists: [...schedule.choiceLists, { name, choices: [] }] });
            setSelected(name);
            setNewList('');
          }}
        >
          <label htmlFor="new-list" className="visually-hidden">
            New list name
          </label>
          <input id="new-list" value={newList} onChange={(e) => setNewList(e.target.value)} placeholder="new list name" />
          <button type="submit">Add list</button>
        </form>
      </div>
      {list ? (
        <table className="choices-table">
          <thead>
            <tr>
              <th scope="col">Code</th>
              {languages.map((l) => (
                <th scope="col" key={l.key}>
                  {l.title}
                </th>
              ))}
              <th scope="col">Missing for statistics</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {list.choices.map((choice, index) => (
              <tr key={index}>
                <td>
                  <input
                    aria-label={`Code of choice ${index + 1}`}
                    value={choice.name}
                    className="code-input"
                    onChange={(e) => onChange(updateChoiceList(schedule, list.name, (cs) => cs.map((c, i) => (i === index ? { ...c, name: e.target.value } : c))))}
                  />
                </td>
                {languages.map((l) => (
                  <td key={l.key}>
                    <input
                      aria-label={`Label of choice ${index + 1} (${l.title})`}
                      lang={l.lang}
                      value={choice.label[l.key] ?? ''}
                      onChange={(e) =>
                        onChange(updateChoiceList(schedule, list.name, (cs) => cs.map((c, i) => (i === index ? { ...c, label: withText(c.label, l.key, e.target.value) } : c))))
                      }
                    />
                  </td>
                ))}
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Choice ${index + 1} is a missing-value code (e.g. Don't know)`}
                    checked={choice.missing}
                    onChange={(e) => onChange(updateChoiceList(schedule, list.name, (cs) => cs.map((c, i) => (i === index ? { ...c, missing: e.target.checked } : c))))}
                  />
                </td>
                <td>
                  <button type="button" onClick={() => onChange(updateChoiceList(schedule, list.name, (cs) => cs.filter((_, i) => i !== index)))}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No choice lists yet.</p>
      )}
      {list ? (
        <button type="button" onClick={() => onChange(updateChoiceList(schedule, list.name, (cs) => [...cs, { name: String(cs.length + 1), label: {}, missing: false, extra: {} }]))}>
          Add choice
        </button>
      ) : null}
    </section>
  );
}
