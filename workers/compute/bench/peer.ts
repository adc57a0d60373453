// What a benchmark peer (plain JS, tfjs-wasm) provides; each case it lacks is skipped for that peer.

export interface BenchPeer {
  readonly name: string;
  /** Multiply two n×n matrices once (inputs prepared beforehand). */
  prepareSgemm?(n: number): Promise<{ run(): void | Promise<void>; dispose(): void }>;
  /** One epoch of MLP training (batch 64, Adam) over `x` [samples×in] with one-hot `y`. */
  prepareMlpTrain?(layers: number[], x: Float32Array, y: Float32Array, batch: number): Promise<{ epoch(): void | Promise<void>; dispose(): void }>;
  /** Forward pass of the same MLP over `rows` rows. */
  preparePredict?(layers: number[], x: Float32Array, rows: number): Promise<{ run(): void | Promise<void>; dispose(): void }>;
}
