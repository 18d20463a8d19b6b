import { useEffect, useState } from 'react';
import type { ProjectSettings } from '../../../shared/api/contract';
import { call } from '../api';
import { ErrorMessage, Field } from '../components/form';
import { useAction } from '../use-async';

type ListKey = 'agencyGroups' | 'organisationTypes' | 'focusOfWork' | 'locations';
const LISTS: { key: ListKey; title: string }[] = [
  { key: 'agencyGroups', title: 'Agency groups' },
  { key: 'organisationTypes', title: 'Organisation types' },
  { key: 'focusOfWork', title: 'Focus of work' },
  // Location numbers stay free at intake; this list names them in tables and exports.
  { key: 'locations', title: 'Locations (number and place name)' },
];

/** The attribute lists the team edits (used at intake, in filters and in exports) and the ID prefix. */
export function ProjectSettingsSection() {
  const [settings, setSettings] = useState<ProjectSettings | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    void call('projectSettings.get', {}).then(setSettings);
  }, []);
  if (!settings) return null;

  const updateList = (key: ListKey, index: number, field: 'code' | 'label', value: string) =>
    setSettings({ ...settings, [key]: settings[key].map((o, i) => (i === index ? { ...o, [field]: value } : o)) });

  return (
    <section aria-labelledby="project-settings-heading">
      <h2 id="project-settings-heading">Respondent attributes</h2>
      <p className="hint">Choices offered at intake, used for filters and written to exports (codes in the data, labels as value labels).</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            setSettings(await call('projectSettings.set', settings));
            setSaved('Saved.');
          });
        }}
      >
        <Field label="Respondent ID prefix (optional)" htmlFor="id-prefix" hint="Printed before each respondent number, e.g. R gives R12. Numbers stay the same.">
          <input id="id-prefix" value={settings.idPrefix} maxLength={10} onChange={(e) => setSettings({ ...settings, idPrefix: e.target.value })} />
        </Field>
        {LISTS.map(({ key, title }) => (
          <fieldset key={key} className="attribute-list">
            <legend>{title}</legend>
            <table className="choices-table">
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Label</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {settings[key].map((option, index) => (
                  <tr key={index}>
                    <td>
                      <input aria-label={`${title} ${index + 1} code`} className="code-input" value={option.code} onChange={(e) => updateList(key, index, 'code', e.target.value)} />
                    </td>
                    <td>
                      <input aria-label={`${title} ${index + 1} label`} value={option.label} onChange={(e) => updateList(key, index, 'label', e.target.value)} />
                    </td>
                    <td>
                      <button type="button" onClick={() => setSettings({ ...settings, [key]: settings[key].filter((_, i) => i !== index) })}>
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="button" onClick={() => setSettings({ ...settings, [key]: [...settings[key], { code: `new${settings[key].length + 1}`, label: 'New' }] })}>
              Add to {title.toLowerCase()}
            </button>
          </fieldset>
        ))}
        <ErrorMessage message={error} />
        <p className="hint" role="status">
          {saved}
        </p>
        <button type="submit" disabled={busy}>
          Save attributes
        </button>
      </form>
    </section>
  );
}
