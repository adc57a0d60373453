// The app's Lab API over its real bridges and runners, also on globalThis.saflaLab: a deliberate console and scripting API, like saflaEngine.
import { compute } from '../bridges/compute';
import { computePool } from '../bridges/compute-pool';
import { engine } from '../bridges/engine';
import { createLabApi, type LabApi, type LabPipeline } from './lab-api';

// The generator, the strategies (acorn, astring), the sandbox and ESLint load on the first pipeline call, not with the page.
const runners = async () => {
  const m = await import('../pipeline/runners');
  return { 'browser-sandbox': m.sandbox, webcontainer: m.webcontainer };
};
const pipeline: LabPipeline = {
  runTask: async (input, signal) => (await import('../pipeline/runners')).runTask(input, signal),
  run: async (input) => {
    const [{ runPipeline }, r] = await Promise.all([import('../pipeline/iteration-runner'), runners()]);
    return runPipeline(input, { engine, runners: r });
  },
  status: async (input) => (await import('../pipeline/iteration-runner')).pipelineStatus(engine, input ?? {}),
};

// The learning loop's turn runs on the same sandbox, loaded on first use.
const loop = {
  run: async (input: Parameters<typeof import('../patterns/loop-runner').runLoopInBrowser>[1]) => {
    const { runLoopInBrowser } = await import('../patterns/loop-runner');
    return runLoopInBrowser({ engine, pool: computePool, runner: async () => (await runners())['browser-sandbox'] }, input);
  },
};

export const lab: LabApi = createLabApi({ engine, pool: computePool, compute, pipeline, loop });

(globalThis as { saflaLab?: LabApi }).saflaLab = lab;
