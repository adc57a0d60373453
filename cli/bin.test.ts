// The installed command end to end: rebuilds dist-cli from the sources, then runs `node bin/safla.mjs` in child processes for every command and its error paths.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe } from 'vitest';
import { buildCli, irisFolder } from './bin-support';
import { neuralCases } from './bin-neural.cases';

let dir = '';

beforeAll(async () => {
  // Always rebuild: a bundle left over from older sources would test code that no longer ships.
  await buildCli();
  dir = await irisFolder('safla-bin-');
}, 240_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('safla neural (built bin)', () => neuralCases(() => dir));
