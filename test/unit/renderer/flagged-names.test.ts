import { describe, expect, it } from 'vitest';
import { FlaggedNames } from '../../../renderer/src/editor/flagged-names';

describe('flagged names, kept per text node', () => {
  it('finds every occurrence, case-insensitively, with its offsets in the node', () => {
    const names = new FlaggedNames(['Sokha Chan', 'Dara', ' ']);
    expect(names.put('1', 'sokha chan met DARA and Dara')).toEqual([
      { term: 'Sokha Chan', from: 0, to: 10 },
      { term: 'Dara', from: 15, to: 19 },
      { term: 'Dara', from: 24, to: 28 },
    ]);
    expect(names.found()).toEqual(['Dara', 'Sokha Chan']);
  });

  it('the list of names follows edits and removals of single nodes, without a pass over the note', () => {
    const names = new FlaggedNames(['Dara', 'Vannak']);
    names.put('1', 'Dara said');
    names.put('2', 'Dara and Vannak');
    expect(names.found()).toEqual(['Dara', 'Vannak']);
    names.put('2', 'Dar and Vannak'); // a keystroke deleted a letter of one occurrence
    expect(names.found()).toEqual(['Dara', 'Vannak']);
    names.remove('1');
    expect(names.found()).toEqual(['Vannak']);
    names.put('2', 'nobody');
    expect(names.found()).toEqual([]);
    names.remove('3'); // a node without hits
    expect(names.found()).toEqual([]);
  });

  it('with no names set it finds nothing and says it is inactive', () => {
    const names = new FlaggedNames(['', '  ']);
    expect(names.active).toBe(false);
    expect(names.put('1', 'Dara')).toEqual([]);
    expect(names.found()).toEqual([]);
  });
});
