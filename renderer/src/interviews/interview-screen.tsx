/**
 * One interview after the fact: who (IDs and attributes), how it went (ended early and
 * why), its review status, and every question's answer and note, with notes editable for
 * clean-up and reviewers' comments anchored in them.
 */
import { useMemo, useState } from 'react';
import type { Answer, InterviewDetail, ProjectSettings, ReviewComment } from '../../../shared/api/contract';
import type { Question, Schedule } from '../../../shared/schedule/model';
import { call } from '../api';
import { ErrorMessage } from '../components/form';
import { SaveIndicator, SaveStatus, SaveStatusContext } from '../editor/save-status';
import { InterviewLogic, MISSING_REASON_TEXT, STATE_TEXT, indexSchedule, type RunnerItem } from '../runner/interview-logic';
import { interviewLanguages, languageName, textIn } from '../runner/language';
import { CorrectAnswerForm, CorrectionTrail, type CorrectionTarget } from './answer-correction';
import { attributeLabel, formatDateTime, sessionTypeText } from './format';
import { ReviewNote } from './review-note';
import { StatusPanel } from './status-panel';
import { useNavigation } from '../navigation';
import { useLoad } from '../use-api';

interface Loaded {
  detail: InterviewDetail;
  terms: string[];
  settings: ProjectSettings;
}

export function InterviewScreen({ interviewId }: { interviewId: string }) {
  const { open } = useNavigation();
  const { data: loaded, error } = useLoad(async (): Promise<Loaded> => {
    const [detail, flagged, settings] = await Promise.all([call('interview.get', { id: interviewId }), call('flaggedTerms.list', {}), call('projectSettings.get', {})]);
    return { detail, terms: flagged.terms.map((t) => t.term), settings };
  }, [interviewId]);
  if (!loaded) {
    return (
      <main className="screen" data-screen="interview" aria-busy="true">
        <ErrorMessage message={error} />
      </main>
    );
  }
  return <InterviewReview {...loaded} onResume={(id) => open({ name: 'runner', interviewId: id })} onBack={() => open({ name: 'interviews' })} />;
}

function answerText(schedule: Schedule, question: Question, answer: Answer, language: string): string {
  if (answer.state === 'declined') return answer.missingReason ? `No answer: ${MISSING_REASON_TEXT[answer.missingReason]}` : 'Declined';
  if (question.type !== 'select_one' && question.type !== 'select_multiple') return answer.value;
  const list = schedule.choiceLists.find((l) => l.name === question.listName);
  return answer.value
    .split(' ')
    .map((code) => {
      const choice = list?.choices.find((c) => c.name === code);
      return choice ? `${code} ${textIn(schedule, choice.label, language)}` : code;
    })
    .join('; ');
}

function InterviewReview({ detail: initial, terms, settings, onResume, onBack }: Loaded & { onResume: (id: string) => void; onBack: () => void }) {
  const [detail, setDetail] = useState(initial);
  const [comments, setComments] = useState<ReviewComment[]>(initial.comments);
  const [initials, setInitials] = useState('');
  const [adding, setAdding] = useState<Set<string>>(() => new Set());
  const [correcting, setCorrecting] = useState<string | null>(null);
  const [status] = useState(() => new SaveStatus());
  const { schedule, summary } = detail;
  const language = interviewLanguages(schedule, summary.language)[0] ?? '';
  const logic = useMemo(() => new InterviewLogic(indexSchedule(schedule), detail, detail.answers, detail.primaryOnly), [schedule, detail]);
  const notes = new Map(detail.notes.map((n) => [n.question, n]));
  const speakers = detail.participants;
  const who = (participantId: string) => {
    const p = detail.participants.find((x) => x.id === participantId);
    return p ? `P${p.position} · ID ${p.respondentCode}` : '';
  };

  const renderQuestion = (item: RunnerItem) => {
    const q = item.question;
    if (q.type === 'note') return null;
    const state = logic.state(q);
    const answers = detail.answers.filter((a) => a.question === q.name);
    const note = notes.get(q.name);
    const corrections = detail.corrections.filter((c) => c.question === q.name);
    const skippedQuietly = answers.length === 0 && !note && corrections.length === 0 && correcting !== q.name && (state === 'skipped' || state === 'probe-skipped');
    const targets: CorrectionTarget[] =
      logic.perParticipant ? detail.participants.map((p) => ({ participantId: p.id, label: `P${p.position} · ID ${p.respondentCode}` })) : [{ participantId: '', label: 'Session' }];
    return (
      <li key={q.name} className={`review-question state-${state}`} data-question={q.name} data-state={state}>
        <div className="review-question-head">
          <span className="review-question-label">{textIn(schedule, q.label, language) || q.name}</span>
          <span className="outline-state">{state === 'not-asked' ? 'no answer' : STATE_TEXT[state]}</span>
        </div>
        {skippedQuietly ? null : (
          <>
            <ul className="review-answers">
              {answers.map((a) => (
                <li key={a.participantId} data-testid="review-answer" className={a.state}>
                  {a.participantId ? <span className="muted">{who(a.participantId)}: </span> : null}
                  {answerText(schedule, q, a, language)}
                </li>
              ))}
            </ul>
            <CorrectionTrail schedule={schedule} question={q} corrections={corrections} language={language} who={who} />
            {correcting === q.name ? (
              <CorrectAnswerForm
                detail={detail}
                question={q}
                targets={targets}
                language={language}
                initials={initials}
                onInitials={setInitials}
                onDone={(next) => {
                  setDetail(next);
                  setCorrecting(null);
                }}
                onCancel={() => setCorrecting(null)}
              />
            ) : (
              <button type="button" className="link" onClick={() => setCorrecting(q.name)} aria-label={`Correct the answer to ${q.name}`}>
                Correct the answer
              </button>
            )}
            {note || adding.has(q.name) ? (
              <ReviewNote
                interviewId={summary.id}
                question={q.name}
                title={`Notes on ${q.name}`}
                note={note}
                comments={comments}
                flaggedTerms={terms}
                speakers={speakers}
                initials={initials}
                onInitials={setInitials}
                onComments={setComments}
              />
            ) : (
              <button type="button" className="link" onClick={() => setAdding(new Set(adding).add(q.name))}>
                Add a note
              </button>
            )}
          </>
        )}
      </li>
    );
  };

  return (
    <SaveStatusContext.Provider value={status}>
      <main className="screen review" data-screen="interview">
        <div className="screen-head">
          <h1>
            Interview <span data-testid="interview-ids">{summary.respondentCodes.join(', ')}</span>
          </h1>
          <div className="actions compact">
            <SaveIndicator status={status} />
            {summary.status === 'draft' && !summary.finished ? (
              <button type="button" className="primary" onClick={() => onResume(summary.id)}>
                Resume interview
              </button>
            ) : null}
            <button type="button" onClick={onBack}>
              All interviews
            </button>
          </div>
        </div>
        <p className="muted">
          {summary.scheduleTitle} (version {summary.scheduleVersion}) · {sessionTypeText(summary.sessionType, detail.participantCount)} ·{' '}
          {interviewLanguages(schedule, summary.language)
            .map((l) => languageName(schedule, l))
            .join(' + ')}{' '}
          · {formatDateTime(summary.heldAt)} · interviewer {summary.interviewer}
          {detail.primaryOnly ? ' · primary questions only' : ''}
        </p>
        {summary.endedEarly ? (
          <p className="notice" data-testid="ended-early">
            Ended early{detail.endedEarlyAtQuestion ? ` at ${detail.endedEarlyAtQuestion}` : ''}: {detail.endReason}
          </p>
        ) : !summary.finished ? (
          <p className="notice">This interview has not been finished yet.</p>
        ) : null}

        <table className="data-table participants-table">
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">Organisation no.</th>
              <th scope="col">Location no.</th>
              <th scope="col">Agency group</th>
              <th scope="col">Organisation type</th>
              <th scope="col">Focus of work</th>
              <th scope="col">Consent</th>
              <th scope="col">Anonymous quotes</th>
            </tr>
          </thead>
          <tbody>
            {detail.participants.map((p) => (
              <tr key={p.id}>
                <td>{p.respondentCode}</td>
                <td>{p.organisationNumber}</td>
                <td>{p.locationNumber}</td>
                <td>{attributeLabel(settings.agencyGroups, p.agencyGroup)}</td>
                <td>{attributeLabel(settings.organisationTypes, p.organisationType)}</td>
                <td>{attributeLabel(settings.focusOfWork, p.focusOfWork)}</td>
                <td>{p.consentMode}</td>
                <td>{p.quoteConsent ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>

        <StatusPanel detail={detail} comments={comments} initials={initials} onInitials={setInitials} onChanged={setDetail} />

        <section className="review-general">
          <ReviewNote
            interviewId={summary.id}
            question=""
            title="General notes"
            note={notes.get('')}
            comments={comments}
            flaggedTerms={terms}
            speakers={speakers}
            initials={initials}
            onInitials={setInitials}
            onComments={setComments}
          />
        </section>
        <section aria-labelledby="answers-heading">
          <h2 id="answers-heading">Answers and notes</h2>
          <ol className="review-list">{logic.index.items.map(renderQuestion)}</ol>
        </section>
      </main>
    </SaveStatusContext.Provider>
  );
}
