// The Pipeline page's strategy selection (presets or custom weights → the strategy and why) and train-and-stream (task → plan → steps executed on the user's OpenAI-compatible endpoint, only when online and only once they entered it).
import { batch, createSignal, type Accessor } from 'solid-js';
import { createChatExecutor, type ChatEndpoint, type FetchLike } from '../../core/pipeline/chat-executor';
import type { StrategyProfile } from '../../core/pipeline/profiles';
import { PRESETS, resolveWeights, selectStrategy, type PresetName, type Selection, type Weights } from '../../core/pipeline/selection';
import { trainAndStream, type StepOutcome, type TrainAndStreamResult } from '../../core/pipeline/train-and-stream';

export type WeightMode = PresetName | 'custom';
export type WeightFields = Record<keyof Weights, string>;

/** The selection the weights give now, or the field that is wrong. */
export type SelectionView =
  | { ok: true; preset: WeightMode; weights: Weights; selection: Selection; trained: boolean }
  | { ok: false; field: string; message: string };

export type StreamPhase =
  | { status: 'idle' }
  | { status: 'running'; steps: StepOutcome[] }
  | { status: 'done'; result: TrainAndStreamResult; offline: boolean }
  | { status: 'invalid'; field: string; message: string }
  | { status: 'failed'; message: string };

export interface EndpointStorage {
  getChatEndpoint(): Promise<ChatEndpoint | null>;
  setChatEndpoint(endpoint: unknown): Promise<void>;
}

export interface StreamOptions {
  profiles: Accessor<StrategyProfile[] | undefined>;
  endpoints: EndpointStorage;
  /** The page's fetch: steps are sent from the page, never from the sandbox. */
  fetch: FetchLike;
  online: () => boolean;
  now: () => number;
  /** Records a finished train-and-stream in the pipeline log (no key, no outputs: the strategy, the steps' statuses, the executor's name). */
  logResult: (result: TrainAndStreamResult) => Promise<void>;
}

const asError = (err: unknown) => {
  const e = err as { name?: unknown; field?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  // Weights and the endpoint are checked on this page (core's selection and chat executor): the field comes as thrown.
  return e?.name === 'PipelineInputError' && typeof e.field === 'string' ? { field: e.field, message } : { field: undefined, message };
};

/** Typed text becomes a number; an empty or non-numeric field reaches parseWeights as typed, which names it. */
const num = (s: string): unknown => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

export function createStream(options: StreamOptions) {
  const [mode, setMode] = createSignal<WeightMode>('balanced');
  const [custom, setCustom] = createSignal<WeightFields>({ reliability: '0.5', speed: '0.25', score: '0.25' });
  const [task, setTask] = createSignal('Write a function that parses ISO dates, with tests for invalid input.');
  const [endpoint, setEndpointSignal] = createSignal<ChatEndpoint | null>(null);
  const [endpointForm, setEndpointForm] = createSignal({ baseUrl: '', model: '', apiKey: '' });
  const [endpointError, setEndpointError] = createSignal<{ field: string | undefined; message: string }>();
  const [phase, setPhase] = createSignal<StreamPhase>({ status: 'idle' });
  let controller: AbortController | undefined;

  const endpointLoaded = options.endpoints.getChatEndpoint().then(
    (e) => {
      setEndpointSignal(e);
      if (e) setEndpointForm({ baseUrl: e.baseUrl, model: e.model, apiKey: e.apiKey ?? '' });
    },
    (err: unknown) => setEndpointError({ field: undefined, message: `The saved endpoint could not be read: ${asError(err).message}` }),
  );

  function weightsNow(): { preset: WeightMode; weights: Weights } {
    if (mode() !== 'custom') return resolveWeights(mode());
    const c = custom();
    return resolveWeights(undefined, { reliability: num(c.reliability), speed: num(c.speed), score: num(c.score) });
  }

  // A plain derivation, not createMemo: it is cheap, and Solid's server build (node tests) never recomputes memos.
  const selection = (): SelectionView | undefined => {
    const profiles = options.profiles();
    if (!profiles) return undefined;
    try {
      const { preset, weights } = weightsNow();
      return { ok: true, preset, weights, selection: selectStrategy(profiles, weights), trained: profiles.some((p) => p.uses > 0) };
    } catch (err) {
      const e = asError(err);
      return { ok: false, field: e.field ?? 'weights', message: e.message };
    }
  };

  async function saveEndpoint(): Promise<boolean> {
    const f = endpointForm();
    const input = { baseUrl: f.baseUrl.trim(), model: f.model, ...(f.apiKey !== '' ? { apiKey: f.apiKey } : {}) };
    try {
      await options.endpoints.setChatEndpoint(input);
      const saved = await options.endpoints.getChatEndpoint();
      batch(() => {
        setEndpointSignal(saved);
        setEndpointError(undefined);
      });
      return true;
    } catch (err) {
      setEndpointError(asError(err));
      return false;
    }
  }

  async function forgetEndpoint(): Promise<void> {
    try {
      await options.endpoints.setChatEndpoint(null);
      batch(() => {
        setEndpointSignal(null);
        setEndpointForm({ baseUrl: '', model: '', apiKey: '' });
        setEndpointError(undefined);
      });
    } catch (err) {
      setEndpointError(asError(err));
    }
  }

  async function run(): Promise<void> {
    if (phase().status === 'running') return;
    await endpointLoaded;
    const profiles = options.profiles();
    if (!profiles) {
      setPhase({ status: 'failed', message: 'The strategy profiles have not loaded yet.' });
      return;
    }
    let weights: { preset: WeightMode; weights: Weights };
    try {
      weights = weightsNow();
    } catch (err) {
      const e = asError(err);
      setPhase({ status: 'invalid', field: e.field ?? 'weights', message: e.message });
      return;
    }
    const configured = endpoint();
    // Only an endpoint the user entered, and only while online: otherwise the plan alone, and it says so.
    const offline = configured !== null && !options.online();
    const executor = configured && !offline ? createChatExecutor(configured, options.fetch) : null;
    controller = new AbortController();
    const steps: StepOutcome[] = [];
    setPhase({ status: 'running', steps: [] });
    try {
      const result = await trainAndStream({
        task: task(), profiles, preset: weights.preset, weights: weights.weights, executor, signal: controller.signal, now: options.now,
        onStep: (o) => {
          steps.push(o);
          setPhase({ status: 'running', steps: [...steps] });
        },
      });
      const shown = offline
        ? { ...result, note: `This browser is offline, so the configured endpoint was not used and no step was executed: this is the ${result.strategy} plan (${result.steps.length} steps).` }
        : result;
      setPhase({ status: 'done', result: shown, offline });
      options.logResult(shown).catch((err: unknown) => console.warn('train-and-stream: not written to the pipeline log:', err));
    } catch (err) {
      const e = asError(err);
      setPhase(e.field !== undefined ? { status: 'invalid', field: e.field, message: e.message } : { status: 'failed', message: e.message });
    } finally {
      controller = undefined;
    }
  }

  return {
    presets: PRESETS,
    mode, setMode, custom, setCustom, selection,
    task, setTask,
    endpoint, endpointForm, setEndpointForm, endpointError, saveEndpoint, forgetEndpoint,
    phase, run,
    cancel: () => controller?.abort(),
    online: options.online,
  };
}

export type Stream = ReturnType<typeof createStream>;
