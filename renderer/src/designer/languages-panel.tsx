/**
 * The schedule's languages: how many labels each still lacks, add, rename, remove, copy one
 * language's texts into another as a translator's starting point, and which one ODK opens in.
 */
import { useState } from 'react';
import { defaultLanguageKey, languageKey, languageSuffix, type Language, type Schedule } from '../../../shared/schedule/model';
import { LanguageEditError, addLanguage, copyLanguage, missingLabelCounts, removeLanguage, renameLanguage } from '../../../shared/schedule/language-edit';

/** "Khmer (km)" → { name: 'Khmer', code: 'km' }; "Khmer" → no code. */
function parseInput(text: string): Language {
  const match = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(text.trim());
  return match ? { name: match[1]!.trim(), code: match[2]!.trim() } : { name: text.trim(), code: '' };
}

export function LanguagesPanel({ schedule, onChange }: { schedule: Schedule; onChange: (next: Schedule) => void }) {
  const [message, setMessage] = useState('');
  const [newLanguage, setNewLanguage] = useState('');
  const [renaming, setRenaming] = useState<{ key: string; text: string } | null>(null);
  const keys = schedule.languages.map(languageKey);
  const [copyFrom, setCopyFrom] = useState(keys[0] ?? '');
  const [copyTo, setCopyTo] = useState(keys[1] ?? keys[0] ?? '');
  const counts = missingLabelCounts(schedule);
  const nameOf = (key: string) => schedule.languages.find((l) => languageKey(l) === key)?.name ?? key;

  const attempt = (edit: () => Schedule, done: string) => {
    try {
      onChange(edit());
      setMessage(done);
    } catch (error) {
      if (!(error instanceof LanguageEditError)) throw error;
      setMessage(error.message);
    }
  };

  return (
    <section aria-label="Languages" className="languages-panel" data-testid="languages">
      {schedule.languages.length === 0 ? <p className="muted">The schedule has one language (no language columns).</p> : null}
      <ul className="language-list">
        {schedule.languages.map((language) => {
          const key = languageKey(language);
          const count = counts.get(key);
          return (
            <li key={key} data-language={key}>
              {renaming?.key === key ? (
                <form
                  className="inline-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    attempt(() => renameLanguage(schedule, key, parseInput(renaming.text)), `Renamed to ${renaming.text}.`);
                    setRenaming(null);
                  }}
                >
                  <label htmlFor={`rename-${key}`} className="visually-hidden">
                    New name for {language.name}
                  </label>
                  <input id={`rename-${key}`} value={renaming.text} autoFocus onChange={(e) => setRenaming({ key, text: e.target.value })} />
                  <button type="submit">Save</button>
                  <button type="button" onClick={() => setRenaming(null)}>
                    Cancel
                  </button>
                </form>
              ) : (
                <strong>{languageSuffix(language) || language.name}</strong>
              )}
              {key === defaultLanguageKey(schedule) ? <span className="badge">default</span> : null}
              <div>
                Labels missing: <span data-testid={`missing-${key}`}>{count ? `${count.missing} of ${count.total}` : '–'}</span>
              </div>
              <div className="actions compact">
                <button type="button" onClick={() => setRenaming({ key, text: languageSuffix(language) || language.name })} aria-label={`Rename ${language.name}`}>
                  Rename
                </button>
                <button type="button" onClick={() => attempt(() => ({ ...schedule, defaultLanguage: key }), `ODK opens the form in ${language.name}.`)} aria-label={`Make default: ${language.name}`} disabled={key === defaultLanguageKey(schedule)}>
                  Make default
                </button>
                <button
                  type="button"
                  aria-label={`Remove ${language.name}`}
                  onClick={() => {
                    if (window.confirm(`Remove ${language.name} and all its texts from the schedule?`)) attempt(() => removeLanguage(schedule, key), `Removed ${language.name}.`);
                  }}
                >
                  Remove
                </button>
              </div>
            </li>
          );
        })}
      </ul>

      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          attempt(() => addLanguage(schedule, parseInput(newLanguage)), `Added ${newLanguage}: its label column is empty until you fill it.`);
          setNewLanguage('');
        }}
      >
        <label htmlFor="new-language">Add a language</label>
        <input id="new-language" value={newLanguage} placeholder="Khmer (km)" onChange={(e) => setNewLanguage(e.target.value)} />
        <button type="submit" disabled={newLanguage.trim() === ''}>
          Add language
        </button>
      </form>

      {schedule.languages.length > 1 ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (copyFrom === copyTo) return setMessage('Choose two different languages.');
            const { schedule: next, copied } = copyLanguage(schedule, copyFrom, copyTo);
            onChange(next);
            setMessage(`Copied ${copied} text(s) from ${nameOf(copyFrom)} into the gaps in ${nameOf(copyTo)}, for a translator to overwrite.`);
          }}
        >
          <span>Copy texts from</span>
          <label htmlFor="copy-from" className="visually-hidden">
            Copy from
          </label>
          <select id="copy-from" value={copyFrom} onChange={(e) => setCopyFrom(e.target.value)}>
            {schedule.languages.map((l) => (
              <option key={languageKey(l)} value={languageKey(l)}>
                {l.name}
              </option>
            ))}
          </select>
          <span>into the gaps in</span>
          <label htmlFor="copy-to" className="visually-hidden">
            Copy into
          </label>
          <select id="copy-to" value={copyTo} onChange={(e) => setCopyTo(e.target.value)}>
            {schedule.languages.map((l) => (
              <option key={languageKey(l)} value={languageKey(l)}>
                {l.name}
              </option>
            ))}
          </select>
          <button type="submit">Copy</button>
        </form>
      ) : null}
      <p className="hint" role="status" data-testid="languages-status">
        {message}
      </p>
    </section>
  );
}
