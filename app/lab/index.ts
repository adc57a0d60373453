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

export const lab: LabApi = createLabApi({ engine, pool: computePool, compute, pipeline });

(globalThis as { saflaLab?: LabApi }).saflaLab = lab;
