// Fakes for the stores' node tests, backed by real code: core's model and pipeline stores on in-memory SQLite as the engine, the compute worker's model functions on the node kernel as compute and pool, the data worker's functions as data.
import { migrate } from '../../core/db/migrations';
import { irisRecords } from '../../core/datasets/iris.fixture';
import type { Neighbour } from '../../core/models/lab';
import { createModelStore } from '../../core/models/model-store';
import { loadKernelNode } from '../../kernel/js/node';
import type { DeletedModel } from '../../workers/compute/api';
import { preparedBuffers, type PrepareOptions } from '../../core/training/prepare';
import { createDataApi, transferables, type LoadProgress } from '../../workers/data/data-api';
import { createModelsApi } from '../../workers/compute/models-api';
import { createPipelineApi } from '../../core/pipeline/serve';
import { createPipelineStore } from '../../core/pipeline/store';
import { changeOf } from '../../workers/engine/memory-host';
import { openMemoryDb } from '../../workers/engine/sqlite-db';
import { errorDetails, installErrorDetails } from '../../workers/error-details';
import type { EngineChange, EngineClient, EngineMethod, EngineStatus } from '../../workers/engine/types';
import { ComputePool } from '../bridges/compute-pool';
import { standInWorker } from '../bridges/test-support';

// As each worker's entry does: errors cross comlink with the field they name (the pool's stand-in workers).
installErrorDetails();

export const IRIS = irisRecords();

export function irisCsv(): string {
  return ['sepal_length,sepal_width,petal_length,petal_width,species', ...IRIS.map((r) => Object.values(r).join(','))].join('\n');
}

/** A file as a drop hands it to the page. */
export function textFile(name: string, text: string): File {
  return new File([text], name);
}

/**
 * The data worker's functions (core's readers on real Blobs) behind the data bridge's contract, as they behave across
 * postMessage: results structured-cloned, errors reduced to what crosses, prepared buffers transferred.
 */
export function fakeData() {
  const api = createDataApi({ now: () => performance.now(), budget: () => ({ bytes: 1024 ** 3, source: "the test's budget" }) });
  /** Called after each progress message reached the store (a node Blob streams without a macrotask in between). */
  let tap: (() => void) | undefined;
  return {
    api,
    tap(fn: (() => void) | undefined) {
      tap = fn;
    },
    load: (file: Blob, name: string, options: PrepareOptions, onProgress: (p: LoadProgress) => void) => wrap(() => api.load(file, name, options, (p) => {
      onProgress(crossing(p));
      tap?.();
    })),
    cancelLoad: async () => api.cancelLoad(),
    view: (id: number, options: PrepareOptions) => wrap(async () => api.view(id, options)),
    prepare: (id: number, options: PrepareOptions) => wrap(async () => {
      const run = api.prepare(id, options);
      const moved = structuredClone(run, { transfer: transferables(run) });
      return { data: moved, transfer: preparedBuffers(moved.prepared) };
    }),
  };
}

export type Impl = (...args: never[]) => unknown;

/**
 * An engine `call` over plain implementations, as it behaves across postMessage: results structured-cloned,
 * errors reduced to what the workers send (workers/error-details.ts): name, message, field, problem, issues.
 * `label` says how a call is logged in `calls`.
 */
export function crossingCall(impl: Partial<Record<EngineMethod, Impl>>, calls: string[], label: (method: EngineMethod, args: never[]) => string = (m) => m): EngineClient['call'] {
  return (async (method: EngineMethod, ...args: never[]) => {
    calls.push(label(method, args));
    const fn = impl[method];
    if (!fn) throw new Error(`${method} is not in the fake engine`);
    try {
      return structuredClone(fn(...args));
    } catch (err) {
      throw crossed(err);
    }
  }) as EngineClient['call'];
}

/** The engine as a store's tests drive it: tabs on one set of implementations, their calls, notices and status. */
export interface FakeEngine {
  /** This tab's client. */
  client: EngineClient;
  /** Another tab's client on the same implementations: its writes' notices reach every tab. */
  other(): EngineClient;
  /** The calls made, by every tab, as `label` logs them. */
  calls: string[];
  /** A change notice, as the engine delivers it after a write made elsewhere (bypassing every tab's calls). */
  emit(c: EngineChange): void;
  /** Sets the status every tab reports (and tells their listeners). */
  setStatus(s: EngineStatus): void;
  /** What requestPersistence answers. */
  persist: { answer: boolean | null };
}

/**
 * An engine over plain implementations, as it behaves across postMessage (crossingCall: results cloned, errors reduced
 * to what crosses), and after each committed write the change notice changeOf (the engine's own) says it sends, to
 * every tab the writer's included, after the caller's promise settles (it travels on its own message). `impl` is read
 * at each call, so a test may replace a method.
 */
export function fakeEngineOver(impl: Partial<Record<EngineMethod, Impl>>, options: { label?: (method: EngineMethod, args: never[]) => string; storage?: { usage: number; quota: number } } = {}): FakeEngine {
  const calls: string[] = [];
  let status: EngineStatus = { role: 'owner', tabId: 'test', vfs: 'memory', error: null };
  const statusListeners = new Set<(s: EngineStatus) => void>();
  const changeListeners = new Set<(c: EngineChange) => void>();
  const persist = { answer: false as boolean | null };
  const call = crossingCall(impl, calls, options.label) as (m: EngineMethod, ...a: never[]) => Promise<unknown>;
  const emit = (c: EngineChange) => {
    for (const cb of changeListeners) cb(c);
  };
  const tab = (): EngineClient => ({
    call: (async (method: EngineMethod, ...args: never[]) => {
      const value = await call(method, ...args);
      const change = changeOf(method, args, value);
      if (change) setTimeout(() => [change].flat().forEach(emit), 0);
      return value;
    }) as EngineClient['call'],
    status: () => status,
    onStatus(cb) {
      statusListeners.add(cb);
      cb(status);
      return () => statusListeners.delete(cb);
    },
    onChange(cb) {
      changeListeners.add(cb);
      return () => changeListeners.delete(cb);
    },
    requestPersistence: async () => persist.answer,
    persisted: async () => false,
    storageEstimate: async () => options.storage ?? null,
  });
  const setStatus = (s: EngineStatus) => {
    status = s;
    for (const cb of statusListeners) cb(s);
  };
  return { client: tab(), other: tab, calls, emit, setStatus, persist };
}

/** An engine whose models methods are core's SQLite model store; `elsewhere` is that store, for writes made in another tab. */
export async function fakeEngine(clock: () => number = Date.now) {
  const db = await openMemoryDb();
  migrate(db);
  const models = createModelStore(db, clock);
  return { ...fakeEngineOver(models as unknown as Partial<Record<EngineMethod, Impl>>), db, elsewhere: models };
}

const crossing = <T>(v: T): T => structuredClone(v);

/** A thrown error as the page gets it from a worker (installErrorDetails): a plain Error with its name, message and details. */
function crossed(err: unknown): Error {
  const e = err as Error;
  return Object.assign(new Error(e.message), { name: e.name, ...errorDetails(e) });
}

/** As a comlink call: the value structured-cloned, an error reduced to what crosses. */
async function wrap<T>(p: () => Promise<T>): Promise<T> {
  try {
    return crossing(await p());
  } catch (err) {
    throw crossed(err);
  }
}

/**
 * The compute worker's model functions on the real kernel in node: called directly as the bridge's calls, and as the
 * app's compute pool (queue, job states, cancel, transferred buffers) behind comlink, as in its workers.
 */
export function fakeCompute() {
  const api = createModelsApi({ kernel: () => loadKernelNode(), now: () => performance.now(), wallClock: () => Date.now(), yieldToEvents: () => new Promise((r) => setTimeout(r, 0)) });
  return {
    api,
    infer: (key: string, file: Uint8Array, records: Record<string, unknown>[]) => wrap(() => api.infer(key, file, records)),
    predict: (key: string, file: Uint8Array, inputs: Record<string, unknown>[], k?: number, _signal?: AbortSignal, neighbours?: Neighbour[][]) =>
      wrap(() => api.neural_predict_batch(key, file, inputs, k, neighbours)),
    quantize: (file: Uint8Array, validation?: Record<string, unknown>[]) => wrap(() => api.neural_quantize(file, validation)),
    forgetModels: async (deleted: DeletedModel[]) => api.forgetModels(deleted),
    /** terminate() it when done. */
    pool: new ComputePool({ size: 2, createWorker: () => standInWorker(api).worker }),
  };
}

/** An engine serving core's pipeline API on in-memory SQLite; `other()` is a second tab's client on the same database. */
export async function fakePipelineEngine() {
  const db = await openMemoryDb();
  migrate(db);
  const api = createPipelineApi(createPipelineStore(db));
  return { ...fakeEngineOver(api as unknown as Partial<Record<EngineMethod, Impl>>), db, api };
}
