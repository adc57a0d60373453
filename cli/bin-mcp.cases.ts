// Bin test cases for `safla mcp`: the SDK's own Client over StdioClientTransport spawning the built bin: tools/list, every tool valid and invalid, progress and cancellation, a restart that finds the state, two servers writing to one state folder at once, nothing but protocol on stdout.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { irisRecords } from '../core/datasets/iris.fixture';
import { TOOLS, type ToolResult } from '../core/tools/catalog';
import { BIN, isCleanError, safla } from './bin-support';
import { NodeDb } from './node-db';
import { dumpDb, FLOWER, toolCases } from './tool.cases';

/** One `safla mcp --state <state>` in cwd, with the SDK's client connected to it over stdio; its stderr collected. */
export async function startServer(cwd: string, state: string): Promise<{ client: Client; stderr: () => string; close: () => Promise<void> }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', '--state', state], cwd, stderr: 'pipe' });
  let err = '';
  (transport.stderr as Readable).on('data', (d: Buffer) => (err += d.toString('utf8')));
  const client = new Client({ name: 'safla-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => err, close: () => client.close() };
}

/** A tool call as the tests make it: long tools get a generous timeout (the SDK's default is 60 s). */
export function callVia(client: Client, name: string, args: unknown): Promise<ToolResult> {
  return client.callTool({ name, arguments: args as Record<string, unknown> }, undefined, { timeout: 300_000 }) as Promise<ToolResult>;
}

function dumpFile(file: string): string {
  const db = NodeDb.open(file);
  try {
    return dumpDb(db);
  } finally {
    db.close();
  }
}

export function mcpCases(): void {
  const iris = irisRecords();
  let dir = '';
  let server: Awaited<ReturnType<typeof startServer>>;
  const stateFile = () => join(dir, 'state', 'memory.db');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'safla-mcp-'));
    server = await startServer(dir, 'state');
  }, 60_000);
  afterAll(() => server?.close());

  it('lists every catalog tool with its JSON Schema and hints, and logs only to stderr', async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    for (const t of TOOLS) {
      const listed = tools.find((x) => x.name === t.name)!;
      expect(listed.inputSchema).toEqual(JSON.parse(JSON.stringify(t.inputSchema)));
      expect(listed.description).toBe(t.description);
      expect(listed.annotations).toMatchObject({ readOnlyHint: t.readOnly, destructiveHint: t.destructive });
    }
    expect(server.client.getServerVersion()).toMatchObject({ name: 'safla' });
    expect(server.stderr()).toMatch(new RegExp(`safla mcp: serving ${TOOLS.length} tools over stdio; state in .*state`));
  });

  describe('every tool over stdio (built bin)', () => {
    toolCases(() => ({ call: (name, args) => callVia(server.client, name, args), dump: () => dumpFile(stateFile()), dir }));
  });

  it('reports training progress when the client sends a progress token', async () => {
    const seen: { progress: number; total?: number; message?: string }[] = [];
    const r = await server.client.callTool({ name: 'neural_train', arguments: { pattern_type: 'prediction', training_data: iris, epochs: 12 } }, undefined, { timeout: 120_000, onprogress: (p) => seen.push(p) }) as ToolResult;
    expect(r.isError).toBeFalsy();
    const epochs = (r.structuredContent as { details: { epochs_run: number } }).details.epochs_run;
    expect(seen.map((p) => p.progress)).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
    expect(seen.every((p) => p.total === 12)).toBe(true);
    expect(seen[0].message).toMatch(/^epoch 1\/12: loss \d/);
  }, 120_000);

  it('a cancelled training stops, saves nothing and leaves no running job', async () => {
    const before = await callVia(server.client, 'model_list', {});
    const count = (before.structuredContent as { count: number }).count;
    const abort = new AbortController();
    let epochsSeen = 0;
    const call = server.client.callTool({ name: 'neural_train', arguments: { pattern_type: 'coordination', training_data: iris, epochs: 100_000 } }, undefined, {
      timeout: 120_000, signal: abort.signal,
      onprogress: (p) => {
        epochsSeen = p.progress;
        if (p.progress === 3) abort.abort('enough');
      },
    });
    await expect(call).rejects.toThrow();
    expect(epochsSeen).toBeGreaterThanOrEqual(3);
    // The server stops between epochs; then the job is gone and nothing was saved.
    let status: { running_jobs: unknown[]; models: { count: number } } | undefined;
    for (let i = 0; i < 100; i++) {
      status = (await callVia(server.client, 'neural_status', {})).structuredContent as typeof status;
      if (status!.running_jobs.length === 0) break;
      await new Promise((done) => setTimeout(done, 50));
    }
    expect(status!.running_jobs).toEqual([]);
    expect(status!.models.count).toBe(count);
  }, 120_000);

  it('a restarted server finds the models and the memory it stored', async () => {
    await server.close();
    server = await startServer(dir, 'state');
    const list = (await callVia(server.client, 'model_list', {})).structuredContent as { models: { modelId: string }[] };
    expect(list.models.map((m) => m.modelId)).toContain('iris-mlp');
    const got = (await callVia(server.client, 'memory_usage', { action: 'retrieve', namespace: 'notes', key: 'vet' })).structuredContent as { found: boolean; value: string };
    expect(got).toMatchObject({ found: true, value: 'Take the cat to the veterinarian on Tuesday for her vaccination' });
    const p = (await callVia(server.client, 'neural_predict', { modelId: 'iris-mlp@1.0.0', input: FLOWER })).structuredContent as { prediction: string };
    expect(p.prediction).toBe('virginica');
  }, 60_000);

  it('two servers on one state folder write at once without errors or lost writes', async () => {
    const shared = await mkdtemp(join(tmpdir(), 'safla-mcp-two-'));
    const [a, b] = await Promise.all([startServer(shared, 'state'), startServer(shared, 'state')]);
    try {
      const stores = (s: typeof a, tag: string) => Array.from({ length: 40 }, (_, i) => callVia(s.client, 'memory_usage', { action: 'store', namespace: 'race', key: `${tag}-${i}`, value: `written by ${tag} (${i})` }));
      const trains = [a, b].map((s, i) => callVia(s.client, 'neural_train', { config: { modelId: `racer-${i}`, architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8 }, { type: 'output', activation: 'softmax' }] }, training: { target: 'species', epochs: 20 } }, training_data: iris }));
      const results = await Promise.all([...stores(a, 'a'), ...stores(b, 'b'), ...trains]);
      expect(results.filter((r) => r.isError).map((r) => r.content[0].text)).toEqual([]);
      const list = (await callVia(a.client, 'memory_usage', { action: 'list', namespace: 'race' })).structuredContent as { count: number; entries: { key: string }[] };
      expect(list.count).toBe(80);
      const models = (await callVia(b.client, 'model_list', {})).structuredContent as { models: { modelId: string }[] };
      expect(models.models.map((m) => m.modelId).toSorted()).toEqual(['racer-0', 'racer-1']);
      expect(a.stderr()).not.toMatch(/busy|internal error/i);
      expect(b.stderr()).not.toMatch(/busy|internal error/i);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  }, 120_000);

  it('writes nothing but JSON-RPC messages to stdout, and exits when its stdin ends', async () => {
    const child = spawn(process.execPath, [BIN, 'mcp', '--state', 'raw-state'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const send = (m: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
    send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/list' });
    send({ id: 3, method: 'tools/call', params: { name: 'memory_stats', arguments: {} } });
    send({ id: 4, method: 'tools/call', params: { name: 'neural_predict', arguments: { modelId: 'nothing-here', input: '{}' } } });
    for (let i = 0; i < 200 && (out.match(/\n/g)?.length ?? 0) < 4; i++) await new Promise((done) => setTimeout(done, 50));
    child.stdin.end();
    expect(await exited).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    // Calls run concurrently, so answers may come in any order: each names its request.
    const messages = lines.map((l) => JSON.parse(l) as { jsonrpc: string; id: number; result: { tools?: unknown[]; isError?: boolean; content?: { text: string }[] } }).toSorted((x, y) => x.id - y.id);
    expect(messages.every((m) => m.jsonrpc === '2.0')).toBe(true);
    expect(messages.map((m) => m.id)).toEqual([1, 2, 3, 4]);
    expect(messages[1].result.tools).toHaveLength(TOOLS.length);
    expect(messages[3].result.isError).toBe(true);
    expect(messages[3].result.content![0].text).toMatch(/^neural_predict: modelId: no model nothing-here/);
  }, 60_000);

  it('refuses a state path that is a file, and stray arguments, with one line on stderr and nothing on stdout', async () => {
    await writeFile(join(dir, 'not-a-folder'), 'x');
    const file = await safla(dir, 'mcp', '--state', 'not-a-folder');
    expect(file).toMatchObject({ code: 1, stdout: '' });
    expect(isCleanError(file.stderr)).toBe(true);
    expect(file.stderr).toMatch(/state folder .*not-a-folder is a file, not a folder/);
    const stray = await safla(dir, 'mcp', 'start');
    expect(stray).toMatchObject({ code: 2, stdout: '' });
    expect(stray.stderr).toMatch(/^safla: unexpected arguments: start \(safla mcp takes only --state DIR\)/);
  });
}
