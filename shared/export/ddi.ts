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
import { XmlBuilder } from '../exchange/xml/xml-writer';

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
  const { dataset } = built;
  // The one XML writer; characters XML cannot hold are left out of a codebook.
  const x = new XmlBuilder('drop');
  x.start('codeBook', [
    ['xmlns', 'ddi:codebook:2_5'],
    ['xmlns:xsi', 'http://www.w3.org/2001/XMLSchema-instance'],
    ['version', '2.5'],
    ['xsi:schemaLocation', 'ddi:codebook:2_5 http://www.ddialliance.org/Specification/DDI-Codebook/2.5/XMLSchema/codebook.xsd'],
  ]);
  x.start('docDscr').start('citation');
  x.start('titlStmt').text('titl', options.title).end();
  x.start('prodStmt').text('prodDate', options.producedAt, [['date', options.producedAt]]).text('software', 'Fieldnote').end();
  x.end().end();
  x.start('stdyDscr').start('citation').start('titlStmt').text('titl', options.title).end().end();
  x.start('stdyInfo').start('sumDscr');
  x.text('anlyUnit', built.unit === 'respondent' ? 'Respondent (one row per respondent; group answers repeat on each row)' : 'Interview session (one row per session)');
  x.end().end().end();
  x.start('fileDscr', [['ID', 'F1']]).start('fileTxt');
  x.text('fileName', options.fileName);
  x.start('dimensns').text('caseQnty', String(dataset.rows.length)).text('varQnty', String(dataset.variables.length)).end();
  x.text('fileType', 'CSV with SPSS syntax, SPSS system file, Stata 14 .dta');
  x.end().end();
  x.start('dataDscr');
  dataset.variables.forEach((v, i) => writeVariable(x, built, v, i));
  x.end();
  x.end();
  return x.toString();
}

/** One <var>, its elements in the order of codebook.xsd's varType sequence. */
function writeVariable(x: XmlBuilder, built: BuiltDataset, v: SpssVariable, i: number): void {
  const { dataset, codebook } = built;
  const entry = codebook[i];
  const freq = v.type === 'string' ? null : frequencyOf(dataset, v.name);
  x.start('var', [['ID', `V${i + 1}`], ['name', v.name], ['files', 'F1'], ['intrvl', intrvl(v)], ['dcml', v.type === 'numeric' ? v.decimals : undefined]]);
  x.text('labl', v.label);
  if (entry?.questionText) x.start('qstn').text('qstnLit', entry.questionText).end();
  const moreMissing = v.moreMissing ?? [];
  if (v.missingValues.length > 0 || v.missingRange || moreMissing.length > 0) {
    x.start('invalrng');
    for (const m of [...v.missingValues, ...moreMissing]) x.empty('item', [['VALUE', valueText(m)]]);
    if (v.missingRange) {
      const { low, high } = v.missingRange;
      x.empty('range', [['min', low !== null ? numberToText(low) : undefined], ['max', high !== null ? numberToText(high) : undefined]]);
    }
    x.end();
  }
  if (entry?.relevance) x.text('universe', `Asked when ${entry.relevance}`, [['clusion', 'I']]);
  if (freq) {
    x.text('sumStat', String(freq.validTotal.frequency), [['type', 'vald']]);
    x.text('sumStat', String(freq.missingTotal.frequency), [['type', 'invd']]);
  }
  const notes = [entry?.note, entry?.choiceCodes ? `Choice names: ${entry.choiceCodes.map((c) => `${c.value}=${c.name}`).join(', ')}` : undefined].filter((n): n is string => Boolean(n));
  if (freq && v.type === 'numeric' && v.valueLabels.length > 0) {
    const counts = new Map<number | string, number>();
    for (const r of freq.valid) counts.set(r.value, r.frequency);
    for (const r of freq.missing) if (r.value !== null) counts.set(r.value, r.frequency);
    const values = [...new Set([...v.valueLabels.map((l) => l.value), ...counts.keys()])];
    const missingOf = new Set(freq.missing.map((r) => r.value));
    const declaredMissing = (value: number | string) =>
      missingOf.has(value) || v.missingValues.includes(value) || (typeof value === 'number' && moreMissing.includes(value)) || (typeof value === 'number' && v.missingRange !== undefined && (v.missingRange.low === null || value >= v.missingRange.low) && (v.missingRange.high === null || value <= v.missingRange.high));
    for (const value of values) {
      const label = v.valueLabels.find((l) => l.value === value)?.label ?? valueText(value);
      x.start('catgry', [['missing', declaredMissing(value) ? 'Y' : undefined]]);
      x.text('catValu', valueText(value)).text('labl', label).text('catStat', String(counts.get(value) ?? 0), [['type', 'freq']]);
      x.end();
    }
    const system = freq.missing.find((r) => r.kind === 'system');
    if (system) {
      x.start('catgry', [['missing', 'Y'], ['missType', 'sysmiss']]);
      x.text('catValu', '.').text('labl', 'Not asked (system-missing)').text('catStat', String(system.frequency), [['type', 'freq']]);
      x.end();
    }
  }
  x.empty('varFormat', [['type', v.type === 'string' ? 'character' : 'numeric'], ['formatname', v.type === 'date' ? 'date' : undefined], ['category', v.type === 'date' ? 'date' : undefined], ['schema', 'other'], ['otherSchema', 'SPSS']]);
  for (const note of notes) x.text('notes', note);
  x.end();
}
