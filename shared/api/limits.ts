/**
 * Limits on what one value or one file may hold, shared by the API's schemas (the slices of
 * the contract) and every importer (.qdc, .qdpx, JSON), so text that the API would refuse
 * cannot arrive through a file instead (a 5 MB code name through a .qdc, say). Counts bound the
 * work one import can cause; each is far above what a real evaluation holds.
 */
export const TEXT_LIMITS = {
  /** Code names, case (respondent) names, source names. */
  codeName: 200,
  /** A code's definition, inclusion, exclusion and example. */
  codeDescription: 20_000,
  memoTitle: 500,
  memoBody: 1_000_000,
  /** The plain text of one note (an imported document becomes one note). */
  notePlainText: 20_000_000,
  initials: 10,
} as const;

export const IMPORT_COUNT_LIMITS = {
  codes: 20_000,
  documents: 10_000,
  segments: 500_000,
  memos: 100_000,
  cases: 50_000,
  users: 10_000,
} as const;
