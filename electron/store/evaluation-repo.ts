/**
 * The evaluation matrix in the project file: evaluation questions with their links, the
 * rapid-analysis cells, and the reads the evidence needs (who answered or has notes on a
 * question, codings of linked codes). All of the evaluation slice's SQL is here.
 */
import { InvalidInputError, NotFoundError } from '../../shared/api/errors';
import { inMatrixOrder, type EvaluationLink, type EvaluationQuestion } from '../../shared/evaluation/model';
import type { Schedule } from '../../shared/schedule/model';
import { participantOf, type ParticipantRow } from './participant-rows';
import { Repository } from './repository';

export interface QuestionInput {
  ref: string;
  parentId: string | null;
  criterion: string;
  text: string;
  links: readonly EvaluationLink[];
}

export interface RespondentRow {
  participantId: string;
  interviewId: string;
  respondentNumber: number;
  respondentCode: string;
  organisationType: string;
  agencyGroup: string;
  focusOfWork: string;
  location: string;
  quoteConsent: boolean;
  heldAt: string;
}

export interface RqaCellRow {
  participantId: string;
  domain: string;
  summary: string;
  noteId: string | null;
  initials: string;
  updatedAt: string;
}

interface QuestionRow {
  id: string;
  parent_id: string | null;
  ref: string;
  criterion: string;
  text: string;
  position: number;
}

export class EvaluationRepo extends Repository {
  // -------------------------------------------------------------- the matrix

  questions(): EvaluationQuestion[] {
    const rows = this.db.prepare('SELECT id, parent_id, ref, criterion, text, position FROM evaluation_question ORDER BY position, ref').all() as QuestionRow[];
    const links = this.db.prepare('SELECT question_id, kind, target, value FROM evaluation_link ORDER BY question_id, position').all() as { question_id: string; kind: EvaluationLink['kind']; target: string; value: string }[];
    const byQuestion = new Map<string, EvaluationLink[]>();
    for (const l of links) byQuestion.set(l.question_id, [...(byQuestion.get(l.question_id) ?? []), { kind: l.kind, target: l.target, value: l.value }]);
    return rows.map((r) => ({ id: r.id, ref: r.ref, parentId: r.parent_id, criterion: r.criterion, text: r.text, position: r.position, links: byQuestion.get(r.id) ?? [] }));
  }

  question(id: string): EvaluationQuestion {
    const found = this.questions().find((q) => q.id === id);
    if (!found) throw new NotFoundError('That evaluation question');
    return found;
  }

  create(input: QuestionInput): EvaluationQuestion {
    const id = this.newId();
    this.db.transaction(() => {
      this.checkParent(id, input.parentId);
      const position = (this.db.prepare('SELECT coalesce(max(position), 0) + 1 FROM evaluation_question').pluck().get() as number) ?? 1;
      const now = this.now();
      this.unique(() =>
        this.db
          .prepare('INSERT INTO evaluation_question (id, parent_id, ref, criterion, text, position, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .run(id, input.parentId, input.ref, input.criterion, input.text, position, now, now, this.deviceId),
      input.ref);
      this.writeLinks(id, input.links);
    })();
    return this.question(id);
  }

  update(id: string, input: QuestionInput): EvaluationQuestion {
    this.db.transaction(() => {
      this.question(id);
      this.checkParent(id, input.parentId);
      if (input.parentId !== null && (this.db.prepare('SELECT count(*) FROM evaluation_question WHERE parent_id = ?').pluck().get(id) as number) > 0) {
        throw new InvalidInputError('This evaluation question has sub-questions, so it cannot become a sub-question itself (sub-questions go one level deep).');
      }
      this.unique(() =>
        this.db.prepare('UPDATE evaluation_question SET parent_id = ?, ref = ?, criterion = ?, text = ?, updated_at = ?, device_id = ? WHERE id = ?').run(input.parentId, input.ref, input.criterion, input.text, this.now(), this.deviceId, id),
      input.ref);
      this.writeLinks(id, input.links);
    })();
    return this.question(id);
  }

  /** Swaps a question with the sibling before or after it (same main question, or both main questions). */
  move(id: string, direction: 'up' | 'down'): void {
    this.db.transaction(() => {
      const all = inMatrixOrder(this.questions());
      const question = all.find((q) => q.id === id);
      if (!question) throw new NotFoundError('That evaluation question');
      const siblings = all.filter((q) => q.parentId === question.parentId);
      const at = siblings.indexOf(question);
      const other = siblings[direction === 'up' ? at - 1 : at + 1];
      if (other === undefined) return;
      // Positions are renumbered in matrix order first, so a swap never leaves two questions level.
      const set = this.db.prepare('UPDATE evaluation_question SET position = ?, updated_at = ?, device_id = ? WHERE id = ?');
      const now = this.now();
      const order = all.map((q) => q.id);
      order.forEach((qid, i) => set.run(i + 1, now, this.deviceId, qid));
      const mine = order.indexOf(question.id) + 1;
      const theirs = order.indexOf(other.id) + 1;
      set.run(theirs, now, this.deviceId, question.id);
      set.run(mine, now, this.deviceId, other.id);
    })();
  }

  delete(id: string): void {
    this.db.transaction(() => {
      this.question(id);
      const ids = [id, ...(this.db.prepare('SELECT id FROM evaluation_question WHERE parent_id = ?').pluck().all(id) as string[])];
      const dropCells = this.db.prepare('DELETE FROM rqa_cell WHERE domain = ?');
      for (const each of ids) dropCells.run(`eq:${each}`);
      this.db.prepare('DELETE FROM evaluation_question WHERE id = ?').run(id);
    })();
  }

  /**
   * Replaces the matrix with an imported one in one transaction. A question whose ID (ref) is
   * already in the project keeps its record, so its rapid-analysis cells stay with it.
   */
  replaceAll(imported: readonly (Omit<QuestionInput, 'parentId'> & { parentRef: string | null })[]): number {
    this.db.transaction(() => {
      const existing = new Map((this.db.prepare('SELECT id, ref FROM evaluation_question').all() as { id: string; ref: string }[]).map((r) => [r.ref.toLowerCase(), r.id]));
      const idOf = new Map<string, string>();
      for (const q of imported) idOf.set(q.ref.toLowerCase(), existing.get(q.ref.toLowerCase()) ?? this.newId());
      const keep = new Set(idOf.values());
      for (const [, id] of existing) {
        if (keep.has(id)) continue;
        this.db.prepare('DELETE FROM rqa_cell WHERE domain = ?').run(`eq:${id}`);
        this.db.prepare('DELETE FROM evaluation_question WHERE id = ?').run(id);
      }
      // Parents first, so that a sub-question's parent exists when it is written.
      this.db.prepare('UPDATE evaluation_question SET parent_id = NULL').run();
      const now = this.now();
      const upsert = this.db.prepare(
        `INSERT INTO evaluation_question (id, parent_id, ref, criterion, text, position, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, ref = excluded.ref, criterion = excluded.criterion, text = excluded.text, position = excluded.position, updated_at = excluded.updated_at, device_id = excluded.device_id`,
      );
      const ordered = [...imported.filter((q) => q.parentRef === null), ...imported.filter((q) => q.parentRef !== null)];
      for (const q of ordered) {
        const id = idOf.get(q.ref.toLowerCase())!;
        const parent = q.parentRef === null ? null : (idOf.get(q.parentRef.toLowerCase()) ?? null);
        upsert.run(id, parent, q.ref, q.criterion, q.text, imported.indexOf(q) + 1, now, now, this.deviceId);
        this.writeLinks(id, q.links);
      }
    })();
    return imported.length;
  }

  private writeLinks(questionId: string, links: readonly EvaluationLink[]): void {
    this.db.prepare('DELETE FROM evaluation_link WHERE question_id = ?').run(questionId);
    const insert = this.db.prepare('INSERT OR IGNORE INTO evaluation_link (id, question_id, kind, target, value, position, device_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
    links.forEach((l, i) => insert.run(this.newId(), questionId, l.kind, l.target, l.kind === 'indicator' ? l.value : '', i, this.deviceId));
  }

  private checkParent(id: string, parentId: string | null): void {
    if (parentId === null) return;
    if (parentId === id) throw new InvalidInputError('An evaluation question cannot be its own sub-question.');
    const parent = this.db.prepare('SELECT parent_id FROM evaluation_question WHERE id = ?').get(parentId) as { parent_id: string | null } | undefined;
    if (!parent) throw new NotFoundError('The main evaluation question');
    if (parent.parent_id !== null) throw new InvalidInputError('That evaluation question is itself a sub-question; sub-questions go one level deep.');
  }

  private unique(write: () => void, ref: string): void {
    try {
      write();
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new InvalidInputError(`The ID "${ref}" is already used by another evaluation question. Give each its own ID.`);
      throw error;
    }
  }

  // -------------------------------------------------------------- what the evidence reads

  respondents(): RespondentRow[] {
    const rows = this.db
      .prepare('SELECT p.*, i.held_at FROM participant p JOIN interview i ON i.id = p.interview_id ORDER BY p.respondent_number')
      .all() as (ParticipantRow & { held_at: string })[];
    return rows.map((r) => {
      const p = participantOf(r);
      return {
        participantId: p.id,
        interviewId: r.interview_id,
        respondentNumber: p.respondentNumber,
        respondentCode: p.respondentCode,
        organisationType: p.organisationType,
        agencyGroup: p.agencyGroup,
        focusOfWork: p.focusOfWork,
        location: p.locationNumber,
        quoteConsent: p.quoteConsent,
        heldAt: r.held_at,
      };
    });
  }

  /**
   * Per schedule question, the respondents who spoke to it: an answer (a shared answer counts
   * for everyone in the session) or, for open questions whose answers are the notes, notes with
   * text. Declined answers do not count.
   */
  spokeTo(questionNames: readonly string[]): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>(questionNames.map((q) => [q, new Set<string>()]));
    if (questionNames.length === 0) return out;
    const names = JSON.stringify(questionNames);
    const rows = this.db
      .prepare(
        `SELECT a.question, p.id AS participant FROM answer a JOIN participant p ON p.interview_id = a.interview_id AND (a.participant_id = '' OR a.participant_id = p.id)
         WHERE a.state = 'answered' AND a.value <> '' AND a.question IN (SELECT value FROM json_each(?))
         UNION
         SELECT n.question, p.id FROM note n JOIN participant p ON p.interview_id = n.interview_id
         WHERE trim(n.plain_text) <> '' AND n.question IN (SELECT value FROM json_each(?))`,
      )
      .all(names, names) as { question: string; participant: string }[];
    for (const r of rows) out.get(r.question)?.add(r.participant);
    return out;
  }

  /** The latest version of a schedule form: the one whose questions and sections links name. */
  latestSchedule(formId: string): Schedule {
    const model = this.db.prepare('SELECT model FROM schedule WHERE form_id = ? ORDER BY version DESC LIMIT 1').pluck().get(formId) as string | undefined;
    if (model === undefined) throw new NotFoundError(`The schedule form "${formId}"`);
    return JSON.parse(model) as Schedule;
  }

  /** Segments of these codes marked as quotes, whatever the consent (for the count left out). */
  markedQuotes(codeIds: readonly string[]): number {
    return this.db.prepare('SELECT count(*) FROM coding WHERE is_quote = 1 AND code_id IN (SELECT value FROM json_each(?))').pluck().get(JSON.stringify(codeIds)) as number;
  }

  codingsOf(codeIds: readonly string[]): { codeId: string; interviewId: string }[] {
    if (codeIds.length === 0) return [];
    return this.db
      .prepare('SELECT code_id AS codeId, interview_id AS interviewId FROM coding WHERE code_id IN (SELECT value FROM json_each(?)) ORDER BY id')
      .all(JSON.stringify(codeIds)) as { codeId: string; interviewId: string }[];
  }

  /** Notes of every interview (no text), for linking a summary to the note it came from. */
  noteIndex(): { id: string; interviewId: string; question: string }[] {
    return this.db.prepare("SELECT id, interview_id AS interviewId, question FROM note WHERE trim(plain_text) <> '' ORDER BY interview_id, question").all() as { id: string; interviewId: string; question: string }[];
  }

  // -------------------------------------------------------------- rapid qualitative analysis

  cells(): RqaCellRow[] {
    return this.db.prepare('SELECT participant_id AS participantId, domain, summary, note_id AS noteId, initials, updated_at AS updatedAt FROM rqa_cell ORDER BY participant_id, domain').all() as RqaCellRow[];
  }

  saveCell(input: { participantId: string; domain: string; summary: string; noteId: string | null; initials: string }): { updatedAt: string } {
    const now = this.now();
    this.db.transaction(() => {
      const participant = this.db.prepare('SELECT interview_id FROM participant WHERE id = ?').pluck().get(input.participantId) as string | undefined;
      if (participant === undefined) throw new NotFoundError('That respondent');
      if (input.noteId !== null) {
        const noteInterview = this.db.prepare('SELECT interview_id FROM note WHERE id = ?').pluck().get(input.noteId) as string | undefined;
        if (noteInterview !== participant) throw new InvalidInputError("A summary can only be linked to a note of the respondent's own interview.");
      }
      if (input.summary.trim() === '') {
        this.db.prepare('DELETE FROM rqa_cell WHERE participant_id = ? AND domain = ?').run(input.participantId, input.domain);
        return;
      }
      this.db
        .prepare(
          `INSERT INTO rqa_cell (id, participant_id, domain, summary, note_id, initials, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (participant_id, domain) DO UPDATE SET summary = excluded.summary, note_id = excluded.note_id, initials = excluded.initials, updated_at = excluded.updated_at, device_id = excluded.device_id`,
        )
        .run(this.newId(), input.participantId, input.domain, input.summary, input.noteId, input.initials, now, this.deviceId);
    })();
    return { updatedAt: now };
  }
}
