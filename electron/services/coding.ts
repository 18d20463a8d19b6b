/**
 * API handlers of the grounded-theory coding workbench: the codebook with undo and redo, coded
 * segments, memos, relations, analyses, full-text search, quotes and the Word/Markdown exports.
 * Every codebook change is one transaction (CodingRepo) and one entry on the open project's
 * undo stack (`ctx.codebookUndo`), which lives only as long as the project stays open.
 */
import type { Handlers } from '../../shared/api/dispatch';
import type { ProjectSettings } from '../../shared/api/contract';
import type { MemoRecord, UndoState } from '../../shared/api/coding-schema';
import { canRedo, canUndo, emptyUndoStack, recordChange, redo, undo, type Code, type MemoTarget, type UndoStack } from '../../shared/coding';
import { codebookBlocks, quoteBankBlocks } from '../../shared/export/coding-reports';
import { blocksToMarkdown, DOCX_MEDIA_TYPE, writeDocx, type DocBlock } from '../../shared/export/docx';
import { CodebookError, type AttributeName, type QuoteFilter, type QuoteGrouping, type ChangeOutcome, type CodingRepo, type InterviewFilter, type StoredMemo } from '../store/coding-repo';
import { agreementLine, codersOfInterview, recordedAgreement } from '../store/agreement-repo';
import { noteEditorState, interviewCount } from '../store/lookups';
import { PROJECT_EXTENSION } from '../store/project-store';
import type { ServiceContext } from './context';

type CodingMethods = Pick<
  Handlers,
  | 'codes.list'
  | 'codes.create'
  | 'codes.update'
  | 'codes.move'
  | 'codes.merge'
  | 'codes.split'
  | 'codes.impact'
  | 'codes.delete'
  | 'codes.setCore'
  | 'codes.reorder'
  | 'codes.undo'
  | 'codes.redo'
  | 'codings.apply'
  | 'codings.remove'
  | 'codings.setQuote'
  | 'codings.forCode'
  | 'codings.forInterview'
  | 'analysis.compare'
  | 'relations.list'
  | 'relations.create'
  | 'relations.delete'
  | 'relations.positions'
  | 'relations.savePositions'
  | 'memos.list'
  | 'memos.create'
  | 'memos.update'
  | 'memos.delete'
  | 'memos.search'
  | 'analysis.matrix'
  | 'analysis.attributeValues'
  | 'codings.byIds'
  | 'codings.attribution'
  | 'analysis.cooccurrence'
  | 'analysis.saturation'
  | 'search.notes'
  | 'search.codeHits'
  | 'quotes.list'
  | 'quotes.flagged'
  | 'quotes.exportDocx'
  | 'quotes.exportMarkdown'
  | 'codebook.exportDocx'
  | 'codebook.exportMarkdown'
>;

function codeRecord(code: Code) {
  return {
    id: code.id,
    parentId: code.parentId,
    name: code.name,
    color: code.color,
    definition: code.definition,
    inclusion: code.inclusion,
    exclusion: code.exclusion,
    example: code.example,
    isCore: code.isCore,
    kind: code.kind,
    inVivo: code.inVivo,
    createdBy: code.createdBy,
  };
}

function memoRecord(memo: StoredMemo): MemoRecord {
  const target = memo.target;
  const targetId = target.kind === 'project' ? '' : target.kind === 'code' ? target.codeId : target.kind === 'coding' ? target.codingId : target.interviewId;
  return { id: memo.id, kind: memo.kind ?? 'theoretical', targetType: target.kind, targetId, title: memo.title, body: memo.body, initials: memo.createdBy, createdAt: memo.createdAt ?? '' };
}

/** A memo with what it is attached to, in words, and where that leads. */
function withTarget(memo: MemoRecord, target: { label: string; place?: NonNullable<MemoRecord['place']> } | undefined): MemoRecord {
  return target === undefined ? memo : { ...memo, targetLabel: target.label, ...(target.place ? { place: target.place } : {}) };
}

function memoTarget(type: MemoRecord['targetType'], id: string): MemoTarget {
  switch (type) {
    case 'project':
      return { kind: 'project' };
    case 'code':
      return { kind: 'code', codeId: id };
    case 'coding':
      return { kind: 'coding', codingId: id };
    case 'interview':
      return { kind: 'interview', interviewId: id };
  }
}

/** Labels of the attribute values that have them (codes from the project settings). */
function valueLabels(settings: ProjectSettings, attribute: AttributeName, values: readonly (string | null)[]): Record<string, string> {
  const list = attribute === 'agencyGroup' ? settings.agencyGroups : attribute === 'organisationType' ? settings.organisationTypes : attribute === 'focusOfWork' ? settings.focusOfWork : [];
  const out: Record<string, string> = {};
  for (const value of values) {
    if (value === null) continue;
    out[value] = value
      .split(' + ')
      .map((v) => list.find((o) => o.code === v)?.label ?? v)
      .join(' + ');
  }
  return out;
}

function filterOf(filter: { where?: Partial<Record<AttributeName, (string | null)[]>>; dateFrom?: string; dateTo?: string } | undefined): InterviewFilter | undefined {
  if (filter === undefined) return undefined;
  return { ...(filter.where !== undefined ? { where: filter.where } : {}), ...(filter.dateFrom !== undefined ? { dateFrom: filter.dateFrom } : {}), ...(filter.dateTo !== undefined ? { dateTo: filter.dateTo } : {}) };
}

const quoted = (name: string) => `“${name}”`;

export function codingHandlers(ctx: ServiceContext): CodingMethods {
  const repo = (): CodingRepo => ctx.coding();
  const stackOf = (): UndoStack => ctx.codebookUndo.get();
  const undoState = (stack: UndoStack = stackOf()): UndoState => ({
    canUndo: canUndo(stack),
    canRedo: canRedo(stack),
    undoLabel: stack.past.at(-1)?.label ?? null,
    redoLabel: stack.future.at(-1)?.label ?? null,
  });
  /** Records a change on the undo stack and reports it. */
  const done = (label: string, outcome: ChangeOutcome) => {
    const stack = recordChange(stackOf(), label, outcome.change);
    ctx.codebookUndo.set(stack);
    return { label, touchedNoteIds: outcome.touchedNoteIds, removedCodingIds: outcome.change.patch.remove.codings, undo: undoState(stack) };
  };
  const codeName = (id: string) => repo().codes().find((c) => c.id === id)?.name ?? 'code';
  const step = (direction: 'undo' | 'redo') => {
    const stack = stackOf();
    const next = (direction === 'undo' ? undo : redo)(stack, repo().codebook());
    if (next === null) return { done: false, label: '', touchedNoteIds: [], removedCodingIds: [], undo: undoState(stack) };
    let written;
    try {
      written = repo().writeUndoStep(next.patch);
    } catch (error) {
      // A step that cannot be replayed makes the rest of the history unreliable too.
      if (error instanceof CodebookError && error.reason === 'stale-undo') ctx.codebookUndo.set(emptyUndoStack());
      throw error;
    }
    ctx.codebookUndo.set(next.stack);
    return { done: true, label: next.label, touchedNoteIds: written.touchedNoteIds, removedCodingIds: written.patch.remove.codings, undo: undoState(next.stack) };
  };
  const title = () => ctx.project.getMeta('title') || ctx.project.fileName.slice(0, -PROJECT_EXTENSION.length);
  const baseName = () => (ctx.project.fileName.slice(0, -PROJECT_EXTENSION.length) || 'fieldnote').replace(/[\\/:*?"<>|]/g, '-');
  const today = () => new Date().toISOString().slice(0, 10);
  const download = async (blocks: DocBlock[], name: string, format: 'docx' | 'md') => {
    if (format === 'docx') {
      const bytes = await writeDocx(blocks);
      return { fileName: `${baseName()} ${name}.docx`, mediaType: DOCX_MEDIA_TYPE, dataBase64: Buffer.from(bytes).toString('base64') };
    }
    return { fileName: `${baseName()} ${name}.md`, mediaType: 'text/markdown', dataBase64: Buffer.from(blocksToMarkdown(blocks), 'utf8').toString('base64') };
  };
  const quoteBlocks = (template: string, redactFlagged: boolean, options: { groupBy?: QuoteGrouping; filter?: QuoteFilter }) => {
    const bank = repo().quoteBank(ctx.interviews().settings(), template, options);
    return quoteBankBlocks(title(), bank.groups, { redactFlagged, generatedAt: today(), excluded: bank.excluded });
  };
  const quoteOptions = (input: { groupBy: QuoteGrouping; filter?: { codeIds?: string[]; questions?: string[]; where?: Partial<Record<AttributeName, (string | null)[]>> } }) => ({
    groupBy: input.groupBy,
    ...(input.filter !== undefined
      ? {
          filter: {
            ...(input.filter.codeIds !== undefined ? { codeIds: input.filter.codeIds } : {}),
            ...(input.filter.questions !== undefined ? { questions: input.filter.questions } : {}),
            ...(input.filter.where !== undefined ? { where: input.filter.where } : {}),
          },
        }
      : {}),
  });
  const codebookReport = () => {
    const tree = repo().tree();
    const memos = repo().listMemos();
    const interviews = interviewCount(ctx.project.db);
    const agreement = recordedAgreement(ctx.project.db);
    return codebookBlocks(
      title(),
      tree.map((code) => ({
        ...code,
        ...(agreement?.codes[code.id] !== undefined ? { agreement: agreementLine(agreement, agreement.codes[code.id]!) } : {}),
        memos: memos.filter((m) => m.target.kind === 'code' && m.target.codeId === code.id).map((m) => ({ title: m.title, body: m.body, initials: m.createdBy })),
      })),
      { generatedAt: today(), interviews },
    );
  };

  return {
    'codes.list': () => ({ codes: repo().tree(), undo: undoState(), agreement: recordedAgreement(ctx.project.db) }),
    'codes.create': ({ initials, ...input }) => {
      const created = repo().createCode({ ...input, createdBy: initials });
      return { ...done(`Create ${quoted(created.code.name)}`, created), code: codeRecord(created.code) };
    },
    'codes.update': ({ id, ...changes }) => {
      const before = codeName(id);
      const label = changes.name !== undefined && changes.name !== before ? `Rename ${quoted(before)} to ${quoted(changes.name)}` : `Edit ${quoted(before)}`;
      return done(label, repo().updateCode(id, changes));
    },
    'codes.move': ({ id, parentId }) => done(`Move ${quoted(codeName(id))}`, repo().moveCode(id, parentId)),
    'codes.merge': ({ sourceId, targetId }) => {
      const label = `Merge ${quoted(codeName(sourceId))} into ${quoted(codeName(targetId))}`;
      const merged = repo().mergeCodes(sourceId, targetId);
      return { ...done(label, merged), droppedCodingIds: merged.droppedCodingIds };
    },
    'codes.split': ({ sourceId, codingIds, name, parentId, initials }) => {
      const split = repo().splitCode(sourceId, codingIds, { name, createdBy: initials, ...(parentId !== undefined ? { parentId } : {}) });
      return { ...done(`Split ${quoted(split.code.name)} off ${quoted(codeName(sourceId))}`, split), code: codeRecord(split.code) };
    },
    'codes.impact': ({ id }) => repo().deletionImpact(id),
    'codes.delete': ({ id, children }) => {
      const label = `Delete ${quoted(codeName(id))}`;
      return done(label, repo().deleteCode(id, children === undefined ? undefined : children === 'move-up' ? 'move-children-up' : 'delete-children'));
    },
    'codes.setCore': ({ id }) => done(id === null ? 'Clear the core category' : `Make ${quoted(codeName(id))} the core category`, repo().setCore(id)),
    'codes.reorder': ({ id, direction }) => ({ moved: repo().reorderCode(id, direction) }),
    'codes.undo': () => step('undo'),
    'codes.redo': () => step('redo'),
    'codings.apply': ({ initials, ...input }) => {
      const applied = repo().applyCoding({ ...input, createdBy: initials });
      const editorState = noteEditorState(ctx.project.db, input.noteId);
      return { ...done(`Code with ${quoted(applied.code.name)}`, applied), coding: applied.coding, code: codeRecord(applied.code), createdCode: applied.createdCode, editorState };
    },
    'codings.remove': ({ id }) => done('Remove a coded segment', repo().removeCoding(id)),
    'codings.setQuote': ({ id, isQuote }) => done(isQuote ? 'Mark as quote' : 'Unmark quote', repo().updateCoding(id, { isQuote })),
    'codings.forCode': ({ codeId, includeChildren, filter }) => ({ segments: repo().retrieve(codeId, includeChildren, filterOf(filter)) }),
    'codings.forInterview': ({ interviewId }) => {
      const found = repo().interviewCodings(interviewId);
      const coders = codersOfInterview(ctx.project.db, interviewId);
      return { notes: found.notes, codings: found.codings.map((c) => ({ ...c, coderId: coders[c.id] ?? null })), codes: found.codes.map(codeRecord) };
    },
    'analysis.compare': ({ left, right }) => ({
      left: repo().retrieve(left.codeId, left.includeChildren, filterOf(left.filter)),
      right: repo().retrieve(right.codeId, right.includeChildren, filterOf(right.filter)),
    }),
    'relations.list': () => ({
      relations: repo().relations(),
      coreId: repo().coreCode()?.id ?? null,
      relatedToCore: repo()
        .relatedToCore()
        .map((r) => ({ codeId: r.codeId, distance: r.distance, path: r.path.map((s) => ({ relationId: s.relation.id, direction: s.direction, codeId: s.codeId })) })),
    }),
    'relations.create': (input) => {
      const created = repo().createRelation(input);
      return { ...done(`Link ${quoted(codeName(input.fromCodeId))} to ${quoted(codeName(input.toCodeId))}`, created), relation: created.relation };
    },
    'relations.delete': ({ id }) => done('Delete a relation', repo().deleteRelation(id)),
    'relations.positions': () => ({ positions: repo().networkPositions() }),
    'relations.savePositions': ({ positions }) => ({ saved: repo().saveNetworkPositions(positions) }),
    'memos.list': ({ targetType, targetId, kind }) => {
      const memos = repo().listMemos({ ...(targetType !== undefined ? { target: memoTarget(targetType, targetId) } : {}), ...(kind !== undefined ? { kind } : {}) });
      const targets = repo().memoTargets(memos);
      return { memos: memos.map((m) => withTarget(memoRecord(m), targets.get(m.id))) };
    },
    'memos.create': ({ kind, targetType, targetId, title: memoTitle, body, initials }) => {
      const created = repo().createMemo({ kind, target: memoTarget(targetType, targetId), title: memoTitle, body, initials });
      return { ...done(memoTitle !== '' ? `Write memo ${quoted(memoTitle)}` : 'Write a memo', created), memo: memoRecord(created.memo) };
    },
    'memos.update': ({ id, ...changes }) => {
      const updated = repo().updateMemo(id, changes);
      return { ...done('Edit a memo', updated), memo: memoRecord(updated.memo) };
    },
    'memos.delete': ({ id }) => done('Delete a memo', repo().deleteMemo(id)),
    'memos.search': ({ query }) => {
      const memos = repo().searchMemos(query);
      const targets = repo().memoTargets(memos);
      return { memos: memos.map((m) => withTarget(memoRecord(m), targets.get(m.id))) };
    },
    'analysis.matrix': ({ attribute, codeIds, includeChildren, filter }) => {
      const matrix = repo().matrix(attribute, codeIds, includeChildren, filterOf(filter));
      return { ...matrix, labels: valueLabels(ctx.interviews().settings(), attribute, matrix.values) };
    },
    'analysis.attributeValues': () => {
      const settings = ctx.interviews().settings();
      const values = repo().attributeValues();
      const out = Object.fromEntries(
        (Object.keys(values) as AttributeName[]).map((attribute) => {
          const labels = valueLabels(settings, attribute, values[attribute]);
          return [attribute, values[attribute].map((value) => ({ value, label: value === null ? 'not recorded' : (labels[value] ?? value) }))];
        }),
      ) as Record<AttributeName, { value: string | null; label: string }[]>;
      return { values: out };
    },
    'codings.byIds': ({ codingIds }) => ({ segments: repo().segmentsByIds(codingIds) }),
    'codings.attribution': ({ id }) => {
      const who = repo().passageAttribution(id);
      return { respondentCodes: who.respondents.map((r) => r.respondentCode), wholeSession: who.wholeSession, refusedQuoting: who.respondents.filter((r) => !r.quoteConsent).map((r) => r.respondentCode) };
    },
    'analysis.cooccurrence': ({ codeIds }) => ({ pairs: repo().cooccurrence(codeIds) }),
    'analysis.saturation': () => {
      const facts = repo().interviewFacts();
      return { points: repo().saturation().map((p) => ({ ...p, respondentCodes: facts.get(p.interviewId)?.respondentCodes ?? [] })) };
    },
    'search.notes': ({ query, limit, offset }) => repo().searchNotes(query, limit, offset),
    'search.codeHits': ({ query, noteIds, codeId, newCode, scope, initials }) => {
      const coded = repo().codeSearchHits({
        query,
        scope,
        createdBy: initials,
        ...(noteIds !== undefined ? { noteIds } : {}),
        ...(codeId !== undefined ? { codeId } : {}),
        ...(newCode !== undefined ? { newCode: { name: newCode.name, parentId: newCode.parentId } } : {}),
      });
      return { ...done(`Code ${coded.applied} search hit${coded.applied === 1 ? '' : 's'} with ${quoted(coded.code.name)}`, coded), applied: coded.applied, code: codeRecord(coded.code) };
    },
    'quotes.list': (input) => repo().quoteBank(ctx.interviews().settings(), input.template, quoteOptions(input)),
    'quotes.flagged': (input) => ({
      quotes: repo()
        .quoteBank(ctx.interviews().settings(), input.template, quoteOptions(input))
        .groups.flatMap((t) => t.quotes)
        .filter((q) => q.flagged.length > 0),
    }),
    'quotes.exportDocx': (input) => download(quoteBlocks(input.template, input.redactFlagged, quoteOptions(input)), 'quotes', 'docx'),
    'quotes.exportMarkdown': (input) => download(quoteBlocks(input.template, input.redactFlagged, quoteOptions(input)), 'quotes', 'md'),
    'codebook.exportDocx': () => download(codebookReport(), 'codebook', 'docx'),
    'codebook.exportMarkdown': () => download(codebookReport(), 'codebook', 'md'),
  };
}
