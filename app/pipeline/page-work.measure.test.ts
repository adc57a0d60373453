// What an iteration costs the page's own thread (generating the task and transforming it per strategy with acorn/astring, the rest runs in the sandbox), printed, never asserted: npm run measure -- app/pipeline/page-work
import { describe, expect, it } from 'vitest';
import { generateTask } from '../../core/pipeline/generate';
import { applyStrategyToFiles, STRATEGIES } from '../../core/pipeline/strategies/index';
import { templates } from '../../core/pipeline/templates/index';

const REPEATS = Number(process.env.SAFLA_MEASURE_N ?? 20);

describe('page-side work of an iteration', () => {
  it('prints generate + transform time per template and strategy', () => {
    // Warm the parser and printer (first calls pay for compilation).
    for (const t of templates) for (const s of STRATEGIES) applyStrategyToFiles(s, generateTask({ complexity: t.complexity, seed: 0, template: t.id }).files, [generateTask({ complexity: t.complexity, seed: 0, template: t.id }).sourcePath]);
    const lines: string[] = [];
    let worst = 0;
    for (const t of templates) {
      const per: number[] = [];
      for (let i = 1; i <= REPEATS; i++) {
        const t0 = performance.now();
        const task = generateTask({ complexity: t.complexity, seed: i, template: t.id });
        for (const s of STRATEGIES) expect(applyStrategyToFiles(s, task.files, [task.sourcePath]).files[task.sourcePath].length).toBeGreaterThan(0);
        per.push(performance.now() - t0);
      }
      const sorted = per.toSorted((a, b) => a - b);
      worst = Math.max(worst, sorted[sorted.length - 1]);
      lines.push(`  ${t.complexity} ${t.id}: median ${sorted[sorted.length >> 1].toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`);
    }
    console.log(`generate + three strategies' transforms per task (${REPEATS} seeds each, node ${process.version}); worst ${worst.toFixed(2)} ms:\n${lines.join('\n')}`);
  });
});
