/**
 * Intake and the schedule speak one vocabulary: a schedule with questions bound to intake
 * attributes gives the project its attribute codes on first use, and starting an interview
 * answers the bound questions from intake, per respondent in a group.
 */
import { describe, expect, it } from 'vitest';
import type { Item } from '../../../shared/schedule/model';
import { PASS, tempDir } from '../../support/temp';
import { call, services } from '../team/team-support';

const respondent = (agencyGroup: string, organisationType: string) => ({
  organisationNumber: '14',
  locationNumber: '3',
  agencyGroup,
  organisationType,
  focusOfWork: '',
  consentGiven: true as const,
  consentMode: 'verbal' as const,
  quoteConsent: false,
});

const BIND: Record<string, 'agency_group' | 'organisation_type' | 'organisation_number'> = { agency_group: 'agency_group', org_type: 'organisation_type', org_no: 'organisation_number' };
const bind = (items: readonly Item[]): Item[] =>
  items.map((item) => (item.kind === 'group' ? { ...item, children: bind(item.children) } : BIND[item.name] ? { ...item, attribute: BIND[item.name] } : item));

describe('intake and schedule vocabulary', () => {
  it('first use takes the schedule codes; start fills the bound questions for each respondent', async () => {
    const s = services(tempDir());
    await call(s, 'project.create', { path: 'vocab', title: 'Vocab', passphrase: PASS, passphraseConfirm: PASS });
    const { imported } = await call(s, 'schedule.importExample', {});
    const { schedule } = await call(s, 'schedule.get', { id: imported!.id });
    const saved = await call(s, 'schedule.save', { id: imported!.id, schedule: { ...schedule, items: bind(schedule.items) } });
    const scheduleId = saved.summary.id;
    expect((await call(s, 'projectSettings.get', {})).agencyGroups[0]).toEqual({ code: 'police', label: 'Police' });

    const lists = await call(s, 'projectSettings.forSchedule', { scheduleId });
    expect(lists.agencyGroups).toEqual([
      { code: '1', label: 'Police' },
      { code: '2', label: 'Judiciary' },
      { code: '3', label: 'Aftercare / NGO' },
      { code: '4', label: 'Donor' },
      { code: '5', label: 'Programme staff' },
    ]);
    expect(lists.organisationTypes.map((o) => o.code)).toEqual(['1', '2', '3', '96']);
    expect(lists.focusOfWork).toEqual((await call(s, 'projectSettings.get', {})).focusOfWork); // no question bound: unchanged

    const detail = await call(s, 'interview.start', {
      scheduleId,
      sessionType: 'small-group',
      answerMode: 'shared',
      language: 'en',
      interviewer: 'AB',
      heldAt: '2026-03-01T09:00',
      participants: [respondent('1', '2'), respondent('4', '96')],
    });
    const [p1, p2] = detail.participants;
    const filled = detail.answers.map((a) => `${a.participantId === p1!.id ? 'P1' : a.participantId === p2!.id ? 'P2' : 'session'} ${a.question}=${a.value}`).sort();
    expect(filled).toEqual(['P1 agency_group=1', 'P1 org_no=14', 'P1 org_type=2', 'P2 agency_group=4', 'P2 org_no=14', 'P2 org_type=96']);

    // Used now: changing the lists by hand is no longer undone by the schedule.
    await call(s, 'projectSettings.set', { ...lists, agencyGroups: [...lists.agencyGroups, { code: '6', label: 'Other' }] });
    expect((await call(s, 'projectSettings.forSchedule', { scheduleId })).agencyGroups).toHaveLength(6);
  });
});
