// The tool catalog in-process over the node context: every tool with valid and invalid input on a fresh state folder (the real kernel, the word vectors, the node pipeline runner), nothing stored by a failing call.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { irisRecords } from '../core/datasets/iris.fixture';
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
  const words = await loadWordVectors();
  state = openState(join(dir, '.safla'), { create: true, embedder: words })!;
  ctx = createNodeToolContext({
    state, port: loadPort, words, log: (m) => process.stderr.write(`${m}\n`),
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

/** A network trained until cancelled: no early stopping (pattern_type's default network stops early on iris, under load before neural_status answers). */
const endless = { modelId: 'endless', architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8 }, { type: 'output', activation: 'softmax' }] }, training: { target: 'species' } };

describe('a long call on the node context', () => {
  it('is listed by neural_status with its progress while it trains, and a cancel stores nothing', async () => {
    const models = () => ctx.engine.call('model_list').then((l) => l.length);
    const before = await models();
    const controller = new AbortController();
    let listed: unknown;
    // No early stopping: only the cancel can end this training, however long neural_status takes to answer.
    const training = callTool(TOOLS, 'neural_train', { config: endless, training_data: irisRecords(), epochs: 100_000 }, ctx, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.progress !== 5) return;
        // The handler yields to the event loop between epochs, so another call is answered meanwhile.
        void callTool(TOOLS, 'neural_status', {}, ctx).then((r) => {
          listed = (r.structuredContent as { running_jobs: unknown[] }).running_jobs;
          controller.abort();
        });
      },
    });
    const r = await training;
    expect(listed).toMatchObject([{ tool: 'neural_train', total: 100_000, message: expect.stringMatching(/^epoch \d+\/100000: loss/) }]);
    expect((listed as { progress: number }[])[0].progress).toBeGreaterThanOrEqual(5);
    expect(r.isError).toBe(true);
    expect(r.content[0].text).toMatch(/^neural_train: cancelled: training stopped after \d+ of 100000 epochs; nothing was saved$/);
    expect(await models()).toBe(before);
    expect(ctx.jobs.list()).toEqual([]);
  }, 60_000);
});

const smallIris = (id: string, seed: number) => ({ modelId: id, architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 8 }, { type: 'output', activation: 'softmax' }] }, training: { target: 'species', epochs: 30, seed } });

const train = (id: string, seed: number) => callTool(TOOLS, 'neural_train', { config: smallIris(id, seed), training_data: irisRecords() }, ctx).then((r) => r.structuredContent as { accuracy: number; details: { val_loss: number } });

describe('calls at once on one node context', () => {
  it('two trainings interleaved on the one kernel give what each gives alone', async () => {
    const [a, b] = await Promise.all([train('together-a', 1), train('together-b', 2)]);
    const [a1, b1] = [await train('alone-a', 1), await train('alone-b', 2)];
    expect([a.accuracy, a.details.val_loss]).toEqual([a1.accuracy, a1.details.val_loss]);
    expect([b.accuracy, b.details.val_loss]).toEqual([b1.accuracy, b1.details.val_loss]);
  }, 60_000);
});
