/**
 * "Export data": every statistics format with one click, each with a line saying who it is for.
 * The same files as `fieldnote export spss|stata|r|ddi|excel|all`, downloaded from the app.
 */
import { useId, useState } from 'react';
import type { ExportFormat, UnitOfAnalysis } from '../../../shared/api/contract';
import { call } from '../api';
import { ErrorMessage } from '../components/form';
import { base64ToBytes, downloadFile } from '../download';
import { useAction } from '../use-async';
import { UnitChoice } from './unit-choice';

const FORMATS: { format: ExportFormat | 'all'; button: string; what: string }[] = [
  { format: 'spss', button: 'SPSS (.sav)', what: 'For SPSS and PSPP users: the .sav, the same data as CSV with syntax (.sps), an R script and a codebook.' },
  { format: 'stata', button: 'Stata (.dta)', what: 'For Stata 14 or later: codes with value labels, declined as .a and interview ended as .b.' },
  { format: 'r', button: 'R (.R + .csv)', what: 'For R users: a script that reads the CSV into haven labelled vectors and factors.' },
  { format: 'excel', button: 'Excel (.xlsx)', what: 'To look at the data first: a sheet of codes, a sheet of labels and a sheet describing every variable.' },
  { format: 'ddi', button: 'DDI codebook (.xml)', what: 'For a data archive or microdata library: DDI Codebook 2.5 with questions, categories and frequencies.' },
  { format: 'csv', button: 'CSV only', what: 'Plain comma-separated codes for any other program.' },
  { format: 'all', button: 'All of these', what: 'Every file above at once, to send to a statistician.' },
];

export function SpssExportPanel({ languages, formId, initialUnit }: { languages: { code: string; name: string }[]; formId: string; initialUnit: UnitOfAnalysis }) {
  const [unit, setUnit] = useState<UnitOfAnalysis>(initialUnit);
  const [language, setLanguage] = useState('');
  const [includeText, setIncludeText] = useState(false);
  const [dontKnowValid, setDontKnowValid] = useState(false);
  const [bom, setBom] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const id = useId();

  const exportFiles = (format: ExportFormat | 'all') =>
    run(async () => {
      setDone(null);
      const formats: ExportFormat[] = format === 'all' ? ['spss', 'stata', 'r', 'ddi', 'excel', 'csv'] : [format];
      const result = await call('export.spss', {
        unit,
        includeText,
        formId,
        formats,
        bom,
        ...(dontKnowValid ? { dontKnow: 'valid' as const } : {}),
        ...(language ? { language } : {}),
      });
      for (const file of result.files) downloadFile(file.name, base64ToBytes(file.dataBase64), file.mediaType);
      setDone(`Saved ${result.files.map((f) => f.name).join(', ')}: ${result.rows} rows, ${result.variables} variables.`);
    });

  return (
    <section className="stats-panel export-panel" aria-labelledby={`${id}-heading`} data-testid="spss-export">
      <h2 id={`${id}-heading`}>Export data</h2>
      <p className="hint">
        Every categorical answer is a numeric code with its label. An answer not given is coded by its reason (declined -8, not applicable -10, out of time -11, interview ended -7), each labelled and declared missing; questions not asked are
        left blank (system-missing). Each row names its interview and how many respondents it had.
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
      <div className="field checkbox">
        <input id={`${id}-dk`} type="checkbox" checked={dontKnowValid} onChange={(e) => setDontKnowValid(e.target.checked)} />
        <label htmlFor={`${id}-dk`}>Count “Don’t know” as a valid answer (otherwise it is declared missing)</label>
      </div>
      <div className="field checkbox">
        <input id={`${id}-bom`} type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} />
        <label htmlFor={`${id}-bom`}>Mark the CSV as UTF-8 for Excel (shows Khmer correctly)</label>
      </div>
      <ul className="export-formats">
        {FORMATS.map((f) => (
          <li key={f.format}>
            <button type="button" className={f.format === 'all' ? 'primary' : ''} onClick={() => void exportFiles(f.format)} disabled={busy} data-format={f.format}>
              {f.button}
            </button>
            <p className="hint">{f.what}</p>
          </li>
        ))}
      </ul>
      {busy ? <p className="hint">Exporting…</p> : null}
      <ErrorMessage message={error} />
      <p className="hint" role="status" data-testid="export-result">
        {done}
      </p>
    </section>
  );
}
