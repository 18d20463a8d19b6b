/**
 * The app's own tables: crosstab row and column percentages, the clipboard's HTML table, and
 * the sample table with place names, added variables and no empty blocks.
 */
import { describe, expect, it } from 'vitest';
import { buildDataset } from '../../../shared/export/dataset';
import { crosstabOf, sampleOf, tableRows, toHtml, toTsv } from '../../../shared/stats';
import { FIXTURE_SCHEDULE, FIXTURE_SETTINGS, fixtureInterviews } from '../../support/stats-fixture';

const built = () => buildDataset(FIXTURE_SCHEDULE, fixtureInterviews(), FIXTURE_SETTINGS, { unit: 'respondent' });

describe('crosstab percentages', () => {
  it('row % sums to 100 across each row, column % down each column, both when asked', () => {
    const { dataset } = built();
    const rowWise = crosstabOf(dataset, 'agency_q', 'org_type', 'row');
    const lines = tableRows(rowWise).filter((r) => r[1] === 'Row %');
    expect(lines.length).toBe(rowWise.rows.length + 1);
    for (const [i, row] of rowWise.rowPercents.entries()) expect(row.reduce((a, p) => a + (p.value ?? 0), 0), rowWise.rows[i]!.label).toBeCloseTo(100, 8);
    expect(tableRows(rowWise).some((r) => r[1] === 'Column %')).toBe(false);
    const both = tableRows(crosstabOf(dataset, 'agency_q', 'org_type', 'both'));
    expect(both.filter((r) => r[1] === 'Row %').length).toBe(both.filter((r) => r[1] === 'Column %').length);
    // Each row share is kept as counts over the row total, as the table shows it.
    const t = rowWise;
    expect(t.rowPercents[0]!.map((p) => p.count)).toEqual(t.counts[0]);
    expect(t.rowPercents[0]!.map((p) => p.base)).toEqual(t.counts[0]!.map(() => t.rowTotals[0]));
  });
});

describe('Copy table as HTML', () => {
  it('is a table with the same cells as the tab-separated text, notes as paragraphs, text escaped', () => {
    const { dataset } = built();
    const table = crosstabOf(dataset, 'agency_q', 'org_type');
    const html = toHtml(table);
    expect(html.startsWith('<table')).toBe(true);
    const cells = [...html.matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    const tsvCells = toTsv(table).split('\r\n').filter((l) => l.includes('\t')).flatMap((l) => l.split('\t'));
    expect(cells.filter((c) => c !== '')).toEqual(tsvCells.filter((c) => c !== ''));
    expect(html).toContain('<p>');
    expect(toHtml(sampleOf(dataset))).not.toMatch(/<[a-z]+[^>]*>[^<]*<script/);
  });
});

describe('sample table (Table 1)', () => {
  it('prints location numbers as place names, adds a question, and leaves out an attribute nobody has', () => {
    const { dataset } = built();
    const plain = sampleOf(dataset);
    expect(plain.attributes.map((a) => a.name)).toEqual(['org_type', 'focus', 'loc_no', 'agency']);
    expect(plain.attributes.find((a) => a.name === 'loc_no')?.categories.map((c) => c.label)).toEqual(['Phnom Penh', 'Siem Reap']);
    const withPlace = sampleOf(dataset, ['place']);
    expect(withPlace.attributes.at(-1)?.categories.map((c) => c.label)).toEqual(['Phnom Penh', 'Siem Reap', 'Battambang']);
    // No respondent has an agency group: the block is left out rather than printed empty.
    const noAgency = buildDataset(
      FIXTURE_SCHEDULE,
      fixtureInterviews().map((i) => ({ ...i, participants: i.participants.map((p) => ({ ...p, agencyGroup: '' })) })),
      FIXTURE_SETTINGS,
      { unit: 'respondent' },
    ).dataset;
    expect(sampleOf(noAgency).attributes.map((a) => a.name)).toEqual(['org_type', 'focus', 'loc_no']);
  });
});
