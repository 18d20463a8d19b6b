/**
 * Findings in the words of an evaluation report: "20 of 54 respondents (37.0%) …", valid percent
 * with its base where a question was not asked of everyone, and comparisons by organisation
 * type ("Government respondents (78.6%) were more likely than NGO respondents (50.0%) to …").
 * Every percentage is formatted from counts by shared/stats, so a sentence shows the figure the
 * table beside it shows.
 */
import { formatPercentage, percentage, type Crosstab, type FrequencyTable, type Percentage } from '../stats';

export function percentText(p: Percentage): string {
  return `${formatPercentage(p)}%`;
}

/** "20 of 54 respondents (37.0%)" */
export function countOf(count: number, base: number, noun = 'respondents'): string {
  return `${count} of ${base} ${noun} (${percentText(percentage(count, base))})`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The most chosen valid answer of a frequency table (or the row given), in a sentence; null when no one answered. */
export function frequencySentence(table: FrequencyTable, question: string, row?: FrequencyTable['valid'][number]): string | null {
  const top = row ?? [...table.valid].sort((a, b) => b.frequency - a.frequency)[0];
  if (top === undefined) return null;
  const all = table.total.frequency;
  const valid = table.validTotal.frequency;
  if (valid === all) return `${countOf(top.frequency, all)} answered “${top.label}” to ${question}.`;
  return (
    `${top.frequency} of the ${valid} respondents who gave a valid answer to ${question} (${percentText(top.validPercent)}, valid percent) answered “${top.label}”; ` +
    `${all - valid} of the ${all} respondents were not asked or gave no valid answer.`
  );
}

/** Which organisation types chose the answer most and least often; null with fewer than two groups. */
export function comparisonSentence(table: Crosstab, answerLabel: string): string | null {
  const row = table.rows.findIndex((r) => r.label === answerLabel);
  if (row < 0 || table.columns.length < 2) return null;
  const cells = table.columns.map((c, i) => ({ label: c.label, p: table.columnPercents[row]![i]!, n: table.columnTotals[i]! })).filter((c) => c.n > 0);
  if (cells.length < 2) return null;
  const sorted = [...cells].sort((a, b) => (b.p.value ?? 0) - (a.p.value ?? 0));
  const high = sorted[0]!;
  const low = sorted[sorted.length - 1]!;
  if (formatPercentage(high.p) === formatPercentage(low.p)) {
    return `Respondents of every organisation type were equally likely to answer “${answerLabel}” (${percentText(high.p)}).`;
  }
  return `${high.label} respondents (${percentText(high.p)}, n=${high.n}) were more likely than ${low.label} respondents (${percentText(low.p)}, n=${low.n}) to answer “${answerLabel}”.`;
}

/** "A, B and C" */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
