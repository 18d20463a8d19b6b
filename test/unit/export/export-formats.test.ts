/**
 * Pure writers beside SPSS: the file label cut at a word, the R script's escapes, Stata names
 * and extended missing values, the codebook's choice names, and formula protection.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROJECT_SETTINGS } from '../../../electron/store/interview-repo';
import { codebookMarkdown } from '../../../shared/export/codebook-md';
import { buildDataset } from '../../../shared/export/dataset';
import { rString, writeRScript } from '../../../shared/export/r-script';
import { prepareDataset, protectFormula, writeCsv } from '../../../shared/export/spss';
import { wordCut } from '../../../shared/export/spss/prepare';
import { extendedMissing, stataNames, writeDta } from '../../../shared/export/stata/dta-writer';
import { frequencyOf } from '../../../shared/stats';
import { FIXTURE_SCHEDULE, FIXTURE_SETTINGS, fixtureInterviews } from '../../support/stats-fixture';

describe('file label', () => {
  it('is cut at a word boundary, never mid-word', () => {
    const title = 'Referral pathways evaluation 2026: key stakeholder interviews';
    expect(wordCut(title, 60)).toBe('Referral pathways evaluation 2026: key stakeholder');
    expect(prepareDataset({ variables: [], rows: [], multipleResponseSets: [], fileLabel: title }).fileLabel).toBe('Referral pathways evaluation 2026: key stakeholder');
    expect(wordCut('Short title', 60)).toBe('Short title');
    expect(wordCut('Oneverylongwordwithoutanyspaces'.repeat(3), 20)).toHaveLength(20);
  });
});

describe('R script', () => {
  it('writes non-ASCII as \\U escapes so it runs in any locale', () => {
    expect(rString('ប៉ូលីស "x"')).toBe('"\\U{1794}\\U{17c9}\\U{17bc}\\U{179b}\\U{17b8}\\U{179f} \\"x\\""');
  });

  it('declares LO THRU -7 as na_range c(-Inf, -7) and Don\'t know as na_values', () => {
    const { dataset } = buildDataset(FIXTURE_SCHEDULE, fixtureInterviews(), FIXTURE_SETTINGS, { unit: 'respondent' });
    const script = writeRScript(dataset, { csvFileName: 'x.csv' });
    expect(script).toContain('fieldnote[["trust"]] <- labelled_spss(fieldnote[["trust"]], labels = c("Not at all" = 1, "A little" = 2, "A lot" = 3, "Don\'t know" = 9, "Declined" = -8, "Interview ended" = -7, "Not applicable" = -10, "Out of time" = -11), na_values = c(9), na_range = c(-Inf, -7)');
    // Numbers declare exactly Fieldnote's codes, so other negative answers stay valid.
    expect(script).toContain('fieldnote[["staff"]] <- labelled_spss(fieldnote[["staff"]], labels = c("Declined" = -8, "Interview ended" = -7, "Not applicable" = -10, "Out of time" = -11), na_range = c(-11, -7)');
  });
});

describe('Stata', () => {
  it('names are at most 32 characters of letters, digits and _, unique', () => {
    expect(stataNames(['a.b', '1x', 'x'.repeat(40), 'x'.repeat(40), 'in', 'str12'])).toEqual(['a_b', 'v1x', 'x'.repeat(32), `${'x'.repeat(30)}_2`, 'in_', 'str12_']);
  });

  it('.a and .b are the doubles Stata uses, above the system missing value', () => {
    const bits = (x: number) => {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, x, true);
      return view.getBigUint64(0, true).toString(16);
    };
    expect(bits(extendedMissing('a'))).toBe('7fe0010000000000');
    expect(bits(extendedMissing('b'))).toBe('7fe0020000000000');
  });

  it('starts with the format 118 header', () => {
    const { dataset } = buildDataset(FIXTURE_SCHEDULE, fixtureInterviews(), FIXTURE_SETTINGS, { unit: 'respondent' });
    const text = new TextDecoder('latin1').decode(writeDta(dataset).slice(0, 80));
    expect(text).toMatch(/^<stata_dta><header><release>118<\/release><byteorder>LSF<\/byteorder><K>/);
  });
});

describe('codebook', () => {
  it('lists each word-named choice with its code and label, and the LO THRU -7 declaration', () => {
    const built = buildDataset(FIXTURE_SCHEDULE, fixtureInterviews(), FIXTURE_SETTINGS, { unit: 'respondent' });
    const md = codebookMarkdown(built, 'T', '2026-12-07');
    expect(md).toContain('| 1 | Phnom Penh | phnom_penh |');
    expect(md).toContain('- Missing values: LO THRU -7, 9');
    expect(md).toMatch(/Blank is never a valid answer/);
  });
});

describe('blank is never valid', () => {
  it('the app counts unanswered, declined and ended as missing on every categorical variable', () => {
    const { dataset } = buildDataset(FIXTURE_SCHEDULE, fixtureInterviews(), FIXTURE_SETTINGS, { unit: 'respondent' });
    for (const v of dataset.variables.filter((x) => x.type === 'numeric' && x.valueLabels.length > 0)) {
      const t = frequencyOf(dataset, v.name);
      expect(t.valid.map((r) => r.value).filter((x) => typeof x === 'number' && x < 0), v.name).toEqual([]);
    }
    // Location 12 prints as its place name; the respondent with no location is system-missing, not a blank category.
    const loc = frequencyOf(dataset, 'loc_no');
    expect(loc.valid.map((r) => r.label)).toEqual(['Phnom Penh', 'Siem Reap']);
    expect(loc.missing.map((r) => r.kind)).toEqual(['system']);
  });

  it('Don\'t know counts as valid when the export says so', () => {
    const { dataset } = buildDataset(FIXTURE_SCHEDULE, fixtureInterviews(), FIXTURE_SETTINGS, { unit: 'respondent', dontKnow: 'valid' });
    expect(frequencyOf(dataset, 'trust').valid.map((r) => r.label)).toContain("Don't know");
  });
});

describe('formula injection', () => {
  it('prefixes =, +, -, @, tab and CR with an apostrophe and leaves other text and numbers alone', () => {
    expect(['=1+1', '+1', '-x', '@SUM', '\tx', '\rx', 'plain', '1-2', "'=x", "'plain"].map(protectFormula)).toEqual([
      "'=1+1",
      "'+1",
      "'-x",
      "'@SUM",
      "'\tx",
      "'\rx",
      'plain',
      '1-2',
      "''=x",
      "'plain",
    ]);
    const csv = new TextDecoder().decode(
      writeCsv({
        variables: [
          { name: 'n', label: '', type: 'numeric', width: 8, decimals: 0, measure: 'nominal', valueLabels: [], missingValues: [] },
          { name: 't', label: '', type: 'string', width: 8, decimals: 0, measure: 'nominal', valueLabels: [], missingValues: [] },
        ],
        rows: [[-8, '=cmd']],
        multipleResponseSets: [],
      }),
    );
    expect(csv).toBe("n,t\n-8,'=cmd\n");
    expect(DEFAULT_PROJECT_SETTINGS.locations).toEqual([]);
  });
});
