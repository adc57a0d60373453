// The learning loop's contract: recommend a strategy for a task (with its inputs, confidence and reasoning), record the run it led to (pipeline run, profile, neural_patterns learn) and read the steps back.
import type { RetrainState } from '../catalog/api';
import type { StrategyProfile } from '../pipeline/profiles';
import type { PresetName, Weights } from '../pipeline/selection';
import type { RunRecordInput } from '../pipeline/store';
import type { Strategy } from '../pipeline/strategies/types';
import type { Complexity } from '../pipeline/task';

export interface LoopRecommendInput {
  /** The task in words (what neural_patterns reads and records). */
  task: string;
  complexity: Complexity;
  /** The generated task's template when it is known (the model reads it); null or left out otherwise. */
  template?: string | null;
  preset?: PresetName;
  weights?: Weights;
}

/** One strategy's part of a recommendation: the evidence, the model's view and the terms of its weighted score. */
export interface StrategyEstimate {
  strategy: Strategy;
  /** The last RECENT_RUNS scored runs of this strategy at this complexity: how many, and how many passed both checks. */
  runs: number;
  passed: number;
  /** The catalog model's probability that this strategy passes this task; null without a trained model. */
  model_probability: number | null;
  /** Beta posterior of its reliability: 1 + passed (+ MODEL_PRIOR·p) and 1 + failed (+ MODEL_PRIOR·(1 − p)). */
  alpha: number;
  beta: number;
  /** Posterior mean of passing: alpha / (alpha + beta). */
  reliability: number;
  /** 1 − avgExecutionTime/5000 from its pipeline profile (may be negative for a slow strategy, as in the reference). */
  speed: number;
  /** avgScore/100 from its pipeline profile. */
  quality: number;
  /** Scored runs in its profile (0: the profile's figures are its starting values). */
  profile_uses: number;
  /** reliability·w.reliability + speed·w.speed + quality·w.score. */
  weighted: number;
}

export interface ModelUse {
  model_id: string;
  version: string;
  /** The registry's measured validation accuracy of that version (null when not measured here). */
  accuracy: number | null;
}

/** What neural_patterns says of the task (context for the reasoning; not a term of the score, since the loop records the same outcomes as pipeline runs). */
export interface PatternsView {
  pattern: string;
  confidence: number;
  success_probability: number | null;
  evidence_count: number;
  /** Similar recorded operations (cosine ≥ 0.5) with a recorded outcome, per strategy in their metadata. */
  by_strategy: { strategy: Strategy; succeeded: number; of: number }[];
}

export interface LoopStep {
  id: number;
  task: string;
  complexity: Complexity;
  template: string | null;
  /** The recommended strategy and how sure the recommendation is (see confidence.ts). */
  recommended: Strategy;
  confidence: number;
  preset: PresetName | 'custom';
  weights: Weights;
  /** Every strategy's estimate, best first. */
  estimates: StrategyEstimate[];
  reasoning: string[];
  model: ModelUse | null;
  patterns: PatternsView | null;
  /** The previous step at this complexity, when it recommended another strategy. */
  changed_from: { step_id: number; strategy: Strategy } | null;
  status: 'recommended' | 'recorded';
  run_id: number | null;
  ran_strategy: Strategy | null;
  /** Both checks passed (null until recorded). */
  passed: boolean | null;
  score: number | null;
  duration_ms: number | null;
  pattern_memory_id: number | null;
  /** Measured time of the recommendation (ms). */
  latency_ms: number | null;
  created_at: number;
  recorded_at: number | null;
}

export interface LoopRecordInput {
  step_id: number;
  /** The strategy run as a runner reported it (pipeline_record_run's input; the score is computed again from the result). */
  run: RunRecordInput;
}

export interface LoopRecordResult {
  step: LoopStep;
  run_id: number;
  /** The run's strategy profile after learning from it (null: the run was not scored). */
  profile: StrategyProfile | null;
  /** The neural_patterns record of the task and its outcome. */
  pattern_memory_id: number | null;
  /** The loop's model: whether enough new runs were recorded since it was trained to retrain it. */
  retrain: RetrainState;
}

export interface LoopApi {
  /** Recommends a strategy and stores the step (status 'recommended'). */
  loop_recommend(input: LoopRecommendInput): LoopStep;
  /** Stores a step's run (pipeline run and profile), learns its outcome with neural_patterns and completes the step, in one transaction. */
  loop_record(input: LoopRecordInput): LoopRecordResult;
  /** Newest first. */
  loop_steps(input?: { limit?: number; complexity?: Complexity }): LoopStep[];
}

export const LOOP_METHODS = ['loop_recommend', 'loop_record', 'loop_steps'] as const satisfies readonly (keyof LoopApi)[];

/** The catalog template the loop reads (and retrains on its trigger). */
export const LOOP_MODEL = 'adaptive-coordinator';
/** Scored runs per strategy at a complexity that count as recent evidence. */
export const RECENT_RUNS = 10;
/** How many observations a trained model's prediction is worth in a strategy's reliability prior. */
export const MODEL_PRIOR = 4;
