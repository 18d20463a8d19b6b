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
import type { JsonImportSummary, ProjectSettings } from '../store/api-types';
import { JsonImportRepo, jsonRecords, scheduleModel } from '../store/json-exchange-repo';
import { changeNoteMarks, readNoteMarks } from '../store/note-marks';
import { editorStateFromText } from '../../shared/notes/editor-state';
import { answerProblem, questionIndex } from '../../shared/schedule/answer-check';
import type { Question, Schedule } from '../../shared/schedule/model';
import { JSON_FORMAT, JSON_VERSION, JsonImportError, MANIFEST_FILE, parseJsonExport, type JsonManifest } from './json-format';
import { PRIVATE_FILE, restrictFile } from '../store/project-store';

/** The export's files: the manifest and one file per interview (records read by the store's json-exchange-repo.ts). */
export function buildJsonExport(db: Database.Database, title: string): Record<string, string> {
  const { schedules, codes, memos, interviews } = jsonRecords(db);
  const files: Record<string, string> = {};
  const interviewFiles: string[] = [];
  for (const interview of interviews) {
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

export type { JsonImportSummary } from '../store/api-types';

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
    const schedule = schedules.get(interview.scheduleId) ?? scheduleModel(db, interview.scheduleId);
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
  const repo = new JsonImportRepo(db, deviceId, new Date().toISOString());
  const summary: JsonImportSummary = { schedules: 0, codes: 0, interviews: 0, skippedInterviews: 0, notes: 0, segments: 0, memos: 0, renumbered: [] };
  return db.transaction(() => {
    if (parsed.manifest.settings) importSettings(db, deviceId, parsed.manifest.settings);
    for (const s of parsed.manifest.schedules) {
      if (repo.idTaken('schedule', s.id)) continue;
      repo.insertSchedule(s);
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
        if (repo.idTaken('code', c.id)) {
          codeMap.set(c.id, c.id);
          continue;
        }
        const twin = repo.siblingNamed(parentId, c.name);
        if (twin !== undefined) {
          codeMap.set(c.id, twin);
          continue;
        }
        repo.insertCode(c, parentId);
        codeMap.set(c.id, c.id);
        summary.codes++;
      }
      if (pending.length === before) throw new JsonImportError({ file: MANIFEST_FILE, path: '$.codes' }, 'the code tree has a cycle (a code is its own ancestor)');
    }
    const prefix = repo.idPrefix();
    for (const { interview: iv } of parsed.interviews) {
      if (repo.idTaken('interview', iv.id)) {
        summary.skippedInterviews++;
        continue;
      }
      repo.insertInterview(iv);
      const participantIds = new Map<string, string>();
      for (const p of iv.participants) {
        let number = p.respondentNumber;
        let code = p.respondentCode;
        if (repo.respondentTaken(number, code)) {
          number = repo.nextRespondentNumber();
          code = `${prefix}${number}`;
          summary.renumbered.push({ from: p.respondentCode, to: code });
        }
        const pid = repo.idTaken('participant', p.id) ? newId() : p.id;
        participantIds.set(p.id, pid);
        repo.insertParticipant(pid, iv.id, p, number, code);
      }
      const respondentOf = (participantId: string) => (participantId === '' ? '' : (participantIds.get(participantId) ?? participantId));
      for (const a of iv.answers) repo.insertAnswer(iv.id, respondentOf(a.participantId), a);
      // The audit trail comes across as it was: who corrected what, when and why.
      for (const c of iv.corrections) repo.insertCorrection(repo.idTaken('answer_correction', c.id) ? newId() : c.id, iv.id, respondentOf(c.participantId), c);
      const noteIds = new Map<string, { id: string; question: string }>();
      for (const note of iv.notes) {
        const nid = repo.idTaken('note', note.id) ? newId() : note.id;
        noteIds.set(note.id, { id: nid, question: note.question });
        const segments = iv.segments.filter((s) => s.noteId === note.id);
        const ids = segments.map((s) => (repo.idTaken('coding', s.id) ? newId() : s.id));
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
        repo.insertNote(nid, iv.id, note.question, state, note.text);
        summary.notes++;
        segments.forEach((s, k) => {
          repo.insertCoding(ids[k]!, codeMap.get(s.codeId), nid, iv.id, note.question, s);
          summary.segments++;
        });
      }
      summary.interviews++;
    }
    parsed.manifest.memos.forEach((m, i) => {
      if (repo.idTaken('memo', m.id)) return;
      const targetId = m.targetType === 'code' ? (codeMap.get(m.targetId) ?? m.targetId) : m.targetId;
      try {
        repo.insertMemo(m, targetId);
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
  const empty = !repo.hasInterviews();
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
