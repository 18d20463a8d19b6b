/**
 * Merging another Fieldnote project into this one: a union by stable id with conflict detection.
 *
 * - A record only the other project has is added (its UUIDv7 id never clashes with one made here).
 * - A record both have with the same content: nothing to do. This is what makes merging the
 *   same project twice add nothing the second time.
 * - A record both have with different content: if the same device made both versions and the
 *   incoming one is newer, it is a later edit of the same line of work and replaces the local one
 *   ("updated"); a newer local version from the same device stays. Otherwise both sides changed
 *   it: the local version stays, the incoming one is kept in `merge_conflict` for the user to
 *   choose (never overwritten silently). Without tombstones or a common ancestor this is the
 *   safe reading: an edit on one side only, made on another device, shows as a conflict.
 * - A decision once made (a conflict kept or resolved, an ID renumbered) is found again by the
 *   hash of the incoming row, so a second merge does not ask again.
 * - Natural keys: a code new to us with the name of a local sibling code is the same code
 *   (codings and memos follow it); two answers or notes for the same interview question are a
 *   conflict; a schedule version number taken here gets the next free number; a respondent
 *   number taken here by another respondent is an ID clash the user resolves (renumber the
 *   incoming respondents from the next free number); a coder new to us with the initials of a
 *   local coder is that coder (initials are unique in a project, and the codings follow it).
 * - A note whose text is the same on both sides and whose editor states differ only in coding
 *   marks is the same note: the marks follow the codings, which are merged as a union (two
 *   coders coding the same interviews on two laptops never conflict over the notes they share).
 * - An evaluation question with the ID (ref) of a local one is that question (its links and
 *   summaries follow it); a rapid-analysis summary of the same respondent and domain with other
 *   words is a conflict.
 * - Deletions are not carried: the schema has no tombstones, so a record deleted on one side
 *   comes back from the other.
 *
 * The whole merge is one transaction; the preview runs the same code and rolls back, so what it
 * lists is exactly what applying does.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import nodePath from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { InvalidInputError } from '../../shared/api/errors';
import { newId } from '../store/ids';
import { SCHEMA_VERSION } from '../store/migrations';
import { ProjectStore, restrictFile } from '../store/project-store';
import { changeNoteMarks, readNoteMarks } from '../store/note-marks';
import { reconcileNote, relocate, type CodingRow } from './note-text';

type Row = Record<string, unknown>;

/** Tables merged, parents first. */
export const MERGED_TABLES = [
  'schedule',
  'interview',
  'participant',
  'answer',
  'answer_correction',
  'note',
  'status_change',
  'review_comment',
  'flagged_term',
  'coder',
  'code',
  'coding',
  'memo',
  'relation',
  'evaluation_question',
  'evaluation_link',
  'rqa_cell',
] as const;
export type MergedTable = (typeof MERGED_TABLES)[number];

export type RespondentClashChoice = 'renumber-incoming';

export interface MergeOptions {
  /** Required when the other project uses respondent numbers that belong to other respondents here. */
  respondentClashes?: RespondentClashChoice;
  deviceId: string;
  /** Shown with each conflict: where the incoming version came from. */
  sourceName: string;
}

export interface ConflictSummary {
  id: string;
  kind: 'record' | 'respondent-id' | 'unplaced';
  table: string;
  recordId: string;
  label: string;
  detail: string;
  status: 'open' | 'kept-local' | 'took-incoming' | 'renumbered';
  source: string;
  /** The fields that differ, local and incoming (for records). */
  fields: { name: string; local: string; incoming: string }[];
}

export interface RespondentClash {
  participantId: string;
  respondentNumber: number;
  respondentCode: string;
  newNumber: number;
  newCode: string;
}

export interface MergeReport {
  tables: Record<string, { added: number; updated: number; unchanged: number; conflicts: number }>;
  conflicts: ConflictSummary[];
  respondentClashes: RespondentClash[];
  codesMatchedByName: { incomingId: string; localId: string; name: string }[];
  scheduleVersionsRenumbered: { formId: string; from: number; to: number }[];
  notes: string[];
}

export class MergeNeedsChoiceError extends InvalidInputError {
  constructor(readonly clashes: RespondentClash[]) {
    super(
      `${clashes.length} respondent ID(s) of the other project are already used here by other respondents (${clashes
        .slice(0, 5)
        .map((c) => c.respondentCode)
        .join(', ')}${clashes.length > 5 ? ', …' : ''}). Choose to renumber the incoming respondents from the next free number, or cancel. Nothing was changed.`,
    );
  }
}

class Rollback extends Error {}

const VOLATILE = new Set(['updated_at', 'device_id']);

function hashRow(table: string, row: Row): string {
  const keys = Object.keys(row).sort();
  return crypto.createHash('sha256').update(table).update(JSON.stringify(keys.map((k) => [k, row[k]]))).digest('hex');
}

function sameContent(a: Row, b: Row): boolean {
  for (const key of Object.keys(a)) if (!VOLATILE.has(key) && a[key] !== b[key]) return false;
  return true;
}

function differingFields(local: Row, incoming: Row): { name: string; local: string; incoming: string }[] {
  const out: { name: string; local: string; incoming: string }[] = [];
  for (const key of Object.keys(local)) {
    if (VOLATILE.has(key) || local[key] === incoming[key]) continue;
    out.push({ name: key, local: String(local[key] ?? ''), incoming: String(incoming[key] ?? '') });
  }
  return out;
}

function quoteId(column: string): string {
  if (!/^[a-z_]+$/.test(column)) throw new Error(`unexpected column ${column}`);
  return `"${column}"`;
}

function insertRow(db: Database.Database, table: string, row: Row): void {
  const cols = Object.keys(row);
  db.prepare(`INSERT INTO ${quoteId(table)} (${cols.map(quoteId).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => row[c]));
}

/** Sets every column of the local record `id` to the incoming values (its id stays). */
function overwriteRow(db: Database.Database, table: string, id: string, row: Row): void {
  const cols = Object.keys(row).filter((c) => c !== 'id');
  db.prepare(`UPDATE ${quoteId(table)} SET ${cols.map((c) => `${quoteId(c)} = ?`).join(', ')} WHERE id = ?`).run(...cols.map((c) => row[c]), id);
}

function withSavepoint<T>(db: Database.Database, work: () => T): { ok: true; value: T } | { ok: false; error: Error } {
  db.exec('SAVEPOINT merge_row');
  try {
    const value = work();
    db.exec('RELEASE merge_row');
    return { ok: true, value };
  } catch (error) {
    db.exec('ROLLBACK TO merge_row');
    db.exec('RELEASE merge_row');
    const code = (error as { code?: string }).code ?? '';
    if (!code.startsWith('SQLITE_CONSTRAINT')) throw error;
    return { ok: false, error: error as Error };
  }
}

/** A short label a user recognises for a record (never more than a few words of content). */
function labelOf(db: Database.Database, table: string, row: Row): string {
  const clip = (s: unknown) => {
    const text = String(s ?? '');
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  };
  const respondents = (interviewId: unknown) =>
    (db.prepare('SELECT group_concat(respondent_code, \', \') FROM (SELECT respondent_code FROM participant WHERE interview_id = ? ORDER BY position)').pluck().get(interviewId) as string | null) ?? 'interview';
  switch (table) {
    case 'code':
      return `Code “${clip(row.name)}”`;
    case 'note':
      return `Note${row.question === '' ? ' (general)' : ` on ${String(row.question)}`}, ${respondents(row.interview_id)}`;
    case 'answer':
      return `Answer to ${String(row.question)}, ${respondents(row.interview_id)}`;
    case 'interview':
      return `Interview ${respondents(row.id)} (${clip(row.held_at)})`;
    case 'participant':
      return `Respondent ${String(row.respondent_code)}`;
    case 'memo':
      return `Memo “${clip(row.title === '' ? row.kind : row.title)}”`;
    case 'coding':
      return `Coded segment “${clip(row.text)}”`;
    case 'schedule':
      return `Schedule ${clip(row.title)} v${String(row.version)}`;
    case 'evaluation_question':
      return `Evaluation question ${String(row.ref)} “${clip(row.text)}”`;
    case 'evaluation_link':
      return `Link of an evaluation question to ${String(row.kind)} ${clip(row.target)}`;
    case 'rqa_cell':
      return `Rapid-analysis summary “${clip(row.summary)}”`;
    default:
      return `${table} ${String(row.id)}`;
  }
}

/** Opens the other project for reading; an older schema is upgraded in a temporary encrypted copy. */
export function openOther(otherPath: string, passphrase: string, scratchDir: string): { store: ProjectStore; dispose: () => void } {
  const store = ProjectStore.open(otherPath, passphrase, { readOnly: true });
  const version = store.db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) return { store, dispose: () => store.close() };
  store.close();
  const tmp = nodePath.join(scratchDir, `.merge-${crypto.randomBytes(6).toString('hex')}.fieldnote`);
  fs.copyFileSync(otherPath, tmp);
  restrictFile(tmp);
  try {
    const upgraded = ProjectStore.open(tmp, passphrase);
    return {
      store: upgraded,
      dispose: () => {
        upgraded.close();
        for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
      },
    };
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

export function mergePreview(local: Database.Database, other: Database.Database, options: MergeOptions): MergeReport {
  let report: MergeReport | null = null;
  try {
    local.transaction(() => {
      report = runMerge(local, other, { ...options, respondentClashes: 'renumber-incoming' });
      throw new Rollback();
    })();
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return report as unknown as MergeReport;
}

/** Applies the merge in one transaction; throws MergeNeedsChoiceError (nothing changed) when ID clashes need a choice. */
export function mergeApply(local: Database.Database, other: Database.Database, options: MergeOptions): MergeReport {
  return local.transaction(() => runMerge(local, other, options)).immediate();
}

function runMerge(db: Database.Database, other: Database.Database, options: MergeOptions): MergeReport {
  const report: MergeReport = { tables: {}, conflicts: [], respondentClashes: [], codesMatchedByName: [], scheduleVersionsRenumbered: [], notes: [] };
  const now = new Date().toISOString();
  const codeMap = new Map<string, string>();
  const coderMap = new Map<string, string>();
  /** Incoming note id → the conflict holding the incoming version (its codings wait there). */
  const heldNotes = new Map<string, string>();
  const heldCodings = new Map<string, string>();
  const touchedNotes = new Set<string>();
  const decided = db.prepare('SELECT id FROM merge_conflict WHERE table_name = ? AND incoming_hash = ?');
  /** Incoming note id → the local note for the same interview question with the same content. */
  const noteMap = new Map<string, string>();
  /** Incoming evaluation question id → the local one with the same ID (ref), e.g. both imported from one workbook. */
  const questionMap = new Map<string, string>();
  const prefix = (() => {
    const raw = db.prepare("SELECT value FROM meta WHERE key = 'project_settings'").pluck().get();
    return typeof raw === 'string' ? ((JSON.parse(raw) as { idPrefix?: string }).idPrefix ?? '') : '';
  })();
  let nextNumber = Math.max(
    (db.prepare('SELECT coalesce(max(respondent_number), 0) FROM participant').pluck().get() as number) ?? 0,
    (other.prepare('SELECT coalesce(max(respondent_number), 0) FROM participant').pluck().get() as number) ?? 0,
  );

  const addConflict = (kind: ConflictSummary['kind'], table: string, recordId: string, incoming: Row, hash: string, detail: string, status: ConflictSummary['status'] = 'open', label?: string): string => {
    const id = newId();
    db.prepare(
      `INSERT INTO merge_conflict (id, kind, table_name, record_id, incoming, incoming_hash, dependents, detail, source, status, created_at, updated_at, device_id)
       VALUES (?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?)`,
    ).run(id, kind, table, recordId, JSON.stringify(incoming), hash, detail, options.sourceName, status, now, now, options.deviceId);
    const local = recordId === '' ? undefined : (db.prepare(`SELECT * FROM ${quoteId(table)} WHERE id = ?`).get(recordId) as Row | undefined);
    report.conflicts.push({
      id,
      kind,
      table,
      recordId,
      label: label ?? labelOf(db, table, local ?? incoming),
      detail,
      status,
      source: options.sourceName,
      fields: local ? differingFields(local, incoming) : [],
    });
    return id;
  };
  const hold = (conflictId: string, row: Row, table: string) => {
    const current = JSON.parse(db.prepare('SELECT dependents FROM merge_conflict WHERE id = ?').pluck().get(conflictId) as string) as { table: string; row: Row }[];
    current.push({ table, row });
    db.prepare('UPDATE merge_conflict SET dependents = ? WHERE id = ?').run(JSON.stringify(current), conflictId);
  };

  for (const table of MERGED_TABLES) {
    const counts = { added: 0, updated: 0, unchanged: 0, conflicts: 0 };
    report.tables[table] = counts;
    let rows = other.prepare(`SELECT * FROM ${quoteId(table)} ORDER BY rowid`).all() as Row[];
    if (table === 'code' || table === 'evaluation_question') rows = parentsFirst(rows);
    const hasUpdatedAt = rows.length > 0 && 'updated_at' in rows[0]!;
    for (const original of rows) {
      const hash = hashRow(table, original);
      const row: Row = { ...original };
      // References to codes matched by name point at the local code.
      if (table === 'code' && typeof row.parent_id === 'string') row.parent_id = codeMap.get(row.parent_id) ?? row.parent_id;
      if (table === 'coding') {
        row.code_id = codeMap.get(row.code_id as string) ?? row.code_id;
        if (typeof row.coder_id === 'string') row.coder_id = coderMap.get(row.coder_id) ?? row.coder_id;
      }
      if (table === 'relation') {
        row.from_code = codeMap.get(row.from_code as string) ?? row.from_code;
        row.to_code = codeMap.get(row.to_code as string) ?? row.to_code;
      }
      if (table === 'memo' && row.target_type === 'code') row.target_id = codeMap.get(row.target_id as string) ?? row.target_id;

      if ((table === 'coding' || table === 'review_comment' || table === 'rqa_cell') && noteMap.has(row.note_id as string)) row.note_id = noteMap.get(row.note_id as string);
      if (table === 'evaluation_question' && typeof row.parent_id === 'string') row.parent_id = questionMap.get(row.parent_id) ?? row.parent_id;
      if (table === 'evaluation_link') {
        row.question_id = questionMap.get(row.question_id as string) ?? row.question_id;
        if (row.kind === 'code') row.target = codeMap.get(row.target as string) ?? row.target;
      }
      if (table === 'rqa_cell' && String(row.domain).startsWith('eq:')) row.domain = `eq:${questionMap.get(String(row.domain).slice(3)) ?? String(row.domain).slice(3)}`;

      // Rows that depend on an incoming version held in a conflict wait with it.
      const heldBy = table === 'coding' ? heldNotes.get(row.note_id as string) : table === 'memo' && row.target_type === 'coding' ? heldCodings.get(row.target_id as string) : undefined;
      if (heldBy !== undefined && db.prepare(`SELECT 1 FROM ${quoteId(table)} WHERE id = ?`).get(row.id) === undefined) {
        if (table === 'coding') heldCodings.set(row.id as string, heldBy);
        const holder = db.prepare('SELECT status, dependents FROM merge_conflict WHERE id = ?').get(heldBy) as { status: string; dependents: string };
        const already = (JSON.parse(holder.dependents) as { row: Row }[]).some((d) => d.row.id === row.id);
        if (already) counts.unchanged++;
        else if (holder.status === 'open') {
          hold(heldBy, row, table);
          counts.conflicts++;
        } else if (decided.get(table, hash) === undefined) {
          addConflict('unplaced', table, '', row, hash, 'Belongs to a version of a note that was not kept.');
          counts.conflicts++;
        } else counts.unchanged++;
        continue;
      }

      const local = db.prepare(`SELECT * FROM ${quoteId(table)} WHERE id = ?`).get(row.id) as Row | undefined;
      if (local !== undefined) {
        if (sameContent(local, row) || (table === 'note' && sameNoteApartFromMarks(local, row))) {
          counts.unchanged++;
          continue;
        }
        const earlier = decided.get(table, hash) as { id: string } | undefined;
        if (earlier !== undefined) {
          if (table === 'note') heldNotes.set(row.id as string, earlier.id);
          counts.unchanged++;
          continue;
        }
        const sameDevice = hasUpdatedAt && local.device_id === row.device_id;
        if (sameDevice && String(row.updated_at) <= String(local.updated_at)) {
          counts.unchanged++; // a later local edit of the same device's record
          continue;
        }
        if (sameDevice) {
          const done = withSavepoint(db, () => overwriteRow(db, table, row.id as string, row));
          if (done.ok) {
            counts.updated++;
            if (table === 'note') touchedNotes.add(row.id as string);
            if (table === 'coding') touchedNotes.add(row.note_id as string);
            continue;
          }
        }
        const conflictId = addConflict('record', table, row.id as string, row, hash, 'Changed in both projects.');
        if (table === 'note') heldNotes.set(row.id as string, conflictId);
        counts.conflicts++;
        continue;
      }

      // New here: natural keys first.
      const earlierNew = decided.get(table, hash) as { id: string } | undefined;
      if (earlierNew !== undefined) {
        if (table === 'note') {
          const held = db.prepare('SELECT record_id FROM merge_conflict WHERE id = ?').pluck().get(earlierNew.id) as string;
          if (db.prepare('SELECT 1 FROM note WHERE id = ?').get(held) !== undefined) heldNotes.set(row.id as string, earlierNew.id);
        }
        counts.unchanged++;
        continue;
      }
      if (table === 'code') {
        const sibling = db.prepare('SELECT id FROM code WHERE coalesce(parent_id, \'\') = coalesce(?, \'\') AND lower(name) = lower(?)').pluck().get(row.parent_id, row.name) as string | undefined;
        if (sibling !== undefined) {
          codeMap.set(row.id as string, sibling);
          report.codesMatchedByName.push({ incomingId: row.id as string, localId: sibling, name: String(row.name) });
          counts.unchanged++;
          continue;
        }
        if (row.is_core === 1 && db.prepare('SELECT 1 FROM code WHERE is_core = 1').get() !== undefined) {
          row.is_core = 0;
          report.notes.push(`Both projects name a core category; “${String(row.name)}” was added as an ordinary code.`);
        }
      }
      if (table === 'coder') {
        const same = db.prepare('SELECT id FROM coder WHERE lower(trim(initials)) = lower(trim(?))').pluck().get(row.initials) as string | undefined;
        if (same !== undefined) {
          coderMap.set(row.id as string, same);
          counts.unchanged++;
          continue;
        }
      }
      if (table === 'evaluation_question') {
        const twin = db.prepare('SELECT * FROM evaluation_question WHERE ref = ?').get(row.ref) as Row | undefined;
        if (twin !== undefined) {
          questionMap.set(row.id as string, twin.id as string);
          const same = twin.criterion === row.criterion && twin.text === row.text && (twin.parent_id ?? null) === (row.parent_id ?? null);
          if (same) counts.unchanged++;
          else {
            addConflict('record', table, twin.id as string, { ...row, id: twin.id, position: twin.position }, hash, `Both projects have evaluation question ${String(row.ref)}.`);
            counts.conflicts++;
          }
          continue;
        }
      }
      if (table === 'evaluation_link' && db.prepare('SELECT 1 FROM evaluation_link WHERE question_id = ? AND kind = ? AND target = ? AND value = ?').get(row.question_id, row.kind, row.target, row.value) !== undefined) {
        counts.unchanged++;
        continue;
      }
      if (table === 'rqa_cell') {
        const twin = db.prepare('SELECT * FROM rqa_cell WHERE participant_id = ? AND domain = ?').get(row.participant_id, row.domain) as Row | undefined;
        if (twin !== undefined) {
          if (twin.summary === row.summary) counts.unchanged++;
          else {
            addConflict('record', table, twin.id as string, { ...row, id: twin.id }, hash, 'Both projects have a summary of this respondent for this domain.');
            counts.conflicts++;
          }
          continue;
        }
      }
      if (table === 'flagged_term' && db.prepare('SELECT 1 FROM flagged_term WHERE term = ?').get(row.term) !== undefined) {
        counts.unchanged++;
        continue;
      }
      if (table === 'schedule') {
        const taken = db.prepare('SELECT 1 FROM schedule WHERE form_id = ? AND version = ?').get(row.form_id, row.version);
        if (taken !== undefined) {
          const next = ((db.prepare('SELECT max(version) FROM schedule WHERE form_id = ?').pluck().get(row.form_id) as number) ?? 0) + 1;
          report.scheduleVersionsRenumbered.push({ formId: String(row.form_id), from: row.version as number, to: next });
          addConflict('record', table, row.id as string, original, hash, `Version ${String(row.version)} of ${String(row.form_id)} exists here; added as version ${next}.`, 'renumbered');
          row.version = next;
        }
      }
      if (table === 'participant') {
        const taken = db.prepare('SELECT 1 FROM participant WHERE respondent_number = ? OR respondent_code = ?').get(row.respondent_number, row.respondent_code);
        if (taken !== undefined) {
          nextNumber += 1;
          const clash: RespondentClash = { participantId: row.id as string, respondentNumber: row.respondent_number as number, respondentCode: String(row.respondent_code), newNumber: nextNumber, newCode: `${prefix}${nextNumber}` };
          report.respondentClashes.push(clash);
          if (options.respondentClashes !== 'renumber-incoming') continue; // refused below, before anything is kept
          addConflict('respondent-id', table, row.id as string, original, hash, `${clash.respondentCode} is used here by another respondent; renumbered ${clash.newCode}.`, 'renumbered', `Respondent ${clash.respondentCode} → ${clash.newCode}`);
          row.respondent_number = clash.newNumber;
          row.respondent_code = clash.newCode;
        }
      }
      if (table === 'answer' || table === 'note') {
        const twin = db.prepare(`SELECT * FROM ${table} WHERE interview_id = ? AND ${table === 'answer' ? 'participant_id = ? AND ' : ''}question = ?`).get(
          ...(table === 'answer' ? [row.interview_id, row.participant_id, row.question] : [row.interview_id, row.question]),
        ) as Row | undefined;
        if (twin !== undefined) {
          const same = table === 'answer' ? twin.value === row.value && twin.state === row.state : (twin.editor_state === row.editor_state && twin.plain_text === row.plain_text) || sameNoteApartFromMarks(twin, row);
          if (same) {
            counts.unchanged++;
            if (table === 'note') noteMap.set(row.id as string, twin.id as string);
            continue;
          }
          const conflictId = addConflict('record', table, twin.id as string, { ...row, id: twin.id }, hash, `Both projects have ${table === 'note' ? 'a note' : 'an answer'} for this question.`);
          if (table === 'note') heldNotes.set(row.id as string, conflictId);
          counts.conflicts++;
          continue;
        }
      }
      const done = withSavepoint(db, () => insertRow(db, table, row));
      if (done.ok) {
        counts.added++;
        if (table === 'coding') touchedNotes.add(row.note_id as string);
      } else {
        addConflict('unplaced', table, '', row, hash, `Could not be added: ${done.error.message.replace(/^.*constraint failed:?\s*/i, '')}`);
        counts.conflicts++;
      }
    }
  }
  if (report.respondentClashes.length > 0 && options.respondentClashes !== 'renumber-incoming') throw new MergeNeedsChoiceError(report.respondentClashes);
  for (const noteId of touchedNotes) parkLostCodings(db, reconcileNote(db, noteId), options, now);
  return report;
}

/**
 * Two versions of a note with the same text whose editor states differ only in coding marks (one
 * laptop coded it, or both did). Compared with every mark unwrapped, so formatting or paragraph
 * changes still count as a change.
 */
function sameNoteApartFromMarks(local: Row, incoming: Row): boolean {
  if (local.plain_text !== incoming.plain_text) return false;
  if (local.editor_state === incoming.editor_state) return true;
  try {
    const bare = (state: string) => {
      const ids = readNoteMarks(state).marks.map((m) => m.codingId);
      return changeNoteMarks(state, { remove: ids, put: [] }).editorState;
    };
    return bare(String(local.editor_state)) === bare(String(incoming.editor_state));
  } catch {
    return false; // a state the headless editor cannot read is compared as it is
  }
}

/** Codings whose text is no longer in their note: kept as unplaced conflicts, never dropped. */
function parkLostCodings(db: Database.Database, lost: CodingRow[], options: Pick<MergeOptions, 'deviceId' | 'sourceName'>, now: string): void {
  for (const coding of lost) {
    db.prepare(
      `INSERT INTO merge_conflict (id, kind, table_name, record_id, incoming, incoming_hash, dependents, detail, source, status, created_at, updated_at, device_id)
       VALUES (?, 'unplaced', 'coding', '', ?, ?, '[]', 'The coded text is no longer in its note.', ?, 'open', ?, ?, ?)`,
    ).run(newId(), JSON.stringify(coding), hashRow('coding', coding as unknown as Row), options.sourceName, now, now, options.deviceId);
  }
}

function parentsFirst(rows: Row[]): Row[] {
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  const out: Row[] = [];
  const seen = new Set<string>();
  const visit = (row: Row, depth: number) => {
    if (seen.has(row.id as string) || depth > 500) return;
    const parent = typeof row.parent_id === 'string' ? byId.get(row.parent_id) : undefined;
    if (parent) visit(parent, depth + 1);
    seen.add(row.id as string);
    out.push(row);
  };
  for (const row of rows) visit(row, 0);
  return out;
}

// ------------------------------------------------------------------ conflicts after the merge

interface ConflictRow {
  id: string;
  kind: ConflictSummary['kind'];
  table_name: string;
  record_id: string;
  incoming: string;
  dependents: string;
  detail: string;
  source: string;
  status: ConflictSummary['status'];
}

export function listConflicts(db: Database.Database, options: { all?: boolean } = {}): ConflictSummary[] {
  const rows = db.prepare(`SELECT * FROM merge_conflict ${options.all ? '' : "WHERE status = 'open'"} ORDER BY created_at, rowid`).all() as ConflictRow[];
  return rows.map((r) => {
    const incoming = JSON.parse(r.incoming) as Row;
    const local = r.record_id === '' ? undefined : (db.prepare(`SELECT * FROM ${quoteId(r.table_name)} WHERE id = ?`).get(r.record_id) as Row | undefined);
    const label = r.kind === 'respondent-id' ? `Respondent ${String(incoming.respondent_code)} → ${String(local?.respondent_code ?? '?')}` : labelOf(db, r.table_name, local ?? incoming);
    return { id: r.id, kind: r.kind, table: r.table_name, recordId: r.record_id, label, detail: r.detail, status: r.status, source: r.source, fields: local && r.kind === 'record' ? differingFields(local, incoming) : [] };
  });
}

/**
 * Resolves one open conflict: keep the local version, or take the incoming one. Codings that came
 * with an incoming note version are placed where their text is found in the note that stays;
 * those whose text is not there remain listed as unplaced. One transaction.
 */
export function resolveConflict(db: Database.Database, id: string, choice: 'keep-local' | 'take-incoming', deviceId: string): { placed: number; unplaced: number } {
  return db.transaction(() => {
    const row = db.prepare('SELECT * FROM merge_conflict WHERE id = ?').get(id) as ConflictRow | undefined;
    if (row === undefined || row.status !== 'open') throw new InvalidInputError('That conflict was not found or is already resolved. Reload the list.');
    const now = new Date().toISOString();
    const incoming = JSON.parse(row.incoming) as Row;
    if (choice === 'take-incoming') {
      const attempt = withSavepoint(db, () => {
        if (row.kind === 'unplaced') insertRow(db, row.table_name, incoming);
        else overwriteRow(db, row.table_name, row.record_id, { ...incoming, id: row.record_id });
      });
      if (!attempt.ok) throw new InvalidInputError(`The incoming version cannot be used: it clashes with another record here (${attempt.error.message.replace(/^.*constraint failed:?\s*/i, '')}). Keep the local version or change the other record first.`);
    }
    db.prepare('UPDATE merge_conflict SET status = ?, updated_at = ?, device_id = ? WHERE id = ?').run(choice === 'keep-local' ? 'kept-local' : 'took-incoming', now, deviceId, id);
    let placed = 0;
    let unplaced = 0;
    const dependents = JSON.parse(row.dependents) as { table: string; row: Row }[];
    if (row.table_name === 'note' && row.kind === 'record') {
      const note = db.prepare('SELECT id, interview_id, question, plain_text FROM note WHERE id = ?').get(row.record_id) as { id: string; interview_id: string; question: string; plain_text: string };
      const left: { table: string; row: Row }[] = [];
      for (const dep of dependents) {
        if (dep.table === 'coding') {
          const c = dep.row;
          const at = relocate(note.plain_text, c.start as number, c.end as number, String(c.text));
          const ok = at !== null && withSavepoint(db, () => insertRow(db, 'coding', { ...c, note_id: note.id, interview_id: note.interview_id, question: note.question, start: at.start, end: at.end })).ok;
          if (ok) placed++;
          else left.push(dep);
        } else if (dep.table === 'memo') {
          if (withSavepoint(db, () => insertRow(db, 'memo', dep.row)).ok) placed++;
          else left.push(dep);
        }
      }
      const lost = reconcileNote(db, note.id);
      parkLostCodings(db, lost, { deviceId, sourceName: row.source }, now);
      unplaced = left.length + lost.length;
      for (const dep of left) {
        db.prepare(
          `INSERT INTO merge_conflict (id, kind, table_name, record_id, incoming, incoming_hash, dependents, detail, source, status, created_at, updated_at, device_id)
           VALUES (?, 'unplaced', ?, '', ?, ?, '[]', 'Its text is not in the note that was kept.', ?, 'open', ?, ?, ?)`,
        ).run(newId(), dep.table, JSON.stringify(dep.row), hashRow(dep.table, dep.row), row.source, now, now, deviceId);
      }
    }
    if (choice === 'take-incoming' && row.table_name === 'coding') parkLostCodings(db, reconcileNote(db, String(incoming.note_id)), { deviceId, sourceName: row.source }, now);
    return { placed, unplaced };
  })();
}
