/** The disagreements between two coders, settled one at a time (accept A, accept B, keep both, neither) with undo, and the record of decisions. */
import { useState } from 'react';
import type { AgreementOutput, DisagreementOutput } from '../../../shared/api/agreement';
import { ErrorMessage } from '../components/form';
import { useMutation, useQuery } from '../use-api';
import { currentInitials, useInitials } from './coding-basics';
import type { NotePlace } from './note-place';

type Decision = 'accept-a' | 'accept-b' | 'keep-both' | 'neither';

const clip = (text: string, n = 280) => (text.length > n ? `${text.slice(0, n)}…` : text);

const DECISION_LABEL: Record<Decision, string> = { 'accept-a': 'Accept A', 'accept-b': 'Accept B', 'keep-both': 'Keep both', neither: 'Neither' };

export function Disagreements({ result, onChanged, onOpenPlace }: { result: AgreementOutput; onChanged: () => Promise<void>; onOpenPlace: (place: NotePlace) => void }) {
  const [initials, setInitials] = useInitials();
  const [comments, setComments] = useState<Record<string, string>>({});
  const [showSettled, setShowSettled] = useState(true);
  const adjudicate = useMutation('agreement.adjudicate');
  const undoDecision = useMutation('agreement.undoDecision');
  const busy = adjudicate.running || undoDecision.running;
  const list = result.disagreements.filter((d) => showSettled || d.decision === null);
  const open = result.disagreements.filter((d) => d.decision === null).length;
  const decide = (d: DisagreementOutput, decision: Decision) => {
    if (currentInitials() === '') return adjudicate.setError('Type your initials first: every decision records who made it.');
    undoDecision.setError(null);
    void adjudicate
      .run({ unit: result.unit, noteId: d.noteId, unitStart: d.unitStart, unitEnd: d.unitEnd, codeId: d.codeId, coderA: result.coderA.id, coderB: result.coderB.id, decision, comment: comments[d.key] ?? '', initials: currentInitials() })
      .then((done) => done && onChanged());
  };
  return (
    <div className="disagreements" data-testid="disagreements">
      <h3>
        Disagreements: {result.disagreements.length} ({open} to settle)
      </h3>
      <div className="inline-fields">
        <label htmlFor="adjudication-initials">Your initials</label>
        <input id="adjudication-initials" className="initials" maxLength={10} value={initials} onChange={(e) => setInitials(e.target.value)} />
        <label className="check">
          <input type="checkbox" checked={showSettled} onChange={(e) => setShowSettled(e.target.checked)} /> show settled ones
        </label>
      </div>
      <ErrorMessage message={adjudicate.error ?? undoDecision.error} />
      <ol className="disagreement-list">
        {list.map((d) => (
          <li key={d.key} data-testid="disagreement" data-code={d.codeName} data-decision={d.decision ?? ''}>
            <p>
              <strong>{d.codeName}</strong> · respondent {d.interviewLabel} · {d.question === '' ? 'general notes' : `question ${d.question}`}{' '}
              <button type="button" className="link" onClick={() => onOpenPlace({ interviewId: d.interviewId, noteId: d.noteId, start: d.unitStart, end: d.unitEnd })}>
                open in the note
              </button>
            </p>
            <blockquote className="unit-text">{clip(d.unitText)}</blockquote>
            <p>
              <span className="badge coder-badge">A {result.coderA.initials}</span> {d.a.length > 0 ? d.a.map((s) => `“${clip(s.text, 160)}”`).join(' · ') : <em>did not code it here</em>}
            </p>
            <p>
              <span className="badge coder-badge coder-other">B {result.coderB.initials}</span> {d.b.length > 0 ? d.b.map((s) => `“${clip(s.text, 160)}”`).join(' · ') : <em>did not code it here</em>}
            </p>
            {d.decision === null ? (
              <div className="inline-fields">
                <label htmlFor={`comment-${d.key}`}>Comment</label>
                <input id={`comment-${d.key}`} className="comment" value={comments[d.key] ?? ''} maxLength={10_000} onChange={(e) => setComments((c) => ({ ...c, [d.key]: e.target.value }))} placeholder="Why (kept on the note, at this text)" />
                {(Object.keys(DECISION_LABEL) as Decision[]).map((k) => (
                  <button key={k} type="button" disabled={busy} onClick={() => decide(d, k)}>
                    {DECISION_LABEL[k]}
                  </button>
                ))}
              </div>
            ) : (
              <p>
                Settled: <strong data-testid="decision">{DECISION_LABEL[d.decision]}</strong>{' '}
                {d.adjudicationId !== null ? (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() =>
                      void undoDecision.run({ id: d.adjudicationId as string }).then((done) => done && onChanged())
                    }
                  >
                    Undo decision
                  </button>
                ) : null}
              </p>
            )}
          </li>
        ))}
      </ol>
      {result.disagreements.length === 0 ? <p className="muted">The two coders agree on every unit.</p> : null}
      <DecisionHistory result={result} />
    </div>
  );
}

/** Every decision between these two coders, undone ones too: the record of how the disagreements were settled. */
function DecisionHistory({ result }: { result: AgreementOutput }) {
  // Loaded again with every new result: a decision or its undo changes both.
  const decisions = useQuery('agreement.decisions', {}, [result]).data?.decisions ?? [];
  const pair = new Set([result.coderA.id, result.coderB.id]);
  const mine = decisions.filter((d) => pair.has(d.coderA) && pair.has(d.coderB));
  if (mine.length === 0) return null;
  const names = new Map(result.codes.map((c) => [c.codeId, c.codePath.join(' › ')]));
  const initials = new Map([
    [result.coderA.id, result.coderA.initials],
    [result.coderB.id, result.coderB.initials],
  ]);
  // A decision names its A and B as they were when it was made.
  const label = (d: (typeof mine)[number]) =>
    d.decision === 'accept-a' ? `accept ${initials.get(d.coderA) ?? 'A'}` : d.decision === 'accept-b' ? `accept ${initials.get(d.coderB) ?? 'B'}` : d.decision === 'keep-both' ? 'keep both' : 'neither';
  return (
    <details className="decision-history" data-testid="decision-history">
      <summary>Decision history ({mine.length})</summary>
      <ol>
        {mine.map((d) => (
          <li key={d.id} data-undone={d.undoneAt !== null}>
            {d.decidedAt.slice(0, 16).replace('T', ' ')} · {d.initials} · {names.get(d.codeId) ?? 'code'} ({d.unit === 'answer' ? 'answer' : 'sentence'}): <strong>{label(d)}</strong>
            {d.removedCodings > 0 ? `, ${d.removedCodings} segment(s) removed` : ''}
            {d.comment !== '' ? ` — “${clip(d.comment, 120)}”` : ''}
            {d.undoneAt !== null ? <em> (undone {d.undoneAt.slice(0, 16).replace('T', ' ')})</em> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}
