// Generates every app icon from resources/icon.svg: PNG sizes for Linux, .ico for Windows,
// .icns for macOS, into resources/build/ (electron-builder's buildResources). Run after
// changing the SVG: `node scripts/make-icons.mjs`.
import fs from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const root = path.resolve(import.meta.dirname, '..');
const svg = fs.readFileSync(path.join(root, 'resources/icon.svg'));
const out = path.join(root, 'resources/build');
const iconsDir = path.join(out, 'icons');
fs.mkdirSync(iconsDir, { recursive: true });

const render = (size) => new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
for (const size of [16, 32, 48, 64, 128, 256, 512]) fs.writeFileSync(path.join(iconsDir, `${size}x${size}.png`), render(size));
const big = render(1024);
fs.writeFileSync(path.join(out, 'icon.png'), render(512));
fs.writeFileSync(path.join(out, 'icon.ico'), png2icons.createICO(big, png2icons.BICUBIC, 0, false, true));
fs.writeFileSync(path.join(out, 'icon.icns'), png2icons.createICNS(big, png2icons.BICUBIC, 0));
console.log(`Wrote icons to ${path.relative(root, out)}`);
