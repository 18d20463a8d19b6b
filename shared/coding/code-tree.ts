// The code tree (codebook) as pure operations. Each operation returns the new state, the
// forward patch (what the store writes, as upserts and deletes of rows) and the inverse patch
// (what undo writes). Both patches are computed by applyPatch from the rows actually replaced,
// so an inverse always restores the exact previous rows, whatever the operation did
// (codebook-patch.ts).
import { CodingError, type Code, type Codebook, type Coding, type Memo, type Relation } from './model';
import { applyPatch, emptyPatch, type CodebookChange } from './codebook-patch';

export { applyPatch, emptyCodebook, emptyPatch, isEmptyPatch, normalizeCodebook, type CodebookChange, type CodebookIds, type CodebookPatch, type CodebookRows } from './codebook-patch';

// ---------------------------------------------------------------- tree queries

export function findCode(state: Codebook, codeId: string): Code {
  const code = state.codes.find((c) => c.id === codeId);
  if (code === undefined) throw new CodingError('unknown-code', `There is no code with id ${codeId}.`);
  return code;
}

export function childrenOf(codes: readonly Code[], parentId: string | null): Code[] {
  return codes.filter((c) => c.parentId === parentId);
}

/** All descendants of a code, depth first, not including the code itself. */
export function descendantIds(codes: readonly Code[], codeId: string): string[] {
  const children = new Map<string, string[]>();
  for (const c of codes) {
    if (c.parentId === null) continue;
    const list = children.get(c.parentId) ?? [];
    list.push(c.id);
    children.set(c.parentId, list);
  }
  const out: string[] = [];
  const seen = new Set<string>([codeId]);
  const stack = [...(children.get(codeId) ?? [])].reverse();
  while (stack.length > 0) {
    const id = stack.pop() as string;
    // A corrupt tree with a cycle must not hang the UI.
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    stack.push(...[...(children.get(id) ?? [])].reverse());
  }
  return out;
}

/** Names from the root down to the code, for breadcrumbs and exports ("Barriers / Cost"). */
export function codePath(codes: readonly Code[], codeId: string): Code[] {
  const index = new Map(codes.map((c) => [c.id, c]));
  const path: Code[] = [];
  let current = index.get(codeId);
  while (current !== undefined && !path.includes(current)) {
    path.unshift(current);
    current = current.parentId === null ? undefined : index.get(current.parentId);
  }
  return path;
}

/** Sibling names compare trimmed, NFC-normalised and lower-cased: "Trust" and " trust" clash. */
export function nameKey(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}

function checkName(codes: readonly Code[], parentId: string | null, name: string, exceptId: string | null): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new CodingError('empty-name', 'A code needs a name.');
  const key = nameKey(trimmed);
  const clash = codes.find((c) => c.parentId === parentId && c.id !== exceptId && nameKey(c.name) === key);
  if (clash !== undefined) {
    const where = parentId === null ? 'at the top level' : `under "${codes.find((c) => c.id === parentId)?.name ?? parentId}"`;
    throw new CodingError('duplicate-name', `There is already a code called "${clash.name}" ${where}.`);
  }
  return trimmed;
}

const COLOR = /^#[0-9A-Fa-f]{6}$/;

function checkColor(color: string): string {
  if (!COLOR.test(color)) throw new CodingError('invalid-color', `A code colour is written #RRGGBB; "${color}" is not.`);
  return color.toUpperCase();
}

function checkParent(state: Codebook, parentId: string | null): void {
  if (parentId !== null) findCode(state, parentId);
}

// ---------------------------------------------------------------- operations

export type NewCode = Pick<Code, 'id' | 'name' | 'createdBy'> & Partial<Omit<Code, 'id' | 'name' | 'createdBy'>>;

export const DEFAULT_CODE_COLOR = '#FFD54F';

/**
 * Colours for new codes: Tableau 10, a qualitative palette designed so that neighbouring
 * categories stay apart (https://www.tableau.com/blog/colors-upgrade-tableau-10-56782), then
 * ColorBrewer Set3's lighter hues once those are taken. Highlights draw them at low alpha and the
 * bars under the text at full strength, so each must be tellable apart in both.
 */
export const CODE_PALETTE = [
  '#4E79A7', '#F28E2B', '#E15759', '#76B7B2', '#59A14F', '#EDC948', '#B07AA1', '#FF9DA7', '#9C755F', '#BAB0AC',
  '#8DD3C7', '#BEBADA', '#FB8072', '#80B1D3', '#FDB462', '#B3DE69', '#FCCDE5', '#BC80BD', '#CCEBC5', '#FFED6F',
] as const;

/** The palette colour fewest codes use (the first such in palette order), so a new code stands out from the others. */
export function nextCodeColor(codes: readonly Pick<Code, 'color'>[]): string {
  const used = new Map<string, number>();
  for (const c of codes) used.set(c.color.toUpperCase(), (used.get(c.color.toUpperCase()) ?? 0) + 1);
  let best: string = CODE_PALETTE[0];
  let fewest = Infinity;
  for (const color of CODE_PALETTE) {
    const n = used.get(color) ?? 0;
    if (n < fewest) {
      best = color;
      fewest = n;
    }
  }
  return best;
}

export function createCode(state: Codebook, input: NewCode): CodebookChange & { code: Code } {
  if (state.codes.some((c) => c.id === input.id)) throw new CodingError('duplicate-id', `A code with id ${input.id} already exists.`);
  const parentId = input.parentId ?? null;
  checkParent(state, parentId);
  const code: Code = {
    id: input.id,
    parentId,
    name: checkName(state.codes, parentId, input.name, null),
    color: checkColor(input.color ?? nextCodeColor(state.codes)),
    definition: input.definition ?? '',
    inclusion: input.inclusion ?? '',
    exclusion: input.exclusion ?? '',
    example: input.example ?? '',
    isCore: input.isCore ?? false,
    kind: input.kind ?? 'code',
    createdBy: input.createdBy,
    inVivo: input.inVivo ?? false,
  };
  const patch = emptyPatch();
  patch.put.codes.push(code);
  if (code.isCore) patch.put.codes.push(...coreChanges(state.codes, code.id));
  return { ...applyPatch(state, patch), code };
}

/** The rows that change when `coreId` becomes the core category: at most one core. */
function coreChanges(codes: readonly Code[], coreId: string): Code[] {
  return codes.filter((c) => c.isCore && c.id !== coreId).map((c) => ({ ...c, isCore: false }));
}

export function renameCode(state: Codebook, codeId: string, name: string): CodebookChange {
  const code = findCode(state, codeId);
  const patch = emptyPatch();
  patch.put.codes.push({ ...code, name: checkName(state.codes, code.parentId, name, code.id) });
  return applyPatch(state, patch);
}

export type CodeDetails = Partial<Pick<Code, 'color' | 'definition' | 'inclusion' | 'exclusion' | 'example' | 'isCore' | 'kind' | 'inVivo'>>;

/** Edits the fields that do not change the tree. Making a code core clears the previous core. */
export function updateCode(state: Codebook, codeId: string, details: CodeDetails): CodebookChange {
  const code = findCode(state, codeId);
  const updated: Code = { ...code, ...details };
  if (details.color !== undefined) updated.color = checkColor(details.color);
  const patch = emptyPatch();
  patch.put.codes.push(updated);
  if (details.isCore === true) patch.put.codes.push(...coreChanges(state.codes, codeId));
  return applyPatch(state, patch);
}

/** Moves a code (with its subtree) under a new parent, or to the top level with null. */
export function moveCode(state: Codebook, codeId: string, newParentId: string | null): CodebookChange {
  const code = findCode(state, codeId);
  checkParent(state, newParentId);
  if (newParentId !== null && (newParentId === codeId || descendantIds(state.codes, codeId).includes(newParentId))) {
    const target = findCode(state, newParentId);
    throw new CodingError('cycle', `"${code.name}" cannot move under "${target.name}": it would become its own ancestor.`);
  }
  const patch = emptyPatch();
  patch.put.codes.push({ ...code, parentId: newParentId, name: checkName(state.codes, newParentId, code.name, code.id) });
  return applyPatch(state, patch);
}

function sameRange(a: Coding, b: Coding): boolean {
  return a.noteId === b.noteId && a.start === b.start && a.end === b.end;
}

/**
 * Merges source into target: the source's codings, memos and relations re-point to the target,
 * its children move under the target, and the source is removed. A source coding on exactly the
 * range the target already codes is dropped (the editor must remove its mark: `droppedCodingIds`);
 * relations that would link the target to itself or repeat an existing one are dropped too.
 */
export function mergeCodes(state: Codebook, sourceId: string, targetId: string): CodebookChange & { droppedCodingIds: string[] } {
  const source = findCode(state, sourceId);
  const target = findCode(state, targetId);
  if (sourceId === targetId) throw new CodingError('merge-into-self', `"${source.name}" cannot be merged into itself.`);
  if (descendantIds(state.codes, sourceId).includes(targetId)) {
    throw new CodingError('cycle', `"${source.name}" cannot be merged into its own sub-code "${target.name}"; move "${target.name}" out first.`);
  }
  const patch = emptyPatch();
  const movedChildren = childrenOf(state.codes, sourceId);
  const others = state.codes.filter((c) => c.id !== sourceId && !movedChildren.includes(c));
  for (const child of movedChildren) {
    checkName(others, targetId, child.name, child.id);
    others.push({ ...child, parentId: targetId });
    patch.put.codes.push({ ...child, parentId: targetId });
  }
  if (source.isCore && !target.isCore) patch.put.codes.push({ ...target, isCore: true });
  patch.remove.codes.push(sourceId);

  const targetCodings = state.codings.filter((c) => c.codeId === targetId);
  // Source coding id -> the target coding on the same range, which replaces it.
  const replacedBy = new Map<string, string>();
  for (const coding of state.codings) {
    if (coding.codeId !== sourceId) continue;
    const twin = targetCodings.find((t) => sameRange(t, coding));
    if (twin !== undefined) {
      replacedBy.set(coding.id, twin.id);
      patch.remove.codings.push(coding.id);
    } else {
      patch.put.codings.push({ ...coding, codeId: targetId });
    }
  }
  for (const memo of state.memos) {
    if (memo.target.kind === 'code' && memo.target.codeId === sourceId) patch.put.memos.push({ ...memo, target: { kind: 'code', codeId: targetId } });
    const twin = memo.target.kind === 'coding' ? replacedBy.get(memo.target.codingId) : undefined;
    if (twin !== undefined) patch.put.memos.push({ ...memo, target: { kind: 'coding', codingId: twin } });
  }
  const kept: Relation[] = state.relations.filter((r) => r.fromCodeId !== sourceId && r.toCodeId !== sourceId);
  const key = (r: Relation): string => `${r.fromCodeId}\u0000${r.toCodeId}\u0000${r.type}\u0000${r.label}`;
  const keys = new Set(kept.map(key));
  for (const relation of state.relations) {
    if (relation.fromCodeId !== sourceId && relation.toCodeId !== sourceId) continue;
    const moved = {
      ...relation,
      fromCodeId: relation.fromCodeId === sourceId ? targetId : relation.fromCodeId,
      toCodeId: relation.toCodeId === sourceId ? targetId : relation.toCodeId,
    };
    if (moved.fromCodeId === moved.toCodeId || keys.has(key(moved))) {
      patch.remove.relations.push(relation.id);
    } else {
      keys.add(key(moved));
      patch.put.relations.push(moved);
    }
  }
  return { ...applyPatch(state, patch), droppedCodingIds: [...replacedBy.keys()] };
}

/** Moves the chosen codings of a code to a new code, created as a sibling unless a parent is given. */
export function splitCode(state: Codebook, sourceId: string, codingIds: readonly string[], newCode: NewCode): CodebookChange & { code: Code } {
  const source = findCode(state, sourceId);
  for (const id of codingIds) {
    const coding = state.codings.find((c) => c.id === id);
    if (coding === undefined) throw new CodingError('unknown-coding', `There is no coding with id ${id}.`);
    if (coding.codeId !== sourceId) throw new CodingError('coding-not-in-code', `Coding ${id} is not coded "${source.name}", so it cannot be split off it.`);
  }
  const created = createCode(state, {
    color: source.color,
    kind: source.kind,
    ...newCode,
    parentId: newCode.parentId === undefined ? source.parentId : newCode.parentId,
  });
  const patch = created.patch;
  for (const coding of state.codings) {
    if (codingIds.includes(coding.id)) patch.put.codings.push({ ...coding, codeId: created.code.id });
  }
  return { ...applyPatch(state, patch), code: created.code };
}

export type ChildrenPolicy = 'move-children-up' | 'delete-children';

export interface DeletionImpact {
  children: number;
  descendants: number;
  /** Codings of the code alone, and of the code with all its descendants. */
  codings: number;
  codingsWithDescendants: number;
}

/** What deleting a code would remove, so the UI can ask before calling deleteCode. */
export function deletionImpact(state: Codebook, codeId: string): DeletionImpact {
  findCode(state, codeId);
  const descendants = descendantIds(state.codes, codeId);
  const all = new Set([codeId, ...descendants]);
  return {
    children: childrenOf(state.codes, codeId).length,
    descendants: descendants.length,
    codings: state.codings.filter((c) => c.codeId === codeId).length,
    codingsWithDescendants: state.codings.filter((c) => all.has(c.codeId)).length,
  };
}

export interface DeletedRows {
  removedCodes: Code[];
  removedCodings: Coding[];
  removedMemos: Memo[];
  removedRelations: Relation[];
}

/**
 * Deletes a code. A code with children needs a policy: their children either move up to the
 * deleted code's parent or are deleted with it. Codings of deleted codes are removed (the
 * editor must remove their marks), as are memos on those codes or codings and their relations;
 * all are returned, and the inverse patch restores them.
 */
export function deleteCode(state: Codebook, codeId: string, children?: ChildrenPolicy): CodebookChange & DeletedRows {
  const code = findCode(state, codeId);
  const kids = childrenOf(state.codes, codeId);
  if (kids.length > 0 && children === undefined) {
    throw new CodingError('has-children', `"${code.name}" has ${kids.length} sub-code${kids.length === 1 ? '' : 's'}: move them up or delete them too.`);
  }
  const patch = emptyPatch();
  const doomed = new Set([codeId]);
  if (kids.length > 0 && children === 'delete-children') {
    for (const id of descendantIds(state.codes, codeId)) doomed.add(id);
  } else if (kids.length > 0) {
    const others = state.codes.filter((c) => c.id !== codeId && !kids.includes(c));
    for (const kid of kids) {
      checkName(others, code.parentId, kid.name, kid.id);
      others.push({ ...kid, parentId: code.parentId });
      patch.put.codes.push({ ...kid, parentId: code.parentId });
    }
  }
  const removedCodes = state.codes.filter((c) => doomed.has(c.id));
  const removedCodings = state.codings.filter((c) => doomed.has(c.codeId));
  const goneCodings = new Set(removedCodings.map((c) => c.id));
  const removedMemos = state.memos.filter((m) => (m.target.kind === 'code' && doomed.has(m.target.codeId)) || (m.target.kind === 'coding' && goneCodings.has(m.target.codingId)));
  const removedRelations = state.relations.filter((r) => doomed.has(r.fromCodeId) || doomed.has(r.toCodeId));
  patch.remove.codes.push(...removedCodes.map((c) => c.id));
  patch.remove.codings.push(...removedCodings.map((c) => c.id));
  patch.remove.memos.push(...removedMemos.map((m) => m.id));
  patch.remove.relations.push(...removedRelations.map((r) => r.id));
  return { ...applyPatch(state, patch), removedCodes, removedCodings, removedMemos, removedRelations };
}

// ---------------------------------------------------------------- counts

export interface CodeCounts {
  codings: number;
  interviews: number;
  codingsWithDescendants: number;
  interviewsWithDescendants: number;
}

/** Codings and distinct interviews per code, alone and with its descendants, for every code. */
export function codeCounts(codes: readonly Code[], codings: readonly Coding[]): Map<string, CodeCounts> {
  const parent = new Map(codes.map((c) => [c.id, c.parentId]));
  const own = new Map<string, { codings: number; interviews: Set<string> }>();
  const all = new Map<string, { codings: number; interviews: Set<string> }>();
  for (const c of codes) {
    own.set(c.id, { codings: 0, interviews: new Set() });
    all.set(c.id, { codings: 0, interviews: new Set() });
  }
  for (const coding of codings) {
    const mine = own.get(coding.codeId);
    if (mine === undefined) continue;
    mine.codings += 1;
    mine.interviews.add(coding.interviewId);
    const seen = new Set<string>();
    let id: string | null | undefined = coding.codeId;
    while (id !== null && id !== undefined && !seen.has(id)) {
      seen.add(id);
      const totals = all.get(id);
      if (totals !== undefined) {
        totals.codings += 1;
        totals.interviews.add(coding.interviewId);
      }
      id = parent.get(id);
    }
  }
  const out = new Map<string, CodeCounts>();
  for (const c of codes) {
    const mine = own.get(c.id);
    const totals = all.get(c.id);
    if (mine === undefined || totals === undefined) continue;
    out.set(c.id, { codings: mine.codings, interviews: mine.interviews.size, codingsWithDescendants: totals.codings, interviewsWithDescendants: totals.interviews.size });
  }
  return out;
}
