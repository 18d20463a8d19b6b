/**
 * Problems found in a schedule workbook, located the way the author sees the spreadsheet:
 * sheet name, row number as the spreadsheet shows it (header row = 1) and the column's
 * header text (or its letter when the cell has no header).
 */

/** 'info' is said once and asks for nothing (e.g. choices named in words). */
export type Severity = 'error' | 'warning' | 'info';

/**
 * What a finding is about, in the order an evaluator should read them: what stops the
 * schedule, what would change the data, logic, privacy, other warnings, translations,
 * information (issue 16: "a lint that helps instead of burying").
 */
export const FINDING_GROUPS = ['error', 'data', 'logic', 'privacy', 'form', 'translation', 'information'] as const;
export type FindingGroup = (typeof FINDING_GROUPS)[number];

export const FINDING_GROUP_TITLES: Readonly<Record<FindingGroup, string>> = {
  error: 'Errors',
  data: 'Changes the data',
  logic: 'Logic',
  privacy: 'Privacy',
  form: 'Other warnings',
  translation: 'Translations',
  information: 'Information',
};

export interface Finding {
  readonly severity: Severity;
  /** Absent on warnings from the reader (then 'form'); errors are always 'error'. */
  readonly group?: FindingGroup;
  readonly sheet: string;
  /** 1-based spreadsheet row; absent for problems with a whole sheet. */
  readonly row?: number;
  /** Header text, or column letter for cells without a header; absent for whole rows/sheets. */
  readonly column?: string;
  readonly message: string;
}

/** `FORM.xlsx:survey:12:relevant: error: message` (row and column omitted when unknown). */
export function formatFinding(file: string, finding: Finding): string {
  return `${formatLocation(file, finding.sheet, finding.row, finding.column)} ${finding.severity}: ${finding.message}`;
}

export function formatLocation(file: string, sheet: string, row?: number, column?: string): string {
  // A problem with the whole file (not a workbook at all) has no sheet.
  if (sheet === '') return `${file}:`;
  let location = `${file}:${sheet}:`;
  if (row !== undefined) location += `${row}:`;
  if (row !== undefined && column !== undefined) location += `${column}:`;
  return location;
}

/** Findings sorted for display: by sheet (survey, choices, settings, others), row, then column. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const sheetRank = (sheet: string) => {
    const rank = ['survey', 'choices', 'settings'].indexOf(sheet);
    return rank === -1 ? 3 : rank;
  };
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        sheetRank(a.finding.sheet) - sheetRank(b.finding.sheet) ||
        a.finding.sheet.localeCompare(b.finding.sheet) ||
        (a.finding.row ?? 0) - (b.finding.row ?? 0) ||
        a.index - b.index,
    )
    .map(({ finding }) => finding);
}

export function findingGroup(finding: Finding): FindingGroup {
  if (finding.severity === 'error') return 'error';
  if (finding.severity === 'info') return 'information';
  return finding.group ?? 'form';
}

/** Findings by group in FINDING_GROUPS order, each group sorted by sheet and row; empty groups left out. */
export function groupFindings(findings: readonly Finding[]): { group: FindingGroup; findings: Finding[] }[] {
  return FINDING_GROUPS.map((group) => ({ group, findings: sortFindings(findings.filter((finding) => findingGroup(finding) === group)) })).filter(
    (entry) => entry.findings.length > 0,
  );
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((finding) => finding.severity === 'error');
}

/**
 * A workbook that cannot be read as a schedule at all (no survey sheet, no `type`
 * column, not a spreadsheet). Carries the location so every caller can print
 * `FORM.xlsx:survey:1:type: message` without parsing the message.
 */
export class ScheduleError extends Error {
  override readonly name = 'ScheduleError';

  constructor(
    /** The problem, without the location. */
    readonly detail: string,
    readonly file: string,
    readonly sheet: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(`${formatLocation(file, sheet, row, column)} error: ${detail}`);
  }

  /** The same problem as a finding, so callers can list it with the others. */
  get finding(): Finding {
    return { severity: 'error', sheet: this.sheet, row: this.row, column: this.column, message: this.detail };
  }

  /** The same error for a named file (the pure parser does not know file names). */
  inFile(file: string): ScheduleError {
    return new ScheduleError(this.detail, file, this.sheet, this.row, this.column);
  }
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
