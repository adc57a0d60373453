// neural_patterns in the built app's engine worker, through the console API (saflaLab): the word vectors and the kernel of the worker, the classifier trained there, learn announced to the page, predict honest about its evidence.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AnalyzeResult, ClassifierFigures, NeuralPatternsInput, NeuralPatternsResult, PredictResult } from '../core/patterns/api';
import type { EngineChange, EngineClient } from '../workers/engine/types';
import { launch, type Session } from './browser';

/** The part of saflaLab this spec uses (its full type pulls in the browser-only app). */
interface LabConsole {
  neural_patterns(input: NeuralPatternsInput): Promise<NeuralPatternsResult>;
  neural_patterns_classifier(): Promise<ClassifierFigures>;
}
type PatternsWindow = typeof globalThis & { saflaEngine: EngineClient; saflaLab: LabConsole; seenChanges?: EngineChange[] };

describe('neural_patterns in the engine worker', () => {
  let s: Session;
  beforeAll(async () => {
    s = await launch();
  });
  afterAll(() => s?.close());

  it('analyzes with the worker\'s word vectors and kernel, learns with a change notice, predicts only from enough evidence', async () => {
    const { page } = s;
    await page.goto(`${inject('baseUrl')}#/memory`);
    await page.waitForFunction(() => (globalThis as PatternsWindow).saflaEngine?.status().role === 'owner', undefined, { timeout: 30_000 });
    await page.evaluate(() => {
      const w = globalThis as PatternsWindow;
      w.seenChanges = [];
      w.saflaEngine.onChange((c) => w.seenChanges!.push(c));
    });
    const analyzed = await page.evaluate(() => (globalThis as PatternsWindow).saflaLab.neural_patterns({ action: 'analyze', operation: '{"description": "Security audit of the login service: sessions, password storage and token expiry"}' })) as AnalyzeResult;
    expect(analyzed).toMatchObject({ action: 'analyze', pattern: 'critical', embedder: 'word-vectors', learned: false });
    expect(analyzed.confidence).toBeGreaterThan(0);
    expect(analyzed.confidence).toBeLessThanOrEqual(1);
    const figures = await page.evaluate(() => (globalThis as PatternsWindow).saflaLab.neural_patterns_classifier());
    console.log(`classifier in Chromium's engine worker: ${figures.kernel}, trained in ${figures.training_ms} ms, held-out accuracy ${figures.held_out.accuracy.toFixed(3)}`);
    expect(figures.kernel).toMatch(/^wasm-/);
    expect(figures.features.embedder).toMatch(/^word-vectors-v1-/);
    expect(figures.held_out.accuracy).toBeGreaterThanOrEqual(0.78);
    expect(figures.held_out.accuracy).toBeGreaterThan(figures.baselines.keywords.accuracy);

    const learn = (name: string, ok: boolean) => page.evaluate((a) => (globalThis as PatternsWindow).saflaLab.neural_patterns({
      action: 'learn', operation: { type: 'api_deployment', description: `Deploy the ${a.name} API to production` }, outcome: { success: a.ok, duration: a.ok ? 1800 : 4200 },
    }), { name, ok }) as Promise<AnalyzeResult>;
    expect(await learn('billing', true)).toMatchObject({ learned: true, id: 1 });
    await expect.poll(() => page.evaluate(() => (globalThis as PatternsWindow).seenChanges)).toEqual([{ what: 'patterns', learned: [1], corrected: false }]);
    const early = await page.evaluate(() => (globalThis as PatternsWindow).saflaLab.neural_patterns({ action: 'predict', operation: { type: 'api_deployment', description: 'Deploy the shipping API to production' } })) as PredictResult;
    expect(early).toMatchObject({ success_probability: null, enough_evidence: false, evidence_count: 1 });
    await learn('orders', true);
    await learn('search', false);
    const p = await page.evaluate(() => (globalThis as PatternsWindow).saflaLab.neural_patterns({ action: 'predict', operation: { type: 'api_deployment', description: 'Deploy the shipping API to production' } })) as PredictResult;
    expect(p.evidence_count).toBe(3);
    expect(p.success_probability).toBeGreaterThan(0.5);
    expect(p.success_probability).toBeLessThan(0.75);
    expect(p.recommendations[0]).toBe('2 of 3 similar api deployment operations succeeded.');
    await expect(page.evaluate(() => (globalThis as PatternsWindow).saflaLab.neural_patterns({ action: 'learn', operation: '{"type": ' }))).rejects.toThrow(/ToolCallError: neural_patterns: operation: is not valid JSON/);
    expect(s.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
