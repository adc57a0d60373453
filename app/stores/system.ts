// The System page's store: page-side detection, the worker's kernel facts, the self-check and the benchmark run, and WebMCP (its status, the tools, the agents' calls running).
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import type { BenchmarkResult, BenchProgress, ComputeBridge, SelfCheckRow } from '../bridges/compute';
import { detectEnvironment } from '../environment';
import type { ToolFunctions } from '../tools/lab-tools';
import { onWebMcp, runningCalls, webMcpStatus } from '../webmcp';

export type RunState<T> =
  | { status: 'idle' }
  | { status: 'running'; progress?: BenchProgress }
  | { status: 'done'; result: T; ms: number }
  | { status: 'cancelled' }
  | { status: 'failed'; error: string };

/** A value loaded once (and on request) into plain signals: unlike a resource it never suspends the page around it. */
export interface Loaded<T> {
  value: Accessor<T | undefined>;
  error: Accessor<string | undefined>;
  reload(): Promise<void>;
}

function createLoaded<T>(load: () => Promise<T>): Loaded<T> {
  const [value, setValue] = createSignal<T>();
  const [error, setError] = createSignal<string>();
  const reload = async () => {
    try {
      const v = await load();
      setValue(() => v);
      setError(undefined);
    } catch (err) {
      if (!isAbort(err)) setError(message(err));
    }
  };
  void reload();
  return { value, error, reload };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/** WebMCP as the page has it, and the catalog (saflaLab's listing: loads the catalog's code) to show where nothing was registered. */
function createWebMcpView(tools: Pick<ToolFunctions, 'tools'>) {
  const [status, setStatus] = createSignal(webMcpStatus());
  const [calls, setCalls] = createSignal(runningCalls());
  onCleanup(onWebMcp(() => {
    setStatus(webMcpStatus());
    setCalls(runningCalls());
  }));
  const catalog = createLoaded(() => tools.tools());
  return { status, calls, catalog };
}

export function createSystemStore(compute: ComputeBridge, tools: Pick<ToolFunctions, 'tools'>) {
  const life = new AbortController();
  onCleanup(() => life.abort());

  const environment = createLoaded(detectEnvironment);
  // The service worker takes control shortly after the first load; show that when it happens.
  const sw = 'serviceWorker' in navigator ? navigator.serviceWorker : undefined;
  const onControllerChange = () => void environment.reload();
  sw?.addEventListener('controllerchange', onControllerChange);
  onCleanup(() => sw?.removeEventListener('controllerchange', onControllerChange));
  const kernel = createLoaded(() => compute.kernelInfo(life.signal));

  const [selfCheck, setSelfCheck] = createSignal<RunState<SelfCheckRow[]>>({ status: 'idle' });
  const [bench, setBench] = createSignal<RunState<BenchmarkResult>>({ status: 'idle' });
  let benchRun: AbortController | undefined;

  async function runSelfCheck(): Promise<void> {
    setSelfCheck({ status: 'running' });
    const started = performance.now();
    try {
      const result = await compute.selfCheck(life.signal);
      setSelfCheck({ status: 'done', result, ms: performance.now() - started });
    } catch (err) {
      setSelfCheck(isAbort(err) ? { status: 'cancelled' } : { status: 'failed', error: message(err) });
    }
  }

  async function runBenchmark(): Promise<void> {
    benchRun = new AbortController();
    const signal = AbortSignal.any([benchRun.signal, life.signal]);
    setBench({ status: 'running' });
    const started = performance.now();
    try {
      const result = await compute.runBenchmark((progress) => setBench({ status: 'running', progress }), signal);
      setBench({ status: 'done', result, ms: performance.now() - started });
    } catch (err) {
      setBench(isAbort(err) ? { status: 'cancelled' } : { status: 'failed', error: message(err) });
    } finally {
      benchRun = undefined;
    }
  }

  function cancelBenchmark(): void {
    benchRun?.abort();
  }

  return { environment, kernel, selfCheck, runSelfCheck, bench, runBenchmark, cancelBenchmark, webmcp: createWebMcpView(tools) };
}

export type SystemStore = ReturnType<typeof createSystemStore>;
