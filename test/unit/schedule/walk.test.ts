import { describe, expect, it } from 'vitest';
import { RelevanceGraphError } from '../../../shared/schedule/xpath';
import { parseXlsForm, walkSchedule, type Cell } from '../../../shared/schedule';

function schedule(survey: Cell[][]) {
  return parseXlsForm({ sheets: [{ name: 'survey', rows: survey }, { name: 'choices', rows: [['list_name', 'name', 'label'], ['yn', '1', 'Yes'], ['yn', '2', 'No'], ['abc', 'a', 'A'], ['abc', 'b', 'B']] }] }).schedule;
}

const FORM = schedule([
  ['type', 'name', 'label', 'relevant', 'priority'],
  ['note', 'intro', 'Welcome', '', ''],
  ['select_one yn', 'consent', 'Consent?', '', ''],
  ['begin_group', 'main', 'Main', "${consent} = '1'", ''],
  ['select_one yn', 'q1', 'Q1', '', ''],
  ['text', 'q1a', 'If yes to Q1', "${q1} = '1'", 'probe'],
  ['text', 'q1b', 'If no to Q1', "${q1} = '2'", ''],
  ['select_multiple abc', 'q2', 'Q2', '', ''],
  ['begin_group', 'inner', 'Inner', "selected(${q2}, 'b')", ''],
  ['integer', 'q3', 'Q3', '', ''],
  ['text', 'q3a', 'Q3a', '${q3} > 5', ''],
  ['end_group', '', '', '', ''],
  ['text', 'q4', 'Depends on a probe', "${q1a} != ''", ''],
  ['end_group', '', '', '', ''],
  ['note', 'bye', 'Thanks', '', ''],
  ['text', 'last', 'Last', '', ''],
]);

describe('walkSchedule', () => {
  it('without answers: only the unconditional questions, in order, no notes or groups', () => {
    expect(walkSchedule(FORM, {})).toEqual(['consent', 'last']);
  });

  it('a relevant question without an answer still counts', () => {
    expect(walkSchedule(FORM, { consent: '1' })).toEqual(['consent', 'q1', 'q2', 'last']);
  });

  it('follows "if yes" follow-ups and inherited group relevance', () => {
    expect(walkSchedule(FORM, { consent: '1', q1: '1', q1a: 'because', q2: ['a', 'b'], q3: 7 })).toEqual(
      ['consent', 'q1', 'q1a', 'q2', 'q3', 'q3a', 'q4', 'last'],
    );
    // Space-separated select_multiple, and a group hidden again hides what is inside.
    expect(walkSchedule(FORM, { consent: '1', q1: '2', q2: 'a', q3: 7 })).toEqual(['consent', 'q1', 'q1b', 'q2', 'last']);
    expect(walkSchedule(FORM, { consent: '2', q1: '1', q1a: 'x', q2: 'b', q3: 7 })).toEqual(['consent', 'last']);
  });

  it('primaryOnly leaves out the probes not yet asked', () => {
    expect(walkSchedule(FORM, { consent: '1', q1: '1' }, { primaryOnly: true })).toEqual(['consent', 'q1', 'q2', 'last']);
  });

  it('primaryOnly keeps a probe answered before the switch, and what depends on it', () => {
    // q1a was answered before "primary only" went on: it was asked and said; q4 reads it.
    expect(walkSchedule(FORM, { consent: '1', q1: '1', q1a: 'because' }, { primaryOnly: true })).toEqual(['consent', 'q1', 'q1a', 'q2', 'q4', 'last']);
  });

  it('a question that reads a hidden question sees it empty', () => {
    expect(walkSchedule(FORM, { consent: '1', q1: '2', q1a: 'stale answer' })).toEqual(['consent', 'q1', 'q1b', 'q2', 'last']);
  });

  it('throws for logic that goes round in a circle (lint reports it first)', () => {
    const circular = schedule([['type', 'name', 'label', 'relevant'], ['text', 'a', 'A', "${b} = '1'"], ['text', 'b', 'B', "${a} = '1'"]]);
    expect(() => walkSchedule(circular, {})).toThrow(RelevanceGraphError);
  });
});
