/**
 * Import of REFI-QDA files into the open project (refi-qda.ts explains the mapping both ways):
 * codes matched by GUID, then by name under the same parent, and the rest planned as new codes
 * (previewed first for a .qdc); text sources as interviews of the schedule "Imported documents"
 * with the text as their general note and each coding marked in it; cases as respondents; memos
 * attached to what refers to them. One transaction each: nothing changes when it throws.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import { IMPORT_COUNT_LIMITS, TEXT_LIMITS } from '../../shared/api/limits';
import { CodePointIndex, QdaImportError, readQdc, readQdpx, type QdaCase, type QdaCode, type QdaCodebook, type QdaImportWarning, type QdaLimits, type QdaProject, type QdaVariableValue } from '../../shared/exchange';
import type { Schedule } from '../../shared/schedule/model';
import { editorStateFromText } from '../../shared/notes/editor-state';
import type { CodebookPreview, QdpxImportSummary } from '../store/api-types';
import type { StoredCode } from '../store/coding-rows';
import { newId } from '../store/ids';
import { changeNoteMarks } from '../store/note-marks';
import { codesAsStored, QdaImportRepo } from '../store/qda-repo';

export const IMPORTED_FORM_ID = 'imported-documents';


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
