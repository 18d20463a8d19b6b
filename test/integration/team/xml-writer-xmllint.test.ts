/**
 * The one XML writer (shared/exchange/xml/xml-writer.ts) never writes a character XML 1.0 cannot
 * hold. A label, title or note with a control character pasted into it (U+0001), U+FFFF or a
 * lone surrogate still gives an XForm, a DDI codebook and a .docx that xmllint reads (the
 * character left out); REFI-QDA refuses with a located error (refi-qda-roundtrip.test.ts).
 * Before, the XForm writer wrote U+0001 as it was, and xmllint (and ODK) refused the form.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { directText, getAttribute, parseXml, type XmlElement } from '../../../shared/exchange/xml/xml-parser';
import { escapeAttribute, escapeText, XmlWriteError } from '../../../shared/exchange/xml/xml-writer';
import { checkWorkbook } from '../../../shared/schedule';
import { scheduleToXForm } from '../../../shared/schedule/xform';
import { writeDdi } from '../../../shared/export/ddi';
import { writeDocx } from '../../../shared/export/docx';
import { buildDataset } from '../../../shared/export/dataset';
import { FIXTURE_SCHEDULE, FIXTURE_SETTINGS, fixtureInterviews } from '../../support/stats-fixture';

const HAS_XMLLINT = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).error === undefined;
if (!HAS_XMLLINT) console.log('xml-writer-xmllint: skipping xmllint checks: `xmllint` is not installed');

const dir = mkdtempSync(join(tmpdir(), 'fieldnote-xml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** xmllint's verdict on the file (and the DDI schema when given). */
function xmllint(name: string, text: string, schema?: string): { status: number | null; stderr: string } {
  const file = join(dir, name);
  writeFileSync(file, text);
  const r = spawnSync('xmllint', ['--noout', '--nonet', ...(schema ? ['--schema', schema] : []), file], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

const BAD = 'Age\u0001 in years\uFFFF\uD800';
const CLEAN = 'Age in years';

function find(el: XmlElement, localName: string, pred: (e: XmlElement) => boolean = () => true): XmlElement | undefined {
  if (el.localName === localName && pred(el)) return el;
  for (const c of el.children) if (c.kind === 'element') {
    const hit = find(c, localName, pred);
    if (hit) return hit;
  }
  return undefined;
}

describe('escaping', () => {
  it('drops or refuses characters XML 1.0 cannot hold, and escapes markup', () => {
    expect(escapeText(`<${BAD}>&\r`, 'drop')).toBe(`&lt;${CLEAN}&gt;&amp;&#13;`);
    expect(escapeAttribute(`"${BAD}"\t\n`, 'drop')).toBe(`&quot;${CLEAN}&quot;&#9;&#10;`);
    expect(() => escapeText(BAD)).toThrow(XmlWriteError);
    expect(() => escapeText(BAD)).toThrow(/U\+0001/);
    // Astral characters (emoji, rare Khmer-adjacent scripts) are kept.
    expect(escapeText('😀 ការ', 'drop')).toBe('😀 ការ');
  });
});

describe('XForm', () => {
  it.skipIf(!HAS_XMLLINT)('a label and choice with U+0001, U+FFFF and a lone surrogate still give a form xmllint reads, without them', () => {
    const { schedule, findings } = checkWorkbook({
      sheets: [
        { name: 'survey', rows: [['type', 'name', 'label', 'hint'], ['integer', 'age', BAD, `Hint\u0002`], ['select_one yn', 'ok', 'OK?', '']] },
        { name: 'choices', rows: [['list_name', 'name', 'label'], ['yn', '1', `Yes\u0007`], ['yn', '2', 'No']] },
        { name: 'settings', rows: [['form_title', 'form_id'], [`Title\u001f`, 'ctl']] },
      ],
    });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    const xml = scheduleToXForm(schedule!);
    const lint = xmllint('form.xml', xml);
    expect(lint.status, lint.stderr).toBe(0);
    const root = parseXml(xml).root;
    expect(directText(find(root, 'title')!)).toBe('Title');
    const label = find(root, 'label', (e) => getAttribute(e, 'ref') === undefined && directText(e) !== '' && directText(e).startsWith('Age'));
    expect(directText(label!)).toBe(CLEAN);
    expect(xml).toContain('<hint>Hint</hint>');
    expect(xml).toContain('Yes');
    expect([...xml].filter((ch) => ['\u0001', '\u0002', '\u0007', '\u001f', '\uffff'].includes(ch))).toEqual([]);
  });
});

describe('DDI and .docx', () => {
  it.skipIf(!HAS_XMLLINT)('a DDI codebook whose title and labels hold control characters is valid against the schema', () => {
    const built = buildDataset(FIXTURE_SCHEDULE, fixtureInterviews(), FIXTURE_SETTINGS, { unit: 'respondent' });
    built.dataset.variables[0]!.label = BAD;
    const xml = writeDdi(built, { title: `Study\u0001 "2026" <draft> & co`, fileName: 'x.csv', producedAt: '2026-03-01' });
    const lint = xmllint('ddi.xml', xml, resolve(import.meta.dirname, '../../fixtures/ddi-codebook-2.5/codebook.xsd'));
    expect(lint.status, lint.stderr).toBe(0);
    expect(xml).toContain('<titl>Study "2026" &lt;draft&gt; &amp; co</titl>');
    expect(xml).toContain(`<labl>${CLEAN}</labl>`);
  });

  it.skipIf(!HAS_XMLLINT)('a .docx whose text holds control characters has a document part xmllint reads', async () => {
    const bytes = await writeDocx([{ kind: 'title', text: `Report\u0001` }, { kind: 'paragraph', runs: [{ text: `${BAD} & <more>` }] }, { kind: 'table', rows: [['a\u0008', 'b']] }]);
    const document = strFromU8(unzipSync(bytes)['word/document.xml']!);
    const lint = xmllint('document.xml', document);
    expect(lint.status, lint.stderr).toBe(0);
    expect(document).toContain(`<w:t xml:space="preserve">${CLEAN} &amp; &lt;more&gt;</w:t>`);
  });
});
