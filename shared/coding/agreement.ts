// Inter-coder agreement between two coders: units, counts, percent agreement, Cohen's kappa and
// Krippendorff's alpha (nominal), and the disagreements to adjudicate.
//
// The unit is stated, never implied. A unit is either a question's note (did the coder apply the
// code anywhere in this answer: yes or no) or one sentence of a note. Counting characters instead
// inflates agreement wherever neither coder coded (QualCoder issue #667), so every unit is a
// whole stretch of text a coder read and decided on.
//
// Formulas:
// - Cohen (1960): kappa = (po - pe) / (1 - pe), pe from each coder's own marginals.
// - Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", nominal metric via the
//   coincidence matrix: alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k, counting
//   only units with at least two values (pairable). Verified against the paper's worked examples
//   in test/unit/coding/agreement.test.ts.
// Both are undefined (null here) when nothing varies: every unit got the same value from both.
import { sentenceRanges, type TextRange } from './analysis';
import { seededRandom } from '../util/seeded-random';

export type AgreementUnit = 'answer' | 'sentence';
export const AGREEMENT_UNITS: readonly AgreementUnit[] = ['answer', 'sentence'];

/** How each unit kind is named in every table and export. */
export function unitDescription(unit: AgreementUnit): string {
  switch (unit) {
    case 'answer':
      return "Unit: each question's note (was the code applied to this answer: yes or no)";
    case 'sentence':
      return 'Unit: each sentence of the notes (was the code applied to this sentence: yes or no)';
    default:
      return assertNever(unit);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected ${String(value)}`);
}

// ---------------------------------------------------------------- statistics

/** A two-by-two table of one code over the units: both coders applied it, only A, only B, neither. */
export interface BinaryCounts {
  both: number;
  onlyA: number;
  onlyB: number;
  neither: number;
}

export interface AgreementFigures extends BinaryCounts {
  units: number;
  /** Share of units on which the coders agree, 0..1; null without units. */
  percent: number | null;
  kappa: number | null;
  alpha: number | null;
}

export function percentAgreement(c: BinaryCounts): number | null {
  const n = c.both + c.onlyA + c.onlyB + c.neither;
  return n === 0 ? null : (c.both + c.neither) / n;
}

/** Cohen's kappa of a two-by-two table; null when chance agreement is 1 (no variation at all). */
export function cohenKappa(c: BinaryCounts): number | null {
  const n = c.both + c.onlyA + c.onlyB + c.neither;
  if (n === 0) return null;
  const po = (c.both + c.neither) / n;
  const aYes = (c.both + c.onlyA) / n;
  const bYes = (c.both + c.onlyB) / n;
  const pe = aYes * bYes + (1 - aYes) * (1 - bYes);
  if (pe >= 1) return null;
  return (po - pe) / (1 - pe);
}

/**
 * Krippendorff's alpha, nominal metric, for any number of coders and missing values.
 * `units[u][c]` is coder c's value for unit u, or null when that coder gave none.
 */
export function krippendorffAlphaNominal(units: readonly (readonly (string | number | null)[])[]): number | null {
  // Coincidence matrix: each ordered pair of values from different coders in a unit adds 1/(m_u - 1).
  const o = new Map<string, Map<string, number>>();
  const add = (c: string, k: string, w: number) => {
    let row = o.get(c);
    if (row === undefined) o.set(c, (row = new Map()));
    row.set(k, (row.get(k) ?? 0) + w);
  };
  for (const unit of units) {
    const values = unit.filter((v): v is string | number => v !== null).map((v) => `${typeof v}:${String(v)}`);
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) add(values[i] as string, values[j] as string, 1 / (m - 1));
  }
  const totals = new Map<string, number>();
  let n = 0;
  let disagreeing = 0;
  for (const [c, row] of o) {
    for (const [k, w] of row) {
      totals.set(c, (totals.get(c) ?? 0) + w);
      n += w;
      if (c !== k) disagreeing += w;
    }
  }
  let expected = 0;
  for (const [c, nc] of totals) for (const [k, nk] of totals) if (c !== k) expected += nc * nk;
  if (n <= 1 || expected === 0) return null;
  return 1 - ((n - 1) * disagreeing) / expected;
}

/** Alpha of a two-coder yes/no table without missing values (the same formula, closed form). */
export function binaryAlpha(c: BinaryCounts): number | null {
  const n = 2 * (c.both + c.onlyA + c.onlyB + c.neither);
  const yes = 2 * c.both + c.onlyA + c.onlyB;
  const no = 2 * c.neither + c.onlyA + c.onlyB;
  if (n <= 1 || yes === 0 || no === 0) return null;
  return 1 - ((n - 1) * (c.onlyA + c.onlyB)) / (yes * no);
}

export function figures(c: BinaryCounts): AgreementFigures {
  return { ...c, units: c.both + c.onlyA + c.onlyB + c.neither, percent: percentAgreement(c), kappa: cohenKappa(c), alpha: binaryAlpha(c) };
}

// ---------------------------------------------------------------- units from codings

export interface AgreementNote {
  id: string;
  interviewId: string;
  question: string;
  text: string;
}

export interface AgreementCoding {
  id: string;
  noteId: string;
  codeId: string;
  coder: 'A' | 'B';
  start: number;
  end: number;
  text: string;
}

export interface AgreementUnitRef extends TextRange {
  noteId: string;
  interviewId: string;
  question: string;
}

export type AdjudicationDecision = 'accept-a' | 'accept-b' | 'keep-both' | 'neither';
export const ADJUDICATION_DECISIONS: readonly AdjudicationDecision[] = ['accept-a', 'accept-b', 'keep-both', 'neither'];

/** Where a decision applies: one unit, one code. */
export function decisionKey(noteId: string, start: number, codeId: string): string {
  return `${noteId}:${start}:${codeId}`;
}

export interface CodeAgreement extends AgreementFigures {
  codeId: string;
}

export interface Disagreement {
  unit: AgreementUnitRef;
  /** The unit's own text (a sentence, or the whole answer). */
  unitText: string;
  codeId: string;
  /** Texts of A's and B's codings of this code in this unit (one side is empty). */
  a: { codingId: string; text: string }[];
  b: { codingId: string; text: string }[];
  decision: AdjudicationDecision | null;
}

export interface AgreementResult {
  unit: AgreementUnit;
  unitDescription: string;
  /** Units (notes or sentences) considered; each is decided once per code. */
  unitCount: number;
  /** Weakest first: lowest kappa (then alpha, then percent); codes whose kappa is undefined last. */
  codes: CodeAgreement[];
  /** Every unit-by-code decision of the listed codes pooled into one table. */
  overall: AgreementFigures;
  disagreements: Disagreement[];
}

/** The units of the notes: whole notes with text, or their sentences. */
export function unitsOf(notes: readonly AgreementNote[], unit: AgreementUnit): AgreementUnitRef[] {
  const out: AgreementUnitRef[] = [];
  for (const note of notes) {
    if (note.text.trim() === '') continue;
    const ranges = unit === 'answer' ? [{ start: 0, end: note.text.length }] : sentenceRanges(note.text);
    for (const r of ranges) out.push({ noteId: note.id, interviewId: note.interviewId, question: note.question, start: r.start, end: r.end });
  }
  return out;
}

const weakness = (x: AgreementFigures) => [x.kappa ?? Infinity, x.alpha ?? Infinity, x.percent ?? Infinity];

/**
 * Agreement per code and overall. Codes that neither coder applied in any unit are left out (all
 * "neither": nothing to agree on). `decisions` (by decisionKey) give the figures after
 * adjudication: accept A or B makes both coders' values that coder's, neither makes both "no",
 * keep both makes both "yes" (both segments stay as the consensus).
 */
export function computeAgreement(
  notes: readonly AgreementNote[],
  codings: readonly AgreementCoding[],
  unit: AgreementUnit,
  decisions: ReadonlyMap<string, AdjudicationDecision> = new Map(),
  options: { applyDecisions?: boolean } = {},
): AgreementResult {
  const units = unitsOf(notes, unit);
  const byNote = new Map<string, AgreementCoding[]>();
  for (const c of codings) {
    let list = byNote.get(c.noteId);
    if (list === undefined) byNote.set(c.noteId, (list = []));
    list.push(c);
  }
  const textOf = new Map(notes.map((n) => [n.id, n.text]));
  const unitsByNote = new Map<string, AgreementUnitRef[]>();
  for (const u of units) {
    let list = unitsByNote.get(u.noteId);
    if (list === undefined) unitsByNote.set(u.noteId, (list = []));
    list.push(u);
  }
  const codeIds = [...new Set(codings.filter((c) => (unitsByNote.get(c.noteId) ?? []).some((u) => c.start < u.end && u.start < c.end)).map((c) => c.codeId))].sort();
  const counts = new Map(codeIds.map((id) => [id, { both: 0, onlyA: 0, onlyB: 0, neither: 0 }]));
  const disagreements: Disagreement[] = [];
  for (const u of units) {
    const inUnit = (byNote.get(u.noteId) ?? []).filter((c) => c.start < u.end && u.start < c.end);
    for (const codeId of codeIds) {
      const a = inUnit.filter((c) => c.codeId === codeId && c.coder === 'A');
      const b = inUnit.filter((c) => c.codeId === codeId && c.coder === 'B');
      let yesA = a.length > 0;
      let yesB = b.length > 0;
      const decision = yesA !== yesB ? (decisions.get(decisionKey(u.noteId, u.start, codeId)) ?? null) : null;
      if (yesA !== yesB) {
        disagreements.push({
          unit: u,
          unitText: (textOf.get(u.noteId) ?? '').slice(u.start, u.end),
          codeId,
          a: a.map((c) => ({ codingId: c.id, text: c.text })),
          b: b.map((c) => ({ codingId: c.id, text: c.text })),
          decision,
        });
        if (options.applyDecisions === true && decision !== null) {
          switch (decision) {
            case 'accept-a':
              yesB = yesA;
              break;
            case 'accept-b':
              yesA = yesB;
              break;
            case 'keep-both':
              yesA = yesB = true;
              break;
            case 'neither':
              yesA = yesB = false;
              break;
            default:
              assertNever(decision);
          }
        }
      }
      const t = counts.get(codeId) as BinaryCounts;
      if (yesA && yesB) t.both++;
      else if (yesA) t.onlyA++;
      else if (yesB) t.onlyB++;
      else t.neither++;
    }
  }
  const pooled: BinaryCounts = { both: 0, onlyA: 0, onlyB: 0, neither: 0 };
  const codes: CodeAgreement[] = [];
  for (const [codeId, c] of counts) {
    pooled.both += c.both;
    pooled.onlyA += c.onlyA;
    pooled.onlyB += c.onlyB;
    pooled.neither += c.neither;
    codes.push({ codeId, ...figures(c) });
  }
  codes.sort((x, y) => {
    const wx = weakness(x);
    const wy = weakness(y);
    for (let i = 0; i < wx.length; i++) if (wx[i] !== wy[i]) return (wx[i] as number) - (wy[i] as number);
    return x.codeId < y.codeId ? -1 : x.codeId > y.codeId ? 1 : 0;
  });
  return { unit, unitDescription: unitDescription(unit), unitCount: units.length, codes, overall: figures(pooled), disagreements };
}

/** A figure as printed in tables: three decimals, or "–" when undefined. */
export function formatFigure(value: number | null): string {
  return value === null ? '–' : value.toFixed(3);
}

export function formatPercent(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)} %`;
}

// ---------------------------------------------------------------- choosing interviews for a second coder

/**
 * A random sample of `size` interviews, reproducible from `seed`: the same ids and seed give the
 * same sample on any machine (the ids are sorted first; mulberry32 drives a Fisher–Yates shuffle),
 * so the sample can be reported and redrawn.
 */
export function sampleInterviews(ids: readonly string[], size: number, seed: number): string[] {
  const pool = [...new Set(ids)].sort();
  const next = seededRandom(seed);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
  }
  return pool.slice(0, Math.max(0, Math.min(size, pool.length))).sort();
}
