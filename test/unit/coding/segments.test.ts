import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyEdit, applyEdits, applyEditToText, codingProblems, mapRange, type TextEdit } from '../../../shared/coding/segments';
import { CodingError, type Coding } from '../../../shared/coding/model';

const NOTE = 'We walk to the clinic because the bus costs too much.';

function codingOf(id: string, text: string, phrase: string, note = NOTE): Coding {
  const start = note.indexOf(phrase);
  if (start < 0) throw new Error(`"${phrase}" not in note`);
  return { id, codeId: `code-${id}`, interviewId: 'i1', noteId: 'n1', questionName: 'q5', start, end: start + phrase.length, text: phrase };
}

function edited(codings: readonly Coding[], edit: TextEdit, note = NOTE): { note: string; codings: Coding[]; removed: string[] } {
  const result = applyEdit(codings, edit);
  const text = applyEditToText(note, edit);
  for (const c of result.codings) expect(codingProblems(c, text)).toEqual([]);
  return { note: text, codings: result.codings, removed: result.removed.map((c) => c.id) };
}

const insert = (at: number, inserted: string): TextEdit => ({ at, deleted: 0, inserted });
const remove = (at: number, deleted: number): TextEdit => ({ at, deleted, inserted: '' });

describe('applyEdit', () => {
  const bus = codingOf('bus', '', 'the bus costs');
  it('shifts a coding when text is typed before it, or exactly at its start', () => {
    expect(edited([bus], insert(0, 'Often ')).codings[0]).toMatchObject({ start: bus.start + 6, end: bus.end + 6, text: 'the bus costs' });
    expect(edited([bus], insert(bus.start, 'X')).codings[0]).toMatchObject({ start: bus.start + 1, end: bus.end + 1, text: 'the bus costs' });
  });

  it('extends a coding when text is typed inside it', () => {
    const r = edited([bus], insert(bus.start + 4, 'city '));
    expect(r.codings[0]).toMatchObject({ start: bus.start, end: bus.end + 5, text: 'the city bus costs' });
  });

  it('does not extend a coding when text is typed right after it', () => {
    const r = edited([bus], insert(bus.end, ' far'));
    expect(r.codings[0]).toBe(bus);
    expect(r.note).toContain('the bus costs far too much');
  });

  it('shrinks a coding when part of its text is deleted, from either edge or inside', () => {
    expect(edited([bus], remove(bus.start, 4)).codings[0]).toMatchObject({ start: bus.start, end: bus.end - 4, text: 'bus costs' });
    expect(edited([bus], remove(bus.end - 6, 6)).codings[0]).toMatchObject({ start: bus.start, end: bus.end - 6, text: 'the bus' });
    expect(edited([bus], remove(bus.start + 3, 4)).codings[0]).toMatchObject({ text: 'the costs' });
    // A deletion that starts before the coding and ends inside it.
    expect(edited([bus], remove(bus.start - 8, 12)).codings[0]).toMatchObject({ start: bus.start - 8, end: bus.end - 12, text: 'bus costs' });
  });

  it('removes a coding whose text is deleted entirely and returns it as it was', () => {
    const result = applyEdit([bus], remove(bus.start - 1, bus.end - bus.start + 2));
    expect(result.codings).toEqual([]);
    expect(result.removed).toEqual([bus]);
  });

  it('treats a replacement as delete then insert: typing over a whole coding removes it', () => {
    const r = edited([bus], { at: bus.start, deleted: bus.end - bus.start, inserted: 'transport' });
    expect(r.removed).toEqual(['bus']);
    expect(r.note).toContain('because transport too much');
  });

  it('moves nested codings each by the same rules', () => {
    const outer = codingOf('outer', '', 'because the bus costs too much');
    const inner = codingOf('inner', '', 'bus');
    // At the inner start: inside outer (grows), before inner (shifts).
    let r = edited([outer, inner], insert(inner.start, 'old '));
    expect(r.codings.map((c) => c.text)).toEqual(['because the old bus costs too much', 'bus']);
    // At the inner end: inside outer, after inner.
    r = edited(r.codings, insert(r.codings[1]!.end, 'es'), r.note);
    expect(r.codings.map((c) => c.text)).toEqual(['because the old buses costs too much', 'bus']);
    // Deleting all of inner shrinks outer and removes inner.
    const innerNow = r.codings[1]!;
    r = edited(r.codings, remove(innerNow.start, 3), r.note);
    expect(r.removed).toEqual(['inner']);
    expect(r.codings.map((c) => c.text)).toEqual(['because the old es costs too much']);
  });

  it('moves overlapping codings each by the same rules, and cuts both when a deletion spans them', () => {
    const a = codingOf('a', '', 'walk to the clinic');
    const b = codingOf('b', '', 'the clinic because the bus');
    // Inside the overlap: both grow.
    let r = edited([a, b], insert(NOTE.indexOf('clinic'), 'new '));
    expect(r.codings.map((c) => c.text)).toEqual(['walk to the new clinic', 'the new clinic because the bus']);
    // A deletion from inside a to inside b (across the end of a and the start of b's tail).
    const from = r.note.indexOf('to the');
    const to = r.note.indexOf('because') + 'because '.length;
    r = edited(r.codings, remove(from, to - from), r.note);
    expect(r.note).toBe('We walk the bus costs too much.');
    expect(r.codings.map((c) => [c.id, c.text])).toEqual([['a', 'walk '], ['b', 'the bus']]);
  });

  it('removes two adjacent codings that one deletion covers, and keeps their neighbours', () => {
    const a = codingOf('a', '', 'walk to');
    const b = codingOf('b', '', ' the clinic');
    const c = codingOf('c', '', 'clinic because');
    const r = edited([a, b, c], remove(a.start, b.end - a.start));
    expect(r.removed).toEqual(['a', 'b']);
    expect(r.codings.map((x) => x.text)).toEqual([' because']);
  });

  it('returns what undo needs: restoring removed and changed rows gives the rows before the edit', () => {
    const rows = [codingOf('a', '', 'walk to'), codingOf('b', '', 'the clinic'), codingOf('c', '', 'too much')];
    const result = applyEdit(rows, remove(NOTE.indexOf('to the'), 'to the clin'.length));
    const restored = new Map(result.codings.map((c) => [c.id, c]));
    for (const c of [...result.changed, ...result.removed]) restored.set(c.id, c);
    expect(rows.map((r) => restored.get(r.id))).toEqual(rows);
    expect(result.changed.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(result.removed).toEqual([]);
  });

  it('trims a coding back to text when a deletion leaves it at a paragraph separator', () => {
    const note = 'aaa\n\nbbb\n\nccc';
    const c: Coding = { ...codingOf('x', '', 'aaa\n\nbbb', note) };
    // Delete all of "aaa": the coding would start with "\n\n", which no mark can hold.
    const result = applyEdit([c], remove(0, 3), [0, 5]);
    expect(result.codings[0]).toMatchObject({ start: 2, end: 5, text: 'bbb' });
    expect(applyEdit([c], remove(5, 3), [3, 5]).codings[0]).toMatchObject({ start: 0, end: 3, text: 'aaa' });
  });

  it('refuses edits with negative or fractional offsets', () => {
    expect(() => applyEdit([bus], { at: -1, deleted: 0, inserted: 'x' })).toThrow(CodingError);
    expect(() => applyEdit([bus], { at: 1.5, deleted: 0, inserted: 'x' })).toThrow(CodingError);
    expect(() => applyEditToText('abc', remove(2, 5))).toThrow(/past the end/);
  });

  it('maps ranges the same way for Khmer text (UTF-16 offsets)', () => {
    const note = 'ខ្ញុំដើរទៅគ្លីនិក។';
    const phrase = 'ដើរទៅ';
    const c = codingOf('k', '', phrase, note);
    const r = edited([c], insert(0, 'ថ្ងៃនេះ '), note);
    expect(r.codings[0]?.text).toBe(phrase);
    expect(mapRange(c.start, c.end, insert(c.start + 2, 'ៗ'))).toEqual({ start: c.start, end: c.end + 1 });
  });

  it('applyEdits reports each coding as it was before the first edit that touched it', () => {
    const a = codingOf('a', '', 'walk');
    const result = applyEdits([a], [insert(0, 'x'), insert(0, 'y'), remove(0, 100)]);
    expect(result.codings).toEqual([]);
    expect(result.removed).toEqual([a]);
    expect(result.changed).toEqual([]);
  });
});

describe('applyEdit keeps codings on the characters they coded (property)', () => {
  // The model: every character has an identity. A coding owns a set of characters; deleting
  // characters removes them from the set; an inserted character joins a coding exactly when the
  // characters on both sides of it (after the deletion) belong to the coding. That is "typing
  // inside extends, at the edges does not" stated on characters instead of offsets.
  interface Char { id: number; ch: string }

  it('for random text, codings and a long sequence of edits, every coding still covers its characters', () => {
    const charArb = fc.constantFrom('a', 'b', ' ', '.', 'ក', '។', 'é');
    fc.assert(
      fc.property(
        fc.array(charArb, { minLength: 0, maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }),
        fc.array(fc.record({ at: fc.nat(), deleted: fc.nat({ max: 8 }), inserted: fc.array(charArb, { maxLength: 5 }) }), { minLength: 1, maxLength: 60 }),
        (initial, ranges, edits) => {
          let nextId = 0;
          const chars: Char[] = initial.map((ch) => ({ id: nextId++, ch }));
          const text = (): string => chars.map((c) => c.ch).join('');
          const owned = new Map<string, Set<number>>();
          let codings: Coding[] = [];
          ranges.forEach(([x, y], i) => {
            const n = chars.length + 1;
            const [s, e] = [x % n, y % n].sort((p, q) => p - q) as [number, number];
            if (s === e) return;
            const id = `c${i}`;
            owned.set(id, new Set(chars.slice(s, e).map((c) => c.id)));
            codings.push({ id, codeId: 'k', interviewId: 'i', noteId: 'n', questionName: null, start: s, end: e, text: text().slice(s, e) });
          });
          for (const raw of edits) {
            const at = raw.at % (chars.length + 1);
            const deleted = Math.min(raw.deleted, chars.length - at);
            const inserted = raw.inserted.join('');
            const edit = { at, deleted, inserted };
            const old = text();
            // The model.
            chars.splice(at, deleted);
            const before = chars[at - 1];
            const after = chars[at];
            const fresh = raw.inserted.map((ch) => ({ id: nextId++, ch }));
            chars.splice(at, 0, ...fresh);
            for (const set of owned.values()) {
              if (before !== undefined && after !== undefined && set.has(before.id) && set.has(after.id)) {
                for (const c of fresh) set.add(c.id);
              }
            }
            // The arithmetic.
            expect(applyEditToText(old, edit)).toBe(text());
            const result = applyEdit(codings, edit);
            codings = result.codings;
            for (const r of result.removed) {
              const set = owned.get(r.id) as Set<number>;
              expect(chars.some((c) => set.has(c.id))).toBe(false);
              owned.delete(r.id);
            }
            for (const c of codings) {
              const set = owned.get(c.id) as Set<number>;
              const positions = chars.flatMap((ch, i) => (set.has(ch.id) ? [i] : []));
              expect(positions.length).toBeGreaterThan(0);
              const first = positions[0] as number;
              const last = positions.at(-1) as number;
              // The characters of a coding stay one contiguous run...
              expect(last - first + 1).toBe(positions.length);
              // ...and the offsets and text say exactly where it is.
              expect([c.start, c.end]).toEqual([first, last + 1]);
              expect(c.text).toBe(text().slice(c.start, c.end));
            }
            expect(codings.length).toBe(owned.size);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
