/**
 * Differential tests of pyxform's language rules (docs/xlsform.md). For each rule: an
 * XLSForm, and the XForm pyxform writes for it, written here by hand from pyxform's code
 * (github.com/XLSForm/pyxform at 51e5bfe; each case cites the functions it follows). Both
 * XForms are loaded in ODK's own engine (@getodk/xforms-engine), and what a respondent would
 * see must be the same: the languages, which one is the default, and in every language each
 * question's label, hint, constraint message and choice labels.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkWorkbook, formatFinding, scheduleToXForm, type Cell, type Schedule } from '../../../shared/schedule';
import { loadOdkEngine, type OdkEngine } from '../../support/odk-engine';
import { bilingualSchedule } from '../../support/bilingual-schedule';

let engine: OdkEngine;
beforeAll(async () => {
  engine = await loadOdkEngine();
});

interface OdkText {
  readonly asString: string;
}
interface OdkNode {
  readonly nodeType: string;
  readonly currentState: {
    readonly reference: string;
    readonly label: OdkText | null;
    readonly hint: OdkText | null;
    readonly children: readonly OdkNode[] | null;
    readonly valueOptions?: readonly { readonly label: OdkText; readonly value: string }[];
  };
  readonly validationState?: { readonly violation: { readonly message: OdkText | null } | null };
  setValue?(value: string): unknown;
}
interface OdkLanguage {
  readonly language: string;
  readonly isDefault: boolean;
}
interface OdkRoot extends OdkNode {
  readonly languages: readonly OdkLanguage[];
  readonly currentState: OdkNode['currentState'] & { readonly activeLanguage: OdkLanguage };
  setLanguage(language: OdkLanguage): unknown;
}

interface Seen {
  /** Languages as ODK lists them; the default one starred. */
  readonly languages: string[];
  /** language → question → what ODK shows. */
  readonly texts: Record<string, Record<string, { label: string; hint: string; constraintMsg?: string; choices?: string[] }>>;
}

/** What ODK shows for every question in every language; `violations` sets values that break constraints. */
async function odkSees(xml: string, violations: Readonly<Record<string, string>> = {}): Promise<Seen> {
  const instance = await engine.createInstance(xml);
  const root = instance.root as unknown as OdkRoot;
  const nodes: OdkNode[] = [];
  const collect = (node: OdkNode) => {
    for (const child of node.currentState.children ?? []) {
      nodes.push(child);
      collect(child);
    }
  };
  collect(root);
  const name = (node: OdkNode) => node.currentState.reference.slice(node.currentState.reference.lastIndexOf('/') + 1);
  for (const node of nodes) if (violations[name(node)] !== undefined) node.setValue!(violations[name(node)]!);
  const languages = root.languages.map((language) => `${language.language}${language.isDefault ? ' *' : ''}`);
  const texts: Seen['texts'] = {};
  for (const language of root.languages) {
    if (language.language !== '') root.setLanguage(language);
    const byQuestion: Seen['texts'][string] = {};
    for (const node of nodes) {
      if (node.nodeType !== 'input' && node.nodeType !== 'select' && node.nodeType !== 'note') continue;
      const seen: { label: string; hint: string; constraintMsg?: string; choices?: string[] } = {
        label: node.currentState.label?.asString ?? '',
        hint: node.currentState.hint?.asString ?? '',
      };
      const message = node.validationState?.violation?.message;
      if (message) seen.constraintMsg = message.asString;
      if (node.nodeType === 'select') seen.choices = (node.currentState.valueOptions ?? []).map((option) => option.label.asString);
      byQuestion[name(node)] = seen;
    }
    texts[language.language] = byQuestion;
  }
  return { languages, texts };
}

function load(survey: Cell[][], choices: Cell[][] | undefined, settings: Cell[][]): Schedule {
  const sheets = [{ name: 'survey', rows: survey }, ...(choices ? [{ name: 'choices', rows: choices }] : []), { name: 'settings', rows: settings }];
  const { schedule, findings } = checkWorkbook({ sheets });
  const errors = findings.filter((finding) => finding.severity === 'error');
  expect(errors.map((finding) => formatFinding('FORM.xlsx', finding))).toEqual([]);
  return schedule;
}

const HEAD = `<?xml version="1.0"?>
<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:ev="http://www.w3.org/2001/xml-events" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:jr="http://openrosa.org/javarosa" xmlns:odk="http://www.opendatakit.org/xforms" xmlns:orx="http://openrosa.org/xforms" xmlns:xsd="http://www.w3.org/2001/XMLSchema">`;
const META = '<meta><instanceID/></meta>';
const UID = '<bind jr:preload="uid" nodeset="/data/meta/instanceID" readonly="true()" type="string"/>';
const YN_ITEMSET = `<itemset nodeset="instance('yn')/root/item"><value ref="name"/><label ref="jr:itext(itextId)"/></itemset>`;
const t = (id: string, value: string) => `<text id="${id}"><value>${value}</value></text>`;

describe('pyxform language rules, seen through ODK', () => {
  /*
   * The form: `label::English (en)`, `label::Khmer (km)`, plain `hint` and
   * `constraint_message`, default_language English (en), Khmer gaps.
   * - A plain cell on a row without a `hint::…` cell stays a plain string (process_row,
   *   one-token header), so xml_hint writes `<hint>Year</hint>` and xml_bindings writes the
   *   message as the jr:constraintMsg attribute: ODK shows them in every language.
   * - The two label columns make dict labels: itext, one translation per language met
   *   (_setup_translations), "English (en)" marked default (itext: lang == default_language),
   *   and "-" where Khmer is missing (_add_empty_translations).
   * - No "default" translation: nothing is filed under "default" when default_language is set.
   */
  it('plain hint and constraint message beside two label languages: shown in both, no third language', async () => {
    const schedule = load(
      [
        ['type', 'name', 'label::English (en)', 'label::Khmer (km)', 'hint', 'constraint', 'constraint_message'],
        ['select_one yn', 'consent', 'Do you agree?', 'តើអ្នកយល់ព្រមទេ?', '', '', ''],
        ['integer', 'year', 'Year founded', 'ឆ្នាំបង្កើត', 'Year', '. >= 1900', 'Between 1900 and now'],
        ['text', 'org', 'Organisation', '', 'Full name', '', ''],
      ],
      [
        ['list_name', 'name', 'label::English (en)', 'label::Khmer (km)'],
        ['yn', '1', 'Yes', 'បាទ/ចាស'],
        ['yn', '2', 'No', 'ទេ'],
        ['yn', '9', "Don't know", ''],
      ],
      [['form_id', 'default_language'], ['langs', 'English (en)']],
    );
    expect(schedule.languages).toEqual([{ name: 'English', code: 'en' }, { name: 'Khmer', code: 'km' }]);
    const pyxform = `${HEAD}
  <h:head><h:title>langs</h:title>
    <model odk:xforms-version="1.0.0">
      <itext>
        <translation default="true()" lang="English (en)">
          ${t('yn-0', 'Yes')}${t('yn-1', 'No')}${t('yn-2', "Don't know")}
          ${t('/data/consent:label', 'Do you agree?')}${t('/data/year:label', 'Year founded')}${t('/data/org:label', 'Organisation')}
        </translation>
        <translation lang="Khmer (km)">
          ${t('yn-0', 'បាទ/ចាស')}${t('yn-1', 'ទេ')}${t('yn-2', '-')}
          ${t('/data/consent:label', 'តើអ្នកយល់ព្រមទេ?')}${t('/data/year:label', 'ឆ្នាំបង្កើត')}${t('/data/org:label', '-')}
        </translation>
      </itext>
      <instance><data id="langs"><consent/><year/><org/>${META}</data></instance>
      <instance id="yn"><root>
        <item><itextId>yn-0</itextId><name>1</name></item><item><itextId>yn-1</itextId><name>2</name></item><item><itextId>yn-2</itextId><name>9</name></item>
      </root></instance>
      <bind nodeset="/data/consent" type="string"/>
      <bind constraint=". &gt;= 1900" jr:constraintMsg="Between 1900 and now" nodeset="/data/year" type="int"/>
      <bind nodeset="/data/org" type="string"/>
      ${UID}
    </model>
  </h:head>
  <h:body>
    <select1 ref="/data/consent"><label ref="jr:itext('/data/consent:label')"/>${YN_ITEMSET}</select1>
    <input ref="/data/year"><label ref="jr:itext('/data/year:label')"/><hint>Year</hint></input>
    <input ref="/data/org"><label ref="jr:itext('/data/org:label')"/><hint>Full name</hint></input>
  </h:body>
</h:html>`;
    const ours = scheduleToXForm(schedule);
    expect(ours).not.toContain('lang="default"');
    expect(ours).toContain('<hint>Year</hint>');
    const expected = await odkSees(pyxform, { year: '1800' });
    expect(expected.languages).toEqual(['English (en) *', 'Khmer (km)']);
    expect(expected.texts['Khmer (km)']!.year).toEqual({ label: 'ឆ្នាំបង្កើត', hint: 'Year', constraintMsg: 'Between 1900 and now' });
    expect(expected.texts['Khmer (km)']!.consent!.choices).toEqual(['បាទ/ចាស', 'ទេ', '-']);
    expect(await odkSees(ours, { year: '1800' })).toEqual(expected);
  });

  /*
   * No default_language: a plain `label` merged with `label::Khmer (km)` on the same row is
   * filed under "default" (merge_dicts with default_key "default"), so pyxform's form has a
   * "default" translation, marked default (itext: lang == self.default_language). A row with
   * only the plain cell keeps a plain string: an inline label, the same in both languages.
   */
  it('without default_language, a plain label beside a Khmer one is the "default" language; a plain label alone is inline', async () => {
    const schedule = load(
      [
        ['type', 'name', 'label', 'label::Khmer (km)', 'hint'],
        ['text', 'org', 'Organisation', 'អង្គការ', ''],
        ['integer', 'staff', 'Staff', '', 'Count everyone'],
      ],
      undefined,
      [['form_id'], ['nodefault']],
    );
    expect(schedule.languages).toEqual([{ name: 'default', code: '' }, { name: 'Khmer', code: 'km' }]);
    expect(schedule.defaultLanguage).toBe('');
    const pyxform = `${HEAD}
  <h:head><h:title>nodefault</h:title>
    <model odk:xforms-version="1.0.0">
      <itext>
        <translation default="true()" lang="default">${t('/data/org:label', 'Organisation')}</translation>
        <translation lang="Khmer (km)">${t('/data/org:label', 'អង្គការ')}</translation>
      </itext>
      <instance><data id="nodefault"><org/><staff/>${META}</data></instance>
      <bind nodeset="/data/org" type="string"/>
      <bind nodeset="/data/staff" type="int"/>
      ${UID}
    </model>
  </h:head>
  <h:body>
    <input ref="/data/org"><label ref="jr:itext('/data/org:label')"/></input>
    <input ref="/data/staff"><label>Staff</label><hint>Count everyone</hint></input>
  </h:body>
</h:html>`;
    const expected = await odkSees(pyxform);
    expect(expected.languages).toEqual(['default *', 'Khmer (km)']);
    expect(expected.texts['Khmer (km)']!.staff).toEqual({ label: 'Staff', hint: 'Count everyone' });
    expect(await odkSees(scheduleToXForm(schedule))).toEqual(expected);
  });

  /*
   * default_language names a language that has no column of its own: on a row with a Khmer
   * label the plain label becomes English (merge_dicts, default_key "English (en)"); English
   * is a translation because it holds text, and it is the default.
   */
  it('default_language without its own column: plain labels on translated rows are that language', async () => {
    const schedule = load(
      [
        ['type', 'name', 'label', 'label::Khmer (km)'],
        ['text', 'org', 'Organisation', 'អង្គការ'],
        ['text', 'place', 'Province', ''],
      ],
      undefined,
      [['form_id', 'default_language'], ['plainen', 'English (en)']],
    );
    expect(schedule.languages).toEqual([{ name: 'English', code: 'en' }, { name: 'Khmer', code: 'km' }]);
    expect(schedule.defaultLanguage).toBe('en');
    expect(schedule.items[1]!.label).toEqual({ '': 'Province' });
    const pyxform = `${HEAD}
  <h:head><h:title>plainen</h:title>
    <model odk:xforms-version="1.0.0">
      <itext>
        <translation default="true()" lang="English (en)">${t('/data/org:label', 'Organisation')}</translation>
        <translation lang="Khmer (km)">${t('/data/org:label', 'អង្គការ')}</translation>
      </itext>
      <instance><data id="plainen"><org/><place/>${META}</data></instance>
      <bind nodeset="/data/org" type="string"/>
      <bind nodeset="/data/place" type="string"/>
      ${UID}
    </model>
  </h:head>
  <h:body>
    <input ref="/data/org"><label ref="jr:itext('/data/org:label')"/></input>
    <input ref="/data/place"><label>Province</label></input>
  </h:body>
</h:html>`;
    const expected = await odkSees(pyxform);
    expect(expected.languages).toEqual(['English (en) *', 'Khmer (km)']);
    expect(await odkSees(scheduleToXForm(schedule))).toEqual(expected);
  });

  /*
   * Choices: a list is itext as soon as one choice has a per-language label
   * (Itemset.get_options, requires_itext); a choice there with only a plain label is filed
   * under the default language (get_choice_content), so Khmer shows "-". A list with only
   * plain labels is inline (`<label>` in the item, _generate_static_instances): every
   * language shows it.
   */
  it('choice lists: plain labels in a translated list are the default language; a plain-only list is inline', async () => {
    const schedule = load(
      [
        ['type', 'name', 'label::English (en)', 'label::Khmer (km)'],
        ['select_one yn', 'agree', 'Agree?', 'យល់ព្រម?'],
        ['select_one scale', 'score', 'Score', 'ពិន្ទុ'],
      ],
      [
        ['list_name', 'name', 'label', 'label::English (en)', 'label::Khmer (km)'],
        ['yn', '1', '', 'Yes', 'បាទ/ចាស'],
        ['yn', '9', "Don't know", '', ''],
        ['scale', '1', '1 (low)', '', ''],
        ['scale', '5', '5 (high)', '', ''],
      ],
      [['form_id', 'default_language'], ['lists', 'English (en)']],
    );
    const pyxform = `${HEAD}
  <h:head><h:title>lists</h:title>
    <model odk:xforms-version="1.0.0">
      <itext>
        <translation default="true()" lang="English (en)">${t('yn-0', 'Yes')}${t('yn-1', "Don't know")}${t('/data/agree:label', 'Agree?')}${t('/data/score:label', 'Score')}</translation>
        <translation lang="Khmer (km)">${t('yn-0', 'បាទ/ចាស')}${t('yn-1', '-')}${t('/data/agree:label', 'យល់ព្រម?')}${t('/data/score:label', 'ពិន្ទុ')}</translation>
      </itext>
      <instance><data id="lists"><agree/><score/>${META}</data></instance>
      <instance id="yn"><root><item><itextId>yn-0</itextId><name>1</name></item><item><itextId>yn-1</itextId><name>9</name></item></root></instance>
      <instance id="scale"><root><item><name>1</name><label>1 (low)</label></item><item><name>5</name><label>5 (high)</label></item></root></instance>
      <bind nodeset="/data/agree" type="string"/>
      <bind nodeset="/data/score" type="string"/>
      ${UID}
    </model>
  </h:head>
  <h:body>
    <select1 ref="/data/agree"><label ref="jr:itext('/data/agree:label')"/>${YN_ITEMSET}</select1>
    <select1 ref="/data/score"><label ref="jr:itext('/data/score:label')"/><itemset nodeset="instance('scale')/root/item"><value ref="name"/><label ref="label"/></itemset></select1>
  </h:body>
</h:html>`;
    const expected = await odkSees(pyxform);
    expect(expected.texts['Khmer (km)']!.agree!.choices).toEqual(['បាទ/ចាស', '-']);
    expect(expected.texts['Khmer (km)']!.score!.choices).toEqual(['1 (low)', '5 (high)']);
    expect(await odkSees(scheduleToXForm(schedule))).toEqual(expected);
  });

  /*
   * A plain hint and a `hint::Khmer (km)` on the same row: the plain one is English (the
   * default), so the hint is itext; on another row the plain hint alone is inline.
   * A plain constraint_message with `${}` is itext under the default language even without
   * other languages (get_translations: has_pyxform_reference).
   */
  it('a plain hint beside a Khmer hint is the default language; alone it is inline', async () => {
    const schedule = load(
      [
        ['type', 'name', 'label::English (en)', 'label::Khmer (km)', 'hint', 'hint::Khmer (km)'],
        ['integer', 'a', 'A', 'ក', 'Whole years', 'ឆ្នាំពេញ'],
        ['integer', 'b', 'B', 'ខ', 'Months', ''],
      ],
      undefined,
      [['form_id', 'default_language'], ['hints', 'English (en)']],
    );
    expect(schedule.items[0]!.hint).toEqual({ en: 'Whole years', km: 'ឆ្នាំពេញ' });
    expect(schedule.items[1]!.hint).toEqual({ '': 'Months' });
    const pyxform = `${HEAD}
  <h:head><h:title>hints</h:title>
    <model odk:xforms-version="1.0.0">
      <itext>
        <translation default="true()" lang="English (en)">${t('/data/a:label', 'A')}${t('/data/a:hint', 'Whole years')}${t('/data/b:label', 'B')}</translation>
        <translation lang="Khmer (km)">${t('/data/a:label', 'ក')}${t('/data/a:hint', 'ឆ្នាំពេញ')}${t('/data/b:label', 'ខ')}</translation>
      </itext>
      <instance><data id="hints"><a/><b/>${META}</data></instance>
      <bind nodeset="/data/a" type="int"/>
      <bind nodeset="/data/b" type="int"/>
      ${UID}
    </model>
  </h:head>
  <h:body>
    <input ref="/data/a"><label ref="jr:itext('/data/a:label')"/><hint ref="jr:itext('/data/a:hint')"/></input>
    <input ref="/data/b"><label ref="jr:itext('/data/b:label')"/><hint>Months</hint></input>
  </h:body>
</h:html>`;
    const expected = await odkSees(pyxform);
    expect(expected.texts['Khmer (km)']!.b!.hint).toBe('Months');
    expect(await odkSees(scheduleToXForm(schedule))).toEqual(expected);
  });

  /* Only plain columns: no itext at all, ODK has its synthetic default language (''). */
  it('a form without language columns has no translations', async () => {
    const schedule = load(
      [
        ['type', 'name', 'label', 'hint'],
        ['text', 'org', 'Organisation', 'Full name'],
      ],
      undefined,
      [['form_id'], ['plain']],
    );
    expect(schedule.languages).toEqual([]);
    const pyxform = `${HEAD}
  <h:head><h:title>plain</h:title>
    <model odk:xforms-version="1.0.0">
      <instance><data id="plain"><org/>${META}</data></instance>
      <bind nodeset="/data/org" type="string"/>
      ${UID}
    </model>
  </h:head>
  <h:body><input ref="/data/org"><label>Organisation</label><hint>Full name</hint></input></h:body>
</h:html>`;
    const expected = await odkSees(pyxform);
    expect(expected.languages).toEqual(['']);
    expect(await odkSees(scheduleToXForm(schedule))).toEqual(expected);
  });

  it('the realistic 200-question bilingual schedule: two languages in ODK, plain hints in both', async () => {
    const { schedule } = checkWorkbook(bilingualSchedule());
    const seen = await odkSees(scheduleToXForm(schedule), { s2_q2: '-1' });
    expect(seen.languages).toEqual(['English (en) *', 'Khmer (km)']);
    expect(seen.texts['Khmer (km)']!.s2_q2).toEqual({ label: expect.stringContaining('តើមានបុគ្គលិកប៉ុន្មាននាក់') as string, hint: 'Count full-time staff', constraintMsg: 'Between 0 and 5000' });
    expect(seen.texts['English (en)']!.s2_q2!.hint).toBe('Count full-time staff');
    // A Khmer gap shows "-" in ODK, as in pyxform's form.
    expect(seen.texts['Khmer (km)']!.s1_q7!.label).toBe('-');
  }, 60_000);

  /*
   * `${q}` in a label becomes `<output value=" /data/q "/>` inline or inside the itext value
   * (Survey.insert_output_values, _var_repl_output_function), so ODK shows the answer.
   */
  it('a label that pipes an answer shows it, in every language', async () => {
    const schedule = load(
      [
        ['type', 'name', 'label::English (en)', 'label::Khmer (km)', 'hint'],
        ['integer', 'staff', 'Staff', 'បុគ្គលិក', ''],
        ['text', 'why', 'Why ${staff} staff?', 'ហេតុអ្វី ${staff} នាក់?', 'You said ${staff}'],
      ],
      undefined,
      [['form_id', 'default_language'], ['piped', 'English (en)']],
    );
    const pyxform = `${HEAD}
  <h:head><h:title>piped</h:title>
    <model odk:xforms-version="1.0.0">
      <itext>
        <translation default="true()" lang="English (en)">${t('/data/staff:label', 'Staff')}<text id="/data/why:label"><value>Why <output value=" /data/staff "/> staff?</value></text></translation>
        <translation lang="Khmer (km)">${t('/data/staff:label', 'បុគ្គលិក')}<text id="/data/why:label"><value>ហេតុអ្វី <output value=" /data/staff "/> នាក់?</value></text></translation>
      </itext>
      <instance><data id="piped"><staff/><why/>${META}</data></instance>
      <bind nodeset="/data/staff" type="int"/>
      <bind nodeset="/data/why" type="string"/>
      ${UID}
    </model>
  </h:head>
  <h:body>
    <input ref="/data/staff"><label ref="jr:itext('/data/staff:label')"/></input>
    <input ref="/data/why"><label ref="jr:itext('/data/why:label')"/><hint>You said <output value=" /data/staff "/></hint></input>
  </h:body>
</h:html>`;
    const expected = await odkSees(pyxform, { staff: '12' });
    expect(expected.texts['Khmer (km)']!.why).toEqual({ label: 'ហេតុអ្វី 12 នាក់?', hint: 'You said 12' });
    expect(await odkSees(scheduleToXForm(schedule), { staff: '12' })).toEqual(expected);
  });
});
