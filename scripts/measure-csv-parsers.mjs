// Compares CSV readers on one file in one run, each in its own node process (peak RSS is per process): ours (core/data/csv-stream.ts) against papaparse and csv-parse, all streaming the file into Float64 columns.
// Usage: node scripts/measure-csv-parsers.mjs --file big.csv [--peers DIR]   (DIR/node_modules holds papaparse and csv-parse when they are not installed here; a missing peer is skipped)
// Our reader is TypeScript: it is bundled first with rolldown (Vite's bundler, installed with it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const file = resolve(arg('file', ''));
const peers = resolve(arg('peers', '.'));
if (!arg('file')) {
  console.error('usage: node scripts/measure-csv-parsers.mjs --file big.csv [--peers DIR]');
  process.exit(2);
}
const tmp = mkdtempSync(join(tmpdir(), 'csv-measure-'));

/** Growable Float64 columns, the same sink for every peer: what a columnar reader must end with. */
const SINK = `
class Cols { constructor() { this.cols = []; this.n = 0; }
  row(fields) {
    if (this.cols.length === 0) { this.names = fields; this.cols = fields.map(() => new Float64Array(1024)); return; }
    if (this.n === this.cols[0].length) this.cols = this.cols.map((c) => { const d = new Float64Array(c.length * 2); d.set(c); return d; });
    for (let k = 0; k < fields.length; k++) this.cols[k][this.n] = Number(fields[k]);
    this.n++;
  }
}`;

const report = `const u = process.resourceUsage(); console.log(JSON.stringify({ rows, ms: performance.now() - t0, rss_mb: u.maxRSS / 1024 }));`;

const peerScripts = {
  papaparse: (req) => `${SINK}
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
const Papa = createRequire(${JSON.stringify(req)})('papaparse');
const t0 = performance.now(); const sink = new Cols();
await new Promise((done, fail) => Papa.parse(createReadStream(${JSON.stringify(file)}), { step: (r) => sink.row(r.data), complete: done, error: fail, skipEmptyLines: true }));
const rows = sink.n; ${report}`,
  'csv-parse': (req) => `${SINK}
import { createReadStream } from 'node:fs';
const { parse } = await import(${JSON.stringify(req)});
const t0 = performance.now(); const sink = new Cols();
for await (const r of createReadStream(${JSON.stringify(file)}).pipe(parse())) sink.row(r);
const rows = sink.n; ${report}`,
};

async function bundleOurs() {
  const { build } = await import('rolldown');
  const entry = join(tmp, 'ours.ts');
  writeFileSync(entry, `import { createReadStream } from 'node:fs';
import { ingestStream } from ${JSON.stringify(resolve('core/data/ingest.ts'))};
const t0 = performance.now();
const d = await ingestStream(createReadStream(${JSON.stringify(file)}, { highWaterMark: 1 << 20 }), 'csv', { now: () => performance.now() });
const rows = d.training.rows; ${report}`);
  await build({ input: entry, platform: 'node', output: { file: join(tmp, 'ours.mjs'), format: 'esm' }, logLevel: 'silent' });
  return join(tmp, 'ours.mjs');
}

const runs = [['ours (core/data/csv-stream.ts)', await bundleOurs()]];
for (const [name, script] of Object.entries(peerScripts)) {
  let req;
  try {
    req = createRequire(join(peers, 'x.js')).resolve(name === 'csv-parse' ? 'csv-parse' : 'papaparse');
    if (name === 'csv-parse') req = join(req, '../../../lib/index.js');
  } catch {
    console.log(`${name}: not installed (give --peers DIR with DIR/node_modules/${name}); skipped`);
    continue;
  }
  const path = join(tmp, `${name}.mjs`);
  writeFileSync(path, script(name === 'papaparse' ? join(peers, 'x.js') : `file://${req}`));
  const version = JSON.parse(await (await import('node:fs/promises')).readFile(join(peers, 'node_modules', name, 'package.json'), 'utf8')).version;
  runs.push([`${name} ${version}`, path]);
}

console.log(`file: ${file}`);
console.log('| reader | rows | time | rows/s | peak RSS |\n|---|---:|---:|---:|---:|');
try {
  for (const [name, script] of runs) {
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) {
      console.log(`| ${name} | failed: ${r.stderr.split('\n')[0]} | | | |`);
      continue;
    }
    const o = JSON.parse(r.stdout.trim().split('\n').pop());
    console.log(`| ${name} | ${o.rows.toLocaleString('en-US')} | ${(o.ms / 1000).toFixed(2)} s | ${Math.round((o.rows * 1000) / o.ms).toLocaleString('en-US')} | ${Math.round(o.rss_mb)} MB |`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
