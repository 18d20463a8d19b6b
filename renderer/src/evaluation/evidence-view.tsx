/**
 * The evidence for one evaluation question in one place: who spoke to it (with a chart that
 * can be saved as SVG or PNG), the numbers as the Statistics screen shows them, themes, voices
 * from consenting respondents, rapid-analysis summaries, memos and gaps; and the report.
 */
import { useEffect, useId, useState } from 'react';
import type { EvaluationQuestionRecord } from '../../../shared/api/evaluation';
import { barChartSvg, type Evidence } from '../../../shared/evaluation';
import { formatPercentage, percentage } from '../../../shared/stats';
import { call } from '../api';
import { ErrorMessage, StatusMessage } from '../components/form';
import { base64ToBytes, downloadFile } from '../download';
import { messageOf } from '../coding/coding-basics';
import type { NotePlace } from '../coding/note-place';
import { CrosstabView, FrequencyView } from '../stats/stats-tables';
import { saveChart, svgDataUrl } from './chart-image';

type Voice = Evidence['voices'][number];

function withFlagsMarked(voice: Voice) {
  const parts: { text: string; flagged: boolean }[] = [];
  let at = 0;
  for (const f of [...voice.flagged].sort((a, b) => a.start - b.start)) {
    if (f.start < at) continue;
    parts.push({ text: voice.text.slice(at, f.start), flagged: false }, { text: voice.text.slice(f.start, f.end), flagged: true });
    at = f.end;
  }
  parts.push({ text: voice.text.slice(at), flagged: false });
  return parts.map((p, i) => (p.flagged ? <mark key={i} className="flagged-term">{p.text}</mark> : <span key={i}>{p.text}</span>));
}

export function whoSpokeChart(evidence: Evidence): string {
  const org = evidence.spoke.byGroup[0]!;
  return barChartSvg({
    title: `${evidence.question.ref}: who spoke to it, by organisation type`,
    bars: org.rows.map((r) => {
      const p = percentage(r.respondents, r.of);
      return { label: r.label, value: p.value ?? 0, text: `${r.respondents} of ${r.of} (${formatPercentage(p)}%)` };
    }),
  });
}

export function indicatorChart(evidence: Evidence, indicator: Evidence['indicators'][number]): string {
  return barChartSvg({
    title: `${evidence.question.ref}: ${indicator.label}`,
    bars: [...indicator.byOrganisationType, { label: 'All respondents', count: indicator.count, base: indicator.base, percent: indicator.percent }].map((g) => ({
      label: g.label,
      value: g.percent.value ?? 0,
      text: `${g.count} of ${g.base} (${formatPercentage(g.percent)}%)`,
    })),
  });
}

export function EvidenceView({ questions, selectedId, onSelect, onOpenPlace }: { questions: EvaluationQuestionRecord[]; selectedId: string | null; onSelect: (id: string) => void; onOpenPlace: (place: NotePlace) => void }) {
  const id = useId();
  const [evidence, setEvidence] = useState<Evidence | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (selectedId === null) return;
    let live = true;
    setLoading(true);
    setError(null);
    call('evaluation.evidence', { id: selectedId })
      .then((r) => live && setEvidence(r.evidence))
      .catch((e: unknown) => live && setError(messageOf(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [selectedId]);

  const [writing, setWriting] = useState(false);
  const report = async (format: 'docx' | 'md', one: boolean) => {
    setError(null);
    setStatus(one ? 'Writing the report…' : `Writing the report for ${questions.length} evaluation questions…`);
    setWriting(true);
    try {
      const file = await call('evaluation.report', { format, ...(one && selectedId !== null ? { id: selectedId } : {}) });
      downloadFile(file.fileName, base64ToBytes(file.dataBase64), file.mediaType);
      setStatus(`Saved ${file.fileName} to your downloads.`);
    } catch (e) {
      setStatus(null);
      setError(messageOf(e));
    } finally {
      setWriting(false);
    }
  };
  const chart = async (format: 'svg' | 'png', svg: string, name: string) => {
    try {
      const saved = await saveChart(svg, name, format);
      setStatus(`Saved ${saved} to your downloads.`);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  if (questions.length === 0) return <p className="muted">Build the matrix first: evaluation questions and what they are linked to.</p>;
  const e = selectedId === null ? null : evidence;
  return (
    <div className="evidence-view" data-testid="evidence-view" aria-busy={loading}>
      <div className="row-fields">
        <div className="field">
          <label htmlFor={`${id}-eq`}>Evaluation question</label>
          <select id={`${id}-eq`} value={selectedId ?? ''} onChange={(ev) => onSelect(ev.target.value)}>
            <option value="" disabled>
              Choose…
            </option>
            {questions.map((q) => (
              <option key={q.id} value={q.id}>
                {q.ref} ({q.criterion}) {q.text.slice(0, 80)}
              </option>
            ))}
          </select>
        </div>
        <div className="actions compact">
          <button type="button" className="primary" disabled={selectedId === null || writing} onClick={() => void report('docx', true)}>
            Report for this question (.docx)
          </button>
          <button type="button" disabled={selectedId === null || writing} onClick={() => void report('md', true)}>
            Markdown
          </button>
          <button type="button" disabled={writing} onClick={() => void report('docx', false)}>
            Report for all questions (.docx)
          </button>
          <button type="button" disabled={writing} onClick={() => void report('md', false)}>
            All as Markdown
          </button>
        </div>
      </div>
      <ErrorMessage message={error} />
      <StatusMessage message={status} />
      {e === null || e.question.id !== selectedId ? null : (
        <article aria-labelledby={`${id}-title`} data-ready={!loading}>
          <h2 id={`${id}-title`}>
            {e.question.ref} <span className="badge">{e.question.criterion}</span> {e.question.text}
          </h2>
          {e.parent ? <p className="muted">Sub-question of {e.parent.ref}: {e.parent.text}</p> : null}
          {e.subQuestions.length > 0 ? (
            <ul className="muted">
              {e.subQuestions.map((s) => (
                <li key={s.ref}>
                  {s.ref}: {s.text}
                </li>
              ))}
            </ul>
          ) : null}

          <section aria-labelledby={`${id}-spoke`} className="evidence-section">
            <h3 id={`${id}-spoke`}>Who spoke to it</h3>
            <p data-testid="spoke-sentence">{e.spoke.sentence}</p>
            {e.spoke.warning ? (
              <p className="notice warning" data-testid="single-group-warning">
                {e.spoke.warning}
              </p>
            ) : null}
            <img className="chart" src={svgDataUrl(whoSpokeChart(e))} alt={`Bar chart: ${e.spoke.byGroup[0]!.rows.map((r) => `${r.label} ${r.respondents} of ${r.of}`).join(', ')}`} data-testid="who-spoke-chart" />
            <div className="actions compact">
              <button type="button" onClick={() => void chart('svg', whoSpokeChart(e), `${e.question.ref} who spoke`)}>
                Save chart as SVG
              </button>
              <button type="button" onClick={() => void chart('png', whoSpokeChart(e), `${e.question.ref} who spoke`)}>
                Save chart as PNG
              </button>
            </div>
            <div className="group-tables">
              {e.spoke.byGroup.map((g) => (
                <table key={g.attribute} className="stats-table" data-testid={`spoke-${g.attribute}`}>
                  <caption>{g.label}</caption>
                  <thead>
                    <tr>
                      <td />
                      <th scope="col">Spoke to it</th>
                      <th scope="col">Respondents</th>
                      <th scope="col">%</th>
                    </tr>
                  </thead>
                  <tbody>
                    {g.rows.map((r) => (
                      <tr key={r.label}>
                        <th scope="row">{r.label}</th>
                        <td className="num">{r.respondents}</td>
                        <td className="num">{r.of}</td>
                        <td className="num">{formatPercentage(percentage(r.respondents, r.of))}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ))}
            </div>
          </section>

          {e.indicators.length > 0 || e.numbers.length > 0 ? (
            <section aria-labelledby={`${id}-numbers`} className="evidence-section">
              <h3 id={`${id}-numbers`}>Numbers</h3>
              {e.indicators.map((ind) => (
                <div key={`${ind.question}:${ind.answers.join(' ')}`} className="indicator" data-testid="indicator">
                  <p>
                    <strong>Indicator: {ind.label}.</strong> {ind.sentence}
                  </p>
                  <table className="stats-table">
                    <thead>
                      <tr>
                        <td />
                        <th scope="col">Answered</th>
                        <th scope="col">Valid answers</th>
                        <th scope="col">Valid Percent</th>
                      </tr>
                    </thead>
                    <tbody>
                      {ind.byOrganisationType.map((g) => (
                        <tr key={g.label}>
                          <th scope="row">{g.label}</th>
                          <td className="num">{g.count}</td>
                          <td className="num">{g.base}</td>
                          <td className="num">{formatPercentage(g.percent)}</td>
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row">Total</th>
                        <td className="num">{ind.count}</td>
                        <td className="num">{ind.base}</td>
                        <td className="num">{formatPercentage(ind.percent)}</td>
                      </tr>
                    </tfoot>
                  </table>
                  <img className="chart" src={svgDataUrl(indicatorChart(e, ind))} alt={`Bar chart: ${ind.label}, ${ind.byOrganisationType.map((g) => `${g.label} ${g.count} of ${g.base}`).join(', ')}`} />
                  <div className="actions compact">
                    <button type="button" onClick={() => void chart('svg', indicatorChart(e, ind), `${e.question.ref} indicator ${ind.question}`)}>
                      Save chart as SVG
                    </button>
                    <button type="button" onClick={() => void chart('png', indicatorChart(e, ind), `${e.question.ref} indicator ${ind.question}`)}>
                      Save chart as PNG
                    </button>
                  </div>
                </div>
              ))}
              {e.numbers.map((n) => (
                <div key={n.variable} className="numbers" data-testid="numbers">
                  <h4>{n.title}</h4>
                  {n.sentences.map((s) => (
                    <p key={s}>{s}</p>
                  ))}
                  <FrequencyView table={n.frequency} />
                  {n.byOrganisationType ? <CrosstabView table={n.byOrganisationType} /> : null}
                </div>
              ))}
            </section>
          ) : null}

          {e.themes.length > 0 ? (
            <section aria-labelledby={`${id}-themes`} className="evidence-section">
              <h3 id={`${id}-themes`}>Themes</h3>
              {e.themes.map((t) => (
                <p key={t.codeId}>
                  {t.sentence}
                  {t.isCore ? <span className="badge">core category</span> : t.underCore ? <span className="badge">under the core category</span> : null}
                </p>
              ))}
              <table className="stats-table" data-testid="themes-table">
                <thead>
                  <tr>
                    <th scope="col">Code</th>
                    <th scope="col">Segments</th>
                    <th scope="col">Respondents</th>
                    {[...new Set(e.themes.flatMap((t) => t.byGroup.map((g) => g.label)))].sort().map((g) => (
                      <th key={g} scope="col">
                        {g}
                        <br />
                        <span className="muted">segments / respondents</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {e.themes.map((t) => (
                    <tr key={t.codeId}>
                      <th scope="row">{t.name}</th>
                      <td className="num">{t.segments}</td>
                      <td className="num">{t.respondents}</td>
                      {[...new Set(e.themes.flatMap((x) => x.byGroup.map((g) => g.label)))].sort().map((g) => {
                        const cell = t.byGroup.find((x) => x.label === g);
                        return (
                          <td key={g} className="num">
                            {cell ? `${cell.segments} / ${cell.respondents}` : '0 / 0'}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
              {e.core ? <p>Core category: “{e.core.name}”{e.core.linked ? ', linked to this question.' : ' (not linked to this question).'}</p> : null}
              {e.relations.length > 0 ? (
                <ul>
                  {e.relations.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              ) : null}
            </section>
          ) : null}

          <section aria-labelledby={`${id}-voices`} className="evidence-section">
            <h3 id={`${id}-voices`}>Voices ({e.voices.length})</h3>
            {e.voicesExcluded > 0 ? (
              <p className="notice" data-testid="voices-excluded">
                {e.voicesExcluded} marked quote{e.voicesExcluded === 1 ? '' : 's'} left out: the respondent{e.voicesExcluded === 1 ? '' : 's'} did not agree to be quoted.
              </p>
            ) : null}
            {e.voices.length === 0 ? <p className="muted">No marked quotes under the linked codes. Mark segments as quotes in the coding workbench.</p> : null}
            <ul className="quote-list">
              {e.voices.map((v) => (
                <li key={v.codingId} data-testid="voice">
                  <blockquote>“{withFlagsMarked(v)}”</blockquote> <span className="attribution">{v.attribution}</span> <span className="muted">{v.codeName}</span>{' '}
                  {v.flagged.length > 0 ? <span className="badge">flagged: {[...new Set(v.flagged.map((f) => f.term))].join(', ')}</span> : null}{' '}
                  <button type="button" className="link" onClick={() => onOpenPlace({ interviewId: v.interviewId, noteId: v.noteId, start: v.start, end: v.end })}>
                    Open in the note
                  </button>
                </li>
              ))}
            </ul>
          </section>

          {e.rqa.length > 0 ? (
            <section aria-labelledby={`${id}-rqa`} className="evidence-section">
              <h3 id={`${id}-rqa`}>Rapid analysis summaries</h3>
              <ul className="rqa-summaries" data-testid="rqa-summaries">
                {e.rqa.map((c) => (
                  <li key={`${c.respondent}:${c.domain}`}>
                    <strong>
                      {c.domainLabel} {c.attribution}
                    </strong>
                    : {c.summary}
                    {c.quoteConsent ? null : <span className="badge">no quote consent: left out of the report</span>}
                    {c.noteId !== null ? (
                      <>
                        {' '}
                        <button type="button" className="link" onClick={() => onOpenPlace({ interviewId: c.interviewId, noteId: c.noteId!, start: 0, end: 0 })}>
                          from {c.noteLabel ?? 'the notes'}
                        </button>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          {e.memos.length > 0 ? (
            <section aria-labelledby={`${id}-memos`} className="evidence-section">
              <h3 id={`${id}-memos`}>Memos</h3>
              {e.memos.map((m, i) => (
                <div key={i} className="memo">
                  <p>
                    <strong>
                      {m.codeName}
                      {m.title !== '' ? `, “${m.title}”` : ''} ({m.initials})
                    </strong>
                  </p>
                  <p className="memo-body">{m.body}</p>
                </div>
              ))}
            </section>
          ) : null}

          <section aria-labelledby={`${id}-gaps`} className="evidence-section">
            <h3 id={`${id}-gaps`}>Gaps</h3>
            {e.gaps.length === 0 ? <p className="muted">None found.</p> : null}
            <ul data-testid="gaps">
              {e.gaps.map((g) => (
                <li key={g}>{g}</li>
              ))}
            </ul>
          </section>
        </article>
      )}
    </div>
  );
}
