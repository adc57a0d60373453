// Bin test cases for `safla memory …` (memory_usage on the state folder) and for several safla processes sharing one state folder at once.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { MemoryUsageInput } from '../core/memory/memory-usage';
import { createMemory } from '../core/memory/memory';
import { migrate } from '../core/db/migrations';
import { isCleanError, safla } from './bin-support';
import { NodeDb } from './node-db';

export function memoryCases(folder: () => string): void {
  const json = async (...args: string[]) => {
    const r = await safla(folder(), 'memory', ...args, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };

  it('store, retrieve, list, search and delete print memory_usage\'s own result objects, and persist between processes', async () => {
    const stored = await json('store', '--namespace', 'notes', '--key', 'cat', '--value', 'the cat saw the vet', '--ttl', '3600', '--metadata', '{"tag":"pets"}');
    // The same request through core's memory_usage, in this process on a scratch database: the same fields.
    const db = NodeDb.open(':memory:');
    migrate(db);
    const request: MemoryUsageInput = { action: 'store', namespace: 'notes', key: 'cat', value: 'the cat saw the vet', ttl: 3600, metadata: { tag: 'pets' } };
    const direct = createMemory({ db }).memory_usage(request);
    expect(Object.keys(stored).toSorted()).toEqual(Object.keys(direct).toSorted());
    expect(stored).toMatchObject({ action: 'store', stored: true, namespace: 'notes', key: 'cat', size: 19, storage_type: 'sqlite' });
    await json('store', '--namespace', 'notes', '--key', 'dog', '--value', 'the dog ate homework');
    // Another process reads what the first wrote; each retrieve counts an access.
    await json('retrieve', '--namespace', 'notes', '--key', 'cat');
    const got = await json('retrieve', '--namespace', 'notes', '--key', 'cat');
    expect(got).toMatchObject({ action: 'retrieve', found: true, value: 'the cat saw the vet', entry: { metadata: { tag: 'pets' }, ttl: 3600, access_count: 2 } });
    expect(got.entry.expires_at - got.entry.created_at).toBe(3_600_000);
    const list = await json('list', '--namespace', 'notes');
    expect(list.entries.map((e: { key: string }) => e.key)).toEqual(['dog', 'cat']);
    const found = await json('search', '--query', 'vet');
    expect(found).toMatchObject({ action: 'search', namespace: null, query: 'vet', count: 1 });
    expect(await json('delete', '--namespace', 'notes', '--key', 'cat')).toEqual({ action: 'delete', deleted: true, namespace: 'notes', key: 'cat' });
    expect(await json('retrieve', '--namespace', 'notes', '--key', 'cat')).toMatchObject({ found: false, value: null });
    // A ttl beyond the limit (100 years) is refused with the limit named, not stored as an expiry no date can show.
    const far = await safla(folder(), 'memory', 'store', '--namespace', 'far', '--key', 'k', '--value', 'v', '--ttl', '1e300');
    expect(far.code).toBe(1);
    expect(far.stderr).toMatch(/ttl must be at most 3155760000 seconds, 100 years \(got 1e\+300\)/);
    expect(far.stdout).toBe('');
    const text = await safla(folder(), 'memory', 'retrieve', '--namespace', 'notes', '--key', 'dog');
    expect(text.stdout).toMatch(/^the dog ate homework\n\(notes\/dog: read 1 times/);
  });

  it('names the field of a bad request and stores nothing', async () => {
    const cases: [string[], number, RegExp][] = [
      [['store', '--value', 'x'], 1, /memory_usage: key is required/],
      [['store', '--key', 'k', '--value', 'v', '--ttl', 'soon'], 1, /ttl must be a finite number of seconds/],
      [['store', '--key', 'k', '--value', 'v', '--ttl=-5'], 1, /ttl must be positive seconds/],
      [['store', '--key', 'k', '--value', 'v', '--metadata', '[1,'], 2, /--metadata is not valid JSON/],
      [['store', '--key', 'k', '--value', 'v', '--metadata', '[1,2]'], 1, /metadata must be an object/],
      [['search'], 1, /value is required/],
      [['forget', '--key', 'k'], 2, /unknown command 'memory forget'/],
    ];
    for (const [args, code, message] of cases) {
      const r = await safla(folder(), 'memory', ...args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(isCleanError(r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toMatch(message);
    }
    expect((await json('retrieve', '--key', 'k')).found).toBe(false);
  });

  it('several processes writing to one new state folder at once lose nothing', async () => {
    const state = join(folder(), 'shared-state');
    const stores = Array.from({ length: 8 }, (_, i) => safla(folder(), 'memory', 'store', '--key', `k${i}`, '--value', `v${i}`, '--state', state, '--json'));
    const trains = [1, 2].map((i) => safla(folder(), 'neural', 'train', '--model', 'iris-mlp.json', '--data', 'iris.json', '--epochs', '20', '--out', `par-${i}.clf`, '--state', state, '--json'));
    const results = await Promise.all([...stores, ...trains]);
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const listed = JSON.parse((await safla(folder(), 'memory', 'list', '--state', state, '--json')).stdout);
    expect(listed.entries.map((e: { key: string }) => e.key).toSorted()).toEqual(Array.from({ length: 8 }, (_, i) => `k${i}`).toSorted());
    const versions = JSON.parse((await safla(folder(), 'neural', 'versions', '--model', 'iris-mlp', '--state', state, '--json')).stdout);
    expect(versions.map((v: { version: string }) => v.version).toSorted()).toEqual(['1.0.0', '1.1.0']);
    // Each run kept its own per-epoch history under its own version.
    const db = NodeDb.open(join(state, 'memory.db'));
    try {
      expect(db.all('SELECT version, COUNT(*) AS epochs FROM training_history GROUP BY version ORDER BY version')).toEqual([{ version: '1.0.0', epochs: 20 }, { version: '1.1.0', epochs: 20 }]);
    } finally {
      db.close();
    }
  }, 120_000);
}
