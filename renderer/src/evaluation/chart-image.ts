/** A chart's SVG as a file, and drawn onto a canvas for a PNG (twice the size, for print). */
import { downloadFile } from '../download';

export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const image = new Image();
  image.src = svgDataUrl(svg);
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(image.naturalWidth * scale);
  canvas.height = Math.round(image.naturalHeight * scale);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('This browser cannot draw the chart.');
  context.scale(scale, scale);
  context.drawImage(image, 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (blob === null) throw new Error('This browser cannot save the chart as PNG.');
  return new Uint8Array(await blob.arrayBuffer());
}

export async function saveChart(svg: string, baseName: string, format: 'svg' | 'png'): Promise<string> {
  const fileName = `${baseName.replace(/[\\/:*?"<>|]/g, '-')}.${format}`;
  if (format === 'svg') downloadFile(fileName, svg, 'image/svg+xml');
  else downloadFile(fileName, await svgToPng(svg), 'image/png');
  return fileName;
}
