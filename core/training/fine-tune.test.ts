// Fine-tuning with frozen layers on the reference port and the wasm kernel: frozen weights come back bit for bit, the others learn the new data, accuracy is measured before and after, and bad layer lists are named.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKernelNode } from '../../kernel/js/node';
import { createWasmPort } from '../../kernel/js/network';
import { referencePort } from '../../kernel/reference/mlp';
import { irisRecords } from '../datasets/iris.fixture';
import type { ModelArtifact } from '../format/clf';
import { parseModelConfig } from '../models/config';
import { encodeRecords } from '../models/featurizer';
import { trainModel } from '../models/model-ops';
import type { KernelPort, ParamList } from '../nn/port';
import { checkFrozen, fineTune, type FineTuneSettings } from './fine-tune';
import { TrainingError } from './train';

const SWAP: Record<string, string> = { setosa: 'virginica', virginica: 'setosa', versicolor: 'versicolor' };
const iris = irisRecords();
const swapped = iris.map((r) => ({ ...r, species: SWAP[r.species] }));
let source: ModelArtifact;
let params: ParamList;

beforeAll(async () => {
  const config = parseModelConfig({
    modelId: 'iris-3',
    architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 12, activation: 'relu' }, { type: 'hidden', size: 8, activation: 'tanh' }, { type: 'output', activation: 'softmax' }] },
    training: { target: 'species', epochs: 120, learning_rate: 0.02, batch_size: 16, seed: 5 },
  });
  source = (await trainModel(referencePort, config, { trainingData: iris }, { now: () => 0, wallClock: () => 0 })).artifact;
  if (source.weights.kind !== 'f32') throw new Error('float weights expected');
  params = source.weights.params;
});

const settings = (frozen: number[], more: Partial<FineTuneSettings> = {}): FineTuneSettings => ({ frozen, epochs: 60, learningRate: 0.05, batchSize: 16, seed: 1, earlyStopping: null, ...more });
const sets = () => ({ train: encodeRecords(source.schema, swapped.filter((_, i) => i % 4 !== 0)), validation: encodeRecords(source.schema, swapped.filter((_, i) => i % 4 === 0)) });
const hooks = { now: () => 0 };

describe.each([
  ['reference', async () => referencePort],
  ['wasm', async () => createWasmPort(await loadKernelNode())],
] as const)('fineTune on the %s port', (_name, makePort) => {
  let port: KernelPort;
  beforeAll(async () => {
    port = await makePort();
  });

  it('keeps frozen layers bit for bit and trains the others to the new labels', async () => {
    const { train, validation } = sets();
    const out = await fineTune(port, source.spec, params, train, validation, settings([1, 2]), hooks);
    for (const i of [0, 1, 2, 3]) expect(out.params[i]).toEqual(params[i]);
    expect(out.params[4]).not.toEqual(params[4]);
    expect(out.params[5]).not.toEqual(params[5]);
    expect(out.before.accuracy).toBeLessThan(0.5);
    expect(out.validation.accuracy).toBeGreaterThan(0.85);
    expect(out.history).toHaveLength(60);
    // The input params are not touched.
    expect(params[4]).toEqual((source.weights as { params: ParamList }).params[4]);
  });

  it('freezes a middle layer alone, and trains every layer when none is frozen', async () => {
    const { train, validation } = sets();
    const middle = await fineTune(port, source.spec, params, train, validation, settings([2], { epochs: 5 }), hooks);
    expect(middle.params[2]).toEqual(params[2]);
    expect(middle.params[3]).toEqual(params[3]);
    expect(middle.params[0]).not.toEqual(params[0]);
    const none = await fineTune(port, source.spec, params, train, validation, settings([], { epochs: 5 }), hooks);
    for (const i of [0, 2, 4]) expect(none.params[i]).not.toEqual(params[i]);
  });

  it('stops when asked between epochs', async () => {
    const { train, validation } = sets();
    let epochs = 0;
    const out = await fineTune(port, source.spec, params, train, validation, settings([1]), { now: () => 0, onEpoch: () => epochs++, shouldStop: () => epochs >= 2 });
    expect(out.stopped).toBe('cancelled');
    expect(out.history).toHaveLength(2);
  });
});

function fail(list: unknown[], dense: number): string {
  try {
    checkFrozen(list, dense, 'freeze_layers');
  } catch (e) {
    if (e instanceof TrainingError) return `${e.field}: ${e.message}`;
    throw e;
  }
  return 'accepted';
}

describe('checkFrozen', () => {
  it('accepts layer numbers 1 … L, sorted, and refuses the rest naming the entry', () => {
    expect(checkFrozen([2, 1], 3, 'freeze_layers')).toEqual([1, 2]);
    expect(fail([0], 3)).toMatch(/^freeze_layers\[0\]: must be a layer number from 1 to 3 .*0 is the input/);
    expect(fail([1, 4], 3)).toMatch(/^freeze_layers\[1\]: must be a layer number from 1 to 3/);
    expect(fail([1.5], 3)).toMatch(/^freeze_layers\[0\]/);
    expect(fail([1, 1], 3)).toBe('freeze_layers[1]: names layer 1 twice');
    expect(fail([1, 2, 3], 3)).toBe('freeze_layers: freezes all 3 layers, so nothing would be trained: leave at least one out');
  });
});
