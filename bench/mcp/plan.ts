// The MCP suite's plan: the state both sides start from, one representative call per tool (in an order where each call finds what it needs), and the 1,000-row training set.
import { irisRecords } from '../../core/datasets/iris.fixture';
import { createRng } from '../../core/random';

export const IRIS_CONFIG = {
  modelId: 'iris-mlp',
  architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
  training: { target: 'species', learning_rate: 0.01, batch_size: 16, epochs: 60, optimizer: 'adam', validation_split: 0.3, seed: 42 },
};
export const FLOWER = { sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 };
const SWAP: Record<string, string> = { setosa: 'virginica', virginica: 'setosa', versicolor: 'versicolor' };

const NOTES = [
  'Take the cat to the veterinarian on Tuesday for her vaccination', 'The quarterly tax report is due at the end of April',
  'Deploy the billing service to production after the tests pass', 'Buy milk, eggs and bread on the way home',
  'Renew the passport before the trip to Lisbon', 'The build broke because the lockfile was out of date',
];

export interface Call {
  tool: string;
  args: unknown;
}

/** What both sides do before timing: 100 notes in memory, the iris model at 1.0.0 and its .clf file at iris.clf. */
export function setupCalls(): Call[] {
  const iris = irisRecords();
  return [
    ...Array.from({ length: 100 }, (_, i) => ({ tool: 'memory_usage', args: { action: 'store', namespace: 'notes', key: `note-${i}`, value: `${NOTES[i % NOTES.length]} (${i})` } })),
    { tool: 'neural_train', args: { config: IRIS_CONFIG, training_data: { trainingData: iris } } },
    { tool: 'model_save', args: { modelId: 'iris-mlp@1.0.0', path: 'iris.clf', overwrite: true } },
    // An int8 version measured on the data: an ensemble member beside 1.0.0.
    { tool: 'neural_compress', args: { modelId: 'iris-mlp@1.0.0', training_data: { trainingData: iris } } },
  ];
}

export interface ToolCase {
  /** The row's name: the tool, and the action where a tool has several. */
  name: string;
  tool: string;
  /** Call i (warm-up calls count too): each call of a writing tool writes something new. */
  args(i: number): unknown;
  /** What one call does. */
  detail: string;
  /** Fewer samples for the slow ones (the pipeline runs npm). */
  slow?: boolean;
}

/** Every tool, in an order where each finds what it needs (model_load's versions before model_delete deletes them). */
export function toolCases(): ToolCase[] {
  const iris = irisRecords();
  const swapped = iris.map((r) => ({ ...r, species: SWAP[r.species] }));
  const batch = iris.filter((_, i) => i % 3 === 0).slice(0, 50);
  return [
    { name: 'memory_usage(store)', tool: 'memory_usage', args: (i) => ({ action: 'store', namespace: 'bench', key: `k-${i}`, value: `value ${i}: ${NOTES[i % NOTES.length]}` }), detail: 'one upsert, one WAL commit' },
    { name: 'memory_usage(retrieve)', tool: 'memory_usage', args: (i) => ({ action: 'retrieve', namespace: 'notes', key: `note-${i % 100}` }), detail: 'one read, its access count written' },
    { name: 'memory_search', tool: 'memory_search', args: () => ({ pattern: 'pet doctor appointment', namespace: 'notes' }), detail: 'by meaning (word vectors) over 100 notes' },
    { name: 'memory_stats', tool: 'memory_stats', args: () => ({}), detail: 'tier rows and bytes, file sizes' },
    { name: 'neural_train', tool: 'neural_train', args: () => ({ config: { ...IRIS_CONFIG, modelId: 'iris-again', training: { ...IRIS_CONFIG.training, epochs: 20 } }, training_data: iris }), detail: 'iris, 150 records, 20 epochs, saved as a version' },
    { name: 'neural_predict', tool: 'neural_predict', args: () => ({ modelId: 'iris-mlp@1.0.0', input: FLOWER }), detail: 'one record, 9 neighbours' },
    { name: 'neural_predict_batch', tool: 'neural_predict_batch', args: () => ({ modelId: 'iris-mlp@1.0.0', inputs: batch, batch_size: 50 }), detail: '50 records, 9 neighbours each' },
    { name: 'neural_patterns(analyze)', tool: 'neural_patterns', args: (i) => ({ action: 'analyze', operation: { type: 'review', description: `Audit the access logs of service ${i % 7} before the release` } }), detail: 'the classifier (trained at first use, untimed warm-up) and similar recorded operations' },
    { name: 'neural_explain', tool: 'neural_explain', args: () => ({ modelId: 'iris-mlp@1.0.0', input: FLOWER }), detail: 'permutation importance (4 fields × 5 shuffles of the stored examples) and one record' },
    { name: 'neural_compress', tool: 'neural_compress', args: () => ({ modelId: 'iris-mlp@1.0.0', training_data: { trainingData: iris } }), detail: 'int8 copy, accuracy before/after on 45 records, saved' },
    { name: 'ensemble_create', tool: 'ensemble_create', args: (i) => ({ models: ['iris-mlp@1.0.0', 'iris-mlp@1.1.0'], name: `pair-${i}`, input: FLOWER }), detail: 'two members, weights from the registry, one prediction, saved' },
    { name: 'transfer_learn', tool: 'transfer_learn', args: () => ({ sourceModel: 'iris-mlp@1.0.0', training_data: swapped, epochs: 20 }), detail: '150 records, layer 1 frozen, 20 epochs, saved' },
    { name: 'model_save', tool: 'model_save', args: (i) => ({ modelId: 'iris-mlp@1.0.0', path: `out/m-${i}.clf` }), detail: 'one .clf file written' },
    { name: 'model_load', tool: 'model_load', args: () => ({ modelPath: 'iris.clf', name: 'loaded' }), detail: 'a .clf file validated and saved as a version' },
    { name: 'model_list', tool: 'model_list', args: () => ({}), detail: 'every model' },
    { name: 'model_delete', tool: 'model_delete', args: (i) => ({ modelId: `loaded@1.${i}.0` }), detail: 'one version' },
    { name: 'neural_status', tool: 'neural_status', args: () => ({}), detail: 'models, ensembles, jobs, kernel, memory' },
    { name: 'train_pipeline_run', tool: 'train_pipeline_run', args: (i) => ({ complexity: 'easy', strategy: 'balanced', seed: i }), detail: 'one generated task, npm test + npm run lint on the node runner', slow: true },
    { name: 'train_pipeline_status', tool: 'train_pipeline_status', args: () => ({}), detail: 'profiles, recent runs, totals' },
  ];
}

/**
 * 1,000 service-run records (6 numbers, 2 categories) whose outcome follows a rule of four of the fields with 5% of the
 * labels flipped (seeded): a dataset a small network learns to about 90%, big enough that training is most of the call.
 */
export function serviceRuns(n = 1000, seed = 17): Record<string, unknown>[] {
  const rng = createRng(seed);
  const regions = ['eu-west', 'us-east', 'ap-south', 'sa-east'];
  const tiers = ['free', 'team', 'enterprise'];
  return Array.from({ length: n }, () => {
    const load = rng.next();
    const latency_ms = 20 + rng.next() * 480;
    const cpu = rng.next();
    const memory = rng.next();
    const retries = Math.floor(rng.next() * 4);
    const queue = Math.floor(rng.next() * 50);
    const region = regions[Math.floor(rng.next() * regions.length)];
    const tier = tiers[Math.floor(rng.next() * tiers.length)];
    const stress = load * 1.5 + latency_ms / 400 + retries * 0.3 + (tier === 'free' ? 0.4 : 0);
    let outcome = stress > 2.2 ? 'failed' : stress > 1.4 ? 'degraded' : 'ok';
    if (rng.next() < 0.05) outcome = ['ok', 'degraded', 'failed'][Math.floor(rng.next() * 3)];
    return { load, latency_ms, cpu, memory, retries, queue, region, tier, outcome };
  });
}

export const TRAIN_1000_CONFIG = {
  modelId: 'service-runs',
  architecture: { layers: [{ type: 'input' }, { type: 'hidden', size: 32, activation: 'relu' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
  training: { target: 'outcome', learning_rate: 0.005, batch_size: 32, epochs: 50, optimizer: 'adam', validation_split: 0.2, seed: 1 },
};
