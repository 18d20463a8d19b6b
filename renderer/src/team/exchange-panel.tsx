/** Export and import: REFI-QDA (.qdpx, .qdc) and JSON, as downloads and uploads. */
import { useState } from 'react';
import type { CodebookPreview } from '../../../shared/api/exchange';
import { call } from '../api';
import { ErrorMessage, Field } from '../components/form';
import { base64ToBytes, downloadFile, fileToBase64 } from '../download';
import { useAction } from '../use-async';

export function ExchangePanel({ onChanged }: { onChanged: () => void }) {
  const [initials, setInitials] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [qdc, setQdc] = useState<{ fileName: string; dataBase64: string; preview: CodebookPreview } | null>(null);
  // A whole-project export waits for the user to read that it is not encrypted (as the SPSS text option warns).
  const [confirming, setConfirming] = useState<{ kind: 'exchange.exportQdpx' | 'exchange.exportJson'; label: string; flagged: number } | null>(null);
  const { busy, error, run } = useAction();

  const download = (kind: 'exchange.exportQdpx' | 'exchange.exportQdc' | 'exchange.exportJson', type: string) =>
    run(async () => {
      const file = await call(kind, {});
      downloadFile(file.fileName, base64ToBytes(file.dataBase64), type);
      setDone(`Downloaded ${file.fileName}.`);
    });

  const askFirst = (kind: 'exchange.exportQdpx' | 'exchange.exportJson', label: string) =>
    run(async () => {
      const flagged = await call('flaggedTerms.list', {});
      setDone(null);
      setConfirming({ kind, label, flagged: flagged.terms.length });
    });

  const upload = (onFile: (fileName: string, dataBase64: string) => Promise<void>) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    void run(async () => onFile(file.name, await fileToBase64(file)));
  };

  return (
    <section aria-labelledby="exchange-heading" data-testid="exchange-panel">
      <h2 id="exchange-heading">Exchange with other tools</h2>
      <p>REFI-QDA files open in NVivo, ATLAS.ti, MAXQDA and QualCoder. JSON keeps everything, editor state included, for scripts and archives.</p>
      <div className="actions compact">
        <button type="button" disabled={busy} onClick={() => void askFirst('exchange.exportQdpx', 'project (.qdpx)')}>
          Export project (.qdpx)
        </button>
        <button type="button" disabled={busy} onClick={() => void download('exchange.exportQdc', 'application/xml')}>
          Export codebook (.qdc)
        </button>
        <button type="button" disabled={busy} onClick={() => void askFirst('exchange.exportJson', 'JSON (.zip)')}>
          Export JSON (.zip)
        </button>
      </div>
      {confirming ? (
        <div className="notice warning" role="alertdialog" aria-labelledby="export-warning-text" data-testid="export-warning">
          <p id="export-warning-text">
            The {confirming.label} file is not encrypted: it holds every note, answer, code and memo in plain text
            {confirming.flagged > 0 ? `, including the ${confirming.flagged} flagged name${confirming.flagged === 1 ? '' : 's'} wherever they were typed` : ''}. Anyone who gets the file can read it. Save it
            only where your data protection plan allows, such as an encrypted drive, and delete it when it is no longer needed.
          </p>
          <div className="actions compact">
            <button
              type="button"
              className="primary"
              autoFocus
              disabled={busy}
              onClick={() => {
                const kind = confirming.kind;
                setConfirming(null);
                void download(kind, 'application/zip');
              }}
            >
              Export unencrypted file
            </button>
            <button type="button" onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      <Field label="Your initials (for imported codes and documents)" htmlFor="exchange-initials">
        <input id="exchange-initials" value={initials} maxLength={10} onChange={(e) => setInitials(e.target.value)} />
      </Field>
      <Field label="Import a codebook (.qdc): you see what changes first" htmlFor="import-qdc">
        <input
          id="import-qdc"
          type="file"
          accept=".qdc"
          onChange={upload(async (fileName, dataBase64) => {
            setQdc({ fileName, dataBase64, preview: await call('exchange.previewQdc', { fileName, dataBase64 }) });
          })}
        />
      </Field>
      {qdc ? (
        <div className="notice" data-testid="qdc-preview">
          <p>
            {qdc.fileName}: {qdc.preview.added.length} new code(s), {qdc.preview.changed.length} changed, {qdc.preview.unchanged} unchanged.
          </p>
          <ul>
            {qdc.preview.added.map((a) => (
              <li key={a.guid}>Add {a.path}</li>
            ))}
            {qdc.preview.changed.map((c) => (
              <li key={c.guid}>
                Change {c.name}: {c.fields.map((f) => `${f.name} “${f.local}” → “${f.incoming}”`).join('; ')}
              </li>
            ))}
          </ul>
          <div className="actions compact">
            <button
              type="button"
              className="primary"
              disabled={busy || initials.trim() === ''}
              onClick={() =>
                void run(async () => {
                  const applied = await call('exchange.importQdc', { fileName: qdc.fileName, dataBase64: qdc.dataBase64, initials: initials.trim() });
                  setQdc(null);
                  setDone(`Codebook imported: ${applied.added.length} added, ${applied.changed.length} changed.`);
                  onChanged();
                })
              }
            >
              Import these codes
            </button>
            <button type="button" onClick={() => setQdc(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      <Field label="Import a project from another tool (.qdpx): its documents become codable notes" htmlFor="import-qdpx">
        <input
          id="import-qdpx"
          type="file"
          accept=".qdpx"
          disabled={initials.trim() === ''}
          onChange={upload(async (fileName, dataBase64) => {
            const s = await call('exchange.importQdpx', { fileName, dataBase64, initials: initials.trim() });
            setDone(`Imported ${s.documents} document(s), ${s.segments} coded segment(s), ${s.codesAdded} new code(s), ${s.memos} memo(s).`);
            onChanged();
          })}
        />
      </Field>
      <Field label="Import a JSON export (.zip)" htmlFor="import-json">
        <input
          id="import-json"
          type="file"
          accept=".zip"
          onChange={upload(async (fileName, dataBase64) => {
            const s = await call('exchange.importJson', { fileName, dataBase64 });
            setDone(`Imported ${s.interviews} interview(s) (${s.skippedInterviews} already here), ${s.segments} segment(s).`);
            onChanged();
          })}
        />
      </Field>
      <ErrorMessage message={error} />
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
    </section>
  );
}
