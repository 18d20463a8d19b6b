/**
 * DDI Codebook 2.5 XML (https://ddialliance.org/Specification/DDI-Codebook/2.5/), the form the
 * World Bank's Survey Solutions and Microdata Library publish: study title, one file
 * description, and per variable its label, question text, universe (when it was asked),
 * missing-value declarations (`invalrng`), summary counts, and every category with its
 * frequency and a `missing="Y"` flag. Element order follows the schema's sequences
 * (codebook.xsd), which test/fixtures/ddi-codebook-2.5 validates with xmllint.
 */
import type { BuiltDataset } from './dataset';
import { frequencyOf } from '../stats/project-tables';
import type { SpssVariable } from './spss/types';
import { numberToText } from './spss/number-text';
import { escapeAttribute, escapeText } from '../exchange/xml/xml-writer';

// Characters XML cannot hold are left out of a codebook (the one XML writer, 'drop').
const xmlText = (s: string) => escapeText(s, 'drop');
const xmlAttribute = (s: string) => escapeAttribute(s, 'drop');

export interface DdiOptions {
  title: string;
  fileName: string;
  /** ISO date of the export. */
  producedAt: string;
}

const valueText = (value: number | string) => (typeof value === 'number' ? numberToText(value) : value);

function intrvl(v: SpssVariable): 'discrete' | 'contin' {
  return v.measure === 'scale' ? 'contin' : 'discrete';
}

export function writeDdi(built: BuiltDataset, options: DdiOptions): string {
  const { dataset, codebook } = built;
  const out: string[] = [];
  const el = (indent: number, text: string) => out.push('  '.repeat(indent) + text);
  el(0, '<?xml version="1.0" encoding="UTF-8"?>');
  el(0, '<codeBook xmlns="ddi:codebook:2_5" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="2.5"');
  el(0, '  xsi:schemaLocation="ddi:codebook:2_5 http://www.ddialliance.org/Specification/DDI-Codebook/2.5/XMLSchema/codebook.xsd">');
  el(1, '<docDscr>');
  el(2, '<citation>');
  el(3, `<titlStmt><titl>${xmlText(options.title)}</titl></titlStmt>`);
  el(3, `<prodStmt><prodDate date="${xmlAttribute(options.producedAt)}">${xmlText(options.producedAt)}</prodDate><software>Fieldnote</software></prodStmt>`);
  el(2, '</citation>');
  el(1, '</docDscr>');
  el(1, '<stdyDscr>');
  el(2, '<citation>');
  el(3, `<titlStmt><titl>${xmlText(options.title)}</titl></titlStmt>`);
  el(2, '</citation>');
  el(2, '<stdyInfo>');
  el(3, `<sumDscr><anlyUnit>${built.unit === 'respondent' ? 'Respondent (one row per respondent; group answers repeat on each row)' : 'Interview session (one row per session)'}</anlyUnit></sumDscr>`);
  el(2, '</stdyInfo>');
  el(1, '</stdyDscr>');
  el(1, '<fileDscr ID="F1">');
  el(2, '<fileTxt>');
  el(3, `<fileName>${xmlText(options.fileName)}</fileName>`);
  el(3, `<dimensns><caseQnty>${dataset.rows.length}</caseQnty><varQnty>${dataset.variables.length}</varQnty></dimensns>`);
  el(3, '<fileType>CSV with SPSS syntax, SPSS system file, Stata 14 .dta</fileType>');
  el(2, '</fileTxt>');
  el(1, '</fileDscr>');
  el(1, '<dataDscr>');
  dataset.variables.forEach((v, i) => {
    const entry = codebook[i];
    const freq = v.type === 'string' ? null : frequencyOf(dataset, v.name);
    const dcml = v.type === 'numeric' ? ` dcml="${v.decimals}"` : '';
    el(2, `<var ID="V${i + 1}" name="${xmlAttribute(v.name)}" files="F1" intrvl="${intrvl(v)}"${dcml}>`);
    el(3, `<labl>${xmlText(v.label)}</labl>`);
    if (entry?.questionText) el(3, `<qstn><qstnLit>${xmlText(entry.questionText)}</qstnLit></qstn>`);
    if (v.missingValues.length > 0 || v.missingRange) {
      el(3, '<invalrng>');
      for (const m of v.missingValues) el(4, `<item VALUE="${xmlAttribute(valueText(m))}"/>`);
      if (v.missingRange) {
        const { low, high } = v.missingRange;
        el(4, `<range${low !== null ? ` min="${numberToText(low)}"` : ''}${high !== null ? ` max="${numberToText(high)}"` : ''}/>`);
      }
      el(3, '</invalrng>');
    }
    if (entry?.relevance) el(3, `<universe clusion="I">${xmlText(`Asked when ${entry.relevance}`)}</universe>`);
    if (freq) {
      el(3, `<sumStat type="vald">${freq.validTotal.frequency}</sumStat>`);
      el(3, `<sumStat type="invd">${freq.missingTotal.frequency}</sumStat>`);
    }
    const notes = [entry?.note, entry?.choiceCodes ? `Choice names: ${entry.choiceCodes.map((c) => `${c.value}=${c.name}`).join(', ')}` : undefined].filter(Boolean);
    if (freq && v.type === 'numeric' && v.valueLabels.length > 0) {
      const counts = new Map<number | string, number>();
      for (const r of freq.valid) counts.set(r.value, r.frequency);
      for (const r of freq.missing) if (r.value !== null) counts.set(r.value, r.frequency);
      const values = [...new Set([...v.valueLabels.map((l) => l.value), ...counts.keys()])];
      const missingOf = new Set(freq.missing.map((r) => r.value));
      const declaredMissing = (value: number | string) =>
        missingOf.has(value) || v.missingValues.includes(value) || (typeof value === 'number' && v.missingRange !== undefined && (v.missingRange.low === null || value >= v.missingRange.low) && (v.missingRange.high === null || value <= v.missingRange.high));
      for (const value of values) {
        const label = v.valueLabels.find((l) => l.value === value)?.label ?? valueText(value);
        el(3, `<catgry${declaredMissing(value) ? ' missing="Y"' : ''}>`);
        el(4, `<catValu>${xmlText(valueText(value))}</catValu>`);
        el(4, `<labl>${xmlText(label)}</labl>`);
        el(4, `<catStat type="freq">${counts.get(value) ?? 0}</catStat>`);
        el(3, '</catgry>');
      }
      const system = freq.missing.find((r) => r.kind === 'system');
      if (system) {
        el(3, '<catgry missing="Y" missType="sysmiss">');
        el(4, '<catValu>.</catValu>');
        el(4, '<labl>Not asked (system-missing)</labl>');
        el(4, `<catStat type="freq">${system.frequency}</catStat>`);
        el(3, '</catgry>');
      }
    }
    el(3, `<varFormat type="${v.type === 'string' ? 'character' : 'numeric'}"${v.type === 'date' ? ' formatname="date" category="date"' : ''} schema="other" otherSchema="SPSS"/>`);
    for (const note of notes) el(3, `<notes>${xmlText(note!)}</notes>`);
    el(2, '</var>');
  });
  el(1, '</dataDscr>');
  el(0, '</codeBook>');
  return `${out.join('\n')}\n`;
}
