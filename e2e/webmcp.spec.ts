// The agent tools through WebMCP in Chromium launched with --enable-features=WebMCP, called the way an agent's browser calls them (playwright-core's page.webmcp): every tool listed with its schema and hints, train, predict, explain, memory, clear tool errors, a destructive call asked first (declined, then allowed), cancels from the agent and from the page, the System page's card, and saflaLab over the same catalog.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { irisRecords } from '../core/datasets/iris.fixture';
import { TOOLS } from '../core/tools/catalog';
import type { EngineClient } from '../workers/engine/types';
import { launch, type Session } from './browser';

interface Result {
  content: { type: string; text: string }[];
  structuredContent: Record<string, any>;
  isError?: boolean;
}

/** The part of saflaLab this spec calls (its full type pulls in the browser-only app). */
interface LabConsole {
  model_list(args?: unknown): Promise<{ models: { modelId: string }[] }>;
  neural_predict(args: unknown): Promise<unknown>;
}
type AgentWindow = typeof globalThis & { saflaEngine: EngineClient; saflaLab: LabConsole };

/** Chromium 156's model context as the page has it (for a cancel with a signal, which page.webmcp does not pass). */
interface PageModelContext {
  getTools(): Promise<{ name: string }[]>;
  executeTool(tool: unknown, input: object, options?: { signal?: AbortSignal }): Promise<string>;
}

const iris = irisRecords();
const FLOWER = { sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 };
const CONFIG = {
  modelId: 'iris-agent',
  architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
  training: { target: 'species', learning_rate: 0.01, batch_size: 16, epochs: 150, optimizer: 'adam', validation_split: 0.3, seed: 42 },
};

describe('the agent tools through WebMCP', () => {
  let s: Session;
  const call = (name: string, args: object) => s.page.webmcp.callTool(name, args as Record<string, never>) as Promise<Result>;
  const ok = async (name: string, args: object) => {
    const r = await call(name, args);
    if (r.isError) throw new Error(`${name} failed: ${r.content[0].text}`);
    expect(JSON.parse(r.content[0].text)).toEqual(r.structuredContent);
    return r.structuredContent;
  };
  const models = async () => (await ok('model_list', {})).models.map((m: { modelId: string }) => m.modelId) as string[];
  const jobs = async () => (await ok('neural_status', {})).running_jobs as { tool: string; progress: number | null }[];
  /** A failing call: isError, its text and structuredContent name the field. */
  const bad = async (name: string, args: object, field: string, problem: RegExp) => {
    const r = await call(name, args);
    expect(r.isError, name).toBe(true);
    expect(r.content[0].text).toMatch(new RegExp(`^${name}: ${field.replaceAll(/[.[\]]/g, '\\$&')}: `));
    expect(r.content[0].text).toMatch(problem);
    expect(r.structuredContent.error.field).toBe(field);
  };

  beforeAll(async () => {
    s = await launch(undefined, { args: ['--enable-features=WebMCP'] });
    await s.page.goto(`${inject('baseUrl')}#/system`);
    await s.page.waitForFunction(() => (globalThis as AgentWindow).saflaEngine?.status().role === 'owner', undefined, { timeout: 30_000 });
  });
  afterAll(() => s?.close());

  it('lists every catalog tool with its JSON Schema and hints', async () => {
    await expect.poll(async () => (await s.page.webmcp.tools()).length, { timeout: 30_000 }).toBe(TOOLS.length);
    const listed = await s.page.webmcp.tools();
    expect(listed.map((t) => t.name).toSorted()).toEqual(TOOLS.map((t) => t.name).toSorted());
    for (const t of TOOLS) {
      const l = listed.find((x) => x.name === t.name)!;
      expect(l.description, t.name).toBe(t.description);
      expect(l.inputSchema, t.name).toEqual(JSON.parse(JSON.stringify(t.inputSchema)));
      expect(l.annotations?.readOnly === true, t.name).toBe(t.readOnly);
      expect(l.annotations?.consequential === true, t.name).toBe(t.destructive);
    }
  });

  it('trains on a data set, predicts, explains, and stores and retrieves memory', async () => {
    const t = await ok('neural_train', { config: CONFIG, training_data: { trainingData: iris }, description: 'trained by an agent' });
    expect(t).toMatchObject({ success: true, modelId: 'iris-agent', version: '1.0.0', status: 'completed', metric: 'accuracy' });
    console.log(`neural_train through WebMCP: validation accuracy ${t.accuracy.toFixed(3)} on ${t.details.validation_records} records, ${t.training_time.toFixed(2)} s on ${t.kernel}`);
    expect(t.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(t.kernel).toMatch(/^wasm-/);
    const p = await ok('neural_predict', { modelId: 'iris-agent', input: JSON.stringify(FLOWER) });
    expect(p).toMatchObject({ prediction: 'virginica', modelId: 'iris-agent', version: '1.0.0' });
    expect(p.confidence).toBeGreaterThan(0.5);
    expect(p.reasoning).toMatch(/of 9 similar records were 'virginica'/);
    const e = await ok('neural_explain', { modelId: 'iris-agent', input: FLOWER, repeats: 3 });
    expect(['petal_length', 'petal_width']).toContain(e.explanation.decision_factors[0].factor);
    expect(e.prediction).toMatchObject({ prediction: 'virginica' });
    expect(e.prediction.nearest_examples).toHaveLength(5);

    expect(await ok('memory_usage', { action: 'store', namespace: 'agent', key: 'vet', value: 'Take the cat to the veterinarian on Tuesday', ttl: 3600 })).toMatchObject({ stored: true, key: 'vet' });
    await ok('memory_usage', { action: 'store', namespace: 'agent', key: 'tax', value: 'The quarterly tax report is due in April' });
    expect(await ok('memory_usage', { action: 'retrieve', namespace: 'agent', key: 'vet' })).toMatchObject({ found: true, value: 'Take the cat to the veterinarian on Tuesday' });
    const found = await ok('memory_search', { pattern: 'pet doctor appointment', namespace: 'agent' });
    expect([found.embedder_kind, found.results[0].key]).toEqual(['word-vectors', 'vet']);
    const status = await ok('neural_status', {});
    expect(status).toMatchObject({ host: 'browser', running_jobs: [], models: { count: 1 } });
    expect(status.kernel.build).toMatch(/^wasm-/);
  });

  it('answers a bad call with a tool error that names the field, and stores nothing', async () => {
    await bad('neural_predict', { modelId: 'iris-agent', input: '{"sepal_length": ' }, 'input', /is not valid JSON/);
    await bad('neural_train', { pattern_type: 'prediction', training_data: iris, epochs: 0 }, 'epochs', /at least 1/);
    // Found in the compute worker: the field crosses to the page with the error.
    await bad('transfer_learn', { sourceModel: 'iris-agent', training_data: iris.map(({ petal_width: _w, ...r }) => r) }, 'training_data.trainingData.petal_width', /none of the records/);
    await bad('model_save', { modelId: 'iris-agent', path: '/tmp/iris.clf' }, 'path', /no file system/);
    expect(await models()).toEqual(['iris-agent']);
  });

  it('asks the user before a destructive call: declined changes nothing, allowed deletes', async () => {
    const dialog = s.page.getByTestId('agent-confirm');
    const declined = call('model_delete', { modelId: 'iris-agent' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('Allow model_delete({"modelId":"iris-agent"})?');
    await dialog.getByRole('button', { name: 'Decline' }).click();
    const no = await declined;
    expect([no.isError, no.content[0].text]).toEqual([true, 'model_delete: the user declined; nothing was changed']);
    expect(await models()).toEqual(['iris-agent']);
    const allowed = call('model_delete', { modelId: 'iris-agent' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Allow' }).click();
    expect((await allowed).structuredContent).toMatchObject({ success: true, modelId: 'iris-agent', modelDeleted: true });
    expect(await models()).toEqual([]);
    // A store changes nothing stored before: nobody is asked.
    expect(await ok('memory_usage', { action: 'store', namespace: 'agent', key: 'x', value: 'y' })).toMatchObject({ stored: true });
    expect(await dialog.count()).toBe(0);
  });

  it('stops a long call when the agent cancels it, or from the System page, and saves nothing', async () => {
    // No early stopping: it trains until cancelled.
    const long = { config: { ...CONFIG, modelId: 'iris-long', training: { ...CONFIG.training, epochs: 100_000 } }, training_data: iris };
    // The agent's cancel: the signal its browser gives executeTool.
    await s.page.evaluate((input) => {
      const mc = (document as Document & { modelContext: PageModelContext }).modelContext;
      const controller = new AbortController();
      const w = globalThis as typeof globalThis & { agentCall?: { controller: AbortController; result: Promise<string> } };
      w.agentCall = { controller, result: mc.getTools().then((tools) => mc.executeTool(tools.find((t) => t.name === 'neural_train'), input, { signal: controller.signal })).catch((e: Error) => e.name) };
    }, long);
    await expect.poll(async () => (await jobs())[0]?.progress ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    expect(await s.page.evaluate(() => {
      const w = globalThis as typeof globalThis & { agentCall?: { controller: AbortController; result: Promise<string> } };
      w.agentCall!.controller.abort();
      return w.agentCall!.result;
    })).toBe('AbortError');
    await expect.poll(jobs, { timeout: 20_000 }).toEqual([]);
    expect(await models()).toEqual([]);

    // The page's Cancel on the System card.
    const fromPage = call('neural_train', long);
    const row = s.page.getByTestId('webmcp-running').getByRole('listitem');
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toMatch(/neural_train epoch \d+\/100000: loss/);
    await row.getByRole('button', { name: 'Cancel' }).click();
    const r = await fromPage;
    expect(r.content[0].text).toMatch(/^neural_train: cancelled: training stopped after \d+ of 100000 epochs; nothing was saved$/);
    expect(await models()).toEqual([]);
    await expect.poll(() => row.count()).toBe(0);
  });

  it('shows on the System page that WebMCP is here and lists the registered tools with their hints', async () => {
    const card = s.page.getByTestId('webmcp-status');
    await expect.poll(() => card.textContent()).toMatch(new RegExp(`available ${TOOLS.length} tools registered on document\\.modelContext`));
    const rows = s.page.getByTestId('webmcp-tools').locator('tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-tool')))).toEqual(TOOLS.map((t) => t.name));
    const del = s.page.locator('tr[data-tool="model_delete"]');
    expect(await del.textContent()).toContain(TOOLS.find((t) => t.name === 'model_delete')!.description);
    expect(await del.getByTestId('tool-hints').textContent()).toContain('asks first');
    expect(await s.page.locator('tr[data-tool="neural_train"]').getByTestId('tool-hints').textContent()).toContain('long');
    expect(await s.page.locator('tr[data-tool="model_list"]').getByTestId('tool-hints').textContent()).toContain('read-only');
  });

  it('serves the same catalog in the console as saflaLab.<tool>(args)', async () => {
    expect(await s.page.evaluate(() => (globalThis as AgentWindow).saflaLab.model_list())).toMatchObject({ success: true, models: [] });
    const e = await s.page.evaluate(() => (globalThis as AgentWindow).saflaLab.neural_predict({ modelId: 'ghost', input: {} }).then(() => null, (err: Error & { field?: string }) => ({ name: err.name, field: err.field, message: err.message })));
    expect(e).toMatchObject({ name: 'ToolCallError', field: 'modelId', message: expect.stringMatching(/^neural_predict: modelId: .*no model ghost/) });
    expect(s.errors).toEqual([]);
  });
});

describe('without WebMCP', () => {
  it('says on the System page why there is none, registers nothing, and lists the tools an agent would get', async () => {
    const s = await launch();
    try {
      await s.page.goto(`${inject('baseUrl')}#/system`);
      const card = s.page.getByTestId('webmcp-status');
      await expect.poll(() => card.textContent()).toMatch(/not available This browser offers no WebMCP API \(document\.modelContext\)\. In Chromium it is behind a flag: start it with --enable-features=WebMCP\./);
      await expect.poll(() => s.page.getByTestId('webmcp-tools').locator('tbody tr').count(), { timeout: 20_000 }).toBe(TOOLS.length);
      expect(await s.page.evaluate(() => 'modelContext' in document)).toBe(false);
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
