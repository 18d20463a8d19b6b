import { describe, expect, it } from 'vitest';
import {
  checkRelation,
  codeByAttributeMatrix,
  coOccurrence,
  relatedTo,
  retrieveCodings,
  saturation,
  sentenceAround,
  sentenceRanges,
  type Attributes,
} from '../../../shared/coding/analysis';
import type { Code, Coding, Relation } from '../../../shared/coding/model';

function code(id: string, name: string, parentId: string | null = null): Code {
  return { id, parentId, name, color: '#FFD54F', definition: '', inclusion: '', exclusion: '', example: '', isCore: false, kind: 'code', createdBy: 'SK', inVivo: false };
}

function codingIn(note: string, id: string, codeId: string, interviewId: string, noteId: string, phrase: string, questionName: string | null = null): Coding {
  const start = note.indexOf(phrase);
  if (start < 0) throw new Error(`"${phrase}" not in note`);
  return { id, codeId, interviewId, noteId, questionName, start, end: start + phrase.length, text: phrase };
}

const sentences = (text: string): string[] => sentenceRanges(text).map((r) => text.slice(r.start, r.end));

describe('sentences', () => {
  it('splits English at . ! ? before whitespace, keeping closing quotes, and not inside numbers', () => {
    expect(sentences('Fees rose 2.5 times. "Why?" she asked!  Then we left')).toEqual(['Fees rose 2.5 times.', '"Why?"', 'she asked!', 'Then we left']);
    expect(sentences('See moh.gov.kh for more.\nNext line')).toEqual(['See moh.gov.kh for more.', 'Next line']);
  });

  it('splits Khmer at ។ and ៕, with or without a following space', () => {
    const text = 'ខ្ញុំដើរទៅគ្លីនិក។ឡានក្រុងថ្លៃពេក។ ពួកយើងគ្មានលុយ៕';
    expect(sentences(text)).toEqual(['ខ្ញុំដើរទៅគ្លីនិក។', 'ឡានក្រុងថ្លៃពេក។', 'ពួកយើងគ្មានលុយ៕']);
  });

  it('gives the sentence around a coding, or the sentences it spans', () => {
    const text = 'ខ្ញុំដើរទៅគ្លីនិក។ឡានក្រុងថ្លៃពេក។ ពួកយើងគ្មានលុយ៕';
    const start = text.indexOf('ថ្លៃ');
    const around = sentenceAround(text, start, start + 'ថ្លៃ'.length);
    expect(text.slice(around.start, around.end)).toBe('ឡានក្រុងថ្លៃពេក។');
    const wide = sentenceAround(text, start, text.indexOf('គ្មាន') + 2);
    expect(text.slice(wide.start, wide.end)).toBe('ឡានក្រុងថ្លៃពេក។ ពួកយើងគ្មានលុយ៕');
  });
});

describe('retrieval', () => {
  const notes = new Map([
    ['n1', 'We walk to the clinic. The bus costs too much for us.'],
    ['n2', 'ខ្ញុំដើរទៅគ្លីនិក។ឡានក្រុងថ្លៃពេក។'],
    ['n3', 'Fees are high. Transport too.'],
  ]);
  const text = (id: string): string => notes.get(id) as string;
  const codes = [code('cost', 'Cost'), code('bus', 'Bus fare', 'cost'), code('trust', 'Trust')];
  const codings = [
    codingIn(text('n1'), 'k1', 'bus', 'i1', 'n1', 'bus costs'),
    codingIn(text('n2'), 'k2', 'bus', 'i2', 'n2', 'ឡានក្រុងថ្លៃ'),
    codingIn(text('n3'), 'k3', 'cost', 'i3', 'n3', 'Fees are high'),
    codingIn(text('n1'), 'k4', 'trust', 'i1', 'n1', 'We walk'),
  ];
  const attributes: Record<string, Attributes> = { i1: { org: 'Government' }, i2: { org: 'NGO' }, i3: { org: null } };
  const source = { codes, codings, noteText: (id: string) => notes.get(id), attributesOf: (id: string) => attributes[id] ?? {} };

  it('returns the codings of a code with their sentence and where to highlight', () => {
    const found = retrieveCodings(source, { codeId: 'bus' });
    expect(found.map((r) => r.context.text)).toEqual(['The bus costs too much for us.', 'ឡានក្រុងថ្លៃពេក។']);
    const first = found[0]!;
    expect(first.context.text.slice(first.highlight.start, first.highlight.end)).toBe('bus costs');
  });

  it('includes descendants when asked, and filters by a respondent attribute', () => {
    expect(retrieveCodings(source, { codeId: 'cost' }).map((r) => r.coding.id)).toEqual(['k3']);
    expect(retrieveCodings(source, { codeId: 'cost', includeDescendants: true }).map((r) => r.coding.id)).toEqual(['k1', 'k2', 'k3']);
    expect(retrieveCodings(source, { codeId: 'cost', includeDescendants: true, where: { org: ['NGO'] } }).map((r) => r.coding.id)).toEqual(['k2']);
    expect(retrieveCodings(source, { codeId: 'cost', includeDescendants: true, where: { org: ['Government', null] } }).map((r) => r.coding.id)).toEqual(['k1', 'k3']);
  });

  it('falls back to the coded text when the note is not loaded', () => {
    const found = retrieveCodings({ ...source, noteText: () => undefined }, { codeId: 'trust' });
    expect(found[0]?.context).toEqual({ start: 0, end: 7, text: 'We walk' });
  });

  it('builds a code-by-attribute matrix with interviews, codings and ids per cell', () => {
    const matrix = codeByAttributeMatrix({
      codes,
      codings: [...codings, { ...codings[0]!, id: 'k5', start: 0, end: 2, text: 'We' }],
      codeIds: ['cost', 'trust'],
      attribute: 'org',
      interviewIds: ['i1', 'i2', 'i3', 'i4'],
      attributesOf: (id) => attributes[id] ?? { org: 'Government' },
      includeDescendants: true,
    });
    expect(matrix.values).toEqual(['Government', 'NGO', null]);
    expect(matrix.interviewsPerValue).toEqual([2, 1, 1]);
    expect(matrix.rows[0]!.cells.map((c) => [c.interviews, c.codings, c.codingIds])).toEqual([[1, 2, ['k1', 'k5']], [1, 1, ['k2']], [1, 1, ['k3']]]);
    expect(matrix.rows[0]).toMatchObject({ codeId: 'cost', interviews: 3, codings: 4 });
    expect(matrix.rows[1]!.cells.map((c) => c.codings)).toEqual([1, 0, 0]);
  });
});

describe('co-occurrence', () => {
  const note = 'We walk to the clinic because the bus costs too much and we do not trust the nurses.';
  const c = (id: string, codeId: string, phrase: string, interviewId = 'i1', noteId = 'n1', q: string | null = null): Coding => codingIn(note, id, codeId, interviewId, noteId, phrase, q);

  it('counts overlapping codings in a note and codings that answer the same question', () => {
    const codings = [
      c('a1', 'access', 'walk to the clinic'),
      c('b1', 'cost', 'the clinic because the bus costs'), // overlaps a1
      c('t1', 'trust', 'do not trust'), // overlaps neither
      c('b2', 'cost', 'too much'), // touches nothing coded by others
      // Interview 2: different notes, same question q7.
      c('a2', 'access', 'walk', 'i2', 'n2', 'q7'),
      c('b3', 'cost', 'costs', 'i2', 'n3', 'q7'),
      c('t2', 'trust', 'trust', 'i2', 'n4', 'q8'),
      // Interview 3: overlap AND same question: counted once.
      c('a3', 'access', 'the clinic', 'i3', 'n5', 'q7'),
      c('b4', 'cost', 'clinic because', 'i3', 'n5', 'q7'),
      // Same question name, different interviews: no co-occurrence.
      c('t3', 'trust', 'nurses', 'i4', 'n6', 'q7'),
    ];
    const result = coOccurrence(codings);
    expect(result.map((p) => [p.codeA, p.codeB, p.count, p.interviews])).toEqual([['access', 'cost', 3, 3]]);
    expect(result[0]!.pairs).toEqual([['a1', 'b1'], ['a2', 'b3'], ['a3', 'b4']]);
  });

  it('counts each pair of codings, ignores codings of the same code, and can be limited to some codes', () => {
    const codings = [c('a1', 'access', 'walk to the clinic'), c('a2', 'access', 'the clinic'), c('b1', 'cost', 'clinic'), c('t1', 'trust', 'to the')];
    const result = coOccurrence(codings);
    expect(result.map((p) => [p.codeA, p.codeB, p.count])).toEqual([['access', 'cost', 2], ['access', 'trust', 2]]);
    expect(coOccurrence(codings, ['cost', 'trust'])).toEqual([]);
  });
});

describe('saturation', () => {
  it('counts codes first seen in each interview in the order interviews were held', () => {
    const interviews = [
      { id: 'i3', heldOn: '2025-03-12' },
      { id: 'i1', heldOn: '2025-03-10' },
      { id: 'i2', heldOn: '2025-03-10T15:00' },
      { id: 'i4', heldOn: '2025-03-15' },
    ];
    const use = (interviewId: string, codeId: string, n: number): Coding => ({ id: `${interviewId}-${codeId}-${n}`, codeId, interviewId, noteId: 'n', questionName: null, start: 0, end: 1, text: 'x' });
    const codings = [
      use('i1', 'cost', 1), use('i1', 'cost', 2), use('i1', 'trust', 1),
      use('i2', 'cost', 1), use('i2', 'distance', 1),
      use('i3', 'fear', 1), use('i3', 'trust', 1), use('i3', 'rain', 1),
      use('i4', 'cost', 1),
      use('i9', 'ghost', 1), // not in the list: ignored
    ];
    expect(saturation(interviews, codings).map((p) => [p.interviewId, p.newCodeIds, p.newCodes, p.cumulative])).toEqual([
      ['i1', ['cost', 'trust'], 2, 2],
      ['i2', ['distance'], 1, 3],
      ['i3', ['fear', 'rain'], 2, 5],
      ['i4', [], 0, 5],
    ]);
  });
});

describe('axial relations', () => {
  const rel = (id: string, from: string, to: string, type: Relation['type'] = 'condition', label = ''): Relation => ({ id, fromCodeId: from, toCodeId: to, type, label });
  const relations = [
    rel('r1', 'cost', 'core'), // cost -> core
    rel('r2', 'core', 'walking', 'consequence'), // core -> walking
    rel('r3', 'fees', 'cost', 'part-of'), // fees -> cost -> core
    rel('r4', 'walking', 'rain', 'context'),
    rel('r5', 'island', 'lonely', 'custom', 'isolates'), // not connected
  ];

  it('finds everything linked to the core category in both directions, with shortest paths', () => {
    const related = relatedTo(relations, 'core');
    expect(related.map((r) => [r.codeId, r.distance])).toEqual([['cost', 1], ['walking', 1], ['fees', 2], ['rain', 2]]);
    const fees = related.find((r) => r.codeId === 'fees')!;
    expect(fees.path.map((s) => [s.relation.id, s.direction, s.codeId])).toEqual([['r1', 'incoming', 'cost'], ['r3', 'incoming', 'fees']]);
    expect(related.find((r) => r.codeId === 'rain')!.path.map((s) => s.direction)).toEqual(['outgoing', 'outgoing']);
  });

  it('follows cycles without looping', () => {
    expect(relatedTo([rel('a', 'x', 'y'), rel('b', 'y', 'x'), rel('c', 'y', 'z')], 'x').map((r) => r.codeId)).toEqual(['y', 'z']);
  });

  it('checks relations before they are stored', () => {
    const codes = [code('a', 'A'), code('b', 'B')];
    expect(checkRelation(codes, rel('r', 'a', 'b', 'custom', ' shapes '))).toMatchObject({ label: 'shapes' });
    expect(() => checkRelation(codes, rel('r', 'a', 'a'))).toThrow('two different codes');
    expect(() => checkRelation(codes, rel('r', 'a', 'b', 'custom', ''))).toThrow('needs a label');
    expect(() => checkRelation(codes, rel('r', 'a', 'zzz'))).toThrow('no code with id zzz');
  });
});
