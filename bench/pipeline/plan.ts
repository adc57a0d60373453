// The pipeline bench's tasks: which generated tasks, under which strategies, both runners are handed (made once, here).
import { generateTask } from '../../core/pipeline/generate';
import type { TaskFiles } from '../../core/pipeline/runner';
import { applyStrategyToFiles, STRATEGIES, type Strategy } from '../../core/pipeline/strategies/index';
import { COMPLEXITIES, type Complexity } from '../../core/pipeline/task';
import { templatesOf } from '../../core/pipeline/templates/index';

/** One strategy's version of one generated task: the exact files both runners are handed. */
export interface PlannedRun {
  level: Complexity;
  seed: number;
  template: string;
  task_id: string;
  strategy: Strategy;
  files: TaskFiles;
}

/** One generated task under the three strategies, in the reference's order. */
export interface PlannedIteration {
  level: Complexity;
  seed: number;
  template: string;
  task_id: string;
  /** Warm-up iterations are run and checked for agreement, not timed into the medians. */
  warmup: boolean;
  runs: PlannedRun[];
}

export interface PlanOptions {
  levels?: readonly Complexity[];
  /** Untimed iterations per level before the timed ones. */
  warmup: number;
  /** Timed iterations per level (their median is the row's figure). */
  timed: number;
  /** Seeds are seedBase + level index × 1000 + iteration index; fixed so every run of the bench times the same tasks. */
  seedBase?: number;
}

/**
 * Iterations per level. Each takes the level's templates in turn (the first warm-up one too), so five timed
 * iterations time five different templates instead of whatever the seeds happen to pick.
 */
export function planIterations(options: PlanOptions): PlannedIteration[] {
  const levels = options.levels ?? COMPLEXITIES;
  const base = options.seedBase ?? 9000;
  const out: PlannedIteration[] = [];
  for (const level of levels) {
    const choices = templatesOf(level);
    for (let i = 0; i < options.warmup + options.timed; i++) {
      const seed = base + COMPLEXITIES.indexOf(level) * 1000 + i;
      const task = generateTask({ complexity: level, seed, template: choices[i % choices.length].id });
      const runs = STRATEGIES.map((strategy): PlannedRun => ({
        level, seed, template: task.template, task_id: task.id, strategy,
        files: applyStrategyToFiles(strategy, task.files, [task.sourcePath]).files,
      }));
      out.push({ level, seed, template: task.template, task_id: task.id, warmup: i < options.warmup, runs });
    }
  }
  return out;
}
