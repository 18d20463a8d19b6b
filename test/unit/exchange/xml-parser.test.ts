import { describe, expect, it } from 'vitest';
import { childElements, directText, getAttribute, parseXml, XmlParseError, type XmlElement } from '../../../shared/exchange/xml/xml-parser';
import { escapeAttribute, escapeText, XmlBuilder } from '../../../shared/exchange/xml/xml-writer';

function fails(xml: string): XmlParseError {
  try {
    parseXml(xml);
  } catch (err) {
    expect(err).toBeInstanceOf(XmlParseError);
    return err as XmlParseError;
  }
  throw new Error(`expected a parse error for ${JSON.stringify(xml)}`);
}

const first = (el: XmlElement): XmlElement => childElements(el)[0] as XmlElement;

describe('parseXml', () => {
  it('reads elements, attributes, text and the XML declaration', () => {
    const doc = parseXml('<?xml version="1.0" encoding="utf-8"?>\n<a x="1" y=\'two\'><b>hi</b><c/></a>');
    expect(doc.encoding).toBe('utf-8');
    expect(doc.root.localName).toBe('a');
    expect(getAttribute(doc.root, 'x')?.value).toBe('1');
    expect(getAttribute(doc.root, 'y')?.value).toBe('two');
    expect(childElements(doc.root).map((e) => e.name)).toEqual(['b', 'c']);
    expect(directText(first(doc.root))).toBe('hi');
  });

  it('expands predefined entities and decimal / hex character references, also astral ones', () => {
    const doc = parseXml('<a t="&lt;&amp;&gt;&quot;&apos;&#38;&#x1F600;">&lt;x&gt; &amp; &#169; &#x1f600; &#6016;</a>');
    expect(getAttribute(doc.root, 't')?.value).toBe('<&>"\'&😀');
    expect(directText(doc.root)).toBe('<x> & © 😀 ក');
  });

  it('keeps CDATA verbatim and skips comments and processing instructions', () => {
    const doc = parseXml('<!-- c --><?pi data?><a><![CDATA[<not> &markup; ]] ]]><!-- inside --><?x y?>tail</a><!-- end -->');
    expect(directText(doc.root)).toBe('<not> &markup; ]] tail');
    expect(doc.root.children[0]).toMatchObject({ kind: 'text', cdata: true });
  });

  it('resolves default and prefixed namespaces, with undeclaring and nesting', () => {
    const doc = parseXml(
      '<q:Project xmlns:q="urn:QDA-XML:project:1.0" xmlns="urn:other" q:flag="1" plain="2">' +
        '<q:Users/><Inner><Deep xmlns=""/></Inner><Reset xmlns="urn:QDA-XML:project:1.0"><Kid/></Reset></q:Project>',
    );
    expect(doc.root).toMatchObject({ localName: 'Project', prefix: 'q', namespace: 'urn:QDA-XML:project:1.0' });
    const [users, inner, reset] = childElements(doc.root) as [XmlElement, XmlElement, XmlElement];
    expect(users.namespace).toBe('urn:QDA-XML:project:1.0');
    expect(inner.namespace).toBe('urn:other');
    expect(first(inner).namespace).toBeNull();
    expect(first(reset).namespace).toBe('urn:QDA-XML:project:1.0');
    expect(doc.root.attributes.map((a) => [a.localName, a.namespace])).toEqual([
      ['flag', 'urn:QDA-XML:project:1.0'],
      ['plain', null],
    ]);
    expect(getAttribute(doc.root, 'flag')).toBeUndefined(); // prefixed attributes are namespaced
  });

  it('normalises line ends and attribute white space (XML 1.0 sections 2.11, 3.3.3)', () => {
    const doc = parseXml('<a v="x\ty\r\nz&#10;w&#13;">l1\r\nl2\rl3&#13;</a>');
    expect(getAttribute(doc.root, 'v')?.value).toBe('x y z\nw\r');
    expect(directText(doc.root)).toBe('l1\nl2\nl3\r');
  });

  it('accepts a UTF-8 BOM at the start', () => {
    expect(parseXml('\uFEFF<?xml version="1.0"?><a/>').root.name).toBe('a');
  });

  it('refuses a DOCTYPE (no entity expansion: billion laughs)', () => {
    const bomb = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<lolz>&lol2;</lolz>';
    const err = fails(bomb);
    expect(err.reason).toMatch(/DOCTYPE/);
    expect(err.line).toBe(2);
    expect(fails('<a><!DOCTYPE a></a>').reason).toMatch(/DOCTYPE/);
  });

  it('refuses undeclared entities, with the position', () => {
    const err = fails('<a>\n  x &nbsp; y</a>');
    expect(err.reason).toMatch(/undeclared entity "&nbsp;"/);
    expect([err.line, err.column]).toEqual([2, 5]);
  });

  it.each([
    ['<a>', /not closed/],
    ['<a></b>', /does not match <a>/],
    ['<a x="1" x="2"/>', /appears twice/],
    ['<a x=1/>', /quoted/],
    ['<a x="<"/>', /"<" is not allowed/],
    ['<a>&amp</a>', /reference/],
    ['<a>& b</a>', /&amp;/],
    ['<a>&#0;</a>', /not an allowed XML character/],
    ['<a>&#xD800;</a>', /not an allowed XML character/],
    ['<a>]]></a>', /]]>/],
    ['<a/><b/>', /only one root/],
    ['text<a/>', /before the root/],
    ['<a/>text', /after the root/],
    ['', /no root element/],
    ['<p:a/>', /prefix "p" is not declared/],
    ['<a p:x="1"/>', /prefix "p" is not declared/],
    ['<a xmlns:p=""/>', /cannot be undeclared/],
    ['<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>', /after namespace resolution/],
    ['<1a/>', /not a valid XML name/],
    ['<a:b:c xmlns:a="u"/>', /qualified name/],
    ['<a><!-- x -- y --></a>', /"--"/],
    ['<a>\u0001</a>', /U\+0001/],
    ['<a>\uD800</a>', /U\+D800/],
    ['<?xml version="1.0" encoding="ISO-8859-1"?><a/>', /encoding "ISO-8859-1"/],
    ['<?xml version="2.0"?><a/>', /version/],
    ['<a/><?xml version="1.0"?>', /very start/],
    ['<a b="1"c="2"/>', /white space/],
  ])('rejects %j', (xml, reason) => {
    expect(fails(xml).reason).toMatch(reason);
  });

  it('reports line and column of the offending markup', () => {
    const err = fails('<Project>\n  <Users>\n    <User guid="x">\n  </Users>\n</Project>');
    expect(err.line).toBe(4);
    expect(err.column).toBe(3);
    expect(err.message).toMatch(/^line 4, column 3: end tag <\/Users> does not match <User> opened on line 3/);
  });

  it('limits nesting depth instead of overflowing the stack', () => {
    const deep = '<a>'.repeat(300) + '</a>'.repeat(300);
    expect(fails(deep).reason).toMatch(/nested deeper than 256/);
    expect(parseXml(deep, { maxDepth: 400 }).root.name).toBe('a');
    const veryDeep = '<a>'.repeat(100_000);
    expect(fails(veryDeep).reason).toMatch(/nested deeper/);
  });

  it('nests self-closing elements among their siblings (saxes reports them as an open and a close tag)', () => {
    const doc = parseXml('<r><a/><b><c/><d x="1"/></b><e/></r>');
    const names = (el: XmlElement): unknown => [el.name, childElements(el).map(names)];
    expect(names(doc.root)).toEqual(['r', [['a', []], ['b', [['c', []], ['d', []]]], ['e', []]]]);
  });

  it('records element and attribute positions', () => {
    const doc = parseXml('<a>\n  <b\n     c="1"/></a>');
    const b = first(doc.root);
    expect([b.line, b.column]).toEqual([2, 3]);
    expect(getAttribute(b, 'c')).toMatchObject({ line: 3, column: 6 });
  });
});

describe('XmlBuilder and escaping', () => {
  it('round-trips awkward text and attribute values through the parser', () => {
    const nasty = 'a & b < c > d "q" \'s\' ]]> tab\there\nnew\r\nline 😀 ការអប់រំ';
    const x = new XmlBuilder();
    x.start('r', [['v', nasty], ['skip', undefined]]).text('t', nasty).empty('e', [['n', 3]]).end();
    const doc = parseXml(x.toString());
    expect(getAttribute(doc.root, 'v')?.value).toBe(nasty);
    expect(getAttribute(doc.root, 'skip')).toBeUndefined();
    expect(directText(first(doc.root))).toBe(nasty);
  });

  it('refuses characters XML 1.0 cannot carry', () => {
    expect(() => escapeText('a\u0000b')).toThrow(/U\+0000/);
    expect(() => escapeAttribute('\uD83D')).toThrow(/U\+D83D/);
  });
});
