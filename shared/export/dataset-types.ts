/** The shapes buildDataset (dataset.ts) reads and returns, and the drafts its steps pass along. */
import type { MissingReason } from '../api/interview';
import type { SpssCell, SpssDataset, SpssValueLabel, SpssVariable } from './spss';

export type Unit = 'respondent' | 'interview';

export interface ExportParticipant {
  id: string;
  respondentNumber: number;
  respondentCode: string;
  organisationNumber: string;
  locationNumber: string;
  agencyGroup: string;
  organisationType: string;
  focusOfWork: string;
}

export interface ExportAnswer {
  participantId: string;
  question: string;
  value: string;
  state: 'answered' | 'declined';
  /** Why a declined answer has none (the runner's reasons); absent or '' is an older "declined". */
  missingReason?: MissingReason;
}

export interface ExportInterview {
  id: string;
  sessionType: 'one-on-one' | 'small-group' | 'focus-group';
  language: string;
  interviewer: string;
  heldAt: string;
  scheduleVersion: number;
  status: 'draft' | 'cleaned' | 'reviewed';
  primaryOnly: boolean;
  endedEarlyAtQuestion: string | null;
  participants: ExportParticipant[];
  answers: ExportAnswer[];
}

export interface DatasetOptions {
  unit: Unit;
  /** Language key for labels (a schedule language code); falls back to the default language. */
  language?: string;
  includeText?: boolean;
  /** Choices marked `missing` (Don't know): declared user-missing (default) or counted as valid answers. */
  dontKnow?: 'missing' | 'valid';
}

export interface CodebookEntry {
  name: string;
  /** The schedule name when the SPSS name had to differ from it. */
  question?: string;
  label: string;
  /** Question text (the schedule label) when the variable comes from a question. */
  questionText?: string;
  type: SpssVariable['type'];
  measure: SpssVariable['measure'];
  valueLabels: SpssValueLabel[];
  missingValues: (number | string)[];
  missingRange?: SpssVariable['missingRange'];
  /** Word-named choices: the code each choice name became. */
  choiceCodes?: { value: number; name: string }[];
  relevance: string;
  note?: string;
}

export interface BuiltDataset {
  dataset: SpssDataset;
  /**
   * Identification variables (agency, org_type, focus, org_no, loc_no) that a schedule question
   * bound to the same intake attribute replaces, by the variable that carries them instead.
   */
  attributeVariables: Readonly<Record<string, string>>;
  codebook: CodebookEntry[];
  nameChanges: { original: string; cleaned: string }[];
  unit: Unit;
  /** Export language key used for labels ('' for the schedule's default). */
  language: string;
}

/** A variable before its SPSS name is settled, with how to fill its cell in each row. */
export interface Draft {
  key: string;
  variable: Omit<SpssVariable, 'name'>;
  relevance: string;
  question?: string;
  questionText?: string;
  choiceCodes?: { value: number; name: string }[];
  note?: string;
  /** The value of this variable for one row. */
  cell(row: RowContext): SpssCell;
  /** After every row's cell: a declaration that depends on the answers seen. */
  settle?(): { variable: Partial<Omit<SpssVariable, 'name'>>; note?: string } | undefined;
}

export interface AnswerView {
  /** Answers that apply: shared ones overlaid with the participant's own. */
  answers: Map<string, ExportAnswer>;
  /** Questions asked by skip logic with these answers (and primary-only). */
  asked: Set<string>;
  /** Questions after the point where the interview ended early, that would have been asked. */
  notReached: Set<string>;
}

export interface RowContext extends AnswerView {
  interview: ExportInterview;
  participant: ExportParticipant;
  /** Interview unit: each participant's view, by position in respondent-number order. */
  positions: AnswerView[];
}
