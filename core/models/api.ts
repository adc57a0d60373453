// The model registry's contract as the engine worker exposes it (forwarded to the tab that owns the database like the memory methods).
import type { EpochMetrics } from '../training/train';
import type { Neighbour } from './lab';
import type { AccuracyProvenance, SaveOrigin } from './provenance';
import type { ModelInfo, VersionInfo } from './registry';

export type { AccuracyProvenance, ModelInfo, Neighbour, SaveOrigin, VersionInfo };

export interface ModelSaveInput {
  /** The .clf file; validated completely (decodeClf) before anything is stored. */
  file: Uint8Array;
  /** Leave out for the next version number. */
  version?: string;
  description?: string;
  /** Store under this id instead of the one in the file (imports of a shared model under a new name). */
  modelId?: string;
  /**
   * 'trained' or 'quantized': this app just made the file, so its accuracy was measured here and is recorded as such.
   * 'imported' (the default): the file's figures are claims; the version's accuracy stays null until measured here.
   */
  origin?: SaveOrigin;
}

/** An accuracy measured on this device (from records the user gave) for a saved version. */
export interface MeasurementInput {
  modelId: string;
  version: string;
  /** Accuracy for a classifier, R² for a regression model. */
  accuracy: number;
  /** Records it was measured on. */
  records: number;
  /** What they were, for the UI ("records of iris.json"). */
  measured_on: string;
}

export interface ModelSummary {
  info: VersionInfo;
  /** From the file: for listing without decoding on the UI side. */
  labels: string[];
  target: string;
  task: 'classification' | 'regression';
  layers: number[];
  /** Fields of the records the model reads, in featurizer order. */
  fields: string[];
  metrics: Record<string, unknown>;
}

export interface ModelsApi {
  /** Saves a new version of a model from its file (train results, quantized copies, imports). */
  model_save(input: ModelSaveInput): ModelSummary;
  model_list(): ModelInfo[];
  model_versions(modelId: string): VersionInfo[];
  /** The file of a version (the latest when version is left out); marks the model used. */
  model_load(input: { modelId: string; version?: string }): { info: VersionInfo; file: Uint8Array };
  /** What the Models page shows for a version without shipping weights to the page. */
  model_describe(input: { modelId: string; version?: string }): ModelSummary;
  model_delete(input: { modelId: string; version?: string }): { deletedVersions: number; modelDeleted: boolean };
  /** Deletes models unused for `unusedDays` days; returns their ids. */
  model_cleanup(input: { unusedDays: number }): string[];
  model_record_history(input: { modelId: string; version: string; epochs: EpochMetrics[] }): number;
  /** Records an accuracy measured here for a version: it becomes the version's accuracy, its provenance 'measured'. */
  model_record_accuracy(input: MeasurementInput): VersionInfo;
  model_history(input: { modelId: string; version?: string }): EpochMetrics[];
  /**
   * For each input record, the k training examples of a version most similar to it (cosine in the
   * model's feature space), searched with the memory's int8 vector index: what predictions are explained with.
   */
  model_neighbours(input: { modelId: string; version?: string; inputs: Record<string, unknown>[]; k?: number }): Neighbour[][];
}

export const MODEL_METHODS = [
  'model_save', 'model_list', 'model_versions', 'model_load', 'model_describe', 'model_delete', 'model_cleanup',
  'model_record_history', 'model_history', 'model_neighbours', 'model_record_accuracy',
] as const satisfies readonly (keyof ModelsApi)[];
