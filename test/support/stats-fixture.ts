/**
 * A project that looks like real users' data, for the statistics exports: a schedule in English
 * and Khmer with choices named in words (police, justice, phnom_penh) as Kobo and ODK forms name
 * them, a Don't know marked missing, a select_multiple, a date, an integer and long open text;
 * one-on-one interviews and a small-group session whose role question is answered per
 * participant; a declined answer, an interview ended early, and text that starts like a
 * spreadsheet formula. Synthetic: IDs and invented words only.
 */
import type { ProjectSettings } from '../../shared/api/contract';
import type { ExportInterview, ExportParticipant } from '../../shared/export/dataset';
import { checkWorkbook, type Schedule } from '../../shared/schedule';

export const FIXTURE_SCHEDULE: Schedule = (() => {
  const { schedule, findings } = checkWorkbook({
    sheets: [
      {
        name: 'survey',
        rows: [
          ['type', 'name', 'label::English (en)', 'label::Khmer (km)', 'relevant'],
          ['select_one agency', 'agency_q', 'Which agency do you work with most?', 'តើអ្នកធ្វើការជាមួយទីភ្នាក់ងារណាច្រើនជាងគេ?', ''],
          ['select_one place', 'place', 'Where do you work?', 'តើអ្នកធ្វើការនៅឯណា?', ''],
          ['select_one trust', 'trust', 'How much do you trust the referral system?', 'តើអ្នកទុកចិត្តប្រព័ន្ធបញ្ជូនប៉ុណ្ណា?', ''],
          ['select_one role', 'role', 'Your role in the case', 'តួនាទីរបស់អ្នកក្នុងករណី', ''],
          ['select_multiple needs', 'needs', 'Which services did the survivor need?', 'តើជនរងគ្រោះត្រូវការសេវាអ្វីខ្លះ?', ''],
          ['date', 'since', 'Since when have you worked on referrals?', 'តាំងពីពេលណា?', ''],
          ['integer', 'staff', 'How many staff handle referrals?', 'បុគ្គលិកប៉ុន្មាននាក់?', "${place} = 'phnom_penh'"],
          ['text', 'story', 'Describe a recent referral', 'រៀបរាប់ពីការបញ្ជូនថ្មីៗ', ''],
        ],
      },
      {
        name: 'choices',
        rows: [
          ['list_name', 'name', 'label::English (en)', 'label::Khmer (km)', 'missing'],
          ['agency', 'police', 'Police', 'ប៉ូលីស', ''],
          ['agency', 'justice', 'Justice', 'យុត្តិធម៌', ''],
          ['agency', 'social_affairs', 'Social affairs', 'សង្គមកិច្ច', ''],
          ['place', 'phnom_penh', 'Phnom Penh', 'ភ្នំពេញ', ''],
          ['place', 'siem_reap', 'Siem Reap', 'សៀមរាប', ''],
          ['place', 'battambang', 'Battambang', 'បាត់ដំបង', ''],
          ['trust', '1', 'Not at all', 'មិនសោះ', ''],
          ['trust', '2', 'A little', 'បន្តិច', ''],
          ['trust', '3', 'A lot', 'ច្រើន', ''],
          ['trust', '9', "Don't know", 'មិនដឹង', 'yes'],
          ['role', 'investigator', 'Investigator', 'អ្នកស៊ើបអង្កេត', ''],
          ['role', 'social_worker', 'Social worker', 'បុគ្គលិកសង្គម', ''],
          ['role', 'dont_know', "Don't know", 'មិនដឹង', 'yes'],
          ['needs', 'shelter', 'Shelter', 'ជម្រក', ''],
          ['needs', 'legal_aid', 'Legal aid', 'ជំនួយផ្លូវច្បាប់', ''],
          ['needs', 'counselling', 'Counselling', 'ការប្រឹក្សា', ''],
        ],
      },
      { name: 'settings', rows: [['form_title', 'form_id', 'default_language'], ['Referral pathways evaluation 2026: key stakeholder interviews', 'referrals', 'English (en)']] },
    ],
  });
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new Error(`fixture schedule: ${JSON.stringify(errors)}`);
  return schedule;
})();

export const FIXTURE_SETTINGS: ProjectSettings = {
  idPrefix: 'R',
  agencyGroups: [
    { code: 'police', label: 'Police' },
    { code: 'judiciary', label: 'Judiciary' },
  ],
  organisationTypes: [
    { code: 'government', label: 'Government' },
    { code: 'ngo', label: 'NGO' },
  ],
  focusOfWork: [
    { code: 'law-enforcement', label: 'Law enforcement' },
    { code: 'aftercare', label: 'Aftercare' },
  ],
  locations: [
    { code: '12', label: 'Phnom Penh' },
    { code: '17', label: 'Siem Reap' },
  ],
};

/** Long Khmer and English text: more than 2045 bytes, so Stata needs a strL. */
export const LONG_STORY = `${'ការបញ្ជូនជនរងគ្រោះទៅកាន់ជម្រកបានយឺតពេល ព្រោះប៉ូលីសមិនបានទាក់ទងអង្គការដៃគូ។ '.repeat(12)}The case then went to court, "quickly", with legal aid.`;

let n = 0;
function person(respondentNumber: number, overrides: Partial<ExportParticipant> = {}): ExportParticipant {
  return {
    id: `p${respondentNumber}`,
    respondentNumber,
    respondentCode: `R${respondentNumber}`,
    organisationNumber: String(100 + respondentNumber),
    locationNumber: respondentNumber % 2 === 0 ? '12' : '17',
    agencyGroup: respondentNumber % 3 === 0 ? 'judiciary' : 'police',
    organisationType: respondentNumber % 2 === 0 ? 'ngo' : 'government',
    focusOfWork: respondentNumber === 5 ? '' : 'aftercare',
    ...overrides,
  };
}

type Answer = string | { declined: true } | { per: Record<string, string> };

function session(id: string, participants: ExportParticipant[], answers: Record<string, Answer>, overrides: Partial<ExportInterview> = {}): ExportInterview {
  n++;
  return {
    id,
    sessionType: participants.length > 1 ? 'small-group' : 'one-on-one',
    language: n % 2 === 0 ? 'km' : 'en',
    interviewer: n % 2 === 0 ? 'SK' : 'AB',
    heldAt: `2026-03-0${n}T09:00`,
    scheduleVersion: 1,
    status: 'cleaned',
    primaryOnly: false,
    endedEarlyAtQuestion: null,
    participants,
    answers: Object.entries(answers).flatMap(([question, a]): ExportInterview['answers'] => {
      if (typeof a === 'string') return [{ participantId: '', question, value: a, state: 'answered' as const }];
      if ('declined' in a) return [{ participantId: '', question, value: '', state: 'declined' as const }];
      return Object.entries(a.per).map(([participantId, value]) => ({ participantId, question, value, state: 'answered' as const }));
    }),
    ...overrides,
  };
}

export function fixtureInterviews(): ExportInterview[] {
  n = 0;
  const group = [person(4), person(5), person(6)];
  return [
    session('01J-one', [person(1)], { agency_q: 'police', place: 'phnom_penh', trust: '3', role: 'investigator', needs: 'shelter legal_aid', since: '2019-05-01', staff: '4', story: LONG_STORY }),
    session('01J-two', [person(2)], { agency_q: 'justice', place: 'siem_reap', trust: '9', role: 'social_worker', needs: 'counselling', since: '2021-11-30', story: '=HYPERLINK("http://example.invalid","click")' }),
    session('01J-three', [person(3)], { agency_q: 'social_affairs', place: 'phnom_penh', trust: { declined: true }, role: 'dont_know', needs: '', since: '2015-01-15', staff: '12', story: '-  a list item, and @mention' }),
    session('01J-group', group, {
      agency_q: 'police',
      place: 'battambang',
      trust: '2',
      role: { per: { p4: 'investigator', p5: 'social_worker', p6: 'dont_know' } },
      needs: 'shelter counselling',
      since: '2020-02-29',
      story: 'ក្រុមបាននិយាយអំពីការបញ្ជូន។',
    }),
    // Ended early at "needs": later questions are -7 "Interview ended".
    session('01J-ended', [person(7)], { agency_q: 'justice', place: 'phnom_penh', trust: '1', role: 'investigator' }, { endedEarlyAtQuestion: 'needs' }),
    session('01J-eight', [person(8, { locationNumber: '' })], { agency_q: 'police', place: 'siem_reap', trust: '3', role: 'social_worker', needs: 'legal_aid', since: '2022-07-04', story: "'=already quoted by the note-taker" }),
  ];
}
