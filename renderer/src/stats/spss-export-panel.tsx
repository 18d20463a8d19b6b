/** "Export for SPSS": the four files of `fieldnote export spss`, downloaded from the app. */
import { useId, useState } from 'react';
import type { UnitOfAnalysis } from '../../../shared/api/contract';
import { call } from '../api';
import { ErrorMessage } from '../components/form';
import { base64ToBytes, downloadFile } from '../download';
import { useAction } from '../use-async';
import { UnitChoice } from './unit-choice';

export function SpssExportPanel({ languages, formId, initialUnit }: { languages: { code: string; name: string }[]; formId: string; initialUnit: UnitOfAnalysis }) {
  const [unit, setUnit] = useState<UnitOfAnalysis>(initialUnit);
  const [language, setLanguage] = useState('');
  const [includeText, setIncludeText] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const id = useId();

  const exportFiles = () =>
    run(async () => {
      setDone(null);
      const result = await call('export.spss', { unit, includeText, formId, ...(language ? { language } : {}) });
      for (const file of result.files) downloadFile(file.name, base64ToBytes(file.dataBase64), file.mediaType);
      setDone(`Saved ${result.files.map((f) => f.name).join(', ')}: ${result.rows} rows, ${result.variables} variables. Open the .sav in SPSS or PSPP, or run the .sps with the CSV in the same folder.`);
    });

  return (
    <section className="stats-panel export-panel" aria-labelledby={`${id}-heading`} data-testid="spss-export">
      <h2 id={`${id}-heading`}>Export for SPSS</h2>
      <p className="hint">
        A .sav file, the same data as CSV with SPSS syntax (.sps) that reads it, and a codebook. Declined is coded -8 and “interview ended” -7; both are
        declared missing. Questions not asked are left blank (system-missing).
      </p>
      <UnitChoice name={`${id}-unit`} legend="One row per" unit={unit} onChange={setUnit} />
      {languages.length > 1 ? (
        <div className="field">
          <label htmlFor={`${id}-lang`}>Labels in</label>
          <select id={`${id}-lang`} value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value="">The schedule’s default language</option>
            {languages.map((l) => (
              <option key={l.code} value={l.code}>
                {l.name} ({l.code})
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field checkbox">
        <input id={`${id}-text`} type="checkbox" checked={includeText} onChange={(e) => setIncludeText(e.target.checked)} />
        <label htmlFor={`${id}-text`}>Include answers to open (text) questions</label>
      </div>
      {includeText ? <p className="hint">Open answers can identify people. Share the files only as your data protection plan allows.</p> : null}
      <div className="actions compact">
        <button type="button" className="primary" onClick={() => void exportFiles()} disabled={busy}>
          {busy ? 'Exporting…' : 'Export for SPSS'}
        </button>
      </div>
      <ErrorMessage message={error} />
      <p className="hint" role="status" data-testid="export-result">
        {done}
      </p>
    </section>
  );
}
