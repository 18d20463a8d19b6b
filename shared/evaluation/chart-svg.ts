/**
 * A horizontal bar chart as a standalone SVG document: the same bytes are shown in the app,
 * saved as .svg, and drawn onto a canvas for .png. Presentation attributes only (no <style>),
 * so the app's Content Security Policy and any SVG viewer render it alike.
 */
export interface BarChart {
  title: string;
  /** Each bar: a label, its share (0-100) and the text printed after it ("12 of 20, 60.0%"). */
  bars: { label: string; value: number; text: string }[];
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export const CHART_WIDTH = 640;

export function barChartSvg(chart: BarChart): string {
  const labelWidth = 190;
  const barArea = 300;
  const rowHeight = 28;
  const top = 44;
  const height = top + chart.bars.length * rowHeight + 16;
  const rows = chart.bars.map((bar, i) => {
    const y = top + i * rowHeight;
    const width = Math.max(0, Math.min(100, bar.value)) * (barArea / 100);
    const label = bar.label.length > 28 ? `${bar.label.slice(0, 27)}…` : bar.label;
    return (
      `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end" font-size="13" fill="#1f2933">${xml(label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 4}" width="${barArea}" height="18" fill="#e6e9ee"/>` +
      `<rect x="${labelWidth}" y="${y + 4}" width="${width.toFixed(1)}" height="18" fill="#2f6690"/>` +
      `<text x="${labelWidth + barArea + 8}" y="${y + 17}" font-size="12" fill="#1f2933">${xml(bar.text)}</text>`
    );
  });
  // About 7.5 px a character at 15 px: a longer title is cut rather than run off the image.
  const title = chart.title.length > 80 ? `${chart.title.slice(0, 79)}…` : chart.title;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="Arial, 'Noto Sans Khmer', sans-serif" role="img" aria-label="${xml(chart.title)}">` +
    `<rect width="${CHART_WIDTH}" height="${height}" fill="#ffffff"/>` +
    `<text x="16" y="26" font-size="15" font-weight="bold" fill="#1f2933">${xml(title)}</text>` +
    rows.join('') +
    '</svg>'
  );
}
