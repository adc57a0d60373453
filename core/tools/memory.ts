// memory_usage, memory_search and memory_stats: the reference's key-value memory with TTL and namespaces, search by meaning (word vectors), spelling (hashing) or keyword, and the tiers' figures.
import { MEMORY_ACTIONS } from '../memory/memory-usage';
import { rehome } from './errors';
import { defineTool } from './tool';

const NAMESPACE = { type: 'string', minLength: 1, maxLength: 256, description: 'The namespace (default "default").' } as const;

export const memoryUsage = defineTool<{ action: (typeof MEMORY_ACTIONS)[number]; key?: string; value?: string; namespace?: string; ttl?: number; metadata?: Record<string, unknown> }>({
  name: 'memory_usage',
  title: 'Store and read memory',
  description:
    'The persistent key-value memory (SQLite, shared with the app and the CLI): store (upsert key=value in a namespace, optional ttl in seconds and metadata), retrieve (counts the access), ' +
    'list (the namespace\'s live entries, newest first, up to 100), delete (where the host can, the user is asked first), search (value holds text looked for in keys and values). Expired entries are never returned.',
  inputSchema: {
    type: 'object',
    properties: {
      action: { type: 'string', enum: MEMORY_ACTIONS, description: 'store, retrieve, list, delete or search.' },
      key: { type: 'string', minLength: 1, description: 'The entry\'s key (store, retrieve, delete).' },
      value: { type: 'string', description: 'store: the value (text; JSON text for structured values). search: the text to look for.' },
      namespace: NAMESPACE,
      ttl: { type: 'number', minimum: 0, description: 'store: seconds until the entry expires; none when left out.' },
      metadata: { type: 'object', description: 'store: JSON metadata kept beside the value.' },
    },
    required: ['action'],
    additionalProperties: false,
  },
  destructive: true,
  deletes: (input) => input.action === 'delete',
  async run(input, ctx) {
    const result = await rehome((f) => f ?? 'action', () => ctx.engine.call('memory_usage', input));
    return { success: true, ...result };
  },
});

export const memorySearch = defineTool<{ pattern: string; namespace?: string; limit?: number; mode?: 'meaning' | 'spelling' | 'keyword' }>({
  name: 'memory_search',
  title: 'Search memory',
  description:
    'Searches the stored entries for pattern. mode "meaning" (default) ranks by similarity of meaning with offline word vectors, so "pet doctor visit" finds a note about a vet; ' +
    '"spelling" by hashed words and character n-grams (identifiers, names, typos); "keyword" finds entries whose key or value contains the text. Each result has its score and the embedder that produced it.',
  inputSchema: {
    type: 'object',
    properties: {
      pattern: { type: 'string', minLength: 1, maxLength: 10_000, description: 'What to look for: words, a sentence, or an identifier.' },
      namespace: { ...NAMESPACE, description: 'Search only this namespace (every namespace when left out).' },
      limit: { type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'Results at most (default 10).' },
      mode: { type: 'string', enum: ['meaning', 'spelling', 'keyword'], default: 'meaning', description: 'meaning (word vectors), spelling (hashing) or keyword (text contained).' },
    },
    required: ['pattern'],
    additionalProperties: false,
  },
  readOnly: true,
  async run(input, ctx) {
    const limit = input.limit ?? 10;
    const mode = input.mode ?? 'meaning';
    if (mode === 'keyword') {
      const r = await rehome((f) => (f === 'value' ? 'pattern' : (f ?? 'pattern')), () => ctx.engine.call('memory_usage', { action: 'search', value: input.pattern, ...(input.namespace ? { namespace: input.namespace } : {}) }));
      if (r.action !== 'search') throw new Error('memory_usage answered a search with another action');
      const results = r.results.slice(0, limit).map((e) => ({ namespace: e.namespace, key: e.key, value: e.value, score: null, access_count: e.access_count, updated_at: e.updated_at }));
      return { success: true, pattern: input.pattern, namespace: input.namespace ?? null, mode, results, count: results.length, ranked_by: 'access count, then last update (keyword matches have no score)' };
    }
    const r = await rehome((f) => (f === 'query' ? 'pattern' : f === 'k' ? 'limit' : (f ?? 'pattern')), () => ctx.engine.call('memory_semantic_search', {
      query: input.pattern, k: limit, ...(input.namespace ? { namespace: input.namespace } : {}), ...(mode === 'spelling' ? { embedder: 'hashing' } : {}),
    }));
    return {
      success: true, pattern: input.pattern, namespace: r.namespace, mode, results: r.results, count: r.count,
      embedder: r.embedder, embedder_kind: r.embedder_kind, embedder_label: r.embedder_label, indexed: r.indexed,
      ranked_by: 'cosine similarity of the embeddings (1 = same direction)',
    };
  },
});

export const memoryStats = defineTool<Record<string, never>>({
  name: 'memory_stats',
  title: 'Memory figures',
  description:
    'Rows and bytes of each memory tier (key-value entries, vector, episodic, semantic) with how much smaller the compressed vectors are than float32, the database size, ' +
    'the episodic tier\'s capacity and TTL, and the host\'s storage and process memory figures.',
  inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  readOnly: true,
  async run(_input, ctx) {
    const [stats, figures] = await Promise.all([ctx.engine.call('memory_stats'), ctx.system.figures()]);
    return { success: true, ...stats, storage: figures.storage, process: figures.process, state: ctx.host.state, timestamp: new Date(ctx.wallClock()).toISOString() };
  },
});
