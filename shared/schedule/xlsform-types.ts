/**
 * The `type` column: XLSForm's spellings (`select_one LIST`, `select one LIST`,
 * `begin_group`, `begin group`) read into what Fieldnote supports, with the types it knows
 * but does not support named apart for a clearer message.
 */
import { QUESTION_TYPES, type QuestionType } from './model';

/** XLSForm types Fieldnote recognises but does not (yet) support, for a clearer message. */
const UNSUPPORTED_XLSFORM_TYPES = new Set([
  'begin_repeat', 'end_repeat', 'calculate', 'hidden', 'time', 'datetime', 'geopoint', 'geotrace', 'geoshape',
  'image', 'audio', 'video', 'file', 'barcode', 'acknowledge', 'range', 'rank', 'start', 'end', 'today', 'deviceid',
  'username', 'phonenumber', 'email', 'audit', 'background-audio', 'select_one_from_file', 'select_multiple_from_file',
  'trigger', 'xml-external', 'csv-external', 'string',
]);

export const SUPPORTED_TYPES_TEXT = 'select_one LIST, select_multiple LIST, integer, decimal, text, date, note, begin_group, end_group';

export type ParsedType =
  | { kind: 'question'; type: QuestionType; listName: string }
  | { kind: 'begin_group' }
  | { kind: 'end_group' }
  | { kind: 'select-without-list' }
  | { kind: 'unsupported' }
  | { kind: 'unknown' };

export function parseType(text: string): ParsedType {
  const words = text.split(' ');
  let first = words[0]!.toLowerCase();
  let rest = words.slice(1);
  // "select one yn", "begin group", "end group": the spec allows a space for the underscore.
  if (rest.length > 0 && ['select', 'begin', 'end'].includes(first)) {
    const second = rest[0]!.toLowerCase();
    if ((first === 'select' && (second === 'one' || second === 'multiple')) || ((first === 'begin' || first === 'end') && (second === 'group' || second === 'repeat'))) {
      first = `${first}_${second}`;
      rest = rest.slice(1);
    }
  }
  if (first === 'select_one' || first === 'select_multiple') {
    if (rest.length === 0) return { kind: 'select-without-list' };
    if (rest.length > 1) return { kind: 'unsupported' }; // e.g. `select_one yn or_other`
    return { kind: 'question', type: first, listName: rest[0]! };
  }
  if (rest.length > 0) return UNSUPPORTED_XLSFORM_TYPES.has(first) ? { kind: 'unsupported' } : { kind: 'unknown' };
  if (first === 'begin_group') return { kind: 'begin_group' };
  if (first === 'end_group') return { kind: 'end_group' };
  if ((QUESTION_TYPES as readonly string[]).includes(first)) return { kind: 'question', type: first as QuestionType, listName: '' };
  return UNSUPPORTED_XLSFORM_TYPES.has(first) ? { kind: 'unsupported' } : { kind: 'unknown' };
}
