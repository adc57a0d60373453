// The catalog's contract: what the engine worker and the CLI serve (list, the records a template trains on, saving a trained version), with plain structured-cloneable inputs and results.
import type { EpochMetrics } from '../training/train';
import type { Readiness, TrainingRecord } from './mapping';
import type { FieldSpec, SourceName } from './sources';
import type { CatalogCategory, CatalogOutput, CatalogTemplate, LayerJson, TrainingDefaults } from './templates';

export { CatalogInputError, checkDataset, mapRecords, readiness, type Readiness, type TrainingRecord } from './mapping';
export { readSource, SOURCES, SOURCE_ROW_LIMIT, type FieldKind, type FieldSpec, type SourceName, type SourceRecord } from './sources';
export { CATEGORIES, configOf, MIN_RECORDS, modelIdOf, templateNamed, TEMPLATES, type CatalogCategory, type CatalogOutput, type CatalogTemplate, type LayerJson, type TrainingDefaults } from './templates';

/** The latest trained version of a template, as the registry records it. */
export interface CatalogTrained {
  model_id: string;
  version: string;
  /** The registry's figure for that version: measured on this device (validation records at training), else null. Never the reference's claims. */
  accuracy: number | null;
  metric: 'accuracy' | 'r2';
  /** What it was measured on ("8 validation records at training"); null when not measured here. */
  measured_on: string | null;
  trained_at: number;
  /** Measured wall time of the training (ms); null for a version the catalog did not train (saved under its id some other way). */
  training_ms: number | null;
  data: 'recorded' | 'dataset' | null;
  /** Records it was trained and validated on. */
  records: number | null;
  /** The newest source row its records reached (pipeline_runs id, pattern_memory id, …). */
  through_id: number | null;
  versions: number;
}

export interface CatalogEntry {
  name: string;
  category: CatalogCategory;
  purpose: string;
  use_case: string;
  learns: string;
  source: { name: SourceName; label: string; rows: string };
  inputs: readonly FieldSpec[];
  output: CatalogOutput;
  architecture: { layers: LayerJson[] };
  training: TrainingDefaults;
  model_id: string;
  status: 'trained' | 'untrained';
  trained: CatalogTrained | null;
  /** Whether the recorded data can train it now, with the counts. */
  recorded: Readiness;
}

/** What training a template from recorded data starts from. */
export interface CatalogRecords {
  name: string;
  /** The reference's config JSON to train (modelId catalog-<name>). */
  config: Record<string, unknown>;
  records: TrainingRecord[];
  readiness: Readiness;
  through_id: number | null;
  source: SourceName;
}

export interface CatalogSaveInput {
  name: string;
  /** The trained .clf. */
  file: Uint8Array;
  history: EpochMetrics[];
  data: 'recorded' | 'dataset';
  /** Records trained and validated on. */
  records: number;
  through_id?: number | null;
  training_ms: number;
  /** For a dataset: its file name, for the version's description. */
  dataset_name?: string;
}

/** What the catalog's retrain trigger reports for a trained template. */
export interface RetrainState {
  name: string;
  trained: boolean;
  /** Source rows recorded since the trained version's records were read. */
  new_records: number;
  every: number;
  due: boolean;
}

export interface CatalogApi {
  catalog_list(): CatalogEntry[];
  catalog_entry(input: { name: string }): CatalogEntry;
  /** The template's training records from what is recorded now; readiness says whether they can train it. */
  catalog_records(input: { name: string }): CatalogRecords;
  /** Saves a trained version (origin 'trained': its validation accuracy was measured here), its per-epoch history and what it learned from, in one transaction. */
  catalog_save(input: CatalogSaveInput): CatalogEntry;
  catalog_retrain_state(input: { name: string }): RetrainState;
}

export const CATALOG_METHODS = ['catalog_list', 'catalog_entry', 'catalog_records', 'catalog_save', 'catalog_retrain_state'] as const satisfies readonly (keyof CatalogApi)[];

/** A template as listed: its definition without state. */
export type TemplateSummary = Pick<CatalogTemplate, 'name' | 'category' | 'purpose' | 'use_case' | 'learns'>;
