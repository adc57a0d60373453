// Writes a seeded synthetic table for the data-at-scale measurements: N rows of 20 numeric columns (x0..x19) and a 0/1 label, as CSV, TSV, JSON Lines or JSON.
// Usage: node scripts/gen-table.mjs --rows 1000000 --out big.csv [--seed 7]   (the format follows the extension; .parquet: scripts/gen-parquet.mjs)
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const COLUMNS = 20;

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

/** splitmix32: the same seeded stream on every machine (no Math.random). */
export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

/**
 * Row i's values: 20 standard normals rounded to 4 decimals, and a label that a linear rule of the first five
 * columns plus noise decides, so a network has something to learn (about 85% is reachable).
 */
export function* rows(n, seed) {
  const u = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const weights = [1.2, -0.8, 0.6, 0.9, -1.1];
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: COLUMNS }, () => 0);
    let z = 0;
    for (let c = 0; c < COLUMNS; c++) {
      x[c] = Math.round(normal() * 1e4) / 1e4;
      if (c < weights.length) z += weights[c] * x[c];
    }
    yield { x, label: z + 0.6 * normal() > 0 ? 1 : 0 };
  }
}

export const header = [...Array.from({ length: COLUMNS }, (_, c) => `x${c}`), 'label'];

async function main() {
  const n = Number(arg('rows', '10000'));
  const out = arg('out');
  const seed = Number(arg('seed', '7'));
  if (!out || !Number.isInteger(n) || n < 1) {
    console.error('usage: node scripts/gen-table.mjs --rows N --out file.csv|.tsv|.jsonl|.json [--seed 7]');
    process.exit(2);
  }
  const ext = out.slice(out.lastIndexOf('.') + 1).toLowerCase();
  const file = createWriteStream(out);
  let buf = '';
  const write = async (s) => {
    buf += s;
    if (buf.length > 1 << 20) {
      if (!file.write(buf)) await once(file, 'drain');
      buf = '';
    }
  };
  const sep = ext === 'tsv' ? '\t' : ',';
  if (ext === 'csv' || ext === 'tsv') await write(`${header.join(sep)}\n`);
  if (ext === 'json') await write('[');
  let first = true;
  for (const r of rows(n, seed)) {
    if (ext === 'csv' || ext === 'tsv') await write(`${r.x.join(sep)}${sep}${r.label}\n`);
    else if (ext === 'jsonl' || ext === 'json') {
      const rec = {};
      header.forEach((h, c) => (rec[h] = c < COLUMNS ? r.x[c] : r.label));
      await write(`${ext === 'json' && !first ? ',\n' : ''}${JSON.stringify(rec)}${ext === 'jsonl' ? '\n' : ''}`);
    } else {
      console.error(`unknown extension .${ext}`);
      process.exit(2);
    }
    first = false;
  }
  if (ext === 'json') await write(']\n');
  file.end(buf);
  await once(file, 'finish');
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
