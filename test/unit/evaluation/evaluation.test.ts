import { describe, expect, it } from 'vitest';
import { barChartSvg, buildEvidence, countOf, frequencySentence, matrixToRows, parseMatrixRows, type EvidenceInput, type LinkTargets } from '../../../shared/evaluation';
import { blocksToMarkdown } from '../../../shared/export/docx';
import { frequencyTable } from '../../../shared/stats';
import type { SpssVariable } from '../../../shared/export/spss';
import { buildDataset } from '../../../shared/export/dataset';
import { FIXTURE_SCHEDULE, FIXTURE_SETTINGS, fixtureInterviews } from '../../support/stats-fixture';

const targets: LinkTargets = {
  questions: [
    { name: 'q3_collab', label: 'Q3. Do you collaborate?', type: 'select_one', section: 'familiarity', choices: [{ code: '1', label: 'Yes' }, { code: '2', label: 'No' }, { code: '9', label: "Don't know" }] },
    { name: 'q3a_how', label: 'In what way?', type: 'text', section: 'familiarity', choices: [] },
  ],
  sections: [{ name: 'familiarity', label: 'Familiarity', questions: ['q3_collab', 'q3a_how'] }],
  codes: [
    { id: 'c1', name: 'Training', path: ['Institutional capacity', 'Training'] },
    { id: 'c2', name: 'Budget', path: ['Institutional capacity', 'Resources', 'Budget'] },
    { id: 'c3', name: 'Budget', path: ['Coordination', 'Budget'] },
  ],
};

const header = ['ID', 'Parent', 'Criterion', 'Evaluation question', 'Schedule questions', 'Sections', 'Codes', 'Indicators'];

describe('the matrix sheet', () => {
  it('reads links by name, codes by path where names repeat, indicators by code or label', () => {
    const { questions, problems } = parseMatrixRows(
      [header, ['EQ1', '', 'Effectiveness', 'Has collaboration grown?', 'q3_collab; Q3A_HOW', 'familiarity', 'training\nCoordination > Budget', 'q3_collab = Yes, 9'], ['EQ1.1', 'eq1', 'Effectiveness', 'Sub', '', '', '', '']],
      targets,
    );
    expect(problems).toEqual([]);
    expect(questions[0]!.links).toEqual([
      { kind: 'question', target: 'q3_collab', value: '' },
      { kind: 'question', target: 'q3a_how', value: '' },
      { kind: 'section', target: 'familiarity', value: '' },
      { kind: 'code', target: 'c1', value: '' },
      { kind: 'code', target: 'c3', value: '' },
      { kind: 'indicator', target: 'q3_collab', value: '1 9' },
    ]);
    expect(questions[1]!.parentRef).toBe('eq1');
  });

  it('names the row and column of every problem and says what to do', () => {
    const { problems } = parseMatrixRows(
      [header, ['EQ1', '', 'Relevance', 'Fine', '', '', 'Budget', ''], ['EQ1', 'EQ7', '', '', 'q99', 'nowhere', 'Nothing', 'q3a_how = 1'], ['EQ2', '', 'Impact', 'x', '', '', '', 'q3_collab']],
      targets,
    );
    expect(problems.map((p) => `${p.row}:${p.column}`)).toEqual([
      '2:Codes',
      '3:ID',
      '3:Evaluation question',
      '3:Criterion',
      '3:Schedule questions',
      '3:Sections',
      '3:Codes',
      '3:Indicators',
      '4:Indicators',
      '3:Parent',
    ]);
    expect(problems[0]!.message).toContain('several codes are named "Budget". Write its path');
    expect(problems[1]!.message).toContain('already used in row 2');
  });

  it('refuses a sheet without the required columns', () => {
    expect(parseMatrixRows([['Question', 'Criterion']], targets).problems).toEqual([
      expect.objectContaining({ row: 1, message: expect.stringContaining('there is no column "ID"') }),
      expect.objectContaining({ row: 1, message: expect.stringContaining('there is no column "Evaluation question"') }),
    ]);
  });

  it('writes back what it reads', () => {
    const rows = [header, ['EQ1', '', 'Effectiveness', 'Q?', 'q3_collab', 'familiarity', 'Training; Coordination > Budget', 'q3_collab = 1, 9']];
    const read = parseMatrixRows(rows, targets).questions.map((q, i) => ({ id: `id${i}`, ref: q.ref, parentId: null, criterion: q.criterion, text: q.text, position: i, links: q.links }));
    expect(matrixToRows(read, targets)).toEqual(rows);
  });
});

const yesNo: SpssVariable = {
  name: 'q3_collab',
  label: 'Q3',
  type: 'numeric',
  width: 8,
  decimals: 0,
  measure: 'nominal',
  valueLabels: [
    { value: 1, label: 'Yes' },
    { value: 2, label: 'No' },
    { value: 9, label: "Don't know" },
  ],
  missingValues: [9],
};

describe('sentences in the report style', () => {
  it('"20 of 54 respondents (37.0%)": the figure the reference report misprinted as 35.1%', () => {
    expect(countOf(20, 54)).toBe('20 of 54 respondents (37.0%)');
  });

  it('uses the valid percent with its base when not everyone answered', () => {
    const table = frequencyTable(yesNo, [1, 1, 1, 2, 9, null, null, 1]);
    expect(frequencySentence(table, 'Q3')).toBe(
      '4 of the 5 respondents who gave a valid answer to Q3 (80.0%, valid percent) answered “Yes”; 3 of the 8 respondents were not asked or gave no valid answer.',
    );
    expect(frequencySentence(frequencyTable(yesNo, [1, 2, 1]), 'Q3')).toBe('2 of 3 respondents (66.7%) answered “Yes” to Q3.');
  });
});

function baseInput(): EvidenceInput {
  return {
    question: { id: 'q', ref: 'EQ1', parentId: null, criterion: 'Relevance', text: 'Why?', position: 1, links: [{ kind: 'code', target: 'c1', value: '' }] },
    parent: null,
    subQuestions: [],
    targets,
    respondents: [
      { participantId: 'p1', interviewId: 'i1', code: '1', organisationType: 'Government', agencyGroup: 'Police', location: '1', quoteConsent: true },
      { participantId: 'p2', interviewId: 'i2', code: '2', organisationType: 'Government', agencyGroup: 'Police', location: '2', quoteConsent: true },
      { participantId: 'p3', interviewId: 'i3', code: '3', organisationType: 'NGO', agencyGroup: 'Donor', location: '1', quoteConsent: false },
    ],
    spokeTo: new Map(),
    dataset: null,
    codings: [
      { codeId: 'c1', interviewId: 'i1' },
      { codeId: 'c1', interviewId: 'i2' },
    ],
    codeFamilies: new Map([['c1', ['c1']]]),
    core: null,
    relations: [],
    voices: [],
    voicesExcluded: 1,
    memos: [],
    rqa: [],
  };
}

describe('evidence', () => {
  const base = baseInput();

  it('warns when only one group spoke, and lists the gaps', () => {
    const evidence = buildEvidence(base);
    expect(evidence.spoke.sentence).toBe('2 of 3 respondents (66.7%) spoke to this question: 2 Government.');
    expect(evidence.spoke.warning).toBe('Only Government respondents spoke to this question (organisation type): there is nothing to triangulate with.');
    expect(evidence.gaps).toEqual([
      evidence.spoke.warning,
      'The code “Training” has 2 coded segments: too few to carry a finding.',
      'No quote can be used: the marked quote comes from respondents without quote consent.',
    ]);
    expect(evidence.themes[0]).toMatchObject({ segments: 2, respondents: 2, byGroup: [{ label: 'Government', segments: 2, respondents: 2 }] });
  });

  it('gives no warning when two groups spoke', () => {
    const evidence = buildEvidence({ ...base, codings: [...base.codings, { codeId: 'c1', interviewId: 'i3' }] });
    expect(evidence.spoke.warning).toBeNull();
  });
});

describe('chart and document', () => {
  it('draws bars as a standalone SVG with escaped labels', () => {
    const svg = barChartSvg({ title: 'Who spoke <by type>', bars: [{ label: 'NGO & IO', value: 50, text: '5 of 10 (50.0%)' }] });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('Who spoke &lt;by type&gt;');
    expect(svg).toContain('NGO &amp; IO');
    expect(svg).toContain('width="150.0"');
    const long = barChartSvg({ title: 'x'.repeat(120), bars: [] });
    expect(long).toContain(`>${'x'.repeat(79)}…</text>`);
    expect(long).toContain(`aria-label="${'x'.repeat(120)}"`);
  });

  it('writes tables as Markdown and keeps emphasis markers next to the text', () => {
    const md = blocksToMarkdown([
      { kind: 'paragraph', runs: [{ text: 'Indicator: ', bold: true }, { text: 'text' }] },
      { kind: 'table', rows: [['A', 'B|C'], ['1'], []] },
    ]);
    expect(md).toBe('**Indicator:** text\n\n| A | B\\|C |\n| --- | --- |\n| 1 |  |\n|  |  |\n');
  });
});

describe('indicators on choices named in words', () => {
  it('counts "police" although the dataset holds it as code 1 (Kobo and ODK forms name choices in words)', () => {
    const dataset = buildDataset(FIXTURE_SCHEDULE, fixtureInterviews(), FIXTURE_SETTINGS, { unit: 'respondent' });
    const wordTargets: LinkTargets = {
      questions: [{ name: 'agency_q', label: 'Which agency do you work with most?', type: 'select_one', section: '', choices: [{ code: 'police', label: 'Police' }, { code: 'justice', label: 'Justice' }, { code: 'social_affairs', label: 'Social affairs' }] }],
      sections: [],
      codes: [],
    };
    const evidence = buildEvidence({
      ...baseInput(),
      targets: wordTargets,
      dataset,
      question: { id: 'q', ref: 'EQ2', parentId: null, criterion: 'Effectiveness', text: 'Who refers?', position: 1, links: [{ kind: 'indicator', target: 'agency_q', value: 'police' }] },
    });
    // Respondents 1, 4, 5, 6 (one group session) and 8 answered police: 5 of 8.
    expect(evidence.indicators).toHaveLength(1);
    expect(evidence.indicators[0]).toMatchObject({ count: 5, base: 8 });
    expect(evidence.indicators[0]!.sentence).toContain('5 of 8 respondents (62.5%)');
  });
});
