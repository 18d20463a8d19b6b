/**
 * Logic a probe can break. In primary-only mode (walk.ts) probes are skipped and stay
 * blank, so a primary question whose relevance (its own or a group's) refers to a probe,
 * or whose label pipes a probe's answer (`${probe}` in the label), loses its condition or
 * shows an empty gap exactly when time is short.
 */
import type { Finding } from './findings';
import { eachItem, type Item, type Labels, type Schedule } from './model';

const REFERENCE = /\$\{([^}\s]+)\}/g;

function references(text: string): string[] {
  return Array.from(text.matchAll(REFERENCE), (match) => match[1]!);
}

function labelReferences(labels: Labels): string[] {
  return [...new Set(Object.values(labels).flatMap(references))];
}

export function probeDependencyFindings(schedule: Schedule): Finding[] {
  const probes = new Set<string>();
  const groups = new Map<string, Item>();
  for (const { item } of eachItem(schedule.items)) {
    if (item.kind === 'question' && item.priority === 'probe') probes.add(item.name);
    if (item.kind === 'group') groups.set(item.name, item);
  }
  if (probes.size === 0) return [];
  const findings: Finding[] = [];
  for (const { item, parents } of eachItem(schedule.items)) {
    if (item.kind !== 'question' || item.priority !== 'primary') continue;
    const relevant = [item.relevant, ...parents.map((parent) => groups.get(parent)?.relevant ?? '')];
    const viaRelevance = [...new Set(relevant.flatMap(references))].filter((name) => probes.has(name));
    if (viaRelevance.length > 0) {
      findings.push({
        severity: 'warning', group: 'logic', sheet: 'survey', row: item.row, column: 'relevant',
        message: `primary question "${item.name}" depends on probe ${viaRelevance.map((name) => `\${${name}}`).join(', ')}${item.relevant === '' ? ' through its group' : ''}; in primary-only mode the probe is skipped, so this question is decided on an empty answer. Make the probe primary or base the condition on a primary question.`,
      });
    }
    const piped = labelReferences(item.label).filter((name) => probes.has(name));
    if (piped.length > 0) {
      findings.push({
        severity: 'warning', group: 'logic', sheet: 'survey', row: item.row, column: 'label',
        message: `primary question "${item.name}" shows the answer to probe ${piped.map((name) => `\${${name}}`).join(', ')} in its label; in primary-only mode the probe is not asked, so there is no answer to show.`,
      });
    }
  }
  return findings;
}
