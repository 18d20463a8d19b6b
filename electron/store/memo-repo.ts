/**
 * Memos and relations: writing them as codebook patches (one undo step each), memos listed,
 * searched and described by what they are attached to, and where the user placed each code in
 * the relations network.
 */
import { NotFoundError } from '../../shared/api/errors';
import { applyPatch, checkRelation, codePath, emptyPatch, findCode, CodingError, type Codebook, type MemoTarget, type Relation, type RelationType } from '../../shared/coding';
import { CodebookRepo } from './codebook-repo';
import { memoOf, memoTargetColumns, type ChangeOutcome, type MemoKind, type MemoRow, type StoredMemo } from './coding-rows';
import { Repository } from './repository';

export class MemoRepo extends Repository {
  private readonly codebook = new CodebookRepo(this.db, this.deviceId, this.clock);

  createRelation(input: { fromCodeId: string; toCodeId: string; type: RelationType; label: string }): ChangeOutcome & { relation: Relation } {
    const id = this.newId();
    const outcome = this.codebook.perform((state) => {
      const relation = checkRelation(state.codes, { id, ...input });
      const key = (r: Relation) => `${r.fromCodeId}\u0000${r.toCodeId}\u0000${r.type}\u0000${r.label}`;
      if (state.relations.some((r) => key(r) === key(relation))) throw new CodingError('invalid-relation', 'These two codes are already linked that way.');
      const patch = emptyPatch();
      patch.put.relations.push(relation);
      return applyPatch(state, patch);
    });
    return { ...outcome, relation: outcome.change.patch.put.relations[0] as Relation };
  }

  deleteRelation(id: string): ChangeOutcome {
    return this.codebook.perform((state) => {
      if (!state.relations.some((r) => r.id === id)) throw new CodingError('invalid-relation', 'That relation was not found; it may have been deleted already.');
      const patch = emptyPatch();
      patch.remove.relations.push(id);
      return applyPatch(state, patch);
    });
  }

  createMemo(input: { kind: MemoKind; target: MemoTarget; title: string; body: string; initials: string }): ChangeOutcome & { memo: StoredMemo } {
    const id = this.newId();
    const outcome = this.codebook.perform((state) => {
      this.checkMemoTarget(state, input.target);
      const patch = emptyPatch();
      patch.put.memos.push({ id, kind: input.kind, target: input.target, title: input.title, body: input.body, createdBy: input.initials } as StoredMemo);
      return applyPatch(state, patch);
    });
    return { ...outcome, memo: outcome.change.patch.put.memos[0] as StoredMemo };
  }

  updateMemo(id: string, changes: { kind?: MemoKind; title?: string; body?: string }): ChangeOutcome & { memo: StoredMemo } {
    const outcome = this.codebook.perform((state) => {
      const memo = state.memos.find((m) => m.id === id);
      if (memo === undefined) throw new NotFoundError('That memo');
      const patch = emptyPatch();
      patch.put.memos.push({ ...memo, ...changes } as StoredMemo);
      return applyPatch(state, patch);
    });
    return { ...outcome, memo: outcome.change.patch.put.memos[0] as StoredMemo };
  }

  deleteMemo(id: string): ChangeOutcome {
    return this.codebook.perform((state) => {
      if (!state.memos.some((m) => m.id === id)) throw new NotFoundError('That memo');
      const patch = emptyPatch();
      patch.remove.memos.push(id);
      return applyPatch(state, patch);
    });
  }

  private checkMemoTarget(state: Codebook, target: MemoTarget): void {
    switch (target.kind) {
      case 'project':
        return;
      case 'code':
        findCode(state, target.codeId);
        return;
      case 'coding':
        if (!state.codings.some((c) => c.id === target.codingId)) throw new CodingError('unknown-coding', 'That coding was not found; reload the note.');
        return;
      case 'interview':
        if (this.db.prepare('SELECT 1 FROM interview WHERE id = ?').get(target.interviewId) === undefined) throw new NotFoundError('That interview');
        return;
    }
  }

  /** Memos, optionally on one target or of one kind; newest last. */
  listMemos(filter: { target?: MemoTarget; kind?: MemoKind } = {}): StoredMemo[] {
    const target = filter.target === undefined ? null : memoTargetColumns(filter.target);
    return (
      this.db
        .prepare('SELECT * FROM memo WHERE (? IS NULL OR (target_type = ? AND target_id = ?)) AND (? IS NULL OR kind = ?) ORDER BY id')
        .all(target?.type ?? null, target?.type ?? null, target?.id ?? null, filter.kind ?? null, filter.kind ?? null) as MemoRow[]
    ).map(memoOf);
  }

  /** What each memo is attached to, in words, and where a memo on an interview or a segment leads. */
  memoTargets(memos: readonly StoredMemo[]): Map<string, { label: string; place?: { interviewId: string; noteId: string; start: number; end: number } }> {
    const codes = this.codebook.codes();
    const respondents = this.db.prepare('SELECT group_concat(respondent_code, \', \') FROM (SELECT respondent_code FROM participant WHERE interview_id = ? ORDER BY position)').pluck();
    const coding = this.db.prepare('SELECT interview_id, note_id, start, "end", code_id FROM coding WHERE id = ?');
    const firstNote = this.db.prepare('SELECT id FROM note WHERE interview_id = ? ORDER BY rowid LIMIT 1').pluck();
    const out = new Map<string, { label: string; place?: { interviewId: string; noteId: string; start: number; end: number } }>();
    for (const memo of memos) {
      const t = memo.target;
      switch (t.kind) {
        case 'project':
          out.set(memo.id, { label: 'the project' });
          break;
        case 'code':
          out.set(memo.id, { label: `code ${codePath(codes, t.codeId).map((c) => c.name).join(' › ') || '(deleted)'}` });
          break;
        case 'interview': {
          const ids = respondents.get(t.interviewId) as string | null;
          const note = firstNote.get(t.interviewId) as string | undefined;
          out.set(memo.id, { label: `interview ID ${ids ?? '?'}`, ...(note !== undefined ? { place: { interviewId: t.interviewId, noteId: note, start: 0, end: 0 } } : {}) });
          break;
        }
        case 'coding': {
          const row = coding.get(t.codingId) as { interview_id: string; note_id: string; start: number; end: number; code_id: string } | undefined;
          if (row === undefined) {
            out.set(memo.id, { label: 'a segment' });
            break;
          }
          const ids = respondents.get(row.interview_id) as string | null;
          const name = codes.find((c) => c.id === row.code_id)?.name ?? 'code';
          out.set(memo.id, { label: `a “${name}” segment of ID ${ids ?? '?'}`, place: { interviewId: row.interview_id, noteId: row.note_id, start: row.start, end: row.end } });
          break;
        }
      }
    }
    return out;
  }

  /** Memos whose title or body contains every word of the query (any case; Khmer substrings too). */
  searchMemos(query: string): StoredMemo[] {
    const terms = query.trim().toLocaleLowerCase().split(/\s+/u).filter((t) => t !== '');
    if (terms.length === 0) return [];
    return this.listMemos().filter((m) => {
      const text = `${m.title}\n${m.body}`.toLocaleLowerCase();
      return terms.every((t) => text.includes(t));
    });
  }

  // -------------------------------------------------------------- the relations network

  /**
   * Where the user placed each code in the relations network. Kept in the project's meta table as
   * one JSON value: layout, not data, so it needs no table of its own and no migration.
   */
  networkPositions(): Record<string, { x: number; y: number }> {
    const raw = this.db.prepare("SELECT value FROM meta WHERE key = 'network_positions'").pluck().get();
    if (typeof raw !== 'string') return {};
    try {
      const parsed = JSON.parse(raw) as Record<string, { x: number; y: number }>;
      const known = new Set(this.db.prepare('SELECT id FROM code').pluck().all() as string[]);
      return Object.fromEntries(Object.entries(parsed).filter(([id, p]) => known.has(id) && Number.isFinite(p?.x) && Number.isFinite(p?.y)));
    } catch {
      return {};
    }
  }

  /** Saves positions (merged over those already saved; codes no longer there are dropped). */
  saveNetworkPositions(positions: Readonly<Record<string, { x: number; y: number }>>): number {
    return this.db.transaction(() => {
      const next = { ...this.networkPositions(), ...positions };
      const known = new Set(this.db.prepare('SELECT id FROM code').pluck().all() as string[]);
      const kept = Object.fromEntries(Object.entries(next).filter(([id]) => known.has(id)));
      this.db.prepare("INSERT INTO meta (key, value) VALUES ('network_positions', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(kept));
      return Object.keys(kept).length;
    })();
  }
}
