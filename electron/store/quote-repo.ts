/**
 * The quote bank: codings marked as quotes, attributed to their speaker with the user's template,
 * left out (only counted) where consent to quote is missing, with flagged names and places
 * found, grouped by code path or by question.
 */
import { codePath, descendantIds, findFlaggedTerms, formatAttribution, respondentsPassing } from '../../shared/coding';
import type { ProjectSettings, QuoteBank, QuoteEntry, QuoteFilter, QuoteGrouping } from './api-types';
import { CodebookRepo } from './codebook-repo';
import { CODING_COLUMNS, codingOf, domain, type CodingRow } from './coding-rows';
import { Repository } from './repository';
import { RespondentFactsRepo } from './respondent-facts-repo';

export class QuoteRepo extends Repository {
  private readonly codebook = new CodebookRepo(this.db, this.deviceId, this.clock);
  private readonly cases = new RespondentFactsRepo(this.db, this.deviceId, this.clock);


  /**
   * Codings marked as quotes, attributed with the template to their speaker ("(35, Government)");
   * a whole-session passage of a group is attributed to each respondent in turn. A quote whose
   * speaker gave no quote consent (or, for a whole session, any respondent) is left out; only the
   * count of those left out is returned. Grouped by full code path or by question, filtered.
   */
  quoteBank(settings: ProjectSettings, template = '({id}, {organisationType})', options: { groupBy?: QuoteGrouping; filter?: QuoteFilter } = {}): QuoteBank {
    const codes = this.codebook.codes();
    const tree = this.codebook.tree();
    const facts = this.cases.interviewFacts();
    const respondents = this.cases.respondentFacts();
    const speakers = this.cases.speakerSpans();
    const terms = this.db.prepare('SELECT term FROM flagged_term ORDER BY term').pluck().all() as string[];
    const labels = this.cases.questionLabels();
    const orderOf = this.cases.questionOrder();
    const label = (list: { code: string; label: string }[], value: string | null | undefined) => (value === null || value === undefined ? null : (list.find((o) => o.code === value)?.label ?? value));
    const filter = options.filter ?? {};
    const keepCodes = filter.codeIds === undefined ? null : new Set(filter.codeIds.flatMap((id) => [id, ...descendantIds(codes, id)]));
    const keepQuestions = filter.questions === undefined ? null : new Set(filter.questions);
    const rows = (this.db.prepare(`SELECT ${CODING_COLUMNS} FROM coding WHERE is_quote = 1 ORDER BY interview_id, note_id, start, id`).all() as CodingRow[]).map(codingOf);
    const all: QuoteEntry[] = [];
    let excluded = 0;
    for (const coding of rows) {
      const f = facts.get(coding.interviewId);
      const who = this.cases.attributionOf(coding, respondents, speakers);
      if (f === undefined || who.respondents.length === 0 || !who.respondents.every((r) => r.quoteConsent)) {
        excluded++;
        continue;
      }
      if (keepCodes !== null && !keepCodes.has(coding.codeId)) continue;
      if (keepQuestions !== null && !keepQuestions.has(coding.questionName ?? '')) continue;
      if (filter.where !== undefined && respondentsPassing(who, filter.where).length === 0) continue;
      const path = codePath(codes, coding.codeId);
      const theme = path[0];
      if (theme === undefined) continue;
      const attribution = who.respondents
        .map((r) =>
          domain(() =>
            formatAttribution(template, {
              id: r.respondentCode,
              attributes: {
                organisationType: label(settings.organisationTypes, r.attributes.organisationType),
                agencyGroup: label(settings.agencyGroups, r.attributes.agencyGroup),
                focusOfWork: label(settings.focusOfWork, r.attributes.focusOfWork),
                location: r.attributes.location ?? null,
                language: r.attributes.language ?? null,
                date: r.attributes.date ?? null,
              },
            }),
          ),
        )
        .join(' ');
      const question = coding.questionName ?? '';
      all.push({
        codingId: coding.id,
        codeId: coding.codeId,
        themeId: theme.id,
        interviewId: coding.interviewId,
        noteId: coding.noteId,
        question,
        start: coding.start,
        end: coding.end,
        text: coding.text,
        respondentCodes: who.respondents.map((r) => r.respondentCode),
        attribution: who.wholeSession ? `${attribution} (whole session)` : attribution,
        flagged: findFlaggedTerms(coding.text, terms),
        codePath: path.map((c) => c.name),
        questionLabel: question === '' ? 'General notes' : (labels(f.scheduleId, question) ?? question),
        wholeSession: who.wholeSession,
      });
    }
    const treeOrder = new Map(tree.map((c, i) => [c.id, i]));
    const grouped = new Map<string, { key: string; path: string[]; order: number; quotes: QuoteEntry[] }>();
    for (const q of all) {
      const byQuestion = options.groupBy === 'question';
      const key = byQuestion ? q.question : q.codeId;
      const f = facts.get(q.interviewId);
      const order = byQuestion ? (q.question === '' ? -1 : orderOf(f?.scheduleId ?? '', q.question)) : (treeOrder.get(q.codeId) ?? 1e9);
      const group = grouped.get(key) ?? { key, path: byQuestion ? [q.questionLabel] : q.codePath, order, quotes: [] };
      group.quotes.push(q);
      grouped.set(key, group);
    }
    const themes = new Map<string, QuoteEntry[]>();
    for (const q of all) themes.set(q.themeId, [...(themes.get(q.themeId) ?? []), q]);
    return {
      themes: tree.filter((c) => c.depth === 0 && themes.has(c.id)).map((c) => ({ codeId: c.id, name: c.name, quotes: themes.get(c.id) ?? [] })),
      groups: [...grouped.values()].sort((a, b) => a.order - b.order || a.key.localeCompare(b.key)).map(({ key, path, quotes }) => ({ key, path, quotes })),
      excluded,
    };
  }
}
