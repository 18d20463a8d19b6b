/**
 * A minimal Word document (.docx, ECMA-376 / ISO/IEC 29500 WordprocessingML): headings,
 * paragraphs of runs, block quotes. A .docx is a ZIP of XML parts; Word, LibreOffice and
 * Pages need only [Content_Types].xml, _rels/.rels, word/document.xml and (for named styles)
 * word/styles.xml with word/_rels/document.xml.rels pointing at it.
 *
 * Hand-written: the maintained writers (the `docx` package, officegen) are large object models
 * with their own dependencies, for the five parts and six kinds of block a report needs; the
 * XML goes through the one XML writer and the ZIP through fflate (exchange/zip).
 */
import { writeZip } from '../exchange/zip/zip';
import { encodeUtf8 } from '../exchange/text/utf8';
import { escapeText } from '../exchange/xml/xml-writer';

export interface DocRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type DocBlock =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; runs: DocRun[] }
  | { kind: 'quote'; runs: DocRun[] }
  /** A grid of text; the first row is the header (bold, repeated on each page). */
  | { kind: 'table'; rows: string[][] };

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** Text through the one XML writer; characters XML cannot hold are left out of a report. */
const xmlText = (text: string) => escapeText(text, 'drop');

function run(r: DocRun): string {
  const props = `${r.bold === true ? '<w:b/><w:bCs/>' : ''}${r.italic === true ? '<w:i/><w:iCs/>' : ''}`;
  // Line breaks inside a run are <w:br/>; tabs <w:tab/>; xml:space keeps leading and trailing spaces.
  const parts = r.text.split('\n').map((line) =>
    line
      .split('\t')
      .map((piece) => `<w:t xml:space="preserve">${xmlText(piece)}</w:t>`)
      .join('<w:tab/>'),
  );
  return `<w:r>${props === '' ? '' : `<w:rPr>${props}</w:rPr>`}${parts.join('<w:br/>')}</w:r>`;
}

function paragraph(style: string | null, runs: DocRun[]): string {
  return `<w:p>${style === null ? '' : `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>`}${runs.map(run).join('')}</w:p>`;
}

function block(b: DocBlock): string {
  switch (b.kind) {
    case 'title':
      return paragraph('Title', [{ text: b.text }]);
    case 'heading':
      return paragraph(`Heading${b.level}`, [{ text: b.text }]);
    case 'paragraph':
      return paragraph(null, b.runs);
    case 'quote':
      return paragraph('Quote', b.runs);
    case 'table':
      return table(b.rows);
  }
}

/** Text width of an A4 page with the margins below, in twentieths of a point. */
const TEXT_WIDTH = 9026;

function table(rows: readonly (readonly string[])[]): string {
  const columns = Math.max(1, ...rows.map((r) => r.length));
  const width = Math.floor(TEXT_WIDTH / columns);
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="999999"/>`;
  const cell = (text: string, header: boolean, span = 1) =>
    `<w:tc><w:tcPr><w:tcW w:w="${width * span}" w:type="dxa"/>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}</w:tcPr>${paragraph(null, [{ text, bold: header }])}</w:tc>`;
  // A short row (a table's note) ends in a cell spanning the rest of the width.
  const cells = (r: readonly string[], header: boolean) => {
    const shown = r.length === 0 ? [''] : r;
    return shown.map((text, c) => cell(text, header, c === shown.length - 1 ? columns - c : 1)).join('');
  };
  // LibreOffice needs the grid; Word needs at least one paragraph after a table, added by the caller's next block or the section.
  return (
    `<w:tbl><w:tblPr><w:tblW w:w="${width * columns}" w:type="dxa"/><w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('')}</w:tblBorders></w:tblPr>` +
    `<w:tblGrid>${`<w:gridCol w:w="${width}"/>`.repeat(columns)}</w:tblGrid>` +
    rows
      .map((r, i) => `<w:tr>${i === 0 ? '<w:trPr><w:tblHeader/></w:trPr>' : ''}${cells(r, i === 0)}</w:tr>`)
      .join('') +
    '</w:tbl><w:p/>'
  );
}

function documentXml(blocks: readonly DocBlock[]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}"><w:body>` +
    blocks.map(block).join('') +
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>' +
    '</w:body></w:document>'
  );
}

// Khmer is a complex script in WordprocessingML: its runs take the w:cs font.
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Khmer UI"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:bidi="km-KH"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="200"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:i/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720" w:right="720"/></w:pPr><w:rPr><w:i/><w:iCs/></w:rPr></w:style>
</w:styles>`;

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`;

const PACKAGE_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

const DOCUMENT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The .docx bytes of a document; the same blocks give the same bytes. */
export function writeDocx(blocks: readonly DocBlock[]): Promise<Uint8Array<ArrayBuffer>> {
  return writeZip([
    { name: '[Content_Types].xml', data: encodeUtf8(CONTENT_TYPES) },
    { name: '_rels/.rels', data: encodeUtf8(PACKAGE_RELS) },
    { name: 'word/document.xml', data: encodeUtf8(documentXml(blocks)) },
    { name: 'word/_rels/document.xml.rels', data: encodeUtf8(DOCUMENT_RELS) },
    { name: 'word/styles.xml', data: encodeUtf8(STYLES) },
  ]);
}

/** The same document as Markdown (quotes as block quotes, runs with * and **). */
export function blocksToMarkdown(blocks: readonly DocBlock[]): string {
  const md = (runs: DocRun[]) =>
    runs
      .map((r) => {
        const text = r.text.replace(/([\\`*_[\]#<>|])/g, '\\$1');
        // Emphasis markers must touch the text: "**Note: **" is not bold in CommonMark, "**Note:** " is.
        const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text) ?? [];
        if (core === '') return text;
        return r.bold === true ? `${lead}**${core}**${trail}` : r.italic === true ? `${lead}*${core}*${trail}` : text;
      })
      .join('');
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'title':
        out.push(`# ${b.text}`);
        break;
      case 'heading':
        out.push(`${'#'.repeat(b.level + 1)} ${b.text}`);
        break;
      case 'paragraph':
        out.push(md(b.runs));
        break;
      case 'quote':
        out.push(md(b.runs).split('\n').map((line) => `> ${line}`).join('\n'));
        break;
      case 'table': {
        const columns = Math.max(1, ...b.rows.map((r) => r.length));
        const cells = (r: readonly string[]) => `| ${Array.from({ length: columns }, (_, c) => (r[c] ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')).join(' | ')} |`;
        const [header = [], ...body] = b.rows;
        out.push([cells(header), `|${' --- |'.repeat(columns)}`, ...body.map(cells)].join('\n'));
        break;
      }
    }
  }
  return out.join('\n\n') + '\n';
}
