/**
 * Corrections while cleaning: an ended interview's answer changes with an audit row (who, when,
 * old value, new value, why); bad corrections are refused with a located message; the trail and
 * the reasons for missing required answers travel through the JSON export and back.
 */
import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../../electron/store/project-store';
import { buildJsonExport, importJson } from '../../../electron/team/json-exchange';
import { PASS, tempDir } from '../../support/temp';
import { call, callError, services } from '../team/team-support';

const respondent = { organisationNumber: '7', locationNumber: '3', agencyGroup: 'police', organisationType: 'ngo', focusOfWork: '', consentGiven: true as const, consentMode: 'verbal' as const, quoteConsent: false };

describe('corrections after the interview', () => {
  it('correct an ended interview: the answer changes and the audit row keeps who, when, old, new and why', async () => {
    const dir = tempDir();
    const s = services(dir);
    await call(s, 'project.create', { path: 'clean', title: 'Clean', passphrase: PASS, passphraseConfirm: PASS });
    const { imported } = await call(s, 'schedule.importExample', {});
    const started = await call(s, 'interview.start', { scheduleId: imported!.id, sessionType: 'one-on-one', answerMode: 'shared', language: 'en', interviewer: 'AB', heldAt: '2026-03-01T09:00', participants: [respondent] });
    const interviewId = started.summary.id;
    await call(s, 'interview.answer', { interviewId, participantId: '', question: 'consent', value: '1', state: 'answered' });
    await call(s, 'interview.answer', { interviewId, participantId: '', question: 'resp_id', value: '', state: 'declined', missingReason: 'out-of-time' });
    await call(s, 'interview.finish', { id: interviewId, early: true, atQuestion: 'q2_familiar', reason: 'Called away' });

    const corrected = await call(s, 'interview.correctAnswer', { interviewId, participantId: '', question: 'consent', value: '2', state: 'answered', reason: 'Keyed 1 by mistake', initials: 'CD' });
    expect(corrected.answers.find((a) => a.question === 'consent')).toMatchObject({ value: '2', state: 'answered' });
    expect(corrected.corrections).toEqual([
      { id: expect.any(String), participantId: '', question: 'consent', oldValue: '1', oldState: 'answered', newValue: '2', newState: 'answered', reason: 'Keyed 1 by mistake', initials: 'CD', correctedAt: expect.any(String) },
    ]);
    // A question with no answer gets one; an answer can be removed; each leaves a row.
    await call(s, 'interview.correctAnswer', { interviewId, participantId: '', question: 'q1_priorities', value: 'Training', state: 'answered', reason: 'From the notes', initials: 'CD' });
    const removed = await call(s, 'interview.correctAnswer', { interviewId, participantId: '', question: 'q1_priorities', value: '', state: 'none', reason: 'Not said by the respondent', initials: 'EF' });
    expect(removed.answers.some((a) => a.question === 'q1_priorities')).toBe(false);
    expect(removed.corrections.map((c) => `${c.oldState}:${c.oldValue}→${c.newState}:${c.newValue} ${c.initials}`)).toEqual(['answered:1→answered:2 CD', 'none:→answered:Training CD', 'answered:Training→none: EF']);
    expect(removed.answers.find((a) => a.question === 'resp_id')).toMatchObject({ state: 'declined', missingReason: 'out-of-time' });

    // Refused, with the question named: no reason, the same value, a code that is not a choice.
    expect(await callError(s, 'interview.correctAnswer', { interviewId, participantId: '', question: 'consent', value: '1', state: 'answered', reason: ' ', initials: 'CD' })).toMatchObject({ code: 'invalid_input' });
    expect((await callError(s, 'interview.correctAnswer', { interviewId, participantId: '', question: 'consent', value: '2', state: 'answered', reason: 'again', initials: 'CD' })).message).toBe(
      'Question consent: the corrected answer is the same as the one recorded.',
    );
    expect((await callError(s, 'interview.correctAnswer', { interviewId, participantId: '', question: 'consent', value: '7', state: 'answered', reason: 'x', initials: 'CD' })).message).toContain('"7" is not a choice of "consent"');
    expect((await call(s, 'interview.get', { id: interviewId })).corrections).toHaveLength(3);

    // The JSON export carries the trail and the missing reason; importing it gives them back.
    await call(s, 'project.close', {});
    const source = ProjectStore.open(nodePath.join(dir, 'clean.fieldnote'), PASS, { readOnly: true });
    const files = buildJsonExport(source.db, 'Clean');
    const trail = (db: ProjectStore['db']) => db.prepare('SELECT interview_id, participant_id, question, old_value, old_state, new_value, new_state, reason, initials, corrected_at FROM answer_correction ORDER BY corrected_at, rowid').all();
    const reasons = (db: ProjectStore['db']) => db.prepare("SELECT question, missing_reason FROM answer WHERE missing_reason <> ''").all();
    const expected = { trail: trail(source.db), reasons: reasons(source.db) };
    source.close();
    const interviewFile = JSON.parse(files[Object.keys(files).find((f) => f.startsWith('interviews/'))!]!) as { corrections: unknown[]; answers: { question: string; missingReason?: string }[] };
    expect(interviewFile.corrections).toHaveLength(3);
    expect(interviewFile.answers.find((a) => a.question === 'resp_id')?.missingReason).toBe('out-of-time');
    const target = ProjectStore.create(nodePath.join(dir, 'target.fieldnote'), PASS, { title: 'Target' });
    try {
      importJson(target.db, files, 'other-device');
      expect({ trail: trail(target.db), reasons: reasons(target.db) }).toEqual(expected);
      expect(buildJsonExport(target.db, 'Clean')[Object.keys(files).find((f) => f.startsWith('interviews/'))!]).toBe(files[Object.keys(files).find((f) => f.startsWith('interviews/'))!]);
    } finally {
      target.close();
    }
  });
});
