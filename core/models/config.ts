// The reference's custom-model JSON (modelId, type, architecture.layers, training {...}), validated into a typed config with every problem named.
import { FORBIDDEN_KEYS, MAX_JSON_DEPTH } from '../format/clf-base';
import { ACTIVATIONS, MAX_PARAMETERS, OPTIMIZERS, type Activation, type OptimizerType } from '../nn/spec';
import { FEATURE_TYPES, type FeatureType } from './featurizer';

export const PATTERN_TYPES = ['coordination', 'optimization', 'prediction'] as const;

export type LrSchedule =
  /** The reference's: lr · gamma^floor((epoch − 1) / step_size). */
  | { type: 'step_decay'; step_size: number; gamma: number }
  /** lr · gamma^(epoch − 1). */
  | { type: 'exponential'; gamma: number }
  /** min_lr + (lr − min_lr)·(1 + cos(π·(epoch − 1)/(epochs − 1)))/2. */
  | { type: 'cosine'; min_lr: number };

export interface EarlyStopping {
  /** Epochs without an improvement of at least min_delta in the monitored value before training stops. */
  patience: number;
  min_delta: number;
  monitor: 'val_loss' | 'val_accuracy';
}

export interface LayerConfig {
  type: 'input' | 'hidden' | 'output';
  /** null: taken from the data (input width, or class count for a classifier's output). */
  size: number | null;
  activation: Activation;
}

export interface TrainingConfig {
  pattern_type: string | null;
  /** Name of the record field to predict; null: chosen from the data (see featurizer). */
  target: string | null;
  task: 'classification' | 'regression' | null;
  learning_rate: number;
  batch_size: number;
  epochs: number;
  optimizer: OptimizerType;
  momentum: number;
  weight_decay: number;
  lr_schedule: LrSchedule | null;
  early_stopping: EarlyStopping | null;
  /** Fraction of the training records held out when no validationData is given. */
  validation_split: number;
  seed: number;
  /** Column kinds chosen by the user ({field: 'numeric' | 'categorical' | 'text'}); other columns' kinds are inferred. */
  feature_types: Record<string, FeatureType> | null;
}

export interface ModelConfig {
  modelId: string;
  type: string;
  layers: LayerConfig[];
  training: TrainingConfig;
  /** Anything else the file held (e.g. the reference's `specialization`), kept verbatim. */
  extra: Record<string, unknown>;
}

export interface ConfigIssue {
  /** Dotted path of the offending field, e.g. `architecture.layers[2].activation`. */
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(`model config: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

export const TRAINING_DEFAULTS = {
  learning_rate: 0.001,
  batch_size: 32,
  epochs: 50,
  optimizer: 'adam',
  momentum: 0.9,
  weight_decay: 0,
  validation_split: 0.2,
  seed: 42,
} as const;

/** The most epochs a config (or the CLI's --epochs) may ask for. */
export const MAX_EPOCHS = 100_000;

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Obj, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

class Checker {
  issues: ConfigIssue[] = [];
  fail(path: string, message: string): undefined {
    this.issues.push({ path, message });
    return undefined;
  }
  num(o: Obj, key: string, path: string, opts: { int?: boolean; min?: number; max?: number; gt?: number; dflt?: number }): number | undefined {
    const v = own(o, key);
    if (v === undefined || v === null) return opts.dflt ?? this.fail(`${path}.${key}`, 'is required');
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.fail(`${path}.${key}`, `must be a finite number (got ${JSON.stringify(v)})`);
    if (opts.int && !Number.isInteger(v)) return this.fail(`${path}.${key}`, `must be an integer (got ${v})`);
    if (opts.gt !== undefined && !(v > opts.gt)) return this.fail(`${path}.${key}`, `must be greater than ${opts.gt} (got ${v})`);
    if (opts.min !== undefined && v < opts.min) return this.fail(`${path}.${key}`, `must be at least ${opts.min} (got ${v})`);
    if (opts.max !== undefined && v > opts.max) return this.fail(`${path}.${key}`, `must be at most ${opts.max} (got ${v})`);
    return v;
  }
  oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[], dflt?: T): T | undefined {
    const v = own(o, key);
    if (v === undefined || v === null) return dflt ?? this.fail(`${path}.${key}`, `is required (one of ${allowed.join(', ')})`);
    if (typeof v !== 'string' || !allowed.includes(v as T)) {
      return this.fail(`${path}.${key}`, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`);
    }
    return v as T;
  }
  str(o: Obj, key: string, path: string, dflt: string | null): string | null | undefined {
    const v = own(o, key);
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'string' || v.length === 0) return this.fail(`${path}.${key}`, 'must be a non-empty string');
    return v;
  }
}

function parseLayers(c: Checker, arch: Obj): LayerConfig[] {
  const layers = own(arch, 'layers');
  if (!Array.isArray(layers)) return c.fail('architecture.layers', 'must be an array of {type, size, activation}') ?? [];
  if (layers.length < 2) c.fail('architecture.layers', `needs an input and an output layer (got ${layers.length} layers)`);
  return layers.map((raw, i): LayerConfig => {
    const path = `architecture.layers[${i}]`;
    if (!isObj(raw)) return c.fail(path, 'must be an object') ?? { type: 'hidden', size: 1, activation: 'linear' };
    const want = i === 0 ? 'input' : i === layers.length - 1 ? 'output' : 'hidden';
    const type = own(raw, 'type') ?? want;
    if (type !== want) c.fail(`${path}.type`, `must be '${want}' here (got ${JSON.stringify(type)}): layers go input, hidden…, output`);
    const rawSize = own(raw, 'size');
    let size: number | null = null;
    if (rawSize === undefined || rawSize === null || rawSize === 'auto') {
      if (want === 'hidden') c.fail(`${path}.size`, 'is required for a hidden layer');
    } else size = c.num(raw, 'size', path, { int: true, min: 1, max: 65536 }) ?? null;
    const activation = want === 'input'
      ? 'linear'
      : c.oneOf(raw, 'activation', path, ACTIVATIONS, want === 'hidden' ? 'relu' : undefined) ?? 'linear';
    if (want === 'hidden' && activation === 'softmax') c.fail(`${path}.activation`, 'softmax is only allowed on the output layer');
    return { type: want, size, activation };
  });
}

function parseSchedule(c: Checker, t: Obj): LrSchedule | null {
  const s = own(t, 'lr_schedule');
  if (s === undefined || s === null) return null;
  const path = 'training.lr_schedule';
  if (!isObj(s)) return c.fail(path, 'must be an object like {type: "step_decay", step_size, gamma}') ?? null;
  const type = c.oneOf(s, 'type', path, ['step_decay', 'exponential', 'cosine'] as const);
  if (type === 'step_decay') {
    const step_size = c.num(s, 'step_size', path, { int: true, min: 1 });
    const gamma = c.num(s, 'gamma', path, { gt: 0, max: 1 });
    return step_size !== undefined && gamma !== undefined ? { type, step_size, gamma } : null;
  }
  if (type === 'exponential') {
    const gamma = c.num(s, 'gamma', path, { gt: 0, max: 1 });
    return gamma !== undefined ? { type, gamma } : null;
  }
  if (type === 'cosine') {
    const min_lr = c.num(s, 'min_lr', path, { min: 0, dflt: 0 });
    return min_lr !== undefined ? { type, min_lr } : null;
  }
  return null;
}

function parseEarlyStopping(c: Checker, t: Obj): EarlyStopping | null {
  const e = own(t, 'early_stopping');
  if (e === undefined || e === null || e === false) return null;
  const path = 'training.early_stopping';
  if (!isObj(e)) return c.fail(path, 'must be an object like {patience, min_delta}') ?? null;
  if (own(e, 'enabled') === false) return null;
  const patience = c.num(e, 'patience', path, { int: true, min: 1, dflt: 10 });
  const min_delta = c.num(e, 'min_delta', path, { min: 0, dflt: 0 });
  const monitor = c.oneOf(e, 'monitor', path, ['val_loss', 'val_accuracy'] as const, 'val_loss');
  return patience !== undefined && min_delta !== undefined && monitor ? { patience, min_delta, monitor } : null;
}

function parseFeatureTypes(c: Checker, t: Obj): Record<string, FeatureType> | null {
  const f = own(t, 'feature_types');
  if (f === undefined || f === null) return null;
  const path = 'training.feature_types';
  if (!isObj(f)) return c.fail(path, `must be an object like {"field": "text"} (kinds: ${FEATURE_TYPES.join(', ')})`) ?? null;
  // Field names come from data files: a null-prototype map keeps names such as __proto__ plain keys.
  const out = Object.create(null) as Record<string, FeatureType>;
  for (const k of Object.keys(f)) {
    if (k === '') c.fail(path, 'has an empty field name');
    else if (FORBIDDEN_KEYS.has(k)) c.fail(`${path}.${k}`, `names a field a model file cannot hold as a key (it refuses ${[...FORBIDDEN_KEYS].join(', ')}): rename the column, or leave its kind to be inferred`);
    else if (!(FEATURE_TYPES as readonly unknown[]).includes(f[k])) c.fail(`${path}.${k}`, `must be one of ${FEATURE_TYPES.join(', ')} (got ${JSON.stringify(f[k])})`);
    else out[k] = f[k] as FeatureType;
  }
  return out;
}

/** Whether a value nests objects and arrays more than `max` deep (walked without recursion: a config is user input, possibly cyclic). */
function nestsDeeper(v: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length > 0) {
    const [x, depth] = stack.pop()!;
    if (typeof x !== 'object' || x === null) continue;
    if (depth === max) return true;
    for (const y of Array.isArray(x) ? x : Object.values(x)) stack.push([y, depth + 1]);
  }
  return false;
}

/** Validates a parsed JSON config; throws ConfigError listing every problem found (not just the first). */
export function parseModelConfig(input: unknown): ModelConfig {
  const c = new Checker();
  if (!isObj(input)) throw new ConfigError([{ path: '(root)', message: 'must be a JSON object' }]);
  // A model file keeps the config (unknown sections too) and refuses JSON nested deeper; past this check, values are shallow enough to quote in messages.
  if (nestsDeeper(input, MAX_JSON_DEPTH)) throw new ConfigError([{ path: '(root)', message: `nests deeper than the ${MAX_JSON_DEPTH} levels a model file may hold` }]);
  const modelId = c.str(input, 'modelId', '', 'model') ?? 'model';
  if (!MODEL_ID.test(modelId)) c.fail('modelId', 'may hold letters, digits, . _ - (up to 128, starting with a letter or digit)');
  const type = c.str(input, 'type', '', 'custom') ?? 'custom';
  const arch = own(input, 'architecture');
  let layers: LayerConfig[] = [];
  if (!isObj(arch)) c.fail('architecture', 'is required: {layers: [{type: "input"}, {type: "hidden", size, activation}, {type: "output", activation}]}');
  else {
    const at = own(arch, 'type');
    if (at !== undefined && at !== 'feedforward') c.fail('architecture.type', `only 'feedforward' networks are supported (got ${JSON.stringify(at)})`);
    layers = parseLayers(c, arch);
    // Only pairs of sized layers count here (the input width and class count come from the data); specErrors checks the whole network.
    const known = layers.reduce((sum, l, i) => (i > 0 && l.size !== null && layers[i - 1].size !== null ? sum + (layers[i - 1].size! + 1) * l.size : sum), 0);
    if (known > MAX_PARAMETERS) c.fail('architecture.layers', `need ${known.toLocaleString('en-US')} parameters between their sized layers, more than the ${MAX_PARAMETERS.toLocaleString('en-US')} a network may have`);
  }
  const t = own(input, 'training') ?? {};
  let training: TrainingConfig | undefined;
  if (!isObj(t)) c.fail('training', 'must be an object');
  else {
    const d = TRAINING_DEFAULTS;
    const task = own(t, 'task');
    if (task !== undefined && task !== null && task !== 'classification' && task !== 'regression') c.fail('training.task', `must be 'classification' or 'regression' (got ${JSON.stringify(task)})`);
    training = {
      pattern_type: c.str(t, 'pattern_type', 'training', null) ?? null,
      target: c.str(t, 'target', 'training', null) ?? null,
      task: (task as TrainingConfig['task']) ?? null,
      learning_rate: c.num(t, 'learning_rate', 'training', { gt: 0, max: 10, dflt: d.learning_rate }) ?? d.learning_rate,
      batch_size: c.num(t, 'batch_size', 'training', { int: true, min: 1, max: 65536, dflt: d.batch_size }) ?? d.batch_size,
      epochs: c.num(t, 'epochs', 'training', { int: true, min: 1, max: MAX_EPOCHS, dflt: d.epochs }) ?? d.epochs,
      optimizer: c.oneOf(t, 'optimizer', 'training', OPTIMIZERS, d.optimizer) ?? d.optimizer,
      momentum: c.num(t, 'momentum', 'training', { min: 0, max: 0.9999, dflt: d.momentum }) ?? d.momentum,
      weight_decay: c.num(t, 'weight_decay', 'training', { min: 0, max: 1, dflt: d.weight_decay }) ?? d.weight_decay,
      lr_schedule: parseSchedule(c, t),
      early_stopping: parseEarlyStopping(c, t),
      validation_split: c.num(t, 'validation_split', 'training', { gt: 0, max: 0.9, dflt: d.validation_split }) ?? d.validation_split,
      seed: c.num(t, 'seed', 'training', { int: true, min: 0, max: 2 ** 32 - 1, dflt: d.seed }) ?? d.seed,
      feature_types: parseFeatureTypes(c, t),
    };
  }
  if (c.issues.length > 0 || !training) throw new ConfigError(c.issues);
  const extra: Record<string, unknown> = {};
  for (const k of Object.keys(input)) {
    if (!['modelId', 'type', 'architecture', 'training'].includes(k)) extra[k] = input[k];
  }
  return { modelId, type, layers, training, extra };
}

/** The learning rate for a 1-based epoch of `epochs`. */
export function learningRateAt(t: Pick<TrainingConfig, 'learning_rate' | 'lr_schedule'>, epoch: number, epochs: number): number {
  const lr = t.learning_rate;
  const s = t.lr_schedule;
  if (!s) return lr;
  switch (s.type) {
    case 'step_decay': return lr * s.gamma ** Math.floor((epoch - 1) / s.step_size);
    case 'exponential': return lr * s.gamma ** (epoch - 1);
    case 'cosine': {
      const p = epochs <= 1 ? 0 : (epoch - 1) / (epochs - 1);
      return s.min_lr + ((lr - s.min_lr) * (1 + Math.cos(Math.PI * p))) / 2;
    }
  }
}
