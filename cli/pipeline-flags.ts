// Flags of the training-pipeline commands checked before anything runs or is stored, and the pipeline core's input errors turned into one-line CLI errors that name the flag.
import { randomBytes } from 'node:crypto';
import { PipelineInputError } from '../core/pipeline/errors';
import { isComplexity } from '../core/pipeline/generate';
import { parseWeights, resolveWeights, type PresetName, type Weights, PRESETS } from '../core/pipeline/selection';
import { isStrategy, STRATEGIES, type Strategy } from '../core/pipeline/strategies/index';
import { MAX_ITERATIONS, MAX_SEED, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from '../core/pipeline/run';
import { COMPLEXITIES, type Complexity } from '../core/pipeline/task';
import { CliError } from './io';
import type { Flags } from './neural';

const str = (flags: Flags, name: string): string | undefined => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);

/** --complexity; fallback when it is not given (generate takes it from --template), or `or` names what else would do. */
export function complexityFlag(flags: Flags, fallback?: Complexity, or = ''): Complexity {
  const v = str(flags, 'complexity');
  if (v === undefined) {
    if (fallback !== undefined) return fallback;
    throw new CliError(`--complexity <${COMPLEXITIES.join('|')}>${or} is required`, 2);
  }
  if (!isComplexity(v)) throw new CliError(`--complexity must be one of ${COMPLEXITIES.join(', ')} (got ${JSON.stringify(v)})`, 2);
  return v;
}

/** A whole number in [min, max] written in plain digits (no 1e3, no 2.5, no hex). */
function wholeFlag(flags: Flags, name: string, min: number, max: number, what: string): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\s*\d+\s*$/.test(v)) throw new CliError(`--${name} must be ${what} (got ${JSON.stringify(v)})`, 2);
  const n = Number(v);
  if (n < min) throw new CliError(`--${name} must be at least ${min} (got ${v.trim()})`, 2);
  if (n > max) throw new CliError(`--${name} must be at most ${max} (got ${v.trim()})`, 2);
  return n;
}

export function iterationsFlag(flags: Flags): number {
  return wholeFlag(flags, 'iterations', 1, MAX_ITERATIONS, `a whole number from 1 to ${MAX_ITERATIONS}`) ?? 1;
}

export function timeoutFlag(flags: Flags, fallback: number): number {
  return wholeFlag(flags, 'timeout-ms', MIN_TIMEOUT_MS, MAX_TIMEOUT_MS, `a whole number of milliseconds from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS}`) ?? fallback;
}

/** A seed from the OS's generator (product code never uses Math.random): what a run uses when none is given, printed with its result so it can be repeated. */
export function drawSeed(): number {
  return randomBytes(4).readUInt32LE(0);
}

/** --seed, or a drawn one. */
export function seedFlag(flags: Flags): { seed: number; given: boolean } {
  const seed = wholeFlag(flags, 'seed', 0, MAX_SEED, `a whole number from 0 to ${MAX_SEED}`);
  return seed === undefined ? { seed: drawSeed(), given: false } : { seed, given: true };
}

/** --strategy s or s1,s2; all three (in the reference's order) when not given. */
export function strategiesFlag(flags: Flags): Strategy[] {
  const v = flags.strategy;
  if (v === undefined) return [...STRATEGIES];
  const names = typeof v === 'string' ? v.split(',').map((s) => s.trim()) : [];
  const bad = names.find((s) => !isStrategy(s));
  if (names.length === 0 || bad !== undefined) {
    throw new CliError(`--strategy must be one of ${STRATEGIES.join(', ')}, or several joined by commas (got ${JSON.stringify(bad ?? v)})`, 2);
  }
  return [...new Set(names as Strategy[])];
}

/** A single strategy (generate): balanced, the code as the template wrote it, when not given. */
export function strategyFlag(flags: Flags): Strategy {
  const v = flags.strategy;
  if (v === undefined) return 'balanced';
  if (!isStrategy(v)) throw new CliError(`--strategy must be one of ${STRATEGIES.join(', ')} (got ${JSON.stringify(v)})`, 2);
  return v;
}

/** --preset name or --weights reliability,speed,score (not both); the balanced preset when neither is given. */
export function weightsFlags(flags: Flags): { preset: PresetName | 'custom'; weights: Weights } {
  const preset = str(flags, 'preset');
  const weights = flags.weights;
  if (preset !== undefined && weights !== undefined) throw new CliError('--preset and --weights both given: use one (a preset names its weights)', 2);
  if (preset !== undefined && !Object.hasOwn(PRESETS, preset)) {
    throw new CliError(`--preset must be one of ${Object.keys(PRESETS).join(', ')} (got ${JSON.stringify(preset)})`, 2);
  }
  if (weights === undefined) return resolveWeights(preset);
  const parts = typeof weights === 'string' ? weights.split(',').map((s) => s.trim()) : [];
  const numbers = parts.map((p) => (/^\d+(\.\d+)?$|^\.\d+$/.test(p) ? Number(p) : Number.NaN));
  if (parts.length !== 3 || numbers.some((n) => !Number.isFinite(n))) {
    throw new CliError(`--weights must be three numbers ≥ 0, reliability,speed,score, such as 0.5,0.3,0.2 (got ${JSON.stringify(weights)})`, 2);
  }
  try {
    return { preset: 'custom', weights: parseWeights({ reliability: numbers[0], speed: numbers[1], score: numbers[2] }) };
  } catch (e) {
    if (e instanceof PipelineInputError) throw new CliError(`--weights ${e.problem} (got ${JSON.stringify(weights)})`, 2);
    throw e;
  }
}

/** Which flag (or argument) each field of the pipeline core's errors comes from on the command line. */
const FLAG_OF: Record<string, string> = {
  complexity: '--complexity', template: '--template', seed: '--seed', strategies: '--strategy', timeout_ms: '--timeout-ms',
  preset: '--preset', weights: '--weights', task: 'the task', 'endpoint.baseUrl': '--endpoint', 'endpoint.model': '--model',
  'endpoint.apiKey': 'SAFLA_API_KEY',
};

/** The core's input error as a usage error naming the flag; other errors pass through unchanged. */
export function asFlagError(e: unknown): unknown {
  if (!(e instanceof PipelineInputError)) return e;
  const flag = FLAG_OF[e.field];
  return new CliError(flag === undefined ? e.message : `${flag} ${e.problem}`, 2);
}
