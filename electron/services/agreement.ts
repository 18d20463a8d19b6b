/**
 * API handlers of double coding: coders, the copy for a second coder, agreement (table, exports,
 * record in the codebook) and adjudication. The statistics are shared/coding/agreement.ts; the
 * SQL is electron/store/agreement-repo.ts; the copy is electron/team/second-coder.ts.
 */
import nodePath from 'node:path';
import type { AgreementOutput } from '../../shared/api/agreement';
import type { HandlerInput, Handlers } from '../../shared/api/dispatch';
import { InvalidInputError } from '../../shared/api/errors';
import { computeAgreement, decisionKey, type AgreementUnit } from '../../shared/coding/agreement';
import { agreementMarkdown, agreementReportOf, agreementRows, type AgreementReport } from '../../shared/export/agreement-report';
import { writeTableWorkbook } from '../export/table-xlsx';
import { adjudicate, agreementData, createCoder, findCoder, listAdjudications, listCoders, recordAgreement, setCopyCoder, undoAdjudication } from '../store/agreement-repo';
import { codeNames, respondentCodesByInterview } from '../store/lookups';
import { PROJECT_EXTENSION, type ProjectStore } from '../store/project-store';
import { preparedCopies, prepareSecondCoderCopy } from '../team/second-coder';
import type { ServiceContext } from './context';

type AgreementMethods = Pick<
  Handlers,
  | 'coders.list'
  | 'coders.create'
  | 'coders.setCopyCoder'
  | 'secondCoder.prepare'
  | 'agreement.compute'
  | 'agreement.exportXlsx'
  | 'agreement.exportMarkdown'
  | 'agreement.recordInCodebook'
  | 'agreement.adjudicate'
  | 'agreement.undoDecision'
  | 'agreement.decisions'
>;

/** Agreement between two coders, before and after adjudication, with names a reader recognises. */
export function agreementFor(store: ProjectStore, query: HandlerInput<'agreement.compute'>): AgreementOutput {
  const db = store.db;
  const unit: AgreementUnit = query.unit;
  let pair: [string, string];
  if (query.coders !== undefined) {
    pair = [findCoder(db, query.coders[0]).id, findCoder(db, query.coders[1]).id];
  } else {
    const busiest = listCoders(db)
      .coders.filter((c) => c.codings > 0)
      .sort((a, b) => b.codings - a.codings);
    if (busiest.length < 2) throw new InvalidInputError('Agreement needs two coders who have coded. Prepare a copy for a second coder, have it coded, and merge it back.');
    pair = [busiest[0]!.id, busiest[1]!.id];
  }
  if (pair[0] === pair[1]) throw new InvalidInputError('Choose two different coders.');
  const [a, b] = [findCoder(db, pair[0]), findCoder(db, pair[1])];
  let interviewIds = query.interviewIds;
  if (interviewIds === undefined || interviewIds.length === 0) {
    const given = preparedCopies(db).filter((c) => c.coderId === a.id || c.coderId === b.id);
    if (given.length > 0) interviewIds = [...new Set(given.flatMap((c) => c.interviewIds))];
  }
  const data = agreementData(db, a.id, b.id, unit, interviewIds);
  const before = computeAgreement(data.notes, data.codings, unit, data.decisions);
  const after = computeAgreement(data.notes, data.codings, unit, data.decisions, { applyDecisions: true });

  const byId = new Map(codeNames(db).map((c) => [c.id, c]));
  const pathOf = (id: string): string[] => {
    const out: string[] = [];
    for (let c = byId.get(id), guard = 0; c !== undefined && guard < 500; c = c.parentId === null ? undefined : byId.get(c.parentId), guard++) out.unshift(c.name);
    return out;
  };
  const labels = respondentCodesByInterview(db);
  const labelOf = (id: string) => labels.get(id) ?? 'Interview';
  const afterByCode = new Map(after.codes.map((c) => [c.codeId, c]));
  const adjudications = new Map(
    listAdjudications(db)
      .filter((d) => d.undoneAt === null && d.unit === unit && ((d.coderA === a.id && d.coderB === b.id) || (d.coderA === b.id && d.coderB === a.id)))
      .map((d) => [decisionKey(d.noteId, d.unitStart, d.codeId), d.id]),
  );
  const strip = ({ units, both, onlyA, onlyB, neither, percent, kappa, alpha }: AgreementOutput['overall']) => ({ units, both, onlyA, onlyB, neither, percent, kappa, alpha });
  return {
    unit,
    unitDescription: before.unitDescription,
    coderA: { id: a.id, initials: a.initials },
    coderB: { id: b.id, initials: b.initials },
    interviews: data.interviewIds.map((id) => ({ id, label: labelOf(id) })),
    unitCount: before.unitCount,
    codes: before.codes.map((c) => ({ ...strip(c), codeId: c.codeId, codeName: byId.get(c.codeId)?.name ?? 'code', codePath: pathOf(c.codeId), after: strip(afterByCode.get(c.codeId) ?? c) })),
    overall: strip(before.overall),
    overallAfter: strip(after.overall),
    decisions: before.disagreements.filter((d) => d.decision !== null).length,
    disagreements: before.disagreements.map((d) => {
      const key = decisionKey(d.unit.noteId, d.unit.start, d.codeId);
      return {
        key,
        noteId: d.unit.noteId,
        interviewId: d.unit.interviewId,
        interviewLabel: labelOf(d.unit.interviewId),
        question: d.unit.question,
        unitStart: d.unit.start,
        unitEnd: d.unit.end,
        unitText: d.unitText,
        codeId: d.codeId,
        codeName: byId.get(d.codeId)?.name ?? 'code',
        a: d.a,
        b: d.b,
        decision: d.decision,
        adjudicationId: adjudications.get(key) ?? null,
      };
    }),
  };
}

export function agreementReport(store: ProjectStore, result: AgreementOutput): AgreementReport {
  return agreementReportOf(store.getMeta('title') ?? store.fileName, result);
}

export function agreementHandlers(ctx: Pick<ServiceContext, 'project' | 'writable' | 'deviceId' | 'resolveProjectPath'>): AgreementMethods {
  const writable = () => ctx.writable();
  const baseName = () => (ctx.project.fileName.slice(0, -PROJECT_EXTENSION.length) || 'fieldnote').replace(/[\\/:*?"<>|]/g, '-');

  return {
    'coders.list': () => listCoders(ctx.project.db),
    'coders.create': (input) => createCoder(writable().db, { initials: input.initials, ...(input.name !== undefined ? { name: input.name } : {}) }, ctx.deviceId),
    'coders.setCopyCoder': ({ coderId }) => {
      setCopyCoder(writable().db, coderId);
      return listCoders(ctx.project.db);
    },
    'secondCoder.prepare': ({ path, passphrase, passphraseConfirm, coderId, interviews, blind }) => {
      if (passphrase !== passphraseConfirm) throw new InvalidInputError('The two passphrases differ. Type the same passphrase twice.');
      const target = ctx.resolveProjectPath(path);
      return prepareSecondCoderCopy(writable(), { target, passphrase, coderId, interviews, blind });
    },
    'agreement.compute': (query) => agreementFor(ctx.project, query),
    'agreement.exportXlsx': async (query) => {
      const result = agreementFor(ctx.project, query);
      const bytes = await writeTableWorkbook(agreementRows(agreementReport(ctx.project, result)), `Agreement (${result.unit})`);
      return {
        fileName: `${baseName()} agreement ${result.coderA.initials}-${result.coderB.initials} ${result.unit}.xlsx`,
        mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        dataBase64: Buffer.from(bytes).toString('base64'),
      };
    },
    'agreement.exportMarkdown': (query) => {
      const result = agreementFor(ctx.project, query);
      return {
        fileName: `${baseName()} agreement ${result.coderA.initials}-${result.coderB.initials} ${result.unit}.md`,
        mediaType: 'text/markdown',
        dataBase64: Buffer.from(agreementMarkdown(agreementReport(ctx.project, result)), 'utf8').toString('base64'),
      };
    },
    'agreement.recordInCodebook': (query) => {
      const result = agreementFor(writable(), query);
      const recorded = {
        computedAt: new Date().toISOString(),
        unit: result.unit,
        coderA: result.coderA.initials,
        coderB: result.coderB.initials,
        interviews: result.interviews.length,
        codes: Object.fromEntries(result.codes.map((c) => [c.codeId, { kappa: c.kappa, alpha: c.alpha, percent: c.percent, units: c.units }])),
      };
      recordAgreement(ctx.project.db, recorded);
      return recorded;
    },
    'agreement.adjudicate': (input) => adjudicate(writable().db, input, ctx.deviceId),
    'agreement.undoDecision': ({ id }) => undoAdjudication(writable().db, id, ctx.deviceId),
    'agreement.decisions': () => ({ decisions: listAdjudications(ctx.project.db) }),
  };
}

/** The file name a second coder's copy gets by default: the project's name and the coder's initials. */
export function defaultCopyName(projectPath: string, initials: string): string {
  return `${nodePath.basename(projectPath, PROJECT_EXTENSION)}-${initials.replace(/[^A-Za-z0-9_-]/g, '')}${PROJECT_EXTENSION}`;
}
