// The installed command end to end: rebuilds dist-cli from the sources, then runs `node bin/safla.mjs` in child processes for every command and its error paths.
import { readFile, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataCases } from './bin-data.cases';
import { errorCases } from './bin-errors.cases';
import { mcpCases } from './bin-mcp.cases';
import { memoryCases } from './bin-memory.cases';
import { neuralCases } from './bin-neural.cases';
import { patternsCases } from './bin-patterns.cases';
import { pipelineCases } from './bin-pipeline.cases';
import { registryCases } from './bin-registry.cases';
import { buildCli, irisFolder } from './bin-support';
import { catalogCases } from './bin-catalog.cases';

/** One temp folder (and so one .safla state) per group of cases. */
const folders = { neural: '', registry: '', memory: '', errors: '', data: '', patterns: '' };

beforeAll(async () => {
  // Always rebuild: a bundle left over from older sources would test code that no longer ships.
  await buildCli();
  for (const k of Object.keys(folders) as (keyof typeof folders)[]) folders[k] = await irisFolder(`safla-bin-${k}-`);
}, 240_000);

afterAll(() => Promise.all(Object.values(folders).map((d) => d && rm(d, { recursive: true, force: true }))));

it('the bundle loads better-sqlite3 (a native addon) from node_modules rather than inlining it', async () => {
  const bundle = await readFile('dist-cli/safla.mjs', 'utf8');
  expect(bundle).toMatch(/^import Database from "better-sqlite3";$/m);
  expect(bundle).not.toMatch(/class Statement|sqlite3_prepare/);
});

describe('safla neural on files and the registry (built bin)', () => neuralCases(() => folders.neural));
describe('safla neural registry commands (built bin)', () => registryCases(() => folders.registry));
describe('safla memory (built bin)', () => memoryCases(() => folders.memory));
describe('safla neural train on data files at scale (built bin)', () => dataCases(() => folders.data));
describe('user mistakes and hostile inputs (built bin)', () => errorCases(() => folders.errors));
describe('safla neural patterns (built bin)', () => patternsCases(() => folders.patterns));
describe('safla train-pipeline and train-and-stream (built bin)', () => pipelineCases());
describe('safla mcp: the agent tools over stdio (built bin)', () => mcpCases());
describe('safla neural catalog and loop (built bin)', () => catalogCases());
