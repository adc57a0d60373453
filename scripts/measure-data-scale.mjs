// The data-at-scale table of issue 12: generates 20-column tables (10k/100k/1M rows; CSV, Parquet, JSON Lines, JSON) and runs `safla neural train` on each through the built bin under /usr/bin/time -v: wall, training share, peak RSS.
// Usage: npm run build:cli && node scripts/measure-data-scale.mjs [--dir /tmp/safla-scale] [--rows 10000,100000,1000000] [--formats csv,parquet,jsonl,json] [--epochs 3]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const dir = resolve(arg('dir', '/tmp/safla-scale'));
const sizes = arg('rows', '10000,100000,1000000').split(',').map(Number);
const formats = arg('formats', 'csv,parquet').split(',');
const epochs = arg('epochs', '3');
mkdirSync(dir, { recursive: true });
const bin = resolve('bin/safla.mjs');

/** The network of the measurement: 20 → 32 → 16 → softmax over the 0/1 label, batch 32, Adam. */
const config = {
  modelId: 'scale-bench', type: 'classifier',
  architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 32, activation: 'relu' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
  training: { target: 'label', learning_rate: 0.01, batch_size: 32, epochs: Number(epochs), optimizer: 'adam', seed: 42 },
};
writeFileSync(join(dir, 'cfg.json'), JSON.stringify(config));

const label = (n) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;

console.log(`| file | size | wall | of which training | peak RSS | validation accuracy |\n|---|---:|---:|---:|---:|---:|`);
for (const n of sizes) {
  for (const f of formats) {
    const path = join(dir, `t${label(n)}.${f}`);
    if (!existsSync(path)) {
      const script = f === 'parquet' ? 'scripts/gen-parquet.mjs' : 'scripts/gen-table.mjs';
      const g = spawnSync(process.execPath, [script, '--rows', String(n), '--out', path], { stdio: 'inherit' });
      if (g.status !== 0) process.exit(1);
    }
    const r = spawnSync('/usr/bin/time', ['-v', process.execPath, bin, '--state', join(dir, 'state'), 'neural', 'train', '--model', join(dir, 'cfg.json'), '--data', path, '--epochs', epochs, '--out', join(dir, 'm.clf'), '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : Number.NaN;
    let training = '—';
    let accuracy = '—';
    if (r.status === 0) {
      const o = JSON.parse(r.stdout);
      training = `${o.training_time.toFixed(2)} s (${Math.round((100 * o.training_time) / seconds)}%)`;
      accuracy = `${(100 * o.accuracy).toFixed(1)}%`;
    } else {
      const line = r.stderr.split('\n').find((l) => l.startsWith('safla:')) ?? `exit ${r.status}`;
      accuracy = `failed: ${line}`;
    }
    console.log(`| t${label(n)}.${f} | ${mb(statSync(path).size)} | ${seconds.toFixed(2)} s | ${training} | ${rss ? Math.round(Number(rss[1]) / 1024) : '?'} MB | ${accuracy} |`);
  }
}
