// The tool catalog in-process over the node context: every tool with valid and invalid input on a fresh state folder (the real kernel, the word vectors, the node pipeline runner), nothing stored by a failing call.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { callTool, TOOLS } from '../core/tools/catalog';
import type { ToolContext } from '../core/tools/context';
import { loadPort } from './kernel';
import { openState, type CliState } from './state';
import { dumpDb, toolCases } from './tool.cases';
import { createNodeToolContext } from './tool-context';
import { loadWordVectors } from './word-vectors';

let dir: string;
let state: CliState;
let ctx: ToolContext;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safla-tools-'));
  state = openState(join(dir, '.safla'), { create: true, embedder: await loadWordVectors() })!;
  ctx = createNodeToolContext({
    state, port: loadPort, log: (m) => process.stderr.write(`${m}\n`),
    io: { now: () => performance.now(), wallClock: () => Date.now(), cwd: () => dir },
  });
}, 60_000);

afterAll(async () => {
  state?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the tool catalog over the node context (in-process)', () => {
  toolCases(() => ({ call: (name, args) => callTool(TOOLS, name, args, ctx), dump: () => dumpDb(state.db), dir }));
});
