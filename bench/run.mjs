// `npm run bench [-- --quick] [-- --filter <substring>]`: builds the kernel and the bench page, runs the suite in
// headless Chromium (in a worker, tfjs-wasm and plain JS as peers), prints a table, writes bench/results/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'bench', 'dist');
const resultsDir = join(root, 'bench', 'results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The whole run (build excluded) must end well inside this; a hang fails loudly instead of waiting forever.
const RUN_TIMEOUT_MS = 15 * 60 * 1000;

function parseArgs(argv) {
  const opts = { quick: false, filter: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--filter') opts.filter = argv[++i];
    else if (a.startsWith('--filter=')) opts.filter = a.slice('--filter='.length);
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run bench [-- --quick] [-- --filter <substring>]');
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

function fmt(x) {
  if (x === null || x === undefined) return '—';
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return x.toPrecision(4).replace(/\.?0+$/, '');
}

function table(rows) {
  const head = ['name', 'unit', 'ours', 'peer', 'peer_name', 'ratio'];
  const body = rows.map((r) => [r.name, r.unit, fmt(r.ours), fmt(r.peer), r.peer_name, r.ratio === null ? '—' : `${fmt(r.ratio)}×`]);
  const width = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const numeric = [false, false, true, true, false, true];
  const line = (cells) => cells.map((c, i) => (numeric[i] ? c.padStart(width[i]) : c.padEnd(width[i]))).join(' | ');
  return [line(head), width.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
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
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const wasmFetched = new Set();
    const offsite = new Set();
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.protocol.startsWith('http') && u.host !== `127.0.0.1:${port}`) offsite.add(r.url());
      if (u.pathname.endsWith('.wasm')) wasmFetched.add(u.pathname.split('/').pop());
    });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));

    let env;
    const notes = [];
    const done = new Promise((resolve, reject) => {
      page.exposeFunction('benchReport', (m) => {
        if (m.type === 'env') {
          env = m.env;
          const t = env.tfjs;
          console.log(`bench: kernel ${env.kernelFlavor}; tfjs ${t.versionCore} backend=${t.backend} simd=${t.simd} threads=${t.multithread}; crossOriginIsolated=${env.crossOriginIsolated}`);
          if (t.backend !== 'wasm' || !t.simd || t.multithread) reject(new Error(`tfjs peer is not single-threaded SIMD wasm: ${JSON.stringify({ backend: t.backend, simd: t.simd, multithread: t.multithread })}`));
        } else if (m.type === 'progress') {
          const p = m.progress;
          console.log(`[${String(p.done).padStart(String(p.total).length)}/${p.total}] ${p.label}`);
        } else if (m.type === 'note') {
          notes.push(m.message);
          console.log(`note: ${m.message}`);
        } else if (m.type === 'error') reject(new Error(`in the page: ${m.message}`));
        else if (m.type === 'rows') resolve(m.rows);
      }).catch(reject);
    });
    const query = new URLSearchParams();
    if (opts.quick) query.set('quick', '');
    if (opts.filter) query.set('filter', opts.filter);
    await page.goto(`http://127.0.0.1:${port}/?${query}`);
    let timer;
    const rows = await Promise.race([
      done,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the suite did not finish within ${RUN_TIMEOUT_MS / 60000} min`)), RUN_TIMEOUT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    if (offsite.size) throw new Error(`the page requested other hosts: ${[...offsite].join(', ')}`);

    console.log(`\n${table(rows)}\n`);
    for (const n of notes) console.log(`note: ${n}`);

    await mkdir(resultsDir, { recursive: true });
    await writeFile(join(resultsDir, 'kernel.json'), `${JSON.stringify(rows, null, 2)}\n`);
    const meta = {
      date: new Date().toISOString(),
      chromium: browser.version(),
      userAgent: env?.userAgent,
      crossOriginIsolated: env?.crossOriginIsolated,
      kernel: { flavor: env?.kernelFlavor, features: env?.kernelFeatures },
      tfjs: env?.tfjs && { ...env.tfjs, wasmFilesFetched: [...wasmFetched].filter((f) => f.startsWith('tfjs')).toSorted() },
      kernelWasmFetched: [...wasmFetched].filter((f) => f.startsWith('kernel')).toSorted(),
      runsPerCase: env?.runsPerCase,
      warmupMs: env?.warmupMs,
      sampleMs: env?.sampleMs,
      quick: opts.quick,
      filter: opts.filter ?? null,
      notes,
      host: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: (await import('node:os')).cpus().length },
      wallSeconds: Math.round((Date.now() - started) / 1000),
    };
    await writeFile(join(resultsDir, 'kernel.meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
    console.log(`bench: wrote bench/results/kernel.json and kernel.meta.json in ${meta.wallSeconds} s`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((err) => {
  console.error(`bench: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
