/**
 * The lint as an evaluator reads it (`fieldnote schedule check`): groups in order of what
 * matters (findings.ts FINDING_GROUPS), translations as one line per language and kind of
 * text unless every cell is asked for, and a count line that does not drown the rest.
 */
import { FINDING_GROUP_TITLES, formatFinding, groupFindings, type Finding } from './findings';
import { formatCoverage, type CoverageLine } from './lint-translations';

export interface ReportOptions {
  /** List every missing translation cell instead of the summary lines. */
  readonly all?: boolean;
}

export function lintReportLines(file: string, findings: readonly Finding[], coverage: readonly CoverageLine[], options: ReportOptions = {}): string[] {
  const lines: string[] = [];
  for (const { group, findings: inGroup } of groupFindings(findings)) {
    if (group === 'translation') {
      if (options.all) {
        lines.push(`${FINDING_GROUP_TITLES.translation} (${inGroup.length} cells):`);
        for (const finding of inGroup) lines.push(formatFinding(file, finding));
      } else {
        lines.push(`${FINDING_GROUP_TITLES.translation} (--all lists every cell):`);
        for (const line of coverage) lines.push(`${file}: ${formatCoverage(line)}`);
      }
      continue;
    }
    lines.push(`${FINDING_GROUP_TITLES[group]} (${inGroup.length}):`);
    for (const finding of inGroup) lines.push(formatFinding(file, finding));
  }
  return lines;
}

/** "2 errors, 5 warnings, 40 missing translations" */
export function countText(findings: readonly Finding[]): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const translations = findings.filter((finding) => finding.severity === 'warning' && finding.group === 'translation').length;
  const warnings = findings.filter((finding) => finding.severity === 'warning').length - translations;
  const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
  if (translations > 0) parts.push(plural(translations, 'missing translation'));
  return parts.join(', ');
}
