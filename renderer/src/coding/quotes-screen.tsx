/**
 * The quote bank for the report, grouped by full code path (theme › sub-theme › code) or by
 * question, filtered by code, speaker attribute and question, with "(ID, organisation type)"
 * attributions to the speaker. Respondents without quote consent never appear (the services
 * leave them out and say how many); the .docx has the same headings. Quotes that contain a flagged name or place are listed first, to be confirmed or
 * edited in their note, before the bank is exported. The codebook exports live here too.
 */
import { CodingNav } from './coding-nav';
import { ErrorMessage, StatusMessage } from '../components/form';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ApiOutput } from '../../../shared/api/contract';
import { call } from '../api';
import { base64ToBytes, downloadFile } from '../download';
import { messageOf, type CodeNode } from './coding-basics';
import { CodeSelect, FilterEditor, filterIsEmpty, useAttributeValues, type Filter } from './retrieval';
import { useOpenPlace } from '../navigation';

type Bank = ApiOutput<'quotes.list'>;
type Quote = Bank['themes'][number]['quotes'][number];

const DEFAULT_TEMPLATE = '({id}, {organisationType})';
/** The question filter's value for the general notes (whose question name is ''). */
const GENERAL = '(general)';

function withFlagsMarked(quote: Quote) {
  const parts: { text: string; flagged: boolean }[] = [];
  let at = 0;
  for (const f of [...quote.flagged].sort((a, b) => a.start - b.start)) {
    if (f.start < at) continue;
    parts.push({ text: quote.text.slice(at, f.start), flagged: false }, { text: quote.text.slice(f.start, f.end), flagged: true });
    at = f.end;
  }
  parts.push({ text: quote.text.slice(at), flagged: false });
  return parts.map((p, i) => (p.flagged ? <mark key={i} className="flagged-term">{p.text}</mark> : <span key={i}>{p.text}</span>));
}

export function QuotesScreen() {
  const onOpenPlace = useOpenPlace();
  const id = useId();
  const [template, setTemplate] = useState(DEFAULT_TEMPLATE);
  const [bank, setBank] = useState<Bank | null>(null);
  const [flagged, setFlagged] = useState<Quote[]>([]);
  const [redact, setRedact] = useState(true);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [groupBy, setGroupBy] = useState<'code' | 'question'>('code');
  const [codeId, setCodeId] = useState('');
  const [question, setQuestion] = useState('');
  const [where, setWhere] = useState<Filter>({});
  const [codes, setCodes] = useState<CodeNode[]>([]);
  const [questions, setQuestions] = useState<{ name: string; label: string }[]>([]);
  const values = useAttributeValues();

  useEffect(() => {
    call('codes.list', {})
      .then((r) => setCodes(r.codes))
      .catch((e: unknown) => setError(messageOf(e)));
  }, []);
  const options = useMemo(
    () => ({
      groupBy,
      ...(codeId !== '' || question !== '' || !filterIsEmpty(where)
        ? { filter: { ...(codeId !== '' ? { codeIds: [codeId] } : {}), ...(question !== '' ? { questions: [question === GENERAL ? '' : question] } : {}), ...(where.where ? { where: where.where } : {}) } }
        : {}),
    }),
    [groupBy, codeId, question, where],
  );
  const load = useCallback(
    async (t: string) => {
      try {
        // One call: the flagged quotes are those of the bank with a flagged name in them.
        const list = await call('quotes.list', { template: t, ...options });
        setBank(list);
        setFlagged(list.groups.flatMap((g) => g.quotes).filter((q) => q.flagged.length > 0));
        // The question filter offers the questions quotes come from (learnt while it is not narrowing them).
        if (question === '') {
          const seen = new Map<string, string>();
          for (const q of list.groups.flatMap((g) => g.quotes)) seen.set(q.question === '' ? GENERAL : q.question, q.questionLabel);
          setQuestions([...seen].map(([name, label]) => ({ name, label })));
        }
        setError(null);
      } catch (e) {
        setError(messageOf(e));
      }
    },
    [options, question],
  );
  // Typing a template waits for a pause; opening the screen or changing a filter loads at once.
  const typedTemplate = useRef(template);
  useEffect(() => {
    const typing = typedTemplate.current !== template;
    typedTemplate.current = template;
    const timer = window.setTimeout(() => void load(template.trim() === '' ? DEFAULT_TEMPLATE : template), typing ? 250 : 0);
    return () => window.clearTimeout(timer);
  }, [template, load]);

  const save = async (method: 'quotes.exportDocx' | 'quotes.exportMarkdown' | 'codebook.exportDocx' | 'codebook.exportMarkdown') => {
    setError(null);
    setDone(null);
    try {
      const file =
        method === 'quotes.exportDocx' || method === 'quotes.exportMarkdown'
          ? await call(method, { template: template.trim() === '' ? DEFAULT_TEMPLATE : template, redactFlagged: redact, ...options })
          : await call(method, {});
      downloadFile(file.fileName, base64ToBytes(file.dataBase64), file.mediaType);
      setDone(`Saved ${file.fileName} to your downloads.`);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const total = bank?.groups.reduce((n, t) => n + t.quotes.length, 0) ?? 0;
  const mustConfirm = flagged.length > 0 && !confirmed;

  return (
    <main className="screen quotes-screen" data-screen="quotes">
      <div className="screen-head">
        <h1>Quotes and codebook</h1>
        <div className="actions compact">
          <CodingNav current="quotes" />
        </div>
      </div>
      <ErrorMessage message={error} />
      <div className="field">
        <label htmlFor={`${id}-template`}>Attribution</label>
        <input id={`${id}-template`} value={template} onChange={(e) => setTemplate(e.target.value)} />
        <div className="hint">
          {'{id}'} is the respondent ID; also {'{organisationType}'}, {'{agencyGroup}'}, {'{focusOfWork}'}, {'{location}'}, {'{language}'}, {'{date}'}.
        </div>
      </div>
      <fieldset className="quote-filters">
        <legend>Which quotes, and how grouped</legend>
        <div>
          <label htmlFor={`${id}-group`}>Group by</label>
          <select id={`${id}-group`} value={groupBy} onChange={(e) => setGroupBy(e.target.value === 'question' ? 'question' : 'code')}>
            <option value="code">Code (theme › sub-theme › code)</option>
            <option value="question">Question</option>
          </select>
        </div>
        <div>
          <CodeSelect id={`${id}-code`} codes={codes} value={codeId} onChange={setCodeId} label="Code (with its sub-codes)" none="All codes" />
        </div>
        <div>
          <label htmlFor={`${id}-question`}>Question</label>
          <select id={`${id}-question`} value={question} onChange={(e) => setQuestion(e.target.value)}>
            <option value="">All questions</option>
            {questions.map((q) => (
              <option key={q.name} value={q.name}>
                {q.label.length > 70 ? `${q.label.slice(0, 70)}…` : q.label}
              </option>
            ))}
          </select>
        </div>
        <FilterEditor values={values} filter={where} onChange={(f) => setWhere({ ...(f.where ? { where: f.where } : {}) })} label="Only speakers with" dates={false} />
      </fieldset>
      {bank && bank.excluded > 0 ? (
        <p className="notice" data-testid="quotes-excluded">
          {bank.excluded} quote{bank.excluded === 1 ? '' : 's'} left out: the respondent{bank.excluded === 1 ? '' : 's'} did not agree to be quoted.
        </p>
      ) : null}

      {flagged.length > 0 ? (
        <section aria-labelledby={`${id}-flagged`} className="sub-panel" data-testid="flagged-quotes">
          <h2 id={`${id}-flagged`}>Check before exporting: {flagged.length} quote{flagged.length === 1 ? '' : 's'} with flagged names or places</h2>
          <ul className="quote-list">
            {flagged.map((q) => (
              <li key={q.codingId}>
                <blockquote>“{withFlagsMarked(q)}”</blockquote>
                <span className="muted">{q.attribution}</span>{' '}
                <button type="button" className="link" onClick={() => onOpenPlace({ interviewId: q.interviewId, noteId: q.noteId, start: q.start, end: q.end })}>
                  Edit in the note
                </button>
              </li>
            ))}
          </ul>
          <fieldset>
            <legend>In the exported file</legend>
            <label className="inline-check">
              <input type="radio" name={`${id}-redact`} checked={redact} onChange={() => setRedact(true)} /> Replace flagged names with […]
            </label>
            <label className="inline-check">
              <input type="radio" name={`${id}-redact`} checked={!redact} onChange={() => setRedact(false)} /> Keep them as written
            </label>
          </fieldset>
          <label className="inline-check">
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> I have checked these quotes
          </label>
        </section>
      ) : null}

      <section aria-labelledby={`${id}-export`}>
        <h2 id={`${id}-export`}>Export</h2>
        <div className="actions compact">
          <button type="button" className="primary" disabled={mustConfirm || total === 0} onClick={() => void save('quotes.exportDocx')}>
            Quote bank (.docx)
          </button>
          <button type="button" disabled={mustConfirm || total === 0} onClick={() => void save('quotes.exportMarkdown')}>
            Quote bank (Markdown)
          </button>
          <button type="button" onClick={() => void save('codebook.exportDocx')}>
            Codebook (.docx)
          </button>
          <button type="button" onClick={() => void save('codebook.exportMarkdown')}>
            Codebook (Markdown)
          </button>
        </div>
        {mustConfirm ? <p className="hint">Check the flagged quotes above first.</p> : null}
        <StatusMessage message={done} />
      </section>

      <section aria-labelledby={`${id}-bank`}>
        <h2 id={`${id}-bank`}>Quote bank ({total})</h2>
        {bank && total === 0 ? <p className="muted">No quotes yet. In the workbench, put the cursor in a coded segment and choose “Mark as quote”.</p> : null}
        {bank?.groups.map((group, i) => (
          <section key={group.key} className="quote-theme" aria-label={group.path.join(' › ')} data-testid="quote-theme">
            {groupBy === 'code' && group.path[0] !== bank.groups[i - 1]?.path[0] ? <h3 className="quote-theme-name">{group.path[0]}</h3> : null}
            <h4 data-testid="quote-group-heading">{groupBy === 'code' ? group.path.join(' › ') : group.path[0]}</h4>
            <ul className="quote-list">
              {group.quotes.map((q) => (
                <li key={q.codingId} data-testid="quote">
                  <blockquote>“{q.text}”</blockquote> <span className="attribution">{q.attribution}</span>
                  {groupBy === 'question' ? <span className="muted small"> · {q.codePath.join(' › ')}</span> : null}{' '}
                  <button type="button" className="link" onClick={() => onOpenPlace({ interviewId: q.interviewId, noteId: q.noteId, start: q.start, end: q.end })}>
                    Open in the note
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </section>
    </main>
  );
}
