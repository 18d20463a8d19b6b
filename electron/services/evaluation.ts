/**
 * API handlers of the evaluation matrix: evaluation questions and links, the evidence for one
 * question (from the statistics dataset the app's tables and the SPSS export use, and from the
 * codebook), the report as Word or Markdown, and the rapid-analysis grid. The CLI calls
 * `evidenceReport` with the same context.
 */
import type { Handlers } from '../../shared/api/dispatch';
import type { EvaluationQuestionRecord, LinkTargetsOutput, RqaRow } from '../../shared/api/evaluation';
import type { ProjectSettings } from '../../shared/api/contract';
import { InvalidInputError } from '../../shared/api/errors';
import { descendantIds } from '../../shared/coding';
import { buildEvidence, codeLabel, domainKey, evidenceReportBlocks, inMatrixOrder, type Evidence, type EvidenceRespondent } from '../../shared/evaluation';
import { blocksToMarkdown, DOCX_MEDIA_TYPE, writeDocx } from '../../shared/export/docx';
import { defaultText, eachItem, questionsOf, type Schedule } from '../../shared/schedule/model';
import { listForms } from '../export/export-data';
import { readMatrixWorkbook, writeMatrixWorkbook } from '../export/evaluation-xlsx';
import { projectDataset } from '../export/spss-export';
import { writeTableWorkbook } from '../export/table-xlsx';
import type { BuiltDataset } from '../../shared/export/dataset';
import { CodingRepo, type QuoteBank } from '../store/coding-repo';
import { EvaluationRepo } from '../store/evaluation-repo';
import { InterviewRepo } from '../store/interview-repo';
import { PROJECT_EXTENSION } from '../store/project-store';
import type { ServiceContext } from './context';

type EvaluationMethods = Pick<
  Handlers,
  | 'evaluation.matrix'
  | 'evaluation.create'
  | 'evaluation.update'
  | 'evaluation.move'
  | 'evaluation.delete'
  | 'evaluation.importXlsx'
  | 'evaluation.exportXlsx'
  | 'evaluation.evidence'
  | 'evaluation.report'
  | 'rqa.grid'
  | 'rqa.saveCell'
  | 'rqa.exportXlsx'
>;

/** What the evaluation handlers need: the open project and this installation's device id (`fieldnote evidence` builds one too). */
export type EvaluationContext = Pick<ServiceContext, 'project' | 'deviceId'>;

const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The form analysed: the one with the most interviews, as on the Statistics screen. */
function analysedForm(ctx: EvaluationContext): { formId: string; schedule: Schedule } | null {
  const forms = listForms(ctx.project.db);
  const busiest = [...forms].sort((a, b) => b.interviews - a.interviews)[0];
  if (busiest === undefined) return null;
  return { formId: busiest.formId, schedule: new EvaluationRepo(ctx.project.db, ctx.deviceId).latestSchedule(busiest.formId) };
}

export function linkTargetsOf(ctx: EvaluationContext): LinkTargetsOutput {
  const form = analysedForm(ctx);
  const codes = new CodingRepo(ctx.project.db, ctx.deviceId).tree().map((c) => ({ id: c.id, name: c.name, path: c.path }));
  if (form === null) return { formId: null, questions: [], sections: [], codes };
  const { schedule } = form;
  const sectionOf = new Map<string, string>();
  const sections: LinkTargetsOutput['sections'] = [];
  for (const { item, parents } of eachItem(schedule.items)) {
    if (item.kind === 'group') sections.push({ name: item.name, label: defaultText(schedule, item.label) || item.name, questions: [] });
    else {
      if (parents.length > 0) sectionOf.set(item.name, parents[parents.length - 1]!);
      for (const p of parents) sections.find((s) => s.name === p)?.questions.push(item.name);
    }
  }
  const questions = questionsOf(schedule)
    .filter((q) => q.type !== 'note')
    .map((q) => ({
      name: q.name,
      label: defaultText(schedule, q.label) || q.name,
      type: q.type,
      section: sectionOf.get(q.name) ?? null,
      choices: (schedule.choiceLists.find((l) => l.name === q.listName)?.choices ?? []).map((c) => ({ code: c.name, label: defaultText(schedule, c.label) || c.name })),
    }));
  return { formId: form.formId, questions, sections, codes };
}

function record(question: ReturnType<EvaluationRepo['questions']>[number], targets: LinkTargetsOutput): EvaluationQuestionRecord {
  const label = (kind: string, target: string, value: string): { label: string; missing: boolean } => {
    switch (kind) {
      case 'code': {
        const code = targets.codes.find((c) => c.id === target);
        return code ? { label: codeLabel(code, targets.codes), missing: false } : { label: 'a deleted code', missing: true };
      }
      case 'section': {
        const section = targets.sections.find((s) => s.name === target);
        return section ? { label: section.label, missing: false } : { label: target, missing: true };
      }
      default: {
        const q = targets.questions.find((x) => x.name === target);
        if (!q) return { label: target, missing: true };
        if (kind === 'indicator') return { label: `${q.name} = ${value.split(' ').map((v) => q.choices.find((c) => c.code === v)?.label ?? v).join(' or ')}`, missing: false };
        return { label: `${q.name}: ${q.label}`, missing: false };
      }
    }
  };
  return { ...question, links: question.links.map((l) => ({ ...l, ...label(l.kind, l.target, l.value) })) };
}

function labelOf(list: readonly { code: string; label: string }[], value: string): string | null {
  if (value === '') return null;
  return list.find((o) => o.code === value)?.label ?? value;
}

function respondentsOf(repo: EvaluationRepo, settings: ProjectSettings): EvidenceRespondent[] {
  return repo.respondents().map((r) => ({
    participantId: r.participantId,
    interviewId: r.interviewId,
    code: r.respondentCode,
    organisationType: labelOf(settings.organisationTypes, r.organisationType),
    agencyGroup: labelOf(settings.agencyGroups, r.agencyGroup),
    location: r.location === '' ? null : r.location,
    quoteConsent: r.quoteConsent,
  }));
}

/** What every question's evidence reads the same way: read once for a report of many questions. */
interface ProjectReads {
  targets: LinkTargetsOutput;
  dataset: BuiltDataset | null;
  bank: QuoteBank;
  settings: ProjectSettings;
}

function projectReads(ctx: EvaluationContext): ProjectReads {
  const db = ctx.project.db;
  const settings = new InterviewRepo(db, ctx.deviceId).settings();
  const targets = linkTargetsOf(ctx);
  return {
    targets,
    settings,
    dataset: targets.formId === null ? null : projectDataset(db, settings, { unit: 'respondent', formId: targets.formId }).built,
    bank: new CodingRepo(db, ctx.deviceId).quoteBank(settings),
  };
}

/** The evidence for one evaluation question. */
export function evidenceFor(ctx: EvaluationContext, id: string, reads: ProjectReads = projectReads(ctx)): Evidence {
  const db = ctx.project.db;
  const repo = new EvaluationRepo(db, ctx.deviceId);
  const coding = new CodingRepo(db, ctx.deviceId);
  const { targets, settings, bank } = reads;
  const all = repo.questions();
  const question = repo.question(id);
  const parent = question.parentId === null ? null : (all.find((q) => q.id === question.parentId) ?? null);
  const codes = coding.codes();
  const codeIds = question.links.filter((l) => l.kind === 'code').map((l) => l.target);
  const codeFamilies = new Map(codeIds.map((c) => [c, codes.some((x) => x.id === c) ? [c, ...descendantIds(codes, c)] : [c]]));
  const family = [...new Set([...codeFamilies.values()].flat())];
  const sections = new Map(targets.sections.map((s) => [s.name, s.questions]));
  const linkedQuestions = [...new Set(question.links.flatMap((l) => (l.kind === 'section' ? (sections.get(l.target) ?? []) : l.kind === 'code' ? [] : [l.target])))];
  const core = coding.coreCode();
  const familySet = new Set(family);
  const notes = new Map(repo.noteIndex().map((n) => [n.id, n]));
  const questionLabel = (name: string) => (name === '' ? 'General notes' : (targets.questions.find((q) => q.name === name)?.label ?? name));
  const domains = new Map<string, string>([[domainKey('eq', question.id), question.ref]]);
  for (const l of question.links.filter((x) => x.kind === 'section')) domains.set(domainKey('section', l.target), targets.sections.find((s) => s.name === l.target)?.label ?? l.target);
  const voices = bank.themes
    .flatMap((t) => t.quotes)
    .filter((q) => familySet.has(q.codeId))
    .map((q) => ({ codingId: q.codingId, interviewId: q.interviewId, noteId: q.noteId, start: q.start, end: q.end, codeName: codes.find((c) => c.id === q.codeId)?.name ?? '', text: q.text, attribution: q.attribution, flagged: q.flagged }));
  const marked = repo.markedQuotes(family);
  return buildEvidence({
    question,
    parent: parent === null ? null : { ref: parent.ref, text: parent.text },
    subQuestions: all.filter((q) => q.parentId === question.id).map((q) => ({ ref: q.ref, text: q.text })),
    targets,
    respondents: respondentsOf(repo, settings),
    spokeTo: repo.spokeTo(linkedQuestions),
    dataset: reads.dataset,
    codings: repo.codingsOf(family),
    codeFamilies,
    core: core === null ? null : { id: core.id, name: core.name, family: [core.id, ...descendantIds(codes, core.id)] },
    relations: coding.relations(),
    voices,
    voicesExcluded: Math.max(0, marked - voices.length),
    memos: family.flatMap((codeId) => coding.listMemos({ target: { kind: 'code', codeId } }).map((m) => ({ codeId, title: m.title, body: m.body, initials: m.createdBy }))),
    rqa: repo
      .cells()
      .filter((c) => domains.has(c.domain))
      .map((c) => {
        const note = c.noteId === null ? undefined : notes.get(c.noteId);
        return { participantId: c.participantId, domain: c.domain, domainLabel: domains.get(c.domain)!, summary: c.summary, noteId: c.noteId, noteLabel: note === undefined ? null : questionLabel(note.question) };
      }),
  });
}

function baseName(ctx: EvaluationContext): string {
  return ctx.project.fileName.slice(0, -PROJECT_EXTENSION.length) || 'fieldnote';
}

/** The report for every evaluation question (or one) as .docx or Markdown bytes. */
export async function evidenceReport(ctx: EvaluationContext, format: 'docx' | 'md', ref?: string): Promise<{ fileName: string; mediaType: string; bytes: Uint8Array }> {
  const repo = new EvaluationRepo(ctx.project.db, ctx.deviceId);
  const questions = inMatrixOrder(repo.questions());
  if (questions.length === 0) throw new InvalidInputError('The project has no evaluation questions yet. Build the matrix first (Evaluation, or import a matrix workbook).');
  let chosen = questions;
  if (ref !== undefined) {
    const one = questions.find((q) => q.id === ref || q.ref.toLowerCase() === ref.toLowerCase());
    if (!one) throw new InvalidInputError(`There is no evaluation question "${ref}". IDs: ${questions.map((q) => q.ref).join(', ')}.`);
    chosen = [one];
  }
  const reads = projectReads(ctx);
  const title = ctx.project.getMeta('title') ?? baseName(ctx);
  const blocks = evidenceReportBlocks(title, chosen.map((q) => evidenceFor(ctx, q.id, reads)), new Date().toISOString().slice(0, 10));
  const suffix = chosen.length === 1 ? ` ${chosen[0]!.ref}` : '';
  const fileName = `${baseName(ctx)} evidence${suffix}.${format}`.replace(/[\\/:*?"<>|]/g, '-');
  if (format === 'docx') return { fileName, mediaType: DOCX_MEDIA_TYPE, bytes: await writeDocx(blocks) };
  return { fileName, mediaType: 'text/markdown', bytes: new TextEncoder().encode(blocksToMarkdown(blocks)) };
}

function rqaGrid(ctx: EvaluationContext, columns: 'sections' | 'questions'): { columns: { key: string; label: string; questions: string[] }[]; rows: RqaRow[] } {
  const db = ctx.project.db;
  const repo = new EvaluationRepo(db, ctx.deviceId);
  const settings = new InterviewRepo(db, ctx.deviceId).settings();
  const targets = linkTargetsOf(ctx);
  const form = analysedForm(ctx);
  const topSections = form === null ? [] : form.schedule.items.filter((i) => i.kind === 'group').map((g) => g.name);
  const cols =
    columns === 'sections'
      ? targets.sections.filter((s) => topSections.includes(s.name)).map((s) => ({ key: domainKey('section', s.name), label: s.label, questions: s.questions }))
      : inMatrixOrder(repo.questions()).map((q) => ({
          key: domainKey('eq', q.id),
          label: `${q.ref} ${q.text}`,
          questions: [...new Set(q.links.flatMap((l) => (l.kind === 'section' ? (targets.sections.find((s) => s.name === l.target)?.questions ?? []) : l.kind === 'code' ? [] : [l.target])))],
        }));
  const notesByInterview = new Map<string, { id: string; question: string; label: string }[]>();
  for (const n of repo.noteIndex()) {
    const label = n.question === '' ? 'General notes' : (targets.questions.find((q) => q.name === n.question)?.label ?? n.question);
    notesByInterview.set(n.interviewId, [...(notesByInterview.get(n.interviewId) ?? []), { id: n.id, question: n.question, label }]);
  }
  const cells = new Map<string, RqaRow['cells']>();
  for (const c of repo.cells()) cells.set(c.participantId, { ...(cells.get(c.participantId) ?? {}), [c.domain]: { summary: c.summary, noteId: c.noteId, initials: c.initials, updatedAt: c.updatedAt } });
  const rows = repo.respondents().map((r) => ({
    participantId: r.participantId,
    interviewId: r.interviewId,
    respondentCode: r.respondentCode,
    respondentNumber: r.respondentNumber,
    heldAt: r.heldAt,
    attributes: {
      organisationType: labelOf(settings.organisationTypes, r.organisationType),
      agencyGroup: labelOf(settings.agencyGroups, r.agencyGroup),
      focusOfWork: labelOf(settings.focusOfWork, r.focusOfWork),
      location: r.location === '' ? null : r.location,
    },
    notes: notesByInterview.get(r.interviewId) ?? [],
    cells: cells.get(r.participantId) ?? {},
  }));
  return { columns: cols, rows };
}

export function evaluationHandlers(ctx: EvaluationContext): EvaluationMethods {
  const repo = () => new EvaluationRepo(ctx.project.db, ctx.deviceId);
  /** New links must point at something real; a link the question already had may outlive its target (the schedule moved on), to be removed by the user. */
  const checkLinks = (links: readonly { kind: string; target: string; value: string }[], targets: LinkTargetsOutput, kept: readonly { kind: string; target: string; value: string }[] = []) => {
    for (const l of links) {
      if (kept.some((k) => k.kind === l.kind && k.target === l.target && k.value === (l.kind === 'indicator' ? l.value : ''))) continue;
      const known =
        l.kind === 'code' ? targets.codes.some((c) => c.id === l.target) : l.kind === 'section' ? targets.sections.some((s) => s.name === l.target) : targets.questions.some((q) => q.name === l.target);
      if (!known) throw new InvalidInputError(`The ${l.kind} "${l.target}" is not in the schedule analysed or the codebook. Reload the matrix and choose again.`);
      if (l.kind === 'indicator') {
        const q = targets.questions.find((x) => x.name === l.target)!;
        const values = l.value.split(' ').filter((v) => v !== '');
        if (values.length === 0 || values.some((v) => !q.choices.some((c) => c.code === v))) throw new InvalidInputError(`An indicator on ${q.name} counts one of its answers: ${q.choices.map((c) => `${c.code} ${c.label}`).join(', ')}.`);
      }
    }
  };
  const input = (x: { ref: string; parentId: string | null; criterion: string; text: string; links: { kind: 'question' | 'section' | 'code' | 'indicator'; target: string; value: string }[] }) => ({
    ref: x.ref,
    parentId: x.parentId,
    criterion: x.criterion,
    text: x.text,
    links: x.links.map((l) => ({ kind: l.kind, target: l.target, value: l.value })),
  });
  const download = (fileName: string, mediaType: string, bytes: Uint8Array) => ({ fileName, mediaType, dataBase64: Buffer.from(bytes).toString('base64') });
  return {
    'evaluation.matrix': () => {
      const targets = linkTargetsOf(ctx);
      return { questions: inMatrixOrder(repo().questions()).map((q) => record(q, targets)), targets };
    },
    'evaluation.create': (x) => {
      const targets = linkTargetsOf(ctx);
      checkLinks(x.links, targets);
      return record(repo().create(input(x)), targets);
    },
    'evaluation.update': ({ id, ...x }) => {
      const targets = linkTargetsOf(ctx);
      checkLinks(x.links, targets, repo().question(id).links);
      return record(repo().update(id, input(x)), targets);
    },
    'evaluation.move': ({ id, direction }) => {
      repo().move(id, direction);
      return {};
    },
    'evaluation.delete': ({ id }) => {
      repo().delete(id);
      return {};
    },
    'evaluation.importXlsx': async ({ fileName, dataBase64 }) => {
      const read = await readMatrixWorkbook(Buffer.from(dataBase64, 'base64'), fileName, linkTargetsOf(ctx));
      if (read.problems.length > 0) return { imported: 0, problems: read.problems };
      return { imported: repo().replaceAll(read.questions), problems: [] };
    },
    'evaluation.exportXlsx': async () => download(`${baseName(ctx)} evaluation matrix.xlsx`, XLSX_MEDIA_TYPE, await writeMatrixWorkbook(repo().questions(), linkTargetsOf(ctx))),
    'evaluation.evidence': ({ id }) => ({ evidence: evidenceFor(ctx, id) }),
    'evaluation.report': async ({ id, format }) => {
      const file = await evidenceReport(ctx, format, id);
      return download(file.fileName, file.mediaType, file.bytes);
    },
    'rqa.grid': ({ columns }) => rqaGrid(ctx, columns),
    'rqa.saveCell': (x) => repo().saveCell(x),
    'rqa.exportXlsx': async ({ columns, participantIds }) => {
      const grid = rqaGrid(ctx, columns);
      const order = participantIds === undefined ? grid.rows : participantIds.flatMap((id) => grid.rows.filter((r) => r.participantId === id));
      const rows = [
        ['Respondent', 'Organisation type', 'Agency group', 'Focus of work', 'Location', 'Date', ...grid.columns.map((c) => c.label)],
        ...order.map((r) => [
          r.respondentCode,
          r.attributes.organisationType ?? '',
          r.attributes.agencyGroup ?? '',
          r.attributes.focusOfWork ?? '',
          r.attributes.location ?? '',
          r.heldAt.slice(0, 10),
          ...grid.columns.map((c) => r.cells[c.key]?.summary ?? ''),
        ]),
      ];
      return download(`${baseName(ctx)} rapid analysis.xlsx`, XLSX_MEDIA_TYPE, await writeTableWorkbook(rows, 'Rapid analysis'));
    },
  };
}
