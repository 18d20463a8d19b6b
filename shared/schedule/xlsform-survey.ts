/**
 * The survey sheet: rows to questions and groups, in order, with begin_group / end_group
 * nesting; a row that cannot be part of the schedule yields a located finding instead.
 */
import { INTAKE_ATTRIBUTES, type Group, type IntakeAttribute, type Item, type Priority, type Question } from './model';
import { isEmptyRow, type SheetRows } from './xlsform-cells';
import type { HeaderInfo, RowCells, SheetReader } from './xlsform-columns';
import { SUPPORTED_TYPES_TEXT, parseType } from './xlsform-types';

export function readSurvey(reader: SheetReader, sheet: SheetRows, header: HeaderInfo, defaultKey: string): Item[] {
  interface OpenGroup {
    readonly row: number;
    readonly start: Omit<Group, 'children' | 'endExtra' | 'endRow'>;
    readonly children: Item[];
  }
  const top: Item[] = [];
  const stack: OpenGroup[] = [];
  const current = () => stack[stack.length - 1]?.children ?? top;
  const sheetName = sheet.name;

  for (let i = 1; i < sheet.rows.length; i += 1) {
    const row = sheet.rows[i];
    if (isEmptyRow(row)) continue;
    const rowNumber = i + 1;
    const cells = reader.readRow(sheet, header, row, rowNumber);
    const { plain, texts, extra } = cells;
    const typeText = (plain.get('type') ?? '').replace(/\s+/g, ' ');
    const name = plain.get('name') ?? '';
    if (typeText === '') {
      if (plain.size > 0 || texts.size > 0 || Object.keys(extra).length > 0) {
        reader.error(sheetName, rowNumber, 'type', `this row has no type, so it is not part of the schedule; write a type such as text, integer, select_one LIST, note or begin_group.`);
      }
      continue;
    }
    const type = parseType(typeText);
    const label = reader.text(sheetName, rowNumber, cells, 'label', defaultKey);
    const hint = reader.text(sheetName, rowNumber, cells, 'hint', defaultKey);
    const relevant = plain.get('relevant') ?? '';
    const appearance = plain.get('appearance') ?? '';

    switch (type.kind) {
      case 'unsupported':
        reader.error(sheetName, rowNumber, 'type', `type "${typeText}" is an XLSForm type Fieldnote does not support; use one of ${SUPPORTED_TYPES_TEXT}.`);
        continue;
      case 'unknown':
        reader.error(sheetName, rowNumber, 'type', `unknown type "${typeText}"; use one of ${SUPPORTED_TYPES_TEXT}.`);
        continue;
      case 'select-without-list':
        reader.error(sheetName, rowNumber, 'type', `"${typeText}" needs the name of a choice list after it, e.g. "${typeText} yes_no".`);
        continue;
      case 'begin_group': {
        if (name === '') {
          reader.error(sheetName, rowNumber, 'name', 'this begin_group has no name; every group needs one (used in the XForm path).');
        }
        rejectQuestionOnlyColumns(reader, sheetName, rowNumber, cells, 'begin_group');
        stack.push({ row: rowNumber, children: [], start: { kind: 'group', name, label, hint, relevant, appearance, extra, row: rowNumber } });
        continue;
      }
      case 'end_group': {
        const open = stack.pop();
        if (open === undefined) {
          reader.error(sheetName, rowNumber, 'type', 'end_group without a matching begin_group above it; delete this row or add the begin_group.');
          continue;
        }
        const ignored = [...Array.from(plain.keys()).filter((key) => key !== 'type' && key !== 'name'), ...texts.keys()];
        if (ignored.length > 0) {
          reader.error(sheetName, rowNumber, ignored[0], `end_group rows only close a group; the ${ignored.join(', ')} here would be ignored. Move it to the begin_group row (${open.row}) or a question.`);
        }
        if (name !== '' && name !== open.start.name) {
          reader.warning(sheetName, rowNumber, 'name', `end_group is named "${name}" but closes group "${open.start.name}" (begun on row ${open.row}).`);
        }
        current().push({ ...open.start, children: open.children, endExtra: extra, endRow: rowNumber });
        continue;
      }
      case 'question': {
        if (name === '') {
          reader.error(sheetName, rowNumber, 'name', `this ${type.type} row has no name, so it is not part of the schedule; every question needs a unique name.`);
          continue;
        }
        const question: Question = {
          kind: 'question',
          type: type.type,
          listName: type.listName,
          name,
          label,
          hint,
          relevant,
          required: plain.get('required') ?? '',
          constraint: plain.get('constraint') ?? '',
          constraintMessage: reader.text(sheetName, rowNumber, cells, 'constraint_message', defaultKey),
          appearance,
          priority: priority(reader, sheetName, rowNumber, plain.get('priority') ?? ''),
          ...attribute(reader, sheetName, rowNumber, plain.get('fieldnote_attribute') ?? ''),
          extra,
          row: rowNumber,
        };
        current().push(question);
        continue;
      }
    }
  }
  // Unclosed groups: report each, and close them at the end so their questions still count.
  while (stack.length > 0) {
    const open = stack.pop()!;
    reader.error(sheetName, open.row, 'type', `begin_group "${open.start.name}" has no matching end_group; add an end_group row after its last question.`);
    current().push({ ...open.start, children: open.children, endExtra: {} });
  }
  return top;
}

function priority(reader: SheetReader, sheet: string, row: number, text: string): Priority {
  const lower = text.toLowerCase();
  if (lower === 'probe') return 'probe';
  if (lower !== '' && lower !== 'primary') {
    reader.error(sheet, row, 'priority', `priority "${text}" is not primary or probe; the question is treated as primary.`);
  }
  return 'primary';
}

/** `fieldnote_attribute`: the intake attribute a question is filled from (any case), or none. */
function attribute(reader: SheetReader, sheet: string, row: number, text: string): { attribute?: IntakeAttribute } {
  const lower = text.trim().toLowerCase();
  const attribute = INTAKE_ATTRIBUTES.find((a) => a === lower);
  if (lower !== '' && attribute === undefined) {
    reader.error(sheet, row, 'fieldnote_attribute', `fieldnote_attribute "${text}" is not one of ${INTAKE_ATTRIBUTES.join(', ')}; leave it empty for a question not filled from intake.`);
  }
  return attribute ? { attribute } : {};
}

/** A group has no value, so required/constraint/priority on it would be silently meaningless. */
function rejectQuestionOnlyColumns(reader: SheetReader, sheet: string, row: number, cells: RowCells, what: string): void {
  for (const column of ['required', 'constraint', 'priority', 'fieldnote_attribute'] as const) {
    if (cells.plain.has(column)) reader.error(sheet, row, column, `${what} rows cannot have a ${column}; move it to the questions inside the group.`);
  }
  if (cells.texts.has('constraint_message')) reader.error(sheet, row, 'constraint_message', `${what} rows cannot have a constraint_message.`);
}
