// neural_patterns over a real database and memory: analyze, learn (three tiers, no retraining), predict with and without evidence, corrections, typed errors that store nothing.
import { describe, expect, it, vi } from 'vitest';
import { count } from '../memory/test-support';
import type { AnalyzeResult, PredictResult } from './api';
import { shippedDataset, splitDataset } from './dataset';
import { PatternInputError, PATTERNS } from './operation';
import { MIN_EVIDENCE } from './outcomes';
import { PATTERN_NAMESPACE, RETRAIN_EVERY } from './patterns';
import { patternsOn, wasmPort } from './test-support.node';

const deploy = (name: string, parallel: boolean, extra: Record<string, unknown> = {}) => ({ type: 'api_deployment', complexity: 'high', agents: ['backend-dev', 'cicd-engineer'], description: `Deploy the ${name} API to production`, parallel_tests: parallel, ...extra });

function inputError(fn: () => unknown): PatternInputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PatternInputError) return e;
    throw e;
  }
  throw new Error('expected a PatternInputError');
}

describe('neural_patterns analyze', () => {
  it('reads JSON text, an object or plain text alike, and returns the classifier probabilities with an honest lack of evidence', async () => {
    const { patterns } = await patternsOn();
    const text = 'Brainstorm ten different onboarding flows for first-time users';
    const a = patterns.neural_patterns({ action: 'analyze', operation: text }) as AnalyzeResult;
    const b = patterns.neural_patterns({ action: 'analyze', operation: JSON.stringify({ description: text }) }) as AnalyzeResult;
    const c = patterns.neural_patterns({ action: 'analyze', operation: { description: text } }) as AnalyzeResult;
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.pattern).toBe('divergent');
    expect(a.confidence).toBeGreaterThan(0);
    expect(a.confidence).toBeLessThanOrEqual(1);
    expect(a.confidence).toBe(Math.max(...Object.values(a.probabilities)));
    expect(Object.keys(a.probabilities)).toEqual([...PATTERNS]);
    expect(Object.values(a.probabilities).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 4);
    expect(a).toMatchObject({ action: 'analyze', learned: false, id: null, similarPatterns: [], evidence: { similar: 0, with_outcome: 0, needed: MIN_EVIDENCE }, embedder: 'word-vectors' });
    expect(a.recommendations).toEqual([expect.stringMatching(/^Not enough evidence yet: no recorded outcome of a similar operation \(at least 3 needed\)/)]);
    expect(a.classifier.held_out_accuracy).toBe(patterns.patterns_classifier().held_out.accuracy);
  });

  it('names the field of every bad input and stores nothing', async () => {
    const { patterns, db } = await patternsOn();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ action: 'guess', operation: 'x' }, 'action', /must be analyze, learn or predict/],
      [{ action: 'learn' }, 'operation', /is required/],
      [{ action: 'learn', operation: '   ' }, 'operation', /is empty/],
      [{ action: 'learn', operation: '{"type": ' }, 'operation', /is not valid JSON/],
      [{ action: 'learn', operation: '[1, 2]' }, 'operation', /must be a JSON object/],
      [{ action: 'learn', operation: {} }, 'operation', /needs a description/],
      [{ action: 'learn', operation: { description: 42 } }, 'operation.description', /must be text/],
      [{ action: 'learn', operation: { description: 'x', complexity: 'extreme' } }, 'operation.complexity', /low, medium or high/],
      [{ action: 'learn', operation: { description: 'x', complexity: 3 } }, 'operation.complexity', /number in \[0, 1\]/],
      [{ action: 'learn', operation: { description: 'x', agents: ['coder', ''] } }, 'operation.agents[1]', /agent name/],
      [{ action: 'learn', operation: { description: 'x', duration: -5 } }, 'operation.duration', /non-negative number/],
      [{ action: 'learn', operation: { description: 'x', success: 'yes' } }, 'operation.success', /true or false/],
      [{ action: 'learn', operation: 'x', outcome: '{"success": tru' }, 'outcome', /is not valid JSON/],
      [{ action: 'learn', operation: 'x', outcome: { success: 1 } }, 'outcome.success', /true or false/],
      [{ action: 'learn', operation: 'x', outcome: { duration: 'long' } }, 'outcome.duration', /non-negative number/],
      [{ action: 'learn', operation: 'x', metadata: [1] }, 'metadata', /must be a JSON object/],
      [{ action: 'learn', operation: 'x', metadata: { pattern: 'sideways' } }, 'metadata.pattern', /must be one of convergent, divergent/],
      [{ action: 'learn', operation: 'x'.repeat(70_000) }, 'operation', /more than the 65,536 allowed/],
      [{ action: 'analyze', operation: 'x', outcome: '{' }, 'outcome', /is not valid JSON/],
    ];
    for (const [input, field, problem] of cases) {
      const e = inputError(() => patterns.neural_patterns(input as never));
      expect(e.field, JSON.stringify(input).slice(0, 80)).toBe(field);
      expect(e.message).toMatch(problem);
      expect(e.message.startsWith(`neural_patterns: ${field} `)).toBe(true);
    }
    for (const t of ['pattern_memory', 'pattern_labels', 'episodic_memory', 'memory_entries']) expect(count(db, t), t).toBe(0);
    expect(inputError(() => patterns.patterns_correct({ operation: 'x', pattern: 'wrong' as never })).field).toBe('pattern');
    expect(inputError(() => patterns.patterns_correct({ operation: 'x', pattern: 'lateral', id: 99 })).field).toBe('id');
    expect(inputError(() => patterns.patterns_labels({ limit: 0 })).field).toBe('limit');
    expect(count(db, 'pattern_labels')).toBe(0);
  });
});

describe('neural_patterns learn', () => {
  it('stores the operation in pattern_memory, the episodic tier and the vector tier, where the next call finds it', async () => {
    const { patterns, db, memory, advance } = await patternsOn();
    const op = deploy('user service', true, { duration: 1850 });
    const r = patterns.neural_patterns({ action: 'learn', operation: JSON.stringify(op), outcome: JSON.stringify({ tests_passed: 47, coverage: 92 }), metadata: { project: 'user-service', environment: 'production' } }) as AnalyzeResult;
    expect(r).toMatchObject({ action: 'learn', learned: true, id: 1, label_source: 'classifier', pattern: 'systems' });
    const row = db.get<Record<string, unknown>>('SELECT * FROM pattern_memory WHERE id = 1')!;
    expect(row).toMatchObject({ pattern_type: 'systems', confidence: r.confidence, description: 'api deployment: Deploy the user service API to production', success: null, duration_ms: 1850, label_source: 'classifier', memory_key: 'op-1', classifier: r.classifier.version });
    expect(JSON.parse(row.pattern_data as string)).toEqual({ operation: op, outcome: { tests_passed: 47, coverage: 92 }, metadata: { project: 'user-service', environment: 'production' } });
    const episode = memory.episode_recent(1)[0];
    expect(episode).toMatchObject({ id: row.episode_id, action: 'neural_patterns.learn', content: row.description, outcome: { tests_passed: 47, coverage: 92 } });
    expect(memory.memory_usage({ action: 'retrieve', namespace: PATTERN_NAMESPACE, key: 'op-1' })).toMatchObject({ found: true, value: row.description });
    advance(1000);
    const next = patterns.neural_patterns({ action: 'analyze', operation: 'Deploy the billing API to production' }) as AnalyzeResult;
    expect(next.similarPatterns).toHaveLength(1);
    expect(next.similarPatterns[0]).toMatchObject({ id: 1, pattern: 'systems', duration_ms: 1850, success: null });
    expect(next.similarPatterns[0].score).toBeGreaterThan(0.7);
    // A recorded outcome without success or failure is not evidence for recommendations.
    expect(next.evidence).toMatchObject({ similar: 1, with_outcome: 0 });
  });

  it('updates the outcome models with every call and never retrains the classifier for it; given labels retrain in batches', async () => {
    const { patterns, db, advance } = await patternsOn();
    const version = patterns.patterns_classifier().version;
    const port = await wasmPort();
    const create = vi.spyOn(port, 'createNetwork');
    for (let i = 0; i < 12; i++) {
      advance(1000);
      patterns.neural_patterns({ action: 'learn', operation: deploy(`service ${i}`, i % 2 === 0), outcome: { success: i % 3 !== 0, duration: 1000 + i * 100 } });
    }
    expect(create).not.toHaveBeenCalled();
    expect(patterns.patterns_classifier().version).toBe(version);
    expect(count(db, 'pattern_classifiers')).toBe(1);
    // Labels given with learn (metadata.pattern) wait for a batch of RETRAIN_EVERY.
    for (let i = 0; i < RETRAIN_EVERY - 1; i++) patterns.neural_patterns({ action: 'learn', operation: `Reconsider the caching plan as traffic changes, week ${i}`, outcome: { success: true }, metadata: { pattern: 'adaptive' } });
    expect(patterns.patterns_classifier()).toMatchObject({ version, pending_learn_labels: RETRAIN_EVERY - 1 });
    expect(create).not.toHaveBeenCalled();
    const last = patterns.neural_patterns({ action: 'learn', operation: 'Reconsider the caching plan as traffic changes, week 9', outcome: { success: true }, metadata: { pattern: 'adaptive' } }) as AnalyzeResult;
    expect(last).toMatchObject({ pattern: 'adaptive', label_source: 'given' });
    const figures = patterns.patterns_classifier();
    expect(create).toHaveBeenCalledTimes(1);
    expect(figures.version).not.toBe(version);
    expect(figures).toMatchObject({ pending_learn_labels: 0, trained_on: { learn_labels: RETRAIN_EVERY, corrections: 0 } });
    create.mockRestore();
  });
});

describe('neural_patterns predict and recommendations', () => {
  it('says there is not enough evidence instead of guessing, then estimates from similar recorded outcomes with their counts', async () => {
    const { patterns, advance } = await patternsOn();
    const planned = deploy('shipping', true);
    const learn = (name: string, parallel: boolean, success: boolean, duration: number) => {
      advance(1000);
      patterns.neural_patterns({ action: 'learn', operation: deploy(name, parallel), outcome: { success, duration } });
    };
    learn('billing', true, true, 2100);
    learn('orders', true, false, 4000);
    const early = patterns.neural_patterns({ action: 'predict', operation: planned }) as PredictResult;
    expect(early).toMatchObject({ action: 'predict', success_probability: null, expected_duration_ms: null, duration_range_ms: null, enough_evidence: false, evidence_count: 2 });
    expect(early.reasoning).toMatch(/Not enough evidence for a success probability: 2 similar recorded outcomes with cosine ≥ 0.5 \(at least 3 needed\), so none is given/);
    expect(early.recommendations[0]).toMatch(/^Not enough evidence yet: 2 recorded outcomes/);
    learn('accounts', true, true, 1700);
    learn('search', true, true, 1900);
    learn('user', true, true, 1800);
    learn('payments', false, false, 5200);
    learn('catalogue', false, false, 6100);
    learn('inventory', false, true, 3900);
    const r = patterns.neural_patterns({ action: 'predict', operation: planned }) as PredictResult;
    expect(r.similarPatterns).toHaveLength(8);
    // Each neighbour carries what recommendations group by, so a caller can group them its own way (by strategy, …).
    for (const n of r.similarPatterns) expect(n.attributes).toMatchObject({ parallel_tests: expect.any(Boolean), complexity: 'high', 'agent=backend-dev': true });
    expect(r.enough_evidence).toBe(true);
    // The estimate is the similarity-weighted Beta(1, 1) posterior mean of the listed neighbours (scores rounded to 1e-6).
    const w = r.similarPatterns.reduce((s, n) => s + n.score, 0);
    const ws = r.similarPatterns.filter((n) => n.success).reduce((s, n) => s + n.score, 0);
    expect(r.success_probability).toBeCloseTo((ws + 1) / (w + 2), 4);
    expect(r.evidence_count).toBe(8);
    const logs = r.similarPatterns.map((n) => [n.score, Math.log(n.duration_ms!)]);
    expect(r.expected_duration_ms).toBeCloseTo(Math.exp(logs.reduce((s, [sc, l]) => s + sc * l, 0) / w), 0);
    expect(r.duration_range_ms![0]).toBeLessThan(r.expected_duration_ms!);
    expect(r.duration_range_ms![1]).toBeGreaterThan(r.expected_duration_ms!);
    expect(r.recommendations[0]).toBe('5 of 8 similar api deployment operations succeeded.');
    expect(r.recommendations).toContain('Keep parallel_tests = true: 4 of 5 similar api deployment operations with parallel_tests = true succeeded, against 1 of 3 without.');
    expect(r.recommendations.at(-1)).toMatch(/^Similar api deployment operations took about \d\.\d s \(.+, 8 recorded\)\.$/);
    // An operation that plans without parallel tests is told the other way round.
    const without = patterns.neural_patterns({ action: 'analyze', operation: deploy('shipping', false) }) as AnalyzeResult;
    expect(without.recommendations).toContain('Reconsider parallel_tests = false: 1 of 3 similar api deployment operations with parallel_tests = false succeeded, against 4 of 5 without.');
  });

  it('counts as similar only operations at cosine ≥ 0.5: related operations reach it, unrelated ones do not', async () => {
    const { patterns, advance } = await patternsOn();
    const unrelated = ['Fix the off-by-one in pagination', 'Brainstorm names for the new product', 'Restore the wiki backup on staging', 'Renew the TLS certificate'];
    for (const u of unrelated) {
      advance(1000);
      patterns.neural_patterns({ action: 'learn', operation: u, outcome: { success: true } });
    }
    const r = patterns.neural_patterns({ action: 'analyze', operation: 'Review the pull request for the login page' }) as AnalyzeResult;
    expect(r.similarPatterns.length).toBe(4);
    expect(r.similarPatterns.every((s) => s.score < 0.5)).toBe(true);
    expect(r.evidence.similar).toBe(0);
    advance(1000);
    patterns.neural_patterns({ action: 'learn', operation: 'Code review of the payment module', outcome: { success: true } });
    const again = patterns.neural_patterns({ action: 'analyze', operation: 'Review the pull request for the login page' }) as AnalyzeResult;
    expect(again.similarPatterns[0]).toMatchObject({ description: 'Code review of the payment module' });
    expect(again.similarPatterns[0].score).toBeGreaterThanOrEqual(0.5);
  });
});

describe('label corrections', () => {
  it('are stored and trained on next: corrections on a held-out slice raise that slice\'s accuracy', async () => {
    const { patterns, db } = await patternsOn();
    const before = patterns.patterns_classifier();
    const { heldOut } = splitDataset(shippedDataset().examples);
    const analyze = (e: (typeof heldOut)[number]) => (patterns.neural_patterns({ action: 'analyze', operation: e.operation.raw }) as AnalyzeResult).pattern;
    // The slice: the held-out operations the classifier gets wrong (accuracy 0 on it by construction).
    const slice = heldOut.filter((e) => analyze(e) !== e.pattern);
    expect(slice.length).toBeGreaterThanOrEqual(5);
    const rest = heldOut.filter((e) => !slice.includes(e));
    for (const e of slice) {
      const c = patterns.patterns_correct({ operation: e.operation.raw, pattern: e.pattern });
      expect(c).toMatchObject({ action: 'correct', pattern: e.pattern, updated_record: false });
      expect(c.previous).not.toBe(e.pattern);
    }
    expect(count(db, 'pattern_labels')).toBe(slice.length);
    const after = patterns.patterns_classifier();
    expect(after.version).not.toBe(before.version);
    expect(after.trained_on).toMatchObject({ corrections: slice.length, examples: before.trained_on.examples + slice.length });
    // The corrected rows are trained on, so they leave the held-out measurement (and are counted).
    expect(after.held_out).toMatchObject({ n: heldOut.length - slice.length, corrected_left_out: slice.length });
    const sliceAccuracy = slice.filter((e) => analyze(e) === e.pattern).length / slice.length;
    const restAccuracy = rest.filter((e) => analyze(e) === e.pattern).length / rest.length;
    console.log(`corrections: slice of ${slice.length} held-out rows 0 → ${sliceAccuracy.toFixed(3)}; the other ${rest.length} held-out rows 1 → ${restAccuracy.toFixed(3)}`);
    expect(sliceAccuracy).toBeGreaterThanOrEqual(0.8);
    expect(restAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(patterns.patterns_labels().map((l) => l.source)).toEqual(slice.map(() => 'correction'));
  });

  it('correct a learned operation\'s stored pattern by id, and the stored classifier version is reused by a new instance', async () => {
    const { patterns, db, memory } = await patternsOn();
    const learned = patterns.neural_patterns({ action: 'learn', operation: 'Sort out the cable mess behind the desk', outcome: 'done' }) as AnalyzeResult;
    const target = learned.pattern === 'lateral' ? 'convergent' : 'lateral';
    const c = patterns.patterns_correct({ operation: 'Sort out the cable mess behind the desk', pattern: target, id: learned.id! });
    expect(c).toMatchObject({ updated_record: true, corrections: 1, previous: learned.pattern });
    expect(patterns.patterns_recorded()[0]).toMatchObject({ id: learned.id, pattern: target, label_source: 'corrected', success: true });
    const figures = patterns.patterns_classifier();
    const port = await wasmPort();
    const create = vi.spyOn(port, 'createNetwork');
    const { createPatterns } = await import('./patterns');
    const again = createPatterns({ db, memory, port, embedder: (await import('./test-support.node')).wordVectors() });
    expect(again.patterns_classifier()).toEqual(figures);
    expect(create).not.toHaveBeenCalled();
    create.mockRestore();
  });
});
