// The app's Lab API over its real bridges and runners, also on globalThis.saflaLab: a deliberate console and scripting API, like saflaEngine. The tools' catalog loads on the first tool call.
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

export const lab: LabApi = createLabApi({ engine, tools, pipeline });

(globalThis as { saflaLab?: LabApi }).saflaLab = lab;
