// The data suite of `npm run bench` (`-- --suite data`): ingest + featurize + 3 epochs at 100k and 1M rows × 20 columns, CSV and Parquet,
// through the CLI (the built bin under /usr/bin/time -v) and in headless Chromium (bench/page/data.html: the Lab's own path, our readers
// in one worker, papaparse and tf.data), each browser case in a fresh browser whose renderer's peak RSS (VmHWM) is its memory figure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, textTable, within } from '../record.mjs';

/** The network of the measurement (and scripts/measure-data-scale.mjs): 20 → 32 → 16 → softmax over the 0/1 label, batch 32, Adam. */
export const CONFIG = {
  modelId: 'data-bench', type: 'classifier',
  architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 32, activation: 'relu' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
  training: { target: 'label', learning_rate: 0.01, batch_size: 32, epochs: 3, optimizer: 'adam', seed: 42 },
};
const EPOCHS = 3;
/** tf.data is fitted (3 epochs) up to this many rows; above, only its ingest + batching pass runs (its training rate is the 100k row's). */
const TFJS_FIT_MAX_ROWS = 100_000;
const CASE_TIMEOUT_MS = 10 * 60 * 1000;

const label = (n) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
const mb = (kb) => Math.round(kb / 1024);
const round = (x, d = 3) => (x === null || x === undefined ? null : Number(x.toFixed(d)));

/** The seeded tables (scripts/gen-table.mjs, gen-parquet.mjs), kept between runs in the temp folder: same seed, same bytes. */
function dataFiles(root, sizes, formats) {
  const dir = join(tmpdir(), 'safla-bench-data');
  mkdirSync(dir, { recursive: true });
  const files = [];
  for (const n of sizes) {
    for (const f of formats) {
      const path = join(dir, `t${label(n)}.${f}`);
      if (!existsSync(path)) {
        console.log(`bench: generating ${path}`);
        const script = join(root, 'scripts', f === 'parquet' ? 'gen-parquet.mjs' : 'gen-table.mjs');
        const g = spawnSync(process.execPath, [script, '--rows', String(n), '--out', path], { stdio: 'inherit' });
        if (g.status !== 0) throw new Error(`generating ${path} failed`);
      }
      files.push({ path, rows: n, format: f, name: `t${label(n)}.${f}`, bytes: statSync(path).size });
    }
  }
  return files;
}

/** `safla neural train` on the file through the built bin, under /usr/bin/time -v: wall, peak RSS and the result. */
function runCli(root, file, cfgPath, state) {
  const bin = join(root, 'bin', 'safla.mjs');
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, bin, '--state', state, 'neural', 'train', '--model', cfgPath, '--data', file.path, '--epochs', String(EPOCHS), '--out', join(state, 'm.clf'), '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !wall || !rss) throw new Error(`safla neural train on ${file.name} failed (exit ${r.status}): ${r.stderr.split('\n').find((l) => l.startsWith('safla:')) ?? r.stderr.slice(-500)}`);
  const o = JSON.parse(r.stdout);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { wallS: seconds, peakKb: Number(rss[1]), trainS: o.training_time, valAccuracy: o.accuracy, validationRows: o.details.validation_records };
}

/** Every process descending from pid (Linux /proc). */
function descendants(pid) {
  const children = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  const out = [];
  const todo = [pid];
  while (todo.length) {
    for (const c of children.get(todo.pop()) ?? []) {
      out.push(c);
      todo.push(c);
    }
  }
  return out;
}

/** Peak RSS (VmHWM, kB) of the browser's renderer processes; the page's (with its workers, which are its threads) is the largest. */
function rendererPeakKb(browserPid) {
  let peak = 0;
  for (const pid of descendants(browserPid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peak = Math.max(peak, Number(hwm[1]));
    } catch {
      // gone meanwhile
    }
  }
  return peak;
}

/** One case in a fresh browser: the page gets the file through its input, runs the contestant, and the renderer's peak RSS is read after. */
async function runBrowserCase(chromium, executablePath, args, port, file, req) {
  // A server, so the browser's process id is known: its renderers are found under it in /proc.
  const server = await chromium.launchServer({ executablePath, args });
  const browser = await chromium.connect(server.wsEndpoint());
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${port}/data.html`);
    await page.waitForFunction(() => globalThis.benchData !== undefined, null, { timeout: 30_000 });
    let out;
    if (file) {
      await page.locator('#file').setInputFiles(file.path);
      out = await within(CASE_TIMEOUT_MS, `${req.contestant} on ${file.name} did not finish within ${CASE_TIMEOUT_MS / 60000} min`, page.evaluate((r) => globalThis.benchData.run(r), req));
    } else await page.waitForTimeout(1000);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return { ...out, peakKb: rendererPeakKb(server.process().pid), chromium: browser.version() };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** An object's keys prefixed (ours_…, peer_…). */
const prefix = (o, p) => Object.fromEntries(Object.entries(o).map(([k, v]) => [`${p}_${k}`, v]));
/** A result row: ratio = ours / peer (rows/s, so > 1 means ours is faster). */
const row = (name, unit, oursV, peerV, peerName, extra) => ({ name, unit, ours: round(oursV, 1), peer: round(peerV, 1), peer_name: peerName, ratio: round(oursV / peerV, 3), ...extra });

/** Runs the suite; `rec` (bench/record.mjs) keeps its load, notes and progress and writes data.json and data.meta.json. */
export async function runDataSuite({ root, port, quick, filter, chromium, executablePath, args, rec }) {
  console.log('bench: building the CLI (bin/safla.mjs)');
  const b = spawnSync('npm', ['run', '--silent', 'build:cli'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('npm run build:cli failed');
  const files = dataFiles(root, quick ? [100_000] : [100_000, 1_000_000], ['csv', 'parquet']).filter((f) => !filter || `data_${f.format}_${label(f.rows)}`.includes(filter));
  const work = await mkdtemp(join(tmpdir(), 'safla-bench-data-run-'));
  const cfgPath = join(work, 'cfg.json');
  writeFileSync(cfgPath, JSON.stringify(CONFIG));
  const tfjsWasmBase = `http://127.0.0.1:${port}/tfjs/`;
  const results = [];
  let env = {};
  try {
    const baseline = await runBrowserCase(chromium, executablePath, args, port, null, null);
    console.log(`bench: an idle data page's renderer peaks at ${mb(baseline.peakKb)} MB`);
    for (const file of files) {
      const cli = runCli(root, file, cfgPath, join(work, `state-${file.name}`));
      rec.progress(`cli ${file.name}: ${cli.wallS.toFixed(2)} s, ${mb(cli.peakKb)} MB, accuracy ${cli.valAccuracy.toFixed(4)}`);
      const contestants = file.format === 'csv' ? ['ours-lab', 'ours-one-worker', 'papaparse', 'tfjs-data'] : ['ours-lab', 'ours-one-worker'];
      const browser = {};
      for (const contestant of contestants) {
        const req = { contestant, config: CONFIG, epochs: EPOCHS, rows: file.rows, fit: file.rows <= TFJS_FIT_MAX_ROWS, tfjsWasmBase };
        const out = await runBrowserCase(chromium, executablePath, args, port, file, req);
        env = { ...env, ...out.env, chromium: out.chromium };
        browser[contestant] = { ...out.result, peakKb: out.peakKb };
        const r = out.result;
        rec.progress(`${contestant} ${file.name}: ${(r.wallMs / 1000).toFixed(2)} s (ingest ${(r.ingestMs / 1000).toFixed(2)} s), ${mb(out.peakKb)} MB, accuracy ${r.valAccuracy === null ? '—' : r.valAccuracy.toFixed(4)}`);
      }
      results.push({ file, cli, browser });
    }
    const rows = [];
    for (const { file, cli, browser } of results) {
      const base = `data_${file.format}_${label(file.rows)}`;
      const lab = browser['ours-lab'];
      const side = (r) => ({
        wall_s: round(r.wallMs / 1000), ingest_s: round(r.ingestMs / 1000), featurize_s: round(r.featurizeMs === null ? null : r.featurizeMs / 1000),
        train_s: round(r.trainMs === null ? null : r.trainMs / 1000), other_s: round(r.otherMs === null ? null : r.otherMs / 1000),
        peak_rss_mb: mb(r.peakKb), val_accuracy: round(r.valAccuracy, 4), validation_rows: r.validationRows,
      });
      const e2e = (r) => file.rows / (r.wallMs / 1000);
      const ours = { ...side(lab), table_mb: lab.tableBytes === null ? null : round(lab.tableBytes / 1024 / 1024, 1), page_long_tasks_ms: lab.pageLongTasks };
      const cliRate = file.rows / cli.wallS;
      rows.push(row(`${base}_end_to_end`, 'rows/s', e2e(lab), cliRate, 'safla CLI (node, bin/safla.mjs)', {
        file: file.name, bytes: file.bytes, ...prefix(ours, 'ours'),
        peer_wall_s: round(cli.wallS), peer_train_s: round(cli.trainS), peer_peak_rss_mb: mb(cli.peakKb), peer_val_accuracy: round(cli.valAccuracy, 4), peer_validation_rows: cli.validationRows,
        browser_within_2x_of_cli: lab.wallMs / 1000 <= 2 * cli.wallS,
        detail: `ours: ${lab.detail}; peak RSS of the page's renderer process (its workers are its threads; an idle page: ${mb(baseline.peakKb)} MB). peer: safla neural train --data ${file.name} --epochs 3 under /usr/bin/time -v (wall and maximum RSS of the process)`,
      }));
      const one = browser['ours-one-worker'];
      rows.push(row(`${base}_end_to_end`, 'rows/s', e2e(lab), e2e(one), 'ours, one worker', { file: file.name, ...prefix(ours, 'ours'), ...prefix(side(one), 'peer'), detail: `peer: ${one.detail}` }));
      const papa = browser.papaparse;
      if (papa) {
        rows.push(row(`${base}_ingest`, 'rows/s', file.rows / (lab.ingestMs / 1000), file.rows / (papa.ingestMs / 1000), 'papaparse 5.7.1', {
          file: file.name, ours_ingest_s: round(lab.ingestMs / 1000), peer_ingest_s: round(papa.ingestMs / 1000), ours_table_mb: ours.table_mb, peer_table_mb: round(papa.tableBytes / 1024 / 1024, 1),
          detail: `reading the file into the same typed columns. ours: the Lab's data worker (File.stream()); peer: ${papa.detail}`,
        }));
        rows.push(row(`${base}_end_to_end`, 'rows/s', e2e(lab), e2e(papa), 'papaparse 5.7.1 + our featurizer and kernel', { file: file.name, ...prefix(ours, 'ours'), ...prefix(side(papa), 'peer'), detail: `peer: ${papa.detail}` }));
      }
      const tfd = browser['tfjs-data'];
      if (tfd) {
        rows.push(row(`${base}_ingest`, 'rows/s', file.rows / (lab.ingestMs / 1000), (file.rows * 0.8) / (tfd.ingestMs / 1000), 'tfjs-data 4.22.0 (parse + batch)', {
          file: file.name, ours_ingest_s: round(lab.ingestMs / 1000), peer_ingest_s: round(tfd.ingestMs / 1000), peer_rows: Math.floor(file.rows * 0.8), peer_peak_rss_mb: mb(tfd.peakKb),
          detail: `ours: the Lab's data worker into typed columns; peer: ${tfd.detail} (its pass reads the training 80% of the rows, so its rate is over those)`,
        }));
        if (tfd.trainMs !== null) {
          rows.push(row(`${base}_end_to_end`, 'rows/s', e2e(lab), e2e(tfd), 'tfjs-data + tfjs-layers (wasm)', { file: file.name, ...prefix(ours, 'ours'), ...prefix(side(tfd), 'peer'), detail: `peer: ${tfd.detail}` }));
        }
      }
    }
    const head = ['name', 'unit', 'ours', 'peer', 'peer_name', 'ratio', 'ours s / MB', 'peer s / MB'];
    const body = rows.map((r) => [r.name, r.unit, fmt(r.ours), fmt(r.peer), r.peer_name, `${fmt(r.ratio)}×`,
      r.ours_wall_s !== undefined ? `${fmt(r.ours_wall_s)} s / ${r.ours_peak_rss_mb} MB` : `${fmt(r.ours_ingest_s)} s`,
      r.peer_wall_s !== undefined ? `${fmt(r.peer_wall_s)} s / ${r.peer_peak_rss_mb} MB` : `${fmt(r.peer_ingest_s)} s`]);
    console.log(`\n${textTable(head, body)}\n`);
    await rec.finish(rows, {
      chromium: env.chromium ?? null,
      userAgent: env.userAgent ?? null,
      crossOriginIsolated: env.crossOriginIsolated ?? null,
      kernel: env.kernelFlavor ?? null,
      tfjs: env.tfjs ?? null,
      node: process.version,
      config: CONFIG,
      files: files.map((f) => ({ name: f.name, rows: f.rows, bytes: f.bytes, generator: f.format === 'parquet' ? 'scripts/gen-parquet.mjs --seed 7' : 'scripts/gen-table.mjs --seed 7' })),
      idlePageRendererPeakMb: mb(baseline.peakKb),
      memory: "browser: VmHWM (peak RSS) of the page's renderer process in a fresh browser per case, read from /proc after the case (the page and its workers; the File's bytes stay in the browser process); CLI: /usr/bin/time -v maximum resident set size",
      tfjsFitMaxRows: TFJS_FIT_MAX_ROWS,
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
