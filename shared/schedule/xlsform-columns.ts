/** XLSForm header cells and data rows: what each column means, and one row split by meaning. */
import { UNTRANSLATED, languageKey, type Labels, type Language } from './model';
import { KNOWN_SETTINGS, type Cell, type SheetRows } from './xlsform-cells';
import type { TextCell } from './pyxform-texts';

/** What one header cell means. `language` is a language key, or null for the plain column. */
export type ColumnRole =
  | { kind: 'plain'; key: string }
  | { kind: 'translated'; key: string; language: string | null }
  | { kind: 'extra'; header: string }
  | { kind: 'none' };

export interface HeaderInfo {
  readonly roles: ColumnRole[];
  readonly headers: string[];
  readonly byKey: Map<string, number>;
}

/** One data row split by column role. */
export interface RowCells {
  readonly plain: Map<string, string>;
  readonly texts: Map<string, TextCell[]>;
  readonly extra: Record<string, string>;
}

/** Languages in the order their columns first appear (survey, then choices). */
export class Languages {
  private readonly list: Language[] = [];

  add(language: Language): string {
    const key = languageKey(language);
    if (!this.list.some((known) => languageKey(known) === key)) this.list.push(language);
    return key;
  }

  get all(): readonly Language[] {
    return this.list;
  }
}

/** What the sheet readers need from the workbook reader: rows split by column, texts combined as pyxform does, findings. */
export interface SheetReader {
  readRow(sheet: SheetRows, header: HeaderInfo, row: readonly Cell[], rowNumber: number): RowCells;
  /** The text of one kind on a row, as pyxform combines plain and `::language` cells. */
  text(sheet: string, row: number, cells: RowCells, key: string, defaultKey: string): Labels;
  error(sheet: string, row: number | undefined, column: string | undefined, message: string): void;
  warning(sheet: string, row: number | undefined, column: string | undefined, message: string): void;
}

export function roleKey(role: ColumnRole): string {
  switch (role.kind) {
    case 'plain':
      return role.key;
    case 'translated':
      return `${role.key}::${role.language ?? UNTRANSLATED}`;
    case 'extra':
      return `extra:${role.header}`;
    case 'none':
      return '';
  }
}

export function settingsRole(header: string): ColumnRole {
  const base = header === 'set form title' ? 'form_title' : header === 'set form id' ? 'form_id' : header;
  if (KNOWN_SETTINGS.has(base)) return { kind: 'plain', key: base };
  return { kind: 'extra', header };
}
