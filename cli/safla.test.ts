// main() in-process, for what the built bin cannot show (bin.test.ts covers every command): where the state folder is looked for, and that a real bug keeps its stack while a user's mistake does not.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processIo, type CliIo } from './io';
import { main } from './safla';
import { stateDir } from './state';

let dir: string;

function capture(over: Partial<CliIo> = {}): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { ...processIo, cwd: () => dir, env: {}, ...over, out: (t) => stdout.push(t), err: (t) => stderr.push(t), stdout, stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safla-cli-'));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('stateDir', () => {
  it('takes --state, else SAFLA_STATE, else .safla in the current folder; relative to the current folder', () => {
    expect(stateDir(capture(), undefined)).toBe(join(dir, '.safla'));
    expect(stateDir(capture({ env: { SAFLA_STATE: 'env-state' } }), undefined)).toBe(join(dir, 'env-state'));
    expect(stateDir(capture({ env: { SAFLA_STATE: '/abs/state' } }), 'flag-state')).toBe(join(dir, 'flag-state'));
    expect(stateDir(capture({ env: { SAFLA_STATE: '' } }), '')).toBe(join(dir, '.safla'));
  });
});

describe('main', () => {
  it('reports a bug (an error no input explains) as unexpected, with its stack', async () => {
    const io = capture({ cwd: () => { throw new TypeError('cannot read properties of undefined'); } });
    const code = await main(['memory', 'list'], io);
    expect(code).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/^safla: unexpected error \(a bug in safla; please report it\): TypeError: cannot read properties of undefined\n\s+at /);
  });

  it('reports a user mistake in one line, without a stack', async () => {
    const io = capture();
    expect(await main(['neural', 'train', '--pattern', 'bogus', '--data', 'none.json'], io)).toBe(1);
    expect(io.stderr).toEqual(['safla: pattern_type must be one of coordination, optimization, prediction (got "bogus")']);
  });
});
