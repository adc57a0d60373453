// neural_patterns on the CLI's state: it stores through the state's own memory, so a search by that memory sees a learned operation at once.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PATTERN_NAMESPACE } from '../core/patterns/api';
import { wasmPort, wordVectors } from '../core/patterns/test-support.node';
import { patternsOnState } from './patterns';
import { openState } from './state';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safla-patterns-'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

it('learns through the state\'s memory: the state\'s own search finds the operation right after', async () => {
  const words = wordVectors();
  const state = openState(join(dir, 'a'), { create: true, embedder: words })!;
  try {
    const search = () => state.memory.memory_semantic_search({ query: 'Deploy the billing API', namespace: PATTERN_NAMESPACE, k: 5 }).results.map((h) => h.key);
    // A first search loads the namespace's index; a second memory over the same file would leave it stale.
    expect(search()).toEqual([]);
    const patterns = patternsOnState(state, words, await wasmPort(), Date.now, () => performance.now());
    const learned = patterns.neural_patterns({ action: 'learn', operation: 'Deploy the billing API to production', outcome: 'passed' });
    expect(learned.action === 'learn' && learned.id).toBe(1);
    expect(search()).toEqual(['op-1']);
  } finally {
    state.close();
  }
});
