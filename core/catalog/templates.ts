// The reference's 27 catalog models as templates: each names the recorded data it learns from, its input fields, its target, its network (the reference's config JSON) and its training settings. No accuracy figure lives here: a template has none until it is trained.
import { SOURCES, type FieldSpec, type SourceName } from './sources';

export const CATEGORIES = ['coordination', 'consensus', 'performance', 'sparc', 'specialized'] as const;
export type CatalogCategory = (typeof CATEGORIES)[number];

/** The reference's config JSON layer: {type, size?, activation?}. */
export interface LayerJson {
  type: 'input' | 'hidden' | 'output';
  size?: number;
  activation?: string;
}

export interface TrainingDefaults {
  learning_rate: number;
  batch_size: number;
  epochs: number;
  optimizer: 'adam';
  early_stopping: { patience: number; min_delta: number };
  validation_split: number;
  seed: number;
}

export interface CatalogOutput {
  field: string;
  task: 'classification' | 'regression';
  /** The classes a classifier chooses among when they are fixed; null for regression or classes taken from the data. */
  classes: readonly string[] | null;
  description: string;
}

export interface CatalogTemplate {
  /** The reference's name, exactly. */
  name: string;
  category: CatalogCategory;
  /** The reference's purpose and use case. */
  purpose: string;
  use_case: string;
  /** What this template learns, in one sentence (ours: the reference gave none). */
  learns: string;
  source: SourceName;
  inputs: readonly FieldSpec[];
  output: CatalogOutput;
  architecture: { layers: LayerJson[] };
  training: TrainingDefaults;
}

interface Def {
  name: string;
  category: CatalogCategory;
  purpose: string;
  use_case: string;
  learns: string;
  source: SourceName;
  inputs: readonly string[];
  target: string;
}

/** Fewer usable records than this, or a single class, and a template is not trained: it says so with the count. */
export const MIN_RECORDS = 20;

const CLASSIFIER_TRAINING: TrainingDefaults = {
  learning_rate: 0.01, batch_size: 16, epochs: 80, optimizer: 'adam', early_stopping: { patience: 15, min_delta: 0.0001 }, validation_split: 0.25, seed: 42,
};
const REGRESSION_TRAINING: TrainingDefaults = { ...CLASSIFIER_TRAINING, learning_rate: 0.005, epochs: 120, early_stopping: { patience: 20, min_delta: 0.0001 } };

// The reference's tables, in its order. Names, purposes and use cases are the reference's; what each learns from is ours.
const DEFS: readonly Def[] = [
  { name: 'hierarchical-coordinator', category: 'coordination', purpose: 'Tree-based delegation', use_case: 'Complex projects with clear structure', learns: 'whether an operation succeeds from its type, complexity and number of agents', source: 'operations', inputs: ['type', 'complexity', 'agents'], target: 'outcome' },
  { name: 'mesh-coordinator', category: 'coordination', purpose: 'Peer-to-peer coordination', use_case: 'Collaborative development', learns: 'whether an operation succeeds from what it says and how many agents share it', source: 'operations', inputs: ['description', 'agents'], target: 'outcome' },
  { name: 'adaptive-coordinator', category: 'coordination', purpose: 'Dynamic strategy selection', use_case: 'Unknown complexity tasks', learns: 'whether a strategy passes both checks on a task of a template and complexity (the learning loop\'s model)', source: 'pipeline_runs', inputs: ['template', 'complexity', 'strategy'], target: 'outcome' },
  { name: 'collective-intelligence', category: 'coordination', purpose: 'Swarm-based decision making', use_case: 'Consensus-required decisions', learns: 'the cognitive pattern recorded for an operation from its structured fields alone', source: 'operations', inputs: ['type', 'complexity', 'agents'], target: 'pattern' },
  { name: 'swarm-memory-manager', category: 'coordination', purpose: 'Distributed memory sync', use_case: 'Cross-agent knowledge sharing', learns: 'which namespace a piece of knowledge belongs in, from its key and value', source: 'memory_entries', inputs: ['key', 'value'], target: 'namespace' },
  { name: 'ring-coordinator', category: 'coordination', purpose: 'Circular task passing', use_case: 'Pipeline workflows', learns: 'how many of the three strategies pass a task of a template and complexity', source: 'pipeline_iterations', inputs: ['template', 'complexity'], target: 'strategies_passed' },
  { name: 'star-coordinator', category: 'coordination', purpose: 'Central hub coordination', use_case: 'Single point of control', learns: 'how many agents an operation is given, from its type, complexity and text', source: 'operations', inputs: ['type', 'complexity', 'description'], target: 'agents' },
  { name: 'hybrid-coordinator', category: 'coordination', purpose: 'Mixed topology', use_case: 'Adaptive multi-mode projects', learns: 'success across both kinds of record (learned operations and pipeline runs) from source, level and text', source: 'operations_and_runs', inputs: ['source', 'level', 'text'], target: 'outcome' },
  { name: 'byzantine-coordinator', category: 'consensus', purpose: 'Fault-tolerant consensus', use_case: 'Security-critical decisions', learns: 'how npm test ends (pass, fail, timeout, error) for a template, complexity, strategy and runner', source: 'pipeline_runs', inputs: ['template', 'complexity', 'strategy', 'runner'], target: 'test_status' },
  { name: 'raft-manager', category: 'consensus', purpose: 'Leader election', use_case: 'Distributed systems', learns: 'which strategy scores highest (the leader) on a task of a template and complexity', source: 'pipeline_iterations', inputs: ['template', 'complexity'], target: 'leader' },
  { name: 'gossip-coordinator', category: 'consensus', purpose: 'Epidemic protocols', use_case: 'Large-scale coordination', learns: 'whether a memory entry is read again after it is stored, from its namespace, size and time to live', source: 'memory_entries', inputs: ['namespace', 'value_length', 'has_ttl'], target: 'read_again' },
  { name: 'consensus-builder', category: 'consensus', purpose: 'Multi-agent voting', use_case: 'Democratic decisions', learns: 'whether an operation succeeds from all its fields together (text, type, complexity, agents)', source: 'operations', inputs: ['description', 'type', 'complexity', 'agents'], target: 'outcome' },
  { name: 'crdt-synchronizer', category: 'consensus', purpose: 'Conflict-free replication', use_case: 'Real-time collaboration', learns: 'whether a memory entry is written again after its first store, from its namespace, key and size', source: 'memory_entries', inputs: ['namespace', 'key', 'value_length'], target: 'rewritten' },
  { name: 'quorum-manager', category: 'consensus', purpose: 'Majority-based decisions', use_case: 'High-availability systems', learns: 'how many of the two checks (tests, lint) a strategy passes on a template and complexity', source: 'pipeline_runs', inputs: ['template', 'complexity', 'strategy'], target: 'checks_passed' },
  { name: 'perf-analyzer', category: 'performance', purpose: 'Bottleneck detection', use_case: 'Performance profiling', learns: 'which check (tests or lint) takes longer for a template, complexity, strategy and runner', source: 'pipeline_runs', inputs: ['template', 'complexity', 'strategy', 'runner'], target: 'bottleneck' },
  { name: 'performance-benchmarker', category: 'performance', purpose: 'Metrics collection', use_case: 'Comparative analysis', learns: 'how long tests and lint take (ms) for a template, complexity, strategy and runner', source: 'pipeline_runs', inputs: ['template', 'complexity', 'strategy', 'runner'], target: 'duration_ms' },
  { name: 'task-orchestrator', category: 'performance', purpose: 'Load balancing', use_case: 'Resource optimization', learns: 'how long an operation takes (ms) from its type, complexity and number of agents', source: 'operations', inputs: ['type', 'complexity', 'agents'], target: 'duration_ms' },
  { name: 'memory-coordinator', category: 'performance', purpose: 'Memory optimization', use_case: 'Cache management', learns: 'whether a memory entry is stored with a time to live, from its namespace, key and size', source: 'memory_entries', inputs: ['namespace', 'key', 'value_length'], target: 'expires' },
  { name: 'smart-agent', category: 'performance', purpose: 'Adaptive strategies', use_case: 'Self-optimization', learns: 'the score (0–100) a strategy earns on a template and complexity', source: 'pipeline_runs', inputs: ['template', 'complexity', 'strategy'], target: 'score' },
  { name: 'sparc-coord', category: 'sparc', purpose: 'SPARC phase coordination', use_case: 'Full SPARC workflows', learns: 'an operation\'s type from its text', source: 'operations', inputs: ['description'], target: 'type' },
  { name: 'specification', category: 'sparc', purpose: 'Requirements analysis', use_case: 'Spec phase', learns: 'an operation\'s complexity level from its text', source: 'operations', inputs: ['description'], target: 'complexity' },
  { name: 'architecture', category: 'sparc', purpose: 'System design', use_case: 'Architecture phase', learns: 'the cognitive pattern recorded for an operation from its text alone', source: 'operations', inputs: ['description'], target: 'pattern' },
  { name: 'refinement', category: 'sparc', purpose: 'TDD implementation', use_case: 'Refinement phase', learns: 'whether a test passes, from its name, the task\'s template and the strategy', source: 'pipeline_tests', inputs: ['test', 'template', 'strategy'], target: 'result' },
  { name: 'backend-dev', category: 'specialized', purpose: 'Backend development', use_case: 'API, database, services', learns: 'whether npm test passes for a template, complexity and strategy', source: 'pipeline_runs', inputs: ['template', 'complexity', 'strategy'], target: 'tests' },
  { name: 'ml-developer', category: 'specialized', purpose: 'ML/AI development', use_case: 'Neural networks, training', learns: 'a model\'s validation score at an epoch from its type, the epoch, learning rate, training loss and training score', source: 'training_history', inputs: ['model_type', 'epoch', 'learning_rate', 'loss', 'accuracy'], target: 'val_accuracy' },
  { name: 'cicd-engineer', category: 'specialized', purpose: 'CI/CD pipelines', use_case: 'DevOps automation', learns: 'whether npm run lint passes for a template, complexity, strategy and runner', source: 'pipeline_runs', inputs: ['template', 'complexity', 'strategy', 'runner'], target: 'lint' },
  { name: 'system-architect', category: 'specialized', purpose: 'Architecture design', use_case: 'System-level planning', learns: 'how long an operation takes (ms) from all its fields (text, type, complexity, agents)', source: 'operations', inputs: ['description', 'type', 'complexity', 'agents'], target: 'duration_ms' },
];

function fieldOf(source: SourceName, name: string): FieldSpec {
  const spec = SOURCES[source].fields.find((x) => x.name === name);
  if (!spec) throw new Error(`catalog: ${source} has no field ${name}`);
  return spec;
}

/** A small network per template: one hidden layer for a few structured fields, two when text is read. */
function layersFor(inputs: readonly FieldSpec[], task: CatalogOutput['task']): LayerJson[] {
  const text = inputs.some((i) => i.kind === 'text');
  const hidden: LayerJson[] = text ? [{ type: 'hidden', size: 32, activation: 'relu' }, { type: 'hidden', size: 16, activation: 'relu' }] : [{ type: 'hidden', size: 16, activation: 'relu' }];
  return [{ type: 'input' }, ...hidden, { type: 'output', activation: task === 'regression' ? 'linear' : 'softmax' }];
}

function build(d: Def): CatalogTemplate {
  const inputs = d.inputs.map((n) => fieldOf(d.source, n));
  const t = fieldOf(d.source, d.target);
  const task = t.kind === 'numeric' ? 'regression' : 'classification';
  return {
    name: d.name, category: d.category, purpose: d.purpose, use_case: d.use_case, learns: d.learns, source: d.source, inputs,
    output: { field: t.name, task, classes: task === 'classification' ? t.values : null, description: t.description },
    architecture: { layers: layersFor(inputs, task) },
    training: task === 'regression' ? REGRESSION_TRAINING : CLASSIFIER_TRAINING,
  };
}

export const TEMPLATES: readonly CatalogTemplate[] = DEFS.map(build);

/** The template of that name (exactly as the reference spells it), or undefined. */
export function templateNamed(name: unknown): CatalogTemplate | undefined {
  return typeof name === 'string' ? TEMPLATES.find((t) => t.name === name) : undefined;
}

/** The registry id a template's trained versions are saved under. */
export const modelIdOf = (name: string): string => `catalog-${name}`;

/** The reference's config JSON for a template: what the compute worker and the CLI train. */
export function configOf(t: CatalogTemplate): Record<string, unknown> {
  const featureTypes: Record<string, 'numeric' | 'categorical' | 'text'> = {};
  for (const i of t.inputs) if (i.kind !== 'boolean') featureTypes[i.name] = i.kind;
  return {
    modelId: modelIdOf(t.name),
    type: t.category,
    architecture: { layers: t.architecture.layers },
    training: { ...t.training, target: t.output.field, task: t.output.task, feature_types: featureTypes },
  };
}
