// The installed command end to end: bin/safla.mjs runs the dist-cli bundle in a child node process (built here when missing).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { irisRecords } from '../core/datasets/iris.fixture';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  if (!existsSync('dist-cli/safla.mjs')) await run('npx', ['vite', 'build', '--config', 'cli/vite.config.ts']);
  dir = await mkdtemp(join(tmpdir(), 'safla-bin-'));
  const trainingData = irisRecords();
  await writeFile(join(dir, 'data.json'), JSON.stringify({ trainingData }));
}, 120_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

it('`safla neural train --pattern prediction` trains, writes the model and prints the JSON result', async () => {
  const out = join(dir, 'm.clf');
  const { stdout } = await run('node', ['bin/safla.mjs', 'neural', 'train', '--pattern', 'prediction', '--data', join(dir, 'data.json'), '--target', 'species', '--epochs', '30', '--out', out, '--json']);
  const result = JSON.parse(stdout);
  expect(result).toMatchObject({ success: true, pattern_type: 'prediction', epochs: 30, file: out });
  expect(result.modelId).toMatch(/^model_prediction_\d+$/);
  expect(existsSync(out)).toBe(true);
}, 120_000);
