// What a benchmark contestant (ours, plain JS, tfjs-wasm) provides; a case a peer lacks gets no row for that peer.
import type { ParamList } from '../../../core/nn/port';
import type { NetworkSpec } from '../../../core/nn/spec';

/** One prepared measurement: `run` does the timed work once; inputs are made beforehand. */
export interface BenchTask {
  run(): void | Promise<void>;
  /** The last run's result, read after timing, to check that contestants computed the same thing. */
  output?(): Float32Array | Promise<Float32Array>;
  dispose(): void;
}

/** The MLP cases: every contestant gets the same spec, starting weights and data. */
export interface MlpCase {
  spec: NetworkSpec;
  /** Starting weights were made by initParams(spec, seed); `params` holds them. */
  seed: number;
  params: ParamList;
  /** [samples×inputs] row-major, and one-hot targets [samples×outputs]. */
  x: Float32Array;
  y: Float32Array;
  samples: number;
  batch: number;
}

/** A network built once per contestant and shared by the training and predict cases. */
export interface BenchMlp {
  /** One epoch: samples/batch optimizer steps over the rows in order, no shuffling. */
  trainEpoch(): void | Promise<void>;
  /** A forward pass over the first `rows` rows of the case's x. */
  predictTask(rows: number): BenchTask | Promise<BenchTask>;
  dispose(): void;
}

/** What each timed region includes, written into the rows' detail. */
export interface PeerIncludes {
  sgemm?: string;
  mlp_train?: string;
  predict?: string;
}

export interface BenchPeer {
  readonly name: string;
  readonly includes?: PeerIncludes;
  /** C = A·B for the suite's seeded n×n inputs (row-major). */
  prepareSgemm?(n: number, a: Float32Array, b: Float32Array): BenchTask | Promise<BenchTask>;
  prepareMlp?(c: MlpCase): BenchMlp | Promise<BenchMlp>;
}
