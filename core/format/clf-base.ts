// What the .clf writer and reader share: the format's name, its limits (each one documented), the typed error, the model artifact, and the checksum.
/* oxlint-disable no-underscore-dangle -- safetensors names its metadata entry __metadata__ */
import { sha256 } from '@noble/hashes/sha2.js';
import type { ModelConfig } from '../models/config';
import type { FeatureSchema } from '../models/featurizer';
import type { QuantizedLayer } from '../nn/forward';
import type { ParamList } from '../nn/port';
import { MAX_PARAMETERS, type NetworkSpec } from '../nn/spec';
import { utf8Encode } from './utf8';

export const CLF_FORMAT = 'safla-clf';
export const CLF_VERSION = '1';

/** Header bytes accepted at most: a model's metadata is kilobytes (examples included); a huge length is an attack or corruption. */
export const MAX_HEADER_BYTES = 8 * 1024 * 1024;
/**
 * Bytes a whole file may have: the 8-byte length, the largest header, and the tensors of the largest network
 * MAX_PARAMETERS allows (4.5 bytes a parameter bounds both float32 and int8 with its scales). 80 MiB + 8 bytes.
 */
export const MAX_CLF_BYTES = 8 + MAX_HEADER_BYTES + 4.5 * MAX_PARAMETERS;
/** |value| of any stored weight or bias (and of an int8 scale × 127) at most: trained networks stay far below it. */
export const MAX_WEIGHT = 1e6;
/** Training records a file keeps for explanations, at most. */
export const MAX_EXAMPLES = 2000;
/**
 * Feature width × examples at most (2^22): the explanation index holds about 1.5 bytes per cell, so one
 * model's index stays under about 6 MiB (8 are cached). A width over 2,097 keeps fewer than MAX_EXAMPLES.
 */
export const MAX_EXAMPLE_CELLS = 4_194_304;
/** JSON characters the examples a trainer keeps may take (UTF-8, at most 3 bytes each: under 6 MiB of the 8 MiB header). */
export const MAX_EXAMPLES_JSON = 2 * 1024 * 1024;
/** Nesting of any JSON in a file, at most. */
export const MAX_JSON_DEPTH = 64;
/** Keys that could reach prototypes if a parsed object were ever merged or assigned: refused in a file's JSON, except in the examples (their keys are data). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** How many examples a model of this feature width may keep. */
export function maxExamplesFor(width: number): number {
  return Math.min(MAX_EXAMPLES, Math.floor(MAX_EXAMPLE_CELLS / Math.max(1, width)));
}

export type ClfErrorCode =
  | 'truncated' | 'header_size' | 'header_json' | 'duplicate_key' | 'forbidden_key' | 'tensor' | 'offsets'
  | 'metadata' | 'config' | 'shape' | 'non_finite' | 'magnitude' | 'too_large' | 'checksum';

/** Every way a file can be refused; `code` lets callers and tests tell them apart. */
export class ClfError extends Error {
  constructor(readonly code: ClfErrorCode, message: string, options?: { cause?: unknown }) {
    super(`model file: ${message}`, options);
    this.name = 'ClfError';
  }
}

export type { QuantizedLayer };

export type ModelWeights = { kind: 'f32'; params: ParamList } | { kind: 'int8'; layers: QuantizedLayer[] };

export interface ModelArtifact {
  config: ModelConfig;
  spec: NetworkSpec;
  schema: FeatureSchema;
  weights: ModelWeights;
  /** Training summary and measured metrics (JSON-serialisable). */
  metrics: Record<string, unknown>;
  /**
   * A sample of the training records (at most maxExamplesFor(schema.width)): the similar examples predictions are
   * explained with. Vectors are not stored: featurize() recomputes them exactly from the schema.
   */
  examples: Record<string, unknown>[];
}

/** JSON with object keys sorted at every level: the checksum must not depend on key order or whitespace. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).toSorted().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The checksum's hash fed with the canonical header (checksum left out) and a zero byte; the tensor bytes follow in file order. */
export function checksumHasher(header: Record<string, unknown>): { update(bytes: Uint8Array): void; result(): string } {
  const meta = { ...(header.__metadata__ as Record<string, string>) };
  delete meta.checksum;
  const h = sha256.create();
  h.update(utf8Encode(canonicalJson({ ...header, __metadata__: meta })));
  h.update(new Uint8Array(1));
  return {
    update: (bytes) => void h.update(bytes),
    result: () => `sha256:${hex(h.digest())}`,
  };
}

/** sha256 over the canonical header (checksum left out), a zero byte, and the tensor bytes. */
export function clfChecksum(header: Record<string, unknown>, data: Uint8Array): string {
  const h = checksumHasher(header);
  h.update(data);
  return h.result();
}
