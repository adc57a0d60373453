// Writes the app icons (public/icons/*.png): a three-layer network mark, rasterised with signed distances and written as PNG with node:zlib.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');

// Colours match --brand-bg / --brand-fg / --brand-accent in app/styles.css.
const BG = [0x0f, 0x3d, 0x3a];
const FG = [0xd8, 0xf3, 0xef];
const ACCENT = [0x5e, 0xea, 0xd4];

// The mark on a 32-unit grid, as in app/components/logo.tsx.
const NODES = [
  [9, 11, 2.6, FG], [9, 21, 2.6, FG],
  [16, 9, 2.6, FG], [16, 16, 2.6, FG], [16, 23, 2.6, FG],
  [23, 16, 3.2, ACCENT],
];
const EDGES = [
  [0, 2], [0, 3], [0, 4], [1, 2], [1, 3], [1, 4], [2, 5], [3, 5], [4, 5],
];
const EDGE_WIDTH = 1.6;
const EDGE_OPACITY = 0.75;

function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function roundedRectDistance(px, py, size, radius) {
  const h = size / 2;
  const qx = Math.abs(px - h) - (h - radius), qy = Math.abs(py - h) - (h - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Coverage in [0, 1] from a signed distance in pixels (negative inside), antialiased over one pixel. */
const cover = (d) => Math.max(0, Math.min(1, 0.5 - d));

function blend(dst, src, a) {
  for (let i = 0; i < 3; i++) dst[i] = dst[i] * (1 - a) + src[i] * a;
}

/**
 * size: pixels; maskable: background fills the square and the mark shrinks into the 80% safe zone;
 * otherwise a rounded square with transparent corners.
 */
function render(size, { maskable }) {
  const rgba = Buffer.alloc(size * size * 4);
  // Map the 32-unit mark onto the canvas; a maskable icon keeps it inside the central 80% circle.
  const markScale = maskable ? (size * 0.8) / 32 : (size * 1.02) / 32;
  const offset = (size - 32 * markScale) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = x + 0.5, py = y + 0.5;
      const alpha = maskable ? 1 : cover(roundedRectDistance(px, py, size, size * 0.22));
      const rgb = [...BG];
      const ux = (px - offset) / markScale, uy = (py - offset) / markScale;
      let edge = 0;
      for (const [a, b] of EDGES) {
        const d = (segmentDistance(ux, uy, NODES[a][0], NODES[a][1], NODES[b][0], NODES[b][1]) - EDGE_WIDTH / 2) * markScale;
        edge = Math.max(edge, cover(d));
      }
      blend(rgb, FG, edge * EDGE_OPACITY);
      for (const [cx, cy, r, colour] of NODES) {
        blend(rgb, colour, cover((Math.hypot(ux - cx, uy - cy) - r) * markScale));
      }
      const o = (y * size + x) * 4;
      rgba[o] = Math.round(rgb[0]);
      rgba[o + 1] = Math.round(rgb[1]);
      rgba[o + 2] = Math.round(rgb[2]);
      rgba[o + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  // Each scanline starts with filter type 0 (none).
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const ICONS = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'maskable-512.png', size: 512, maskable: true },
  { file: 'apple-touch-icon.png', size: 180, maskable: true },
];

await mkdir(outDir, { recursive: true });
for (const icon of ICONS) {
  const bytes = png(icon.size, render(icon.size, icon));
  await writeFile(join(outDir, icon.file), bytes);
  console.log(`icons: ${icon.file} ${icon.size}×${icon.size} ${(bytes.length / 1024).toFixed(1)} KiB`);
}
