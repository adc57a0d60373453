// The learning loop in this browser: core's turn (generate, recommend, run the recommended strategy, record, retrain on the trigger) on the page's sandbox runner, persisted through the engine worker.
import type { LoopRecommendInput } from '../../core/loop/api';
import { runLoopStep, type LoopRunResult } from '../../core/loop/run';
import { PipelineInputError } from '../../core/pipeline/errors';
import type { ProgressEvent } from '../../core/pipeline/iteration';
import type { TaskRunner } from '../../core/pipeline/runner';
import { resolveWeights } from '../../core/pipeline/selection';
import type { EngineClient } from '../../workers/engine/types';
import { MAX_SEED, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from '../../core/pipeline/limits';
import { drawSeed } from '../pipeline/iteration-runner';
import { trainCatalog, type CatalogTrainDeps } from './catalog-train';

export interface LoopRunInput extends LoopRecommendInput {
  seed?: number;
  timeout_ms?: number;
}

export interface BrowserLoopDeps extends CatalogTrainDeps {
  engine: Pick<EngineClient, 'call'>;
  /** The sandbox runner (loaded on first use). */
  runner: () => Promise<TaskRunner>;
}

function whole(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new PipelineInputError(field, `must be a whole number from ${min} to ${max} (got ${JSON.stringify(v)})`);
  return v;
}

/** One turn of the loop on the browser sandbox; the input is checked before anything runs. */
export async function runLoopInBrowser(deps: BrowserLoopDeps, input: LoopRunInput, options: { signal?: AbortSignal; onProgress?: (e: ProgressEvent) => void } = {}): Promise<LoopRunResult> {
  if (typeof input !== 'object' || input === null) throw new PipelineInputError('input', 'must be {task, complexity, seed?, preset?, weights?, timeout_ms?}');
  const seed = input.seed === undefined ? drawSeed() : whole(input.seed, 'seed', 0, MAX_SEED);
  const timeout_ms = input.timeout_ms === undefined ? undefined : whole(input.timeout_ms, 'timeout_ms', MIN_TIMEOUT_MS, MAX_TIMEOUT_MS);
  const { preset, weights } = resolveWeights(input.preset, input.weights);
  const { engine } = deps;
  const runner = await deps.runner();
  return runLoopStep({
    loop_recommend: (i) => engine.call('loop_recommend', i),
    loop_record: (i) => engine.call('loop_record', i),
    pipeline_profiles: () => engine.call('pipeline_profiles'),
    pipeline_log: (e) => engine.call('pipeline_log', e),
  }, runner, { task: input.task, complexity: input.complexity, seed, ...(timeout_ms === undefined ? {} : { timeout_ms }), ...(preset === 'custom' ? { weights } : { preset }) }, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    retrain: async (name) => (await trainCatalog(deps, { name }).done).entry,
  });
}
