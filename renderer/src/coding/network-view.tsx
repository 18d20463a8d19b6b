/**
 * The relations network as a picture: codes as boxes sized to their names, relations as arrows
 * that end at the box's edge with their label on a white halo. New codes are placed by d3-force
 * without overlapping (shared/coding/network-layout.ts); a code the user drags (or moves with the
 * arrow keys) stays where it was put, saved in the project. Wheel or +/− zooms, dragging the
 * background pans, "Fit" shows everything; the network saves as SVG or PNG.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { boxSize, edgePoint, layoutNetwork, type Point } from '../../../shared/coding/network-layout';
import { call } from '../api';
import { savePng, saveSvg } from './chart-export';
import { messageOf, type CodeNode } from './coding-basics';

export interface NetworkRelation {
  id: string;
  fromCodeId: string;
  toCodeId: string;
  label: string;
}

const INK = '#1f2328';
const MUTED = '#5b6470';
const FONT = 'system-ui, "Segoe UI", "Noto Sans", "Noto Sans Khmer", sans-serif';

export function NetworkView({ nodes, relations, coreId, related, onError }: { nodes: readonly CodeNode[]; relations: readonly NetworkRelation[]; coreId: string | null; related: ReadonlySet<string>; onError: (message: string) => void }) {
  const [saved, setSaved] = useState<Record<string, Point> | null>(null);
  const [moved, setMoved] = useState<Record<string, Point>>({});
  const [view, setView] = useState({ x: 0, y: 0, k: 1 });
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<{ kind: 'node'; codeId: string; dx: number; dy: number } | { kind: 'pan'; x: number; y: number; vx: number; vy: number } | null>(null);
  const fitted = useRef(false);

  useEffect(() => {
    call('relations.positions', {})
      .then((r) => setSaved(r.positions))
      .catch((e: unknown) => {
        setSaved({});
        onError(messageOf(e));
      });
  }, [onError]);

  const boxes = useMemo(() => new Map(nodes.map((n) => [n.id, boxSize(n.name)])), [nodes]);
  // Saved places stay; only codes without one are laid out, around the others.
  const placed = useMemo(() => {
    if (saved === null) return null;
    return layoutNetwork(
      nodes.map((n) => ({ id: n.id, width: boxes.get(n.id)?.width ?? 100, height: boxes.get(n.id)?.height ?? 30 })),
      relations.map((r) => ({ from: r.fromCodeId, to: r.toCodeId })),
      saved,
    );
  }, [nodes, relations, saved, boxes]);
  const positions = useMemo(() => ({ ...(placed ?? {}), ...moved }), [placed, moved]);

  // Newly placed codes are saved at once, so the network looks the same when reopened.
  useEffect(() => {
    if (placed === null || saved === null) return;
    const fresh = Object.fromEntries(Object.entries(placed).filter(([id]) => saved[id] === undefined));
    if (Object.keys(fresh).length === 0) return;
    call('relations.savePositions', { positions: fresh })
      .then(() => setSaved((s) => ({ ...(s ?? {}), ...fresh })))
      .catch((e: unknown) => onError(messageOf(e)));
  }, [placed, saved, onError]);

  const bounds = useMemo(() => {
    const ids = Object.keys(positions).filter((id) => boxes.has(id));
    if (ids.length === 0) return { x: 0, y: 0, width: 400, height: 200 };
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const id of ids) {
      const p = positions[id] as Point;
      const b = boxes.get(id) as { width: number; height: number };
      minX = Math.min(minX, p.x - b.width / 2);
      maxX = Math.max(maxX, p.x + b.width / 2);
      minY = Math.min(minY, p.y - b.height / 2);
      maxY = Math.max(maxY, p.y + b.height / 2);
    }
    const pad = 60;
    return { x: minX - pad, y: minY - pad, width: maxX - minX + 2 * pad, height: maxY - minY + 2 * pad };
  }, [positions, boxes]);

  const fit = () => {
    const el = svg.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    const k = Math.min(width / bounds.width, height / bounds.height, 1.5);
    setView({ k, x: (width - bounds.width * k) / 2 - bounds.x * k, y: (height - bounds.height * k) / 2 - bounds.y * k });
  };
  useEffect(() => {
    if (placed !== null && !fitted.current && Object.keys(placed).length > 0) {
      fitted.current = true;
      fit();
    }
  });

  const toWorld = (e: { clientX: number; clientY: number }): Point => {
    const box = svg.current?.getBoundingClientRect();
    return { x: (e.clientX - (box?.left ?? 0) - view.x) / view.k, y: (e.clientY - (box?.top ?? 0) - view.y) / view.k };
  };
  const persist = (codeId: string, at: Point) => {
    call('relations.savePositions', { positions: { [codeId]: at } }).catch((e: unknown) => onError(messageOf(e)));
  };
  const zoom = (factor: number, around?: Point) => {
    const box = svg.current?.getBoundingClientRect();
    const cx = around?.x ?? (box?.width ?? 0) / 2;
    const cy = around?.y ?? (box?.height ?? 0) / 2;
    setView((v) => {
      const k = Math.max(0.2, Math.min(4, v.k * factor));
      return { k, x: cx - ((cx - v.x) * k) / v.k, y: cy - ((cy - v.y) * k) / v.k };
    });
  };

  // React's wheel listener is passive; zooming must stop the page from scrolling.
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const box = el.getBoundingClientRect();
      zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, { x: e.clientX - box.left, y: e.clientY - box.top });
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  });

  const file = `relations-network-${new Date().toISOString().slice(0, 10)}`;
  return (
    <div className="network-view">
      <div className="actions compact network-tools">
        <button type="button" onClick={() => zoom(1.25)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoom(1 / 1.25)} aria-label="Zoom out">
          −
        </button>
        <button type="button" onClick={fit}>
          Fit
        </button>
        <button type="button" onClick={() => svg.current && saveSvg(svg.current, bounds, `${file}.svg`)}>
          Save as SVG
        </button>
        <button type="button" onClick={() => svg.current && void savePng(svg.current, bounds, `${file}.png`).catch((e: unknown) => onError(e instanceof Error ? e.message : 'The image could not be made.'))}>
          Save as PNG
        </button>
        <span className="muted small">Drag codes to place them (saved); drag the background to pan, wheel to zoom.</span>
      </div>
      <svg
        ref={svg}
        className="network"
        role="group"
        aria-label="Network of code relations (drag codes, or focus one and use the arrow keys)"
        data-testid="network"
        onPointerDown={(e) => {
          if (e.target !== e.currentTarget) return;
          drag.current = { kind: 'pan', x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
          e.currentTarget.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (d?.kind !== 'pan') return;
          setView((v) => ({ ...v, x: d.vx + e.clientX - d.x, y: d.vy + e.clientY - d.y }));
        }}
        onPointerUp={() => {
          if (drag.current?.kind === 'pan') drag.current = null;
        }}
      >
        <defs>
          <marker id="network-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill={MUTED} />
          </marker>
        </defs>
        <g data-viewport="" transform={`translate(${view.x} ${view.y}) scale(${view.k})`}>
          {relations.map((r) => {
            const a = positions[r.fromCodeId];
            const b = positions[r.toCodeId];
            const ba = boxes.get(r.fromCodeId);
            const bb = boxes.get(r.toCodeId);
            if (!a || !b || !ba || !bb) return null;
            const start = edgePoint(b, a, ba.width, ba.height);
            const end = edgePoint(a, b, bb.width + 4, bb.height + 4);
            return (
              <g key={r.id} data-relation={r.id}>
                <line x1={start.x} y1={start.y} x2={end.x} y2={end.y} stroke={MUTED} strokeWidth="1.5" markerEnd="url(#network-arrow)" />
              </g>
            );
          })}
          {nodes.map((code) => {
            const p = positions[code.id];
            const box = boxes.get(code.id);
            if (!p || !box) return null;
            const core = code.id === coreId;
            return (
              <g
                key={code.id}
                transform={`translate(${p.x} ${p.y})`}
                className="node"
                data-code={code.name}
                tabIndex={0}
                role="button"
                aria-label={`${code.name}${core ? ', core category' : ''}; arrow keys move it`}
                onPointerDown={(e) => {
                  const at = toWorld(e);
                  drag.current = { kind: 'node', codeId: code.id, dx: at.x - p.x, dy: at.y - p.y };
                  (e.currentTarget as Element).setPointerCapture(e.pointerId);
                  e.stopPropagation();
                }}
                onPointerMove={(e) => {
                  const d = drag.current;
                  if (d?.kind !== 'node' || d.codeId !== code.id) return;
                  const at = toWorld(e);
                  setMoved((m) => ({ ...m, [code.id]: { x: Math.round(at.x - d.dx), y: Math.round(at.y - d.dy) } }));
                }}
                onPointerUp={() => {
                  const d = drag.current;
                  drag.current = null;
                  if (d?.kind === 'node' && d.codeId === code.id) persist(code.id, positions[code.id] ?? p);
                }}
                onKeyDown={(e) => {
                  const step = e.shiftKey ? 40 : 10;
                  const delta = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[e.key];
                  if (!delta) return;
                  e.preventDefault();
                  const next = { x: p.x + (delta[0] ?? 0), y: p.y + (delta[1] ?? 0) };
                  setMoved((m) => ({ ...m, [code.id]: next }));
                  persist(code.id, next);
                }}
              >
                <title>{code.path.join(' › ')}</title>
                <rect
                  x={-box.width / 2}
                  y={-box.height / 2}
                  width={box.width}
                  height={box.height}
                  rx={6}
                  fill={core ? '#fff6dc' : related.has(code.id) ? '#f3f8fb' : '#ffffff'}
                  stroke={code.color}
                  strokeWidth={core ? 4 : 2}
                />
                <text textAnchor="middle" fontSize="13" fontFamily={FONT} fill={INK} style={{ pointerEvents: 'none' }}>
                  {box.lines.map((line, i) => (
                    <tspan key={i} x={0} y={(i - (box.lines.length - 1) / 2) * 16 + 4.5}>
                      {line}
                    </tspan>
                  ))}
                </text>
              </g>
            );
          })}
          {/* Labels last, on a white halo, so no box hides them. */}
          {relations.map((r) => {
            const a = positions[r.fromCodeId];
            const b = positions[r.toCodeId];
            const ba = boxes.get(r.fromCodeId);
            const bb = boxes.get(r.toCodeId);
            if (!a || !b || !ba || !bb) return null;
            const start = edgePoint(b, a, ba.width, ba.height);
            const end = edgePoint(a, b, bb.width + 4, bb.height + 4);
            const mid = { x: (start.x + end.x) / 2, y: (start.y + end.y) / 2 };
            return (
              <g key={r.id} data-relation-label={r.id}>
                <text x={mid.x} y={mid.y - 4} textAnchor="middle" fontSize="11" fontFamily={FONT} fill={MUTED} stroke="#ffffff" strokeWidth="4" paintOrder="stroke" strokeLinejoin="round">
                  {r.label}
                </text>
              </g>
            );
          })}
        </g>
      </svg>
    </div>
  );
}
