/**
 * Evidence as a report section (Word or Markdown through shared/export/docx.ts): one section
 * per evaluation question with the sentences, tables, strongest quotes and gaps. Quotes come
 * only from respondents who consented; flagged names and places are replaced by "[…]".
 */
import { redactQuote } from '../export/coding-reports';
import type { DocBlock } from '../export/docx';
import { formatPercentage } from '../stats';
import type { Evidence } from './evidence';

/** Quotes per evaluation question in the report: the evaluator picks from the app for more. */
export const REPORT_QUOTES = 3;

/** The strongest quotes: without flagged names first, one per respondent, longer before shorter. */
export function strongestVoices(evidence: Evidence, count = REPORT_QUOTES): Evidence['voices'] {
  const ordered = [...evidence.voices].sort((a, b) => a.flagged.length - b.flagged.length || b.text.length - a.text.length || (a.codingId < b.codingId ? -1 : 1));
  const out: Evidence['voices'] = [];
  const speakers = new Set<string>();
  for (const v of ordered) {
    if (speakers.has(v.attribution)) continue;
    speakers.add(v.attribution);
    out.push(v);
    if (out.length === count) break;
  }
  return out;
}

const para = (text: string, italic = false): DocBlock => ({ kind: 'paragraph', runs: [{ text, italic }] });

export function evidenceBlocks(evidence: Evidence): DocBlock[] {
  const q = evidence.question;
  const blocks: DocBlock[] = [{ kind: 'heading', level: 1, text: `${q.ref} (${q.criterion}): ${q.text}` }];
  if (evidence.parent !== null) blocks.push(para(`Sub-question of ${evidence.parent.ref}: ${evidence.parent.text}`, true));
  for (const sub of evidence.subQuestions) blocks.push(para(`${sub.ref}: ${sub.text}`, true));

  blocks.push({ kind: 'heading', level: 2, text: 'Who spoke to it' });
  blocks.push(para(evidence.spoke.sentence));
  if (evidence.spoke.warning !== null) blocks.push({ kind: 'paragraph', runs: [{ text: 'Warning: ', bold: true }, { text: evidence.spoke.warning }] });
  const org = evidence.spoke.byGroup[0]!;
  blocks.push({
    kind: 'table',
    rows: [[org.label, 'Spoke to it', 'Respondents', '%'], ...org.rows.map((r) => [r.label, String(r.respondents), String(r.of), formatPercentage({ count: r.respondents, base: r.of, value: r.of > 0 ? (r.respondents * 100) / r.of : null })])],
  });

  if (evidence.numbers.length > 0 || evidence.indicators.length > 0) blocks.push({ kind: 'heading', level: 2, text: 'Numbers' });
  for (const indicator of evidence.indicators) {
    blocks.push({ kind: 'paragraph', runs: [{ text: `Indicator: ${indicator.label}. `, bold: true }, { text: indicator.sentence }] });
    blocks.push({
      kind: 'table',
      rows: [['Organisation type', 'Answered', 'Valid answers', 'Valid Percent'], ...indicator.byOrganisationType.map((g) => [g.label, String(g.count), String(g.base), formatPercentage(g.percent)]), ['Total', String(indicator.count), String(indicator.base), formatPercentage(indicator.percent)]],
    });
  }
  for (const n of evidence.numbers) {
    blocks.push({ kind: 'heading', level: 3, text: n.title });
    for (const s of n.sentences) blocks.push(para(s));
    blocks.push({ kind: 'table', rows: n.rows });
    if (n.crossRows !== null) blocks.push({ kind: 'table', rows: n.crossRows });
  }

  if (evidence.themes.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: 'Themes' });
    for (const t of evidence.themes) blocks.push(para(t.sentence + (t.isCore ? ' It is the core category.' : t.underCore ? ' It sits under the core category.' : '')));
    const groups = [...new Set(evidence.themes.flatMap((t) => t.byGroup.map((g) => g.label)))].sort();
    blocks.push({
      kind: 'table',
      rows: [
        ['Code', 'Segments', 'Respondents', ...groups.map((g) => `${g} (segments / respondents)`)],
        ...evidence.themes.map((t) => [t.name, String(t.segments), String(t.respondents), ...groups.map((g) => {
          const cell = t.byGroup.find((x) => x.label === g);
          return cell ? `${cell.segments} / ${cell.respondents}` : '0 / 0';
        })]),
      ],
    });
    if (evidence.core !== null) blocks.push(para(`Core category: “${evidence.core.name}”${evidence.core.linked ? ', linked to this question.' : ' (not linked to this question).'}`));
    for (const r of evidence.relations) blocks.push(para(r));
  }

  const voices = strongestVoices(evidence);
  if (voices.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: 'Voices' });
    for (const v of voices) blocks.push({ kind: 'quote', runs: [{ text: `“${redactQuote(v)}” ` }, { text: v.attribution }] });
  }
  const summaries = evidence.rqa.filter((c) => c.quoteConsent);
  if (summaries.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: 'Rapid analysis summaries' });
    for (const c of summaries) blocks.push({ kind: 'paragraph', runs: [{ text: `${c.domainLabel} ${c.attribution}: `, bold: true }, { text: c.summary }] });
  }
  if (evidence.memos.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: 'Memos' });
    for (const m of evidence.memos) blocks.push({ kind: 'paragraph', runs: [{ text: `${m.codeName}${m.title !== '' ? `, “${m.title}”` : ''} (${m.initials}): `, bold: true }, { text: m.body }] });
  }
  if (evidence.gaps.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: 'Gaps' });
    for (const g of evidence.gaps) blocks.push(para(`• ${g}`));
  }
  return blocks;
}

export function evidenceReportBlocks(title: string, all: readonly Evidence[], generatedAt: string): DocBlock[] {
  const excluded = all.reduce((n, e) => n + e.voicesExcluded, 0);
  return [
    { kind: 'title', text: `Evidence: ${title}` },
    para(
      `${all.length} evaluation question${all.length === 1 ? '' : 's'}, generated by Fieldnote on ${generatedAt}. Percentages are of respondents; where a question was not asked of everyone the valid percent is given with its base. ` +
        `Only respondents who consented to being quoted are quoted${excluded > 0 ? ` (${excluded} marked quote${excluded === 1 ? ' was' : 's were'} left out)` : ''}; flagged names and places are shown as […].`,
      true,
    ),
    ...all.flatMap(evidenceBlocks),
  ];
}
