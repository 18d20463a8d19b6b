/** REFI-QDA codebooks: codes (in a .qdc and in a project's <CodeBook>) and readQdc (section 5.2). */
import { directText } from '../xml/xml-parser';
import { canonicalColor } from './values';
import { QdaImportError, type QdaCode, type QdaCodebook, type QdaImportWarning, type QdaSet } from './model';
import { CODEBOOK_NS, Ctx, decodeXml, guard, normaliseText, parseRoot, rootNamespace, type Located, type PendingRef, type QdaReadOptions } from './read-context';

export function readCodes(ctx: Ctx, codesEl: Located, withNotes: boolean, pendingNotes: PendingRef[] | null, out: Map<string, Located>): QdaCode[] {
  const codes: QdaCode[] = [];
  for (const c of ctx.children(codesEl)) {
    if (c.el.localName !== 'Code') {
      ctx.warn(c, `unexpected <${c.el.localName}> in <${codesEl.el.localName}> ignored`);
      continue;
    }
    codes.push(readCode(ctx, c, withNotes, pendingNotes, out));
  }
  return codes;
}

function readCode(ctx: Ctx, e: Located, withNotes: boolean, pendingNotes: PendingRef[] | null, out: Map<string, Located>): QdaCode {
  const guid = ctx.requiredGuid(e, 'guid');
  const prev = out.get(guid);
  if (prev) ctx.fail(e, `code GUID ${guid} is used twice (also at ${prev.path})`, 'every code needs its own GUID', 'guid');
  out.set(guid, e);
  ctx.count(e, 'codes');
  const name = ctx.name(e, ctx.required(e, 'name'));
  const isCodable = ctx.requiredBoolean(e, 'isCodable');
  const code: QdaCode = { guid, name, isCodable, noteRefs: [], children: [] };
  const colorAttr = ctx.attr(e, 'color');
  if (colorAttr !== undefined) {
    const c = canonicalColor(colorAttr);
    if (c === null) ctx.warn(e, `ignored color=${JSON.stringify(colorAttr)}: not #RRGGBB`, 'color');
    else code.color = c;
  }
  for (const c of ctx.children(e)) {
    switch (c.el.localName) {
      case 'Description':
        code.description = ctx.text(c, normaliseText(directText(c.el)), ctx.limits.descriptionLength, 'code description');
        break;
      case 'NoteRef':
        if (withNotes && pendingNotes) {
          const g = ctx.targetGuid(c);
          code.noteRefs.push(g);
          pendingNotes.push({ guid: g, at: c, attribute: 'targetGUID' });
        } else ctx.warn(c, '<NoteRef> in a codebook code ignored (not in Codebook.xsd)');
        break;
      case 'Code':
        code.children.push(readCode(ctx, c, withNotes, pendingNotes, out));
        break;
      default:
        ctx.warn(c, `unexpected <${c.el.localName}> in <Code> ignored`);
    }
  }
  return code;
}

/** Reads a .qdc codebook (string, or bytes decoded as UTF-8). */
export function readQdc(input: string | Uint8Array, options: Pick<QdaReadOptions, 'onWarning' | 'limits'> & { readonly fileName?: string } = {}): QdaCodebook {
  const file = options.fileName ?? 'codebook.qdc';
  return guard(file, () => {
    const xml = typeof input === 'string' ? input : decodeXml(input, file);
    const root = parseRoot(xml, file);
    const warn = (w: QdaImportWarning): void => options.onWarning?.(w);
    const rootLoc: Located = { el: root, path: `/${root.name}` };
    if (root.localName !== 'CodeBook') {
      throw new QdaImportError(`root element is <${root.name}>, not <CodeBook>`, { file, path: rootLoc.path, line: root.line, column: root.column }, root.localName === 'Project' ? 'this is a project (.qde); open the .qdpx instead' : 'this is not a REFI-QDA codebook (.qdc)');
    }
    if (root.namespace !== null && root.namespace.startsWith('urn:QDA-XML:project:')) {
      warn({ message: `codebook in project namespace ${root.namespace} read as ${CODEBOOK_NS}`, where: { file, path: rootLoc.path, line: root.line } });
    } else rootNamespace(root, CODEBOOK_NS, file, warn);
    const ctx: Ctx = new Ctx(file, root.namespace, options.onWarning, options.limits);
    const codeIndex = new Map<string, Located>();
    const book: QdaCodebook = { codes: [], sets: [] };
    const origin = ctx.attr(rootLoc, 'origin');
    if (origin !== undefined) book.origin = origin;
    let sawCodes = false;
    const setMembers: PendingRef[] = [];
    for (const c of ctx.children(rootLoc)) {
      if (c.el.localName === 'Codes') {
        sawCodes = true;
        book.codes.push(...readCodes(ctx, c, false, null, codeIndex));
      } else if (c.el.localName === 'Sets') {
        for (const s of ctx.children(c)) {
          if (s.el.localName !== 'Set') {
            ctx.warn(s, `unexpected <${s.el.localName}> in <Sets> ignored`);
            continue;
          }
          const set: QdaSet = { guid: ctx.requiredGuid(s, 'guid'), name: ctx.name(s, ctx.required(s, 'name')), memberCodes: [], memberSources: [], memberNotes: [] };
          for (const m of ctx.children(s)) {
            if (m.el.localName === 'Description') set.description = normaliseText(directText(m.el));
            else if (m.el.localName === 'MemberCode') {
              // Codebook.xsd: MemberCode guid="…"; accept the project form targetGUID="…" too.
              const attribute = ctx.attr(m, 'guid') === undefined && ctx.attr(m, 'targetGUID') !== undefined ? 'targetGUID' : 'guid';
              const g = ctx.requiredGuid(m, attribute);
              set.memberCodes.push(g);
              setMembers.push({ guid: g, at: m, attribute });
            } else ctx.warn(m, `<${m.el.localName}> in a codebook set ignored`);
          }
          book.sets.push(set);
        }
      } else ctx.warn(c, `unexpected <${c.el.localName}> in <CodeBook> ignored`);
    }
    if (!sawCodes) ctx.fail(rootLoc, '<CodeBook> has no <Codes>', 'a codebook needs a <Codes> element with at least one <Code>');
    const dropped = new Set<string>();
    for (const m of setMembers) {
      if (!codeIndex.has(m.guid)) {
        ctx.warn(m.at, `set member ${m.guid} is not a code in this codebook; dropped`, m.attribute);
        dropped.add(m.guid);
      }
    }
    if (dropped.size > 0) for (const s of book.sets) s.memberCodes = s.memberCodes.filter((g) => !dropped.has(g));
    return book;
  });
}

