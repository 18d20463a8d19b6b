/**
 * The matrix as a spreadsheet: one row per evaluation question, a column for its criterion, and
 * its links by name (schedule questions, sections, codes, indicators such as "q3_collab = 1"),
 * so a matrix can start from the terms of reference. Cells are read as text by the caller
 * (ExcelJS in electron/); here they are checked and every problem gets its row and column.
 */
import { codeLabel, inMatrixOrder, type EvaluationLink, type EvaluationQuestion, type LinkTargets } from './model';

export const MATRIX_SHEET = 'Matrix';
export const MATRIX_COLUMNS = ['ID', 'Parent', 'Criterion', 'Evaluation question', 'Schedule questions', 'Sections', 'Codes', 'Indicators'] as const;
type Column = (typeof MATRIX_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['ID', 'Criterion', 'Evaluation question'];

export interface MatrixProblem {
  /** 1-based spreadsheet row; 1 is the header. */
  row: number;
  column: string;
  message: string;
}

export interface ImportedQuestion {
  ref: string;
  parentRef: string | null;
  criterion: string;
  text: string;
  links: EvaluationLink[];
  row: number;
}

/** "matrix.xlsx, sheet Matrix, row 4, column Codes: …" */
export function formatProblem(fileName: string, sheet: string, p: MatrixProblem): string {
  return `${fileName}, sheet ${sheet}, row ${p.row}${p.column !== '' ? `, column ${p.column}` : ''}: ${p.message}`;
}

/** Several names in one cell: separated by ";" or line breaks (commas can be part of a name). */
function names(cell: string): string[] {
  return cell
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function parseMatrixRows(rows: readonly (readonly string[])[], targets: LinkTargets): { questions: ImportedQuestion[]; problems: MatrixProblem[] } {
  const problems: MatrixProblem[] = [];
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const index = new Map<Column, number>();
  for (const column of MATRIX_COLUMNS) {
    const at = header.indexOf(column.toLowerCase());
    if (at >= 0) index.set(column, at);
  }
  for (const column of REQUIRED) {
    if (!index.has(column)) problems.push({ row: 1, column: '', message: `there is no column "${column}". The first row names the columns: ${MATRIX_COLUMNS.join(', ')}.` });
  }
  if (problems.length > 0) return { questions: [], problems };

  const questionByName = new Map(targets.questions.map((q) => [q.name.toLowerCase(), q]));
  const sectionByName = new Map(targets.sections.map((s) => [s.name.toLowerCase(), s]));
  const codeByLabel = new Map<string, string>();
  const codeByPath = new Map<string, string>();
  for (const c of targets.codes) {
    codeByLabel.set(codeLabel(c, targets.codes).toLowerCase(), c.id);
    codeByPath.set(c.path.join(' > ').toLowerCase(), c.id);
  }
  const ambiguous = (name: string) => targets.codes.filter((c) => c.name.toLowerCase() === name.toLowerCase()).length > 1;

  const questions: ImportedQuestion[] = [];
  const seen = new Map<string, number>();
  rows.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const cell = (column: Column) => {
      const at = index.get(column);
      return at === undefined ? '' : (cells[at] ?? '').trim();
    };
    if (cells.every((c) => c.trim() === '')) return;
    const ref = cell('ID');
    const text = cell('Evaluation question');
    const criterion = cell('Criterion');
    if (ref === '') problems.push({ row, column: 'ID', message: 'every evaluation question needs an ID, such as EQ1 or EQ1.2.' });
    else if (ref.length > 40) problems.push({ row, column: 'ID', message: 'an ID is at most 40 characters.' });
    else if (seen.has(ref.toLowerCase())) problems.push({ row, column: 'ID', message: `the ID "${ref}" is already used in row ${seen.get(ref.toLowerCase())}. Give each evaluation question its own ID.` });
    else seen.set(ref.toLowerCase(), row);
    if (text === '') problems.push({ row, column: 'Evaluation question', message: 'the evaluation question is empty. Write the question.' });
    if (criterion === '') problems.push({ row, column: 'Criterion', message: 'the criterion is empty. Write one, such as Relevance or Effectiveness.' });

    const links: EvaluationLink[] = [];
    for (const name of names(cell('Schedule questions'))) {
      const q = questionByName.get(name.toLowerCase());
      if (q) links.push({ kind: 'question', target: q.name, value: '' });
      else problems.push({ row, column: 'Schedule questions', message: `the schedule has no question named "${name}". Use the name column of the schedule (such as q3_collab).` });
    }
    for (const name of names(cell('Sections'))) {
      const s = sectionByName.get(name.toLowerCase());
      if (s) links.push({ kind: 'section', target: s.name, value: '' });
      else problems.push({ row, column: 'Sections', message: `the schedule has no section named "${name}". Sections: ${targets.sections.map((x) => x.name).join(', ') || 'none'}.` });
    }
    for (const name of names(cell('Codes'))) {
      const key = name.replace(/\s*>\s*/g, ' > ').toLowerCase();
      const id = codeByPath.get(key) ?? codeByLabel.get(key);
      if (id !== undefined) links.push({ kind: 'code', target: id, value: '' });
      else if (ambiguous(name)) problems.push({ row, column: 'Codes', message: `several codes are named "${name}". Write its path, such as Theme > ${name}.` });
      else problems.push({ row, column: 'Codes', message: `the codebook has no code "${name}". Write a code's name as in the codebook, or its path (Theme > Code).` });
    }
    for (const spec of names(cell('Indicators'))) {
      const match = /^([^=]+?)\s*=\s*(.+)$/.exec(spec);
      if (!match) {
        problems.push({ row, column: 'Indicators', message: `"${spec}" is not an indicator. Write the question, "=" and the answer counted, such as q3_collab = 1 (or = Yes).` });
        continue;
      }
      const q = questionByName.get(match[1]!.toLowerCase());
      if (!q || q.choices.length === 0) {
        problems.push({ row, column: 'Indicators', message: `"${match[1]}" is not a close-ended question of the schedule (one with choices), so it cannot be an indicator.` });
        continue;
      }
      const codes: string[] = [];
      for (const wanted of match[2]!.split(/\s*(?:,|\bor\b)\s*/).filter((w) => w !== '')) {
        const choice = q.choices.find((c) => c.code === wanted) ?? q.choices.find((c) => c.label.toLowerCase() === wanted.toLowerCase());
        if (choice) codes.push(choice.code);
        else problems.push({ row, column: 'Indicators', message: `${q.name} has no answer "${wanted}". Its answers: ${q.choices.map((c) => `${c.code} ${c.label}`).join(', ')}.` });
      }
      if (codes.length > 0) links.push({ kind: 'indicator', target: q.name, value: codes.join(' ') });
    }
    questions.push({ ref, parentRef: cell('Parent') === '' ? null : cell('Parent'), criterion, text, links: dedupe(links), row });
  });

  for (const q of questions) {
    if (q.parentRef === null) continue;
    const parent = questions.find((p) => p.ref.toLowerCase() === q.parentRef!.toLowerCase());
    if (!parent) problems.push({ row: q.row, column: 'Parent', message: `there is no evaluation question "${q.parentRef}" in this sheet. Write the ID of the main question, or leave Parent empty.` });
    else if (parent === q) problems.push({ row: q.row, column: 'Parent', message: 'a question cannot be its own parent.' });
    else if (parent.parentRef !== null) problems.push({ row: q.row, column: 'Parent', message: `"${parent.ref}" is itself a sub-question; sub-questions go one level deep.` });
  }
  if (questions.length === 0 && problems.length === 0) problems.push({ row: 2, column: '', message: 'the sheet has no evaluation questions. Write one per row under the header.' });
  return { questions, problems };
}

function dedupe(links: EvaluationLink[]): EvaluationLink[] {
  const seen = new Set<string>();
  return links.filter((l) => {
    const key = `${l.kind}\u0000${l.target}\u0000${l.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The matrix as rows of text, header first, in the order import reads back. */
export function matrixToRows(questions: readonly EvaluationQuestion[], targets: LinkTargets): string[][] {
  const refOf = new Map(questions.map((q) => [q.id, q.ref]));
  const codeOf = new Map(targets.codes.map((c) => [c.id, codeLabel(c, targets.codes)]));
  const ordered = inMatrixOrder(questions);
  const join = (xs: string[]) => xs.join('; ');
  return [
    [...MATRIX_COLUMNS],
    ...ordered.map((q) => [
      q.ref,
      q.parentId === null ? '' : (refOf.get(q.parentId) ?? ''),
      q.criterion,
      q.text,
      join(q.links.filter((l) => l.kind === 'question').map((l) => l.target)),
      join(q.links.filter((l) => l.kind === 'section').map((l) => l.target)),
      join(q.links.filter((l) => l.kind === 'code').map((l) => codeOf.get(l.target) ?? '')),
      join(q.links.filter((l) => l.kind === 'indicator').map((l) => `${l.target} = ${l.value.split(' ').join(', ')}`)),
    ]),
  ];
}
