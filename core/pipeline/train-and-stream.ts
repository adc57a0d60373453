// train-and-stream's core: a user's task decomposed into the chosen strategy's steps, executed one by one through a pluggable step executor, or returned as a plan that says nothing was executed.
import { PipelineInputError } from './errors';
import type { AbortLike } from './runner';
import type { StrategyProfile } from './profiles';
import { selectStrategy, type PresetName, type Selection, type Weights } from './selection';
import type { Strategy } from './strategies/types';

export interface PlanStep {
  /** 1-based position in the plan. */
  index: number;
  id: string;
  title: string;
  /** What the step asks for, with the user's task in it. */
  instruction: string;
}

const STEPS: Record<Strategy, { id: string; title: string; instruction: string }[]> = {
  conservative: [
    { id: 'analysis', title: 'Analysis', instruction: 'Analyse the task: list its inputs, outputs, constraints, edge cases and what could go wrong.' },
    { id: 'plan', title: 'Plan with error handling', instruction: 'Plan the implementation step by step, with validation of every input and handling of every error case found in the analysis.' },
    { id: 'implementation', title: 'Safe implementation', instruction: 'Implement the plan defensively: validate arguments, handle each error case, and include tests for the edge cases.' },
  ],
  aggressive: [
    { id: 'implement', title: 'Quick analysis and implementation', instruction: 'Briefly analyse the task and implement it directly, aiming for the shortest working solution.' },
    { id: 'optimise', title: 'Optimisation', instruction: 'Optimise the implementation for speed and size; remove anything not needed for the main path.' },
  ],
  balanced: [
    { id: 'design', title: 'Analysis and design', instruction: 'Analyse the task and design a solution: the main functions, their inputs and outputs, and the important edge cases.' },
    { id: 'implement', title: 'Implementation', instruction: 'Implement the design with reasonable validation and tests for the main cases.' },
    { id: 'review', title: 'Review', instruction: 'Review the implementation for bugs, missing cases and clarity, and give the corrected version.' },
  ],
};

export const MAX_TASK_CHARS = 4000;

export function checkTaskText(task: unknown): string {
  if (typeof task !== 'string') throw new PipelineInputError('task', `must be text describing what to build (got ${task === null ? 'null' : typeof task})`);
  const t = task.trim();
  if (t === '') throw new PipelineInputError('task', 'is empty: describe what to build');
  if (t.length > MAX_TASK_CHARS) throw new PipelineInputError('task', `is ${t.length} characters; at most ${MAX_TASK_CHARS}`);
  return t;
}

/** The strategy's steps for this task (conservative 3, aggressive 2, balanced 3), as the reference decomposed them. */
export function planSteps(strategy: Strategy, task: string): PlanStep[] {
  const text = checkTaskText(task);
  return STEPS[strategy].map((s, i) => ({ index: i + 1, id: s.id, title: s.title, instruction: `${s.instruction}\n\nTask: ${text}` }));
}

export interface StepRequest {
  task: string;
  strategy: Strategy;
  step: PlanStep;
  totalSteps: number;
  /** Outputs of the steps before this one, in order. */
  previous: { step: PlanStep; output: string }[];
}

export interface StepResult {
  output: string;
  /** The model or service that produced it, when it says. */
  model?: string;
}

/** Runs one step somewhere (an OpenAI-compatible endpoint the user configured, a test double). */
export interface StepExecutor {
  /** Shown with the result, e.g. 'openai-compatible http://localhost:11434/v1 (llama3)'. */
  readonly name: string;
  execute(request: StepRequest, signal?: AbortLike): Promise<StepResult>;
}

export type StepStatus = 'not-executed' | 'done' | 'failed' | 'cancelled';

export interface StepOutcome {
  step: PlanStep;
  status: StepStatus;
  output?: string;
  model?: string;
  error?: string;
  duration_ms?: number;
}

export interface TrainAndStreamResult {
  task: string;
  preset: PresetName | 'custom';
  weights: Weights;
  selection: Selection;
  strategy: Strategy;
  steps: StepOutcome[];
  /** Whether any step completed; false when there was no executor (the plan only) or the first step failed. */
  executed: boolean;
  executor: string | null;
  /** One sentence for the user: what happened, and whether anything was executed. */
  note: string;
}

export interface TrainAndStreamOptions {
  task: unknown;
  profiles: readonly StrategyProfile[];
  preset: PresetName | 'custom';
  weights: Weights;
  executor?: StepExecutor | null;
  signal?: AbortLike;
  /** ms clock for step durations. */
  now?: () => number;
  onStep?: (outcome: StepOutcome) => void;
}

/**
 * Selects a strategy from the (already trained) profiles, plans the task in its steps and executes them in
 * order, each seeing the outputs before it. A failing step stops the chain; later steps stay not-executed.
 */
export async function trainAndStream(options: TrainAndStreamOptions): Promise<TrainAndStreamResult> {
  const task = checkTaskText(options.task);
  const selection = selectStrategy(options.profiles, options.weights);
  const plan = planSteps(selection.strategy, task);
  const base = { task, preset: options.preset, weights: options.weights, selection, strategy: selection.strategy };
  const executor = options.executor ?? null;
  if (!executor) {
    return {
      ...base,
      steps: plan.map((step) => ({ step, status: 'not-executed' })),
      executed: false,
      executor: null,
      note: `No step executor is configured, so no step was executed: this is the ${selection.strategy} plan (${plan.length} steps).`,
    };
  }
  const now = options.now ?? (() => 0);
  const steps: StepOutcome[] = plan.map((step) => ({ step, status: 'not-executed' }));
  const previous: StepRequest['previous'] = [];
  for (let i = 0; i < plan.length; i++) {
    if (options.signal?.aborted) {
      steps[i] = { step: plan[i], status: 'cancelled' };
      options.onStep?.(steps[i]);
      break;
    }
    const t0 = now();
    try {
      const r = await executor.execute({ task, strategy: selection.strategy, step: plan[i], totalSteps: plan.length, previous: [...previous] }, options.signal);
      steps[i] = { step: plan[i], status: 'done', output: r.output, duration_ms: now() - t0, ...(r.model ? { model: r.model } : {}) };
      previous.push({ step: plan[i], output: r.output });
      options.onStep?.(steps[i]);
    } catch (err) {
      steps[i] = { step: plan[i], status: options.signal?.aborted ? 'cancelled' : 'failed', error: (err as Error).message ?? String(err), duration_ms: now() - t0 };
      options.onStep?.(steps[i]);
      break;
    }
  }
  const done = steps.filter((s) => s.status === 'done').length;
  const failed = steps.findIndex((s) => s.status === 'failed');
  const why = failed >= 0 ? ` Step ${failed + 1} (${plan[failed].title}) failed: ${steps[failed].error}.` : '';
  return {
    ...base,
    steps,
    // A step that failed was attempted, not executed: only completed steps count.
    executed: done > 0,
    executor: executor.name,
    note: done === plan.length
      ? `All ${plan.length} steps of the ${selection.strategy} plan were executed by ${executor.name}.`
      : `${done} of ${plan.length} steps of the ${selection.strategy} plan were executed by ${executor.name}; the rest were not.${why}`,
  };
}
