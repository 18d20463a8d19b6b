/**
 * Differential test: the XForm we write, loaded by ODK's own engine
 * (@getodk/xforms-engine, the engine of ODK Web Forms), must agree with `walkSchedule`
 * on which questions are relevant, for the example schedule and many generated ones.
 *
 * The engine is built for browsers. In Node it needs DOM globals (jsdom provides them),
 * and its bundled web-tree-sitter sees Node and reads the CommonJS free variables
 * `__dirname` and `module`, which an ES module lacks: that ReferenceError is what Node
 * reports as "both require() and top-level await are present". Defining both globals
 * before the import is enough; the WebAssembly itself comes from data: URLs in the bundle.
 */
import nodePath from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerText, checkWorkbook, formatFinding, hasErrors, questionsOf, scheduleToXForm, walkSchedule, type AnswerValue, type Schedule } from '../../../shared/schedule';
import { loadScheduleFile } from '../../../electron/schedule/xlsx';
import { generateAnswers, generateForm, random } from './schedule-generate';
import { loadOdkEngine, type OdkEngine } from '../../support/odk-engine';

let engine: OdkEngine;

beforeAll(async () => {
  engine = await loadOdkEngine();
});

/** The minimal surface of engine nodes this test uses (the engine's own types are deep generics). */
interface OdkNode {
  readonly nodeType: string;
  readonly currentState: { readonly reference: string; readonly relevant: boolean; readonly children: readonly OdkNode[] | null };
  selectValue?(value: string | null): unknown;
  selectValues?(values: readonly string[]): unknown;
  setValue?(value: string): unknown;
}

const lastStep = (reference: string) => reference.slice(reference.lastIndexOf('/') + 1);

/**
 * One engine instance of a form, asked for many answer sets: each set is typed in schedule
 * order, as an interviewer would, after every answer of the set before was cleared; then the
 * relevant questions in document order. Building an instance is what costs (~0.1 s, far more on
 * a loaded machine), so a form is loaded once, not once per answer set; clearing and retyping
 * also makes the engine recompute relevance after changes, as it does while a form is filled in.
 */
async function odkForm(xml: string, schedule: Schedule): Promise<(answers: Readonly<Record<string, AnswerValue>>) => string[]> {
  const instance = await engine.createInstance(xml);
  const root = instance.root as unknown as OdkNode;
  const byName = new Map<string, OdkNode>();
  const collect = (node: OdkNode) => {
    for (const child of node.currentState.children ?? []) {
      byName.set(lastStep(child.currentState.reference), child);
      collect(child);
    }
  };
  collect(root);
  const questions = questionsOf(schedule);
  const node = (name: string) => {
    const found = byName.get(name);
    if (found === undefined) throw new Error(`ODK has no node for ${name}`);
    return found;
  };
  let answered: string[] = [];
  return (answers) => {
    for (const name of answered.reverse()) {
      const cleared = node(name);
      if (cleared.nodeType !== 'select') cleared.setValue!('');
      else if (cleared.selectValues) cleared.selectValues([]);
      else cleared.selectValue!(null);
    }
    answered = [];
    for (const question of questions) {
      const value = answers[question.name];
      if (value === undefined) continue;
      const target = node(question.name);
      if (target.nodeType === 'select') {
        if (question.type === 'select_multiple') target.selectValues!(Array.isArray(value) ? value : answerText(value).split(' ').filter(Boolean));
        else target.selectValue!(answerText(value));
      } else {
        target.setValue!(answerText(value));
      }
      answered.push(question.name);
    }
    const relevant: string[] = [];
    const visit = (parent: OdkNode) => {
      for (const child of parent.currentState.children ?? []) {
        if ((child.nodeType === 'input' || child.nodeType === 'select') && child.currentState.relevant) relevant.push(lastStep(child.currentState.reference));
        visit(child);
      }
    };
    visit(root);
    return relevant;
  };
}

/** A fresh instance for one answer set. */
async function odkRelevant(xml: string, schedule: Schedule, answers: Readonly<Record<string, AnswerValue>>): Promise<string[]> {
  return (await odkForm(xml, schedule))(answers);
}

const today = () => new Date().toISOString().slice(0, 10);

describe('XForm relevance in ODK Web Forms matches walkSchedule', () => {
  it('the example schedule, for each agency group and many answer sets', async () => {
    const { schedule, findings } = await loadScheduleFile(nodePath.resolve(import.meta.dirname, '../../../resources/schedules/example-evaluation.xlsx'));
    expect(findings).toEqual([]);
    const xml = scheduleToXForm(schedule);
    const rnd = random(2025);
    const questions = questionsOf(schedule).filter((q) => q.type !== 'note');
    const codes: Record<string, readonly string[]> = { consent: ['1', '2'], agency_group: ['1', '2', '3', '4', '5'] };
    const lists = new Map(schedule.choiceLists.map((list) => [list.name, list.choices.map((choice) => choice.name)]));
    const odk = await odkForm(xml, schedule);
    let agreed = 0;
    for (let n = 0; n < 40; n += 1) {
      const answers: Record<string, AnswerValue> = { consent: n % 10 === 9 ? '2' : '1', agency_group: codes.agency_group![n % 5]! };
      for (const q of questions) {
        if (q.name in answers || rnd() < 0.3) continue;
        const choices = lists.get(q.listName) ?? [];
        if (q.type === 'select_one') answers[q.name] = choices[Math.floor(rnd() * choices.length)]!;
        else if (q.type === 'select_multiple') answers[q.name] = choices.filter(() => rnd() < 0.4);
        else if (q.type === 'integer') answers[q.name] = String(1 + Math.floor(rnd() * 50));
        else if (q.type === 'date') answers[q.name] = '2024-11-05';
        else answers[q.name] = 'synthetic answer';
      }
      const expected = walkSchedule(schedule, answers, { today });
      expect(odk(answers), JSON.stringify(answers)).toEqual(expected);
      agreed += 1;
    }
    expect(agreed).toBe(40);
  });

  it('generated schedules: nested groups, selects, every function, empty answers', async () => {
    let forms = 0;
    let answerSets = 0;
    for (let seed = 1; seed <= 60; seed += 1) {
      const form = generateForm(seed, { questions: 10 + (seed % 25), relevance: 0.6 });
      const { schedule, findings } = checkWorkbook(form.workbook);
      expect(hasErrors(findings), findings.map((f) => formatFinding(`seed-${seed}`, f)).join('\n')).toBe(false);
      const odk = await odkForm(scheduleToXForm(schedule), schedule);
      const rnd = random(seed * 7919);
      for (let set = 0; set < 8; set += 1) {
        const answers = generateAnswers(rnd, form.questions, set === 0 ? 0 : 0.75);
        const expected = walkSchedule(schedule, answers, { today });
        const actual = odk(answers);
        expect(actual, `seed ${seed}, answers ${JSON.stringify(answers)}`).toEqual(expected);
        answerSets += 1;
      }
      forms += 1;
    }
    expect([forms, answerSets]).toEqual([60, 480]);
  }, 120_000);

  // In XPath 1.0 a `${q}` path is a node-set, and boolean() of a non-empty node-set is true
  // even when the node is empty, so ODK treats `boolean(${q})` and a bare `${q}` as true for
  // an unanswered question. Fieldnote follows ODK here.
  it('agrees with ODK on boolean() of an unanswered question', async () => {
    const workbook = {
      sheets: [
        {
          name: 'survey',
          rows: [
            ['type', 'name', 'label', 'relevant'],
            ['text', 't', 'T', ''],
            ['text', 'by_boolean', 'B', 'boolean(${t})'],
            ['text', 'by_bare_reference', 'R', '${t}'],
            ['text', 'by_comparison', 'C', "${t} != ''"],
          ],
        },
      ],
    };
    const { schedule } = checkWorkbook(workbook);
    const xml = scheduleToXForm(schedule);
    expect(walkSchedule(schedule, {})).toEqual(['t', 'by_boolean', 'by_bare_reference']);
    expect(await odkRelevant(xml, schedule, {})).toEqual(['t', 'by_boolean', 'by_bare_reference']);
    expect(walkSchedule(schedule, { t: 'x' })).toEqual(await odkRelevant(xml, schedule, { t: 'x' }));
  });

  it('writes the XForm shape pyxform writes (checked on the example)', async () => {
    const { schedule } = await loadScheduleFile(nodePath.resolve(import.meta.dirname, '../../../resources/schedules/example-evaluation.xlsx'));
    const xml = scheduleToXForm(schedule);
    expect(xml).toContain('<data id="example_evaluation" version="2025010101">');
    expect(xml).toContain('<translation default="true()" lang="English (en)">');
    expect(xml).toContain('<translation lang="Khmer (km)">');
    expect(xml).toContain(`<bind nodeset="/data/familiarity/q3a_how" relevant=" /data/familiarity/q3_collab  = '1'" type="string"/>`);
    expect(xml).toContain(`<bind constraint=". &gt;= 1990 and . &lt;= 2030" fieldnote:priority="probe" jr:constraintMsg="jr:itext('/data/familiarity/q3b_since:jr:constraintMsg')" nodeset="/data/familiarity/q3b_since" relevant=" /data/familiarity/q3_collab  = '1'" type="int"/>`);
    expect(xml).toContain('<bind nodeset="/data/consent" required="true()" type="string"/>');
    expect(xml).toContain(`<itemset nodeset="instance('yndk')/root/item">`);
    expect(xml).toContain('<item fieldnote:missing="yes">');
    expect(xml).toContain('<value>មិនដឹង</value>');
    expect(xml).toContain('xmlns:fieldnote="https://fieldnote.invalid/xforms/1"');
    // The engine loads it without complaint.
    const instance = await engine.createInstance(xml);
    expect((instance.root as unknown as OdkNode).currentState.children?.length).toBeGreaterThan(5);
  });
});
