/**
 * Saves a chart drawn as SVG (the relations network, the saturation chart) as an .svg file or a
 * .png image for a report. Charts style themselves with attributes, not stylesheet classes, so
 * the file looks the same outside the app.
 */
import { downloadFile } from '../download';

/** The SVG as a standalone document, cropped to `box` (in the chart's own units). */
export function svgDocument(svg: SVGSVGElement, box: { x: number; y: number; width: number; height: number }): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('viewBox', `${box.x} ${box.y} ${box.width} ${box.height}`);
  copy.setAttribute('width', String(Math.round(box.width)));
  copy.setAttribute('height', String(Math.round(box.height)));
  copy.removeAttribute('class');
  copy.removeAttribute('style');
  // Zoom and pan are the screen's, not the file's.
  copy.querySelector('[data-viewport]')?.removeAttribute('transform');
  for (const el of copy.querySelectorAll('[data-export="skip"]')) el.remove();
  const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  for (const [k, v] of Object.entries({ x: box.x, y: box.y, width: box.width, height: box.height, fill: '#ffffff' })) background.setAttribute(k, String(v));
  copy.insertBefore(background, copy.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

export function saveSvg(svg: SVGSVGElement, box: { x: number; y: number; width: number; height: number }, fileName: string): void {
  downloadFile(fileName, svgDocument(svg, box), 'image/svg+xml');
}

/** Renders the SVG at twice its size (sharp in a printed report) and saves it as PNG. */
export async function savePng(svg: SVGSVGElement, box: { x: number; y: number; width: number; height: number }, fileName: string): Promise<void> {
  const text = svgDocument(svg, box);
  // A data: URL, not a blob: one: the app's Content-Security-Policy allows images only from itself and data:.
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const url = `data:image/svg+xml;base64,${btoa(binary)}`;
  const image = new Image();
  await new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('The chart could not be drawn as an image.'));
    image.src = url;
  });
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(box.width * scale);
  canvas.height = Math.round(box.height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw images.');
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The image could not be made.');
  downloadFile(fileName, new Uint8Array(await blob.arrayBuffer()), 'image/png');
}
