// `safla memory store|retrieve|list|delete|search`: memory_usage on the state folder's database, the same tool and result objects as the app's engine worker.
import type { MemoryEntry, MemoryUsageInput, MemoryUsageResult } from '../core/memory/memory-usage';
import { MEMORY_ACTIONS } from '../core/memory/memory-usage';
import { CliError, type CliIo } from './io';
import type { Flags } from './neural';
import { withState } from './state';

/** The memory_usage request a command line describes; values are checked by memory_usage itself, which names the field. */
export function memoryRequest(action: string, flags: Flags): MemoryUsageInput {
  if (!(MEMORY_ACTIONS as readonly string[]).includes(action)) throw new CliError(`unknown command 'memory ${action}': use one of ${MEMORY_ACTIONS.join(', ')}`, 2);
  const str = (name: string): string | undefined => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  const request: Record<string, unknown> = { action };
  if (str('namespace') !== undefined) request.namespace = str('namespace');
  if (str('key') !== undefined) request.key = str('key');
  // search looks for its text in `value` (memory_usage's field); --query says so more plainly on the command line.
  const value = action === 'search' ? (str('query') ?? str('value')) : str('value');
  if (value !== undefined) request.value = value;
  if (str('ttl') !== undefined) {
    const ttl = str('ttl')!.trim();
    request.ttl = ttl === '' ? Number.NaN : Number(ttl);
  }
  if (str('metadata') !== undefined) {
    try {
      request.metadata = JSON.parse(str('metadata')!);
    } catch (e) {
      throw new CliError(`--metadata is not valid JSON: ${(e as Error).message}`, 2);
    }
  }
  return request as unknown as MemoryUsageInput;
}

/** A time as ISO text; one past what Date can show (a ttl of 1e300 s) as its milliseconds. */
function when(ms: number | null): string {
  if (ms === null) return 'never';
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? `${ms} ms after 1970` : d.toISOString();
}

function entryLine(e: MemoryEntry): string {
  return `${e.namespace}/${e.key} = ${JSON.stringify(e.value)}${e.expires_at === null ? '' : ` (expires ${when(e.expires_at)})`}`;
}

function describe(r: MemoryUsageResult): string[] {
  switch (r.action) {
    case 'store': return [`Stored ${r.namespace}/${r.key} (${r.size} bytes, id ${r.id})${r.expires_at === null ? '' : `, expires ${when(r.expires_at)}`}`];
    case 'retrieve': return r.found && r.entry ? [r.entry.value, `(${r.namespace}/${r.key}: read ${r.entry.access_count} times, updated ${when(r.entry.updated_at)})`] : [`No entry ${r.namespace}/${r.key}`];
    case 'list': return r.count === 0 ? [`No entries in namespace ${r.namespace}`] : r.entries.map(entryLine);
    case 'delete': return [r.deleted ? `Deleted ${r.namespace}/${r.key}` : `No entry ${r.namespace}/${r.key}`];
    case 'search': return r.count === 0 ? [`Nothing matches ${JSON.stringify(r.query)}${r.namespace === null ? '' : ` in ${r.namespace}`}`] : r.results.map(entryLine);
  }
}

export async function memoryCommand(io: CliIo, action: string, flags: Flags): Promise<void> {
  const request = memoryRequest(action, flags);
  const result = await withState(io, flags.state, (state) => state.memory.memory_usage(request));
  if (flags.json === true) io.out(JSON.stringify(result, null, 2));
  else for (const line of describe(result)) io.out(line);
}
