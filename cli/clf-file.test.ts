// Model files from disk, header first: in-process through readClfFile, then through a freshly built bin/safla.mjs, whose peak memory on a 450 MB hostile file is measured (printed) and must stay far below the file's size.
/* oxlint-disable no-underscore-dangle -- safetensors names its metadata entry __metadata__ */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referencePort } from '../kernel/reference/mlp';
import { irisRecords } from '../core/datasets/iris.fixture';
import { ClfError, encodeClf } from '../core/format/clf';
import { withExamples } from '../core/format/clf-test-support';
import { parseModelConfig } from '../core/models/config';
import { trainModel } from '../core/models/model-ops';
import { readClfFile } from './clf-file';

const run = promisify(execFile);
// The bundle is built here, beside the repository's node_modules and kernel/build, so the copied bin runs it as it ships.
const BUILD = '.vite/clf-file-test';
let dir: string;
let model: Uint8Array;

/** Runs the built bin with a preload that prints the process's peak RSS on exit. */
async function safla(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; maxRssMb: number }> {
  let r: { stdout: string; stderr: string; code?: number };
  try {
    r = await run('node', ['--require', join(dir, 'rss.cjs'), join(BUILD, 'bin', 'safla.mjs'), ...args]);
  } catch (e) {
    r = e as { stdout: string; stderr: string; code: number };
  }
  const kb = Number(/maxrss_kb=(\d+)/.exec(r.stderr)?.[1]);
  return { code: r.code ?? 0, stdout: r.stdout, stderr: r.stderr.replace(/maxrss_kb=\d+\n?/, ''), maxRssMb: kb / 1024 };
}

beforeAll(async () => {
  await rm(BUILD, { recursive: true, force: true });
  await run('npx', ['vite', 'build', '--config', 'cli/vite.config.ts', '--outDir', join(BUILD, 'dist-cli'), '--logLevel', 'error']);
  await mkdir(join(BUILD, 'bin'), { recursive: true });
  await cp('bin/safla.mjs', join(BUILD, 'bin', 'safla.mjs'));
  dir = await mkdtemp(join(tmpdir(), 'safla-clf-file-'));
  await writeFile(join(dir, 'rss.cjs'), "process.on('exit', () => process.stderr.write(`maxrss_kb=${process.resourceUsage().maxRSS}\\n`));\n");
  const iris = irisRecords();
  const config = parseModelConfig({ modelId: 'iris', architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8 }, { type: 'output', activation: 'softmax' }] }, training: { target: 'species', epochs: 20, learning_rate: 0.02 } });
  model = encodeClf((await trainModel(referencePort, config, { trainingData: iris }, { now: () => 0, wallClock: () => 0 })).artifact);
  await writeFile(join(dir, 'model.clf'), model);
  // 450 MB: a real model followed by zeros (a sparse file, so the disk is not filled).
  await writeFile(join(dir, 'big450.clf'), model);
  await truncate(join(dir, 'big450.clf'), 450 * 1024 * 1024);
  // 70 MB, under the size cap: the same, refused once its header shows the tensors do not cover the file.
  await writeFile(join(dir, 'big70.clf'), model);
  await truncate(join(dir, 'big70.clf'), 70 * 1024 * 1024);
  // In an array: an object value is flattened into fields (species.toString, …), as the featurizer reads records.
  await writeFile(join(dir, 'evil-target.clf'), withExamples(model, JSON.stringify(iris.slice(0, 20)).replace('"species":"setosa"', '"species":[{"toString":1,"valueOf":1}]')));
  await writeFile(join(dir, 'flower.json'), JSON.stringify({ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 }));
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(BUILD, { recursive: true, force: true });
});

describe('readClfFile', () => {
  it('reads a model, and refuses oversize and padded files with ClfError', async () => {
    expect((await readClfFile(join(dir, 'model.clf'))).config.modelId).toBe('iris');
    await expect(readClfFile(join(dir, 'big450.clf'))).rejects.toMatchObject({ name: 'ClfError', code: 'too_large' });
    await expect(readClfFile(join(dir, 'big70.clf'))).rejects.toMatchObject({ name: 'ClfError', code: 'offsets' });
    const notAFile = await readClfFile(dir).catch((e: unknown) => e);
    expect(notAFile).toBeInstanceOf(Error);
    expect(notAFile).not.toBeInstanceOf(ClfError);
  });
});

describe('the built bin on hostile model files', () => {
  it('refuses a 450 MB file by its size and a 70 MB one by its header, in bounded memory, without a stack trace', async () => {
    const big = await safla('neural', 'predict', '--model', join(dir, 'big450.clf'), '--input', join(dir, 'flower.json'));
    expect(big.code).toBe(1);
    expect(big.stderr).toMatch(/^safla: .*big450\.clf: model file: the file has 471,859,200 bytes, more than the 83,886,088 a model file may have/);
    expect(big.stderr).not.toMatch(/\n\s+at /);
    const mid = await safla('neural', 'predict', '--model', join(dir, 'big70.clf'), '--input', join(dir, 'flower.json'));
    expect(mid.code).toBe(1);
    expect(mid.stderr).toMatch(/big70\.clf: model file: tensors cover \d+ bytes, the file holds \d+ after its header/);
    const ok = await safla('neural', 'predict', '--model', join(dir, 'model.clf'), '--input', join(dir, 'flower.json'), '--json');
    expect(ok.code).toBe(0);
    console.info(`peak RSS of the built CLI: 450 MB file ${big.maxRssMb.toFixed(0)} MB, 70 MB file ${mid.maxRssMb.toFixed(0)} MB, a good 15 KB model ${ok.maxRssMb.toFixed(0)} MB`);
    // The whole file in memory would be 450 MB (it was read twice before: 950 MB); header-first stays near a bare node process.
    expect(big.maxRssMb).toBeLessThan(200);
    expect(mid.maxRssMb).toBeLessThan(200);
  }, 60_000);

  it('predicts with an example whose target is {"toString":1,"valueOf":1}, without a stack trace', async () => {
    const r = await safla('neural', 'predict', '--model', join(dir, 'evil-target.clf'), '--input', join(dir, 'flower.json'), '--k', '20');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^prediction: setosa/);
    expect(r.stdout).toContain('{"toString":1,"valueOf":1}');
  }, 60_000);
});
