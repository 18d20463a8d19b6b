/**
 * The API's shapes that repositories return, derived from the one contract (zod-inferred, never
 * copied). Kept in one module so a change in where the contract declares them touches one file.
 */
import type { z } from 'zod';
import type { Api, ApiOutput } from '../../shared/api/contract';
import type { attributeName, interviewFilter, memoKind, memoRecord, quoteFilter, quoteGrouping } from '../../shared/api/coding-schema';
import type { coder, interviewChoice, recordedAgreement, secondCoderCopy } from '../../shared/api/agreement';

export type { Participant, ProjectSettings, ScheduleSummary } from '../../shared/api/contract';

/** A new interview as intake gives it (schema defaults applied). */
export type StartInterview = z.output<Api['interview.start']['input']>;

export type AttributeName = z.output<typeof attributeName>;
export type MemoKind = z.output<typeof memoKind>;
export type MemoRecord = z.output<typeof memoRecord>;
/**
 * A filter on respondent attributes: an interview passes when, for every attribute named, one
 * of its respondents has one of the values listed (null: not recorded). Dates are the day the
 * interview was held (YYYY-MM-DD); dateFrom and dateTo bound it, inclusive.
 */
export type InterviewFilter = z.output<typeof interviewFilter>;
/** Which quotes to keep: codes (with their sub-codes), questions ('' for general notes), speakers' attributes. */
export type QuoteFilter = z.output<typeof quoteFilter>;
export type QuoteGrouping = z.output<typeof quoteGrouping>;

/** A code of the tree in display order, with its counts. */
export type CodeWithCounts = ApiOutput<'codes.list'>['codes'][number];
export type RetrievedSegment = ApiOutput<'codings.forCode'>['segments'][number];
export type NoteHit = ApiOutput<'search.notes'>['hits'][number];
export type QuoteBank = ApiOutput<'quotes.list'>;
export type QuoteEntry = QuoteBank['themes'][number]['quotes'][number];

export type Coder = z.output<typeof coder>;
export type RecordedAgreement = z.output<typeof recordedAgreement>;
export type InterviewChoice = z.output<typeof interviewChoice>;
export type SecondCoderCopy = z.output<typeof secondCoderCopy>;

export type BackupSettings = ApiOutput<'backups.setSettings'>;
export type BackupEntry = ApiOutput<'backups.make'>;

export type CodebookPreview = ApiOutput<'exchange.previewQdc'>;
export type QdpxImportSummary = ApiOutput<'exchange.importQdpx'>;
export type JsonImportSummary = ApiOutput<'exchange.importJson'>;
export type MergeReport = ApiOutput<'merge.preview'>;
export type MergeConflict = MergeReport['conflicts'][number];
export type RespondentClash = MergeReport['respondentClashes'][number];
