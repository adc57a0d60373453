// The app's Lab API over its real bridges and runners, also on globalThis.saflaLab: a deliberate console and scripting API, like saflaEngine. The tools' catalog loads on the first tool call.
import { computePool } from '../bridges/compute-pool';
import { engine } from '../bridges/engine';
import { createToolFunctions } from '../tools/lab-tools';
import { createLabApi, type LabApi, type LabPipeline } from './lab-api';

// The sandbox and ESLint load on the first custom task, not with the page.
const pipeline: LabPipeline = {
  runTask: async (input, signal) => (await import('../pipeline/runners')).runTask(input, signal),
};

const tools = createToolFunctions(async () => {
  const { TOOLS, callBrowserTool } = await import('../tools/host');
  return { catalog: TOOLS, call: callBrowserTool };
});

// The learning loop's turn runs on the sandbox, loaded on first use.
const loop = {
  run: async (input: Parameters<typeof import('../patterns/loop-runner').runLoopInBrowser>[1]) => {
    const [{ runLoopInBrowser }, { sandbox }] = await Promise.all([import('../patterns/loop-runner'), import('../pipeline/runners')]);
    return runLoopInBrowser({ engine, pool: computePool, runner: async () => sandbox }, input);
  },
};

export const lab: LabApi = createLabApi({ engine, tools, pipeline, pool: computePool, loop });

(globalThis as { saflaLab?: LabApi }).saflaLab = lab;
