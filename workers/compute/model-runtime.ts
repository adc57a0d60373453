// Models loaded on the kernel for inference (float through the fused network's predict, int8 through quantized dense layers) and a cache with a size cap and a TTL.
import type { ModelArtifact } from '../../core/format/clf';
import type { KernelPort, TrainableNetwork } from '../../core/nn/port';
import { paramShapes } from '../../core/nn/spec';
import type { F32Buffer, Kernel } from '../../kernel/js/kernel';
import { softmaxForward } from '../../kernel/js/ops/activations';
import { int8DenseForward, int8Scratch, type Int8Dense, type Int8Scratch } from '../../kernel/js/ops/int8';

export interface LoadedModel {
  readonly artifact: ModelArtifact;
  /** 'wasm-…' float network or 'wasm-…-int8' quantized layers. */
  readonly path: string;
  /** Outputs [n × outputs] for features x [n × width], any n (chunked by the batch the buffers hold). */
  infer(x: Float32Array, n: number): Float32Array;
  dispose(): void;
}

const MAX_BATCH = 1024;

function floatModel(port: KernelPort, a: ModelArtifact): LoadedModel {
  if (a.weights.kind !== 'f32') throw new Error('floatModel: int8 weights');
  const net: TrainableNetwork = port.createNetwork(a.spec, 0, MAX_BATCH);
  net.setParams(a.weights.params);
  return {
    artifact: a,
    path: port.name,
    infer: (x, n) => net.predict(x, n),
    dispose: () => net.dispose(),
  };
}

function int8Model(kernel: Kernel, a: ModelArtifact): LoadedModel {
  if (a.weights.kind !== 'int8') throw new Error('int8Model: float weights');
  const { spec } = a;
  const shapes = paramShapes(spec);
  const buffers: { free(): void }[] = [];
  const keep = <T extends { free(): void }>(b: T): T => {
    buffers.push(b);
    return b;
  };
  const layers: Int8Dense[] = [];
  const scratch: Int8Scratch[] = [];
  const acts: F32Buffer[] = [];
  shapes.forEach(({ w: [inputs, outputs] }, l) => {
    const q = (a.weights as Extract<ModelArtifact['weights'], { kind: 'int8' }>).layers[l];
    const act = spec.layers[l + 1].activation;
    // The int8 gemm fuses elementwise activations; softmax spans a row, so it runs after as its own op.
    // Inputs out of relu or sigmoid are never negative, so their codes fit the relaxed build's 7-bit dot product.
    const inputAct = spec.layers[l].activation;
    const nonNegativeInput = l > 0 && (inputAct === 'relu' || inputAct === 'sigmoid');
    layers.push({ inputs, outputs, w: keep(kernel.i8(q.w)), scales: keep(kernel.f32(q.scales)), bias: keep(kernel.f32(q.bias)), act: act === 'softmax' ? 'linear' : act, nonNegativeInput });
    const s = int8Scratch(kernel, MAX_BATCH, inputs);
    keep(s.q);
    keep(s.scales);
    scratch.push(s);
    acts.push(keep(kernel.f32(MAX_BATCH * outputs)));
  });
  const input = keep(kernel.f32(MAX_BATCH * spec.layers[0].size));
  const width = spec.layers[0].size;
  const outputs = spec.layers[spec.layers.length - 1].size;
  const softmaxOut = spec.layers[spec.layers.length - 1].activation === 'softmax';
  return {
    artifact: a,
    path: `wasm-${kernel.flavor}-int8`,
    infer(x, n) {
      const out = new Float32Array(n * outputs);
      for (let at = 0; at < n; at += MAX_BATCH) {
        const b = Math.min(MAX_BATCH, n - at);
        input.view.set(x.subarray(at * width, (at + b) * width));
        let cur = input;
        layers.forEach((layer, l) => {
          int8DenseForward(kernel, acts[l], cur, layer, scratch[l], b);
          cur = acts[l];
        });
        if (softmaxOut) softmaxForward(kernel, cur, cur, b, outputs);
        out.set(cur.view.subarray(0, b * outputs), at * outputs);
      }
      return out;
    },
    dispose: () => buffers.forEach((buf) => buf.free()),
  };
}

export function loadOnKernel(kernel: Kernel, port: KernelPort, a: ModelArtifact): LoadedModel {
  return a.weights.kind === 'f32' ? floatModel(port, a) : int8Model(kernel, a);
}

export interface CacheOptions {
  /** Models kept loaded at most; the least recently used goes first (the reference's max_models, default 5). */
  maxModels?: number;
  /** A model unused this long is unloaded (the reference's ttl, default 1 h). */
  ttlMs?: number;
  now?: () => number;
}

export interface CacheStats {
  models: number;
  hits: number;
  misses: number;
  evictions: number;
}

/**
 * Loaded models by key, the identity of the exact bytes they were loaded from (the file's sha256): a key can
 * never name other weights. Each entry also keeps the names it was asked for under (e.g. "modelId@version"),
 * so that deleting a model can unload it. Loading is the caller's function, so tests can count it.
 */
export class ModelCache {
  readonly #entries = new Map<string, { model: LoadedModel; usedAt: number; names: Set<string> }>();
  readonly #max: number;
  readonly #ttl: number;
  readonly #now: () => number;
  #hits = 0;
  #misses = 0;
  #evictions = 0;

  constructor(options: CacheOptions = {}) {
    this.#max = options.maxModels ?? 5;
    this.#ttl = options.ttlMs ?? 3_600_000;
    this.#now = options.now ?? (() => performance.now());
    if (!(this.#max >= 1)) throw new RangeError(`maxModels must be at least 1 (got ${this.#max})`);
  }

  get(key: string, load: () => LoadedModel, name?: string): LoadedModel {
    this.expire();
    const hit = this.#entries.get(key);
    const t = this.#now();
    if (hit) {
      this.#hits++;
      if (name !== undefined) hit.names.add(name);
      // Re-insert so Map order stays least-recently-used first.
      this.#entries.delete(key);
      this.#entries.set(key, { ...hit, usedAt: t });
      return hit.model;
    }
    this.#misses++;
    const model = load();
    this.#entries.set(key, { model, usedAt: t, names: new Set(name === undefined ? [] : [name]) });
    while (this.#entries.size > this.#max) this.#evict(this.#entries.keys().next().value!);
    return model;
  }

  /** Unloads models unused for longer than the TTL; returns how many. */
  expire(): number {
    const t = this.#now();
    let n = 0;
    for (const [key, e] of this.#entries) {
      if (t - e.usedAt > this.#ttl) {
        this.#evict(key);
        n++;
      }
    }
    return n;
  }

  delete(key: string): boolean {
    if (!this.#entries.has(key)) return false;
    this.#evict(key);
    this.#evictions--; // an explicit delete is not an eviction
    return true;
  }

  /**
   * Forgets the names that match (a deleted model or version) and unloads every model left with no name;
   * a model still asked for under another name (the same file saved twice) stays. Returns how many were unloaded.
   */
  forget(match: (name: string) => boolean): number {
    let n = 0;
    for (const [key, e] of this.#entries) {
      let matched = false;
      for (const name of e.names) {
        if (match(name)) {
          e.names.delete(name);
          matched = true;
        }
      }
      if (matched && e.names.size === 0 && this.delete(key)) n++;
    }
    return n;
  }

  clear(): void {
    for (const key of this.#entries.keys()) this.delete(key);
  }

  stats(): CacheStats {
    return { models: this.#entries.size, hits: this.#hits, misses: this.#misses, evictions: this.#evictions };
  }

  #evict(key: string): void {
    this.#entries.get(key)?.model.dispose();
    this.#entries.delete(key);
    this.#evictions++;
  }
}
