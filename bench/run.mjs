// `npm run bench [-- --quick] [-- --filter <substring>] [-- --suite kernel|memory|models|pipeline|data|patterns|mcp]`: builds the kernel and the bench page,
// runs the suites in headless Chromium (each in its own worker), prints tables, writes bench/results/.
// kernel: ours vs tfjs-wasm and plain JS → kernel.json; memory: vector search (ours vs hnswlib-wasm and plain JS) and
// memory_usage ops on OPFS → memory.json; models: iris training and int8 inference (ours vs tfjs-wasm and plain JS) → models.json;
// pipeline: the browser-sandbox runner (pipeline.html) vs the node runner (here) on the same generated tasks → pipeline.json;
// patterns (node only, no browser): neural_patterns latency and throughput, classifier training and accuracy → patterns.json;
// mcp (node only, no browser): every agent tool through `safla mcp` over stdio vs the same handler in this process → mcp.json.
// data: 100k/1M-row CSV and Parquet read, featurized and trained 3 epochs in the browser (data.html) vs the CLI, papaparse, tf.data → data.json.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, rowsTable, startSuite, textTable, within } from './record.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'bench', 'dist');
const resultsDir = join(root, 'bench', 'results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Each suite's run (build excluded) must end well inside this; a hang fails loudly instead of waiting forever.
const RUN_TIMEOUT_MS = 15 * 60 * 1000;
const SUITES = ['kernel', 'memory', 'models', 'pipeline', 'data', 'patterns', 'mcp'];

function parseArgs(argv) {
  const opts = { quick: false, filter: undefined, suites: SUITES, pragmas: undefined, incognito: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--filter') opts.filter = argv[++i];
    else if (a.startsWith('--filter=')) opts.filter = a.slice('--filter='.length);
    else if (a === '--sqlite-pragmas') opts.pragmas = argv[++i];
    else if (a === '--incognito') opts.incognito = true;
    else if (a === '--suite' || a.startsWith('--suite=')) {
      const v = a === '--suite' ? argv[++i] : a.slice('--suite='.length);
      if (!SUITES.includes(v)) throw new Error(`--suite must be one of ${SUITES.join(', ')}`);
      opts.suites = [v];
    } else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench [-- --quick] [-- --filter <substring>] [-- --suite kernel|memory|models|pipeline|data|patterns|mcp] [-- --sqlite-pragmas "temp_store=MEMORY;..."] [-- --incognito]');
      process.exit(0);
    } else throw new Error(`unknown option ${a} (try --help)`);
  }
  if (opts.filter === '') throw new Error('--filter needs a substring');
  return opts;
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** Serves bench/dist on 127.0.0.1 with COOP/COEP so the page is cross-origin isolated. */
function serve(dir) {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let file = normalize(join(dir, path));
      if (!file.startsWith(dir + sep) && file !== dir) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
        'Cache-Control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** The suite's promise, or a rejection once it has run for RUN_TIMEOUT_MS. */
const withinRunTimeout = (suite, promise) => within(RUN_TIMEOUT_MS, `the ${suite} suite did not finish within ${RUN_TIMEOUT_MS / 60000} min`, promise);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

/** Loads the page for one suite, relays its progress and notes to `rec`, and resolves with its rows, environment and the wasm files it fetched. */
async function runPage(context, port, suite, opts, rec) {
  const page = await context.newPage();
  const wasmFetched = new Set();
  const offsite = new Set();
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol.startsWith('http') && u.host !== `127.0.0.1:${port}`) offsite.add(r.url());
    if (u.pathname.endsWith('.wasm')) wasmFetched.add(u.pathname.split('/').pop());
  });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  let env;
  const done = new Promise((resolve, reject) => {
    page.exposeFunction('benchReport', (m) => {
      if (m.type === 'env') {
        env = m.env;
        const t = env.tfjs;
        console.log(`bench: kernel ${env.kernelFlavor}; tfjs ${t.versionCore} backend=${t.backend} simd=${t.simd} threads=${t.multithread}; crossOriginIsolated=${env.crossOriginIsolated}`);
        if (t.backend !== 'wasm' || !t.simd || t.multithread) reject(new Error(`tfjs peer is not single-threaded SIMD wasm: ${JSON.stringify({ backend: t.backend, simd: t.simd, multithread: t.multithread })}`));
      } else if (m.type === 'memory-env') {
        env = m.env;
        console.log(`bench: kernel ${env.kernelFlavor}; hnswlib-wasm M=${env.hnsw.M} efConstruction=${env.hnsw.efConstruction}; crossOriginIsolated=${env.crossOriginIsolated}`);
      } else if (m.type === 'progress') {
        const p = m.progress;
        if (p.total) console.log(`[${String(p.done).padStart(String(p.total).length)}/${p.total}] ${p.label}`);
        else rec.progress(p.label);
      } else if (m.type === 'note') rec.note(m.message);
      else if (m.type === 'error') reject(new Error(`in the page: ${m.message}`));
      else if (m.type === 'rows') resolve(m.rows);
    }).catch(reject);
  });
  const query = new URLSearchParams({ suite });
  if (opts.quick) query.set('quick', '');
  if (opts.filter) query.set('filter', opts.filter);
  if (opts.pragmas) query.set('pragmas', opts.pragmas);
  await page.goto(`http://127.0.0.1:${port}/?${query}`);
  try {
    const rows = await withinRunTimeout(suite, done);
    if (offsite.size) throw new Error(`the page requested other hosts: ${[...offsite].join(', ')}`);
    return { rows, env, wasmFetched };
  } finally {
    await page.close();
  }
}

/** What a page suite's meta records beyond the common fields: the browser, the kernel, the peers and the wasm files fetched. */
function pageMeta(suite, { env, wasmFetched }, browser, opts) {
  const kernelWasmFetched = [...wasmFetched].filter((f) => f.startsWith('kernel')).toSorted();
  return {
    chromium: browser?.version() ?? env?.userAgent?.match(/Chrome\/([\d.]+)/)?.[1] ?? null,
    profile: opts.incognito ? 'incognito context (OPFS in memory, file calls over IPC)' : 'fresh persistent profile (OPFS on disk)',
    userAgent: env?.userAgent,
    crossOriginIsolated: env?.crossOriginIsolated,
    kernel: { flavor: env?.kernelFlavor, features: env?.kernelFeatures },
    ...(suite === 'memory'
      ? { hnsw: env?.hnsw, kernelWasmFetched, wasmFetched: [...wasmFetched].toSorted(), sqlitePragmas: opts.pragmas ?? null }
      : { tfjs: env?.tfjs && { ...env.tfjs, wasmFilesFetched: [...wasmFetched].filter((f) => f.startsWith('tfjs')).toSorted() }, kernelWasmFetched }),
    runsPerCase: env?.runsPerCase,
    warmupMs: env?.warmupMs,
    sampleMs: env?.sampleMs,
  };
}

/** The memory rows' extra fields that matter most, one line per row. */
function memoryExtras(rows) {
  return rows.map((r) => {
    if (r.name === 'memory_opfs_settings') {
      return `${r.name} [${r.setting}]: store ${fmt(r.single_store_ms)} ms, retrieve ${fmt(r.single_retrieve_ms)} ms (${fmt(r.single_retrieve_writing_access_ms)} ms writing its access count at once), batches of ${r.batch_size}: ${fmt(r.batched_store_ops_per_s)} stores/s; crash: ${r.durability}`;
    }
    if (r.unit === 'ops/s') {
      const flush = r.access_flush_ms_1 === undefined ? '' : `; writing pending access counts: ${fmt(r.access_flush_ms_1)} ms for 1, ${fmt(r[`access_flush_ms_${r.batch_size}`])} ms for ${r.batch_size}`;
      return `${r.name}: batched ${fmt(r.batched_ops_per_s)} ops/s (batch ${r.batch_size})${r.batched_large_ops_per_s ? `, ${fmt(r.batched_large_ops_per_s)} ops/s (batch ${r.batched_large_size})` : ""}, single ${fmt(r.single_ops_per_s)} ops/s (${fmt(r.single_ms_per_op)} ms each)${flush}; same code on an in-memory db: batched ${fmt(r.in_memory_batched_ops_per_s)}, single ${fmt(r.in_memory_single_ops_per_s)}; one OPFS write: ${fmt(r.opfs_write_us_4k)} µs (4 KB), ${fmt(r.opfs_write_us_64k)} µs (64 KB), write + flush ${fmt(r.opfs_write_flush_us_4k)} µs (4 KB); reference CLAIM (not measured) ${fmt(r.reference_claim_ops_per_s)} ops/s`;
    }
    const bits = [`${r.name} vs ${r.peer_name}: ${r.distribution} n=${fmt(r.n)}`, `recall@10 ours ${r.ours_recall_at_10}`];
    if (r.peer_recall_at_10 !== undefined) bits.push(`peer ${r.peer_recall_at_10}`);
    bits.push(`build ours ${fmt(r.ours_build_ms / 1000)} s`);
    if (r.peer_build_ms !== undefined) bits.push(`peer ${fmt(r.peer_build_ms / 1000)} s`);
    if (r.peer_params?.efSearch !== undefined) bits.push(`hnsw M=${r.peer_params.M} efC=${r.peer_params.efConstruction} efSearch=${r.peer_params.efSearch}`);
    bits.push(`ours ${fmt(r.ours_bytes)} B = ${r.ours_bytes_vs_float32}× float32`);
    return bits.join('; ');
  });
}

/** The models rows' extra fields that matter most, one line per row. */
function modelsExtras(rows) {
  return rows.map((r) => {
    if (r.name === 'mlp_train_iris') {
      const peer = r.peer_val_accuracy === undefined ? '' : `, ${r.peer_name} ${r.peer_val_accuracy} (loss ${fmt(r.peer_val_loss)})`;
      return `${r.name} vs ${r.peer_name}: validation accuracy after ${r.accuracy_epochs} epochs on ${r.validation_rows} rows: ours ${r.ours_val_accuracy} (loss ${fmt(r.ours_val_loss)})${peer}`;
    }
    return `${r.name} vs ${r.peer_name} (${r.peer_precision}): ours float ${fmt(r.ours_float_ms)} ms (int8 speed-up ${fmt(r.int8_speedup_vs_float)}×); weights ${fmt(r.weight_bytes_float)} B float, ${fmt(r.weight_bytes_int8)} B int8; int8 vs float max |Δ| ${r.int8_vs_float_max_abs_diff}, same class ${r.int8_vs_float_argmax_agreement}; iris accuracy float ${r.iris_val_accuracy_float} → int8 ${r.iris_val_accuracy_int8}`;
  });
}

/** The pipeline rows' per-strategy figures and agreement, a few lines per row. */
function pipelineExtras(rows) {
  const lines = [];
  for (const r of rows) {
    if (r.strategies) {
      lines.push(`${r.name}: ${r.tasks.join(', ')}`);
      for (const [s, x] of Object.entries(r.strategies)) {
        lines.push(`  ${s.padEnd(12)} sandbox test ${fmt(x.ours_test_ms)} + lint ${fmt(x.ours_lint_ms)} ms; node test ${fmt(x.peer_test_ms)} + lint ${fmt(x.peer_lint_ms)} ms; sandbox ${x.ours_verdicts}; node ${x.peer_verdicts}`);
      }
    } else if (r.name === 'sandbox_startup_warm') {
      lines.push(`${r.name}: of which iframe + document + port ${fmt(r.ours_iframe_ms)} ms; the runner's own test check on the same file ${fmt(r.ours_runner_test_check_ms)} ms`);
    } else if (r.name === 'lint_warmup') {
      lines.push(`${r.name}: sandbox ESLint load ${fmt(r.ours_eslint_load_ms)} ms + first job ${fmt(r.ours_first_job_ms)} ms (warm ${fmt(r.ours_warm_ms)} ms); node first ${fmt(r.peer)} ms (warm ${fmt(r.peer_warm_ms)} ms)`);
    }
    lines.push(`  ${r.name}: ${r.agreement}; load ${r.load_1m.join(' → ')}`);
  }
  return lines;
}

/** Options every suite's record takes: where results go, the host, the run's options and when the run began. */
const recordOptions = (opts, host, wallStarted) => ({ resultsDir, host, quick: opts.quick, filter: opts.filter, wallStarted });

/** The pipeline suite: the bench page hosts the browser sandbox, this process the node runner (bench/pipeline/run-pipeline.ts, loaded through Vite). */
async function runPipeline(context, port, opts, host, wallStarted) {
  const rec = startSuite('pipeline', recordOptions(opts, host, wallStarted));
  const page = await context.newPage();
  const offsite = new Set();
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol.startsWith('http') && u.host !== `127.0.0.1:${port}`) offsite.add(r.url());
  });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  try {
    await page.goto(`http://127.0.0.1:${port}/pipeline.html`);
    await page.waitForFunction(() => globalThis.benchPipeline !== undefined, null, { timeout: 30_000 });
    const { runnerImport } = await import('vite');
    const { module } = await runnerImport(join(root, 'bench', 'pipeline', 'run-pipeline.ts'), { configFile: false, root, logLevel: 'warn' });
    const { rows, env } = await withinRunTimeout('pipeline', module.runPipelineBench({
      page, quick: opts.quick, filter: opts.filter, onProgress: rec.progress, onNote: rec.note,
    }));
    if (offsite.size) throw new Error(`the page requested other hosts: ${[...offsite].join(', ')}`);
    console.log(`\n${rowsTable(rows)}\n`);
    for (const line of pipelineExtras(rows)) console.log(line);
    await rec.finish(rows, {
      // A persistent context has no Browser object to ask: the page's user agent names the version.
      chromium: context.browser()?.version() ?? env.sandbox.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? null,
      userAgent: env.sandbox.userAgent,
      crossOriginIsolated: env.sandbox.crossOriginIsolated,
      sandboxLabel: env.sandbox.label,
      nodeLabel: env.node,
      node: process.version,
      npm: env.node.version.replace(/^npm /, ''),
      eslint: env.eslint,
      eslintLinterBrowserify: env.eslintLinterBrowserify,
      plan: env.plan,
    });
  } finally {
    await page.close();
  }
}

/** The patterns suite: node only (bench/patterns/run-patterns.ts through Vite), the CLI's state folder and the engine's host. */
async function runPatterns(opts, host, wallStarted) {
  run('npm', ['run', '--silent', 'build:kernel']);
  const rec = startSuite('patterns', recordOptions(opts, host, wallStarted));
  const { runnerImport } = await import('vite');
  const { module } = await runnerImport(join(root, 'bench', 'patterns', 'run-patterns.ts'), { configFile: false, root, logLevel: 'warn' });
  const { rows, env } = await module.runPatternsBench({ quick: opts.quick, filter: opts.filter, onProgress: rec.progress });
  console.log(`\n${rowsTable(rows)}\n`);
  for (const r of rows) if (r.p90_ms !== undefined) console.log(`${r.name}: p90 ${fmt(r.p90_ms)} ms over ${r.calls} calls`);
  await rec.finish(rows, env);
}

/** The MCP suite: node only. The CLI bundle is built fresh (the server under test is the shipped bin), then bench/mcp/run-mcp.ts runs through Vite. */
async function runMcp(opts, host, wallStarted) {
  console.log('bench: building the CLI (safla mcp is the built bin/safla.mjs)');
  run('npm', ['run', '--silent', 'build:cli']);
  const rec = startSuite('mcp', recordOptions(opts, host, wallStarted));
  const { runnerImport } = await import('vite');
  const { module } = await runnerImport(join(root, 'bench', 'mcp', 'run-mcp.ts'), { configFile: false, root, logLevel: 'warn' });
  const { rows, env } = await module.runMcpBench({ quick: opts.quick, filter: opts.filter, onProgress: rec.progress, onNote: rec.note });
  const head = ['tool', 'MCP ms (min–max)', 'in-process ms (min–max)', 'overhead ms'];
  const body = rows.map((r) => [r.name.replace(/^mcp_/, ''), `${fmt(r.ours)} (${fmt(r.mcp_min_ms)}–${fmt(r.mcp_max_ms)})`, `${fmt(r.peer)} (${fmt(r.in_process_min_ms)}–${fmt(r.in_process_max_ms)})`, fmt(r.overhead_ms)]);
  console.log(`\n${textTable(head, body, [1, 2, 3])}\n`);
  const big = rows.find((r) => r.name === 'mcp_neural_train_1000');
  if (big) console.log(`neural_train on 1,000 records: training itself ${fmt(big.training_time_ms.mcp)} ms (server) / ${fmt(big.training_time_ms.in_process)} ms (in-process); request ${fmt(big.request_bytes)} bytes of JSON; accuracy ${big.accuracy.mcp} / ${big.accuracy.in_process}`);
  console.log(`safla mcp start-up (spawn to the first tools/list answered): median ${fmt(env.startup_ms.median)} ms of ${env.startup_ms.samples.length}`);
  await rec.finish(rows, { node: process.version, ...env });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  // Node-only suites need no browser: run them first, and stop there when nothing else was asked for.
  const host = { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length };
  for (const [suite, runNodeSuite] of [['patterns', runPatterns], ['mcp', runMcp]]) {
    if (!opts.suites.includes(suite)) continue;
    console.log(`bench: ${suite} suite`);
    await runNodeSuite(opts, host, Date.now());
    opts.suites = opts.suites.filter((s) => s !== suite);
  }
  if (opts.suites.length === 0) return;
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  const started = Date.now();

  console.log('bench: building the kernel');
  run('npm', ['run', '--silent', 'build:kernel']);
  console.log('bench: building the bench page');
  const { build } = await import('vite');
  await build({ configFile: join(root, 'bench', 'vite.config.ts'), logLevel: 'warn' });

  const server = await serve(dist);
  const { port } = server.address();
  const { chromium } = await import('playwright-core');
  // A persistent context on a fresh profile directory, as a user's browser has: OPFS then lives on disk, where a write
  // is a write and a flush an fsync. --incognito runs in an incognito context instead (a plain launch()'s pages): OPFS
  // in memory, every file call an IPC of ≈ 0.5 ms and flush free, which is not what a user's profile does.
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const profile = opts.incognito ? undefined : await mkdtemp(join(tmpdir(), 'safla-bench-'));
  const incognitoBrowser = opts.incognito ? await chromium.launch({ executablePath: CHROMIUM, args }) : undefined;
  const context = incognitoBrowser ? await incognitoBrowser.newContext() : await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args });
  const browser = incognitoBrowser ?? context.browser();
  try {
    for (const suite of opts.suites) {
      console.log(`bench: ${suite} suite`);
      if (suite === 'pipeline') {
        await runPipeline(context, port, opts, host, started);
        continue;
      }
      if (suite === 'data') {
        // A fresh browser per case (bench/data/run-data.mjs), so each case's renderer peak RSS is its own.
        const { runDataSuite } = await import('./data/run-data.mjs');
        await runDataSuite({ root, port, quick: opts.quick, filter: opts.filter, chromium, executablePath: CHROMIUM, args, rec: startSuite('data', recordOptions(opts, host, started)) });
        continue;
      }
      const rec = startSuite(suite, recordOptions(opts, host, started));
      const page = await runPage(context, port, suite, opts, rec);
      console.log(`\n${rowsTable(page.rows)}\n`);
      if (suite === 'memory') for (const line of memoryExtras(page.rows)) console.log(line);
      if (suite === 'models') for (const line of modelsExtras(page.rows)) console.log(line);
      await rec.finish(page.rows, pageMeta(suite, page, browser, opts));
    }
  } finally {
    await context.close();
    await incognitoBrowser?.close();
    server.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
