// Every template through the real node runner: it passes its own tests and lint unchanged (several seeds at once) and under conservative, while aggressive fails at least one edge-case test that conservative passes.
import { describe, expect, it } from 'vitest';
import { generateTask } from '../../core/pipeline/generate';
import type { TaskFiles, TaskRunResult } from '../../core/pipeline/runner';
import { applyStrategyToFiles, STRATEGIES, type Strategy } from '../../core/pipeline/strategies/index';
import { COMPLEXITIES, taskPackageJson } from '../../core/pipeline/task';
import { templates, templatesOf } from '../../core/pipeline/templates/index';
import { createNodeRunner } from './node-runner';

const runner = createNodeRunner();
const TIMEOUT = 60_000;

describe.each(templates.map((t, i) => [t.id, t, 100 + i] as const))('%s', (_id, template, seed) => {
  it('balanced and conservative pass tests and lint; aggressive fails an edge case conservative passes', async () => {
    const task = generateTask({ complexity: template.complexity, seed, template: template.id });
    const results = {} as Record<Strategy, TaskRunResult>;
    for (const strategy of STRATEGIES) {
      const { files } = applyStrategyToFiles(strategy, task.files, [task.sourcePath]);
      results[strategy] = await runner.run(files, { timeout_ms: TIMEOUT });
    }
    for (const strategy of ['balanced', 'conservative'] as const) {
      const r = results[strategy];
      const failed = r.test.tests.filter((t) => t.status !== 'pass');
      expect({ strategy, test: r.test.status, reason: r.test.reason, failed }).toEqual({ strategy, test: 'pass', reason: undefined, failed: [] });
      expect({ strategy, lint: r.lint.status, messages: r.lint.messages }).toEqual({ strategy, lint: 'pass', messages: [] });
      expect(r.test.tests.length).toBeGreaterThanOrEqual(5);
    }
    const passedByConservative = new Set(results.conservative.test.tests.filter((t) => t.status === 'pass').map((t) => t.name));
    const lostByAggressive = results.aggressive.test.tests.filter((t) => t.status === 'fail' && passedByConservative.has(t.name));
    expect(results.aggressive.test.status).toBe('fail');
    expect(lostByAggressive.length).toBeGreaterThan(0);
    expect(results.aggressive.label.runner).toBe('node');
  }, 4 * TIMEOUT);
});

describe('every template unchanged, five seeds each', () => {
  it.each(COMPLEXITIES)('%s: one npm test over all its templates and seeds passes', async (level) => {
    // One folder per task under a shared package.json: node --test finds each seed-*/test/*.test.js, which imports its own ../src.
    const files: TaskFiles = { 'package.json': taskPackageJson(`all-${level}`) };
    let expectedCases = 0;
    for (const template of templatesOf(level)) {
      for (const seed of [7, 77, 777, 7777, 77777]) {
        const task = generateTask({ complexity: level, seed, template: template.id });
        const dir = `${template.id}-${seed}`;
        files[`${dir}/${task.sourcePath}`] = task.files[task.sourcePath];
        files[`${dir}/${task.testPath}`] = task.files[task.testPath];
        expectedCases += task.files[task.testPath].split(/\n\s+it\('/).length - 1;
      }
    }
    const r = await runner.run(files, { timeout_ms: TIMEOUT });
    expect(r.test.tests.filter((t) => t.status !== 'pass')).toEqual([]);
    expect(r.test.status).toBe('pass');
    expect(r.test.tests).toHaveLength(expectedCases);
    expect(r.lint).toMatchObject({ status: 'pass', messages: [] });
  }, 2 * TIMEOUT);
});
