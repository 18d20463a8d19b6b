/**
 * XLSForm sheet rows ⇄ Schedule: the reader (xlsform-read.ts, types in xlsform-types.ts), the writer
 * (xlsform-write.ts), what they share (xlsform-cells.ts) and pyxform's language rules
 * (pyxform-texts.ts, explained in docs/xlsform.md).
 */
export { cellText, isNo, isYes, XML_NAME, type Cell, type SheetRows, type WorkbookRows } from './xlsform-cells';
export { parseXlsForm, type ParseOptions, type ParseResult } from './xlsform-read';
export { scheduleToRows } from './xlsform-write';
