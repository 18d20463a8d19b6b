/**
 * A REFI-QDA project.qde (sections 5.3 and 8) read in steps: the root and its attributes, each
 * part (users, codebook, variables, cases, sources, notes, sets), the texts, then the references
 * checked (a coding of an unknown code breaks the project; other dangling references are
 * dropped with a warning, section 7).
 */
import { directText } from '../xml/xml-parser';
import { QdaImportError, type QdaCode, type QdaImportWarning, type QdaProject, type QdaSet, type QdaUser, type QdaVariable, type QdaVariableType } from './model';
import { Ctx, normaliseText, parseRoot, PROJECT_NS, rootNamespace, VARIABLE_TYPES, type ArchiveFiles, type Located, type QdaReadOptions } from './read-context';
import { readCodes } from './read-codebook';
import { readCase, readNote, readTextSource, readVariableValue, skipSource } from './read-sources';
import { claim, pushRef, type ProjectState } from './read-state';

export async function readProjectXml(xml: string, file: string, archive: ArchiveFiles, options: QdaReadOptions): Promise<QdaProject> {
  const root = parseRoot(xml, file);
  const warnings = (w: QdaImportWarning): void => options.onWarning?.(w);
  const rootLoc: Located = { el: root, path: `/${root.name}` };
  if (root.localName !== 'Project') {
    throw new QdaImportError(`root element is <${root.name}>, not <Project>`, { file, path: rootLoc.path, line: root.line, column: root.column }, root.localName === 'CodeBook' ? 'this is a codebook; open it as a .qdc' : 'this is not a REFI-QDA project');
  }
  rootNamespace(root, PROJECT_NS, file, warnings);
  const ctx: Ctx = new Ctx(file, root.namespace, options.onWarning, options.limits);
  const project = projectAttributes(ctx, rootLoc);
  const mode = options.crlfPositions ?? 'auto';
  const st: ProjectState = {
    ctx,
    file,
    archive,
    crCounts: mode === 'count-cr' || (mode === 'auto' && !/atlas\.?ti|maxqda/i.test(project.origin ?? '')),
    project,
    codeIndex: new Map(),
    noteRefs: [],
    codeRefs: [],
    seen: new Map(),
    skipped: new Set(),
    variablesByGuid: new Map(),
    pendingCaseVars: [],
    members: [],
    textJobs: [],
  };

  for (const part of ctx.children(rootLoc)) readPart(st, part);
  // Code GUIDs share the one GUID space with everything else.
  for (const [g, at] of st.codeIndex) claim(st, g, at);
  for (const job of st.textJobs) await job();

  checkCodeRefs(st);
  dropDanglingNoteRefs(st);
  resolveMembers(st);
  for (const { c, vv } of st.pendingCaseVars) {
    const value = readVariableValue(ctx, vv, st.variablesByGuid);
    if (value) c.variables.push(value);
  }
  return project;
}

function projectAttributes(ctx: Ctx, rootLoc: Located): QdaProject {
  const project: QdaProject = { name: ctx.required(rootLoc, 'name'), users: [], codes: [], variables: [], cases: [], sources: [], notes: [], sets: [], noteRefs: [] };
  const origin = ctx.attr(rootLoc, 'origin');
  if (origin !== undefined) project.origin = origin;
  const creatingUser = ctx.optionalGuid(rootLoc, 'creatingUserGUID');
  if (creatingUser !== undefined) project.creatingUser = creatingUser;
  const created = ctx.optionalDateTime(rootLoc, 'creationDateTime');
  if (created !== undefined) project.creationDateTime = created;
  return project;
}

/** Each child of <Project>; `expect` reads the children of a list element that are `name`. */
function readPart(st: ProjectState, part: Located): void {
  const ctx: Ctx = st.ctx;
  const { project } = st;
  const each = (name: string, read: (e: Located) => void): void => {
    for (const e of ctx.children(part)) {
      if (e.el.localName === name) read(e);
      else ctx.warn(e, `unexpected <${e.el.localName}> in <${part.el.localName}> ignored`);
    }
  };
  switch (part.el.localName) {
    case 'Users':
      each('User', (u) => readUser(st, u));
      break;
    case 'CodeBook':
      each('Codes', (c) => project.codes.push(...readCodes(ctx, c, true, st.noteRefs, st.codeIndex)));
      break;
    case 'Variables':
      each('Variable', (v) => readVariable(st, v));
      break;
    case 'Cases':
      each('Case', (c) => readCase(st, c));
      break;
    case 'Sources':
      for (const s of ctx.children(part)) {
        if (s.el.localName === 'TextSource') readTextSource(st, s);
        else if (['PictureSource', 'PDFSource', 'AudioSource', 'VideoSource'].includes(s.el.localName)) skipSource(st, s);
        else ctx.warn(s, `unexpected <${s.el.localName}> in <Sources> ignored`);
      }
      break;
    case 'Notes':
      each('Note', (n) => readNote(st, n));
      break;
    case 'Sets':
      each('Set', (s) => readSet(st, s));
      break;
    case 'Description':
      project.description = normaliseText(directText(part.el));
      break;
    case 'NoteRef':
      project.noteRefs.push(pushRef(ctx, st.noteRefs, part));
      break;
    case 'Links':
    case 'Graphs':
      ctx.warn(part, `<${part.el.localName}> not imported (not supported by Fieldnote)`);
      break;
    default:
      ctx.warn(part, `unexpected <${part.el.localName}> in <Project> ignored`);
  }
}

function readUser(st: ProjectState, u: Located): void {
  const guid = st.ctx.requiredGuid(u, 'guid');
  claim(st, guid, u);
  st.ctx.count(u, 'users');
  const user: QdaUser = { guid, name: st.ctx.attr(u, 'name') ?? '' };
  st.project.users.push(user);
}

function readVariable(st: ProjectState, v: Located): void {
  const ctx: Ctx = st.ctx;
  const guid = ctx.requiredGuid(v, 'guid');
  claim(st, guid, v);
  const type = ctx.required(v, 'typeOfVariable').trim() as QdaVariableType;
  if (!VARIABLE_TYPES.includes(type)) ctx.fail(v, `typeOfVariable ${JSON.stringify(type)} is unknown`, `use one of ${VARIABLE_TYPES.join(', ')}`, 'typeOfVariable');
  const variable: QdaVariable = { guid, name: ctx.required(v, 'name'), type };
  for (const d of ctx.children(v)) if (d.el.localName === 'Description') variable.description = normaliseText(directText(d.el));
  st.project.variables.push(variable);
  st.variablesByGuid.set(guid, variable);
}

function readSet(st: ProjectState, s: Located): void {
  const ctx: Ctx = st.ctx;
  const guid = ctx.requiredGuid(s, 'guid');
  claim(st, guid, s);
  const set: QdaSet = { guid, name: ctx.required(s, 'name'), memberCodes: [], memberSources: [], memberNotes: [] };
  for (const m of ctx.children(s)) {
    const kind = ({ MemberCode: 'code', MemberSource: 'source', MemberNote: 'note' } as const)[m.el.localName as 'MemberCode'];
    if (m.el.localName === 'Description') set.description = normaliseText(directText(m.el));
    else if (kind === 'code') st.members.push({ list: set.memberCodes, guid: ctx.targetGuid(m), at: m, kinds: 'code' });
    else if (kind === 'source') st.members.push({ list: set.memberSources, guid: ctx.targetGuid(m), at: m, kinds: 'source' });
    else if (kind === 'note') st.members.push({ list: set.memberNotes, guid: ctx.targetGuid(m), at: m, kinds: 'note' });
    else ctx.warn(m, `unexpected <${m.el.localName}> in <Set> ignored`);
  }
  st.project.sets.push(set);
}

/** A coding of a code that is not in the codebook breaks the project. */
function checkCodeRefs(st: ProjectState): void {
  for (const r of st.codeRefs) {
    if (!st.codeIndex.has(r.guid)) {
      st.ctx.fail(r.at, `coding refers to code ${r.guid}, which is not in the codebook`, 'add the code to <CodeBook> or remove the coding', r.attribute);
    }
  }
}

/** NoteRefs to notes that are not in <Notes> are dropped everywhere, with a warning each. */
function dropDanglingNoteRefs(st: ProjectState): void {
  const { project } = st;
  const noteGuids = new Set(project.notes.map((n) => n.guid));
  const danglingNotes = new Set<string>();
  for (const r of st.noteRefs) {
    if (!noteGuids.has(r.guid)) {
      danglingNotes.add(r.guid);
      st.ctx.warn(r.at, `NoteRef to ${r.guid}, which is not a note in <Notes>; dropped`, r.attribute);
    }
  }
  if (danglingNotes.size === 0) return;
  const keep = (xs: string[]): string[] => xs.filter((g) => !danglingNotes.has(g));
  project.noteRefs = keep(project.noteRefs);
  const walk = (codes: QdaCode[]): void => {
    for (const c of codes) {
      c.noteRefs = keep(c.noteRefs);
      walk(c.children);
    }
  };
  walk(project.codes);
  for (const s of project.sources) {
    s.noteRefs = keep(s.noteRefs);
    for (const sel of s.selections) {
      sel.noteRefs = keep(sel.noteRefs);
      for (const c of sel.codings) if (c.noteRefs) c.noteRefs = keep(c.noteRefs);
    }
  }
  for (const n of project.notes) if (n.noteRefs) n.noteRefs = keep(n.noteRefs);
}

/** Case and set members that exist are kept; others are dropped with a warning that says why. */
function resolveMembers(st: ProjectState): void {
  const { project } = st;
  const noteGuids = new Set(project.notes.map((n) => n.guid));
  const sourceGuids = new Set(project.sources.map((s) => s.guid));
  const selectionGuids = new Set(project.sources.flatMap((s) => s.selections.map((x) => x.guid)));
  for (const m of st.members) {
    const known = m.kinds === 'code' ? st.codeIndex.has(m.guid) : m.kinds === 'source' ? sourceGuids.has(m.guid) : m.kinds === 'selection' ? selectionGuids.has(m.guid) : noteGuids.has(m.guid);
    if (known) m.list.push(m.guid);
    else if (st.skipped.has(m.guid)) st.ctx.warn(m.at, `reference to ${m.guid}, which was not imported; dropped`, 'targetGUID');
    else st.ctx.warn(m.at, `reference to ${m.guid}, which is not a ${m.kinds} in this project; dropped`, 'targetGUID');
  }
  for (const c of project.cases) {
    if (c.codeGuids && c.codeGuids.length === 0) delete c.codeGuids;
    if (c.selectionGuids && c.selectionGuids.length === 0) delete c.selectionGuids;
  }
}
