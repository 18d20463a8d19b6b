/**
 * pyxform's rules for text in several languages, in one place so the reader, the writer and
 * the XForm agree. Each rule cites the pyxform code it follows (github.com/XLSForm/pyxform,
 * read at commit 51e5bfe); docs/xlsform.md explains them with examples.
 */
import { UNTRANSLATED, isTranslated, type Labels } from './model';

/** One non-empty cell of a translatable column: its language key, or null for the plain column. */
export interface TextCell {
  readonly language: string | null;
  readonly text: string;
  /** Column header, for findings. */
  readonly column: string;
}

export interface CombinedText {
  readonly labels: Labels;
  /** Cells pyxform drops, with the cell that wins over each. */
  readonly ignored: readonly { readonly cell: TextCell; readonly winner: TextCell }[];
}

/**
 * The cells of one kind of text (label, hint, constraint_message) on one row, in column
 * order, combined as pyxform's process_row does (pyxform/parsing/sheet_headers.py):
 * - a plain cell alone stays a plain string: text without a language (UNTRANSLATED);
 * - a `::language` cell makes the text a per-language dict; a plain cell to its LEFT is
 *   merged into it under `defaultKey` (merge_dicts with default_key=default_language), or
 *   dropped when the row also has the default language's own cell ("the suffixless version
 *   will be overwritten", xls2json.workbook_to_json docstring);
 * - a plain cell to the RIGHT of `::language` cells replaces them all (process_row assigns
 *   a one-token header with `out_row[tokens[0]] = val`), so pyxform keeps only the plain text.
 * Empty cells do not count (xls2json_backends drops them before this step).
 */
export function combineTextCells(cells: readonly TextCell[], defaultKey: string): CombinedText {
  const ignored: { cell: TextCell; winner: TextCell }[] = [];
  let plain: TextCell | undefined;
  let byLanguage = new Map<string, TextCell>();
  for (const cell of cells) {
    if (cell.language === null) {
      for (const lost of byLanguage.values()) ignored.push({ cell: lost, winner: cell });
      if (plain !== undefined) ignored.push({ cell: plain, winner: cell });
      byLanguage = new Map();
      plain = cell;
      continue;
    }
    if (plain !== undefined) {
      if (cell.language === defaultKey) ignored.push({ cell: plain, winner: cell });
      else byLanguage.set(defaultKey, plain);
      plain = undefined;
    }
    const earlier = byLanguage.get(cell.language);
    if (earlier !== undefined) ignored.push({ cell: earlier, winner: cell });
    byLanguage.set(cell.language, cell);
  }
  if (plain !== undefined) return { labels: { [UNTRANSLATED]: plain.text }, ignored };
  const labels: Record<string, string> = {};
  for (const [key, cell] of byLanguage) labels[key] = cell.text;
  return { labels, ignored };
}

/**
 * A choice list is written with itext as soon as one of its choices has a per-language label
 * (pyxform/question.py Itemset.get_options, requires_itext); then a choice with only a plain
 * label has it filed under the default language (survey.py _setup_translations,
 * get_choice_content yields `[self.default_language, itext_id, "long"]`). A list with only
 * plain labels keeps them inline, shown in every language.
 */
export function choiceLabelsAsPyxform(labels: readonly Labels[], defaultKey: string): Labels[] {
  if (!labels.some(isTranslated)) return [...labels];
  return labels.map((label) => asTranslated(label, defaultKey));
}

/** Untranslated text moved under the default language (for a text that must be itext). */
export function asTranslated(labels: Labels, defaultKey: string): Labels {
  const plain = labels[UNTRANSLATED];
  if (plain === undefined) return labels;
  const { [UNTRANSLATED]: _plain, ...rest } = labels;
  return plain === '' || rest[defaultKey] !== undefined ? rest : { [defaultKey]: plain, ...rest };
}

/**
 * The same rule for a survey text the designer edited: once a text has a version in some
 * language, an untranslated part can only be the default language's (that is how pyxform
 * reads the workbook we write for it).
 */
export function surveyTextAsPyxform(labels: Labels, defaultKey: string): Labels {
  return isTranslated(labels) ? asTranslated(labels, defaultKey) : labels;
}
