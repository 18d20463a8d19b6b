/**
 * The row-level work of merging another project into this one (electron/team/merge.ts explains
 * the rules and runs it in one transaction, or as a preview that rolls back): every table of the
 * other project, parents first, added, matched by natural keys, or kept as a conflict in
 * `merge_conflict`; then listing and resolving those conflicts.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import { InvalidInputError } from '../../shared/api/errors';
import type { MergeConflict, MergeReport, RespondentClash } from './api-types';
import { newId } from './ids';
import { reconcileNote, relocate, type CodingRow } from './note-reconcile';
import { differingFields, hashRow, insertRow, labelOf, MERGED_TABLES, overwriteRow, parentsFirst, quoteId, sameContent, sameNoteApartFromMarks, withSavepoint, type Row } from './merge-rows';

export type ConflictSummary = MergeConflict;
export type { MergeReport, RespondentClash } from './api-types';

export type RespondentClashChoice = 'renumber-incoming';

export interface MergeOptions {
  /** Required when the other project uses respondent numbers that belong to other respondents here. */
  respondentClashes?: RespondentClashChoice;
  deviceId: string;
  /** Shown with each conflict: where the incoming version came from. */
  sourceName: string;
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

/** Merges every table of `other` into `db`; must run inside a transaction (a refusal or an error leaves it to roll back). */
export function mergeRows(db: Database.Database, other: Database.Database, options: MergeOptions): MergeReport {
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

/** Codings whose text is no longer in their note: kept as unplaced conflicts, never dropped. */
function parkLostCodings(db: Database.Database, lost: CodingRow[], options: Pick<MergeOptions, 'deviceId' | 'sourceName'>, now: string): void {
  for (const coding of lost) {
    db.prepare(
      `INSERT INTO merge_conflict (id, kind, table_name, record_id, incoming, incoming_hash, dependents, detail, source, status, created_at, updated_at, device_id)
       VALUES (?, 'unplaced', 'coding', '', ?, ?, '[]', 'The coded text is no longer in its note.', ?, 'open', ?, ?, ?)`,
    ).run(newId(), JSON.stringify(coding), hashRow('coding', coding as unknown as Row), options.sourceName, now, now, options.deviceId);
  }
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
