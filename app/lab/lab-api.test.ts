// The Lab API's helpers that are no tool, in node over real parts: custom tasks on a runner, pattern corrections and the classifier's figures through the engine's host (the tools themselves: app/tools/*.test.ts).
import { describe, expect, it } from 'vitest';
import { migrate } from '../../core/db/migrations';
import { loadKernelNode } from '../../kernel/js/node';
import type { EngineClient } from '../../workers/engine/types';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import type { TaskRunner } from '../../core/pipeline/runner';
import { runTask } from '../pipeline/run-task';
import { fakePipelineEngine } from '../stores/test-support';
import type { ToolFunctions } from '../tools/lab-tools';
import { createLabApi } from './lab-api';

/** The catalog's functions are app/tools/lab-tools.ts's; these tests call the helpers beside them. */
const noTools = {} as ToolFunctions;

/** The Lab API with its pipeline over a fake engine (core's pipeline API on SQLite) and a runner that passes every task. */
async function pipelineLab() {
  const engine = await fakePipelineEngine();
  const label = { runner: 'browser-sandbox' as const, engine: 'Chromium 156 worker', version: '1.0.0' };
  const runner: TaskRunner = {
    name: 'browser-sandbox',
    available: async () => ({ ok: true }),
    run: async () => ({ label, test: { status: 'pass', duration_ms: 5, tests: [{ name: 't', status: 'pass', duration_ms: 1 }] }, lint: { status: 'pass', duration_ms: 3, messages: [] }, duration_ms: 8 }),
  };
  const runners = { 'browser-sandbox': runner, webcontainer: runner };
  const lab = createLabApi({ engine: engine.client, tools: noTools, pipeline: { runTask: (input, signal) => runTask(input, runners, signal) } });
  return { lab, label };
}

describe('Lab API: the pipeline', () => {
  it('pipeline_run_task runs a custom task and names the field of malformed input', async () => {
    const { lab, label } = await pipelineLab();
    const files = { 'test/a.test.js': "import { test } from 'node:test';\ntest('t', () => {});\n" };
    const r = await lab.pipeline_run_task({ files });
    expect([r.label, r.test.tests.map((t) => t.status), r.lint.messages, typeof r.duration_ms]).toEqual([label, ['pass'], [], 'number']);
    await expect(lab.pipeline_run_task({ files: 'x' })).rejects.toMatchObject({ name: 'TaskInputError', message: 'files must be an object of path → file text' });
    await expect(lab.pipeline_run_task({ files, runner: 'cloud' })).rejects.toThrow(/^runner must be one of browser-sandbox, webcontainer, node/);
    await expect(lab.pipeline_run_task({ files: { '../a.test.js': '' } })).rejects.toThrow(/^files\["\.\.\/a\.test\.js"\] must not contain/);
  });
});

describe('Lab API: pattern corrections', () => {
  it('corrects a learned operation and reports the classifier that trains on it, through the engine with the worker API objects', async () => {
    const { openMemory } = await import('../../workers/engine/memory-host');
    const { createWasmPort } = await import('../../kernel/js/network');
    const db = await openMemoryDb();
    migrate(db);
    const host = openMemory(db, { port: createWasmPort(await loadKernelNode()) });
    const engine = { call: async (method: string, ...args: unknown[]) => (host as unknown as Record<string, (...a: unknown[]) => unknown>)[method](...args) } as Pick<EngineClient, 'call'>;
    const lab = createLabApi({ engine, tools: noTools });
    expect(await engine.call('neural_patterns', { action: 'learn', operation: 'Security audit of the login service', outcome: '{"success": true}' })).toMatchObject({ action: 'learn', learned: true, id: 1 });
    expect((await lab.neural_patterns_correct({ operation: 'Security audit of the login service', pattern: 'critical', id: 1 })).corrections).toBe(1);
    expect((await lab.neural_patterns_classifier()).trained_on.corrections).toBe(1);
  });
});
