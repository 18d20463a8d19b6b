import { describe, expect, it } from 'vitest';
import {
  applyPatch,
  codeCounts,
  codePath,
  createCode,
  deleteCode,
  deletionImpact,
  descendantIds,
  emptyCodebook,
  mergeCodes,
  moveCode,
  renameCode,
  splitCode,
  updateCode,
  type CodebookChange,
} from '../../../shared/coding/code-tree';
import { canRedo, canUndo, emptyUndoStack, recordChange, redo, undo } from '../../../shared/coding/undo-stack';
import { CodingError, type Code, type Codebook, type Coding, type Memo, type Relation } from '../../../shared/coding/model';

function code(id: string, name: string, parentId: string | null = null, extra: Partial<Code> = {}): Code {
  return { id, parentId, name, color: '#FFD54F', definition: '', inclusion: '', exclusion: '', example: '', isCore: false, kind: 'code', createdBy: 'SK', inVivo: false, ...extra };
}

function coding(id: string, codeId: string, interviewId: string, start = 0, end = 4, noteId = `note-${interviewId}`): Coding {
  return { id, codeId, interviewId, noteId, questionName: null, start, end, text: 'x'.repeat(end - start) };
}

/**
 * Barriers (t1)
 *   Cost (c1)            codings k1 (i1), k2 (i2)
 *     Transport (c2)     codings k3 (i1), k4 (i3)
 *   Distance (c3)        coding  k5 (i2)
 * Trust (c4)             coding  k6 (i1)
 */
function sample(): Codebook {
  const memos: Memo[] = [
    { id: 'm1', target: { kind: 'code', codeId: 'c1' }, title: 'Cost', body: 'Fees and fares', createdBy: 'SK' },
    { id: 'm2', target: { kind: 'coding', codingId: 'k3' }, title: 'Moto taxi', body: '', createdBy: 'SK' },
  ];
  const relations: Relation[] = [
    { id: 'r1', fromCodeId: 'c1', toCodeId: 'c4', type: 'condition', label: '' },
    { id: 'r2', fromCodeId: 'c3', toCodeId: 'c1', type: 'cause', label: '' },
    { id: 'r3', fromCodeId: 'c2', toCodeId: 'c4', type: 'condition', label: '' },
  ];
  return {
    codes: [code('c1', 'Cost', 't1'), code('c2', 'Transport', 'c1'), code('c3', 'Distance', 't1'), code('c4', 'Trust'), code('t1', 'Barriers', null, { kind: 'theme' })],
    codings: [coding('k1', 'c1', 'i1'), coding('k2', 'c1', 'i2'), coding('k3', 'c2', 'i1', 10, 20), coding('k4', 'c2', 'i3'), coding('k5', 'c3', 'i2', 5, 9), coding('k6', 'c4', 'i1')],
    memos,
    relations,
  };
}

function undone(change: CodebookChange): Codebook {
  return applyPatch(change.state, change.inverse).state;
}

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof CodingError) return error.code;
    throw error;
  }
  throw new Error('expected a CodingError');
}

describe('code tree', () => {
  it('creates codes under a parent with defaults, and undo removes them', () => {
    const state = sample();
    const change = createCode(state, { id: 'c5', name: ' Fees ', parentId: 'c1', createdBy: 'VS', inVivo: true, color: '#a1b2c3' });
    expect(change.code).toEqual(code('c5', 'Fees', 'c1', { createdBy: 'VS', inVivo: true, color: '#A1B2C3' }));
    expect(change.state.codes.map((c) => c.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 't1']);
    expect(change.patch.put.codes).toEqual([change.code]);
    expect(change.inverse.remove.codes).toEqual(['c5']);
    expect(undone(change)).toEqual(state);
  });

  it('refuses names already used among siblings, ignoring case, and allows them elsewhere', () => {
    const state = sample();
    expect(() => createCode(state, { id: 'x', name: 'cost', parentId: 't1', createdBy: 'SK' })).toThrow('There is already a code called "Cost" under "Barriers".');
    expect(errorCode(() => createCode(state, { id: 'x', name: 'TRUST', createdBy: 'SK' }))).toBe('duplicate-name');
    expect(createCode(state, { id: 'x', name: 'Cost', createdBy: 'SK' }).code.parentId).toBeNull();
    expect(errorCode(() => renameCode(state, 'c3', 'COST'))).toBe('duplicate-name');
    expect(errorCode(() => renameCode(state, 'c3', '   '))).toBe('empty-name');
    expect(errorCode(() => createCode(state, { id: 'x', name: 'Red', color: 'red', createdBy: 'SK' }))).toBe('invalid-color');
    expect(errorCode(() => createCode(state, { id: 'c1', name: 'Other', createdBy: 'SK' }))).toBe('duplicate-id');
  });

  it('renames (a change of case of its own name is fine) and undo restores the name', () => {
    const state = sample();
    const change = renameCode(state, 'c1', 'COST');
    expect(change.state.codes.find((c) => c.id === 'c1')?.name).toBe('COST');
    expect(undone(change)).toEqual(state);
  });

  it('moves a subtree and refuses to move a code under itself or its descendants', () => {
    const state = sample();
    const change = moveCode(state, 'c1', null);
    expect(codePath(change.state.codes, 'c2').map((c) => c.name)).toEqual(['Cost', 'Transport']);
    expect(undone(change)).toEqual(state);
    expect(() => moveCode(state, 't1', 'c2')).toThrow('"Barriers" cannot move under "Transport": it would become its own ancestor.');
    expect(errorCode(() => moveCode(state, 'c1', 'c1'))).toBe('cycle');
    expect(errorCode(() => moveCode(state, 'c4', 'nope'))).toBe('unknown-code');
    expect(errorCode(() => moveCode(createCode(state, { id: 'c9', name: 'Trust', parentId: 't1', createdBy: 'SK' }).state, 'c4', 't1'))).toBe('duplicate-name');
  });

  it('makes at most one code the core category', () => {
    const state = updateCode(sample(), 'c4', { isCore: true }).state;
    const change = updateCode(state, 'c1', { isCore: true, definition: 'Money a family pays' });
    expect(change.state.codes.filter((c) => c.isCore).map((c) => c.id)).toEqual(['c1']);
    expect(undone(change)).toEqual(state);
  });

  it('merges codings, memos, children and relations into the target, and undo restores everything', () => {
    const state = sample();
    const change = mergeCodes(state, 'c1', 'c3');
    const s = change.state;
    expect(s.codes.map((c) => c.id)).toEqual(['c2', 'c3', 'c4', 't1']);
    expect(s.codes.find((c) => c.id === 'c2')?.parentId).toBe('c3');
    expect(s.codings.filter((c) => c.codeId === 'c3').map((c) => c.id)).toEqual(['k1', 'k2', 'k5']);
    expect(s.memos.find((m) => m.id === 'm1')?.target).toEqual({ kind: 'code', codeId: 'c3' });
    // r1 Cost->Trust becomes Distance->Trust; r2 Distance->Cost would be Distance->Distance: dropped.
    expect(s.relations).toEqual([{ id: 'r1', fromCodeId: 'c3', toCodeId: 'c4', type: 'condition', label: '' }, state.relations[2]]);
    expect(change.droppedCodingIds).toEqual([]);
    expect(undone(change)).toEqual(state);
  });

  it('drops a source coding on exactly the range the target codes, keeping its memo on the twin', () => {
    const base = sample();
    const state: Codebook = {
      ...base,
      codings: [...base.codings, coding('k7', 'c4', 'i1', 10, 20)],
      memos: [...base.memos],
    };
    const change = mergeCodes(state, 'c2', 'c4');
    expect(change.droppedCodingIds).toEqual(['k3']);
    expect(change.state.codings.some((c) => c.id === 'k3')).toBe(false);
    expect(change.state.memos.find((m) => m.id === 'm2')?.target).toEqual({ kind: 'coding', codingId: 'k7' });
    expect(change.patch.remove.codings).toEqual(['k3']);
    expect(undone(change)).toEqual(state);
  });

  it('refuses merging a code into itself or into its own descendant', () => {
    const state = sample();
    expect(errorCode(() => mergeCodes(state, 'c1', 'c1'))).toBe('merge-into-self');
    expect(errorCode(() => mergeCodes(state, 'c1', 'c2'))).toBe('cycle');
    // Merging a child into its parent is fine.
    expect(mergeCodes(state, 'c2', 'c1').state.codings.filter((c) => c.codeId === 'c1').map((c) => c.id)).toEqual(['k1', 'k2', 'k3', 'k4']);
  });

  it('splits chosen codings off into a new sibling code, and undo puts them back', () => {
    const state = sample();
    const change = splitCode(state, 'c1', ['k2'], { id: 'c6', name: 'School fees', createdBy: 'VS' });
    expect(change.code).toMatchObject({ id: 'c6', parentId: 't1', color: '#FFD54F', kind: 'code' });
    expect(change.state.codings.find((c) => c.id === 'k2')?.codeId).toBe('c6');
    expect(change.state.codings.find((c) => c.id === 'k1')?.codeId).toBe('c1');
    expect(undone(change)).toEqual(state);
    expect(errorCode(() => splitCode(state, 'c1', ['k5'], { id: 'c6', name: 'X', createdBy: 'VS' }))).toBe('coding-not-in-code');
    expect(errorCode(() => splitCode(state, 'c1', ['k99'], { id: 'c6', name: 'X', createdBy: 'VS' }))).toBe('unknown-coding');
  });

  it('asks what to do with children before deleting a code that has them', () => {
    const state = sample();
    expect(deletionImpact(state, 'c1')).toEqual({ children: 1, descendants: 1, codings: 2, codingsWithDescendants: 4 });
    expect(() => deleteCode(state, 'c1')).toThrow('"Cost" has 1 sub-code: move them up or delete them too.');
  });

  it('deletes a code and moves its children up; its codings, memos and relations go and come back on undo', () => {
    const state = sample();
    const change = deleteCode(state, 'c1', 'move-children-up');
    expect(change.state.codes.find((c) => c.id === 'c2')?.parentId).toBe('t1');
    expect(change.removedCodes.map((c) => c.id)).toEqual(['c1']);
    expect(change.removedCodings.map((c) => c.id)).toEqual(['k1', 'k2']);
    expect(change.removedMemos.map((m) => m.id)).toEqual(['m1']);
    expect(change.removedRelations.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(change.state.codings.map((c) => c.id)).toEqual(['k3', 'k4', 'k5', 'k6']);
    expect(undone(change)).toEqual(state);
  });

  it('deletes a code with all its descendants and their codings, and undo restores them exactly', () => {
    const state = sample();
    const change = deleteCode(state, 't1', 'delete-children');
    expect(change.state.codes.map((c) => c.id)).toEqual(['c4']);
    expect(change.removedCodings.map((c) => c.id)).toEqual(['k1', 'k2', 'k3', 'k4', 'k5']);
    expect(change.removedMemos.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(change.state.relations).toEqual([]);
    expect(undone(change)).toEqual(state);
  });

  it('refuses to move children up next to a sibling of the same name', () => {
    const state = createCode(sample(), { id: 'c7', name: 'transport', parentId: 't1', createdBy: 'SK' }).state;
    expect(errorCode(() => deleteCode(state, 'c1', 'move-children-up'))).toBe('duplicate-name');
  });

  it('counts codings and distinct interviews per code, with and without descendants', () => {
    const counts = codeCounts(sample().codes, sample().codings);
    expect(counts.get('c1')).toEqual({ codings: 2, interviews: 2, codingsWithDescendants: 4, interviewsWithDescendants: 3 });
    expect(counts.get('c2')).toEqual({ codings: 2, interviews: 2, codingsWithDescendants: 2, interviewsWithDescendants: 2 });
    expect(counts.get('t1')).toEqual({ codings: 0, interviews: 0, codingsWithDescendants: 5, interviewsWithDescendants: 3 });
    expect(counts.get('c4')).toEqual({ codings: 1, interviews: 1, codingsWithDescendants: 1, interviewsWithDescendants: 1 });
    expect(descendantIds(sample().codes, 't1')).toEqual(['c1', 'c2', 'c3']);
  });
});

describe('undo stack', () => {
  it('undoes and redoes a series of operations, each step restoring the state exactly', () => {
    const s0 = sample();
    let stack = emptyUndoStack();
    const a = createCode(s0, { id: 'c8', name: 'Fear', createdBy: 'SK' });
    stack = recordChange(stack, 'Create “Fear”', a);
    const b = mergeCodes(a.state, 'c2', 'c8');
    stack = recordChange(stack, 'Merge “Transport” into “Fear”', b);
    const c = deleteCode(b.state, 't1', 'delete-children');
    stack = recordChange(stack, 'Delete “Barriers”', c);

    let step = undo(stack, c.state);
    expect(step?.label).toBe('Delete “Barriers”');
    expect(step?.state).toEqual(b.state);
    expect(step?.patch).toBe(c.inverse);
    step = undo(step!.stack, step!.state);
    expect(step?.state).toEqual(a.state);
    step = undo(step!.stack, step!.state);
    expect(step?.state).toEqual(s0);
    expect(canUndo(step!.stack)).toBe(false);
    expect(undo(step!.stack, step!.state)).toBeNull();

    step = redo(step!.stack, step!.state);
    expect(step?.state).toEqual(a.state);
    step = redo(step!.stack, step!.state);
    expect(step?.state).toEqual(b.state);
    expect(canRedo(step!.stack)).toBe(true);
    // A new change forgets the redo branch.
    const d = renameCode(step!.state, 'c8', 'Worry');
    const after = recordChange(step!.stack, 'Rename', d);
    expect(canRedo(after)).toBe(false);
    expect(after.past.map((e) => e.label)).toEqual(['Create “Fear”', 'Merge “Transport” into “Fear”', 'Rename']);
  });

  it('forgets the oldest entries beyond its limit', () => {
    let stack = emptyUndoStack(2);
    let state = emptyCodebook();
    for (const name of ['A', 'B', 'C']) {
      const change = createCode(state, { id: name, name, createdBy: 'SK' });
      state = change.state;
      stack = recordChange(stack, name, change);
    }
    expect(stack.past.map((e) => e.label)).toEqual(['B', 'C']);
  });
});
