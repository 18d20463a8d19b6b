/**
 * The grounded-theory workbench's storage: codes, codings, memos and relations, written as the
 * patches shared/coding computes (one transaction each, so an inverse patch restores exactly
 * what was there), with each coding's mark kept in its note's editor state in the same
 * transaction. Retrieval, matrices, co-occurrence, saturation, full-text search and quotes
 * read from here.
 */
import { flushSearchIndex, searchIndexPending } from './search-index';
import type { ProjectSettings } from '../../shared/api/contract';
import { InvalidInputError, NotFoundError } from '../../shared/api/errors';
import {
  applyPatch,
  attributePassage,
  codeByRespondentMatrix,
  respondentsPassing,
  codeCounts,
  codePath,
  coOccurrence,
  createCode,
  deleteCode,
  deletionImpact,
  descendantIds,
  emptyPatch,
  findCode,
  findFlaggedTerms,
  formatAttribution,
  mergeCodes,
  moveCode,
  nameKey,
  relatedTo,
  renameCode,
  sentenceAround,
  saturation,
  splitCode,
  updateCode,
  checkRelation,
  CodingError,
  type Attribution,
  type ChildrenPolicy,
  type RespondentFacts,
  type RespondentMatrix,
  type Code,
  type CodeDetails,
  type Codebook,
  type CodebookChange,
  type CodebookPatch,
  type Coding,
  type CodingErrorCode,
  type CoOccurrence,
  type DeletionImpact,
  type FlaggedMatch,
  type Memo,
  type MemoTarget,
  type RelatedCode,
  type Relation,
  type RelationType,
  type SaturationPoint,
} from '../../shared/coding';
import { defaultText, questionsOf } from '../../shared/schedule/model';
import { storedSchedule } from '../../shared/schedule/stored-schedule';
import { changeNoteMarks } from './note-marks';
import { speakerOfRange, type SpeakerSpan } from '../../shared/notes/speaker-tag';
import { Repository } from './repository';

// ---------------------------------------------------------------- records

export type MemoKind = 'code-memo' | 'theoretical' | 'method';

/** A code row: the domain's Code and its place among its siblings. */
export interface StoredCode extends Code {
  position?: number;
}

/** A coding row: the domain's Coding, whether it is marked as a quote, and who coded it. */
export interface StoredCoding extends Coding {
  isQuote?: boolean;
  createdBy?: string;
}

export interface StoredMemo extends Memo {
  kind?: MemoKind;
  /** When it was written (ISO); absent on a memo not yet read back from the table. */
  createdAt?: string;
}

export type CodebookErrorReason = CodingErrorCode | 'stale-undo' | 'note-mismatch' | 'past-end' | 'text-mismatch' | 'unknown-note';

/** A coding action the user can correct: the message says what happened and what to do. */
export class CodebookError extends InvalidInputError {
  constructor(
    readonly reason: CodebookErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/** The respondent attributes analyses and filters use, by the name the API uses. */
export const ATTRIBUTES = ['agencyGroup', 'organisationType', 'focusOfWork', 'location', 'language', 'date', 'status'] as const;
export type AttributeName = (typeof ATTRIBUTES)[number];

/**
 * A filter on respondent attributes: an interview passes when, for every attribute named, one
 * of its respondents has one of the values listed (null: not recorded). Dates are the day the
 * interview was held (YYYY-MM-DD); dateFrom and dateTo bound it, inclusive.
 */
export interface InterviewFilter {
  where?: Partial<Record<AttributeName, readonly (string | null)[]>>;
  dateFrom?: string;
  dateTo?: string;
}

/** What analyses need to know about an interview, without its answers. */
export interface InterviewFacts {
  id: string;
  heldAt: string;
  respondentCodes: string[];
  /** Every respondent gave quote consent (a group's quotes cannot be told apart). */
  quoteConsent: boolean;
  /** Per attribute, the distinct values of its respondents (null: not recorded), sorted. */
  values: Record<AttributeName, (string | null)[]>;
  /** One value per attribute for tables: the values joined with " + " (a mixed group), or null. */
  attributes: Record<AttributeName, string | null>;
  scheduleId: string;
}

export interface CodeWithCounts extends StoredCode {
  depth: number;
  path: string[];
  codings: number;
  interviews: number;
  codingsWithDescendants: number;
  interviewsWithDescendants: number;
  memos: number;
}

export interface RetrievedSegment {
  codingId: string;
  codeId: string;
  codeName: string;
  codePath: string[];
  interviewId: string;
  noteId: string;
  question: string;
  start: number;
  end: number;
  text: string;
  isQuote: boolean;
  context: { start: number; end: number; text: string };
  highlight: { start: number; end: number };
  respondentCodes: string[];
  /** A passage of a group session with no speaker: it belongs to the whole session. */
  wholeSession: boolean;
  heldAt: string;
  attributes: Record<string, string | null>;
}

export interface NoteHit {
  noteId: string;
  interviewId: string;
  respondentCodes: string[];
  heldAt: string;
  question: string;
  questionLabel: string;
  /** Text around the first match, with the matches inside it. */
  snippet: string;
  snippetStart: number;
  snippetMatches: { start: number; end: number }[];
  /** Matches in the note's plain text (UTF-16 offsets, at most 20), for opening the note there. */
  matches: { start: number; end: number }[];
}

export interface QuoteEntry {
  codingId: string;
  codeId: string;
  themeId: string;
  interviewId: string;
  noteId: string;
  question: string;
  start: number;
  end: number;
  text: string;
  respondentCodes: string[];
  attribution: string;
  flagged: FlaggedMatch[];
  /** Names from the theme down to the quote's code. */
  codePath: string[];
  questionLabel: string;
  wholeSession: boolean;
}

export type QuoteGrouping = 'code' | 'question';

/** Which quotes to keep: codes (with their sub-codes), questions ('' for general notes), speakers' attributes. */
export interface QuoteFilter {
  codeIds?: readonly string[];
  questions?: readonly string[];
  where?: Partial<Record<AttributeName, readonly (string | null)[]>>;
}

export interface QuoteBank {
  themes: { codeId: string; name: string; quotes: QuoteEntry[] }[];
  /** Quotes grouped by full code path (theme › sub-theme › code) or by question, in tree or schedule order. */
  groups: { key: string; path: string[]; quotes: QuoteEntry[] }[];
  /** Quotes left out because their speaker (or, for a whole group session, a respondent) gave no quote consent. */
  excluded: number;
}

export interface ChangeOutcome {
  change: CodebookChange;
  /** Notes whose editor state changed (marks added, moved or removed). */
  touchedNoteIds: string[];
}

interface CodeRow {
  id: string;
  parent_id: string | null;
  name: string;
  color: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  is_core: number;
  kind: 'theme' | 'code';
  in_vivo: number;
  created_by: string;
  position: number;
}

export interface CodingRow {
  id: string;
  code_id: string;
  note_id: string;
  interview_id: string;
  question: string;
  start: number;
  end: number;
  text: string;
  is_quote: number;
  created_by: string;
}

interface MemoRow {
  id: string;
  kind: MemoKind;
  target_type: 'project' | 'code' | 'coding' | 'interview';
  target_id: string;
  title: string;
  body: string;
  initials: string;
  created_at: string;
}

interface RelationRow {
  id: string;
  from_code: string;
  to_code: string;
  type: RelationType;
  label: string;
}

const CODING_COLUMNS = 'id, code_id, note_id, interview_id, question, start, "end", text, is_quote, created_by';

function codeOf(row: CodeRow): StoredCode {
  return {
    id: row.id,
    parentId: row.parent_id,
    name: row.name,
    color: row.color,
    definition: row.definition,
    inclusion: row.inclusion,
    exclusion: row.exclusion,
    example: row.example,
    isCore: row.is_core === 1,
    kind: row.kind,
    createdBy: row.created_by,
    inVivo: row.in_vivo === 1,
    position: row.position,
  };
}

function codingOf(row: CodingRow): StoredCoding {
  return {
    id: row.id,
    codeId: row.code_id,
    interviewId: row.interview_id,
    noteId: row.note_id,
    questionName: row.question === '' ? null : row.question,
    start: row.start,
    end: row.end,
    text: row.text,
    isQuote: row.is_quote === 1,
    createdBy: row.created_by,
  };
}

function targetOf(row: MemoRow): MemoTarget {
  switch (row.target_type) {
    case 'project':
      return { kind: 'project' };
    case 'code':
      return { kind: 'code', codeId: row.target_id };
    case 'coding':
      return { kind: 'coding', codingId: row.target_id };
    case 'interview':
      return { kind: 'interview', interviewId: row.target_id };
  }
}

export function memoTargetColumns(target: MemoTarget): { type: MemoRow['target_type']; id: string } {
  switch (target.kind) {
    case 'project':
      return { type: 'project', id: '' };
    case 'code':
      return { type: 'code', id: target.codeId };
    case 'coding':
      return { type: 'coding', id: target.codingId };
    case 'interview':
      return { type: 'interview', id: target.interviewId };
  }
}

function memoOf(row: MemoRow): StoredMemo {
  return { id: row.id, kind: row.kind, target: targetOf(row), title: row.title, body: row.body, createdBy: row.initials, createdAt: row.created_at };
}

function relationOf(row: RelationRow): Relation {
  return { id: row.id, fromCodeId: row.from_code, toCodeId: row.to_code, type: row.type, label: row.label };
}

/** Runs a domain operation and turns its CodingError into a CodebookError for the user. */
function domain<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    if (error instanceof CodingError) throw new CodebookError(error.code, error.message);
    throw error;
  }
}

/** SQLite refusing a row (a foreign key, a unique name): the user's mistake or a stale view; never interview content in the message. */
function constraintError(error: unknown, what: string): unknown {
  const code = (error as { code?: string }).code ?? '';
  if (!code.startsWith('SQLITE_CONSTRAINT')) return error;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return new CodebookError('duplicate-name', `${what}: a code with that name already exists at that place in the tree. Choose another name.`);
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || /FOREIGN KEY/.test((error as Error).message)) {
    return new CodebookError('unknown-code', `${what}: it refers to a code, note or coding that no longer exists. Reload the codebook and try again.`);
  }
  return new CodebookError('invalid-range', `${what}: the project refused the change (${code}). Reload and try again.`);
}

const ESCAPE = /[.*+?^${}()|[\]\\]/g;
/** FTS5's trigram tokenizer needs at least three characters to use its index. */
const TRIGRAM = 3;

export class CodingRepo extends Repository {
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
        return { change, touchedNoteIds: this.write(change.patch) };
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
      const current = this.codingRows(patch.put.codings.map((c) => c.id));
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
        return { touchedNoteIds: this.write(rebased), patch: rebased };
      } catch (error) {
        throw constraintError(error, 'The step was not undone');
      }
    })();
  }

  private codingRows(ids: readonly string[]): Map<string, CodingRow> {
    if (ids.length === 0) return new Map();
    const rows = this.db.prepare(`SELECT ${CODING_COLUMNS} FROM coding WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as CodingRow[];
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Writes rows in an order the constraints accept; must run inside a transaction. */
  private write(patch: CodebookPatch): string[] {
    const now = this.now();
    // Foreign keys are checked at commit: a patch may insert a child before its parent.
    this.db.pragma('defer_foreign_keys = ON');
    const existingCodings = this.codingRows([...patch.put.codings.map((c) => c.id), ...patch.remove.codings]);
    const del = (table: string, ids: readonly string[]) => {
      if (ids.length > 0) this.db.prepare(`DELETE FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(ids));
    };
    del('relation', patch.remove.relations);
    del('memo', patch.remove.memos);
    del('coding', patch.remove.codings);

    // Codes that stay but change: park their names and core flag first, so that the unique
    // sibling-name and single-core indexes hold between two statements of one patch (a swap).
    const park = this.db.prepare('UPDATE code SET name = id, is_core = 0 WHERE id = ?');
    for (const code of patch.put.codes) park.run(code.id);
    const putCode = this.db.prepare(
      `INSERT INTO code (id, parent_id, name, color, definition, inclusion, exclusion, example, is_core, kind, in_vivo, created_by, position, created_at, updated_at, device_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, (SELECT coalesce(max(position), 0) + 1 FROM code)), ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, color = excluded.color, definition = excluded.definition,
         inclusion = excluded.inclusion, exclusion = excluded.exclusion, example = excluded.example, is_core = excluded.is_core, kind = excluded.kind,
         in_vivo = excluded.in_vivo, updated_at = excluded.updated_at, device_id = excluded.device_id`,
    );
    for (const code of patch.put.codes as StoredCode[]) {
      putCode.run(code.id, code.parentId, code.name, code.color, code.definition, code.inclusion, code.exclusion, code.example, code.isCore ? 1 : 0, code.kind, code.inVivo ? 1 : 0, code.createdBy, code.position ?? null, now, now, this.deviceId);
    }
    const putCoding = this.db.prepare(
      `INSERT INTO coding (${CODING_COLUMNS}, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET code_id = excluded.code_id, note_id = excluded.note_id, interview_id = excluded.interview_id, question = excluded.question,
         start = excluded.start, "end" = excluded."end", text = excluded.text, is_quote = excluded.is_quote, updated_at = excluded.updated_at, device_id = excluded.device_id`,
    );
    for (const c of patch.put.codings as StoredCoding[]) {
      putCoding.run(c.id, c.codeId, c.noteId, c.interviewId, c.questionName ?? '', c.start, c.end, c.text, c.isQuote === true ? 1 : 0, c.createdBy ?? '', now, now, this.deviceId);
    }
    const putMemo = this.db.prepare(
      `INSERT INTO memo (id, kind, target_type, target_id, title, body, initials, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, target_type = excluded.target_type, target_id = excluded.target_id, title = excluded.title,
         body = excluded.body, initials = excluded.initials, updated_at = excluded.updated_at, device_id = excluded.device_id`,
    );
    for (const m of patch.put.memos as StoredMemo[]) {
      const target = memoTargetColumns(m.target);
      // A memo brought back by undo keeps the date it was written (created_at is not updated on conflict).
      putMemo.run(m.id, m.kind ?? (target.type === 'code' ? 'code-memo' : 'theoretical'), target.type, target.id, m.title, m.body, m.createdBy, m.createdAt ?? now, now, this.deviceId);
    }
    const putRelation = this.db.prepare(
      `INSERT INTO relation (id, from_code, to_code, type, label, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET from_code = excluded.from_code, to_code = excluded.to_code, type = excluded.type, label = excluded.label,
         updated_at = excluded.updated_at, device_id = excluded.device_id`,
    );
    for (const r of patch.put.relations) putRelation.run(r.id, r.fromCodeId, r.toCodeId, r.type, r.label, now, now, this.deviceId);

    // Deepest codes first: parent_id is ON DELETE RESTRICT, which SQLite checks at once.
    if (patch.remove.codes.length > 0) {
      const parents = new Map((this.db.prepare('SELECT id, parent_id FROM code').all() as { id: string; parent_id: string | null }[]).map((r) => [r.id, r.parent_id]));
      const depth = (id: string): number => {
        let d = 0;
        for (let p = parents.get(id); p !== null && p !== undefined && d < 10_000; p = parents.get(p)) d++;
        return d;
      };
      const ordered = [...patch.remove.codes].sort((a, b) => depth(b) - depth(a));
      const deleteCodeRow = this.db.prepare('DELETE FROM code WHERE id = ?');
      for (const id of ordered) deleteCodeRow.run(id);
    }
    return this.syncMarks(patch, existingCodings, now);
  }

  /** Adds, moves and removes the marks of the codings a patch changed; returns the notes touched. */
  private syncMarks(patch: CodebookPatch, before: Map<string, CodingRow>, now: string): string[] {
    const byNote = new Map<string, { remove: string[]; put: { id: string; start: number; end: number; text: string }[] }>();
    const entry = (noteId: string) => {
      let e = byNote.get(noteId);
      if (e === undefined) byNote.set(noteId, (e = { remove: [], put: [] }));
      return e;
    };
    for (const id of patch.remove.codings) {
      const old = before.get(id);
      if (old !== undefined) entry(old.note_id).remove.push(id);
    }
    for (const c of patch.put.codings) {
      const old = before.get(c.id);
      if (old !== undefined && old.note_id === c.noteId && old.start === c.start && old.end === c.end) continue;
      if (old !== undefined && old.note_id !== c.noteId) entry(old.note_id).remove.push(c.id);
      entry(c.noteId).put.push({ id: c.id, start: c.start, end: c.end, text: c.text });
    }
    const read = this.db.prepare('SELECT editor_state, plain_text FROM note WHERE id = ?');
    const save = this.db.prepare('UPDATE note SET editor_state = ?, updated_at = ?, device_id = ? WHERE id = ?');
    for (const [noteId, change] of byNote) {
      const note = read.get(noteId) as { editor_state: string; plain_text: string } | undefined;
      if (note === undefined) {
        if (change.put.length > 0) throw new CodebookError('unknown-note', 'The note to code no longer exists. Reload the interview and try again.');
        continue;
      }
      for (const c of change.put) checkRange(c, note.plain_text);
      const marked = changeNoteMarks(note.editor_state, change);
      for (const c of change.put) {
        const mark = marked.marks.find((m) => m.codingId === c.id);
        if (mark === undefined || mark.start !== c.start || mark.end !== c.end) {
          throw new CodebookError('note-mismatch', 'The coded text could not be marked exactly in the note (it crosses a paragraph break at its edge). Select the text again and retry.');
        }
      }
      save.run(marked.editorState, now, this.deviceId, noteId);
    }
    return [...byNote.keys()];
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

  /**
   * Codes [start, end) of a note with an existing code, a new code, or an in-vivo code named
   * after the selected words (an existing sibling of that name is reused).
   */
  applyCoding(input: {
    noteId: string;
    start: number;
    end: number;
    text: string;
    codeId?: string;
    newCode?: { name: string; parentId?: string | null; color?: string };
    inVivo?: { parentId?: string | null };
    isQuote?: boolean;
    createdBy: string;
  }): ChangeOutcome & { coding: StoredCoding; code: Code; createdCode: boolean } {
    const note = this.db.prepare('SELECT id, interview_id, question, plain_text FROM note WHERE id = ?').get(input.noteId) as
      | { id: string; interview_id: string; question: string; plain_text: string }
      | undefined;
    if (note === undefined) throw new CodebookError('unknown-note', 'That note was not found. Reload the interview and try again.');
    checkRange(input, note.plain_text);
    const codingId = this.newId();
    let code: Code | undefined;
    let created = false;
    const outcome = this.perform((state) => {
      let patch = emptyPatch();
      if (input.codeId !== undefined) {
        code = findCode(state, input.codeId);
      } else {
        const name = input.inVivo !== undefined ? inVivoName(input.text) : (input.newCode?.name ?? '');
        const parentId = (input.inVivo ?? input.newCode)?.parentId ?? null;
        code = input.inVivo !== undefined ? state.codes.find((c) => c.parentId === parentId && nameKey(c.name) === nameKey(name)) : undefined;
        if (code === undefined) {
          const made = createCode(state, { id: this.newId(), name, parentId, createdBy: input.createdBy, inVivo: input.inVivo !== undefined, ...(input.newCode?.color ? { color: input.newCode.color } : {}) });
          code = made.code;
          created = true;
          patch = made.patch;
        }
      }
      const coding: StoredCoding = {
        id: codingId,
        codeId: code.id,
        interviewId: note.interview_id,
        noteId: note.id,
        questionName: note.question === '' ? null : note.question,
        start: input.start,
        end: input.end,
        text: input.text,
        isQuote: input.isQuote ?? false,
        createdBy: input.createdBy,
      };
      patch.put.codings.push(coding);
      return applyPatch(state, patch);
    }, 'codes');
    return { ...outcome, coding: outcome.change.patch.put.codings.find((c) => c.id === codingId) as StoredCoding, code: code as Code, createdCode: created };
  }

  /** Changes a coding's flags (quote) without touching its range. */
  updateCoding(id: string, changes: { isQuote?: boolean; codeId?: string }): ChangeOutcome {
    return this.perform((state) => {
      const coding = state.codings.find((c) => c.id === id) as StoredCoding | undefined;
      if (coding === undefined) throw new CodingError('unknown-coding', 'That coding was not found; it may have been removed. Reload the note.');
      if (changes.codeId !== undefined) findCode(state, changes.codeId);
      const patch = emptyPatch();
      patch.put.codings.push({ ...coding, ...(changes.isQuote !== undefined ? { isQuote: changes.isQuote } : {}), ...(changes.codeId !== undefined ? { codeId: changes.codeId } : {}) } as StoredCoding);
      return applyPatch(state, patch);
    });
  }

  removeCoding(id: string): ChangeOutcome {
    return this.perform((state) => {
      if (!state.codings.some((c) => c.id === id)) throw new CodingError('unknown-coding', 'That coding was not found; it may have been removed already. Reload the note.');
      const patch = emptyPatch();
      patch.remove.codings.push(id);
      // Memos on the coding go with it (the database would drop them too), so undo brings them back.
      patch.remove.memos.push(...state.memos.filter((m) => m.target.kind === 'coding' && m.target.codingId === id).map((m) => m.id));
      return applyPatch(state, patch);
    });
  }

  createRelation(input: { fromCodeId: string; toCodeId: string; type: RelationType; label: string }): ChangeOutcome & { relation: Relation } {
    const id = this.newId();
    const outcome = this.perform((state) => {
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
    return this.perform((state) => {
      if (!state.relations.some((r) => r.id === id)) throw new CodingError('invalid-relation', 'That relation was not found; it may have been deleted already.');
      const patch = emptyPatch();
      patch.remove.relations.push(id);
      return applyPatch(state, patch);
    });
  }

  createMemo(input: { kind: MemoKind; target: MemoTarget; title: string; body: string; initials: string }): ChangeOutcome & { memo: StoredMemo } {
    const id = this.newId();
    const outcome = this.perform((state) => {
      this.checkMemoTarget(state, input.target);
      const patch = emptyPatch();
      patch.put.memos.push({ id, kind: input.kind, target: input.target, title: input.title, body: input.body, createdBy: input.initials } as StoredMemo);
      return applyPatch(state, patch);
    });
    return { ...outcome, memo: outcome.change.patch.put.memos[0] as StoredMemo };
  }

  updateMemo(id: string, changes: { kind?: MemoKind; title?: string; body?: string }): ChangeOutcome & { memo: StoredMemo } {
    const outcome = this.perform((state) => {
      const memo = state.memos.find((m) => m.id === id);
      if (memo === undefined) throw new NotFoundError('That memo');
      const patch = emptyPatch();
      patch.put.memos.push({ ...memo, ...changes } as StoredMemo);
      return applyPatch(state, patch);
    });
    return { ...outcome, memo: outcome.change.patch.put.memos[0] as StoredMemo };
  }

  deleteMemo(id: string): ChangeOutcome {
    return this.perform((state) => {
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
    const codes = this.codes();
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

  // -------------------------------------------------------------- notes with codings

  /** An interview's notes with their codings and the codes they use, for the coding screen. */
  interviewCodings(interviewId: string): { notes: { id: string; question: string; editorState: string; plainText: string }[]; codings: StoredCoding[]; codes: StoredCode[] } {
    if (this.db.prepare('SELECT 1 FROM interview WHERE id = ?').get(interviewId) === undefined) throw new NotFoundError('That interview');
    const notes = (this.db.prepare('SELECT id, question, editor_state, plain_text FROM note WHERE interview_id = ? ORDER BY rowid').all(interviewId) as { id: string; question: string; editor_state: string; plain_text: string }[]).map((n) => ({
      id: n.id,
      question: n.question,
      editorState: n.editor_state,
      plainText: n.plain_text,
    }));
    const codings = (this.db.prepare(`SELECT ${CODING_COLUMNS} FROM coding WHERE interview_id = ? ORDER BY note_id, start, id`).all(interviewId) as CodingRow[]).map(codingOf);
    const used = new Set(codings.map((c) => c.codeId));
    return { notes, codings, codes: this.codes().filter((c) => used.has(c.id)) };
  }

  // -------------------------------------------------------------- interviews as cases

  /** Facts about every interview (or the ones given), with attribute values as stored codes. */
  interviewFacts(): Map<string, InterviewFacts> {
    const interviews = this.db.prepare('SELECT id, held_at, status, language, schedule_id FROM interview').all() as { id: string; held_at: string; status: string; language: string; schedule_id: string }[];
    const participants = this.db
      .prepare('SELECT interview_id, respondent_code, agency_group, organisation_type, focus_of_work, location_number, quote_consent FROM participant ORDER BY interview_id, position')
      .all() as { interview_id: string; respondent_code: string; agency_group: string; organisation_type: string; focus_of_work: string; location_number: string; quote_consent: number }[];
    const byInterview = new Map<string, typeof participants>();
    for (const p of participants) byInterview.set(p.interview_id, [...(byInterview.get(p.interview_id) ?? []), p]);
    const out = new Map<string, InterviewFacts>();
    for (const i of interviews) {
      const ps = byInterview.get(i.id) ?? [];
      const distinct = (values: string[]): (string | null)[] => {
        const set = [...new Set(values.map((v) => (v === '' ? null : v)))];
        return set.sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
      };
      const values: Record<AttributeName, (string | null)[]> = {
        agencyGroup: distinct(ps.map((p) => p.agency_group)),
        organisationType: distinct(ps.map((p) => p.organisation_type)),
        focusOfWork: distinct(ps.map((p) => p.focus_of_work)),
        location: distinct(ps.map((p) => p.location_number)),
        language: distinct([i.language]),
        date: distinct([i.held_at.slice(0, 10)]),
        status: distinct([i.status]),
      };
      const attributes = Object.fromEntries(
        ATTRIBUTES.map((name) => {
          const known = values[name].filter((v): v is string => v !== null);
          return [name, known.length === 0 ? null : known.join(' + ')];
        }),
      ) as Record<AttributeName, string | null>;
      out.set(i.id, {
        id: i.id,
        heldAt: i.held_at,
        respondentCodes: ps.map((p) => p.respondent_code),
        quoteConsent: ps.length > 0 && ps.every((p) => p.quote_consent === 1),
        values,
        attributes,
        scheduleId: i.schedule_id,
      });
    }
    return out;
  }

  private static passesDates(facts: InterviewFacts, filter: InterviewFilter | undefined): boolean {
    if (filter === undefined) return true;
    const day = facts.heldAt.slice(0, 10);
    if (filter.dateFrom !== undefined && day < filter.dateFrom) return false;
    if (filter.dateTo !== undefined && day > filter.dateTo) return false;
    return true;
  }

  private static respondentPasses(respondent: RespondentFacts, filter: InterviewFilter | undefined): boolean {
    return Object.entries(filter?.where ?? {}).every(([name, allowed]) => (allowed as readonly (string | null)[]).includes(respondent.attributes[name] ?? null));
  }

  /** Each interview's respondents with their own attributes (and the interview's language, date and status). */
  respondentFacts(): Map<string, RespondentFacts[]> {
    const rows = this.db
      .prepare(
        `SELECT p.id, p.interview_id, p.respondent_code, p.agency_group, p.organisation_type, p.focus_of_work, p.location_number, p.quote_consent, i.language, i.held_at, i.status
         FROM participant p JOIN interview i ON i.id = p.interview_id ORDER BY p.interview_id, p.position`,
      )
      .all() as { id: string; interview_id: string; respondent_code: string; agency_group: string; organisation_type: string; focus_of_work: string; location_number: string; quote_consent: number; language: string; held_at: string; status: string }[];
    const out = new Map<string, RespondentFacts[]>();
    const value = (v: string) => (v === '' ? null : v);
    for (const r of rows) {
      const list = out.get(r.interview_id) ?? [];
      list.push({
        participantId: r.id,
        respondentCode: r.respondent_code,
        quoteConsent: r.quote_consent === 1,
        attributes: {
          agencyGroup: value(r.agency_group),
          organisationType: value(r.organisation_type),
          focusOfWork: value(r.focus_of_work),
          location: value(r.location_number),
          language: value(r.language),
          date: value(r.held_at.slice(0, 10)),
          status: value(r.status),
        },
      });
      out.set(r.interview_id, list);
    }
    return out;
  }

  /** Every note's speaker turns (note_speaker, derived on each note save), for attributing many passages at once. */
  speakerSpans(): Map<string, SpeakerSpan[]> {
    const out = new Map<string, SpeakerSpan[]>();
    for (const r of this.db.prepare('SELECT note_id, participant_id, start, "end" FROM note_speaker ORDER BY note_id, start').all() as { note_id: string; participant_id: string; start: number; end: number }[]) {
      const list = out.get(r.note_id) ?? [];
      list.push({ participantId: r.participant_id, start: r.start, end: r.end });
      out.set(r.note_id, list);
    }
    return out;
  }

  /**
   * The participant whose speaker turn holds all of [start, end) of a note, or null (no tag, or
   * the passage crosses speakers): then it is the whole session's. The one place that reads turns.
   */
  speakerAt(noteId: string, start: number, end: number, speakers?: ReadonlyMap<string, readonly SpeakerSpan[]>): string | null {
    const spans = speakers !== undefined ? (speakers.get(noteId) ?? []) : this.speakerSpansOf(noteId);
    return speakerOfRange(spans, start, end);
  }

  private speakerSpansOf(noteId: string): SpeakerSpan[] {
    return (this.db.prepare('SELECT participant_id, start, "end" FROM note_speaker WHERE note_id = ? ORDER BY start').all(noteId) as { participant_id: string; start: number; end: number }[]).map((r) => ({
      participantId: r.participant_id,
      start: r.start,
      end: r.end,
    }));
  }

  /** Who one coded segment belongs to, by its id. */
  passageAttribution(codingId: string): Attribution {
    const row = this.db.prepare('SELECT interview_id, note_id, start, "end" FROM coding WHERE id = ?').get(codingId) as { interview_id: string; note_id: string; start: number; end: number } | undefined;
    if (row === undefined) throw new CodebookError('unknown-coding', 'That coded segment no longer exists. Reload the note.');
    return this.attributionOf({ interviewId: row.interview_id, noteId: row.note_id, start: row.start, end: row.end });
  }

  /** Who a coded passage belongs to: its speaker, the only respondent, or the whole group session. */
  attributionOf(
    coding: Pick<Coding, 'interviewId' | 'noteId' | 'start' | 'end'>,
    respondents: ReadonlyMap<string, readonly RespondentFacts[]> = this.respondentFacts(),
    speakers?: ReadonlyMap<string, readonly SpeakerSpan[]>,
  ): Attribution {
    const participants = respondents.get(coding.interviewId) ?? [];
    return attributePassage(participants, participants.length > 1 ? this.speakerAt(coding.noteId, coding.start, coding.end, speakers) : null);
  }

  // -------------------------------------------------------------- analysis

  /** Codings of a code (and its descendants, if asked) with their sentences, respondent IDs and attributes. */
  retrieve(codeId: string, includeChildren: boolean, filter?: InterviewFilter): RetrievedSegment[] {
    const codes = this.codes();
    const wanted = domain(() => {
      findCode({ codes, codings: [], memos: [], relations: [] }, codeId);
      return includeChildren ? [codeId, ...descendantIds(codes, codeId)] : [codeId];
    });
    const facts = this.interviewFacts();
    const respondents = this.respondentFacts();
    const speakers = this.speakerSpans();
    // Interviews outside the dates, or with no respondent the filter keeps, are left out in SQL;
    // each passage is then kept when its own speaker (or, for a whole session, one of its respondents) passes.
    const allowed = filter === undefined ? null : [...facts.values()].filter((f) => CodingRepo.passesDates(f, filter) && (respondents.get(f.id) ?? []).some((r) => CodingRepo.respondentPasses(r, filter))).map((f) => f.id);
    // Only a window of each note around its coding crosses into JavaScript: reading whole notes
    // (thousands of characters each, hundreds of notes) is what a large retrieval would spend
    // its time on. substr counts characters, not UTF-16 units, so contextOf checks the window
    // and falls back to the whole note where they differ (text outside the BMP, e.g. emoji).
    const found = this.db
      .prepare(
        `SELECT ${CODING_COLUMNS.split(', ').map((c) => `c.${c}`).join(', ')}, max(c.start - ?, 0) AS win_start,
           substr(n.plain_text, max(c.start - ?, 0) + 1, c."end" - max(c.start - ?, 0) + ?) AS win
         FROM coding c JOIN note n ON n.id = c.note_id
         WHERE c.code_id IN (SELECT value FROM json_each(?)) AND (? IS NULL OR c.interview_id IN (SELECT value FROM json_each(?)))`,
      )
      .all(CONTEXT_WINDOW, CONTEXT_WINDOW, CONTEXT_WINDOW, CONTEXT_WINDOW, JSON.stringify(wanted), allowed === null ? null : 1, JSON.stringify(allowed ?? [])) as (CodingRow & { win_start: number; win: string })[];
    const rows = found
      .map((r) => ({ coding: codingOf(r), window: { start: r.win_start, text: r.win } }))
      .map((row) => ({ ...row, attribution: this.attributionOf(row.coding, respondents, speakers) }))
      .filter((row) => filter?.where === undefined || respondentsPassing(row.attribution, filter.where).length > 0);
    const wholeNote = this.db.prepare('SELECT plain_text FROM note WHERE id = ?').pluck();
    const contextIn = (coding: StoredCoding, window: { start: number; text: string }) => {
      const local = { start: coding.start - window.start, end: coding.end - window.start, text: coding.text };
      if (window.text.slice(local.start, local.end) !== coding.text) return contextOf(wholeNote.get(coding.noteId) as string | undefined, coding);
      const { context, highlight } = contextOf(window.text, local);
      return { context: { ...context, start: context.start + window.start, end: context.end + window.start }, highlight };
    };
    const byId = new Map(codes.map((c) => [c.id, c]));
    const paths = new Map<string, string[]>();
    const pathOf = (id: string) => {
      let p = paths.get(id);
      if (p === undefined) paths.set(id, (p = codePath(codes, id).map((c) => c.name)));
      return p;
    };
    rows.sort(({ coding: x }, { coding: y }) => compareText(x.interviewId, y.interviewId) || compareText(x.noteId, y.noteId) || x.start - y.start || compareText(x.id, y.id));
    return rows.map(({ coding, window, attribution }): RetrievedSegment => {
      const f = facts.get(coding.interviewId);
      const code = byId.get(coding.codeId) as Code;
      const { context, highlight } = contextIn(coding, window);
      return {
        codingId: coding.id,
        codeId: code.id,
        codeName: code.name,
        codePath: pathOf(code.id),
        interviewId: coding.interviewId,
        noteId: coding.noteId,
        question: coding.questionName ?? '',
        start: coding.start,
        end: coding.end,
        text: coding.text,
        isQuote: coding.isQuote === true,
        context,
        highlight,
        respondentCodes: attribution.respondents.map((r) => r.respondentCode),
        wholeSession: attribution.wholeSession,
        heldAt: f?.heldAt ?? '',
        attributes: attribution.respondents.length === 1 ? { ...(attribution.respondents[0]?.attributes ?? {}) } : { ...(f?.attributes ?? {}) },
      };
    });
  }

  /** The segments of the given codings (a matrix cell's drill-down), in retrieval order. */
  segmentsByIds(codingIds: readonly string[]): RetrievedSegment[] {
    const rows = this.db.prepare('SELECT DISTINCT code_id FROM coding WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(codingIds)) as string[];
    const wanted = new Set(codingIds);
    return rows.flatMap((codeId) => this.retrieve(codeId, false)).filter((s) => wanted.has(s.codingId)).sort(
      (x, y) => compareText(x.interviewId, y.interviewId) || compareText(x.noteId, y.noteId) || x.start - y.start || compareText(x.codingId, y.codingId),
    );
  }

  /**
   * Codes by one attribute of the respondents themselves (default rows: top-level codes): a
   * passage counts under its speaker's value; a whole-session passage of a group once under each
   * value its respondents have, and is counted apart as whole-session.
   */
  matrix(attribute: AttributeName, codeIds: readonly string[] | undefined, includeChildren: boolean, filter?: InterviewFilter): RespondentMatrix {
    const codes = this.codes();
    const facts = this.interviewFacts();
    const all = this.respondentFacts();
    const speakers = this.speakerSpans();
    const inScope = new Map<string, RespondentFacts[]>();
    for (const [interviewId, list] of all) {
      const f = facts.get(interviewId);
      if (f === undefined || !CodingRepo.passesDates(f, filter)) continue;
      const kept = list.filter((r) => CodingRepo.respondentPasses(r, filter));
      if (kept.length > 0) inScope.set(interviewId, kept);
    }
    const rows = codeIds ?? codes.filter((c) => c.parentId === null).sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).map((c) => c.id);
    return domain(() => {
      for (const id of rows) findCode({ codes, codings: [], memos: [], relations: [] }, id);
      return codeByRespondentMatrix({
        codes,
        codings: this.codings(),
        codeIds: rows,
        attribute,
        respondents: inScope,
        // Attributed among all the session's respondents, then only those in scope are counted.
        attributionOf: (coding) => {
          const a = this.attributionOf(coding, all, speakers);
          const kept = (inScope.get(coding.interviewId) ?? []).map((r) => r.participantId);
          return { ...a, respondents: a.respondents.filter((r) => kept.includes(r.participantId)) };
        },
        includeDescendants: includeChildren,
      });
    });
  }

  /** Every value each attribute takes among the respondents themselves (no group mixes), sorted, null last. */
  attributeValues(): Record<AttributeName, (string | null)[]> {
    const all = [...this.respondentFacts().values()].flat();
    return Object.fromEntries(
      ATTRIBUTES.map((name) => {
        const found = [...new Set(all.map((r) => r.attributes[name] ?? null))];
        return [name, [...found.filter((v): v is string => v !== null).sort((a, b) => a.localeCompare(b)), ...(found.includes(null) ? [null] : [])]];
      }),
    ) as Record<AttributeName, (string | null)[]>;
  }

  cooccurrence(codeIds?: readonly string[]): CoOccurrence[] {
    return coOccurrence(this.codings(), codeIds);
  }

  /** New codes per interview in the order interviews were held. */
  saturation(): SaturationPoint[] {
    const interviews = (this.db.prepare('SELECT id, held_at FROM interview').all() as { id: string; held_at: string }[]).map((i) => ({ id: i.id, heldOn: i.held_at }));
    return saturation(interviews, this.codings());
  }

  coreCode(): StoredCode | null {
    const row = this.db.prepare('SELECT * FROM code WHERE is_core = 1').get() as CodeRow | undefined;
    return row === undefined ? null : codeOf(row);
  }

  /** Codes linked to the core category, directly or through others. */
  relatedToCore(): RelatedCode[] {
    const core = this.coreCode();
    return core === null ? [] : relatedTo(this.relations(), core.id);
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

  // -------------------------------------------------------------- full-text search

  /**
   * Notes containing every word of the query, anywhere (substrings too: Khmer has no spaces).
   * Words of three characters or more use the FTS5 trigram index; the trigram tokenizer cannot
   * match anything shorter, so a query with a shorter word falls back to LIKE over the plain
   * text (a full scan, still fast at project sizes, and case-insensitive for ASCII only).
   */
  searchNotes(query: string, limit = 50, offset = 0): { method: 'fts' | 'like'; total: number; hits: NoteHit[] } {
    const terms = [...new Set(query.trim().split(/\s+/u).filter((t) => t !== ''))];
    if (terms.length === 0) return { method: 'fts', total: 0, hits: [] };
    // A project opened read-only cannot bring its index up to date: with notes waiting to be
    // indexed (saved since the last search), it searches the plain text instead.
    const useFts = terms.every((t) => [...t].length >= TRIGRAM) && !(this.db.readonly && searchIndexPending(this.db));
    if (useFts && !this.db.readonly) flushSearchIndex(this.db);
    let rows: { id: string; interview_id: string; question: string; plain_text: string }[];
    let total: number;
    if (useFts) {
      // Each word a quoted FTS5 string (a substring for trigram); quotes inside are doubled.
      const match = terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
      total = this.db.prepare('SELECT count(*) FROM note_fts WHERE note_fts MATCH ?').pluck().get(match) as number;
      rows = this.db
        .prepare(
          `SELECT n.id, n.interview_id, n.question, n.plain_text FROM note_fts f JOIN note n ON n.rowid = f.rowid
           WHERE note_fts MATCH ? ORDER BY f.rank, n.rowid LIMIT ? OFFSET ?`,
        )
        .all(match, limit, offset) as typeof rows;
    } else {
      const like = terms.map(() => "n.plain_text LIKE ? ESCAPE '\\'").join(' AND ');
      const patterns = terms.map((t) => `%${t.replace(/[\\%_]/g, '\\$&')}%`);
      total = this.db.prepare(`SELECT count(*) FROM note n WHERE ${like}`).pluck().get(...patterns) as number;
      rows = this.db
        .prepare(`SELECT n.id, n.interview_id, n.question, n.plain_text FROM note n JOIN interview i ON i.id = n.interview_id WHERE ${like} ORDER BY i.held_at, n.rowid LIMIT ? OFFSET ?`)
        .all(...patterns, limit, offset) as typeof rows;
    }
    const facts = this.interviewFacts();
    const labels = this.questionLabels();
    const pattern = new RegExp(terms.map((t) => t.replace(ESCAPE, '\\$&')).join('|'), 'giu');
    const hits = rows.map((row): NoteHit => {
      const matches: { start: number; end: number }[] = [];
      for (const m of row.plain_text.matchAll(pattern)) {
        matches.push({ start: m.index, end: m.index + m[0].length });
        if (matches.length >= 20) break;
      }
      const first = matches[0] ?? { start: 0, end: 0 };
      const snippetStart = Math.max(0, first.start - 60);
      const snippetEnd = Math.min(row.plain_text.length, first.end + 80);
      const f = facts.get(row.interview_id);
      return {
        noteId: row.id,
        interviewId: row.interview_id,
        respondentCodes: f?.respondentCodes ?? [],
        heldAt: f?.heldAt ?? '',
        question: row.question,
        questionLabel: row.question === '' ? 'General notes' : (labels(f?.scheduleId ?? '', row.question) ?? row.question),
        snippet: row.plain_text.slice(snippetStart, snippetEnd),
        snippetStart,
        snippetMatches: matches.filter((m) => m.end <= snippetEnd).map((m) => ({ start: m.start - snippetStart, end: m.end - snippetStart })),
        matches,
      };
    });
    return { method: useFts ? 'fts' : 'like', total, hits };
  }

  /**
   * Codes every place a search finds (in the notes given, or in every matching note) in one
   * transaction and one undo step: the words found, or the sentence around each. A place the
   * code already covers exactly is skipped.
   */
  codeSearchHits(input: {
    query: string;
    noteIds?: readonly string[];
    codeId?: string;
    newCode?: { name: string; parentId?: string | null };
    scope: 'words' | 'sentence';
    createdBy: string;
  }): ChangeOutcome & { code: Code; applied: number } {
    const terms = [...new Set(input.query.trim().split(/\s+/u).filter((t) => t !== ''))];
    if (terms.length === 0) throw new CodebookError('invalid-range', 'Type what to search for first.');
    const noteIds = input.noteIds ?? this.searchNotes(input.query, 1_000_000).hits.map((h) => h.noteId);
    const pattern = new RegExp(terms.map((t) => t.replace(ESCAPE, '\\$&')).join('|'), 'giu');
    const read = this.db.prepare('SELECT id, interview_id, question, plain_text FROM note WHERE id = ?');
    const places: { noteId: string; interviewId: string; question: string; start: number; end: number; text: string }[] = [];
    for (const noteId of noteIds) {
      const note = read.get(noteId) as { id: string; interview_id: string; question: string; plain_text: string } | undefined;
      if (note === undefined) continue;
      // Only notes holding every word are hits; then each occurrence of any word is a place.
      const lower = note.plain_text.toLocaleLowerCase();
      if (!terms.every((t) => lower.includes(t.toLocaleLowerCase()))) continue;
      const seen = new Set<string>();
      for (const m of note.plain_text.matchAll(pattern)) {
        const range = input.scope === 'sentence' ? sentenceAround(note.plain_text, m.index, m.index + m[0].length) : { start: m.index, end: m.index + m[0].length };
        const key = `${range.start}:${range.end}`;
        if (seen.has(key) || range.end <= range.start) continue;
        seen.add(key);
        places.push({ noteId: note.id, interviewId: note.interview_id, question: note.question, start: range.start, end: range.end, text: note.plain_text.slice(range.start, range.end) });
      }
    }
    let code: Code | undefined;
    let applied = 0;
    const outcome = this.perform((state) => {
      let patch = emptyPatch();
      if (input.codeId !== undefined) code = findCode(state, input.codeId);
      else {
        const made = createCode(state, { id: this.newId(), name: input.newCode?.name ?? '', parentId: input.newCode?.parentId ?? null, createdBy: input.createdBy });
        code = made.code;
        patch = made.patch;
      }
      const target = code;
      const existing = new Set(
        (this.db.prepare('SELECT note_id, start, "end" FROM coding WHERE code_id = ?').all(target.id) as { note_id: string; start: number; end: number }[]).map((r) => `${r.note_id}:${r.start}:${r.end}`),
      );
      for (const p of places) {
        if (existing.has(`${p.noteId}:${p.start}:${p.end}`)) continue;
        patch.put.codings.push({ id: this.newId(), codeId: target.id, interviewId: p.interviewId, noteId: p.noteId, questionName: p.question === '' ? null : p.question, start: p.start, end: p.end, text: p.text, isQuote: false, createdBy: input.createdBy } as StoredCoding);
        applied += 1;
      }
      return applyPatch(state, patch);
    }, 'codes');
    return { ...outcome, code: code as Code, applied };
  }

  private questionLabels(): (scheduleId: string, question: string) => string | undefined {
    const cache = new Map<string, Map<string, string>>();
    return (scheduleId, question) => {
      let labels = cache.get(scheduleId);
      if (labels === undefined) {
        const model = this.db.prepare('SELECT model FROM schedule WHERE id = ?').pluck().get(scheduleId);
        labels = new Map();
        if (typeof model === 'string') {
          const schedule = storedSchedule(model);
          for (const q of questionsOf(schedule)) labels.set(q.name, defaultText(schedule, q.label));
        }
        cache.set(scheduleId, labels);
      }
      return labels.get(question) || undefined;
    };
  }

  // -------------------------------------------------------------- quotes

  /**
   * Codings marked as quotes, attributed with the template to their speaker ("(35, Government)");
   * a whole-session passage of a group is attributed to each respondent in turn. A quote whose
   * speaker gave no quote consent (or, for a whole session, any respondent) is left out; only the
   * count of those left out is returned. Grouped by full code path or by question, filtered.
   */
  quoteBank(settings: ProjectSettings, template = '({id}, {organisationType})', options: { groupBy?: QuoteGrouping; filter?: QuoteFilter } = {}): QuoteBank {
    const codes = this.codes();
    const tree = this.tree();
    const facts = this.interviewFacts();
    const respondents = this.respondentFacts();
    const speakers = this.speakerSpans();
    const terms = this.db.prepare('SELECT term FROM flagged_term ORDER BY term').pluck().all() as string[];
    const labels = this.questionLabels();
    const orderOf = this.questionOrder();
    const label = (list: { code: string; label: string }[], value: string | null | undefined) => (value === null || value === undefined ? null : (list.find((o) => o.code === value)?.label ?? value));
    const filter = options.filter ?? {};
    const keepCodes = filter.codeIds === undefined ? null : new Set(filter.codeIds.flatMap((id) => [id, ...descendantIds(codes, id)]));
    const keepQuestions = filter.questions === undefined ? null : new Set(filter.questions);
    const rows = (this.db.prepare(`SELECT ${CODING_COLUMNS} FROM coding WHERE is_quote = 1 ORDER BY interview_id, note_id, start, id`).all() as CodingRow[]).map(codingOf);
    const all: QuoteEntry[] = [];
    let excluded = 0;
    for (const coding of rows) {
      const f = facts.get(coding.interviewId);
      const who = this.attributionOf(coding, respondents, speakers);
      if (f === undefined || who.respondents.length === 0 || !who.respondents.every((r) => r.quoteConsent)) {
        excluded++;
        continue;
      }
      if (keepCodes !== null && !keepCodes.has(coding.codeId)) continue;
      if (keepQuestions !== null && !keepQuestions.has(coding.questionName ?? '')) continue;
      if (filter.where !== undefined && respondentsPassing(who, filter.where).length === 0) continue;
      const path = codePath(codes, coding.codeId);
      const theme = path[0];
      if (theme === undefined) continue;
      const attribution = who.respondents
        .map((r) =>
          domain(() =>
            formatAttribution(template, {
              id: r.respondentCode,
              attributes: {
                organisationType: label(settings.organisationTypes, r.attributes.organisationType),
                agencyGroup: label(settings.agencyGroups, r.attributes.agencyGroup),
                focusOfWork: label(settings.focusOfWork, r.attributes.focusOfWork),
                location: r.attributes.location ?? null,
                language: r.attributes.language ?? null,
                date: r.attributes.date ?? null,
              },
            }),
          ),
        )
        .join(' ');
      const question = coding.questionName ?? '';
      all.push({
        codingId: coding.id,
        codeId: coding.codeId,
        themeId: theme.id,
        interviewId: coding.interviewId,
        noteId: coding.noteId,
        question,
        start: coding.start,
        end: coding.end,
        text: coding.text,
        respondentCodes: who.respondents.map((r) => r.respondentCode),
        attribution: who.wholeSession ? `${attribution} (whole session)` : attribution,
        flagged: findFlaggedTerms(coding.text, terms),
        codePath: path.map((c) => c.name),
        questionLabel: question === '' ? 'General notes' : (labels(f.scheduleId, question) ?? question),
        wholeSession: who.wholeSession,
      });
    }
    const treeOrder = new Map(tree.map((c, i) => [c.id, i]));
    const grouped = new Map<string, { key: string; path: string[]; order: number; quotes: QuoteEntry[] }>();
    for (const q of all) {
      const byQuestion = options.groupBy === 'question';
      const key = byQuestion ? q.question : q.codeId;
      const f = facts.get(q.interviewId);
      const order = byQuestion ? (q.question === '' ? -1 : orderOf(f?.scheduleId ?? '', q.question)) : (treeOrder.get(q.codeId) ?? 1e9);
      const group = grouped.get(key) ?? { key, path: byQuestion ? [q.questionLabel] : q.codePath, order, quotes: [] };
      group.quotes.push(q);
      grouped.set(key, group);
    }
    const themes = new Map<string, QuoteEntry[]>();
    for (const q of all) themes.set(q.themeId, [...(themes.get(q.themeId) ?? []), q]);
    return {
      themes: tree.filter((c) => c.depth === 0 && themes.has(c.id)).map((c) => ({ codeId: c.id, name: c.name, quotes: themes.get(c.id) ?? [] })),
      groups: [...grouped.values()].sort((a, b) => a.order - b.order || a.key.localeCompare(b.key)).map(({ key, path, quotes }) => ({ key, path, quotes })),
      excluded,
    };
  }

  /** A question's place in its schedule, for ordering by question. */
  private questionOrder(): (scheduleId: string, question: string) => number {
    const cache = new Map<string, Map<string, number>>();
    return (scheduleId, question) => {
      let order = cache.get(scheduleId);
      if (order === undefined) {
        const model = this.db.prepare('SELECT model FROM schedule WHERE id = ?').pluck().get(scheduleId);
        order = new Map(typeof model === 'string' ? questionsOf(storedSchedule(model)).map((q, i) => [q.name, i]) : []);
        cache.set(scheduleId, order);
      }
      return order.get(question) ?? 1e6;
    };
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How far around a coding its sentence is looked for; a longer sentence is cut here. */
const CONTEXT_WINDOW = 300;

/**
 * The sentence(s) around a coding (shared/coding sentenceAround), found in a window of the note
 * rather than the whole note: retrieval of a large code stays proportional to what it shows.
 * When the note no longer matches the coding, the context is the coded text alone.
 */
export function contextOf(note: string | undefined, coding: { start: number; end: number; text: string }): { context: { start: number; end: number; text: string }; highlight: { start: number; end: number } } {
  if (note === undefined || note.slice(coding.start, coding.end) !== coding.text) {
    return { context: { start: coding.start, end: coding.end, text: coding.text }, highlight: { start: 0, end: coding.text.length } };
  }
  let from = Math.max(0, coding.start - CONTEXT_WINDOW);
  let to = Math.min(note.length, coding.end + CONTEXT_WINDOW);
  // Start and end the window on a line break where there is one, so the edge is a sentence edge.
  const lineBefore = coding.start > 0 ? note.lastIndexOf('\n', coding.start - 1) : -1;
  if (lineBefore >= from) from = lineBefore + 1;
  const lineAfter = note.indexOf('\n', coding.end);
  if (lineAfter !== -1 && lineAfter <= to) to = lineAfter;
  const around = sentenceAround(note.slice(from, to), coding.start - from, coding.end - from);
  const start = around.start + from;
  const end = around.end + from;
  return { context: { start, end, text: note.slice(start, end) }, highlight: { start: coding.start - start, end: coding.end - start } };
}

/** Refuses a range that is empty, past the end of the note, or not the text given. */
function checkRange(range: { start: number; end: number; text: string }, plainText: string): void {
  if (!Number.isInteger(range.start) || !Number.isInteger(range.end) || range.start < 0 || range.end <= range.start) {
    throw new CodebookError('invalid-range', `A coded segment needs some text: ${range.start}..${range.end} is empty or reversed. Select the text again.`);
  }
  if (range.end > plainText.length) {
    throw new CodebookError('past-end', `The segment ends at ${range.end}, past the end of the note (${plainText.length} characters). Reload the note and select the text again.`);
  }
  if (plainText.slice(range.start, range.end) !== range.text) {
    throw new CodebookError('text-mismatch', 'The selected text is not what the note holds at that place (the note changed). Reload the note and select the text again.');
  }
}

/** An in-vivo code is named with the respondent's words: whitespace collapsed, at most 60 characters. */
export function inVivoName(text: string): string {
  const words = text.replace(/\s+/gu, ' ').trim().replace(/^["'“‘«(]+|["'”’»).,;:!?។]+$/gu, '').trim();
  const chars = [...words];
  return chars.length <= 60 ? words : `${chars.slice(0, 59).join('').trimEnd()}…`;
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
