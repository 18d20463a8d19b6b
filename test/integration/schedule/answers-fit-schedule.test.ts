/**
 * An answer the schedule cannot hold (a code that is not a choice, a question the schedule
 * lacks) is refused on every write, with the interview, question and value named: the API the
 * runner uses and a JSON import. Before, such a value got in and later stopped the SPSS export
 * of the whole project with a generic error.
 */
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildJsonExport, importJson } from '../../../electron/team/json-exchange';
import { JsonImportError, MANIFEST_FILE } from '../../../electron/team/json-format';
import { ProjectStore } from '../../../electron/store/project-store';
import { PASS, tempDir } from '../../support/temp';
import { call, callError, services } from '../team/team-support';

const respondent = { organisationNumber: '7', locationNumber: '3', agencyGroup: 'police', organisationType: 'ngo', focusOfWork: '', consentGiven: true as const, consentMode: 'verbal' as const, quoteConsent: false };

async function projectWithInterview(dir: string) {
  const s = services(dir);
  await call(s, 'project.create', { path: 'answers', title: 'Answers', passphrase: PASS, passphraseConfirm: PASS });
  const { imported } = await call(s, 'schedule.importExample', {});
  const detail = await call(s, 'interview.start', {
    scheduleId: imported!.id,
    sessionType: 'small-group',
    answerMode: 'per-participant',
    language: 'en',
    interviewer: 'AB',
    heldAt: '2026-03-01T09:00',
    participants: [respondent, respondent],
  });
  return { s, interviewId: detail.summary.id, participants: detail.participants };
}

describe('answers outside the schedule', () => {
  it('the API refuses a code that is not a choice, a question the schedule lacks, a note, and a stranger', async () => {
    const dir = tempDir();
    const { s, interviewId, participants } = await projectWithInterview(dir);
    const answer = (question: string, value: string, participantId = participants[0]!.id) => callError(s, 'interview.answer', { interviewId, participantId, question, value, state: 'answered' });
    expect(await answer('q3_collab', '7')).toEqual({ code: 'invalid_input', message: 'Interview 1, 2, question q3_collab: "7" is not a choice of "q3_collab" (its choices are 1, 2, 9). Pick one of those codes.' });
    expect((await answer('q5a_types', '1 5 96')).message).toContain('"5" is not a choice of "q5a_types"');
    expect((await answer('q99_missing', '1')).message).toMatch(/^Interview 1, 2, question q99_missing: the schedule ".+" has no question "q99_missing"\. Use a question name from the schedule\.$/);
    expect((await answer('intro', 'x')).message).toContain('is a note to read out');
    expect((await answer('q3_collab', '1', 'someone-else')).message).toContain('a respondent who is not in this interview');
    // What fits goes in: codes, several codes, typed text, declined.
    await call(s, 'interview.answer', { interviewId, participantId: participants[0]!.id, question: 'q3_collab', value: '9', state: 'answered' });
    await call(s, 'interview.answer', { interviewId, participantId: participants[0]!.id, question: 'q5a_types', value: '1 96', state: 'answered' });
    await call(s, 'interview.answer', { interviewId, participantId: '', question: 'q3a_how', value: 'Joint reviews', state: 'answered' });
    await call(s, 'interview.answer', { interviewId, participantId: participants[1]!.id, question: 'q3_collab', value: '', state: 'declined' });
    const stored = (await call(s, 'interview.get', { id: interviewId })).answers.map((a) => `${a.question}=${a.value}`);
    expect(stored).toEqual(['q3_collab=9', 'q5a_types=1 96', 'q3a_how=Joint reviews', 'q3_collab=']);
    // The SPSS export of the project still works.
    const exported = await call(s, 'export.spss', { unit: 'respondent', includeText: false });
    expect(exported.rows).toBe(2);
  });

  it('a JSON import with such an answer is refused with the file and JSON path, and imports nothing', async () => {
    const dir = tempDir();
    const { s, interviewId, participants } = await projectWithInterview(dir);
    await call(s, 'interview.answer', { interviewId, participantId: participants[0]!.id, question: 'q3_collab', value: '1', state: 'answered' });
    await call(s, 'project.close', {});
    const source = ProjectStore.open(nodePath.join(dir, 'answers.fieldnote'), PASS, { readOnly: true });
    const files = buildJsonExport(source.db, 'Answers');
    source.close();
    const file = Object.keys(files).find((k) => k !== MANIFEST_FILE)!;
    const tamper = (change: (a: { question: string; value: string }) => void) => {
      const interview = JSON.parse(files[file]!) as { answers: { question: string; value: string }[] };
      change(interview.answers[0]!);
      return { ...files, [file]: JSON.stringify(interview) };
    };
    const target = ProjectStore.create(nodePath.join(dir, 'target.fieldnote'), PASS, { title: 'Target' });
    try {
      const attempt = (f: Record<string, string>) => {
        try {
          importJson(target.db, f, 'device');
        } catch (error) {
          return error;
        }
        return null;
      };
      const badValue = attempt(tamper((a) => (a.value = '7')));
      expect(badValue).toBeInstanceOf(JsonImportError);
      expect((badValue as Error).message).toBe(`${file} at $.answers[0].value: "7" is not a choice of "q3_collab" (its choices are 1, 2, 9). Pick one of those codes.`);
      const badQuestion = attempt(tamper((a) => (a.question = 'q99_missing')));
      expect((badQuestion as Error).message).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')} at \\$\\.answers\\[0\\]\\.question: .*has no question "q99_missing"`));
      expect(target.db.prepare('SELECT count(*) FROM interview').pluck().get()).toBe(0);
      expect(attempt(files)).toBeNull();
      expect(target.db.prepare('SELECT count(*) FROM answer').pluck().get()).toBe(1);
    } finally {
      target.close();
    }
  });
});
