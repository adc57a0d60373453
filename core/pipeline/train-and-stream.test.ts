// train-and-stream: the selected strategy's steps, executed in order through a step executor (each seeing the earlier outputs), or a plan that says no step was executed.
import { describe, expect, it } from 'vitest';
import { buildChatRequest, createChatExecutor, parseChatResponse, parseEndpoint, type FetchLike } from './chat-executor';
import { PipelineInputError } from './errors';
import { defaultProfile, type StrategyProfile } from './profiles';
import { PRESETS } from './selection';
import { planSteps, trainAndStream, type StepExecutor, type StepRequest } from './train-and-stream';

const trained = (best: StrategyProfile['strategy']): StrategyProfile[] =>
  (['conservative', 'balanced', 'aggressive'] as const).map((s) => ({ ...defaultProfile(s), uses: 3, successRate: s === best ? 1 : 0.2, avgScore: s === best ? 90 : 20 }));

/** An executor that answers each step with its id and remembers what it was asked. */
function recordingExecutor(failAt?: string): StepExecutor & { requests: StepRequest[] } {
  const requests: StepRequest[] = [];
  return {
    name: 'recording',
    requests,
    async execute(req) {
      requests.push(req);
      if (req.step.id === failAt) throw new Error('endpoint unreachable');
      return { output: `output of ${req.step.id}`, model: 'm1' };
    },
  };
}

const failing: FetchLike = async () => ({ ok: false, status: 401, json: async () => ({}) });

describe('planSteps', () => {
  it('decomposes a task into each strategy\'s steps', () => {
    expect(planSteps('conservative', 'Build a login form').map((s) => s.title)).toEqual(['Analysis', 'Plan with error handling', 'Safe implementation']);
    expect(planSteps('aggressive', 'Build a login form').map((s) => s.title)).toEqual(['Quick analysis and implementation', 'Optimisation']);
    expect(planSteps('balanced', 'Build a login form').map((s) => s.title)).toEqual(['Analysis and design', 'Implementation', 'Review']);
    expect(planSteps('balanced', '  Build a login form ').every((s) => s.instruction.endsWith('Task: Build a login form'))).toBe(true);
  });

  it('refuses a missing, empty or huge task, naming the field', () => {
    expect(() => planSteps('balanced', '   ')).toThrow(new PipelineInputError('task', 'is empty: describe what to build'));
    expect(() => planSteps('balanced', 42 as never)).toThrow(/^task must be text/);
    expect(() => planSteps('balanced', 'x'.repeat(5000))).toThrow(/^task is 5000 characters/);
  });
});

describe('trainAndStream', () => {
  it('without an executor returns the plan and says that no step was executed', async () => {
    const r = await trainAndStream({ task: 'Create a user API', profiles: trained('conservative'), preset: 'production', weights: PRESETS.production });
    expect(r.strategy).toBe('conservative');
    expect(r.executed).toBe(false);
    expect(r.executor).toBeNull();
    expect(r.steps.map((s) => s.status)).toEqual(['not-executed', 'not-executed', 'not-executed']);
    expect(r.note).toMatch(/no step was executed/);
  });

  it('executes the steps in order, each with the outputs before it', async () => {
    const exec = recordingExecutor();
    let t = 0;
    const seen: string[] = [];
    const r = await trainAndStream({
      task: 'Create a user API', profiles: trained('balanced'), preset: 'balanced', weights: PRESETS.balanced, executor: exec,
      now: () => (t += 10), onStep: (o) => seen.push(`${o.step.id}:${o.status}`),
    });
    expect(r.strategy).toBe('balanced');
    expect(r.executed).toBe(true);
    expect(seen).toEqual(['design:done', 'implement:done', 'review:done']);
    expect(exec.requests.map((q) => q.previous.map((p) => p.output))).toEqual([[], ['output of design'], ['output of design', 'output of implement']]);
    expect(r.steps.map((s) => [s.output, s.model, s.duration_ms])).toEqual([['output of design', 'm1', 10], ['output of implement', 'm1', 10], ['output of review', 'm1', 10]]);
    expect(r.note).toBe('All 3 steps of the balanced plan were executed by recording.');
  });

  it('stops at a failing step and leaves the rest not executed', async () => {
    const r = await trainAndStream({ task: 'x', profiles: trained('balanced'), preset: 'balanced', weights: PRESETS.balanced, executor: recordingExecutor('implement') });
    expect(r.steps.map((s) => s.status)).toEqual(['done', 'failed', 'not-executed']);
    expect(r.steps[1].error).toBe('endpoint unreachable');
    expect(r.note).toMatch(/^1 of 3 steps/);
    expect(r.note).toMatch(/Step 2 \(.+\) failed: endpoint unreachable\.$/);
  });

  it('says nothing was executed when the first step fails', async () => {
    const plan = await trainAndStream({ task: 'x', profiles: trained('balanced'), preset: 'balanced', weights: PRESETS.balanced });
    const r = await trainAndStream({ task: 'x', profiles: trained('balanced'), preset: 'balanced', weights: PRESETS.balanced, executor: recordingExecutor(plan.steps[0].step.id) });
    expect(r.steps.map((s) => s.status)).toEqual(['failed', 'not-executed', 'not-executed']);
    expect(r.executed).toBe(false);
    expect(r.note).toMatch(/^0 of 3 steps/);
  });

  it('stops when cancelled', async () => {
    const ctrl = new AbortController();
    const exec = recordingExecutor();
    const r = await trainAndStream({
      task: 'x', profiles: trained('aggressive'), preset: 'prototyping', weights: PRESETS.prototyping, executor: exec, signal: ctrl.signal,
      onStep: () => ctrl.abort(),
    });
    expect(r.steps.map((s) => s.status)).toEqual(['done', 'cancelled']);
    expect(exec.requests).toHaveLength(1);
  });
});

describe('OpenAI-compatible executor', () => {
  const endpoint = parseEndpoint({ baseUrl: 'http://localhost:11434/v1/', model: 'llama3', apiKey: 'k' });

  it('builds a chat-completions request with the step and the earlier outputs', () => {
    const [first, second] = planSteps('aggressive', 'Sort a list');
    const req = buildChatRequest(endpoint, { task: 'Sort a list', strategy: 'aggressive', step: second, totalSteps: 2, previous: [{ step: first, output: 'code v1' }] });
    expect(req.url).toBe('http://localhost:11434/v1/chat/completions');
    expect(req.headers).toEqual({ 'content-type': 'application/json', authorization: 'Bearer k' });
    const body = JSON.parse(req.body);
    expect(body.model).toBe('llama3');
    expect(body.messages[0].content).toMatch(/step 2 of 2 of the aggressive plan/);
    expect(body.messages[1].content).toContain('code v1');
    expect(body.messages[1].content).toContain('Task: Sort a list');
  });

  it('reads the answer, and says what is wrong with a malformed one', () => {
    expect(parseChatResponse({ model: 'x', choices: [{ message: { content: 'hi' } }] })).toEqual({ output: 'hi', model: 'x' });
    expect(() => parseChatResponse({ choices: [] })).toThrow(/choices\[0\]\.message\.content/);
    expect(() => parseChatResponse({ error: { message: 'quota' } })).toThrow(/quota/);
  });

  it('runs through the fetch function it is given', async () => {
    const calls: string[] = [];
    const fetchFn: FetchLike = async (url, init) => {
      calls.push(`${init.method} ${url}`);
      return { ok: true, status: 200, json: async () => ({ choices: [{ message: { content: 'done' } }] }) };
    };
    const r = await trainAndStream({ task: 'x', profiles: trained('aggressive'), preset: 'prototyping', weights: PRESETS.prototyping, executor: createChatExecutor(endpoint, fetchFn) });
    expect(calls).toEqual(['POST http://localhost:11434/v1/chat/completions', 'POST http://localhost:11434/v1/chat/completions']);
    expect(r.steps.map((s) => s.output)).toEqual(['done', 'done']);
    const r2 = await trainAndStream({ task: 'x', profiles: trained('aggressive'), preset: 'prototyping', weights: PRESETS.prototyping, executor: createChatExecutor(endpoint, failing) });
    expect(r2.steps[0]).toMatchObject({ status: 'failed', error: 'the endpoint answered HTTP 401' });
  });

  it('names the field of a bad endpoint', () => {
    expect(() => parseEndpoint({ baseUrl: 'ftp://x', model: 'm' })).toThrow(/^endpoint\.baseUrl/);
    expect(() => parseEndpoint({ baseUrl: 'https://x.org/v1', model: ' ' })).toThrow(/^endpoint\.model/);
    expect(() => parseEndpoint({ baseUrl: 'https://x.org/v1', model: 'm', apiKey: 5 })).toThrow(/^endpoint\.apiKey/);
  });
});
