// A step executor over an OpenAI-compatible chat endpoint the user configures: the request is built and the answer read here; the fetch function is handed in (the app's, only when online and only after the user entered the endpoint).
import { PipelineInputError } from './errors';
import type { AbortLike } from './runner';
import type { StepExecutor, StepRequest, StepResult } from './train-and-stream';

export interface ChatEndpoint {
  /** e.g. 'https://api.openai.com/v1' or 'http://localhost:11434/v1'; /chat/completions is appended. */
  baseUrl: string;
  model: string;
  /** Sent as a Bearer token when given. */
  apiKey?: string;
}

export interface ChatRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

/** Only what the executor uses of fetch's response (core has no DOM types). */
export interface FetchResponseLike {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string; signal?: AbortLike }) => Promise<FetchResponseLike>;

export function parseEndpoint(input: unknown): ChatEndpoint {
  if (typeof input !== 'object' || input === null) throw new PipelineInputError('endpoint', 'must be an object {baseUrl, model, apiKey?}');
  const r = input as Record<string, unknown>;
  if (typeof r.baseUrl !== 'string' || !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(r.baseUrl)) {
    throw new PipelineInputError('endpoint.baseUrl', 'must be an http:// or https:// URL without query or fragment');
  }
  if (typeof r.model !== 'string' || r.model.trim() === '') throw new PipelineInputError('endpoint.model', 'must name a model');
  if (r.apiKey !== undefined && (typeof r.apiKey !== 'string' || r.apiKey === '')) throw new PipelineInputError('endpoint.apiKey', 'must be a non-empty string when given');
  return { baseUrl: r.baseUrl.replace(/\/+$/, ''), model: r.model.trim(), ...(r.apiKey !== undefined ? { apiKey: r.apiKey as string } : {}) };
}

/** The chat-completions request for one step: the plan's context as the system message, the step with earlier outputs as the user's. */
export function buildChatRequest(endpoint: ChatEndpoint, req: StepRequest): ChatRequest {
  const system = `You are carrying out step ${req.step.index} of ${req.totalSteps} of the ${req.strategy} plan for a programming task. Answer with the result of this step only.`;
  const earlier = req.previous.map((p) => `## Step ${p.step.index}: ${p.step.title}\n${p.output}`).join('\n\n');
  const user = `${earlier === '' ? '' : `Results of the earlier steps:\n\n${earlier}\n\n`}## Step ${req.step.index}: ${req.step.title}\n${req.step.instruction}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (endpoint.apiKey) headers.authorization = `Bearer ${endpoint.apiKey}`;
  return {
    url: `${endpoint.baseUrl}/chat/completions`,
    method: 'POST',
    headers,
    body: JSON.stringify({ model: endpoint.model, messages: [{ role: 'system', content: system }, { role: 'user', content: user }], stream: false }),
  };
}

/** The answer's text (choices[0].message.content); a malformed answer is an error that says what was missing. */
export function parseChatResponse(json: unknown): StepResult {
  const r = json as { choices?: { message?: { content?: unknown } }[]; model?: unknown; error?: { message?: unknown } } | null;
  if (r && typeof r === 'object' && r.error && typeof r.error.message === 'string') throw new Error(`the endpoint answered with an error: ${r.error.message}`);
  const content = r?.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new Error('the endpoint\'s answer has no choices[0].message.content');
  return { output: content, ...(typeof r?.model === 'string' ? { model: r.model } : {}) };
}

export function createChatExecutor(endpoint: ChatEndpoint, fetchFn: FetchLike): StepExecutor {
  return {
    name: `openai-compatible ${endpoint.baseUrl} (${endpoint.model})`,
    async execute(request, signal) {
      const req = buildChatRequest(endpoint, request);
      const res = await fetchFn(req.url, { method: req.method, headers: req.headers, body: req.body, ...(signal ? { signal } : {}) });
      if (!res.ok) throw new Error(`the endpoint answered HTTP ${res.status}`);
      return parseChatResponse(await res.json());
    },
  };
}
