/**
 * A small synthetic project exercising what is hard to exchange: emoji (two UTF-16 units, one code
 * point), Khmer with combining marks (each mark its own code point), CRLF text, overlapping and
 * nested selections, memos linked to codes, selections, sources and the project, cases with every
 * variable type, and a set. Used by the round-trip tests and handy for manual checks.
 */
import { codePointLength } from '../text/code-points';
import type { QdaProject, QdaSelection } from './model';

const g = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** [start, end) in code points of the `occurrence`-th `needle` in `text` (1-based). */
export function codePointRange(text: string, needle: string, occurrence = 1): [number, number] {
  let at = -1;
  for (let k = 0; k < occurrence; k++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${occurrence} times`);
  }
  const start = codePointLength(text.slice(0, at));
  return [start, start + codePointLength(needle)];
}

export const SAMPLE_TEXT_1 = 'Interview 1 (Battambang)\nFacilitator: What matters most?\nRespondent: ការអប់រំ (education) 😀 matters most, but school fees are high 😀😀.\nRespondent: The clinic is far; transport costs a lot.\n';
export const SAMPLE_TEXT_2 = 'Q1: Why did you stop?\r\nA: The clinic is far away.\r\nQ2: What did it cost?\r\nA: 😀 Too much — ៛20,000 each visit.\r\n';

export function sampleProject(): QdaProject {
  const sel = (n: number, text: string, needle: string, codes: number[], extra: Partial<QdaSelection> = {}, occurrence = 1): QdaSelection => {
    const [start, end] = codePointRange(text, needle, occurrence);
    return {
      guid: g(n),
      start,
      end,
      creatingUser: g(1),
      creationDateTime: '2024-03-01T09:30:00Z',
      codings: codes.map((c, i) => ({ guid: g(n * 10 + i), codeGuid: g(c), creatingUser: g(1) })),
      noteRefs: [],
      ...extra,
    };
  };
  return {
    name: 'Health access evaluation & "pilot" <2024>',
    origin: 'Fieldnote 0.1.0',
    creatingUser: g(1),
    creationDateTime: '2024-03-01T08:00:00Z',
    description: 'Synthetic project for exchange tests.\nSecond line.',
    users: [
      { guid: g(1), name: 'Sokha Chea' },
      { guid: g(2), name: 'Dana O\'Neil' },
    ],
    codes: [
      {
        guid: g(100),
        name: 'Barriers',
        color: '#AA3311',
        isCodable: false,
        description: 'Folder for barriers to access.',
        noteRefs: [g(900)],
        children: [
          { guid: g(101), name: 'Cost 😀', color: '#FFCC00', isCodable: true, noteRefs: [], children: [] },
          { guid: g(102), name: 'Distance', isCodable: true, noteRefs: [], children: [] },
        ],
      },
      { guid: g(103), name: 'ការអប់រំ', color: '#0066FF', isCodable: true, description: 'Education <values> & "aspirations"\n— Khmer: ការអប់រំ', noteRefs: [], children: [] },
    ],
    variables: [
      { guid: g(200), name: 'Age', type: 'Integer' },
      { guid: g(201), name: 'Province', type: 'Text', description: 'Province of residence' },
      { guid: g(202), name: 'Consented', type: 'Boolean' },
      { guid: g(203), name: 'Income', type: 'Float' },
      { guid: g(204), name: 'InterviewDate', type: 'Date' },
      { guid: g(205), name: 'StartedAt', type: 'DateTime' },
    ],
    cases: [
      {
        guid: g(300),
        name: 'Respondent A',
        description: 'Mother of two.',
        variables: [
          { name: 'Age', type: 'Integer', value: 34 },
          { name: 'Province', type: 'Text', value: 'បាត់ដំបង (Battambang)' },
          { name: 'Consented', type: 'Boolean', value: true },
          { name: 'Income', type: 'Float', value: 1234.5 },
          { name: 'InterviewDate', type: 'Date', value: '2024-02-29' },
          { name: 'StartedAt', type: 'DateTime', value: '2024-02-29T14:05:00+07:00' },
        ],
        sourceGuids: [g(400)],
      },
      {
        guid: g(301),
        name: 'Respondent B',
        variables: [
          { name: 'Age', type: 'Integer', value: null },
          { name: 'Income', type: 'Float', value: 0.0000001 },
          { name: 'Consented', type: 'Boolean', value: false },
        ],
        sourceGuids: [g(401)],
        selectionGuids: [g(510)],
      },
    ],
    sources: [
      {
        guid: g(400),
        name: 'Interview 1.txt',
        description: 'Transcript, Khmer and English.',
        plainText: SAMPLE_TEXT_1,
        creatingUser: g(1),
        creationDateTime: '2024-03-01T08:10:00Z',
        selections: [
          // Nested: the whole answer, and the Khmer word inside it.
          sel(500, SAMPLE_TEXT_1, 'ការអប់រំ (education) 😀 matters most, but school fees are high 😀😀.', [103], { name: 'education answer', noteRefs: [g(901)] }),
          sel(501, SAMPLE_TEXT_1, 'ការអប់រំ', [103], { description: 'The Khmer word alone.' }),
          // Overlapping: "school fees are high 😀😀" and "high 😀😀.\nRespondent: The clinic".
          sel(502, SAMPLE_TEXT_1, 'school fees are high 😀😀', [101]),
          sel(503, SAMPLE_TEXT_1, 'high 😀😀.\nRespondent: The clinic', [101, 102]),
          sel(504, SAMPLE_TEXT_1, 'The clinic is far', [102], { creatingUser: g(2) }),
          // Empty selection at the very end (a cursor position).
          { guid: g(505), start: codePointLength(SAMPLE_TEXT_1), end: codePointLength(SAMPLE_TEXT_1), codings: [], noteRefs: [] },
        ],
        noteRefs: [g(902)],
      },
      {
        guid: g(401),
        name: 'Interview 2 (Windows).txt',
        plainText: SAMPLE_TEXT_2,
        selections: [
          // Spans a CRLF.
          sel(510, SAMPLE_TEXT_2, 'The clinic is far away.\r\nQ2', [102]),
          sel(511, SAMPLE_TEXT_2, '😀 Too much — ៛20,000 each visit.', [101]),
          sel(512, SAMPLE_TEXT_2, 'Too much', [101], { noteRefs: [g(901)] }),
          // Ends between CR and LF.
          sel(513, SAMPLE_TEXT_2, 'A: The clinic is far away.\r', [102]),
        ],
        noteRefs: [],
      },
    ],
    notes: [
      { guid: g(900), name: 'Memo: barriers', text: 'Cost and distance overlap.\nSee interview 2.', creatingUser: g(1), creationDateTime: '2024-03-02T10:00:00Z' },
      { guid: g(901), name: 'Memo: money 😀', text: 'ការអប់រំ costs money & time <always>.', creatingUser: g(2), noteRefs: [g(900)] },
      { guid: g(902), name: 'Source memo', text: '', description: 'Empty memo text.' },
      { guid: g(903), name: 'Project memo', text: 'Overall: access is limited.' },
    ],
    sets: [{ guid: g(600), name: 'Barrier set', description: 'Codes, sources and memos on barriers.', memberCodes: [g(101), g(102)], memberSources: [g(401)], memberNotes: [g(900)] }],
    noteRefs: [g(903)],
  };
}
