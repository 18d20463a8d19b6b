/**
 * REFI-QDA exchange of a Fieldnote project (shared/exchange does the format; this file maps the
 * project to and from its model).
 *
 * Export (.qdpx): users are the initials found in the project; the code tree with colours and
 * definitions (as descriptions); one case per respondent (named by respondent ID, never a
 * name) with the respondent attributes as variables; one text source per interview: its notes
 * as plain text, general notes first, then each question's notes under its label as a heading,
 * blocks separated by a blank line; each coded segment as a PlainTextSelection with one Coding,
 * positions converted from the note's UTF-16 offsets to code points in the source text; memos as
 * notes referenced from their code, segment, interview or the project. Relations are not carried
 * (REFI-QDA 1.5 links are not supported by the codec).
 *
 * Import (.qdpx from another tool): every text source becomes an interview of the schedule
 * "Imported documents" (form id `imported-documents`, no questions) with the text as its
 * general note. That is the least invasive fit: the coding workbench, search, retrieval and
 * quotes already work on interviews' notes, and nothing in the schema changes. Cases become
 * respondents of the interviews of their sources (the case name is not stored: a respondent ID
 * is assigned, the case's own number when it is a free "R12"-style ID); codes are matched by
 * GUID, then by name under the same parent; memos attach to what references them.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import { InvalidInputError } from '../../shared/api/errors';
import { IMPORT_COUNT_LIMITS, TEXT_LIMITS } from '../../shared/api/limits';
import {
  CodePointIndex,
  QdaImportError,
  readQdc,
  readQdpx,
  writeQdc,
  writeQdpx,
  type QdaCase,
  type QdaCode,
  type QdaCodebook,
  type QdaImportWarning,
  type QdaLimits,
  type QdaNote,
  type QdaProject,
  type QdaSelection,
  type QdaTextSource,
  type QdaVariable,
  type QdaVariableValue,
} from '../../shared/exchange';
import { defaultText, questionsOf, type Schedule } from '../../shared/schedule/model';
import { storedSchedule } from '../../shared/schedule/stored-schedule';
import { newId } from '../store/ids';
import { changeNoteMarks } from '../store/note-marks';
import { participantsOf } from '../store/participant-rows';
import { codesAsStored, codesInOrder, everyonesInitials, interviewNotes, interviewSegments, interviewsInOrder, memosInOrder, QdaImportRepo } from '../store/qda-repo';
import type { CodebookPreview, Participant, QdpxImportSummary } from '../store/api-types';
import type { StoredCode } from '../store/coding-rows';
import { editorStateFromText } from '../../shared/notes/editor-state';

export const IMPORTED_FORM_ID = 'imported-documents';

/** A GUID derived from a name, stable across exports (for things without an id of their own). */
function derivedGuid(name: string): string {
  const h = crypto.createHash('sha1').update(`fieldnote:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const ATTRIBUTE_VARIABLES: readonly { field: 'organisationNumber' | 'locationNumber' | 'agencyGroup' | 'organisationType' | 'focusOfWork' | 'quoteConsent'; name: string; type: 'Text' | 'Boolean' }[] = [
  { field: 'organisationNumber', name: 'Organisation number', type: 'Text' },
  { field: 'locationNumber', name: 'Location number', type: 'Text' },
  { field: 'agencyGroup', name: 'Agency group', type: 'Text' },
  { field: 'organisationType', name: 'Organisation type', type: 'Text' },
  { field: 'focusOfWork', name: 'Focus of work', type: 'Text' },
  { field: 'quoteConsent', name: 'Quote consent', type: 'Boolean' },
];

const HEADING_GENERAL = 'General notes';

export interface InterviewText {
  interviewId: string;
  text: string;
  /** Where each note starts in the text (UTF-16). */
  noteOffsets: Map<string, number>;
}

/** One interview's notes as one text: general notes first, then questions in schedule order under their labels. */
export function interviewText(db: Database.Database, interviewId: string): InterviewText {
  const interview = interviewNotes(db, interviewId);
  const schedule = storedSchedule(interview.model);
  const notes = interview.notes;
  const order = new Map<string, { index: number; label: string }>();
  questionsOf(schedule).forEach((q, index) => order.set(q.name, { index, label: defaultText(schedule, q.label) || q.name }));
  const rank = (q: string) => (q === '' ? -1 : (order.get(q)?.index ?? Number.MAX_SAFE_INTEGER));
  notes.sort((a, b) => rank(a.question) - rank(b.question) || (a.question < b.question ? -1 : 1));
  const imported = interview.formId === IMPORTED_FORM_ID;
  let text = '';
  const noteOffsets = new Map<string, number>();
  for (const note of notes) {
    if (note.plainText === '' && !imported) continue;
    if (text !== '') text += '\n\n';
    // An imported document is exported as it came in; an interview gets headings.
    if (!imported) text += `${note.question === '' ? HEADING_GENERAL : (order.get(note.question)?.label ?? note.question)}\n\n`;
    noteOffsets.set(note.id, text.length);
    text += note.plainText;
  }
  return { interviewId, text, noteOffsets };
}

function userGuids(db: Database.Database): Map<string, string> {
  const initials = everyonesInitials(db);
  return new Map(initials.filter((i) => i !== '').sort().map((i) => [i, derivedGuid(`user:${i}`)]));
}

function codeTree(db: Database.Database, memoRefs: Map<string, string[]>): QdaCode[] {
  const rows = codesInOrder(db);
  const byParent = new Map<string, StoredCode[]>();
  for (const row of rows) {
    const key = row.parentId ?? '';
    byParent.set(key, [...(byParent.get(key) ?? []), row]);
  }
  const build = (parent: string): QdaCode[] =>
    (byParent.get(parent) ?? []).map((row) => ({
      guid: row.id,
      name: row.name,
      color: row.color,
      ...(row.definition !== '' ? { description: row.definition } : {}),
      isCodable: true,
      noteRefs: memoRefs.get(`code:${row.id}`) ?? [],
      children: build(row.id),
    }));
  return build('');
}

export function projectToQda(db: Database.Database, name: string): QdaProject {
  const users = userGuids(db);
  const memos = memosInOrder(db);
  const memoRefs = new Map<string, string[]>();
  const notes: QdaNote[] = memos.map((m) => {
    const key = `${m.targetType}:${m.targetId}`;
    memoRefs.set(key, [...(memoRefs.get(key) ?? []), m.id]);
    const user = users.get(m.initials);
    return {
      guid: m.id,
      name: m.title || (m.kind === 'code-memo' ? 'Code memo' : m.kind === 'method' ? 'Method memo' : 'Memo'),
      text: m.body,
      ...(user ? { creatingUser: user } : {}),
      creationDateTime: m.createdAt,
    };
  });
  const variables: QdaVariable[] = ATTRIBUTE_VARIABLES.map((v) => ({ guid: derivedGuid(`variable:${v.name}`), name: v.name, type: v.type }));
  const interviews = interviewsInOrder(db);
  const sources: QdaTextSource[] = [];
  const cases: QdaCase[] = [];
  for (const interview of interviews) {
    const { text, noteOffsets } = interviewText(db, interview.id);
    const index = new CodePointIndex(text);
    const participants: Participant[] = participantsOf(db, interview.id);
    const codings = interviewSegments(db, interview.id);
    const selections: QdaSelection[] = [];
    for (const c of codings) {
      const offset = noteOffsets.get(c.noteId);
      if (offset === undefined) continue;
      const user = users.get(c.createdBy);
      selections.push({
        guid: c.id,
        start: index.toCodePoint(offset + c.start),
        end: index.toCodePoint(offset + c.end),
        ...(user ? { creatingUser: user } : {}),
        creationDateTime: c.createdAt,
        codings: [{ guid: derivedGuid(`coding:${c.id}`), codeGuid: c.codeId, ...(user ? { creatingUser: user } : {}), creationDateTime: c.createdAt }],
        noteRefs: memoRefs.get(`coding:${c.id}`) ?? [],
      });
    }
    const ids = participants.map((p) => p.respondentCode);
    const user = users.get(interview.interviewer);
    sources.push({
      guid: interview.id,
      name: `${ids.length > 0 ? ids.join(', ') : 'Document'} · ${interview.heldAt.slice(0, 10)}`,
      plainText: text,
      ...(user ? { creatingUser: user } : {}),
      creationDateTime: interview.createdAt,
      selections,
      noteRefs: memoRefs.get(`interview:${interview.id}`) ?? [],
    });
    for (const p of participants) {
      cases.push({
        guid: p.id,
        name: p.respondentCode,
        variables: ATTRIBUTE_VARIABLES.map((v): QdaVariableValue => ({ name: v.name, type: v.type, value: p[v.field] })),
        sourceGuids: [interview.id],
      });
    }
  }
  return {
    name,
    origin: 'Fieldnote',
    creationDateTime: new Date().toISOString(),
    users: [...users].map(([initials, guid]) => ({ guid, name: initials })),
    codes: codeTree(db, memoRefs),
    variables,
    cases,
    sources,
    notes,
    sets: [],
    noteRefs: memoRefs.get('project:') ?? [],
  };
}

export async function exportQdpx(db: Database.Database, name: string, write: (project: QdaProject) => Promise<Uint8Array> = writeQdpx): Promise<{ bytes: Uint8Array; summary: string }> {
  const project = projectToQda(db, name);
  const bytes = await write(project);
  const segments = project.sources.reduce((n, s) => n + s.selections.length, 0);
  return { bytes, summary: `${project.sources.length} text source(s), ${countCodes(project.codes)} code(s), ${segments} coded segment(s), ${project.notes.length} memo(s), ${project.cases.length} case(s).` };
}

export function exportQdc(db: Database.Database): { xml: string; summary: string } {
  const codes = codeTree(db, new Map());
  if (codes.length === 0) throw new InvalidInputError('The project has no codes yet, and a REFI-QDA codebook needs at least one. Nothing was exported.');
  const codebook: QdaCodebook = { origin: 'Fieldnote', codes: stripNoteRefs(codes), sets: [] };
  return { xml: writeQdc(codebook), summary: `${countCodes(codes)} code(s).` };
}

function stripNoteRefs(codes: QdaCode[]): QdaCode[] {
  return codes.map((c) => ({ ...c, noteRefs: [], children: stripNoteRefs(c.children) }));
}

function countCodes(codes: readonly QdaCode[]): number {
  return codes.reduce((n, c) => n + 1 + countCodes(c.children), 0);
}

// ------------------------------------------------------------------ import

export type { CodebookPreview } from '../store/api-types';

interface CodePlan extends CodebookPreview {
  /** Incoming GUID → local code id (matched or to be created). */
  map: Map<string, string>;
  creates: { id: string; parentId: string | null; code: QdaCode; position: number }[];
}

/** SQLite's lower() folds ASCII only; the sibling-name index uses it, so matching must too. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/**
 * Matches incoming codes to local ones (by GUID, then by name under the same parent) and plans
 * the rest as new codes. Everything it looks up is in maps built once, so a codebook of n codes
 * costs O(n) (it used to query and scan per code: 100,000 codes took minutes).
 */
function planCodes(db: Database.Database, codes: readonly QdaCode[]): CodePlan {
  const plan: CodePlan = { added: [], changed: [], unchanged: 0, warnings: [], map: new Map(), creates: [] };
  const local = codesAsStored(db);
  const byId = new Map(local.map((r) => [r.id, r]));
  const siblingKey = (parentId: string | null, name: string) => `${parentId ?? ''}\u0000${name}`;
  const byName = new Map<string, StoredCode>();
  for (const r of local) {
    const key = siblingKey(r.parentId, asciiLower(r.name));
    if (!byName.has(key)) byName.set(key, r);
  }
  const usedIds = new Set(byId.keys());
  const pending = new Map<string, CodePlan['creates'][number]>(); // parent + lower-case name → code to be created
  const walk = (list: readonly QdaCode[], parentId: string | null, path: string) => {
    for (const code of list) {
      const name = code.name.trim();
      const match = byId.get(code.guid) ?? byName.get(siblingKey(parentId, asciiLower(name)));
      const here = `${path}${path === '' ? '' : ' / '}${code.name}`;
      if (match !== undefined) {
        plan.map.set(code.guid, match.id);
        const fields: CodebookPreview['changed'][number]['fields'] = [];
        if (match.name !== name) fields.push({ name: 'name', local: match.name, incoming: name });
        if (code.color !== undefined && match.color !== code.color.toUpperCase()) fields.push({ name: 'color', local: match.color, incoming: code.color.toUpperCase() });
        if (code.description !== undefined && match.definition !== code.description) fields.push({ name: 'definition', local: match.definition, incoming: code.description });
        if (fields.length > 0) plan.changed.push({ guid: code.guid, localId: match.id, name: code.name, fields });
        else plan.unchanged++;
        walk(code.children, match.id, here);
        continue;
      }
      const key = siblingKey(parentId, name.toLowerCase());
      const twin = pending.get(key);
      if (twin !== undefined) {
        plan.warnings.push(`“${here}” appears twice under the same parent; the second was merged into the first.`);
        plan.map.set(code.guid, twin.id);
        walk(code.children, twin.id, here);
        continue;
      }
      const id = usedIds.has(code.guid) ? newId() : code.guid;
      usedIds.add(id);
      plan.map.set(code.guid, id);
      const create = { id, parentId, code, position: plan.creates.length };
      pending.set(key, create);
      plan.creates.push(create);
      plan.added.push({ guid: code.guid, name: code.name, path: here });
      walk(code.children, id, here);
    }
  };
  walk(codes, null, '');
  return plan;
}

function applyCodePlan(repo: QdaImportRepo, plan: CodePlan, initials: string): void {
  repo.insertCodes(
    plan.creates.map((c) => ({ id: c.id, parentId: c.parentId, name: c.code.name.trim(), color: (c.code.color ?? '#7F7F7F').toUpperCase(), definition: c.code.description ?? '', position: c.position })),
    initials,
  );
  for (const change of plan.changed) {
    const values = Object.fromEntries(change.fields.map((f) => [f.name, f.incoming]));
    repo.updateCode(change.localId, { name: values.name ?? null, color: values.color ?? null, definition: values.definition ?? null });
  }
}

/** The API's own limits, applied to every file read (see shared/api/limits.ts). */
export const QDA_LIMITS: QdaLimits = {
  codes: IMPORT_COUNT_LIMITS.codes,
  sources: IMPORT_COUNT_LIMITS.documents,
  selections: IMPORT_COUNT_LIMITS.segments,
  notes: IMPORT_COUNT_LIMITS.memos,
  cases: IMPORT_COUNT_LIMITS.cases,
  users: IMPORT_COUNT_LIMITS.users,
  nameLength: TEXT_LIMITS.codeName,
  descriptionLength: TEXT_LIMITS.codeDescription,
  textLength: TEXT_LIMITS.notePlainText,
  noteLength: TEXT_LIMITS.memoBody,
};

/** The preview of a codebook already read (off the UI thread, see electron/workers). */
export function previewCodebook(db: Database.Database, codebook: QdaCodebook, readWarnings: readonly string[]): CodebookPreview {
  const { map: _map, creates: _creates, ...preview } = planCodes(db, codebook.codes);
  return { ...preview, warnings: [...preview.warnings, ...readWarnings] };
}

/** Imports a codebook already read, in one transaction. */
export function importCodebook(db: Database.Database, codebook: QdaCodebook, readWarnings: readonly string[], initials: string, deviceId: string): CodebookPreview {
  return db.transaction(() => {
    const plan = planCodes(db, codebook.codes);
    applyCodePlan(new QdaImportRepo(db, deviceId, new Date().toISOString()), plan, initials);
    const { map: _map, creates: _creates, ...preview } = plan;
    return { ...preview, warnings: [...preview.warnings, ...readWarnings] };
  })();
}

/** Imports a project already read (readQdpx), in one transaction; nothing changes when it throws. */
export function importReadProject(db: Database.Database, project: QdaProject, warnings: string[], initials: string, deviceId: string): QdpxImportSummary {
  return db.transaction(() => importQdaProject(db, project, warnings, initials, deviceId))();
}

export function previewQdc(db: Database.Database, xml: string | Uint8Array, fileName: string): CodebookPreview {
  const warnings: QdaImportWarning[] = [];
  const codebook = readQdc(xml, { fileName, onWarning: (w) => warnings.push(w), limits: QDA_LIMITS });
  const { map: _map, creates: _creates, ...preview } = planCodes(db, codebook.codes);
  return { ...preview, warnings: [...preview.warnings, ...warnings.map((w) => w.message)] };
}

export function importQdc(db: Database.Database, xml: string | Uint8Array, fileName: string, initials: string, deviceId: string): CodebookPreview {
  const warnings: QdaImportWarning[] = [];
  const codebook = readQdc(xml, { fileName, onWarning: (w) => warnings.push(w), limits: QDA_LIMITS });
  return db.transaction(() => {
    const plan = planCodes(db, codebook.codes);
    applyCodePlan(new QdaImportRepo(db, deviceId, new Date().toISOString()), plan, initials);
    const { map: _map, creates: _creates, ...preview } = plan;
    return { ...preview, warnings: [...preview.warnings, ...warnings.map((w) => w.message)] };
  })();
}

export type { QdpxImportSummary } from '../store/api-types';

function importedSchedule(repo: QdaImportRepo): string {
  const existing = repo.scheduleOfForm(IMPORTED_FORM_ID);
  if (existing !== undefined) return existing;
  const schedule: Schedule = {
    title: 'Imported documents',
    formId: IMPORTED_FORM_ID,
    version: '1',
    defaultLanguage: '',
    languages: [],
    items: [],
    choiceLists: [],
    settingsExtra: {},
    columns: { survey: [], choices: [], settings: [] },
    otherSheets: [],
  } as unknown as Schedule;
  const id = newId();
  repo.insertSchedule(id, IMPORTED_FORM_ID, schedule.title, JSON.stringify(schedule));
  return id;
}

export async function readProjectFile(bytes: Uint8Array): Promise<{ project: QdaProject; warnings: string[] }> {
  const warnings: string[] = [];
  const project = await readQdpx(bytes, { onWarning: (w) => warnings.push(w.message), limits: QDA_LIMITS });
  return { project, warnings };
}

/** Imports a .qdpx into the open project in one transaction; nothing changes when it throws. */
export async function importQdpx(db: Database.Database, bytes: Uint8Array, initials: string, deviceId: string): Promise<QdpxImportSummary> {
  const { project, warnings } = await readProjectFile(bytes);
  return db.transaction(() => importQdaProject(db, project, warnings, initials, deviceId))();
}

function importQdaProject(db: Database.Database, project: QdaProject, warnings: string[], initials: string, deviceId: string): QdpxImportSummary {
  const now = new Date().toISOString();
  const repo = new QdaImportRepo(db, deviceId, now);
  const summary: QdpxImportSummary = { documents: 0, skippedDocuments: 0, codesAdded: 0, codesChanged: 0, segments: 0, memos: 0, respondents: 0, warnings };
  const plan = planCodes(db, project.codes);
  applyCodePlan(repo, plan, initials);
  summary.codesAdded = plan.added.length;
  summary.codesChanged = plan.changed.length;
  summary.warnings.push(...plan.warnings);
  const users = new Map(project.users.map((u) => [u.guid, u.name.slice(0, 10) || initials]));
  const userOf = (guid: string | undefined) => (guid !== undefined ? (users.get(guid) ?? initials) : initials);
  const scheduleId = importedSchedule(repo);
  const interviewOf = new Map<string, string>();
  const codingOfSelection = new Map<string, string>();
  const unused = (table: 'interview' | 'coding' | 'participant' | 'memo', id: string) => repo.idFree(table, id);
  // Source GUID → its cases, built once (a filter per source was O(sources × cases)).
  const casesOfSource = new Map<string, QdaCase[]>();
  for (const c of project.cases) for (const g of c.sourceGuids) casesOfSource.set(g, [...(casesOfSource.get(g) ?? []), c]);

  for (const source of project.sources) {
    if (!unused('interview', source.guid)) {
      summary.skippedDocuments++;
      summary.warnings.push(`“${source.name}” is already in this project (same GUID); it was not imported again.`);
      continue;
    }
    const interviewId = source.guid;
    interviewOf.set(source.guid, interviewId);
    const cases = casesOfSource.get(source.guid) ?? [];
    const heldAt = source.creationDateTime ?? now;
    repo.insertDocument(interviewId, scheduleId, Math.max(1, cases.length), userOf(source.creatingUser), heldAt, initials);
    const text = source.plainText;
    const noteId = newId();
    repo.insertGeneralNote(noteId, interviewId, editorStateFromText(text), text);
    const index = new CodePointIndex(text);
    const marks: { id: string; start: number; end: number }[] = [];
    for (const selection of source.selections) {
      const start = index.toUtf16(selection.start);
      const end = index.toUtf16(selection.end);
      if (end <= start) {
        summary.warnings.push(`An empty selection in “${source.name}” was skipped.`);
        continue;
      }
      selection.codings.forEach((coding, k) => {
        const codeId = plan.map.get(coding.codeGuid);
        if (codeId === undefined) return;
        const id = k === 0 && unused('coding', selection.guid) ? selection.guid : unused('coding', coding.guid) ? coding.guid : newId();
        if (k === 0) codingOfSelection.set(selection.guid, id);
        repo.insertCoding({ id, codeId, noteId, interviewId, start, end, text: text.slice(start, end), createdBy: userOf(coding.creatingUser ?? selection.creatingUser), createdAt: coding.creationDateTime ?? now });
        marks.push({ id, start, end });
        summary.segments++;
      });
    }
    if (marks.length > 0) {
      const marked = changeNoteMarks(editorStateFromText(text), { remove: [], put: marks });
      repo.setNoteState(noteId, marked.editorState);
    }
    summary.documents++;
  }

  // Cases: respondents of the interviews made from their sources.
  const prefix = repo.idPrefix();
  const positions = new Map<string, number>();
  for (const qdaCase of project.cases) {
    for (const sourceGuid of qdaCase.sourceGuids) {
      const interviewId = interviewOf.get(sourceGuid);
      if (interviewId === undefined) continue;
      const attribute = (name: string): QdaVariableValue['value'] => qdaCase.variables.find((v) => v.name.toLowerCase() === name.toLowerCase())?.value ?? null;
      const wanted = new RegExp(`^${prefix.replace(/[^A-Za-z0-9_-]/g, '')}(\\d{1,9})$`).exec(qdaCase.name.trim());
      let number = wanted ? Number(wanted[1]) : 0;
      if (number < 1 || repo.respondentTaken(number, `${prefix}${number}`)) number = repo.nextRespondentNumber();
      const position = (positions.get(interviewId) ?? 0) + 1;
      positions.set(interviewId, position);
      const id = unused('participant', qdaCase.guid) ? qdaCase.guid : newId();
      const text = (name: string) => {
        const v = attribute(name);
        return v === null || typeof v === 'boolean' ? '' : String(v).slice(0, 200);
      };
      // Consent is not part of REFI-QDA: the source tool held the data. Quote consent is only
      // given when the case says so, so imported respondents never appear in the quote bank by default.
      repo.insertRespondent({
        id,
        interviewId,
        position,
        respondentNumber: number,
        respondentCode: `${prefix}${number}`,
        organisationNumber: text('Organisation number'),
        locationNumber: text('Location number'),
        agencyGroup: text('Agency group'),
        organisationType: text('Organisation type'),
        focusOfWork: text('Focus of work'),
        quoteConsent: attribute('Quote consent') === true,
      });
      summary.respondents++;
    }
  }

  // Memos: attached to what refers to them.
  const targets = new Map<string, { type: string; id: string }>();
  const refer = (refs: readonly string[] | undefined, type: string, id: string | undefined) => {
    if (id === undefined) return;
    for (const ref of refs ?? []) if (!targets.has(ref)) targets.set(ref, { type, id });
  };
  const walkCodes = (codes: readonly QdaCode[]) => {
    for (const c of codes) {
      refer(c.noteRefs, 'code', plan.map.get(c.guid));
      walkCodes(c.children);
    }
  };
  walkCodes(project.codes);
  for (const source of project.sources) {
    refer(source.noteRefs, 'interview', interviewOf.get(source.guid));
    for (const s of source.selections) refer(s.noteRefs, 'coding', codingOfSelection.get(s.guid));
  }
  for (const note of project.notes) {
    if (!unused('memo', note.guid)) continue;
    const target = targets.get(note.guid) ?? { type: 'project', id: '' };
    const title = note.name === 'Memo' || note.name === 'Code memo' || note.name === 'Method memo' ? '' : note.name;
    repo.insertMemo({
      id: note.guid,
      kind: target.type === 'code' ? 'code-memo' : note.name === 'Method memo' ? 'method' : 'theoretical',
      targetType: target.type,
      targetId: target.id,
      title: title.slice(0, 500),
      body: note.text,
      initials: userOf(note.creatingUser),
      createdAt: note.creationDateTime ?? now,
    });
    summary.memos++;
  }
  return summary;
}

export { QdaImportError };
