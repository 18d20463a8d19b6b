/** The runner's logic: primary-only leaves out probes not yet asked and keeps what was said. */
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../shared/api/contract';
import { parseXlsForm } from '../../../shared/schedule';
import { InterviewLogic, indexSchedule } from '../../../renderer/src/runner/interview-logic';

const SCHEDULE = parseXlsForm({
  sheets: [
    {
      name: 'survey',
      rows: [
        ['type', 'name', 'label', 'relevant', 'priority'],
        ['select_one yn', 'q1', 'Q1', '', ''],
        ['text', 'q1a', 'Probe after yes', "${q1} = '1'", 'probe'],
        ['text', 'q1b', 'Another probe', "${q1} = '1'", 'probe'],
        ['text', 'q1c', 'Probe after no', "${q1} = '2'", 'probe'],
        ['text', 'q2', 'Reads the probe', "${q1a} != ''", ''],
      ],
    },
    { name: 'choices', rows: [['list_name', 'name', 'label'], ['yn', '1', 'Yes'], ['yn', '2', 'No']] },
  ],
}).schedule;

const answer = (question: string, value: string, state: Answer['state'] = 'answered'): Answer => ({ participantId: '', question, value, state, updatedAt: '2026-01-01T00:00:00Z' });
const DETAIL = { answerMode: 'shared' as const, participants: [] };
const q = (name: string) => indexSchedule(SCHEDULE).byName.get(name)!.question;

describe('InterviewLogic and primary-only', () => {
  it('switching primary-only on keeps an answered probe answered and asked; only probes not yet asked are skipped', () => {
    const before = new InterviewLogic(indexSchedule(SCHEDULE), DETAIL, [answer('q1', '1'), answer('q1a', 'joint reviews')], false);
    const logic = before.withPrimaryOnly(true);
    expect(logic.state(q('q1a'))).toBe('answered');
    expect(logic.state(q('q1b'))).toBe('probe-skipped');
    // Not relevant anyway: skipped by logic, not by the switch.
    expect(logic.state(q('q1c'))).toBe('skipped');
    // The kept probe still drives the logic.
    expect(logic.state(q('q2'))).toBe('not-asked');
    expect(logic.next('q1')?.question.name).toBe('q1a');
    expect(logic.next('q1a')?.question.name).toBe('q2');
  });

  it('a declined probe was asked too', () => {
    const logic = new InterviewLogic(indexSchedule(SCHEDULE), DETAIL, [answer('q1', '1'), answer('q1b', '', 'declined')], true);
    expect(logic.state(q('q1b'))).toBe('declined');
    expect(logic.state(q('q1a'))).toBe('probe-skipped');
  });
});
