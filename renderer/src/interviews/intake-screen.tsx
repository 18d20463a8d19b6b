/**
 * Intake: which schedule, what kind of session, who takes part (ID numbers and attributes,
 * never names) and their consent. The interview cannot start until everyone has consented.
 * Respondent IDs are assigned by the services when it starts, and shown here.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { InterviewDetail, ProjectSettings, ScheduleSummary } from '../../../shared/api/contract';
import type { Schedule } from '../../../shared/schedule/model';
import { call } from '../api';
import { ErrorMessage } from '../components/form';
import { languageOptions } from '../runner/language';
import { useAction } from '../use-async';
import { localDateTimeNow, sessionTypeText } from './format';
import { EMPTY_PARTICIPANT, ParticipantFields, consentProblems, type ParticipantDraft } from './participant-fields';
import { useNavigation } from '../navigation';

type SessionType = InterviewDetail['summary']['sessionType'];

export function IntakeScreen() {
  const { open } = useNavigation();
  const [schedules, setSchedules] = useState<ScheduleSummary[] | null>(null);
  const [settings, setSettings] = useState<ProjectSettings | null>(null);
  const [scheduleId, setScheduleId] = useState('');
  const [schedule, setSchedule] = useState<Schedule | null>(null);
  const [sessionType, setSessionType] = useState<SessionType>('one-on-one');
  const [groupSize, setGroupSize] = useState(2);
  const [focusCount, setFocusCount] = useState('6');
  const [answerMode, setAnswerMode] = useState<'shared' | 'per-participant'>('shared');
  const [participants, setParticipants] = useState<ParticipantDraft[]>([EMPTY_PARTICIPANT, EMPTY_PARTICIPANT, EMPTY_PARTICIPANT]);
  const [language, setLanguage] = useState('');
  const [interviewer, setInterviewer] = useState('');
  const [heldAt, setHeldAt] = useState(() => localDateTimeNow());
  const [started, setStarted] = useState<InterviewDetail | null>(null);
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    void run(async () => {
      const [list, project] = await Promise.all([call('schedule.list', {}), call('projectSettings.get', {})]);
      const latest = list.schedules.filter((s) => !s.superseded);
      setSchedules(latest);
      setSettings(project);
      if (latest[0]) setScheduleId(latest[0].id);
    });
  }, [run]);

  useEffect(() => {
    if (!scheduleId) return;
    void run(async () => {
      const [loaded, lists] = await Promise.all([call('schedule.get', { id: scheduleId }), call('projectSettings.forSchedule', { scheduleId })]);
      setSchedule(loaded.schedule);
      setSettings(lists);
      const options = languageOptions(loaded.schedule);
      setLanguage((current) => (options.some((o) => o.value === current) ? current : (options[0]?.value ?? '')));
    });
  }, [scheduleId, run]);

  const blocks = sessionType === 'one-on-one' ? 1 : sessionType === 'small-group' ? groupSize : 1;
  const focusNumber = Number(focusCount);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const shown = participants.slice(0, blocks);
    const missing = shown.map((p, i) => ({ who: blockTitle(sessionType, i, blocks), problems: consentProblems(p) })).filter((m) => m.problems.length > 0);
    if (missing.length > 0) {
      setError(`The interview cannot start without consent. Still needed: ${missing.map((m) => `${m.who}: ${m.problems.join(', ')}`).join('; ')}.`);
      return;
    }
    if (sessionType === 'focus-group' && (!Number.isInteger(focusNumber) || focusNumber < 2 || focusNumber > 40)) {
      setError('A focus group has from 2 to 40 participants.');
      return;
    }
    const held = new Date(heldAt);
    if (Number.isNaN(held.getTime())) {
      setError('Give the date and time of the interview.');
      return;
    }
    if (interviewer.trim() === '') {
      setError('Type the interviewer’s initials.');
      return;
    }
    const toInput = (p: ParticipantDraft) => ({
      organisationNumber: p.organisationNumber.trim(),
      locationNumber: p.locationNumber.trim(),
      agencyGroup: p.agencyGroup,
      organisationType: p.organisationType,
      focusOfWork: p.focusOfWork,
      consentGiven: true as const,
      consentMode: p.consentMode as 'written' | 'verbal',
      quoteConsent: p.quoteConsent === 'yes',
    });
    const input = sessionType === 'focus-group' ? Array.from({ length: focusNumber }, () => toInput(shown[0]!)) : shown.map(toInput);
    void run(async () => {
      const detail = await call('interview.start', {
        scheduleId,
        sessionType,
        answerMode: sessionType === 'small-group' ? answerMode : 'shared',
        language,
        interviewer: interviewer.trim(),
        heldAt: held.toISOString(),
        participants: input,
      });
      setStarted(detail);
    });
  };

  if (started) return <Started detail={started} onBegin={() => open({ name: 'runner', interviewId: started.summary.id })} />;

  return (
    <main className="screen" data-screen="intake">
      <h1>New interview</h1>
      <p className="muted">Respondents are recorded by ID number and attributes only; IDs are assigned when the interview starts.</p>
      {schedules && schedules.length === 0 ? <p className="notice">Import a schedule on the project page first.</p> : null}
      {settings && schedules && schedules.length > 0 ? (
        <form onSubmit={submit} noValidate className="intake-form">
          <div className="row-fields">
            <div className="field">
              <label htmlFor="intake-schedule">Schedule</label>
              <select id="intake-schedule" value={scheduleId} onChange={(e) => setScheduleId(e.target.value)}>
                {schedules.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.title} (version {s.version})
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="intake-language">Interview language</label>
              <select id="intake-language" value={language} onChange={(e) => setLanguage(e.target.value)}>
                {(schedule ? languageOptions(schedule) : []).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
          </div>

          <fieldset className="radio-row session-type">
            <legend>Session</legend>
            {(['one-on-one', 'small-group', 'focus-group'] as const).map((type) => (
              <label key={type} className="inline-check">
                <input type="radio" name="session-type" value={type} checked={sessionType === type} onChange={() => setSessionType(type)} /> {sessionTypeText(type)}
              </label>
            ))}
          </fieldset>
          {sessionType === 'small-group' ? (
            <div className="row-fields">
              <div className="field">
                <label htmlFor="intake-group-size">Respondents</label>
                <select id="intake-group-size" value={groupSize} onChange={(e) => setGroupSize(Number(e.target.value))}>
                  <option value={2}>2</option>
                  <option value={3}>3</option>
                </select>
              </div>
              <fieldset className="radio-row">
                <legend>Answers</legend>
                <label className="inline-check">
                  <input type="radio" name="answer-mode" checked={answerMode === 'shared'} onChange={() => setAnswerMode('shared')} /> Once for the group
                </label>
                <label className="inline-check">
                  <input type="radio" name="answer-mode" checked={answerMode === 'per-participant'} onChange={() => setAnswerMode('per-participant')} /> For each respondent
                </label>
              </fieldset>
            </div>
          ) : null}
          {sessionType === 'focus-group' ? (
            <div className="field narrow-field">
              <label htmlFor="intake-focus-count">Number of participants</label>
              <input id="intake-focus-count" inputMode="numeric" value={focusCount} onChange={(e) => setFocusCount(e.target.value)} />
            </div>
          ) : null}

          {participants.slice(0, blocks).map((p, i) => (
            <ParticipantFields
              key={i}
              idPrefix={`p${i + 1}`}
              title={blockTitle(sessionType, i, blocks)}
              group={sessionType === 'focus-group'}
              draft={p}
              settings={settings}
              onChange={(next) => setParticipants(participants.map((old, j) => (j === i ? next : old)))}
            />
          ))}

          <div className="row-fields">
            <div className="field">
              <label htmlFor="intake-interviewer">Interviewer initials</label>
              <input id="intake-interviewer" maxLength={10} autoComplete="off" value={interviewer} onChange={(e) => setInterviewer(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="intake-held-at">Date and time</label>
              <input id="intake-held-at" type="datetime-local" value={heldAt} onChange={(e) => setHeldAt(e.target.value)} />
            </div>
          </div>
          <ErrorMessage message={error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || !schedule}>
              Start interview
            </button>
            <button type="button" onClick={() => open({ name: 'home' })}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <ErrorMessage message={error} />
      )}
    </main>
  );
}

function blockTitle(type: SessionType, i: number, count: number): string {
  if (type === 'focus-group') return 'The group';
  return count === 1 ? 'Respondent' : `Respondent ${i + 1}`;
}

function Started({ detail, onBegin }: { detail: InterviewDetail; onBegin: () => void }) {
  return (
    <main className="screen narrow" data-screen="intake-done">
      <h1>Interview ready</h1>
      <p>
        Respondent ID{detail.participants.length > 1 ? 's' : ''}: <strong data-testid="assigned-ids">{detail.participants.map((p) => p.respondentCode).join(', ')}</strong>
      </p>
      <p className="muted">Write the ID on the consent form, not a name.</p>
      <div className="actions">
        <button type="button" className="primary" autoFocus onClick={onBegin}>
          Begin interview
        </button>
      </div>
    </main>
  );
}
