import fc from 'fast-check';
import { agreementMarkdown, agreementRows } from '../../../shared/export/agreement-report';
import { describe, expect, it } from 'vitest';
import { binaryAlpha, cohenKappa, computeAgreement, decisionKey, krippendorffAlphaNominal, percentAgreement, sampleInterviews, type AgreementCoding, type AgreementNote, type BinaryCounts } from '../../../shared/coding/agreement';

// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
// Communication, University of Pennsylvania (repository.upenn.edu/asc_papers/43).
describe("Krippendorff's alpha against the published worked examples (Krippendorff 2011)", () => {
  it('A. binary data, two observers, no missing data: alpha = 0.095', () => {
    const mary = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    const dave = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    const alpha = krippendorffAlphaNominal(mary.map((m, i) => [m, dave[i] as number]));
    expect(alpha).toBeCloseTo(0.095, 3);
    // The same data as a two-by-two table: 1 both, 1 only Mary, 3 only Dave, 5 neither.
    expect(binaryAlpha({ both: 1, onlyA: 1, onlyB: 3, neither: 5 })).toBeCloseTo(alpha as number, 12);
  });

  it('B. nominal data, two observers, no missing data: alpha = 0.692', () => {
    const ben = 'a a b b d c c c e d d a'.split(' ');
    const gerry = 'b a b b b c c c e d d d'.split(' ');
    expect(krippendorffAlphaNominal(ben.map((b, i) => [b, gerry[i] as string]))).toBeCloseTo(0.692, 3);
  });

  it('C. nominal data, four observers, missing data: alpha = 0.743', () => {
    const _ = null;
    const observers = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ];
    const units = observers[0]!.map((_v, u) => observers.map((o) => o[u] ?? null));
    expect(krippendorffAlphaNominal(units)).toBeCloseTo(0.743, 3);
  });
});

describe("Cohen's kappa against a textbook two-by-two table", () => {
  it('50 grant proposals, two readers: 20 yes-yes, 5 A only, 10 B only, 15 no-no: po 0.70, pe 0.50, kappa 0.40', () => {
    const t = { both: 20, onlyA: 5, onlyB: 10, neither: 15 };
    expect(percentAgreement(t)).toBeCloseTo(0.7, 12);
    expect(cohenKappa(t)).toBeCloseTo(0.4, 12);
  });

  it('is undefined, not 1 or NaN, when both coders said yes to every unit', () => {
    expect(cohenKappa({ both: 7, onlyA: 0, onlyB: 0, neither: 0 })).toBeNull();
    expect(binaryAlpha({ both: 7, onlyA: 0, onlyB: 0, neither: 0 })).toBeNull();
  });
});

const table = fc.record({ both: fc.nat(40), onlyA: fc.nat(40), onlyB: fc.nat(40), neither: fc.nat(40) });

describe('properties', () => {
  it('identical codings give 1 (whenever the figure is defined)', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.nat(40), (both, neither) => {
        fc.pre(both > 0 && neither > 0);
        const t = { both, onlyA: 0, onlyB: 0, neither };
        expect(cohenKappa(t)).toBeCloseTo(1, 12);
        expect(binaryAlpha(t)).toBeCloseTo(1, 12);
        expect(percentAgreement(t)).toBe(1);
      }),
    );
  });

  it('alpha and kappa are invariant to swapping the coders', () => {
    fc.assert(
      fc.property(table, (t: BinaryCounts) => {
        const swapped = { ...t, onlyA: t.onlyB, onlyB: t.onlyA };
        expect(binaryAlpha(swapped)).toEqual(binaryAlpha(t));
        expect(cohenKappa(swapped)).toEqual(cohenKappa(t));
      }),
    );
  });

  it('the closed-form binary alpha equals the general coincidence-matrix alpha', () => {
    fc.assert(
      fc.property(table, (t: BinaryCounts) => {
        const units = [...Array<[number, number]>(t.both).fill([1, 1]), ...Array<[number, number]>(t.onlyA).fill([1, 0]), ...Array<[number, number]>(t.onlyB).fill([0, 1]), ...Array<[number, number]>(t.neither).fill([0, 0])];
        const general = krippendorffAlphaNominal(units);
        const closed = binaryAlpha(t);
        if (general === null) expect(closed).toBeNull();
        else expect(closed).toBeCloseTo(general, 9);
      }),
    );
  });

  it('the general alpha is invariant to the order of coders in each unit', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('x', 'y', 'z', null), fc.constantFrom('x', 'y', 'z', null)), { maxLength: 30 }), (units) => {
        const a = krippendorffAlphaNominal(units);
        const b = krippendorffAlphaNominal(units.map(([p, q]) => [q, p]));
        if (a === null) expect(b).toBeNull();
        else expect(b).toBeCloseTo(a, 12);
      }),
    );
  });
});

describe('agreement over notes', () => {
  const notes: AgreementNote[] = [
    { id: 'n1', interviewId: 'i1', question: 'q1', text: 'The clinic opened. Staff were trained. Drugs ran out.' },
    { id: 'n2', interviewId: 'i1', question: 'q2', text: 'Funding was late។ The district helped។' },
    { id: 'n3', interviewId: 'i2', question: 'q1', text: 'Nothing changed.' },
    { id: 'n4', interviewId: 'i2', question: 'q2', text: '   ' },
  ];
  const at = (id: string, noteId: string, codeId: string, coder: 'A' | 'B', phrase: string): AgreementCoding => {
    const text = notes.find((n) => n.id === noteId)!.text;
    const start = text.indexOf(phrase);
    return { id, noteId, codeId, coder, start, end: start + phrase.length, text: phrase };
  };
  const codings = [
    at('a1', 'n1', 'training', 'A', 'Staff were trained.'),
    at('b1', 'n1', 'training', 'B', 'were trained'),
    at('a2', 'n1', 'supply', 'A', 'Drugs ran out.'),
    at('b2', 'n2', 'funding', 'B', 'Funding was late'),
    at('a3', 'n2', 'funding', 'A', 'Funding was late'),
    at('b3', 'n3', 'supply', 'B', 'Nothing changed.'),
  ];

  it('answer units: one yes/no per note with text and code, counts by hand', () => {
    const result = computeAgreement(notes, codings, 'answer');
    expect(result.unitCount).toBe(3); // the blank note is no unit
    expect(result.unitDescription).toMatch(/question's note/);
    const by = Object.fromEntries(result.codes.map((c) => [c.codeId, c]));
    expect(by.training).toMatchObject({ both: 1, onlyA: 0, onlyB: 0, neither: 2 });
    expect(by.funding).toMatchObject({ both: 1, onlyA: 0, onlyB: 0, neither: 2 });
    expect(by.supply).toMatchObject({ both: 0, onlyA: 1, onlyB: 1, neither: 1 });
    expect(result.overall).toMatchObject({ both: 2, onlyA: 1, onlyB: 1, neither: 5, units: 9 });
    expect(result.codes[0]!.codeId).toBe('supply'); // weakest first
    expect(result.disagreements.map((d) => [d.codeId, d.unit.noteId, d.a.length, d.b.length])).toEqual([
      ['supply', 'n1', 1, 0],
      ['supply', 'n3', 0, 1],
    ]);
  });

  it('sentence units: Latin and Khmer sentences, a coding counts in every sentence it touches', () => {
    const result = computeAgreement(notes, codings, 'sentence');
    expect(result.unitCount).toBe(6);
    const by = Object.fromEntries(result.codes.map((c) => [c.codeId, c]));
    expect(by.training).toMatchObject({ both: 1, onlyA: 0, onlyB: 0, neither: 5 });
    expect(by.funding).toMatchObject({ both: 1, onlyA: 0, onlyB: 0, neither: 5 });
    expect(by.supply).toMatchObject({ both: 0, onlyA: 1, onlyB: 1, neither: 4 });
  });

  it('decisions change the figures after adjudication only', () => {
    const decisions = new Map([[decisionKey('n1', 0, 'supply'), 'accept-a' as const]]);
    const before = computeAgreement(notes, codings, 'answer', decisions);
    const after = computeAgreement(notes, codings, 'answer', decisions, { applyDecisions: true });
    expect(before.codes.find((c) => c.codeId === 'supply')).toMatchObject({ both: 0, onlyA: 1, onlyB: 1 });
    expect(after.codes.find((c) => c.codeId === 'supply')).toMatchObject({ both: 1, onlyA: 0, onlyB: 1 });
    expect(before.disagreements[0]!.decision).toBe('accept-a');
  });
});

describe('a random sample of interviews for the second coder', () => {
  const ids = Array.from({ length: 40 }, (_, i) => `interview-${String(i).padStart(2, '0')}`);
  it('is reproducible from its seed, whatever order the ids come in', () => {
    const a = sampleInterviews(ids, 8, 2026);
    expect(a).toHaveLength(8);
    expect(new Set(a).size).toBe(8);
    expect(sampleInterviews([...ids].reverse(), 8, 2026)).toEqual(a);
    expect(sampleInterviews(ids, 8, 2027)).not.toEqual(a);
  });
  it('takes every interview when N is at least their number', () => {
    expect(sampleInterviews(ids, 100, 1)).toEqual(ids);
  });
});

describe('the agreement table as Markdown and rows', () => {
  const f = { both: 20, onlyA: 5, onlyB: 10, neither: 15, units: 50, percent: 0.7, kappa: 0.4, alpha: 0.3939393939 };
  const report = { title: 'Study', unitDescription: "Unit: each question's note (was the code applied to this answer: yes or no)", coderA: 'SK', coderB: 'LM', interviews: 12, unitCount: 50, codes: [{ ...f, codeName: 'Access | referral' }], overall: f, decisions: 0, generatedAt: '2026-12-07' };
  it('states the unit, escapes table syntax in names, and prints undefined figures as a dash', () => {
    const md = agreementMarkdown(report);
    expect(md).toContain("**Unit: each question's note (was the code applied to this answer: yes or no).**");
    expect(md).toContain('| Access \\| referral | 50 | 20 | 5 | 10 | 15 | 70.0 | 0.400 | 0.394 |');
    expect(md).toContain('- Coders: SK (A) and LM (B); 12 interviews, 50 units; codes weakest first.');
    const rows = agreementRows({ ...report, codes: [{ ...f, kappa: null, alpha: null, codeName: 'Everyone' }] });
    expect(rows[1]).toEqual(['Everyone', '50', '20', '5', '10', '15', '70.0', '–', '–']);
    expect(rows.some((r) => r[0] === report.unitDescription)).toBe(true);
  });
});
