// The MCP suite (node only), loaded by bench/run.mjs: every tool through `safla mcp` (the built bin, spawned over stdio, the SDK's own client) beside the same handler called in this process, and neural_train on 1,000 records both ways: what the protocol costs.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { callTool, TOOLS, type ToolResult } from '../../core/tools/catalog';
import { loadPort } from '../../cli/kernel';
import { openState } from '../../cli/state';
import { createNodeToolContext } from '../../cli/tool-context';
import { loadWordVectors } from '../../cli/word-vectors';
import { serviceRuns, setupCalls, toolCases, TRAIN_1000_CONFIG } from './plan';

export interface McpRow {
  name: string;
  unit: 'ms';
  /** Median through the stdio server (client call to result). */
  ours: number;
  /** Median of the same handler called in this process. */
  peer: number;
  peer_name: 'in-process';
  /** in-process / MCP: below 1, the protocol's share. */
  ratio: number;
  /** MCP median minus in-process median. */
  overhead_ms: number;
  mcp_min_ms: number;
  mcp_max_ms: number;
  in_process_min_ms: number;
  in_process_max_ms: number;
  samples: number;
  detail: string;
  /** neural_train on 1,000 records: the training time the result itself reports (measured inside the handler), medians. */
  training_time_ms?: { mcp: number; in_process: number };
  request_bytes?: number;
  accuracy?: { mcp: number; in_process: number };
}

export interface McpBenchOptions {
  quick: boolean;
  filter?: string;
  onProgress?: (label: string) => void;
  onNote?: (message: string) => void;
}

type Caller = (tool: string, args: unknown) => Promise<ToolResult>;

const BIN = resolve('bin/safla.mjs');
const median = (v: number[]): number => {
  const s = v.toSorted((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function checked(r: ToolResult, what: string): Record<string, unknown> {
  if (r.isError) throw new Error(`${what} failed: ${r.content[0].text}`);
  return r.structuredContent!;
}

async function timedCall(call: Caller, tool: string, args: unknown): Promise<{ ms: number; result: Record<string, unknown> }> {
  const t0 = performance.now();
  const r = await call(tool, args);
  const ms = performance.now() - t0;
  return { ms, result: checked(r, tool) };
}

async function mcpSide(cwd: string): Promise<{ call: Caller; startupMs: number; close(): Promise<void>; serverInfo: unknown }> {
  const t0 = performance.now();
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', '--state', 'state'], cwd, stderr: 'ignore' });
  const client = new Client({ name: 'safla-bench', version: '1' });
  await client.connect(transport);
  await client.listTools();
  const startupMs = performance.now() - t0;
  return {
    call: (tool, args) => client.callTool({ name: tool, arguments: args as Record<string, unknown> }, undefined, { timeout: 600_000 }) as Promise<ToolResult>,
    startupMs,
    close: () => client.close(),
    serverInfo: client.getServerVersion(),
  };
}

async function inProcessSide(cwd: string): Promise<{ call: Caller; close(): void }> {
  const words = await loadWordVectors();
  const state = openState(join(cwd, 'state'), { create: true, embedder: words })!;
  const ctx = createNodeToolContext({ state, port: loadPort, words, io: { now: () => performance.now(), wallClock: () => Date.now(), cwd: () => cwd }, log: (m) => process.stderr.write(`${m}\n`) });
  return { call: (tool, args) => callTool(TOOLS, tool, args, ctx), close: () => state.close() };
}

export async function runMcpBench(options: McpBenchOptions): Promise<{ rows: McpRow[]; env: Record<string, unknown> }> {
  const samples = options.quick ? 7 : 21;
  const slowSamples = options.quick ? 2 : 5;
  const warm = options.quick ? 2 : 3;
  const say = (s: string) => options.onProgress?.(s);
  const dirs = { mcp: await mkdtemp(join(tmpdir(), 'safla-bench-mcp-')), local: await mkdtemp(join(tmpdir(), 'safla-bench-local-')) };
  const starts: number[] = [];
  const rows: McpRow[] = [];
  const load = [loadavg()[0]];
  // Server start-up: a fresh process each time, to the first tools/list answered.
  for (let i = 0; i < 3; i++) {
    const s = await mcpSide(dirs.mcp);
    starts.push(s.startupMs);
    await s.close();
  }
  const mcp = await mcpSide(dirs.mcp);
  const local = await inProcessSide(dirs.local);
  const sides = { mcp: mcp.call, local: local.call };
  try {
    say('setting up both states (100 notes, the iris model and its file)');
    for (const c of setupCalls()) for (const call of Object.values(sides)) checked(await call(c.tool, c.args), `setup ${c.tool}`);
    // Both sides must train on the same kernel build for the comparison to mean anything.
    const kernels = { mcp: checked(await sides.mcp('neural_status', {}), 'neural_status').kernel, in_process: checked(await sides.local('neural_status', {}), 'neural_status').kernel };
    if (JSON.stringify(kernels.mcp) !== JSON.stringify(kernels.in_process)) options.onNote?.(`the two sides run different kernel builds: ${JSON.stringify(kernels)}`);
    const cases = toolCases().filter((c) => options.filter === undefined || c.name.includes(options.filter));
    const missing = TOOLS.map((t) => t.name).filter((n) => !toolCases().some((c) => c.tool === n));
    if (missing.length) options.onNote?.(`no bench case for ${missing.join(', ')}`);
    for (const c of cases) {
      const n = c.slow ? slowSamples : samples;
      const w = c.slow ? 1 : warm;
      const times = { mcp: [] as number[], local: [] as number[] };
      const index = { mcp: 0, local: 0 };
      for (let i = 0; i < w; i++) for (const side of ['mcp', 'local'] as const) await timedCall(sides[side], c.tool, c.args(index[side]++));
      for (let i = 0; i < n; i++) {
        // Interleaved, the order swapped every sample: neither side always runs right after the other's writes.
        const order = i % 2 === 0 ? (['mcp', 'local'] as const) : (['local', 'mcp'] as const);
        for (const side of order) times[side].push((await timedCall(sides[side], c.tool, c.args(index[side]++))).ms);
      }
      const ours = median(times.mcp);
      const peer = median(times.local);
      rows.push({
        name: `mcp_${c.name}`, unit: 'ms', ours, peer, peer_name: 'in-process', ratio: peer / ours, overhead_ms: ours - peer,
        mcp_min_ms: Math.min(...times.mcp), mcp_max_ms: Math.max(...times.mcp), in_process_min_ms: Math.min(...times.local), in_process_max_ms: Math.max(...times.local),
        samples: n, detail: `${c.detail}; median of ${n} warm calls each way (after ${w} warm-up)`,
      });
      say(`${c.name}: MCP ${ours.toFixed(2)} ms, in-process ${peer.toFixed(2)} ms`);
    }
    load.push(loadavg()[0]);
    if (options.filter === undefined || 'neural_train_1000'.includes(options.filter)) {
      const records = serviceRuns();
      const args = { config: TRAIN_1000_CONFIG, training_data: { trainingData: records } };
      const n = options.quick ? 3 : 7;
      const times = { mcp: [] as number[], local: [] as number[] };
      const inner = { mcp: [] as number[], local: [] as number[] };
      const acc = { mcp: [] as number[], local: [] as number[] };
      for (let i = 0; i < n + 1; i++) {
        for (const side of (i % 2 === 0 ? ['mcp', 'local'] : ['local', 'mcp']) as ('mcp' | 'local')[]) {
          const { ms, result } = await timedCall(sides[side], 'neural_train', args);
          // The first round warms both sides up and is not counted.
          if (i === 0) continue;
          times[side].push(ms);
          inner[side].push((result.training_time as number) * 1000);
          acc[side].push(result.accuracy as number);
        }
        say(`neural_train on 1,000 records: round ${i + 1} of ${n + 1}`);
      }
      const ours = median(times.mcp);
      const peer = median(times.local);
      rows.push({
        name: 'mcp_neural_train_1000', unit: 'ms', ours, peer, peer_name: 'in-process', ratio: peer / ours, overhead_ms: ours - peer,
        mcp_min_ms: Math.min(...times.mcp), mcp_max_ms: Math.max(...times.mcp), in_process_min_ms: Math.min(...times.local), in_process_max_ms: Math.max(...times.local),
        samples: n,
        detail: `1,000 records (6 numbers, 2 categories, 3 classes), 32-16 relu network, 50 epochs, batch 32; end to end: the request's JSON, training on the kernel, the version saved, the result back; median of ${n} after one warm-up each way`,
        training_time_ms: { mcp: median(inner.mcp), in_process: median(inner.local) },
        request_bytes: JSON.stringify(args).length,
        accuracy: { mcp: median(acc.mcp), in_process: median(acc.local) },
      });
    }
    load.push(loadavg()[0]);
    return {
      rows,
      env: { server: mcp.serverInfo, kernels, startup_ms: { median: median(starts), samples: starts }, load_1m: load, samples, slow_samples: slowSamples, warm_up: warm },
    };
  } finally {
    await mcp.close();
    local.close();
    await rm(dirs.mcp, { recursive: true, force: true });
    await rm(dirs.local, { recursive: true, force: true });
  }
}
