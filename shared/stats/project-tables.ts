/**
 * The tables the app and `fieldnote stats` show, computed from the export dataset, so the app,
 * the CLI and PSPP (reading the exported files) all count the same rows.
 */
import type { SpssCell, SpssDataset, SpssVariable } from '../export/spss';
import { crosstab, type Crosstab, type CrosstabPercentages } from './crosstab';
import { frequencyTable, type FrequencyTable } from './frequency-table';
import { sampleDescription, type SampleDescription } from './sample-description';
import { StatsError } from './categories';

/** Attributes a table can be broken down by: the dataset's identification variables. */
export const BREAKDOWNS = ['org_type', 'agency', 'focus', 'loc_no', 'session'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export function column(dataset: SpssDataset, name: string): { variable: SpssVariable; values: SpssCell[] } {
  const index = dataset.variables.findIndex((v) => v.name.toLowerCase() === name.toLowerCase());
  if (index < 0) throw new StatsError(`There is no variable "${name}". Variables: ${dataset.variables.map((v) => v.name).join(', ')}`);
  return { variable: dataset.variables[index]!, values: dataset.rows.map((row) => row[index] ?? null) };
}

export function frequencyOf(dataset: SpssDataset, name: string): FrequencyTable {
  const { variable, values } = column(dataset, name);
  return frequencyTable(variable, values);
}

export function crosstabOf(dataset: SpssDataset, name: string, by: string, percentages: CrosstabPercentages = 'column'): Crosstab {
  const row = column(dataset, name);
  const col = column(dataset, by);
  return crosstab(row.variable, row.values, col.variable, col.values, percentages);
}

/** The attributes Table 1 always considers, in the order reports give them. */
export const SAMPLE_ATTRIBUTES = ['org_type', 'focus', 'loc_no', 'agency'] as const;

/**
 * Like the evaluation report's Table 1: respondents by organisation type, focus of work, location
 * (place names) and agency group, then any attribute or question the user adds. An attribute
 * nobody has a value for (an empty block) is left out.
 */
export function sampleOf(dataset: SpssDataset, extra: readonly string[] = [], variableOf: (name: string) => string = (name) => name): SampleDescription {
  const names = [...SAMPLE_ATTRIBUTES, ...extra.filter((n) => !(SAMPLE_ATTRIBUTES as readonly string[]).includes(n))];
  const inputs = names.map((name) => {
    // An attribute whose schedule question is bound to it (fieldnote_attribute) is read from that question.
    const { variable, values } = column(dataset, variableOf(name));
    return { name: variable.name, label: variable.label, variable, values };
  });
  const full = sampleDescription(inputs);
  const kept = inputs.filter((_, i) => (full.attributes[i]?.valid ?? 0) > 0 || extra.includes(names[i]!));
  return kept.length === inputs.length ? full : sampleDescription(kept);
}
