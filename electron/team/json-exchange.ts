/**
 * JSON export and import of a project (format: json-format.ts, docs/json-schema.md). Import is one
 * transaction: records whose id is already in the project are skipped (importing the same export
 * twice adds nothing), respondent numbers taken here are renumbered from the next free number.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { InvalidInputError } from '../../shared/api/errors';
import { newId } from '../store/ids';
import { InterviewRepo } from '../store/interview-repo';
import type { ProjectSettings } from '../../shared/api/contract';
import { changeNoteMarks, readNoteMarks } from '../store/note-marks';
import { rederiveSpeakers } from '../store/note-repo';
import { editorStateFromText } from '../../shared/notes/editor-state';
import { answerProblem, questionIndex } from '../../shared/schedule/answer-check';
import type { Question, Schedule } from '../../shared/schedule/model';
import { JSON_FORMAT, JSON_VERSION, JsonImportError, MANIFEST_FILE, parseJsonExport, type JsonInterview, type JsonManifest } from './json-format';
import { PRIVATE_FILE, restrictFile } from '../store/project-store';

type Row = Record<string, unknown>;

function scheduleInProject(db: Database.Database, id: string): Schedule | undefined {
  const model = db.prepare('SELECT model FROM schedule WHERE id = ?').pluck().get(id);
  return typeof model === 'string' ? (JSON.parse(model) as Schedule) : undefined;
}

/**
 * Orders use only what the export carries (ids, positions, held_at), never created_at, which an
 * import sets to its own time: so export → import → export gives the same files.
 */
export function buildJsonExport(db: Database.Database, title: string): Record<string, string> {
  const schedules = (db.prepare('SELECT id, form_id, version, title, model FROM schedule ORDER BY form_id, version').all() as Row[]).map((s) => ({
    id: s.id as string,
    formId: s.form_id as string,
    version: s.version as number,
    title: s.title as string,
    model: JSON.parse(s.model as string) as Record<string, unknown>,
  }));
  const codes = (db.prepare('SELECT * FROM code ORDER BY position, created_at, id').all() as Row[]).map((c) => ({
    id: c.id as string,
    parentId: (c.parent_id as string | null) ?? null,
    name: c.name as string,
    color: c.color as string,
    definition: c.definition as string,
    inclusion: c.inclusion as string,
    exclusion: c.exclusion as string,
    example: c.example as string,
    kind: c.kind as 'theme' | 'code',
    isCore: c.is_core === 1,
    inVivo: c.in_vivo === 1,
    createdBy: c.created_by as string,
  }));
  const memos = (db.prepare('SELECT * FROM memo ORDER BY id').all() as Row[]).map((m) => ({
    id: m.id as string,
    kind: m.kind as 'code-memo' | 'theoretical' | 'method',
    targetType: m.target_type as 'project' | 'code' | 'coding' | 'interview',
    targetId: m.target_id as string,
    title: m.title as string,
    body: m.body as string,
    initials: m.initials as string,
  }));
  const files: Record<string, string> = {};
  const interviewFiles: string[] = [];
  for (const i of db.prepare('SELECT * FROM interview ORDER BY held_at, id').all() as Row[]) {
    const interview: JsonInterview = {
      id: i.id as string,
      scheduleId: i.schedule_id as string,
      sessionType: i.session_type as JsonInterview['sessionType'],
      answerMode: i.answer_mode as JsonInterview['answerMode'],
      language: i.language as string,
      interviewer: i.interviewer as string,
      heldAt: i.held_at as string,
      status: i.status as JsonInterview['status'],
      primaryOnly: i.primary_only === 1,
      endedEarlyAtQuestion: (i.ended_early_at_question as string | null) ?? null,
      endReason: (i.end_reason as string | null) ?? null,
      participants: (db.prepare('SELECT * FROM participant WHERE interview_id = ? ORDER BY position').all(i.id) as Row[]).map((p) => ({
        id: p.id as string,
        position: p.position as number,
        respondentNumber: p.respondent_number as number,
        respondentCode: p.respondent_code as string,
        organisationNumber: p.organisation_number as string,
        locationNumber: p.location_number as string,
        agencyGroup: p.agency_group as string,
        organisationType: p.organisation_type as string,
        focusOfWork: p.focus_of_work as string,
        consentMode: p.consent_mode as 'written' | 'verbal',
        quoteConsent: p.quote_consent === 1,
      })),
      answers: (db.prepare('SELECT participant_id, question, value, state, missing_reason FROM answer WHERE interview_id = ? ORDER BY participant_id, question').all(i.id) as Row[]).map((a) => ({
        participantId: a.participant_id as string,
        question: a.question as string,
        value: a.value as string,
        state: a.state as 'answered' | 'declined',
        ...(a.missing_reason !== '' ? { missingReason: a.missing_reason as 'declined' | 'not-applicable' | 'out-of-time' } : {}),
      })),
      corrections: (db.prepare('SELECT * FROM answer_correction WHERE interview_id = ? ORDER BY corrected_at, id').all(i.id) as Row[]).map((c) => ({
        id: c.id as string,
        participantId: c.participant_id as string,
        question: c.question as string,
        oldValue: c.old_value as string,
        oldState: c.old_state as 'answered' | 'declined' | 'none',
        newValue: c.new_value as string,
        newState: c.new_state as 'answered' | 'declined' | 'none',
        reason: c.reason as string,
        initials: c.initials as string,
        correctedAt: c.corrected_at as string,
      })),
      notes: (db.prepare('SELECT id, question, plain_text, editor_state FROM note WHERE interview_id = ? ORDER BY question').all(i.id) as Row[]).map((n) => ({
        id: n.id as string,
        question: n.question as string,
        text: n.plain_text as string,
        editorState: n.editor_state as string,
      })),
      segments: (db.prepare('SELECT * FROM coding WHERE interview_id = ? ORDER BY note_id, start, id').all(i.id) as Row[]).map((c) => ({
        id: c.id as string,
        noteId: c.note_id as string,
        codeId: c.code_id as string,
        start: c.start as number,
        end: c.end as number,
        text: c.text as string,
        isQuote: c.is_quote === 1,
        createdBy: c.created_by as string,
      })),
    };
    const file = `interviews/${interview.id}.json`;
    files[file] = `${JSON.stringify(interview, null, 2)}\n`;
    interviewFiles.push(file);
  }
  const manifest: JsonManifest = {
    format: JSON_FORMAT,
    version: JSON_VERSION,
    exportedAt: new Date().toISOString(),
    title,
    settings: new InterviewRepo(db, '').settings(),
    schedules,
    codes,
    memos,
    interviews: interviewFiles,
  };
  files[MANIFEST_FILE] = `${JSON.stringify(manifest, null, 2)}\n`;
  return files;
}

/** Writes the export into DIR (created if missing; existing export files are refused). */
export function writeJsonExport(dir: string, files: Record<string, string>): string[] {
  fs.mkdirSync(nodePath.join(dir, 'interviews'), { recursive: true });
  if (fs.existsSync(nodePath.join(dir, MANIFEST_FILE))) throw new InvalidInputError(`${dir} already holds an export (${MANIFEST_FILE}). Choose an empty folder.`);
  const written: string[] = [];
  for (const [name, content] of Object.entries(files).sort(([a], [b]) => (a === MANIFEST_FILE ? 1 : b === MANIFEST_FILE ? -1 : a < b ? -1 : 1))) {
    const target = nodePath.join(dir, name);
    // Plain text of every note: readable by its owner only, like the project it came from.
    fs.writeFileSync(target, content, { flag: 'wx', mode: PRIVATE_FILE });
    restrictFile(target);
    written.push(target);
  }
  return written;
}

export function readJsonExportDir(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const manifest = nodePath.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(manifest)) throw new JsonImportError({ file: MANIFEST_FILE, path: '$' }, `the file is missing from ${dir}`);
  files[MANIFEST_FILE] = fs.readFileSync(manifest, 'utf8');
  const interviews = nodePath.join(dir, 'interviews');
  if (fs.existsSync(interviews)) for (const name of fs.readdirSync(interviews)) if (name.endsWith('.json')) files[`interviews/${name}`] = fs.readFileSync(nodePath.join(interviews, name), 'utf8');
  return files;
}

export interface JsonImportSummary {
  schedules: number;
  codes: number;
  interviews: number;
  skippedInterviews: number;
  notes: number;
  segments: number;
  memos: number;
  renumbered: { from: string; to: string }[];
}

export function importJson(db: Database.Database, files: Readonly<Record<string, string>>, deviceId: string): JsonImportSummary {
  const parsed = parseJsonExport(files);
  // Lexical states are checked before the transaction: a note whose state does not give its text is a located error.
  for (const { file, interview } of parsed.interviews) {
    interview.notes.forEach((note, i) => {
      if (note.editorState === undefined) return;
      let plain: string;
      try {
        plain = readNoteMarks(note.editorState).plainText;
      } catch {
        throw new JsonImportError({ file, path: `$.notes[${i}].editorState` }, 'not a Lexical editor state the note editor can read');
      }
      if (plain !== note.text) throw new JsonImportError({ file, path: `$.notes[${i}].editorState` }, 'its text differs from "text"');
    });
  }
  // Answers must fit their schedule (as the runner's writes must): a located error, nothing imported.
  const schedules = new Map(parsed.manifest.schedules.map((s) => [s.id, s.model as unknown as Schedule]));
  for (const { file, interview } of parsed.interviews) {
    const schedule = schedules.get(interview.scheduleId) ?? scheduleInProject(db, interview.scheduleId);
    if (!schedule) continue; // parseJsonExport has refused an unknown schedule id already
    let questions: ReadonlyMap<string, Question>;
    try {
      questions = questionIndex(schedule);
    } catch {
      throw new JsonImportError({ file, path: '$.scheduleId' }, 'its schedule model cannot be read');
    }
    const participants = new Set(interview.participants.map((p) => p.id));
    interview.answers.forEach((a, i) => {
      if (a.participantId !== '' && !participants.has(a.participantId)) throw new JsonImportError({ file, path: `$.answers[${i}].participantId` }, 'no respondent of this interview has this id');
      const problem = answerProblem(schedule, questions, a);
      if (problem !== null) throw new JsonImportError({ file, path: `$.answers[${i}].${questions.has(a.question) ? 'value' : 'question'}` }, problem);
    });
  }
  const now = new Date().toISOString();
  const summary: JsonImportSummary = { schedules: 0, codes: 0, interviews: 0, skippedInterviews: 0, notes: 0, segments: 0, memos: 0, renumbered: [] };
  const exists = (table: string, id: string) => db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
  return db.transaction(() => {
    if (parsed.manifest.settings) importSettings(db, deviceId, parsed.manifest.settings);
    for (const s of parsed.manifest.schedules) {
      if (exists('schedule', s.id)) continue;
      const taken = db.prepare('SELECT 1 FROM schedule WHERE form_id = ? AND version = ?').get(s.formId, s.version) !== undefined;
      const version = taken ? ((db.prepare('SELECT max(version) FROM schedule WHERE form_id = ?').pluck().get(s.formId) as number) ?? 0) + 1 : s.version;
      db.prepare('INSERT INTO schedule (id, form_id, version, form_version, title, model, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        s.id,
        s.formId,
        version,
        String(s.model.version ?? ''),
        s.title,
        JSON.stringify(s.model),
        now,
        now,
        deviceId,
      );
      summary.schedules++;
    }
    const codeMap = new Map<string, string>();
    const pending = [...parsed.manifest.codes];
    // Parents first: a code whose parent is not placed yet waits for the next round.
    while (pending.length > 0) {
      const before = pending.length;
      for (let i = 0; i < pending.length; i++) {
        const c = pending[i]!;
        if (c.parentId !== null && !codeMap.has(c.parentId)) continue;
        pending.splice(i--, 1);
        const parentId = c.parentId === null ? null : codeMap.get(c.parentId)!;
        if (exists('code', c.id)) {
          codeMap.set(c.id, c.id);
          continue;
        }
        const twin = db.prepare("SELECT id FROM code WHERE coalesce(parent_id, '') = coalesce(?, '') AND lower(name) = lower(?)").pluck().get(parentId, c.name) as string | undefined;
        if (twin !== undefined) {
          codeMap.set(c.id, twin);
          continue;
        }
        const core = c.isCore && db.prepare('SELECT 1 FROM code WHERE is_core = 1').get() === undefined ? 1 : 0;
        db.prepare(
          `INSERT INTO code (id, parent_id, name, color, definition, inclusion, exclusion, example, is_core, kind, in_vivo, created_by, position, created_at, updated_at, device_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM code), ?, ?, ?)`,
        ).run(c.id, parentId, c.name, c.color.toUpperCase(), c.definition, c.inclusion, c.exclusion, c.example, core, c.kind, c.inVivo ? 1 : 0, c.createdBy, now, now, deviceId);
        codeMap.set(c.id, c.id);
        summary.codes++;
      }
      if (pending.length === before) throw new JsonImportError({ file: MANIFEST_FILE, path: '$.codes' }, 'the code tree has a cycle (a code is its own ancestor)');
    }
    const prefix = (() => {
      const raw = db.prepare("SELECT value FROM meta WHERE key = 'project_settings'").pluck().get();
      return typeof raw === 'string' ? ((JSON.parse(raw) as { idPrefix?: string }).idPrefix ?? '') : '';
    })();
    for (const { interview: iv } of parsed.interviews) {
      if (exists('interview', iv.id)) {
        summary.skippedInterviews++;
        continue;
      }
      db.prepare(
        `INSERT INTO interview (id, schedule_id, session_type, answer_mode, participant_count, language, interviewer, held_at, status, primary_only,
           ended_early_at_question, end_reason, created_at, updated_at, device_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        iv.id,
        iv.scheduleId,
        iv.sessionType,
        iv.answerMode,
        Math.max(1, iv.participants.length),
        iv.language,
        iv.interviewer,
        iv.heldAt,
        iv.status,
        iv.primaryOnly ? 1 : 0,
        iv.endedEarlyAtQuestion,
        iv.endReason,
        now,
        now,
        deviceId,
      );
      db.prepare('INSERT INTO status_change (id, interview_id, status, initials, changed_at, device_id) VALUES (?, ?, ?, ?, ?, ?)').run(newId(), iv.id, iv.status, iv.interviewer, now, deviceId);
      const participantIds = new Map<string, string>();
      for (const p of iv.participants) {
        let number = p.respondentNumber;
        let code = p.respondentCode;
        if (db.prepare('SELECT 1 FROM participant WHERE respondent_number = ? OR respondent_code = ?').get(number, code) !== undefined) {
          number = db.prepare('SELECT coalesce(max(respondent_number), 0) + 1 FROM participant').pluck().get() as number;
          code = `${prefix}${number}`;
          summary.renumbered.push({ from: p.respondentCode, to: code });
        }
        const pid = exists('participant', p.id) ? newId() : p.id;
        participantIds.set(p.id, pid);
        db.prepare(
          `INSERT INTO participant (id, interview_id, position, respondent_number, respondent_code, organisation_number, location_number, agency_group, organisation_type,
             focus_of_work, consent_given, consent_mode, quote_consent, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
        ).run(pid, iv.id, p.position, number, code, p.organisationNumber, p.locationNumber, p.agencyGroup, p.organisationType, p.focusOfWork, p.consentMode, p.quoteConsent ? 1 : 0, now, now, deviceId);
      }
      const respondentOf = (participantId: string) => (participantId === '' ? '' : (participantIds.get(participantId) ?? participantId));
      for (const a of iv.answers) {
        db.prepare('INSERT INTO answer (id, interview_id, participant_id, question, value, state, updated_at, device_id, missing_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
          newId(),
          iv.id,
          respondentOf(a.participantId),
          a.question,
          a.value,
          a.state,
          now,
          deviceId,
          a.missingReason ?? '',
        );
      }
      // The audit trail comes across as it was: who corrected what, when and why.
      for (const c of iv.corrections) {
        db.prepare(
          `INSERT INTO answer_correction (id, interview_id, participant_id, question, old_value, old_state, new_value, new_state, reason, initials, corrected_at, device_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(exists('answer_correction', c.id) ? newId() : c.id, iv.id, respondentOf(c.participantId), c.question, c.oldValue, c.oldState, c.newValue, c.newState, c.reason, c.initials, c.correctedAt, deviceId);
      }
      const noteIds = new Map<string, { id: string; question: string }>();
      for (const note of iv.notes) {
        const nid = exists('note', note.id) ? newId() : note.id;
        noteIds.set(note.id, { id: nid, question: note.question });
        const segments = iv.segments.filter((s) => s.noteId === note.id);
        const ids = segments.map((s) => (exists('coding', s.id) ? newId() : s.id));
        const given = note.editorState === undefined ? [] : readNoteMarks(note.editorState).marks;
        const wanted = segments.map((s, k) => ({ id: ids[k]!, start: s.start, end: s.end }));
        // A state whose marks already are the segments is kept byte for byte (a lossless round trip).
        const same =
          note.editorState !== undefined &&
          given.length === wanted.length &&
          wanted.every((w) => given.some((g) => g.codingId === w.id && g.start === w.start && g.end === w.end));
        const state = same
          ? note.editorState!
          : changeNoteMarks(note.editorState ?? editorStateFromText(note.text), {
              remove: given.map((m) => m.codingId).filter((m) => !ids.includes(m)),
              put: wanted,
            }).editorState;
        db.prepare('INSERT INTO note (id, interview_id, question, editor_state, plain_text, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?)').run(nid, iv.id, note.question, state, note.text, now, deviceId);
        rederiveSpeakers(db, nid);
        summary.notes++;
        segments.forEach((s, k) => {
          db.prepare(
            `INSERT INTO coding (id, code_id, note_id, interview_id, question, start, "end", text, is_quote, created_by, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(ids[k], codeMap.get(s.codeId), nid, iv.id, note.question, s.start, s.end, s.text, s.isQuote ? 1 : 0, s.createdBy, now, now, deviceId);
          summary.segments++;
        });
      }
      summary.interviews++;
    }
    parsed.manifest.memos.forEach((m, i) => {
      if (exists('memo', m.id)) return;
      const targetId = m.targetType === 'code' ? (codeMap.get(m.targetId) ?? m.targetId) : m.targetId;
      try {
        db.prepare('INSERT INTO memo (id, kind, target_type, target_id, title, body, initials, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
          m.id,
          m.kind,
          m.targetType,
          targetId,
          m.title,
          m.body,
          m.initials,
          now,
          now,
          deviceId,
        );
      } catch {
        throw new JsonImportError({ file: MANIFEST_FILE, path: `$.memos[${i}].targetId` }, `no ${m.targetType} with this id in the export or the project`);
      }
      summary.memos++;
    });
    return summary;
  })();
}

/**
 * Settings travel with the export. Into a project without interviews they are taken as they
 * are (so export, import into an empty project and export again give the same files); into a
 * project with its own interviews, incoming list entries whose code is new are added after the
 * project's own, which keep their codes and labels.
 */
function importSettings(db: Database.Database, deviceId: string, incoming: ProjectSettings): void {
  const repo = new InterviewRepo(db, deviceId);
  const empty = db.prepare('SELECT 1 FROM interview LIMIT 1').get() === undefined;
  if (empty) {
    repo.setSettings(incoming);
    return;
  }
  const current = repo.settings();
  const union = (own: ProjectSettings['agencyGroups'], other: ProjectSettings['agencyGroups']) => [...own, ...other.filter((o) => !own.some((x) => x.code === o.code))];
  repo.setSettings({
    idPrefix: current.idPrefix,
    agencyGroups: union(current.agencyGroups, incoming.agencyGroups),
    organisationTypes: union(current.organisationTypes, incoming.organisationTypes),
    focusOfWork: union(current.focusOfWork, incoming.focusOfWork),
    locations: union(current.locations, incoming.locations),
  });
}
