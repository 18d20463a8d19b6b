/**
 * The codebook and its undo: reading codes, codings, memos and relations as shared/coding keeps
 * them, the tree with its counts, and every change as the patch shared/coding computes, written
 * in one transaction (codebook-write.ts) so an inverse patch restores exactly what was there.
 * Code operations (create, rename, move, merge, split, delete, core category) live here; codings
 * (codings-repo.ts), memos and relations (memo-repo.ts) go through `perform` too.
 */
import {
  applyPatch,
  codeCounts,
  createCode,
  deleteCode,
  deletionImpact,
  emptyPatch,
  findCode,
  mergeCodes,
  moveCode,
  renameCode,
  splitCode,
  updateCode,
  type ChildrenPolicy,
  type Code,
  type CodeDetails,
  type Codebook,
  type CodebookChange,
  type CodebookPatch,
  type Coding,
  type DeletionImpact,
  type Relation,
} from '../../shared/coding';
import type { CodeWithCounts } from './api-types';
import { writePatch, codingRowsById } from './codebook-write';
import {
  CODING_COLUMNS,
  CodebookError,
  codeOf,
  codingOf,
  constraintError,
  domain,
  memoOf,
  relationOf,
  type ChangeOutcome,
  type CodeRow,
  type CodingRow,
  type MemoRow,
  type RelationRow,
  type StoredCode,
  type StoredCoding,
  type StoredMemo,
} from './coding-rows';
import { Repository } from './repository';

export class CodebookRepo extends Repository {
  // -------------------------------------------------------------- reading the codebook

  codes(): StoredCode[] {
    return (this.db.prepare('SELECT * FROM code ORDER BY id').all() as CodeRow[]).map(codeOf);
  }

  codings(): StoredCoding[] {
    return (this.db.prepare(`SELECT ${CODING_COLUMNS} FROM coding ORDER BY id`).all() as CodingRow[]).map(codingOf);
  }

  memos(): StoredMemo[] {
    return (this.db.prepare('SELECT * FROM memo ORDER BY id').all() as MemoRow[]).map(memoOf);
  }

  relations(): Relation[] {
    return (this.db.prepare('SELECT * FROM relation ORDER BY id').all() as RelationRow[]).map(relationOf);
  }

  /** The whole codebook, each table ordered by id (as shared/coding keeps it). */
  codebook(): Codebook {
    return { codes: this.codes(), codings: this.codings(), memos: this.memos(), relations: this.relations() };
  }

  /** The tree in display order (siblings by position, then name), each code with its counts. */
  tree(): CodeWithCounts[] {
    const codes = this.codes();
    const slim = (this.db.prepare('SELECT id, code_id, interview_id FROM coding').all() as { id: string; code_id: string; interview_id: string }[]).map(
      (r) => ({ id: r.id, codeId: r.code_id, interviewId: r.interview_id }) as Coding,
    );
    const counts = codeCounts(codes, slim);
    const memoCounts = new Map(
      (this.db.prepare("SELECT target_id, count(*) AS n FROM memo WHERE target_type = 'code' GROUP BY target_id").all() as { target_id: string; n: number }[]).map((r) => [r.target_id, r.n]),
    );
    const children = new Map<string | null, StoredCode[]>();
    for (const code of codes) children.set(code.parentId, [...(children.get(code.parentId) ?? []), code]);
    for (const list of children.values()) list.sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.name.localeCompare(b.name));
    const out: CodeWithCounts[] = [];
    const seen = new Set<string>();
    const visit = (parentId: string | null, depth: number, path: string[]): void => {
      for (const code of children.get(parentId) ?? []) {
        if (seen.has(code.id)) continue;
        seen.add(code.id);
        const c = counts.get(code.id);
        out.push({
          ...code,
          depth,
          path: [...path, code.name],
          codings: c?.codings ?? 0,
          interviews: c?.interviews ?? 0,
          codingsWithDescendants: c?.codingsWithDescendants ?? 0,
          interviewsWithDescendants: c?.interviewsWithDescendants ?? 0,
          memos: memoCounts.get(code.id) ?? 0,
        });
        visit(code.id, depth + 1, [...path, code.name]);
      }
    };
    visit(null, 0, []);
    return out;
  }

  // -------------------------------------------------------------- writing patches

  /**
   * Runs a codebook operation on the current rows and writes its patch in one transaction.
   * `load` says which tables the operation reads (applying a code needs only the codes).
   */
  perform(operation: (state: Codebook) => CodebookChange, load: 'all' | 'codes' = 'all'): ChangeOutcome {
    return this.db.transaction((): ChangeOutcome => {
      const state: Codebook = load === 'all' ? this.codebook() : { codes: this.codes(), codings: [], memos: [], relations: [] };
      const change = domain(() => operation(state));
      try {
        return { change, touchedNoteIds: writePatch({ db: this.db, deviceId: this.deviceId, now: this.now() }, change.patch) };
      } catch (error) {
        throw constraintError(error, 'The change was not saved');
      }
    })();
  }

  /**
   * Writes a patch from the undo stack. Notes may have been edited since the patch was made,
   * so codings that still exist keep their current place and text (only their code and flags
   * are restored); a coding to bring back must still match its note, or the step is refused.
   */
  writeUndoStep(patch: CodebookPatch): { touchedNoteIds: string[]; patch: CodebookPatch } {
    return this.db.transaction(() => {
      const current = codingRowsById(this.db, patch.put.codings.map((c) => c.id));
      const codings = patch.put.codings.map((coding): StoredCoding => {
        const now = current.get(coding.id);
        if (now === undefined) return coding;
        return { ...coding, noteId: now.note_id, interviewId: now.interview_id, questionName: now.question === '' ? null : now.question, start: now.start, end: now.end, text: now.text };
      });
      const rebased: CodebookPatch = { put: { ...patch.put, codings }, remove: patch.remove };
      for (const coding of codings) {
        if (current.has(coding.id)) continue;
        const plain = this.db.prepare('SELECT plain_text FROM note WHERE id = ?').pluck().get(coding.noteId);
        if (typeof plain !== 'string' || plain.slice(coding.start, coding.end) !== coding.text) {
          throw new CodebookError('stale-undo', 'The notes were edited since, so this step can no longer be undone or redone. Make the change again by hand.');
        }
      }
      try {
        return { touchedNoteIds: writePatch({ db: this.db, deviceId: this.deviceId, now: this.now() }, rebased), patch: rebased };
      } catch (error) {
        throw constraintError(error, 'The step was not undone');
      }
    })();
  }

  // -------------------------------------------------------------- operations

  createCode(input: { name: string; parentId?: string | null; color?: string; definition?: string; inclusion?: string; exclusion?: string; example?: string; kind?: 'theme' | 'code'; inVivo?: boolean; isCore?: boolean; createdBy: string }): ChangeOutcome & { code: Code } {
    const id = this.newId();
    const outcome = this.perform((state) => createCode(state, { ...input, id }), 'codes');
    return { ...outcome, code: outcome.change.patch.put.codes.find((c) => c.id === id) as Code };
  }

  updateCode(id: string, changes: { name?: string } & CodeDetails): ChangeOutcome {
    return this.perform((state) => {
      const steps: CodebookPatch[] = [];
      let current = state;
      if (changes.name !== undefined) {
        const renamed = renameCode(current, id, changes.name);
        steps.push(renamed.patch);
        current = renamed.state;
      }
      const { name: _name, ...details } = changes;
      if (Object.keys(details).length > 0) steps.push(updateCode(current, id, details).patch);
      if (steps.length === 0) findCode(state, id);
      return applyPatch(state, composePatches(steps));
    }, 'codes');
  }

  moveCode(id: string, parentId: string | null): ChangeOutcome {
    return this.perform((state) => moveCode(state, id, parentId), 'codes');
  }

  /**
   * Moves a code one place up or down among its siblings (display order only). Positions are not
   * part of the domain's patches, so this is written directly and is not on the undo stack: the
   * opposite move undoes it. Returns false when the code is already first or last.
   */
  reorderCode(id: string, direction: 'up' | 'down'): boolean {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT parent_id FROM code WHERE id = ?').get(id) as { parent_id: string | null } | undefined;
      if (row === undefined) throw new CodebookError('unknown-code', 'That code no longer exists. Reload the codebook.');
      const siblings = (this.db.prepare('SELECT id, name, position FROM code WHERE parent_id IS ? ').all(row.parent_id) as { id: string; name: string; position: number }[]).sort(
        (a, b) => a.position - b.position || a.name.localeCompare(b.name),
      );
      const at = siblings.findIndex((s) => s.id === id);
      const other = direction === 'up' ? at - 1 : at + 1;
      if (at < 0 || other < 0 || other >= siblings.length) return false;
      const order = siblings.map((s) => s.id);
      [order[at], order[other]] = [order[other] as string, order[at] as string];
      const base = Math.min(...siblings.map((s) => s.position));
      const put = this.db.prepare('UPDATE code SET position = ?, updated_at = ?, device_id = ? WHERE id = ?');
      const now = this.now();
      order.forEach((codeId, i) => put.run(base + i, now, this.deviceId, codeId));
      return true;
    })();
  }

  setCore(id: string | null): ChangeOutcome {
    return this.perform((state) => {
      if (id !== null) return updateCode(state, id, { isCore: true });
      const patch = emptyPatch();
      patch.put.codes.push(...state.codes.filter((c) => c.isCore).map((c) => ({ ...c, isCore: false })));
      return applyPatch(state, patch);
    }, 'codes');
  }

  mergeCodes(sourceId: string, targetId: string): ChangeOutcome & { droppedCodingIds: string[] } {
    let dropped: string[] = [];
    const outcome = this.perform((state) => {
      const merged = mergeCodes(state, sourceId, targetId);
      dropped = merged.droppedCodingIds;
      return merged;
    });
    return { ...outcome, droppedCodingIds: dropped };
  }

  splitCode(sourceId: string, codingIds: readonly string[], newCode: { name: string; parentId?: string | null; createdBy: string }): ChangeOutcome & { code: Code } {
    const id = this.newId();
    const outcome = this.perform((state) => splitCode(state, sourceId, codingIds, { ...newCode, id }));
    return { ...outcome, code: outcome.change.patch.put.codes.find((c) => c.id === id) as Code };
  }

  deletionImpact(id: string): DeletionImpact {
    return domain(() => deletionImpact(this.codebook(), id));
  }

  deleteCode(id: string, children?: ChildrenPolicy): ChangeOutcome & { removedCodingIds: string[] } {
    const outcome = this.perform((state) => deleteCode(state, id, children));
    return { ...outcome, removedCodingIds: outcome.change.patch.remove.codings };
  }

  coreCode(): StoredCode | null {
    const row = this.db.prepare('SELECT * FROM code WHERE is_core = 1').get() as CodeRow | undefined;
    return row === undefined ? null : codeOf(row);
  }
}

/** Several patches as one, applied in order: what the last one writes wins. */
export function composePatches(patches: readonly CodebookPatch[]): CodebookPatch {
  const out = emptyPatch();
  const tables = ['codes', 'codings', 'memos', 'relations'] as const;
  for (const table of tables) {
    const put = new Map<string, { id: string }>();
    const remove = new Set<string>();
    for (const p of patches) {
      for (const id of p.remove[table]) {
        put.delete(id);
        remove.add(id);
      }
      for (const row of p.put[table]) {
        remove.delete(row.id);
        put.set(row.id, row);
      }
    }
    (out.put[table] as { id: string }[]).push(...put.values());
    out.remove[table].push(...remove);
  }
  return out;
}
