// The engine's public types: its status, its error kinds, and the client surface app/bridges/engine.ts implements.
import type { MemoryApi, WorkingApi } from '../../core/memory/api';
import type { ModelsApi } from '../../core/models/api';
import type { EnsemblesApi } from '../../core/models/ensembles';
import type { PatternsApi } from '../../core/patterns/api';
import type { PipelineApi } from '../../core/pipeline/api';
import type { CatalogApi } from '../../core/catalog/api';
import type { LoopApi } from '../../core/loop/api';

export type EngineMethods = MemoryApi & WorkingApi & ModelsApi & EnsemblesApi & PipelineApi & PatternsApi & CatalogApi & LoopApi;
export type EngineMethod = keyof EngineMethods;

/**
 * starting: opening the database or waiting to learn who owns it; owner: this tab's worker holds
 * memory.db; follower: another tab owns it and this tab forwards its calls there; failed: nothing
 * can be served (error says why).
 */
export type EngineRole = 'starting' | 'owner' | 'follower' | 'failed';

/** open: the database could not be opened; quota: storage is full; unsupported: no OPFS or Web Locks here; internal: a bug. */
export type EngineErrorKind = 'open' | 'quota' | 'unsupported' | 'internal';

export interface EngineErrorInfo {
  kind: EngineErrorKind;
  /** A sentence for the user that names the problem and, where there is one, what to do. */
  message: string;
}

export interface EngineStatus {
  role: EngineRole;
  /** This tab's id (random per page load). */
  tabId: string;
  /** The VFS memory.db is on (in the owner; followers show their owner's), e.g. 'opfs-sahpool'; null until known. */
  vfs: string | null;
  /** The last error that is still in effect (a failed open) or that the last write hit (quota). */
  error: EngineErrorInfo | null;
}

/** Calls rejected by the engine carry one of these names, so the UI can tell bad input from storage trouble. */
export type EngineErrorName = 'MemoryInputError' | 'PipelineInputError' | 'PatternInputError' | 'CatalogInputError' | 'EngineOpenError' | 'EngineQuotaError' | 'EngineError' | ModelInputErrorName;

/** Bad model input (a damaged file, an unknown version, a bad config): the caller's to fix, so passed through by name. */
export type ModelInputErrorName = 'ClfError' | 'RegistryError' | 'ConfigError' | 'DataError' | 'LabInputError';

/** A model version that was deleted; version null: the whole model (every version) went. */
export interface DeletedVersion {
  modelId: string;
  version: string | null;
}

/**
 * What a committed write changed, as the owner tab announces it to every tab (the protocol's `changed`
 * message, engine.ts). memory: namespaces lists the key-value namespaces whose entries changed; it is
 * left out when other parts changed too or instead (an import, the episodic or semantic tier). models:
 * the models whose list entry, versions or history changed, and the versions deleted (whose loaded
 * weights every tab's compute workers unload). pipeline: a strategy run (with its profile) or a pipeline log line was stored.
 * patterns: neural_patterns learned operations (pattern_memory ids; each also wrote the 'patterns' memory namespace
 * and an episode) or a label correction was stored. ensembles: an ensemble was saved (or replaced) under these names.
 */
export type EngineChange =
  | { what: 'memory'; namespaces?: string[] }
  | { what: 'models'; modelIds: string[]; deleted: DeletedVersion[] }
  | { what: 'pipeline' }
  | { what: 'patterns'; learned: number[]; corrected: boolean }
  | { what: 'ensembles'; names: string[] };

/** What the UI's engine bridge offers (app/bridges/engine.ts exports `engine` of this type). */
export interface EngineClient {
  call<M extends EngineMethod>(method: M, ...args: Parameters<EngineMethods[M]>): Promise<ReturnType<EngineMethods[M]>>;
  /** The status now. */
  status(): EngineStatus;
  /** Calls cb on every status change (and once now); returns an unsubscribe function. */
  onStatus(cb: (s: EngineStatus) => void): () => void;
  /** Calls cb after every committed write in any tab, this one included; returns an unsubscribe function. */
  onChange(cb: (c: EngineChange) => void): () => void;
  /** Asks navigator.storage.persist(); true when granted, false when refused, null when the browser has no such API. */
  requestPersistence(): Promise<boolean | null>;
  /** navigator.storage.persisted(), or null when unsupported. */
  persisted(): Promise<boolean | null>;
  /** navigator.storage.estimate(), or null when unsupported. */
  storageEstimate(): Promise<{ usage: number; quota: number } | null>;
}
