// memory_store_ops / memory_retrieve_ops: stores and retrieves per second over a migrated Db (OPFS in the bench page): single
// (one memory_usage call = one transaction) and batched (one memory_store_batch of BATCH entries; BATCH retrieves in one transaction), interleaved, median.
// The memory is built as the engine builds it (openMemory with its access-count timer), so the figures are the product's.
import type { Db } from '../../core/db/db';
import { migrate } from '../../core/db/migrations';
import type { MemoryApi } from '../../core/memory/api';
import type { MemoryUsageResult } from '../../core/memory/memory-usage';
import { median, now, timeCalls, warmUp, type TimingPlan } from '../../workers/compute/bench/timing';
import { ACCESS_FLUSH_MS, openMemory } from '../../workers/engine/memory-host';
import type { MemoryRow } from './types';

/** The reference's advertised memory throughput (its README's claim; it was never measured here and has no browser build). */
export const REFERENCE_CLAIM_OPS_PER_S = 172_000;
export const BATCH = 1000;
/** Stores are also measured in batches this large: the per-commit cost of OPFS amortises with batch size. */
export const LARGE_STORE_BATCH = 10_000;
export const PREFILL = 10_000;
const NAMESPACE = 'bench';

export interface StoreItem {
  key: string;
  value: string;
}

/** The batched store: one memory_store_batch call (one transaction, the same upsert as memory_usage store). */
export function storeBatch(memory: MemoryApi, items: readonly StoreItem[]): void {
  memory.memory_store_batch(items.map((it) => ({ namespace: NAMESPACE, key: it.key, value: it.value })));
}

// A memory value of typical size: a short JSON record (≈ 120 bytes).
const valueOf = (i: number) => JSON.stringify({ task: `task-${i}`, outcome: i % 3 ? 'success' : 'failure', agent: 'coder', ms: (i * 37) % 5000, note: 'bench entry' });

export interface StoreSuiteOptions {
  db: Db;
  plan: TimingPlan;
  /** Where the database lives, for the detail (e.g. 'OPFS (opfs-sahpool)'). */
  storage: string;
  /** PRAGMAs applied to the database before the suite (recorded in the rows). */
  pragmas?: string[];
  filter?: string;
  onProgress?: (label: string) => void;
}

interface Mode {
  label: 'single' | 'batched' | 'batched_large';
  ops: number;
  run: () => void;
  reps: number;
  samples: number[];
}

async function measure(modes: Mode[], plan: TimingPlan): Promise<void> {
  for (const m of modes) m.reps = await warmUp(m, plan);
  for (let r = 0; r < plan.runs; r++) for (const m of modes) m.samples.push(await timeCalls(m, m.reps));
}

const sig = (x: number) => Number(x.toPrecision(4));
const rate = (m: Mode) => m.ops / (median(m.samples) * 1e-3);

function row(name: string, what: string, batchWhat: string, modes: Mode[], plan: TimingPlan, storage: string, extra: Record<string, unknown>): MemoryRow {
  const [single, batched] = modes;
  return {
    name,
    unit: 'ops/s',
    ours: sig(rate(batched)),
    peer: null,
    peer_name: 'none',
    ratio: null,
    detail:
      `${what} on ${storage}; ours = batched (${batchWhat}), single = one memory_usage call = one transaction; ` +
      `median of ${plan.runs} interleaved samples after warm-up [${single.reps} / ${batched.reps} call(s)/sample]. ` +
      `The reference claims ${REFERENCE_CLAIM_OPS_PER_S.toLocaleString('en-US')} ops/s (advertised, not measured here; it has no browser implementation)`,
    storage,
    batched_ops_per_s: sig(rate(batched)),
    single_ops_per_s: sig(rate(single)),
    batch_size: BATCH,
    reference_claim_ops_per_s: REFERENCE_CLAIM_OPS_PER_S,
    reference_claim_note: "the reference's advertised figure, not a measurement; batched ops/s divided by it is batched_vs_reference_claim",
    batched_vs_reference_claim: sig(rate(batched) / REFERENCE_CLAIM_OPS_PER_S),
    single_ms_per_op: sig(1000 / rate(single)),
    ...extra,
  };
}

function check(res: MemoryUsageResult): void {
  if (res.action !== 'retrieve' || !res.found) throw new Error('memory_retrieve_ops: a prefilled key was not found');
}

export async function runStoreSuite(opts: StoreSuiteOptions): Promise<MemoryRow[]> {
  const { db, plan } = opts;
  const wanted = (n: string) => !opts.filter || n.includes(opts.filter);
  const rows: MemoryRow[] = [];
  migrate(db);
  const memory = openMemory(db, { accessFlushMs: ACCESS_FLUSH_MS });
  const mu = memory.memory_usage;
  let next = 0;

  if (wanted('memory_store_ops')) {
    opts.onProgress?.('memory_store_ops: single and batched stores');
    const batch: StoreItem[] = Array.from({ length: BATCH }, () => ({ key: '', value: '' }));
    const large: StoreItem[] = Array.from({ length: LARGE_STORE_BATCH }, () => ({ key: '', value: '' }));
    const modes: Mode[] = [
      { label: 'single', ops: 1, reps: 0, samples: [], run: () => { mu({ action: 'store', namespace: NAMESPACE, key: `s${next}`, value: valueOf(next++) }); } },
      {
        label: 'batched', ops: BATCH, reps: 0, samples: [],
        run: () => {
          for (const it of batch) { it.key = `b${next}`; it.value = valueOf(next++); }
          storeBatch(memory, batch);
        },
      },
      {
        label: 'batched_large', ops: LARGE_STORE_BATCH, reps: 0, samples: [],
        run: () => {
          for (const it of large) { it.key = `l${next}`; it.value = valueOf(next++); }
          storeBatch(memory, large);
        },
      },
    ];
    await measure(modes, plan);
    const stored = Number(db.get<{ n: number }>('SELECT count(*) AS n FROM memory_entries')?.n ?? 0);
    rows.push(row('memory_store_ops', 'store of new keys (insert, ≈ 120-byte JSON values)', `one memory_store_batch call of ${BATCH.toLocaleString('en-US')} entries`, modes, plan, opts.storage, {
      entries_after: stored, pragmas: opts.pragmas,
      batched_large_ops_per_s: sig(rate(modes[2])), batched_large_size: LARGE_STORE_BATCH,
    }));
  }

  if (wanted('memory_retrieve_ops')) {
    opts.onProgress?.(`memory_retrieve_ops: prefilling ${PREFILL.toLocaleString('en-US')} entries`);
    memory.memory_store_batch(Array.from({ length: PREFILL }, (_, i) => ({ namespace: NAMESPACE, key: `r${i}`, value: valueOf(i) })));
    let r = 0;
    // A fixed stride through the prefilled keys: every retrieve hits, in no particular order.
    const key = () => `r${(r = (r + 7919) % PREFILL)}`;
    const modes: Mode[] = [
      { label: 'single', ops: 1, reps: 0, samples: [], run: () => check(mu({ action: 'retrieve', namespace: NAMESPACE, key: key() })) },
      {
        label: 'batched', ops: BATCH, reps: 0, samples: [],
        run: () => db.transaction(() => { for (let i = 0; i < BATCH; i++) check(mu({ action: 'retrieve', namespace: NAMESPACE, key: key() })); }),
      },
    ];
    opts.onProgress?.('memory_retrieve_ops: single and batched retrieves');
    await measure(modes, plan);
    // What the deferred access counts cost when they are written: one transaction for 1 and for BATCH retrieves' bumps.
    const flushMs = (n: number): number => {
      memory.flushPending();
      for (let i = 0; i < n; i++) check(mu({ action: 'retrieve', namespace: NAMESPACE, key: key() }));
      const t0 = now();
      memory.flushPending();
      return now() - t0;
    };
    const flush1 = median(Array.from({ length: plan.runs }, () => flushMs(1)));
    const flushBatch = median(Array.from({ length: plan.runs }, () => flushMs(BATCH)));
    rows.push(row('memory_retrieve_ops', `memory_usage retrieve of existing keys among ${PREFILL.toLocaleString('en-US')}+ entries (a read: its access_count bump is written by the engine's ${ACCESS_FLUSH_MS} ms timer, or the next store/delete/search, together with the others pending; access_flush_ms_* is what that write costs)`, `${BATCH.toLocaleString('en-US')} memory_usage retrieves inside one db.transaction`, modes, plan, opts.storage, {
      prefilled: PREFILL, pragmas: opts.pragmas, access_flush_ms: ACCESS_FLUSH_MS,
      access_flush_ms_1: sig(flush1), [`access_flush_ms_${BATCH}`]: sig(flushBatch),
    }));
  }
  memory.flushPending();
  return rows;
}
