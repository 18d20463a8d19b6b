/**
 * The saturation chart: one bar per interview in the order held, stacked from the codes first
 * used in it (each in its code's colour, named on hover), the running total of codes as a line,
 * axis titles, respondent IDs on hover, and SVG/PNG export for the report.
 */
import { useEffect, useRef, useState } from 'react';
import type { ApiOutput } from '../../../shared/api/contract';
import { ErrorMessage } from '../components/form';
import { call } from '../api';
import { savePng, saveSvg } from './chart-export';
import { messageOf, type CodeNode } from './coding-basics';

type Points = ApiOutput<'analysis.saturation'>['points'];

const FONT = 'system-ui, "Segoe UI", "Noto Sans", sans-serif';
const MUTED = '#5b6470';

export function SaturationPanel({ codes }: { codes: readonly CodeNode[] }) {
  const [points, setPoints] = useState<Points | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  useEffect(() => {
    call('analysis.saturation', {})
      .then((r) => setPoints(r.points))
      .catch((e: unknown) => setError(messageOf(e)));
  }, []);
  if (error) return <ErrorMessage message={error} />;
  if (!points) return null;
  if (points.length === 0) return <p className="muted">No interviews yet.</p>;
  const byId = new Map(codes.map((c) => [c.id, c]));
  const W = 900;
  const H = 340;
  const pad = { l: 64, r: 64, t: 18, b: 64 };
  const maxNew = Math.max(1, ...points.map((p) => p.newCodes));
  const maxCum = Math.max(1, ...points.map((p) => p.cumulative));
  const bw = (W - pad.l - pad.r) / points.length;
  const plotH = H - pad.t - pad.b;
  const yNew = (v: number) => H - pad.b - (plotH * v) / maxNew;
  const yCum = (v: number) => H - pad.b - (plotH * v) / maxCum;
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${pad.l + bw * (i + 0.5)} ${yCum(p.cumulative)}`).join(' ');
  const ticks = (max: number) => [...new Set([0, Math.round(max / 2), max])];
  const every = Math.max(1, Math.ceil(points.length / 12));
  const shown = hover === null ? null : points[hover];
  const file = `saturation-${new Date().toISOString().slice(0, 10)}`;
  const box = { x: 0, y: 0, width: W, height: H };
  return (
    <figure className="saturation">
      <div className="actions compact network-tools">
        <button type="button" onClick={() => svg.current && saveSvg(svg.current, box, `${file}.svg`)}>
          Save as SVG
        </button>
        <button type="button" onClick={() => svg.current && void savePng(svg.current, box, `${file}.png`).catch((e: unknown) => setError(e instanceof Error ? e.message : 'The image could not be made.'))}>
          Save as PNG
        </button>
      </div>
      <svg
        ref={svg}
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`New codes per interview, in the order held: ${points.map((p) => p.newCodes).join(', ')}; ${points.at(-1)?.cumulative ?? 0} codes in all.`}
        data-testid="saturation-chart"
        onMouseLeave={() => setHover(null)}
      >
        <line x1={pad.l} y1={H - pad.b} x2={W - pad.r} y2={H - pad.b} stroke="#8c8f94" />
        <line x1={pad.l} y1={pad.t} x2={pad.l} y2={H - pad.b} stroke="#8c8f94" />
        <line x1={W - pad.r} y1={pad.t} x2={W - pad.r} y2={H - pad.b} stroke="#8c8f94" />
        {ticks(maxNew).map((t) => (
          <text key={`l${t}`} x={pad.l - 6} y={yNew(t) + 4} textAnchor="end" fontSize="11" fontFamily={FONT} fill={MUTED}>
            {t}
          </text>
        ))}
        {ticks(maxCum).map((t) => (
          <text key={`r${t}`} x={W - pad.r + 6} y={yCum(t) + 4} fontSize="11" fontFamily={FONT} fill={MUTED}>
            {t}
          </text>
        ))}
        {points.map((p, i) => {
          const x = pad.l + bw * i + bw * 0.12;
          const w = bw * 0.76;
          const unit = plotH / maxNew;
          return (
            <g key={p.interviewId} data-testid="saturation-bar" data-respondents={p.respondentCodes.join(', ')} onMouseEnter={() => setHover(i)}>
              <rect x={pad.l + bw * i} y={pad.t} width={bw} height={plotH} fill={hover === i ? '#eef4f8' : 'transparent'} />
              {p.newCodeIds.map((codeId, k) => {
                const code = byId.get(codeId);
                return (
                  <rect key={codeId} x={x} y={H - pad.b - unit * (k + 1)} width={w} height={Math.max(1, unit - 1)} fill={code?.color ?? '#9dbbd2'} stroke="#ffffff" strokeWidth="0.5" data-first={code?.name}>
                    <title>
                      “{code?.name ?? 'code'}” first appears in ID {p.respondentCodes.join(', ')} ({p.heldOn.slice(0, 10)})
                    </title>
                  </rect>
                );
              })}
              <title>
                ID {p.respondentCodes.join(', ')}, {p.heldOn.slice(0, 10)}: {p.newCodes} new code{p.newCodes === 1 ? '' : 's'}, {p.cumulative} in all
              </title>
              {i % every === 0 ? (
                <text x={pad.l + bw * (i + 0.5)} y={H - pad.b + 14} textAnchor="middle" fontSize="10" fontFamily={FONT} fill={MUTED}>
                  {p.respondentCodes[0] ?? ''}
                </text>
              ) : null}
            </g>
          );
        })}
        <path d={line} fill="none" stroke="#1f5f8b" strokeWidth="2" pointerEvents="none" />
        <text x={(pad.l + W - pad.r) / 2} y={H - 18} textAnchor="middle" fontSize="12" fontFamily={FONT} fill="#1f2328">
          Interviews in the order held (respondent ID), {points[0]?.heldOn.slice(0, 10)} to {points.at(-1)?.heldOn.slice(0, 10)}
        </text>
        <text transform={`translate(16 ${pad.t + plotH / 2}) rotate(-90)`} textAnchor="middle" fontSize="12" fontFamily={FONT} fill="#1f2328">
          New codes in the interview (bars)
        </text>
        <text transform={`translate(${W - 14} ${pad.t + plotH / 2}) rotate(90)`} textAnchor="middle" fontSize="12" fontFamily={FONT} fill="#1f5f8b">
          Codes so far (line)
        </text>
      </svg>
      <p className="muted small saturation-hover" aria-live="polite" data-testid="saturation-hover">
        {shown
          ? `ID ${shown.respondentCodes.join(', ')} · ${shown.heldOn.slice(0, 10)} · ${shown.newCodes} new: ${shown.newCodeIds.map((id) => byId.get(id)?.name ?? '?').join(', ') || 'none'} · ${shown.cumulative} codes so far`
          : 'Point at a bar to see the interview’s respondents and the codes that first appeared in it.'}
      </p>
      <figcaption className="muted small">Each bar is stacked from the codes first used in that interview, in their colours. A flattening line suggests saturation.</figcaption>
    </figure>
  );
}
