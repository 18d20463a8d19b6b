/**
 * Statistics: frequency tables, crosstabs with chi-square, and the sample table, computed by the
 * services from the dataset the SPSS export writes; copy a table for Word/Excel or save it as
 * .xlsx; export the SPSS files.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { ApiOutput, UnitOfAnalysis } from '../../../shared/api/contract';
import type { Breakdown, Crosstab, CrosstabPercentages, FrequencyTable, SampleDescription } from '../../../shared/stats';
import { ApiCallError, call } from '../api';
import { ErrorMessage } from '../components/form';
import { base64ToBytes, downloadFile } from '../download';
import { useAction } from '../use-async';
import { SpssExportPanel } from './spss-export-panel';
import { CrosstabView, FrequencyView, SampleView } from './stats-tables';
import { UnitChoice } from './unit-choice';
import { useNavigation } from '../navigation';

type Overview = ApiOutput<'stats.variables'>;
type Kind = 'frequency' | 'crosstab' | 'sample';
type Copied = { tsv: string; html: string };
type Shown = ({ kind: 'frequency'; table: FrequencyTable } | { kind: 'crosstab'; table: Crosstab } | { kind: 'sample'; table: SampleDescription }) & Copied;

const PERCENTAGES: { value: CrosstabPercentages; label: string }[] = [
  { value: 'column', label: 'Column %' },
  { value: 'row', label: 'Row %' },
  { value: 'both', label: 'Both' },
];

const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'frequency', label: 'Frequency table' },
  { kind: 'crosstab', label: 'Crosstab' },
  { kind: 'sample', label: 'Sample (Table 1)' },
];

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Copies a table as HTML (Word and Excel paste a real table) and as tab-separated text (plain
 * editors); falls back to text only, then to a hidden text area, where the browser allows less.
 */
async function copyTable({ tsv, html }: Copied): Promise<void> {
  try {
    if (typeof ClipboardItem === 'undefined') throw new Error('no ClipboardItem');
    await navigator.clipboard.write([
      new ClipboardItem({ 'text/html': new Blob([html], { type: 'text/html' }), 'text/plain': new Blob([tsv], { type: 'text/plain' }) }),
    ]);
  } catch {
    await copyText(tsv);
  }
}

/** Copies text; falls back to a hidden text area where the Clipboard API is not allowed. */
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    if (!copied) throw new Error('copy refused');
  }
}

export function StatisticsScreen() {
  const { open } = useNavigation();
  const id = useId();
  const [unit, setUnit] = useState<UnitOfAnalysis>('respondent');
  const [overview, setOverview] = useState<Overview | null>(null);
  const [formId, setFormId] = useState<string | undefined>(undefined);
  const [kind, setKind] = useState<Kind>('frequency');
  const [variable, setVariable] = useState('');
  const [by, setBy] = useState<Breakdown>('org_type');
  const [percentages, setPercentages] = useState<CrosstabPercentages>('column');
  const [sampleExtra, setSampleExtra] = useState<string[]>([]);
  const [search, setSearch] = useState('');
  const [shown, setShown] = useState<Shown | null>(null);
  const [tableError, setTableError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const { error, run } = useAction();
  const xlsx = useAction();

  // The variable list follows the unit (an interview dataset has n_resp) and the chosen form.
  useEffect(() => {
    void run(async () => {
      const next = await call('stats.variables', { unit, ...(formId ? { formId } : {}) });
      setOverview(next);
      setVariable((current) => {
        if (next.variables.some((v) => v.name === current)) return current;
        return (next.variables.find((v) => v.categorical && v.question !== undefined) ?? next.variables.find((v) => v.categorical) ?? next.variables[0])?.name ?? '';
      });
    });
  }, [run, unit, formId]);

  // The table follows every choice; a stale answer never replaces a newer one.
  useEffect(() => {
    if (!overview || (kind !== 'sample' && variable === '')) return;
    let current = true;
    const query = { unit, formId: overview.formId };
    const load = async (): Promise<Shown> => {
      switch (kind) {
        case 'frequency':
          return { kind, ...(await call('stats.frequency', { ...query, variable })) };
        case 'crosstab':
          return { kind, ...(await call('stats.crosstab', { ...query, variable, by, percentages })) };
        case 'sample':
          return { kind, ...(await call('stats.sample', { ...query, variables: sampleExtra })) };
      }
    };
    setMessage(null);
    load()
      .then((next) => {
        if (!current) return;
        setShown(next);
        setTableError(null);
      })
      .catch((e: unknown) => {
        if (!current) return;
        setShown(null);
        setTableError(e instanceof ApiCallError ? e.message : 'The table could not be computed. Try again.');
      });
    return () => {
      current = false;
    };
  }, [overview, kind, variable, by, unit, percentages, sampleExtra]);

  const visible = useMemo(() => {
    const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const all = overview?.variables ?? [];
    return all.filter((v) => words.every((w) => `${v.name} ${v.label}`.toLowerCase().includes(w)));
  }, [overview, search]);

  const copy = async () => {
    if (!shown) return;
    try {
      await copyTable(shown);
      const rows = shown.tsv.split('\r\n').length - 1;
      setMessage(`Copied the table (${rows} rows, as a table and as tab-separated text). Paste it into Word or Excel.`);
    } catch {
      setMessage('The browser did not allow copying. Use Export .xlsx instead.');
    }
  };

  const exportXlsx = () =>
    xlsx.run(async () => {
      if (!overview) return;
      const out = await call('stats.exportXlsx', {
        kind,
        unit,
        formId: overview.formId,
        ...(kind !== 'sample' ? { variable } : {}),
        ...(kind === 'crosstab' ? { by, percentages } : {}),
        ...(kind === 'sample' ? { variables: sampleExtra } : {}),
      });
      downloadFile(out.fileName, base64ToBytes(out.dataBase64), XLSX);
      setMessage(`Saved ${out.fileName}.`);
    });

  const chosen = overview?.variables.find((v) => v.name === variable);

  return (
    <main className="screen stats-screen" data-screen="statistics" aria-labelledby={`${id}-title`}>
      <div className="screen-head">
        <h1 id={`${id}-title`}>Statistics</h1>
        <button type="button" onClick={() => open({ name: 'home' })}>
          Back to project
        </button>
      </div>
      <ErrorMessage message={error} />
      {overview && overview.forms.length > 1 ? (
        <div className="field narrow-field">
          <label htmlFor={`${id}-form`}>Schedule</label>
          <select id={`${id}-form`} value={overview.formId} onChange={(e) => setFormId(e.target.value)}>
            {overview.forms.map((f) => (
              <option key={f.formId} value={f.formId}>
                {f.title}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <UnitChoice name={`${id}-unit`} legend="Unit of analysis" unit={unit} onChange={setUnit} {...(overview ? { rows: overview.rows } : {})} />

      <div className="stats-grid">
        <section className="stats-panel variable-picker" aria-labelledby={`${id}-vars`}>
          <h2 id={`${id}-vars`} className="panel-title">
            Variable
          </h2>
          <label htmlFor={`${id}-search`} className="visually-hidden">
            Find a variable
          </label>
          <input
            id={`${id}-search`}
            type="search"
            placeholder="Find a variable"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              // Enter takes the first match, as a search box should.
              const first = visible[0];
              if (e.key === 'Enter' && first) {
                e.preventDefault();
                setVariable(first.name);
              }
            }}
            aria-describedby={`${id}-search-hint`}
          />
          <label htmlFor={`${id}-list`} className="visually-hidden">
            Variables
          </label>
          <select
            id={`${id}-list`}
            className="variable-list"
            size={16}
            value={variable}
            onChange={(e) => setVariable(e.target.value)}
            data-testid="variable-list"
          >
            {visible.map((v) => (
              <option key={v.name} value={v.name} title={v.label}>
                {v.name} · {v.label}
                {v.categorical ? '' : v.measure === 'scale' ? ' (scale)' : ' (not categorical)'}
              </option>
            ))}
          </select>
          <p className="hint" id={`${id}-search-hint`}>
            {visible.length} of {overview?.variables.length ?? 0} variables. Enter takes the first match
            {kind === 'sample' ? '. The sample table shows the respondent attributes; add any other attribute or question to it.' : ''}
          </p>
          {kind === 'sample' ? (
            <div className="actions compact">
              <button
                type="button"
                disabled={variable === '' || sampleExtra.includes(variable) || !chosen?.categorical}
                onClick={() => setSampleExtra((list) => [...list, variable])}
              >
                Add {variable || 'variable'} to the sample table
              </button>
            </div>
          ) : null}
          {kind === 'sample' && sampleExtra.length > 0 ? (
            <ul className="chip-list" aria-label="Added to the sample table">
              {sampleExtra.map((name) => (
                <li key={name}>
                  {name}{' '}
                  <button type="button" aria-label={`Remove ${name} from the sample table`} onClick={() => setSampleExtra((list) => list.filter((n) => n !== name))}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </section>

        <section className="stats-panel table-panel" aria-labelledby={`${id}-table`}>
          <h2 id={`${id}-table`} className="visually-hidden">
            Table
          </h2>
          <div className="table-controls">
            <div className="segmented" role="group" aria-label="Table">
              {KINDS.map((k) => (
                <button key={k.kind} type="button" aria-pressed={kind === k.kind} className={kind === k.kind ? 'selected' : ''} onClick={() => setKind(k.kind)}>
                  {k.label}
                </button>
              ))}
            </div>
            {kind === 'crosstab' ? (
              <div className="field inline">
                <label htmlFor={`${id}-by`}>Broken down by</label>
                <select id={`${id}-by`} value={by} onChange={(e) => setBy(e.target.value as Breakdown)}>
                  {(overview?.breakdowns ?? []).map((b) => (
                    <option key={b.name} value={b.name}>
                      {b.label}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            {kind === 'crosstab' ? (
              <div className="segmented" role="group" aria-label="Percentages">
                {PERCENTAGES.map((p) => (
                  <button key={p.value} type="button" aria-pressed={percentages === p.value} className={percentages === p.value ? 'selected' : ''} onClick={() => setPercentages(p.value)}>
                    {p.label}
                  </button>
                ))}
              </div>
            ) : null}
          </div>
          {chosen && kind !== 'sample' && !chosen.categorical ? (
            <p className="hint">{chosen.measure === 'scale' ? 'This is a scale variable: every distinct value gets its own row.' : 'This variable has no categories; every distinct value gets its own row.'}</p>
          ) : null}
          <ErrorMessage message={tableError} />
          <div className="table-scroll" aria-live="polite" aria-busy={!shown && !tableError}>
            {shown?.kind === 'frequency' ? <FrequencyView table={shown.table} /> : null}
            {shown?.kind === 'crosstab' ? <CrosstabView table={shown.table} /> : null}
            {shown?.kind === 'sample' ? <SampleView table={shown.table} /> : null}
          </div>
          <div className="actions compact table-actions">
            <button type="button" onClick={() => void copy()} disabled={!shown}>
              Copy table
            </button>
            <button type="button" onClick={() => void exportXlsx()} disabled={!shown || xlsx.busy}>
              Export .xlsx
            </button>
          </div>
          <ErrorMessage message={xlsx.error} />
          <p className="hint" role="status" data-testid="table-message">
            {message}
          </p>
        </section>
      </div>

      {overview ? <SpssExportPanel key={overview.formId} languages={overview.languages} formId={overview.formId} initialUnit={unit} /> : null}
    </main>
  );
}
