import { describe, expect, it } from 'vitest';
import { boxesOverlap, boxSize, edgePoint, layoutNetwork } from '../../../shared/coding/network-layout';
import { attributePassage, nextCodeColor, CODE_PALETTE, type RespondentFacts } from '../../../shared/coding';

describe('relations network layout', () => {
  it('places twelve linked codes with no two boxes overlapping, and keeps saved places exactly', () => {
    const names = ['Trust between agencies', 'Donor relations', 'Stigma', 'Access to justice', 'Awareness', 'Resources', 'Training', 'Shelter and care', 'Funding cycles', 'Case delays', 'Legal aid', 'Village outreach'];
    const boxes = names.map((name) => ({ id: name, ...boxSize(name) }));
    const links = names.slice(1).map((name, i) => ({ from: name, to: names[i % 3] as string }));
    const saved = { Stigma: { x: 0, y: 0 }, 'Donor relations': { x: 5, y: 10 } };
    const placed = layoutNetwork(boxes, links, saved);
    expect(placed.Stigma).toEqual({ x: 0, y: 0 });
    expect(placed['Donor relations']).toEqual({ x: 5, y: 10 });
    const unpinned = boxes.filter((b) => !(b.id in saved));
    for (const a of unpinned) {
      for (const b of boxes) {
        if (a.id === b.id) continue;
        expect(boxesOverlap({ ...a, ...placed[a.id]! }, { ...b, ...placed[b.id]! }), `${a.id} / ${b.id}`).toBe(false);
      }
    }
  });

  it('ends an arrow on the border of the box it points at', () => {
    expect(edgePoint({ x: -100, y: 0 }, { x: 0, y: 0 }, 80, 30)).toEqual({ x: -40, y: 0 });
    expect(edgePoint({ x: 0, y: 100 }, { x: 0, y: 0 }, 80, 30)).toEqual({ x: 0, y: 15 });
    const corner = edgePoint({ x: 100, y: 100 }, { x: 0, y: 0 }, 80, 30);
    expect(corner).toEqual({ x: 15, y: 15 });
  });

  it('sizes a box to its whole name, wrapping long names onto two lines instead of cutting them', () => {
    const long = boxSize('Information sharing between ministries');
    expect(long.lines.join(' ')).toBe('Information sharing between ministries');
    expect(long.lines.length).toBe(2);
  });
});

describe('new code colours and passage attribution', () => {
  it('gives each new code the palette colour fewest codes use', () => {
    expect(nextCodeColor([])).toBe(CODE_PALETTE[0]);
    expect(nextCodeColor([{ color: CODE_PALETTE[0] }, { color: CODE_PALETTE[1].toLowerCase() }])).toBe(CODE_PALETTE[2]);
    expect(nextCodeColor(CODE_PALETTE.map((color) => ({ color })))).toBe(CODE_PALETTE[0]);
  });

  it('gives a passage to its speaker, the only respondent, or the whole group session', () => {
    const r = (id: string, type: string): RespondentFacts => ({ participantId: id, respondentCode: id, attributes: { organisationType: type }, quoteConsent: true });
    const group = [r('35', 'government'), r('36', 'ngo')];
    expect(attributePassage(group, '36')).toEqual({ respondents: [group[1]], wholeSession: false });
    expect(attributePassage(group, null)).toEqual({ respondents: group, wholeSession: true });
    expect(attributePassage([group[0]!], null)).toEqual({ respondents: [group[0]], wholeSession: false });
  });
});
