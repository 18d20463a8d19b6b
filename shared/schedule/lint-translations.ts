/**
 * Translation coverage: which texts lack a version in a language. A text counts once it
 * has a version in some language (an untranslated text is shown in every language and
 * lacks nothing); where a language lacks it, ODK shows "-" (pyxform's
 * _add_empty_translations). Reported as one summary line per language and kind of text,
 * with every cell as a finding for `schedule check --all`.
 */
import type { Finding } from './findings';
import { eachItem, isTranslated, languageKey, languageSuffix, ownText, translatedColumn, type Labels, type Language, type Schedule } from './model';

export type TextKind = 'label' | 'hint' | 'constraint_message' | 'choice label';

const KIND_WORDS: Readonly<Record<TextKind, string>> = {
  label: 'survey labels',
  hint: 'hints',
  constraint_message: 'constraint messages',
  'choice label': 'choice labels',
};

export interface CoverageLine {
  readonly language: Language;
  readonly kind: TextKind;
  readonly missing: number;
  readonly total: number;
  /** Spans of spreadsheet rows where the language lacks the text, split only where it has it. */
  readonly ranges: readonly (readonly [number, number])[];
}

interface Text {
  readonly sheet: 'survey' | 'choices';
  readonly kind: TextKind;
  readonly row: number | undefined;
  readonly labels: Labels;
  readonly what: string;
}

function textsOf(schedule: Schedule): Text[] {
  const texts: Text[] = [];
  for (const { item } of eachItem(schedule.items)) {
    const what = `${item.kind === 'group' ? 'group' : item.type === 'note' ? 'note' : 'question'} "${item.name}"`;
    texts.push({ sheet: 'survey', kind: 'label', row: item.row, labels: item.label, what });
    texts.push({ sheet: 'survey', kind: 'hint', row: item.row, labels: item.hint, what });
    if (item.kind === 'question') texts.push({ sheet: 'survey', kind: 'constraint_message', row: item.row, labels: item.constraintMessage, what });
  }
  for (const list of schedule.choiceLists) {
    for (const choice of list.choices) {
      texts.push({ sheet: 'choices', kind: 'choice label', row: choice.row, labels: choice.label, what: `choice "${choice.name}" of list "${list.name}"` });
    }
  }
  return texts.filter((text) => isTranslated(text.labels));
}

export function translationCoverage(schedule: Schedule): CoverageLine[] {
  if (schedule.languages.length < 2) return [];
  const texts = textsOf(schedule);
  const lines: CoverageLine[] = [];
  for (const language of schedule.languages) {
    const key = languageKey(language);
    for (const kind of Object.keys(KIND_WORDS) as TextKind[]) {
      const ofKind = texts.filter((text) => text.kind === kind);
      const ranges: [number, number][] = [];
      let missing = 0;
      let open = false;
      for (const text of ofKind) {
        const lacks = ownText(text.labels, key) === '';
        if (lacks) {
          missing += 1;
          const row = text.row ?? 0;
          if (open) ranges[ranges.length - 1]![1] = row;
          else ranges.push([row, row]);
        }
        open = lacks;
      }
      if (missing > 0) lines.push({ language, kind, missing, total: ofKind.length, ranges });
    }
  }
  return lines;
}

/** "Khmer (km): 202 of 202 survey labels missing, rows 2–233" */
export function formatCoverage(line: CoverageLine): string {
  const shown = line.ranges.slice(0, 6).map(([from, to]) => (from === to ? `${from}` : `${from}–${to}`));
  const more = line.ranges.length > shown.length ? ` and ${line.ranges.length - shown.length} more spans` : '';
  const rows = line.ranges.length === 1 && line.ranges[0]![0] === line.ranges[0]![1] ? 'row' : 'rows';
  const name = languageSuffix(line.language) || line.language.name;
  return `${name}: ${line.missing} of ${line.total} ${KIND_WORDS[line.kind]} missing, ${rows} ${shown.join(', ')}${more}`;
}

/** One finding per missing cell (the `--all` listing and the designer's expanded group). */
export function translationFindings(schedule: Schedule): Finding[] {
  if (schedule.languages.length < 2) return [];
  const findings: Finding[] = [];
  for (const text of textsOf(schedule)) {
    const base = text.kind === 'choice label' ? 'label' : text.kind;
    for (const language of schedule.languages) {
      if (ownText(text.labels, languageKey(language)) !== '') continue;
      findings.push({
        severity: 'warning',
        group: 'translation',
        sheet: text.sheet,
        row: text.row,
        column: translatedColumn(base, language),
        message: `${text.what} has no ${base.replace('_', ' ')} in ${languageSuffix(language) || language.name}; ODK shows "-" there.`,
      });
    }
  }
  return findings;
}
