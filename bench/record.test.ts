// The bench's recorder: what it writes for a suite, and that a suite with no matching case keeps its last results.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { rowsTable, startSuite, within } from './record.mjs';

let dir: string;
const host = { node: 'v20.0.0', platform: 'linux-x64', cpus: 2 };
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-record-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A load average that reads `loads` in turn (the last one repeated). */
const loadsOf = (loads: number[][]) => {
  let i = 0;
  return () => loads[Math.min(i++, loads.length - 1)];
};

it('writes the rows and a meta with the suite fields, the load at start and end, the options and the notes', async () => {
  const lines: string[] = [];
  const rec = startSuite('kernel', { resultsDir: dir, host, quick: true, filter: 'sgemm', wallStarted: Date.now(), load: loadsOf([[3.456, 2, 1], [1.5, 1.9, 1.1]]), log: (l) => lines.push(l) });
  rec.note('tfjs fetched no wasm');
  const rows = [{ name: 'sgemm_64', unit: 'GFLOP/s', ours: 30, peer: 10, peer_name: 'tfjs-wasm', ratio: 3 }];
  expect(await rec.finish(rows, { chromium: '156' })).toBe(true);
  expect(JSON.parse(await readFile(join(dir, 'kernel.json'), 'utf8'))).toEqual(rows);
  const meta = JSON.parse(await readFile(join(dir, 'kernel.meta.json'), 'utf8'));
  expect(meta).toMatchObject({
    chromium: '156',
    loadAverage: { start: [3.46, 2, 1], end: [1.5, 1.9, 1.1], every5s: [], cores: 2 },
    quick: true,
    filter: 'sgemm',
    host,
  });
  // The busy machine (load 3.46 on 2 cores) is a note before the suite's own.
  expect(meta.notes).toEqual(['load average 3.46 / 2.00 / 1.00 on 2 cores at the start: the machine is busy, timings are noisy', 'tfjs fetched no wasm']);
  expect(Number.isNaN(Date.parse(meta.date))).toBe(false);
  expect(lines.at(-1)).toBe('bench: wrote bench/results/kernel.json and kernel.meta.json (0 s; load 3.46 → 1.50 on 2 cores)');
});

it('leaves the last results alone when no case matched', async () => {
  await writeFile(join(dir, 'models.json'), 'old rows\n');
  await writeFile(join(dir, 'models.meta.json'), 'old meta\n');
  const lines: string[] = [];
  const rec = startSuite('models', { resultsDir: dir, host, quick: false, wallStarted: Date.now(), load: () => [0.5, 0.5, 0.5], log: (l) => lines.push(l) });
  expect(await rec.finish([], { chromium: '156' })).toBe(false);
  expect(await readFile(join(dir, 'models.json'), 'utf8')).toBe('old rows\n');
  expect(await readFile(join(dir, 'models.meta.json'), 'utf8')).toBe('old meta\n');
  expect(lines).toEqual(['bench: no models case matched; bench/results/models.json left as it was']);
});

it('prints the common columns with numbers right-aligned and a missing ratio as a dash', () => {
  expect(rowsTable([
    { name: 'a', unit: 'ms', ours: 1234.5, peer: 0.5, peer_name: 'p', ratio: 2.5 },
    { name: 'bb', unit: 'ops/s', ours: 3, peer: null, peer_name: 'none', ratio: null },
  ])).toBe([
    'name | unit  |  ours | peer | peer_name | ratio',
    '-----|-------|-------|------|-----------|------',
    'a    | ms    | 1,235 |  0.5 | p         |  2.5×',
    'bb   | ops/s |     3 |    — | none      |     —',
  ].join('\n'));
});

it('within: the promise when it settles in time, else a rejection with the message', async () => {
  await expect(within(1000, 'late', Promise.resolve(7))).resolves.toBe(7);
  await expect(within(10, 'the suite did not finish', new Promise(() => {}))).rejects.toThrow('the suite did not finish');
});
