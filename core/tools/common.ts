// What several tools share: schema fragments for the reference's parameters, reading training data and model references, loading a registry version.
import { decodeClf, type ModelArtifact } from '../format/clf';
import type { VersionInfo } from '../models/registry';
import { parseTrainingData } from '../models/lab';
import type { TrainData } from '../training/train';
import type { ToolContext } from './context';
import { ToolInputError } from './errors';
import { jsonValue, type JsonSchema } from './schema';

export const MODEL_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(@\\d+\\.\\d+\\.\\d+)?$';
export const VERSION_PATTERN = '^\\d+\\.\\d+\\.\\d+$';

export const modelIdParam = (what: string): JsonSchema => ({
  type: 'string', pattern: MODEL_ID_PATTERN,
  description: `${what}: a registry id as neural_train or model_list returned it ("model_prediction_1729052400000"); "id@1.2.0" names a version, the latest otherwise.`,
});

export const versionParam: JsonSchema = { type: 'string', pattern: VERSION_PATTERN, description: 'A saved version ("1.0.0"); the latest when left out. Same as writing modelId@version.' };

export const trainingDataParam = (what: string): JsonSchema => ({
  type: ['string', 'array', 'object'],
  description: `${what}: JSON text (as the reference passed it) or the value itself: an array of records (JSON objects), or {"trainingData": [...], "validationData": [...]}. Numbers, categories, booleans, arrays and text are featurized; the target is training.target in a config, else a field named like the pattern type's (strategy, success, outcome, label, …), else the last field.`,
});

export const recordParam = (what: string): JsonSchema => ({ type: ['string', 'object'], description: `${what}: a record (JSON object) or its JSON text, with the fields the model was trained on.` });

/** training_data (or another data parameter) as TrainData; problems named under the parameter. */
export function trainDataOf(v: unknown, field: string): TrainData {
  const parsed = jsonValue(v, field);
  try {
    return parseTrainingData(parsed);
  } catch (e) {
    // parseTrainingData names its own parameter training_data (and its message starts with that name); the agent gave `field`.
    const f = (e as { field?: unknown }).field;
    if (e instanceof Error && e.name === 'LabInputError' && typeof f === 'string' && f.startsWith('training_data')) {
      throw new ToolInputError(field + f.slice('training_data'.length), e.message.slice(f.length + 1));
    }
    throw e;
  }
}

export interface ModelRef {
  modelId: string;
  version?: string;
}

/** modelId ("id" or "id@1.2.0") with an optional separate version; both given and different is refused. */
export function modelRefOf(modelId: string, version: string | undefined, field = 'modelId'): ModelRef {
  const at = modelId.lastIndexOf('@');
  if (at <= 0) return version === undefined ? { modelId } : { modelId, version };
  const ref = { modelId: modelId.slice(0, at), version: modelId.slice(at + 1) };
  if (version !== undefined && version !== ref.version) throw new ToolInputError('version', `is ${version} but ${field} names version ${ref.version}: give one of them`);
  return ref;
}

export interface LoadedVersion {
  info: VersionInfo;
  file: Uint8Array;
  artifact: ModelArtifact;
}

/** A registry version's file, decoded; an unknown model or version is refused naming the parameter. */
export async function loadVersion(ctx: ToolContext, ref: ModelRef, field = 'modelId'): Promise<LoadedVersion> {
  let loaded;
  try {
    loaded = await ctx.engine.call('model_load', ref.version === undefined ? { modelId: ref.modelId } : { modelId: ref.modelId, version: ref.version });
  } catch (e) {
    if (e instanceof Error && e.name === 'RegistryError') {
      const f = (e as { field?: string }).field === 'version' ? (ref.version === undefined ? field : 'version') : field;
      throw new ToolInputError(f, `${e.message}: model_list lists the saved models and their versions`);
    }
    throw e;
  }
  return { info: loaded.info, file: loaded.file, artifact: decodeClf(loaded.file) };
}

/** An integer parameter with its default (the schema has checked the type and bounds). */
export const intOr = (v: unknown, dflt: number): number => (typeof v === 'number' ? v : dflt);
