/**
 * REFI-QDA project parts that carry text: text sources with their selections and codings,
 * notes, and the loading of their text (inline or internal:// in the archive); cases and
 * variable values; non-text sources skipped with a warning.
 */
import { directText } from '../xml/xml-parser';
import { decodeUtf8, Utf8Error } from '../text/utf8';
import { codePointLength } from '../text/code-points';
import { normaliseLineEndings } from '../text/line-endings';
import { canonicalGuid } from './guid';
import { isXsdDate, isXsdDateTime, isXsdDecimal, isXsdInteger, parseXsdBoolean } from './values';
import { QdaImportError, type QdaCase, type QdaCoding, type QdaNote, type QdaSelection, type QdaTextSource, type QdaVariable, type QdaVariableValue } from './model';
import { normaliseText, type Ctx, type Located } from './read-context';
import { claim, pushRef, type ProjectState } from './read-state';

interface RawSelection {
  readonly sel: QdaSelection;
  readonly at: Located;
}

function readTextBody(ctx: Ctx, e: Located, what: 'source' | 'note', inline: string | undefined): { inline?: string; path?: string } {
  const path = ctx.attr(e, 'plainTextPath');
  if (inline !== undefined && path !== undefined) ctx.warn(e, `${what} has both PlainTextContent and plainTextPath; using PlainTextContent`, 'plainTextPath');
  return { ...(inline === undefined ? {} : { inline }), ...(path === undefined ? {} : { path }) };
}

/** Loads text from inline content or internal://; undefined when it cannot be loaded. */
async function loadText(st: ProjectState, e: Located, body: { inline?: string; path?: string }): Promise<{ text: string; file: string } | undefined> {
  const ctx: Ctx = st.ctx;
  if (body.inline !== undefined) return { text: body.inline, file: st.file };
  if (body.path === undefined) return undefined;
  const m = /^internal:\/\/(.*)$/i.exec(body.path.trim());
  if (!m) {
    ctx.warn(e, `external text ${JSON.stringify(body.path)} cannot be read from the archive`, 'plainTextPath');
    return undefined;
  }
  const hit = st.archive.find(m[1] as string);
  if (!hit) {
    ctx.fail(e, `${body.path} is not in the archive`, `the .qdpx should contain sources/${m[1] as string} (section 8.3); export the project again with its sources`, 'plainTextPath');
  }
  const data = await hit.entry.read();
  try {
    return { text: decodeUtf8(data), file: hit.path };
  } catch (err) {
    if (err instanceof Utf8Error) {
      throw new QdaImportError(`text is not valid UTF-8 (${err.message})`, { file: hit.path }, 'plain-text sources must be UTF-8 (section 9.1.2); convert the file to UTF-8');
    }
    throw err;
  }
}

function readSelection(st: ProjectState, s: Located, owner: 'source'): QdaSelection {
  const ctx: Ctx = st.ctx;
  const guid = ctx.requiredGuid(s, 'guid');
  claim(st, guid, s);
  ctx.count(s, 'selections');
  const sel: QdaSelection = { guid, start: ctx.position(s, 'startPosition'), end: ctx.position(s, 'endPosition'), codings: [], noteRefs: [] };
  if (sel.start > sel.end) ctx.fail(s, `startPosition ${sel.start} is after endPosition ${sel.end}`, 'a selection must start at or before its end', 'startPosition');
  const name = ctx.attr(s, 'name');
  if (name !== undefined) sel.name = name;
  const user = ctx.optionalGuid(s, 'creatingUser') ?? ctx.optionalGuid(s, 'modifyingUser');
  if (user !== undefined) sel.creatingUser = user;
  const date = ctx.optionalDateTime(s, 'creationDateTime') ?? ctx.optionalDateTime(s, 'modifiedDateTime');
  if (date !== undefined) sel.creationDateTime = date;
  for (const c of ctx.children(s)) {
    switch (c.el.localName) {
      case 'Description':
        sel.description = normaliseText(directText(c.el));
        break;
      case 'Coding':
        sel.codings.push(readCoding(st, c));
        break;
      case 'NoteRef':
        sel.noteRefs.push(pushRef(ctx, st.noteRefs, c));
        break;
      default:
        ctx.warn(c, `unexpected <${c.el.localName}> in a ${owner} selection ignored`);
    }
  }
  return sel;
}

function readCoding(st: ProjectState, c: Located): QdaCoding {
  const ctx: Ctx = st.ctx;
  const guid = ctx.requiredGuid(c, 'guid');
  claim(st, guid, c);
  let codeGuid: string | undefined;
  const coding: Omit<QdaCoding, 'codeGuid'> & { noteRefs: string[] } = { guid, noteRefs: [] };
  const user = ctx.optionalGuid(c, 'creatingUser');
  if (user !== undefined) coding.creatingUser = user;
  const date = ctx.optionalDateTime(c, 'creationDateTime');
  if (date !== undefined) coding.creationDateTime = date;
  for (const k of ctx.children(c)) {
    if (k.el.localName === 'CodeRef') {
      if (codeGuid !== undefined) ctx.fail(k, '<Coding> has more than one <CodeRef>', 'a coding applies exactly one code');
      codeGuid = pushRef(ctx, st.codeRefs, k);
    } else if (k.el.localName === 'NoteRef') coding.noteRefs.push(pushRef(ctx, st.noteRefs, k));
    else ctx.warn(k, `unexpected <${k.el.localName}> in <Coding> ignored`);
  }
  if (codeGuid === undefined) ctx.fail(c, '<Coding> has no <CodeRef>', 'each Coding needs <CodeRef targetGUID="…"/> naming a code (Project.xsd CodingType)');
  const result: QdaCoding = { guid: coding.guid, codeGuid };
  if (coding.creatingUser !== undefined) result.creatingUser = coding.creatingUser;
  if (coding.creationDateTime !== undefined) result.creationDateTime = coding.creationDateTime;
  if (coding.noteRefs.length > 0) result.noteRefs = coding.noteRefs;
  return result;
}

/** A <TextSource>; its text is loaded later (st.textJobs), when its selections are placed. */
export function readTextSource(st: ProjectState, e: Located): void {
  const ctx: Ctx = st.ctx;
  const guid = ctx.requiredGuid(e, 'guid');
  claim(st, guid, e);
  ctx.count(e, 'sources');
  const source: QdaTextSource = { guid, name: ctx.name(e, ctx.attr(e, 'name') ?? ''), plainText: '', selections: [], noteRefs: [] };
  const rich = ctx.attr(e, 'richTextPath');
  if (rich !== undefined) source.richTextPath = rich;
  const user = ctx.optionalGuid(e, 'creatingUser');
  if (user !== undefined) source.creatingUser = user;
  const date = ctx.optionalDateTime(e, 'creationDateTime');
  if (date !== undefined) source.creationDateTime = date;
  const own: RawSelection[] = [];
  let inline: string | undefined;
  for (const c of ctx.children(e)) {
    switch (c.el.localName) {
      case 'Description':
        source.description = ctx.text(c, normaliseText(directText(c.el)), ctx.limits.descriptionLength, 'source description');
        break;
      case 'PlainTextContent':
        inline = directText(c.el);
        break;
      case 'PlainTextSelection': {
        const sel = readSelection(st, c, 'source');
        own.push({ sel, at: c });
        source.selections.push(sel);
        break;
      }
      case 'NoteRef':
        source.noteRefs.push(pushRef(ctx, st.noteRefs, c));
        break;
      case 'Coding':
        ctx.warn(c, 'coding of the whole source is not imported (only text selections carry codings)');
        break;
      case 'VariableValue':
        ctx.warn(c, 'variable values on a source are not imported (use cases)');
        break;
      default:
        ctx.warn(c, `unexpected <${c.el.localName}> in <TextSource> ignored`);
    }
  }
  const body = readTextBody(ctx, e, 'source', inline);
  if (body.inline === undefined && body.path === undefined) {
    ctx.fail(e, 'TextSource has neither PlainTextContent nor plainTextPath', 'a text source needs its plain text (Project.xsd: either PlainTextContent or plainTextPath must be filled)');
  }
  st.project.sources.push(source);
  st.textJobs.push(async () => {
    const loaded = await loadText(st, e, body);
    if (!loaded) {
      st.project.sources = st.project.sources.filter((s) => s !== source);
      st.skipped.add(guid);
      for (const r of own) st.skipped.add(r.sel.guid);
      return;
    }
    ctx.text(e, loaded.text, ctx.limits.textLength, `text of source “${source.name.slice(0, 80)}” (${loaded.file})`);
    placeSelections(ctx, source, own, loaded.text, loaded.file, st.crCounts);
  });
}

export function readNote(st: ProjectState, e: Located): void {
  const ctx: Ctx = st.ctx;
  const guid = ctx.requiredGuid(e, 'guid');
  claim(st, guid, e);
  ctx.count(e, 'notes');
  const note: QdaNote = { guid, name: ctx.name(e, ctx.attr(e, 'name') ?? ''), text: '' };
  const user = ctx.optionalGuid(e, 'creatingUser') ?? ctx.optionalGuid(e, 'modifyingUser');
  if (user !== undefined) note.creatingUser = user;
  const date = ctx.optionalDateTime(e, 'creationDateTime') ?? ctx.optionalDateTime(e, 'modifiedDateTime');
  if (date !== undefined) note.creationDateTime = date;
  const refs: string[] = [];
  let inline: string | undefined;
  for (const c of ctx.children(e)) {
    switch (c.el.localName) {
      case 'Description':
        note.description = normaliseText(directText(c.el));
        break;
      case 'PlainTextContent':
        inline = directText(c.el);
        break;
      case 'NoteRef':
        refs.push(pushRef(ctx, st.noteRefs, c));
        break;
      case 'PlainTextSelection':
        ctx.warn(c, 'selection inside a note (an annotation range) is not imported; the note text is');
        break;
      default:
        ctx.warn(c, `<${c.el.localName}> in <Note> not imported`);
    }
  }
  if (refs.length > 0) note.noteRefs = refs;
  st.project.notes.push(note);
  const body = readTextBody(ctx, e, 'note', inline);
  st.textJobs.push(async () => {
    const loaded = await loadText(st, e, body);
    if (loaded) note.text = ctx.text(e, normaliseLineEndings(loaded.text).text, ctx.limits.noteLength, 'note text');
  });
}

export function readCase(st: ProjectState, e: Located): void {
  const ctx: Ctx = st.ctx;
  const guid = ctx.requiredGuid(e, 'guid');
  claim(st, guid, e);
  ctx.count(e, 'cases');
  const c: QdaCase = { guid, name: ctx.name(e, ctx.attr(e, 'name') ?? ''), variables: [], sourceGuids: [], codeGuids: [], selectionGuids: [] };
  for (const k of ctx.children(e)) {
    switch (k.el.localName) {
      case 'Description':
        c.description = normaliseText(directText(k.el));
        break;
      case 'CodeRef':
        st.members.push({ list: c.codeGuids as string[], guid: ctx.targetGuid(k), at: k, kinds: 'code' });
        break;
      case 'SourceRef':
        st.members.push({ list: c.sourceGuids, guid: ctx.targetGuid(k), at: k, kinds: 'source' });
        break;
      case 'SelectionRef':
        st.members.push({ list: c.selectionGuids as string[], guid: ctx.targetGuid(k), at: k, kinds: 'selection' });
        break;
      case 'VariableValue':
        st.pendingCaseVars.push({ c, vv: k });
        break;
      default:
        ctx.warn(k, `unexpected <${k.el.localName}> in <Case> ignored`);
    }
  }
  st.project.cases.push(c);
}

/** A picture, PDF, audio or video source: not imported; its GUIDs are remembered so references to them say why they went. */
export function skipSource(st: ProjectState, e: Located): void {
  const ctx: Ctx = st.ctx;
  const guid = ctx.requiredGuid(e, 'guid');
  claim(st, guid, e);
  st.skipped.add(guid);
  const walk = (x: Located): void => {
    for (const c of ctx.children(x)) {
      const g = canonicalGuid(ctx.attr(c, 'guid') ?? '');
      if (g !== null) st.skipped.add(g);
      walk(c);
    }
  };
  walk(e);
  ctx.warn(e, `<${e.el.localName}> "${ctx.attr(e, 'name') ?? ''}" not imported: only text sources are supported`);
}

/** Checks and maps selection positions onto the normalised text (section 10.2). */
function placeSelections(ctx: Ctx, source: QdaTextSource, own: readonly RawSelection[], raw: string, file: string, crCounts: boolean): void {
  const norm = normaliseLineEndings(raw, crCounts);
  source.plainText = norm.text;
  const body = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const limit = crCounts ? codePointLength(body) : codePointLength(norm.text);
  for (const { sel, at } of own) {
    if (sel.end > limit) {
      ctx.fail(at, `endPosition ${sel.end} is past the end of the text (${limit} code points in ${file})`, 'positions count Unicode code points from 0 (section 10.2); the selection does not fit this text', 'endPosition');
    }
    sel.start = norm.mapPosition(sel.start);
    sel.end = norm.mapPosition(sel.end);
  }
}

export function readVariableValue(ctx: Ctx, vv: Located, variables: ReadonlyMap<string, QdaVariable>): QdaVariableValue | undefined {
  let variable: QdaVariable | undefined;
  let valueEl: Located | undefined;
  for (const k of ctx.children(vv)) {
    if (k.el.localName === 'VariableRef') {
      const g = ctx.targetGuid(k);
      variable = variables.get(g);
      if (!variable) {
        ctx.warn(k, `VariableRef to ${g}, which is not declared in <Variables>; value dropped`, 'targetGUID');
        return undefined;
      }
    } else if (/^(Text|Boolean|Integer|Float|Date|DateTime)Value$/.test(k.el.localName)) valueEl = k;
    else ctx.warn(k, `unexpected <${k.el.localName}> in <VariableValue> ignored`);
  }
  if (!variable) ctx.fail(vv, '<VariableValue> has no <VariableRef>', 'each VariableValue needs <VariableRef targetGUID="…"/> (Project.xsd VariableValueType)');
  const out: QdaVariableValue = { name: variable.name, type: variable.type, value: null };
  if (!valueEl) return out;
  const elType = valueEl.el.localName.slice(0, -'Value'.length);
  const text = directText(valueEl.el);
  const t = text.trim();
  if (elType !== variable.type) {
    ctx.warn(valueEl, `<${valueEl.el.localName}> for ${variable.type} variable "${variable.name}"; value dropped`);
    return out;
  }
  let value: QdaVariableValue['value'] | undefined;
  switch (variable.type) {
    case 'Text':
      value = normaliseText(text);
      break;
    case 'Boolean':
      value = parseXsdBoolean(t);
      break;
    case 'Integer':
      value = isXsdInteger(t) && Number.isSafeInteger(Number(t)) ? Number(t) : undefined;
      break;
    case 'Float':
      value = isXsdDecimal(t) || /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+$/.test(t) ? Number(t) : undefined;
      break;
    case 'Date':
      value = isXsdDate(t) ? t : isXsdDateTime(t) ? t.slice(0, t.indexOf('T')) : undefined;
      break;
    case 'DateTime':
      value = isXsdDateTime(t) ? t : undefined;
      break;
  }
  if (value === undefined) ctx.warn(valueEl, `${JSON.stringify(t)} is not a valid ${variable.type} value; value dropped`);
  else out.value = value;
  return out;
}
