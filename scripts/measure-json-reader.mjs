// Compares reading a JSON data file into columns two ways, each in its own node process (peak RSS is per process): our streaming scanner with one JSON.parse per record (core/data/json-stream.ts), and JSON.parse of the whole file followed by the same columns.
// Usage: node scripts/measure-json-reader.mjs --file big.json   (an array of records or {trainingData, validationData}; scripts/gen-table.mjs writes one)
// The readers are TypeScript: they are bundled first with rolldown (Vite's bundler, installed with it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

if (!arg('file')) {
  console.error('usage: node scripts/measure-json-reader.mjs --file big.json');
  process.exit(2);
}
const file = resolve(arg('file'));
const tmp = mkdtempSync(join(tmpdir(), 'json-measure-'));

const report = `const u = process.resourceUsage(); console.log(JSON.stringify({ rows, ms: performance.now() - t0, rss_mb: u.maxRSS / 1024 }));`;

const readers = {
  'streaming (core/data/json-stream.ts)': `import { createReadStream } from 'node:fs';
import { ingestStream } from ${JSON.stringify(resolve('core/data/ingest.ts'))};
const t0 = performance.now();
const d = await ingestStream(createReadStream(${JSON.stringify(file)}, { highWaterMark: 1 << 20 }), 'json', { now: () => performance.now() });
const rows = d.training.rows + (d.validation?.rows ?? 0); ${report}`,
  'JSON.parse of the whole file, then the same columns': `import { readFileSync } from 'node:fs';
import { tableOfRecords } from ${JSON.stringify(resolve('core/models/featurizer.ts'))};
const t0 = performance.now();
const v = JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8'));
const parts = Array.isArray(v) ? [v] : [v.trainingData, ...(Array.isArray(v.validationData) ? [v.validationData] : [])];
const rows = parts.reduce((n, records, i) => n + tableOfRecords(records, i === 0 ? 'trainingData' : 'validationData').rows, 0); ${report}`,
};

const { build } = await import('rolldown');
console.log(`file: ${file} (${(statSync(file).size / 1024 / 1024).toFixed(0)} MB)`);
console.log('| reader | rows | time | peak RSS |\n|---|---:|---:|---:|');
try {
  let k = 0;
  for (const [name, source] of Object.entries(readers)) {
    const entry = join(tmp, `r${k}.ts`);
    const out = join(tmp, `r${k++}.mjs`);
    writeFileSync(entry, source);
    await build({ input: entry, platform: 'node', output: { file: out, format: 'esm' }, logLevel: 'silent' });
    const r = spawnSync(process.execPath, [out], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) {
      console.log(`| ${name} | failed: ${r.stderr.split('\n')[0]} | | |`);
      continue;
    }
    const o = JSON.parse(r.stdout.trim().split('\n').pop());
    console.log(`| ${name} | ${o.rows.toLocaleString('en-US')} | ${(o.ms / 1000).toFixed(2)} s | ${Math.round(o.rss_mb)} MB |`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
