// The loaded kernel: owns the wasm instance and its linear memory, hands out typed buffers, exposes raw exports to ops.
import type { KernelFlavor } from './features';

/** The raw wasm exports. Only files under kernel/js touch these. */
export type KernelExports = Record<string, unknown> & {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
};

export type Fn = (...args: number[]) => number;

/** A typed array living in wasm linear memory. Views are re-made when memory grows (growth detaches old ones). */
abstract class WasmBuffer<T extends Float32Array | Int8Array | Int32Array> {
  #freed = false;
  constructor(
    readonly kernel: Kernel,
    readonly ptr: number,
    readonly length: number,
  ) {}
  protected abstract make(buffer: ArrayBuffer, ptr: number, length: number): T;
  /** A live view on the current memory; do not keep it across kernel calls that may allocate. */
  get view(): T {
    if (this.#freed) throw new Error('kernel buffer used after free');
    return this.make(this.kernel.memory.buffer, this.ptr, this.length);
  }
  set(data: ArrayLike<number>, offset = 0): this {
    if (data.length + offset > this.length) {
      throw new RangeError(`kernel buffer holds ${this.length} values; got ${data.length} at offset ${offset}`);
    }
    this.view.set(data, offset);
    return this;
  }
  /** A copy that survives later kernel calls. */
  toArray(): T {
    return this.view.slice() as T;
  }
  get freed(): boolean {
    return this.#freed;
  }
  free(): void {
    if (this.#freed) return;
    this.#freed = true;
    this.kernel.freePtr(this.ptr);
  }
}

export class F32Buffer extends WasmBuffer<Float32Array> {
  protected make(buffer: ArrayBuffer, ptr: number, length: number) {
    return new Float32Array(buffer, ptr, length);
  }
}
export class I8Buffer extends WasmBuffer<Int8Array> {
  protected make(buffer: ArrayBuffer, ptr: number, length: number) {
    return new Int8Array(buffer, ptr, length);
  }
}
export class I32Buffer extends WasmBuffer<Int32Array> {
  protected make(buffer: ArrayBuffer, ptr: number, length: number) {
    return new Int32Array(buffer, ptr, length);
  }
}

export class Kernel {
  #live = 0;
  constructor(
    readonly flavor: KernelFlavor,
    readonly exports: KernelExports,
  ) {}

  get memory(): WebAssembly.Memory {
    return this.exports.memory;
  }

  /** Bytes of linear memory currently reserved by the module (grows, never shrinks). */
  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  /** Buffers allocated and not yet freed. */
  get liveBuffers(): number {
    return this.#live;
  }

  /** A raw export by name, for the op wrappers in kernel/js/ops. */
  fn(name: string): Fn {
    const f = this.exports[name];
    if (typeof f !== 'function') throw new Error(`kernel (${this.flavor}) has no export '${name}'`);
    return f as Fn;
  }

  allocBytes(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`bad allocation size ${bytes}`);
    const ptr = this.exports.alloc(Math.max(bytes, 16));
    if (!ptr) throw new Error(`kernel could not allocate ${bytes} bytes`);
    this.#live++;
    return ptr;
  }

  freePtr(ptr: number): void {
    this.exports.free(ptr);
    this.#live--;
  }

  f32(lengthOrData: number | ArrayLike<number>): F32Buffer {
    const n = typeof lengthOrData === 'number' ? lengthOrData : lengthOrData.length;
    const buf = new F32Buffer(this, this.allocBytes(n * 4), n);
    if (typeof lengthOrData === 'number') buf.view.fill(0);
    else buf.set(lengthOrData);
    return buf;
  }

  i8(lengthOrData: number | ArrayLike<number>): I8Buffer {
    const n = typeof lengthOrData === 'number' ? lengthOrData : lengthOrData.length;
    const buf = new I8Buffer(this, this.allocBytes(n), n);
    if (typeof lengthOrData === 'number') buf.view.fill(0);
    else buf.set(lengthOrData);
    return buf;
  }

  i32(lengthOrData: number | ArrayLike<number>): I32Buffer {
    const n = typeof lengthOrData === 'number' ? lengthOrData : lengthOrData.length;
    const buf = new I32Buffer(this, this.allocBytes(n * 4), n);
    if (typeof lengthOrData === 'number') buf.view.fill(0);
    else buf.set(lengthOrData);
    return buf;
  }
}
