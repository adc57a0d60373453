// train_pipeline_run and train_pipeline_status: generated coding tasks run under the three strategies on the host's runner with real tests and lint, scored into strategy profiles, and what they learned.
import type { ProgressEvent } from '../pipeline/iteration';
import { progressText } from '../pipeline/text';
import { MAX_ITERATIONS, MAX_SEED, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from '../pipeline/limits';
import { PRESETS, type PresetName, type Weights } from '../pipeline/selection';
import { STRATEGIES, type Strategy } from '../pipeline/strategies/types';
import { COMPLEXITIES, type Complexity } from '../pipeline/task';
import type { ToolCall } from './context';
import { rehome, ToolInputError } from './errors';
import { defineTool } from './tool';

const weightsParam = {
  type: 'object',
  properties: { reliability: { type: 'number', minimum: 0 }, speed: { type: 'number', minimum: 0 }, score: { type: 'number', minimum: 0 } },
  required: ['reliability', 'speed', 'score'],
  additionalProperties: false,
  description: 'Custom selection weights instead of a preset: {reliability, speed, score}, not all 0.',
} as const;
/** A run's progress events as tool progress: strategy runs done of all the run asked for, each task as it starts and what each strategy run did. */
export function pipelineProgress(iterations: number, strategies: number, call: ToolCall): (e: ProgressEvent, iteration: number) => void {
  const total = iterations * strategies;
  let done = 0;
  return (e, i) => {
    if (e.type === 'strategy-done') done++;
    // The wording is the pipeline's own (core/pipeline/text.ts), as the CLI's progress lines and the log read.
    const message = progressText(e, i, iterations);
    if (message !== undefined) call.onProgress?.({ progress: done, total, message });
  };
}

const presetParam = { type: 'string', enum: Object.keys(PRESETS), description: 'How the strategy is selected afterwards: balanced (default), production or prototyping.' } as const;

export const trainPipelineRun = defineTool<{ complexity: Complexity; iterations?: number; strategy?: Strategy; seed?: number; timeout_ms?: number; runner?: string; preset?: PresetName; weights?: Weights; validate?: boolean }>({
  name: 'train_pipeline_run',
  title: 'Run the training pipeline',
  description:
    'Generates coding tasks (seeded templates: validators, parsers, caches, graph algorithms…) and runs each under the conservative, balanced and aggressive strategies with real tests and lint on this host\'s runner ' +
    '(node: `npm test` and `npm run lint` in a temporary folder), scores every run and updates each strategy\'s profile; returns every run with its runner label, the profiles, recommendations and the selected strategy. ' +
    'validate compares the profiles before and after by the reference\'s ±5% rule. Long: reports each strategy run and stops when cancelled (completed runs stay stored, the interrupted one is not).',
  inputSchema: {
    type: 'object',
    properties: {
      complexity: { type: 'string', enum: COMPLEXITIES, description: 'easy, medium or hard.' },
      iterations: { type: 'integer', minimum: 1, maximum: MAX_ITERATIONS, default: 1, description: 'Tasks to run (each under every strategy).' },
      strategy: { type: 'string', enum: STRATEGIES, description: 'Run only this strategy (all three when left out).' },
      seed: { type: 'integer', minimum: 0, maximum: MAX_SEED, description: 'The first task\'s seed (task i uses seed + i); drawn when left out and returned, so a run can be repeated.' },
      timeout_ms: { type: 'integer', minimum: MIN_TIMEOUT_MS, maximum: MAX_TIMEOUT_MS, description: 'Deadline per check (tests, then lint); default 60000 in node, 30000 in the browser.' },
      runner: { type: 'string', description: 'Which runner: node here; browser-sandbox or webcontainer in the app.' },
      preset: presetParam,
      weights: weightsParam,
      validate: { type: 'boolean', default: false, description: 'Also compare the profiles before and after (±5% rule).' },
    },
    required: ['complexity'],
    additionalProperties: false,
  },
  longRunning: true,
  async run(input, ctx, call) {
    const runner = input.runner ?? ctx.pipeline.runners[0];
    if (!ctx.pipeline.runners.includes(runner)) throw new ToolInputError('runner', `must be one of ${ctx.pipeline.runners.join(', ')} on this host (got ${JSON.stringify(runner)})`);
    if (input.preset !== undefined && input.weights !== undefined) throw new ToolInputError('weights', 'and preset both choose the selection: give one');
    const iterations = input.iterations ?? 1;
    return rehome((f) => f ?? 'complexity', () => ctx.pipeline.run({
      complexity: input.complexity, iterations, runner, validate: input.validate ?? false,
      ...(input.strategy !== undefined ? { strategy: input.strategy } : {}),
      ...(input.seed !== undefined ? { seed: input.seed } : {}),
      ...(input.timeout_ms !== undefined ? { timeout_ms: input.timeout_ms } : {}),
      ...(input.preset !== undefined ? { preset: input.preset } : {}),
      ...(input.weights !== undefined ? { weights: input.weights } : {}),
    }, { signal: call.signal, onProgress: pipelineProgress(iterations, input.strategy ? 1 : STRATEGIES.length, call) }));
  },
});

export const trainPipelineStatus = defineTool<{ preset?: PresetName; weights?: Weights }>({
  name: 'train_pipeline_status',
  title: 'What the pipeline learned',
  description:
    'The strategy profiles learned so far (success rate, average score and time, uses, real executions, trend), improvement rates ("not enough data" below 6 scores), recommendations, ' +
    'the strategy a preset (or custom weights) selects with each strategy\'s weighted score, the 10 newest runs with their runner labels, and totals.',
  inputSchema: {
    type: 'object',
    properties: { preset: presetParam, weights: weightsParam },
    additionalProperties: false,
  },
  readOnly: true,
  async run(input, ctx) {
    if (input.preset !== undefined && input.weights !== undefined) throw new ToolInputError('weights', 'and preset both choose the selection: give one');
    return rehome((f) => f ?? 'preset', () => ctx.pipeline.status({ ...(input.preset !== undefined ? { preset: input.preset } : {}), ...(input.weights !== undefined ? { weights: input.weights } : {}) }));
  },
});
