/**
 * Schedules: importing a 500-question workbook, and one answer change re-evaluated on a
 * 500-question schedule with about 150 expressions, by Fieldnote's incremental relevance graph
 * and, in the same run, by ODK's own engine (@getodk/xforms-engine) on the same XForm.
 */
import { eachItem, questionsOf, scheduleToXForm, type Schedule } from '../shared/schedule';
import { parseExpression, RelevanceGraph, type RelevanceItem } from '../shared/schedule/xpath';
import { loadScheduleBytes, writeWorkbookRows } from '../electron/schedule/xlsx';
import { generateForm } from '../test/integration/schedule/schedule-generate';
import { loadOdkEngine } from '../test/support/odk-engine';
import { median, percentile, type Bench, type BenchResult } from './harness';

function relevanceItems(schedule: Schedule): RelevanceItem[] {
  const items: RelevanceItem[] = [];
  for (const { item, parents } of eachItem(schedule.items)) {
    const relevant = item.relevant.trim() === '' ? undefined : parseExpression(item.relevant);
    items.push(relevant ? { name: item.name, parentGroups: parents, relevant } : { name: item.name, parentGroups: parents });
  }
  return items;
}

/** The question whose answer the most expressions read: the worst case for one change. */
function mostReferenced(schedule: Schedule): string {
  const counts = new Map<string, number>();
  for (const { item } of eachItem(schedule.items)) {
    if (!item.relevant.trim()) continue;
    for (const name of parseExpression(item.relevant).references) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

interface OdkNode {
  readonly nodeType: string;
  readonly currentState: { readonly reference: string; readonly relevant: boolean; readonly children: readonly OdkNode[] | null };
  selectValue?(value: string | null): unknown;
  setValue?(value: string): unknown;
}


export const scheduleBench: Bench = {
  title: 'Schedules: import and skip logic',
  async run() {
    const results: BenchResult[] = [];
    // Generate until the form has about 150 expressions on 500 questions.
    const form = generateForm(500, { questions: 500, relevance: 0.3 });
    const bytes = await writeWorkbookRows(form.workbook);
    const imports: number[] = [];
    let schedule: Schedule | undefined;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      schedule = (await loadScheduleBytes(bytes, 'generated-500.xlsx')).schedule;
      imports.push(performance.now() - start);
    }
    schedule = schedule!;
    const questionCount = questionsOf(schedule).length;
    const expressions = [...eachItem(schedule.items)].filter(({ item }) => item.relevant.trim() !== '').length;
    results.push({ name: `import and lint a ${questionCount}-question .xlsx (${(bytes.length / 1024).toFixed(0)} KiB), median of 5`, value: `${median(imports).toFixed(0)} ms`, target: '< 1000 ms', met: median(imports) < 1000 });

    const target = mostReferenced(schedule);
    const graph = new RelevanceGraph(relevanceItems(schedule));
    const values = ['1', '2', '', '9', 'a', '3'];
    const fieldnoteSamples: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const start = process.hrtime.bigint();
      graph.setAnswer(target, values[i % values.length]!);
      fieldnoteSamples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const p95 = percentile(fieldnoteSamples.slice(200), 95);
    results.push({
      name: `one answer change re-evaluated (${questionCount} questions, ${expressions} expressions, ${target} read by the most), p95 of 1,800`,
      value: `${(p95 * 1000).toFixed(1)} µs`,
      target: '< 1 ms',
      met: p95 < 1,
    });

    // ODK's engine on the same form, the same change; then read every question's relevance,
    // which is what a form UI needs after an answer.
    const engine = await loadOdkEngine();
    const instance = await engine.createInstance(scheduleToXForm(schedule));
    const byName = new Map<string, OdkNode>();
    const all: OdkNode[] = [];
    const collect = (node: OdkNode) => {
      for (const child of node.currentState.children ?? []) {
        const ref = child.currentState.reference;
        byName.set(ref.slice(ref.lastIndexOf('/') + 1), child);
        all.push(child);
        collect(child);
      }
    };
    collect(instance.root as unknown as OdkNode);
    const node = byName.get(target)!;
    const set = (v: string) => (node.nodeType === 'select' ? node.selectValue!(v === '' ? null : v) : node.setValue!(v));
    const odkSamples: number[] = [];
    for (let i = 0; i < 300; i++) {
      const start = process.hrtime.bigint();
      set(values[i % values.length]!);
      for (const n of all) void n.currentState.relevant;
      odkSamples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const odkP95 = percentile(odkSamples.slice(30), 95);
    results.push({ name: 'the same change through @getodk/xforms-engine (then reading every relevance), p95 of 270', value: `${odkP95.toFixed(2)} ms` });
    results.push({ name: 'ratio: ODK engine p95 / Fieldnote p95', value: `${(odkP95 / p95).toFixed(0)}x faster`, note: 'Fieldnote re-evaluates only the dependants' });
    return results;
  },
};
