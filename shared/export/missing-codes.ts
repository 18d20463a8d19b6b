/**
 * The user-missing codes Fieldnote writes for a question without an answer, one per reason the
 * runner records (shared/api MISSING_REASONS) plus the early end of an interview, and how every
 * statistics format declares them. One table, so SPSS, Stata, R, CSV, DDI and the codebook agree.
 *
 * | code | reason                         | Stata |
 * | ---- | ------------------------------ | ----- |
 * |   -7 | interview ended before it      | `.b`  |
 * |   -8 | declined (or no reason given)  | `.a`  |
 * |  -10 | not applicable                 | `.n`  |
 * |  -11 | ran out of time                | `.t`  |
 *
 * -7 and -8 are the codes Fieldnote always wrote (CSPro's habit). The two later reasons sit
 * inside the same `LO THRU -7` range that categorical variables declare, so files and syntax
 * written before keep their meaning; -9 is left free because schedules often code Don't know
 * as -9. Numbers (integer and decimal questions) declare the range -11 THRU -7 (SPSS declares at
 * most three discrete values); when an answer falls inside it (a loss of -9, say), they declare
 * only the codes no answer equals, and the codebook says so (`numberMissing`).
 * Stata's letters are fixed per reason (`.n` is Stata users' usual "not applicable"); other
 * missing codes (Don't know) take `.c`, `.d`, … in order, skipping the fixed letters.
 */
import type { MissingReason } from '../api/interview';

export const DECLINED = -8;
export const ENDED = -7;
export const NOT_APPLICABLE = -10;
export const OUT_OF_TIME = -11;

/** Fieldnote's own codes, in the order they are labelled and listed. */
export const FIELDNOTE_MISSING_CODES = [DECLINED, ENDED, NOT_APPLICABLE, OUT_OF_TIME] as const;

/** Categorical variables declare LO THRU -7: every Fieldnote code and any other negative code. */
export const MISSING_RANGE = { low: null, high: ENDED } as const;

/** Numbers declare exactly Fieldnote's codes: -11 THRU -7. */
export const NUMBER_MISSING_RANGE = { low: OUT_OF_TIME, high: ENDED } as const;

/** The code for an answer left empty with a reason ('' is an older declined answer). */
export function missingCodeOf(reason: MissingReason | undefined): number {
  switch (reason) {
    case undefined:
    case '':
    case 'declined':
      return DECLINED;
    case 'not-applicable':
      return NOT_APPLICABLE;
    case 'out-of-time':
      return OUT_OF_TIME;
  }
}

/** Stata extended-missing letters that always mean the same reason. */
export const STATA_LETTERS: ReadonlyMap<number, string> = new Map([
  [DECLINED, 'a'],
  [ENDED, 'b'],
  [NOT_APPLICABLE, 'n'],
  [OUT_OF_TIME, 't'],
]);
