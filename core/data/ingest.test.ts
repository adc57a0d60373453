// The chunk-fed ingestion driver: progress with rows/s, the limits (rows, memory now and projected from the input's size) and cancel between chunks.
import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../format/utf8';
import { formatOf, ingestStream, type IngestProgress } from './ingest';
import { DataLimitError, IngestCancelled } from './limits';

const csv = (n: number) => {
  const lines = ['a,b,label'];
  for (let i = 0; i < n; i++) lines.push(`${i},${(i * 7) % 13},${i % 2}`);
  return utf8Encode(`${lines.join('\n')}\n`);
};

async function* chunks(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

let clock = 0;
const now = () => (clock += 10);

describe('ingestStream', () => {
  it('reports bytes, rows and rows/s, ending with done', async () => {
    const bytes = csv(50_000);
    const seen: IngestProgress[] = [];
    const d = await ingestStream(chunks(bytes, 64 * 1024), 'csv', { totalBytes: bytes.length, now, onProgress: (p) => seen.push(p), progressEveryMs: 0 });
    expect(d.training.rows).toBe(50_000);
    const last = seen[seen.length - 1];
    expect(last).toMatchObject({ done: true, rows: 50_000, bytes: bytes.length, totalBytes: bytes.length });
    expect(last.rowsPerSecond).toBeGreaterThan(0);
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((p, i) => i === 0 || p.bytes >= seen[i - 1].bytes)).toBe(true);
  });

  it('stops at the row limit and at the memory budget, projecting from the input size before reading it all', async () => {
    const bytes = csv(200_000);
    await expect(ingestStream(chunks(bytes, 1 << 16), 'csv', { now, limits: { maxRows: 1000, maxBytes: 1e12 } })).rejects.toThrow('has more than 1,000 rows, the limit');
    let read = 0;
    const counted = async function* () {
      for await (const c of chunks(bytes, 1 << 20)) {
        read += c.length;
        yield c;
      }
    };
    const err = await ingestStream(counted(), 'csv', { now, totalBytes: bytes.length, limits: { maxRows: 1e9, maxBytes: 8 * 1024 * 1024 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataLimitError);
    expect((err as Error).message).toMatch(/^holds about [\d,]+ rows × 3 columns \(\d+ MB at the rate of its first [\d,]+ rows\), which need about \d+ MB in memory, over the budget of 8 MB$/);
    expect(read).toBeLessThan(bytes.length);
  });

  it('stops between chunks when the signal aborts', async () => {
    const signal = { aborted: false };
    let n = 0;
    const src = async function* () {
      for await (const c of chunks(csv(20_000), 4096)) {
        if (++n === 3) signal.aborted = true;
        yield c;
      }
    };
    await expect(ingestStream(src(), 'csv', { now, signal })).rejects.toThrow(IngestCancelled);
    expect(n).toBe(3);
  });

  it('knows the formats by file name', () => {
    expect(['a.CSV', 'b.tsv', 'c.json', 'd.jsonl', 'e.ndjson', 'f.parquet', 'g.txt'].map(formatOf)).toEqual(['csv', 'tsv', 'json', 'jsonl', 'jsonl', 'parquet', null]);
  });
});
