// For the bin tests: builds the CLI bundle, runs `node bin/safla.mjs` in child processes (exit code, stdout, stderr, with a timeout) and writes fixtures.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { irisRecords } from '../core/datasets/iris.fixture';

export const BIN = resolve('bin/safla.mjs');

export interface BinResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  /** Added to a copy of this process's environment (SAFLA_STATE is removed unless given here). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Runs a command and resolves with its exit code and output whatever the code; rejects only when it could not run or timed out. */
export function spawnCollect(cmd: string, args: string[], opts: RunOptions): Promise<BinResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  if (!opts.env?.SAFLA_STATE) delete env.SAFLA_STATE;
  return new Promise((done, fail) => {
    execFile(cmd, args, { cwd: opts.cwd, env, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && (err.killed || typeof err.code !== 'number')) {
        fail(new Error(`${cmd} ${args.join(' ')} did not finish (${err.signal ?? err.code ?? err.message})\nstdout: ${stdout}\nstderr: ${stderr}`));
        return;
      }
      done({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}

/** The shipped command: `node bin/safla.mjs …` run in cwd. */
export function safla(cwd: string, ...args: string[]): Promise<BinResult> {
  return spawnCollect(process.execPath, [BIN, ...args], { cwd });
}

/** As safla, with variables added to the environment (SAFLA_STATE). */
export function saflaWithEnv(cwd: string, env: Record<string, string>, ...args: string[]): Promise<BinResult> {
  return spawnCollect(process.execPath, [BIN, ...args], { cwd, env });
}

/** A command interrupted part-way: its exit code (null when a signal ended it) and everything it printed. */
export interface InterruptedResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `safla …args` in cwd (SAFLA_STATE unset), sends it SIGINT as soon as `ready.stream` has printed a line matching
 * `ready.pattern`, and resolves once it has exited. A process that ends before printing
 * the line is not interrupted: its exit code and output come back as they are, for the caller's expectations to name.
 */
export async function interruptWhen(cwd: string, args: string[], ready: { stream: 'stdout' | 'stderr'; pattern: RegExp }): Promise<InterruptedResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.SAFLA_STATE;
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  let matched!: () => void;
  const seen = new Promise<void>((done) => { matched = done; });
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].on('data', (b: Buffer) => {
      out[stream] += b.toString('utf8');
      if (stream === ready.stream && ready.pattern.test(out[stream])) matched();
    });
  }
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  const first = await Promise.race([seen.then(() => 'seen' as const), exited.then(() => 'exited' as const)]);
  if (first === 'seen') child.kill('SIGINT');
  const code = await exited;
  return { code, ...out };
}

/** Rebuilds dist-cli/ from the current sources (never a stale bundle). */
export async function buildCli(): Promise<void> {
  const r = await spawnCollect('npx', ['vite', 'build', '--config', 'cli/vite.config.ts'], { cwd: resolve('.'), timeoutMs: 180_000 });
  if (r.code !== 0) throw new Error(`the CLI build failed:\n${r.stdout}\n${r.stderr}`);
}

/** The iris model config the tests train (a stratified 70/30 split with seed 42). */
export const IRIS_CONFIG = {
  modelId: 'iris-mlp',
  type: 'classifier',
  architecture: { type: 'feedforward', layers: [{ type: 'input' }, { type: 'hidden', size: 16, activation: 'relu' }, { type: 'output', activation: 'softmax' }] },
  training: { target: 'species', learning_rate: 0.01, batch_size: 16, epochs: 150, optimizer: 'adam', validation_split: 0.3, seed: 42 },
};

/** A temp folder holding iris.json, iris-mlp.json (IRIS_CONFIG) and flower.json (one virginica-like record). */
export async function irisFolder(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await writeFile(join(dir, 'iris.json'), JSON.stringify({ trainingData: irisRecords() }));
  await writeFile(join(dir, 'iris-mlp.json'), JSON.stringify(IRIS_CONFIG));
  await writeFile(join(dir, 'flower.json'), JSON.stringify({ sepal_length: 6.9, sepal_width: 3.1, petal_length: 5.4, petal_width: 2.1 }));
  return dir;
}

/** A user's mistake is reported in one or a few lines: no stack frames, no 'unexpected error'. */
export function isCleanError(stderr: string): boolean {
  return stderr.startsWith('safla: ') && !/\n\s+at /.test(stderr) && !/unexpected error/.test(stderr);
}
