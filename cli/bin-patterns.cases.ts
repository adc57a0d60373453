// Bin test cases for `safla neural patterns …`: neural_patterns on the state folder through the built bin, the worker API's objects with --json, errors naming the flag.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { isCleanError, safla } from './bin-support';
import { NodeDb } from './node-db';

const deploy = (name: string, parallel: boolean) => JSON.stringify({ type: 'api_deployment', complexity: 'high', agents: ['backend-dev', 'cicd-engineer'], description: `Deploy the ${name} API to production`, parallel_tests: parallel });

export function patternsCases(folder: () => string): void {
  const json = async (...args: string[]) => {
    const r = await safla(folder(), 'neural', 'patterns', ...args, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };

  it('analyze prints the classifier\'s pattern with a confidence in [0, 1], for JSON or plain text, without evidence yet', async () => {
    const a = await json('analyze', '--operation', '{"description": "Security audit of the payment service: secrets, permissions and token expiry"}');
    expect(a).toMatchObject({ action: 'analyze', pattern: 'critical', learned: false, similarPatterns: [], evidence: { with_outcome: 0, needed: 3 }, embedder: 'word-vectors' });
    expect(a.confidence).toBeGreaterThan(0);
    expect(a.confidence).toBeLessThanOrEqual(1);
    expect(Object.keys(a.probabilities)).toEqual(['convergent', 'divergent', 'lateral', 'systems', 'critical', 'adaptive']);
    expect(a.recommendations[0]).toMatch(/^Not enough evidence yet/);
    const plain = await json('analyze', '--operation', 'Security audit of the payment service: secrets, permissions and token expiry');
    expect(plain).toEqual(a);
    const text = await safla(folder(), 'neural', 'patterns', 'analyze', '--operation', 'Brainstorm ten names for the new command-line tool');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Pattern: divergent \(confidence (0|1)\.\d\d\)\n/);
    expect(text.stdout).toMatch(/Classifier pc-[0-9a-f]{16}: held-out accuracy \d+\.\d%, trained on \d+ operations/);
    // Reading commands create no state folder: without one they run on an empty database in memory.
    expect(existsSync(join(folder(), '.safla'))).toBe(false);
  });

  it('learn stores operations and outcomes between processes; predict estimates from them only once there are enough', async () => {
    const learned = await json('learn', '--operation', deploy('billing', true), '--outcome', '{"success": true, "duration": 2100}', '--metadata', '{"environment": "production"}');
    expect(learned).toMatchObject({ action: 'learn', learned: true, id: 1, label_source: 'classifier', pattern: 'systems' });
    await json('learn', '--operation', deploy('orders', true), '--outcome', '{"status": "failed", "duration": 4000}');
    const early = await json('predict', '--operation', deploy('shipping', true));
    expect(early).toMatchObject({ action: 'predict', success_probability: null, expected_duration_ms: null, enough_evidence: false, evidence_count: 2 });
    const earlyText = await safla(folder(), 'neural', 'patterns', 'predict', '--operation', deploy('shipping', true));
    expect(earlyText.stdout).toMatch(/Success probability: not given \(2 similar recorded outcomes, 3 needed\)/);
    for (const [name, parallel, ok, ms] of [['accounts', true, true, 1700], ['search', true, true, 1900], ['user', true, true, 1800], ['payments', false, false, 5200], ['catalogue', false, false, 6100], ['inventory', false, true, 3900]] as const) {
      await json('learn', '--operation', deploy(name, parallel), '--outcome', JSON.stringify({ success: ok, duration: ms }));
    }
    const p = await json('predict', '--operation', deploy('shipping', true));
    expect(p.evidence_count).toBe(8);
    expect(p.success_probability).toBeGreaterThan(0.5);
    expect(p.success_probability).toBeLessThan(0.7);
    expect(p.recommendations).toContain('Keep parallel_tests = true: 4 of 5 similar api deployment operations with parallel_tests = true succeeded, against 1 of 3 without.');
    const text = await safla(folder(), 'neural', 'patterns', 'predict', '--operation', deploy('shipping', true));
    expect(text.stdout).toMatch(/Success probability: \d+\.\d% from 8 similar recorded outcomes/);
    expect(text.stdout).toMatch(/Expected duration: \d\.\d s \(.+, 8 recorded\)/);
    expect(text.stdout).toMatch(/ - 5 of 8 similar api deployment operations succeeded\./);
    const db = NodeDb.open(join(folder(), '.safla', 'memory.db'));
    try {
      expect(db.get('SELECT COUNT(*) AS n FROM pattern_memory')).toEqual({ n: 8 });
      expect(db.get("SELECT COUNT(*) AS n FROM memory_entries WHERE namespace = 'patterns'")).toEqual({ n: 8 });
      expect(db.get("SELECT COUNT(*) AS n FROM episodic_memory WHERE event_type = 'neural_patterns.learn'")).toEqual({ n: 8 });
      // One classifier version: learning outcomes never retrains it.
      expect(db.get('SELECT COUNT(*) AS n FROM pattern_classifiers')).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  }, 120_000);

  it('correct stores a label that the next training uses; classifier prints the measured figures', async () => {
    const before = await json('classifier');
    expect(before.held_out.accuracy).toBeGreaterThan(0.7);
    expect(before.held_out.accuracy).toBeGreaterThan(before.baselines.keywords.accuracy);
    expect(before.held_out.confusion).toHaveLength(6);
    const c = await json('correct', '--operation', 'Tidy the garden shed', '--pattern', 'lateral');
    expect(c).toMatchObject({ action: 'correct', pattern: 'lateral', corrections: 1, updated_record: false });
    const after = await json('classifier');
    expect(after.version).not.toBe(before.version);
    expect(after.trained_on.corrections).toBe(1);
    const text = await safla(folder(), 'neural', 'patterns', 'classifier');
    expect(text.stdout).toMatch(/Held-out accuracy: \d+\.\d% on \d+ operations; mean confidence/);
    expect(text.stdout).toMatch(/Baselines on the same operations: majority class \(\w+\) \d+\.\d%, keyword rules \d+\.\d%/);
    expect(text.stdout).toMatch(/Confusion matrix \(rows: true pattern, columns: predicted\):/);
  });

  it('names the flag of every mistake and stores nothing', async () => {
    const cases: [string[], number, RegExp][] = [
      [['analyze'], 2, /--operation is required/],
      [['guess', '--operation', 'x'], 2, /unknown action 'neural patterns guess': use analyze, learn, predict, correct, classifier/],
      [[], 2, /safla neural patterns needs an action/],
      [['learn', '--operation', '{"type": '], 1, /--operation: operation is not valid JSON/],
      [['learn', '--operation', '{"description": "x", "complexity": "extreme"}'], 1, /--operation: operation\.complexity must be low, medium or high/],
      [['learn', '--operation', '{"description": "x", "agents": ["a", 3]}'], 1, /--operation: operation\.agents\[1\] must be a non-empty agent name/],
      [['learn', '--operation', 'x', '--outcome', '{"success": "yes"}'], 1, /--outcome: outcome\.success must be true or false/],
      [['learn', '--operation', 'x', '--outcome', '{oops'], 1, /--outcome: outcome is not valid JSON/],
      [['learn', '--operation', 'x', '--metadata', '[1]'], 1, /--metadata: metadata must be a JSON object/],
      [['learn', '--operation', 'x', '--metadata', '{"pattern": "sideways"}'], 1, /--metadata: metadata\.pattern must be one of convergent/],
      [['analyze', '--operation', 'x', '--outcome', '{}'], 2, /--outcome is only for learn/],
      [['correct', '--operation', 'x'], 2, /--pattern is required/],
      [['correct', '--operation', 'x', '--pattern', 'sideways'], 1, /--pattern: pattern must be one of/],
      [['correct', '--operation', 'x', '--pattern', 'lateral', '--id', 'seven'], 2, /--id must be the number of a learned operation/],
      [['correct', '--operation', 'x', '--pattern', 'lateral', '--id', '999'], 1, /--id: id names no learned operation \(999\)/],
      [['analyze', 'extra', '--operation', 'x'], 2, /unexpected arguments: extra/],
    ];
    const state = join(folder(), 'errors-state');
    for (const [args, code, message] of cases) {
      const r = await safla(folder(), 'neural', 'patterns', ...args, '--state', state);
      expect(r.code, args.join(' ')).toBe(code);
      expect(isCleanError(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    const db = NodeDb.open(join(state, 'memory.db'));
    try {
      for (const t of ['pattern_memory', 'pattern_labels', 'memory_entries', 'episodic_memory']) expect(db.get(`SELECT COUNT(*) AS n FROM ${t}`), t).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 120_000);
}
