// `safla train-and-stream "<task>"`: picks a strategy from the state folder's learned profiles with a preset or custom weights, decomposes the task into that strategy's steps, and prints the plan — or, only when --endpoint and --model are given, executes the steps on that OpenAI-compatible endpoint.
import { createChatExecutor, parseEndpoint, type FetchLike } from '../core/pipeline/chat-executor';
import { defaultProfiles, type StrategyProfile } from '../core/pipeline/profiles';
import { createPipelineStore } from '../core/pipeline/store';
import { ms } from '../core/pipeline/text';
import { checkTaskText, trainAndStream, type StepExecutor, type StepOutcome, type TrainAndStreamResult } from '../core/pipeline/train-and-stream';
import { listenForInterrupt } from './interrupt';
import { CliError, type CliIo } from './io';
import type { Flags } from './neural';
import { asFlagError, timeoutFlag, weightsFlags } from './pipeline-flags';
import { selectionLines } from './pipeline-format';
import { stateDir, withExistingState } from './state';

/** Per step: a model answering a whole implementation step can take a while. */
export const STEP_TIMEOUT_MS = 120_000;

export interface TrainAndStreamOutput extends TrainAndStreamResult {
  action: 'train-and-stream';
  state: string;
  /** Whether any profile has learned from runs; when not, the selection rests on the starting values. */
  trained: boolean;
  profiles: StrategyProfile[];
}

/** Node's fetch with a deadline per request, and errors that say which address failed and why. */
function fetchWithDeadline(timeoutMs: number): FetchLike {
  return async (url, init) => {
    const signals = [AbortSignal.timeout(timeoutMs), ...(init.signal ? [init.signal as AbortSignal] : [])];
    try {
      return await fetch(url, { method: init.method, headers: init.headers, body: init.body, signal: AbortSignal.any(signals) });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      if (err.name === 'TimeoutError') throw new Error(`${url} did not answer within ${timeoutMs} ms`, { cause: e });
      if (err.name === 'AbortError') throw new Error('cancelled', { cause: e });
      throw new Error(`cannot reach ${url}: ${err.cause?.code ?? err.cause?.message ?? err.message}`, { cause: e });
    }
  };
}

/** --endpoint URL with --model NAME (both or neither); the key, when the endpoint needs one, from $SAFLA_API_KEY rather than the command line. */
function executorFlags(io: CliIo, flags: Flags, timeoutMs: number): StepExecutor | null {
  const url = flags.endpoint;
  const model = flags.model;
  if (url === undefined && model === undefined) return null;
  if (typeof url !== 'string' || url === '') throw new CliError('--model needs --endpoint URL (an OpenAI-compatible API, e.g. http://localhost:11434/v1)', 2);
  if (typeof model !== 'string' || model === '') throw new CliError('--endpoint needs --model NAME (the model the endpoint should use)', 2);
  const apiKey = io.env.SAFLA_API_KEY;
  try {
    const endpoint = parseEndpoint({ baseUrl: url, model, ...(apiKey ? { apiKey } : {}) });
    return createChatExecutor(endpoint, fetchWithDeadline(timeoutMs));
  } catch (e) {
    throw asFlagError(e);
  }
}

function stepLines(o: StepOutcome): string[] {
  const head = `${o.step.index}. ${o.step.title}`;
  switch (o.status) {
    case 'not-executed': return [`  ${head}: ${o.step.instruction.split('\n\n')[0]}`];
    case 'done': return [`  ${head} (done in ${ms(o.duration_ms ?? 0)}${o.model ? ` by ${o.model}` : ''}):`, ...o.output!.split('\n').map((l) => `     ${l}`)];
    case 'failed': return [`  ${head}: failed: ${o.error}`];
    case 'cancelled': return [`  ${head}: cancelled`];
  }
}

export async function trainAndStreamCommand(io: CliIo, flags: Flags, words: readonly string[]): Promise<void> {
  if (words.length === 0) throw new CliError('give the task to plan, in quotes: safla train-and-stream "build a rate limiter with tests"', 2);
  const json = flags.json === true;
  let task: string;
  try {
    task = checkTaskText(words.join(' '));
  } catch (e) {
    throw asFlagError(e);
  }
  const { preset, weights } = weightsFlags(flags);
  const executor = executorFlags(io, flags, timeoutFlag(flags, STEP_TIMEOUT_MS));
  const profiles = await withExistingState(io, flags.state, (state) => (state ? createPipelineStore(state.db).loadProfiles() : defaultProfiles()));
  const trained = profiles.some((p) => p.uses > 0);
  const interrupt = executor ? listenForInterrupt(io.err) : undefined;
  let result: TrainAndStreamResult;
  try {
    result = await trainAndStream({
      task, profiles, preset, weights, executor, now: io.now,
      ...(interrupt ? { signal: interrupt.signal } : {}),
      // Progress on stderr, one line a step (stdout keeps the result, clean JSON with --json).
      onStep: (o) => io.err(`step ${o.step.index} (${o.step.title}): ${o.status}${o.duration_ms !== undefined ? ` in ${ms(o.duration_ms)}` : ''}`),
    });
  } finally {
    interrupt?.dispose();
  }
  const output: TrainAndStreamOutput = { action: 'train-and-stream', state: stateDir(io, flags.state), trained, profiles, ...result };
  if (json) {
    io.out(JSON.stringify(output, null, 2));
  } else {
    io.out(`Task: ${task}`);
    for (const line of selectionLines(preset, weights, result.selection, trained)) io.out(line);
    if (!trained) io.out('  Train them first: safla train-pipeline run --complexity easy --iterations 3');
    io.out(`Plan (${result.strategy}, ${result.steps.length} steps):`);
    for (const s of result.steps) for (const line of stepLines(s)) io.out(line);
    io.out(result.note);
  }
  if (interrupt?.received()) throw interrupt.error(result.note);
  const failed = result.steps.find((s) => s.status === 'failed');
  if (failed) throw new CliError(`step ${failed.step.index} (${failed.step.title}) failed: ${failed.error}`);
}
