// The relations network's geometry: an initial layout with d3-force (links pull related codes
// together, boxes repel and never overlap), positions the user dragged kept as they are, and where
// an arrow meets a box's edge. Pure functions: the renderer draws, tests check the numbers.
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';

export interface NetworkBox {
  id: string;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

interface SimNode extends SimulationNodeDatum {
  id: string;
  width: number;
  height: number;
}

/** Extra space kept between two boxes, so edges and their labels have room. */
const GAP = 40;

/**
 * Places boxes that have no saved position; saved ones stay fixed (fx/fy) and the new ones settle
 * around them. The simulation runs a fixed number of ticks (deterministic for the same input:
 * new nodes start on a spiral, d3's default), then any overlap left is pushed apart.
 */
export function layoutNetwork(boxes: readonly NetworkBox[], links: readonly { from: string; to: string }[], saved: Readonly<Record<string, Point>>): Record<string, Point> {
  const nodes: SimNode[] = boxes.map((b) => {
    const at = saved[b.id];
    return at ? { id: b.id, width: b.width, height: b.height, x: at.x, y: at.y, fx: at.x, fy: at.y } : { id: b.id, width: b.width, height: b.height };
  });
  const known = new Set(nodes.map((n) => n.id));
  const edges: SimulationLinkDatum<SimNode>[] = links.filter((l) => known.has(l.from) && known.has(l.to) && l.from !== l.to).map((l) => ({ source: l.from, target: l.to }));
  const radius = (n: SimNode) => Math.hypot(n.width, n.height) / 2 + GAP / 2;
  const simulation = forceSimulation(nodes)
    .force('link', forceLink<SimNode, SimulationLinkDatum<SimNode>>(edges).id((n) => n.id).distance((l) => radius(l.source as SimNode) + radius(l.target as SimNode) + 110))
    .force('charge', forceManyBody<SimNode>().strength(-400))
    .force('collide', forceCollide<SimNode>().radius(radius).strength(1))
    .force('x', forceX<SimNode>(0).strength(0.04))
    .force('y', forceY<SimNode>(0).strength(0.06))
    .stop();
  simulation.tick(300);
  separate(nodes);
  return Object.fromEntries(nodes.map((n) => [n.id, { x: round(n.x ?? 0), y: round(n.y ?? 0) }]));
}

/** Pushes apart boxes that still overlap (rectangles, not circles), moving only the unpinned ones. */
function separate(nodes: SimNode[]): void {
  for (let pass = 0; pass < 50; pass++) {
    let moved = false;
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i] as SimNode;
        const b = nodes[j] as SimNode;
        const dx = (b.x ?? 0) - (a.x ?? 0);
        const dy = (b.y ?? 0) - (a.y ?? 0);
        const overlapX = (a.width + b.width) / 2 + GAP / 2 - Math.abs(dx);
        const overlapY = (a.height + b.height) / 2 + GAP / 2 - Math.abs(dy);
        if (overlapX <= 0 || overlapY <= 0) continue;
        moved = true;
        const aFixed = a.fx != null;
        const bFixed = b.fx != null;
        if (aFixed && bFixed) continue;
        // Move along the axis that needs the smaller push.
        const alongX = overlapX < overlapY;
        const push = (alongX ? overlapX : overlapY) + 1;
        const sign = (alongX ? dx : dy) >= 0 ? 1 : -1;
        const share = aFixed || bFixed ? 1 : 0.5;
        if (!aFixed) {
          if (alongX) a.x = (a.x ?? 0) - sign * push * share;
          else a.y = (a.y ?? 0) - sign * push * share;
        }
        if (!bFixed) {
          if (alongX) b.x = (b.x ?? 0) + sign * push * share;
          else b.y = (b.y ?? 0) + sign * push * share;
        }
      }
    }
    if (!moved) return;
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** True when two boxes centred at a and b overlap. */
export function boxesOverlap(a: NetworkBox & Point, b: NetworkBox & Point): boolean {
  return Math.abs(a.x - b.x) < (a.width + b.width) / 2 && Math.abs(a.y - b.y) < (a.height + b.height) / 2;
}

/**
 * Where the line from `from` towards the centre of a box (centre `to`, size w × h) crosses the
 * box's edge, so an arrowhead drawn there sits on the border instead of under the box.
 */
export function edgePoint(from: Point, to: Point, width: number, height: number): Point {
  const dx = from.x - to.x;
  const dy = from.y - to.y;
  if (dx === 0 && dy === 0) return { ...to };
  const scale = Math.min(dx === 0 ? Infinity : width / 2 / Math.abs(dx), dy === 0 ? Infinity : height / 2 / Math.abs(dy));
  return { x: to.x + dx * scale, y: to.y + dy * scale };
}

/** The width a box needs for its label (about 7.2 px per character at 13 px, wrapped to two lines past 26 characters). */
export function boxSize(label: string): { width: number; height: number; lines: string[] } {
  const lines = wrap(label, 26);
  const longest = Math.max(...lines.map((l) => [...l].length), 4);
  return { width: Math.round(longest * 7.4 + 24), height: 14 + lines.length * 16, lines };
}

function wrap(text: string, max: number): string[] {
  const words = text.split(/\s+/u).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && [...`${line} ${word}`].length > max) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.length === 0 ? [text] : lines;
}
