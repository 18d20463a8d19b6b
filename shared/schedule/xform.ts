/**
 * Schedule → ODK XForm (https://getodk.github.io/xforms-spec/), written the way pyxform
 * (https://github.com/XLSForm/pyxform, v4) writes it so that ODK Collect, Enketo and Web
 * Forms read it as they read any converted XLSForm:
 * - `h:html` / `h:head` / `model odk:xforms-version="1.0.0"`; primary instance `<data id=FORM_ID version=...>`
 *   with one element per question and group and `meta/instanceID` (bind `jr:preload="uid"`);
 * - one `bind` per question (`type` int/decimal/date/string; `readonly="true()"` for notes)
 *   and per group with a `relevant`; `required` yes → `true()`;
 * - `${name}` rewritten to the absolute path with a space either side (` /data/grp/q `),
 *   as pyxform does outside repeats (Fieldnote has no repeats, so never relative paths);
 *   in labels, hints and messages as `<output value=" /data/q "/>`;
 * - text in languages as pyxform writes it (docs/xlsform.md): a text with a version in
 *   some language goes in `itext`, one `translation` per language that holds any text
 *   (the default_language one, or pyxform's "default", marked `default="true()"`), ids
 *   `/data/q:label`, `/data/q:hint`, `/data/q:jr:constraintMsg`, choices `LIST-INDEX`,
 *   and "-" where a language lacks it (survey.py _add_empty_translations); untranslated
 *   text is written inline (`<hint>Year</hint>`, `jr:constraintMsg="..."`), so ODK shows it
 *   in every language (survey_element.py xml_label / xml_hint / xml_bindings);
 * - choices as a secondary instance `instance('LIST')/root/item` and an `itemset`
 *   (pyxform ≥ 2 writes every select this way), items carrying `name` (and `itextId` or
 *   `label`) plus extra choice columns as child elements.
 *
 * Fieldnote's own columns go in the namespace FIELDNOTE_XFORMS_NS (prefix `fieldnote`):
 * `fieldnote:priority="probe"` on the bind of a probe question (primary is the default and
 * not written) and `fieldnote:missing="yes"` on each `item` that is a user-missing code.
 * The `.invalid` top-level domain is reserved (RFC 2606), so the URI can never clash with
 * or resolve to anything real; `/1` versions the vocabulary.
 */
import { parseExpression } from './xpath';
import { referenceNodes } from './lint';
import {
  DEFAULT_LANGUAGE,
  UNTRANSLATED,
  eachItem,
  isTranslated,
  languageKey,
  languageSuffix,
  type ChoiceList,
  type Item,
  type Labels,
  type Question,
  type QuestionType,
  type Schedule,
} from './model';
import { isNo, isYes, XML_NAME } from './xlsform-cells';
import { asTranslated, choiceLabelsAsPyxform, surveyTextAsPyxform } from './pyxform-texts';
import { assertNever } from '../util/assert-never';
import { serialiseXml, type XmlTreeElement } from '../exchange/xml/xml-writer';

export const FIELDNOTE_XFORMS_NS = 'https://fieldnote.invalid/xforms/1';

/** Name of the primary instance's root element (pyxform's default when no `name` setting). */
export const XFORM_ROOT = 'data';

const NAMESPACES: readonly [string, string][] = [
  ['xmlns', 'http://www.w3.org/2002/xforms'],
  ['xmlns:ev', 'http://www.w3.org/2001/xml-events'],
  ['xmlns:h', 'http://www.w3.org/1999/xhtml'],
  ['xmlns:jr', 'http://openrosa.org/javarosa'],
  ['xmlns:odk', 'http://www.opendatakit.org/xforms'],
  ['xmlns:orx', 'http://openrosa.org/xforms'],
  ['xmlns:xsd', 'http://www.w3.org/2001/XMLSchema'],
  ['xmlns:fieldnote', FIELDNOTE_XFORMS_NS],
];

const BIND_TYPE: Record<QuestionType, string> = {
  select_one: 'string',
  select_multiple: 'string',
  integer: 'int',
  decimal: 'decimal',
  text: 'string',
  date: 'date',
  note: 'string',
};

export class XFormError extends Error {
  override readonly name = 'XFormError';
}

/** Element tree, serialised at the end by the one XML writer (shared/exchange/xml). */
type XmlElement = XmlTreeElement;

function el(tag: string, attributes: [string, string][] = [], children: (XmlElement | string)[] = []): XmlElement {
  return { tag, attributes, children };
}

/**
 * The XForm XML for a schedule. The schedule should pass lint without errors; otherwise
 * this throws XFormError (unknown reference, missing choice list) or ExpressionError.
 */
export function scheduleToXForm(schedule: Schedule): string {
  return new XFormWriter(schedule).write();
}

class XFormWriter {
  private readonly paths = new Map<string, string>();
  private readonly lists = new Map<string, ChoiceList>();
  private readonly usedLists: string[] = [];
  /** itext id → text per language key, in insertion order. */
  private readonly itext = new Map<string, Labels>();
  /**
   * Where untranslated text goes when it must be itext (a choice in a translated list, a
   * constraint message with `${}`): pyxform's default_language, "default" when unset.
   */
  private readonly defaultKey: string;

  constructor(private readonly schedule: Schedule) {
    for (const { item, parents } of eachItem(schedule.items)) {
      this.paths.set(item.name, `/${XFORM_ROOT}/${[...parents, item.name].join('/')}`);
    }
    for (const list of schedule.choiceLists) this.lists.set(list.name, list);
    this.defaultKey = schedule.defaultLanguage !== '' ? schedule.defaultLanguage : languageKey(DEFAULT_LANGUAGE);
  }

  write(): string {
    const schedule = this.schedule;
    for (const { item } of eachItem(schedule.items)) {
      if (!XML_NAME.test(item.name)) throw new XFormError(`"${item.name}" is not a valid XML element name.`);
      if (item.kind === 'question' && item.listName !== '' && !this.usedLists.includes(item.listName)) {
        if (!this.lists.has(item.listName)) throw new XFormError(`Question "${item.name}" uses choice list "${item.listName}", which does not exist.`);
        this.usedLists.push(item.listName);
      }
    }
    // Choices first, then the survey: the order pyxform fills itext in (_setup_translations).
    const secondary = this.usedLists.map((name) => this.choiceInstance(this.lists.get(name)!));
    const body = this.bodyElements(schedule.items);
    const binds = this.binds();
    const dataAttributes: [string, string][] = [['id', schedule.formId]];
    if (schedule.version !== '') dataAttributes.push(['version', schedule.version]);
    const primary = el('instance', [], [el(XFORM_ROOT, dataAttributes, [...this.instanceElements(schedule.items), el('meta', [], [el('instanceID')])])]);
    const modelChildren: XmlElement[] = [];
    if (this.itext.size > 0) modelChildren.push(this.itextElement());
    modelChildren.push(primary, ...secondary, ...binds);
    const html = el('h:html', [...NAMESPACES], [
      el('h:head', [], [el('h:title', [], [schedule.title]), el('model', [['odk:xforms-version', '1.0.0']], modelChildren)]),
      el('h:body', [], body),
    ]);
    // Characters XML cannot hold (a control pasted into a label) are left out: they are
    // invisible, and ODK would refuse the whole form for one of them.
    const out = ['<?xml version="1.0"?>'];
    serialiseXml(html, 'drop', '', out);
    return `${out.join('\n')}\n`;
  }

  private path(name: string): string {
    const path = this.paths.get(name);
    if (path === undefined) throw new XFormError(`\${${name}} refers to no question in the schedule.`);
    return path;
  }

  /** `${q} = '1'` → ` /data/grp/q  = '1'`: pyxform's padding keeps tokens apart. */
  private expression(source: string): string {
    const parsed = parseExpression(source);
    let out = '';
    let at = 0;
    for (const node of referenceNodes(parsed.ast)) {
      out += source.slice(at, node.start) + ` ${this.path(node.name)} `;
      at = node.end;
    }
    return out + source.slice(at);
  }

  /**
   * `${q}` in a label, hint or message becomes `<output value=" /data/q "/>`, as pyxform's
   * insert_output_values writes it, so ODK shows the answer there.
   */
  private withOutputs(text: string): (XmlElement | string)[] {
    const parts: (XmlElement | string)[] = [];
    let at = 0;
    for (const match of text.matchAll(/\$\{([^}\s]+)\}/g)) {
      if (match.index > at) parts.push(text.slice(at, match.index));
      parts.push(el('output', [['value', ` ${this.path(match[1]!)} `]]));
      at = match.index + match[0].length;
    }
    if (at < text.length || parts.length === 0) parts.push(text.slice(at));
    return parts;
  }

  private instanceElements(items: readonly Item[]): XmlElement[] {
    return items.map((item) => (item.kind === 'group' ? el(item.name, [], this.instanceElements(item.children)) : el(item.name)));
  }

  private binds(): XmlElement[] {
    const binds: XmlElement[] = [];
    for (const { item } of eachItem(this.schedule.items)) {
      const attributes: [string, string][] = [['nodeset', this.path(item.name)]];
      if (item.relevant.trim() !== '') attributes.push(['relevant', this.expression(item.relevant)]);
      if (item.kind === 'question') {
        attributes.push(['type', BIND_TYPE[item.type]]);
        if (item.type === 'note') attributes.push(['readonly', 'true()']);
        if (isYes(item.required)) attributes.push(['required', 'true()']);
        else if (item.required.trim() !== '' && !isNo(item.required)) attributes.push(['required', this.expression(item.required)]);
        if (item.constraint.trim() !== '') attributes.push(['constraint', this.expression(item.constraint)]);
        const message = this.textRef(item, 'jr:constraintMsg', item.constraintMessage);
        if (message !== undefined) attributes.push(['jr:constraintMsg', message]);
        if (item.priority === 'probe') attributes.push(['fieldnote:priority', 'probe']);
      } else if (attributes.length === 1) {
        continue; // a group without a bind attribute gets no bind, as in pyxform
      }
      binds.push(el('bind', sortAttributes(attributes)));
    }
    binds.push(el('bind', [['jr:preload', 'uid'], ['nodeset', `/${XFORM_ROOT}/meta/instanceID`], ['readonly', 'true()'], ['type', 'string']]));
    return binds;
  }

  /**
   * The constraint message attribute: `jr:itext('id')` for a text in languages, or for
   * untranslated text with a `${}` reference (filed under the default language:
   * survey_element.py get_translations, has_pyxform_reference); else the text inline.
   */
  private textRef(item: Question, kind: string, labels: Labels): string | undefined {
    if (!hasText(labels)) return undefined;
    let texts = surveyTextAsPyxform(labels, this.defaultKey);
    if (!isTranslated(texts)) {
      const plain = texts[UNTRANSLATED] ?? '';
      if (!plain.includes('${')) return plain;
      texts = asTranslated(texts, this.defaultKey);
    }
    const id = `${this.path(item.name)}:${kind}`;
    this.itext.set(id, texts);
    return `jr:itext('${id}')`;
  }

  /** `<label ref="jr:itext(...)"/>` for text in languages, `<label>text</label>` for untranslated text; undefined for none. */
  private textElement(tag: 'label' | 'hint', name: string, labels: Labels): XmlElement | undefined {
    if (!hasText(labels)) return undefined;
    const texts = surveyTextAsPyxform(labels, this.defaultKey);
    if (!isTranslated(texts)) return el(tag, [], this.withOutputs(texts[UNTRANSLATED] ?? ''));
    const id = `${this.path(name)}:${tag}`;
    this.itext.set(id, texts);
    return el(tag, [['ref', `jr:itext('${id}')`]]);
  }

  private bodyElements(items: readonly Item[]): XmlElement[] {
    const out: XmlElement[] = [];
    for (const item of items) {
      const ref: [string, string] = ['ref', this.path(item.name)];
      const attributes: [string, string][] = item.appearance !== '' ? [['appearance', item.appearance], ref] : [ref];
      const label = this.textElement('label', item.name, item.label);
      const hint = this.textElement('hint', item.name, item.hint);
      // A hint needs a label before it; pyxform writes an empty one (xml_label_and_hint).
      const texts = [label ?? (hint ? el('label') : undefined), hint].filter((x): x is XmlElement => x !== undefined);
      if (item.kind === 'group') {
        out.push(el('group', attributes, [...(label ? [label] : []), ...this.bodyElements(item.children)]));
        continue;
      }
      switch (item.type) {
        case 'select_one':
        case 'select_multiple':
          out.push(el(item.type === 'select_one' ? 'select1' : 'select', attributes, [...(texts.length > 0 ? texts : [el('label')]), this.itemset(item.listName)]));
          break;
        case 'integer':
        case 'decimal':
        case 'text':
        case 'date':
        case 'note':
          // A label is required on every control; pyxform writes an empty one for none.
          out.push(el('input', attributes, texts.length > 0 ? texts : [el('label')]));
          break;
        default:
          assertNever(item.type, 'question type');
      }
    }
    return out;
  }

  /** pyxform's Itemset.requires_itext: some choice has a label in a language. */
  private listIsTranslated(listName: string): boolean {
    return this.lists.get(listName)?.choices.some((choice) => isTranslated(choice.label)) ?? false;
  }

  private itemset(listName: string): XmlElement {
    const labelRef = this.listIsTranslated(listName) ? 'jr:itext(itextId)' : 'label';
    return el('itemset', [['nodeset', `instance('${listName}')/root/item`]], [el('value', [['ref', 'name']]), el('label', [['ref', labelRef]])]);
  }

  private choiceInstance(list: ChoiceList): XmlElement {
    const translated = this.listIsTranslated(list.name);
    const labels = choiceLabelsAsPyxform(list.choices.map((choice) => choice.label), this.defaultKey);
    const items = list.choices.map((choice, index) => {
      const children: XmlElement[] = [];
      const attributes: [string, string][] = choice.missing ? [['fieldnote:missing', 'yes']] : [];
      if (translated) {
        const id = `${list.name}-${index}`;
        this.itext.set(id, labels[index]!);
        children.push(el('itextId', [], [id]));
        children.push(el('name', [], [choice.name]));
      } else {
        children.push(el('name', [], [choice.name]));
        children.push(el('label', [], [choice.label[UNTRANSLATED] ?? '']));
      }
      // pyxform copies extra choice columns into the item (choice_extra_data).
      for (const [header, value] of Object.entries(choice.extra)) {
        if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(header) && !RESERVED_ITEM_CHILDREN.has(header)) children.push(el(header, [], [value]));
      }
      return el('item', attributes, children);
    });
    return el('instance', [['id', list.name]], [el('root', [], items)]);
  }

  /**
   * One translation per language that holds some text, in the order pyxform meets them
   * (a language column with no text at all is not a translation in pyxform's XForm).
   */
  private itextElement(): XmlElement {
    const keys: string[] = [];
    for (const labels of this.itext.values()) {
      for (const [key, text] of Object.entries(labels)) if (key !== UNTRANSLATED && text !== '' && !keys.includes(key)) keys.push(key);
    }
    const translations = keys.map((key) => {
      const language = this.schedule.languages.find((known) => languageKey(known) === key) ?? { ...DEFAULT_LANGUAGE, name: key };
      const attributes: [string, string][] = [];
      if (key === this.defaultKey) attributes.push(['default', 'true()']);
      attributes.push(['lang', languageSuffix(language) || 'default']);
      const texts: XmlElement[] = [];
      for (const [id, labels] of this.itext) {
        const text = labels[key];
        texts.push(el('text', [['id', id]], [el('value', [], text !== undefined && text !== '' ? this.withOutputs(text) : ['-'])]));
      }
      return el('translation', attributes, texts);
    });
    return el('itext', [], translations);
  }
}

const RESERVED_ITEM_CHILDREN = new Set(['name', 'label', 'itextId']);

function hasText(labels: Labels): boolean {
  return Object.values(labels).some((text) => text !== '');
}

function sortAttributes(attributes: [string, string][]): [string, string][] {
  return [...attributes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
