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
 * Import (.qdpx from another tool; refi-qda-import.ts): every text source becomes an interview of the schedule
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
import {
  CodePointIndex,
  writeQdc,
  writeQdpx,
  type QdaCase,
  type QdaCode,
  type QdaCodebook,
  type QdaNote,
  type QdaProject,
  type QdaSelection,
  type QdaTextSource,
  type QdaVariable,
  type QdaVariableValue,
} from '../../shared/exchange';
import { defaultText, questionsOf } from '../../shared/schedule/model';
import { storedSchedule } from '../../shared/schedule/stored-schedule';
import { participantsOf } from '../store/participant-rows';
import { codesInOrder, everyonesInitials, interviewNotes, interviewSegments, interviewsInOrder, memosInOrder } from '../store/qda-repo';
import type { Participant } from '../store/api-types';
import type { StoredCode } from '../store/coding-rows';
import { IMPORTED_FORM_ID } from './refi-qda-import';

export {
  IMPORTED_FORM_ID,
  importCodebook,
  importQdc,
  importQdpx,
  importReadProject,
  previewCodebook,
  previewQdc,
  QDA_LIMITS,
  QdaImportError,
  readProjectFile,
  type CodebookPreview,
  type QdpxImportSummary,
} from './refi-qda-import';


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

