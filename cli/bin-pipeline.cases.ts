// Bin test cases for the training pipeline commands: run (real npm test and npm run lint on the node runner, from a folder outside the repo), status in another process, generate + npm test there, train-and-stream's plan and its executor against a local server, Ctrl-C, and refused inputs.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, readlink, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { nonFinite } from '../core/pipeline/test-support';
import { BIN, isCleanError, safla, saflaWithEnv, spawnCollect } from './bin-support';

/** Every strategy result's runner label, as the node runner writes it. */
const NODE_LABEL = { runner: 'node', engine: `node ${process.version}`, version: expect.stringMatching(/^npm \d+\.\d+\.\d+$/) };

/** Processes whose working folder is under root (npm, node --test and its children run in the task folder). */
async function processesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '');
    if (cwd.startsWith(root)) out.push(pid);
  }
  return out;
}

/** --json output parsed, after checking stdout is nothing but JSON and carries no non-finite number. */
function parse(stdout: string) {
  const o = JSON.parse(stdout);
  expect(nonFinite(o)).toEqual([]);
  return o;
}

export function pipelineCases(): void {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'safla-bin-pipeline-'));
  });
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it('--help lists the training pipeline commands', async () => {
    const r = await safla(dir, '--help');
    expect(r.code).toBe(0);
    for (const c of ['train-pipeline run', 'train-pipeline status', 'train-pipeline generate', 'train-and-stream "<task>"']) expect(r.stdout).toContain(`safla ${c}`);
  });

  it('run --complexity easy --iterations 1 --json: three strategies through real npm test and npm run lint, each labelled with its runner, no Infinity or NaN', async () => {
    const r = await safla(dir, 'train-pipeline', 'run', '--complexity', 'easy', '--iterations', '1', '--seed', '2024', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/Infinity|NaN/);
    const o = parse(r.stdout);
    expect(o).toMatchObject({ action: 'run', complexity: 'easy', seed: 2024, iterations_requested: 1, cancelled: false, state: join(dir, '.safla') });
    expect(o.iterations).toHaveLength(1);
    const runs = o.iterations[0].runs;
    expect(runs.map((x: { strategy: string }) => x.strategy)).toEqual(['conservative', 'balanced', 'aggressive']);
    for (const run of runs) {
      expect(run.result.label).toEqual(NODE_LABEL);
      expect(run.score.scored).toBe(true);
      expect(run.result.test.tests.length).toBeGreaterThanOrEqual(5);
    }
    // ESLint ran (resolved by the built bundle from its own folder while the command ran in a folder outside the repo).
    expect(dir.startsWith(resolve('.'))).toBe(false);
    expect(runs[0].result.lint).toMatchObject({ status: 'pass', messages: [] });
    expect(runs[0].result.test.status).toBe('pass');
    expect(runs[2].result.test.status).toBe('fail');
    expect(o.runners).toEqual([NODE_LABEL]);
    expect(o.profiles.map((p: { strategy: string; uses: number }) => [p.strategy, p.uses])).toEqual([['conservative', 1], ['balanced', 1], ['aggressive', 1]]);
    expect(o.selection).toMatchObject({ preset: 'balanced', weights: { reliability: 0.4, speed: 0.3, score: 0.3 }, strategy: expect.stringMatching(/^(conservative|balanced|aggressive)$/) });
    expect(Array.isArray(o.recommendations)).toBe(true);
    // Progress went to stderr, one line per task and per strategy.
    expect(r.stderr).toMatch(/^\[1\/1\] easy: .+$/m);
    for (const s of ['conservative', 'balanced', 'aggressive']) expect(r.stderr).toMatch(new RegExp(`^  ${s}: tests (pass|fail) \\(\\d+/\\d+ passed\\), lint .* on node \\(node v`, 'm'));
    expect(existsSync(join(dir, '.safla', 'memory.db'))).toBe(true);
  }, 120_000);

  it('status in another process shows what run learned: runs with their runner labels, profiles, improvement rates, totals', async () => {
    const r = await safla(dir, 'train-pipeline', 'status', '--json');
    expect(r.code, r.stderr).toBe(0);
    const o = parse(r.stdout);
    expect(o).toMatchObject({ action: 'status', exists: true, totals: { runs: 3, scored_runs: 3, iterations: 1 } });
    expect(o.totals.by_runner).toEqual([{ label: NODE_LABEL, runs: 3 }]);
    expect(o.recent_runs.map((x: { strategy: string }) => x.strategy)).toEqual(['aggressive', 'balanced', 'conservative']);
    for (const run of o.recent_runs) expect(run.label).toEqual(NODE_LABEL);
    expect(o.profiles.map((p: { uses: number }) => p.uses)).toEqual([1, 1, 1]);
    expect(o.improvement.map((x: { text: string }) => x.text)).toEqual(Array(3).fill('not enough data (1 of 6 points)'));
    const text = await safla(dir, 'train-pipeline', 'status');
    expect(text.stdout).toMatch(/3 runs \(3 scored\) in 1 iteration/);
    expect(text.stdout).toMatch(/Runners: node \(node v\d+\.\d+\.\d+, npm \d+\.\d+\.\d+\) × 3/);
    expect(text.stdout).toMatch(/improvement not enough data \(1 of 6 points\)/);
    expect(text.stdout).not.toMatch(/Infinity|NaN/);
    // The log, as JSON lines: the iteration's start, one line per strategy run with its runner label, its end.
    const log = await safla(dir, 'train-pipeline', 'log');
    expect(log.code, log.stderr).toBe(0);
    const entries = log.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(entries.map((e: { event: string }) => e.event)).toEqual(['iteration-start', 'strategy-run', 'strategy-run', 'strategy-run', 'iteration-done']);
    for (const e of entries.filter((x: { event: string }) => x.event === 'strategy-run')) expect(e.data.label).toEqual(NODE_LABEL);
  });

  it('run --validate compares the profiles before and after, against the learned baselines', async () => {
    const r = await safla(dir, 'train-pipeline', 'run', '--complexity', 'medium', '--seed', '7', '--strategy', 'conservative', '--validate', '--json');
    expect(r.code, r.stderr).toBe(0);
    const o = parse(r.stdout);
    expect(o.iterations[0].runs.map((x: { strategy: string }) => x.strategy)).toEqual(['conservative']);
    expect(o.validation.strategies).toHaveLength(1);
    expect(o.validation.strategies[0]).toMatchObject({ strategy: 'conservative', baseline: 'learned' });
    expect(o.validation.overall.baseline).toBe('learned');
    const v = o.validation.overall.validation;
    expect([...v.improved, ...v.declined, ...v.unchanged].map((m: { metric: string }) => m.metric).toSorted()).toEqual(['executionTime', 'score', 'successRate']);
    const text = await safla(dir, 'train-pipeline', 'run', '--complexity', 'hard', '--seed', '8', '--strategy', 'balanced,aggressive', '--validate');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Validation \(profiles before → after this run; ±5% rule/m);
    expect(text.stdout).toMatch(/^ {2}balanced \(baseline: learned\):$/m);
    expect(text.stdout).toMatch(/^ {4}overall: (improved|not improved) \(\d improved, \d declined\)$/m);
    expect(text.stdout).not.toMatch(/Infinity|NaN/);
    const status = parse((await safla(dir, 'train-pipeline', 'status', '--json')).stdout);
    expect(status.profiles.map((p: { uses: number }) => p.uses)).toEqual([2, 2, 2]);
    expect(status.totals.runs).toBe(6);
  }, 120_000);

  it('generate writes a task folder where real npm test passes and npm run lint runs offline; a non-empty folder needs --force', async () => {
    const work = join(dir, 'gen');
    await mkdir(work);
    const r = await safla(work, 'train-pipeline', 'generate', '--complexity', 'medium', '--seed', '5', '--out', 'task', '--json');
    expect(r.code, r.stderr).toBe(0);
    const o = parse(r.stdout);
    const task = join(work, 'task');
    expect(o).toMatchObject({ action: 'generate', dir: task, strategy: 'balanced', changes: [], commands: { test: 'npm test', lint: 'npm run lint' } });
    expect(o.files).toEqual(expect.arrayContaining(['package.json', 'eslint.config.js', 'README.md', 'node_modules/.bin/eslint']));
    // The ESLint it points at is the one installed beside the built bundle, found from dist-cli/ whatever the current folder.
    expect(o.eslint).toBe(resolve('node_modules/eslint/bin/eslint.js'));
    expect(await readFile(join(task, 'node_modules/.bin/eslint'), 'utf8')).toContain(o.eslint);
    const bundle = await readFile('dist-cli/safla.mjs', 'utf8');
    expect(bundle).toMatch(/createRequire\(import\.meta\.url\)/);
    expect(bundle).not.toContain(resolve('node_modules'));
    expect(await readFile(join(task, 'README.md'), 'utf8')).toMatch(/npm run lint[\s\S]*npx eslint@10 \./);
    const offline = { npm_config_offline: 'true', npm_config_update_notifier: 'false' };
    const test = await spawnCollect('npm', ['test'], { cwd: task, env: offline });
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/^# fail 0$/m);
    const lint = await spawnCollect('npm', ['run', 'lint'], { cwd: task, env: offline });
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);

    const again = await safla(work, 'train-pipeline', 'generate', '--complexity', 'medium', '--seed', '6', '--out', 'task');
    expect(again.code).toBe(2);
    expect(isCleanError(again.stderr)).toBe(true);
    expect(again.stderr).toMatch(/--out task is not empty .*--force/);
    const forced = await safla(work, 'train-pipeline', 'generate', '--complexity', 'medium', '--seed', '5', '--out', 'task', '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/npm run lint/);

    // The aggressive transform's version fails its edge-case tests, run the same way.
    const aggressive = await safla(work, 'train-pipeline', 'generate', '--template', 'email-validator', '--seed', '1', '--strategy', 'aggressive', '--out', 'aggr', '--json');
    expect(aggressive.code, aggressive.stderr).toBe(0);
    expect(parse(aggressive.stdout).changes.length).toBeGreaterThan(0);
    const failing = await spawnCollect('npm', ['test'], { cwd: join(work, 'aggr'), env: offline });
    expect(failing.code).not.toBe(0);
    expect(failing.stdout).toMatch(/^# fail [1-9]/m);
  }, 120_000);

  it('train-and-stream selects from the stored profiles and prints the plan, saying that no step was executed', async () => {
    const r = await safla(dir, 'train-and-stream', 'build a rate limiter with tests', '--preset', 'production', '--json');
    expect(r.code, r.stderr).toBe(0);
    const o = parse(r.stdout);
    expect(o).toMatchObject({ action: 'train-and-stream', task: 'build a rate limiter with tests', preset: 'production', trained: true, executed: false, executor: null });
    expect(o.weights).toEqual({ reliability: 0.7, speed: 0.1, score: 0.2 });
    expect(o.strategy).toBe(o.selection.ranking[0].strategy);
    expect(o.steps.length).toBeGreaterThanOrEqual(2);
    for (const s of o.steps) expect(s.status).toBe('not-executed');
    expect(o.note).toMatch(/no step was executed/);
    const text = await safla(dir, 'train-and-stream', 'build a rate limiter with tests', '--weights', '0.2,0.6,0.2');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Selected strategy: \w+ \(custom weights: reliability 0\.2, speed 0\.6, score 0\.2\)/m);
    expect(text.stdout).toMatch(/^Plan \(\w+, \d steps\):$/m);
    expect(text.stdout).toMatch(/No step executor is configured, so no step was executed/);
    // In a folder with no runs, the choice is said to rest on starting values.
    const fresh = join(dir, 'fresh');
    await mkdir(fresh);
    const untrained = await safla(fresh, 'train-and-stream', 'build a queue');
    expect(untrained.stdout).toMatch(/No strategy has run yet/);
    const empty = await safla(fresh, 'train-pipeline', 'status');
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/^Training pipeline: no runs yet in .*fresh\/\.safla\.$/m);
    expect(existsSync(join(fresh, '.safla'))).toBe(false);
  });

  it('train-and-stream --endpoint --model executes each step on the OpenAI-compatible endpoint given (a local test server)', async () => {
    const requests: { url: string; auth: string | undefined; body: { model: string; messages: { role: string; content: string }[] } }[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      req.on('end', () => {
        requests.push({ url: `${req.method} ${req.url}`, auth: req.headers.authorization, body: JSON.parse(body) });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ model: 'local-test-model', choices: [{ message: { role: 'assistant', content: `output of step ${requests.length}` } }] }));
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as AddressInfo).port;
    try {
      const r = await saflaWithEnv(dir, { SAFLA_API_KEY: 'test-key' }, 'train-and-stream', 'build a parser', '--endpoint', `http://127.0.0.1:${port}/v1`, '--model', 'test-model', '--json');
      expect(r.code, r.stderr).toBe(0);
      const o = parse(r.stdout);
      expect(o).toMatchObject({ executed: true, executor: `openai-compatible http://127.0.0.1:${port}/v1 (test-model)` });
      expect(o.steps.map((s: { status: string }) => s.status)).toEqual(Array(o.steps.length).fill('done'));
      expect(o.steps.map((s: { output: string }) => s.output)).toEqual(o.steps.map((_: unknown, i: number) => `output of step ${i + 1}`));
      expect(requests).toHaveLength(o.steps.length);
      for (const q of requests) {
        expect(q.url).toBe('POST /v1/chat/completions');
        expect(q.auth).toBe('Bearer test-key');
        expect(q.body.model).toBe('test-model');
      }
      // Each step sees the outputs before it.
      expect(requests[1].body.messages[1].content).toContain('output of step 1');
      expect(r.stderr).toMatch(/^step 1 \(.+\): done in \d+ ms$/m);
    } finally {
      await new Promise((done) => server.close(done));
    }
    // The same endpoint with nothing listening: the first step fails with the reason, the rest are not executed, exit 1.
    const down = await safla(dir, 'train-and-stream', 'build a parser', '--endpoint', `http://127.0.0.1:${port}/v1`, '--model', 'test-model');
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^safla: step 1 \(.+\) failed: cannot reach http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions: /m);
    expect(down.stdout).toMatch(/0 of \d steps .* were executed .*; the rest were not/);
  });

  it('Ctrl-C stops the running task\'s processes, stores nothing half-done, keeps the completed runs and exits 130', async () => {
    const work = join(dir, 'sigint');
    const tmp = join(work, 'tmp');
    await mkdir(tmp, { recursive: true });
    const child = spawn(process.execPath, [BIN, 'train-pipeline', 'run', '--complexity', 'hard', '--iterations', '5', '--seed', '3', '--json'], {
      cwd: work, env: { ...process.env, SAFLA_STATE: '', TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString('utf8'); });
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    // Interrupt while the second strategy's npm test is running: one run is complete by then, one is not.
    await new Promise<void>((done) => {
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString('utf8');
        if (/balanced: running npm test/.test(stderr)) done();
      });
    });
    let started = false;
    for (let i = 0; i < 200 && !started; i++) {
      started = (await readdir(tmp)).some((f) => f.startsWith('safla-task-'));
      if (!started) await new Promise((done) => setTimeout(done, 10));
    }
    child.kill('SIGINT');
    const code = await exited;
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/^safla: cancelled by SIGINT: \d+ completed strategy runs? (was|were) kept in .*; the interrupted run was not stored$/m);
    expect(isCleanError(stderr.slice(stderr.indexOf('safla: ')))).toBe(true);
    const o = parse(stdout);
    expect(o.cancelled).toBe(true);
    const kept = o.iterations.reduce((s: number, x: { runs: unknown[] }) => s + x.runs.length, 0);
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThan(15);
    // The runner's temporary folders are gone and no process it started is left running.
    expect(await readdir(tmp)).toEqual([]);
    expect(await processesUnder(tmp)).toEqual([]);
    // What is stored is exactly the completed runs, each whole; the profiles learned from them alone.
    const status = parse((await safla(work, 'train-pipeline', 'status', '--json')).stdout);
    expect(status.totals.runs).toBe(kept);
    expect(status.totals.scored_runs).toBe(kept);
    for (const run of status.recent_runs) {
      expect(['pass', 'fail']).toContain(run.test.status);
      expect(run.test.reason ?? '').not.toMatch(/cancel/);
    }
    expect(status.profiles.reduce((s: number, p: { uses: number }) => s + p.uses, 0)).toBe(kept);
  }, 120_000);

  it('refuses bad inputs with one line naming the flag, exit 2, and stores nothing', async () => {
    const work = join(dir, 'errors');
    await mkdir(work);
    const run = ['train-pipeline', 'run'];
    const cases: [string[], RegExp][] = [
      [[...run, '--complexity', 'bogus'], /--complexity must be one of easy, medium, hard \(got "bogus"\)/],
      [[...run, '--iterations', '1'], /--complexity <easy\|medium\|hard> is required/],
      [[...run, '--complexity', 'easy', '--iterations', '0'], /--iterations must be at least 1 \(got 0\)/],
      [[...run, '--complexity', 'easy', '--iterations', '100000'], /--iterations must be at most 100 \(got 100000\)/],
      [[...run, '--complexity', 'easy', '--iterations', '1e3'], /--iterations must be a whole number from 1 to 100 \(got "1e3"\)/],
      [[...run, '--complexity', 'easy', '--strategy', 'bogus'], /--strategy must be one of conservative, balanced, aggressive.* \(got "bogus"\)/],
      [[...run, '--complexity', 'easy', '--timeout-ms', '5'], /--timeout-ms must be at least 100 \(got 5\)/],
      [[...run, '--complexity', 'easy', '--seed', '4294967296'], /--seed must be at most 4294967295/],
      [[...run, '--complexity', 'easy', '--weights', '1,2'], /--weights must be three numbers/],
      [['train-pipeline', 'generate'], /--complexity <easy\|medium\|hard> \(or --template name\) is required/],
      [['train-pipeline', 'generate', '--template', 'nope'], /--template must be one of email-validator, .* \(got "nope"\)/],
      [['train-pipeline', 'generate', '--complexity', 'easy', '--template', 'dijkstra'], /--template dijkstra is a hard template, not easy/],
      [['train-pipeline', 'generate', '--complexity', 'easy', '--strategy', 'fast'], /--strategy must be one of conservative, balanced, aggressive \(got "fast"\)/],
      [['train-pipeline', 'bogus'], /unknown command 'train-pipeline bogus'/],
      [['train-pipeline', 'toString'], /unknown command 'train-pipeline toString'/],
      [['train-pipeline', 'status', 'extra'], /unexpected arguments: extra/],
      [['train-and-stream'], /give the task to plan, in quotes/],
      [['train-and-stream', '   '], /the task is empty/],
      [['train-and-stream', 'x', '--preset', 'fast'], /--preset must be one of balanced, production, prototyping \(got "fast"\)/],
      [['train-and-stream', 'x', '--weights', '0,0,0'], /--weights are all 0/],
      [['train-and-stream', 'x', '--weights', '1,-2,3'], /--weights must be three numbers ≥ 0/],
      [['train-and-stream', 'x', '--weights', '1,1,1', '--preset', 'production'], /--preset and --weights both given/],
      [['train-and-stream', 'x', '--endpoint', 'ftp://example.org'], /--endpoint needs --model NAME/],
      [['train-and-stream', 'x', '--endpoint', 'ftp://example.org', '--model', 'm'], /--endpoint must be an http:\/\/ or https:\/\/ URL/],
      [['train-and-stream', 'x', '--model', 'm'], /--model needs --endpoint URL/],
    ];
    for (const [args, message] of cases) {
      const r = await safla(work, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(isCleanError(r.stderr), `${args.join(' ')}: ${r.stderr}`).toBe(true);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout, args.join(' ')).toBe('');
    }
    expect(await readdir(work)).toEqual([]);
    // A file where the task folder should go is refused too.
    await rm(work, { recursive: true });
    await mkdir(work);
    await spawnCollect('touch', ['a-file'], { cwd: work });
    const onFile = await safla(work, 'train-pipeline', 'generate', '--complexity', 'easy', '--out', 'a-file');
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toMatch(/--out a-file is a file: give a folder/);
    expect((await stat(join(work, 'a-file'))).size).toBe(0);
  }, 120_000);
}
